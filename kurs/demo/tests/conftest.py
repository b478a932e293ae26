"""Test-only speed-up: the demo creates sixteen people with passwords, and the
production hasher (PBKDF2, deliberately slow) would dominate the run time."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
