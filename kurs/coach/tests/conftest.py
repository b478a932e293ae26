"""Fixtures for the coach tests: the browser fixtures of kurs.testing.browser."""

import contextlib

import pytest

# Without Playwright that module skips itself on import; the browser tests then skip too.
with contextlib.suppress(pytest.skip.Exception):
    from kurs.testing.browser import browser, context, page  # noqa: F401
