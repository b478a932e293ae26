"""Chromium driven by Playwright, for the browser tests of every app.

No browser is downloaded: the tests launch the Chromium at $KURS_CHROMIUM (default
/usr/bin/chromium). Test modules (or a conftest) import the fixtures `browser`,
`context` and `page` from here.

Playwright's sync API allows one running instance per thread, while pytest makes one
session fixture per module or conftest that defines or imports it; so every `browser`
fixture yields from `shared_browser()`: one Chromium, started by the first fixture and
closed after the last.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

# The live server must listen on 127.0.0.1 (not "localhost", which may resolve to ::1).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")
# Playwright's sync API runs an asyncio event loop in this thread; Django then refuses
# database access from it (fixtures, teardown flush) unless told that this is fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 10_000

# The one Playwright and Chromium of this test run, and how many fixtures hold them.
_shared: dict[str, Any] = {}
_holders = 0


def _acquire() -> Any:
    global _holders
    if not _shared:
        executable = os.environ.get("KURS_CHROMIUM", "/usr/bin/chromium")
        if not os.access(executable, os.X_OK):
            pytest.skip(f"no Chromium at {executable} (set KURS_CHROMIUM)")
        playwright = sync_api.sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    _holders += 1
    return _shared["browser"]


def _release() -> None:
    global _holders
    _holders -= 1
    if _holders == 0 and _shared:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()


def shared_browser() -> Iterator[Any]:
    """The body of every session-wide `browser` fixture: the one shared Chromium."""
    shared = _acquire()
    try:
        yield shared
    finally:
        _release()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    yield from shared_browser()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: Any, live_server: Any) -> Any:
    assert live_server.url.startswith("http://127.0.0.1:")
    return context.new_page()


def url(live_server: Any, path: str) -> str:
    return f"{live_server.url}{path}"


def sign_in_session(context: Any, live_server: Any, user: Any) -> None:
    """Log in without the form (the form itself is covered by the goals tests)."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
