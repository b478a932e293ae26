"""Fixtures for the strategy tests.

The browser fixtures (a session-wide Chromium, a context and a page per test) come from
kurs.testing.browser and share their Chromium with the goals app's browser tests.
"""

import contextlib

import pytest

# Without Playwright that module skips itself on import; the browser tests then skip too.
with contextlib.suppress(pytest.skip.Exception):
    from kurs.testing.browser import browser, context, page  # noqa: F401
