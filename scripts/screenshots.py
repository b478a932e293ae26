"""Screenshots of a running Kurs for the README, in English and German.

Start a demo first, then point this script at it:

    .venv/bin/kurs demo --addr 127.0.0.1:8123 --db /tmp/kurs-demo.sqlite3 &
    .venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8123

It signs in as a demo person through the login form and saves PNGs of My OKRs, a unit
page, the alignment tree (first levels opened) and the weekly check-in, at desktop
width (1280 px) in both languages, plus My OKRs at phone width (390 px), into
docs/screenshots/. Only Debian's Chromium is needed (no browser download); the
person's language is reset to the browser default at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "http://127.0.0.1:8123"
DEFAULT_EMAIL = "michael.schulz@muster-maschinenbau.de"
DEFAULT_PASSWORD = "kurs-demo"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# Long pages are cut off here: a README image needs the top of the page, not all of it.
MAX_HEIGHT = {"desktop": 1400, "phone": 1300}
TREE_NODES_TO_OPEN = 3


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL, help=f"Kurs base URL ({DEFAULT_URL})")
    parser.add_argument("--email", default=DEFAULT_EMAIL, help="demo login")
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default=os.environ.get("KURS_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument(
        "--languages", default="en,de", help="comma-separated language codes (en,de)"
    )
    parser.add_argument(
        "--phone-all",
        action="store_true",
        help="take every page at phone width too (for reviewing the layout)",
    )
    return parser.parse_args(argv)


class Shooter:
    def __init__(self, base_url: str, out: Path) -> None:
        self.base_url = base_url.rstrip("/")
        self.out = out
        self.saved: list[Path] = []

    def url(self, path: str) -> str:
        return self.base_url + path

    def shot(self, page: Page, name: str, form: str) -> None:
        settle(page)
        height = page.evaluate("document.documentElement.scrollHeight")
        width = page.viewport_size["width"] if page.viewport_size else 1280
        path = self.out / f"{name}.png"
        page.screenshot(
            path=str(path),
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT[form])},
            animations="disabled",
            caret="hide",
        )
        self.saved.append(path)
        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def settle(page: Page) -> None:
    """Wait until the network is quiet and htmx has swapped in what it fetched."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        """() => !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")
            && !document.querySelector("details[open] > ul > li.muted")"""
    )


def log_in(page: Page, shooter: Shooter, email: str, password: str) -> None:
    page.goto(shooter.url("/login/"))
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    if "/login/" in page.url:
        raise SystemExit(f"Login as {email} failed: wrong email or password?")


def set_language(page: Page, language: str) -> None:
    """Submit the header's language form (an empty code means: follow the browser)."""
    if language and page.locator("html").get_attribute("lang") == language:
        return
    with page.expect_navigation():
        page.evaluate(
            """(language) => {
                const form = document.querySelector("form.lang");
                const button = form.querySelector("button[name=language]");
                button.value = language;
                form.requestSubmit(button);
            }""",
            language,
        )
    page.wait_for_load_state("networkidle")


def unit_path(page: Page, shooter: Shooter) -> str:
    """The unit of an objective the person owns (else of any objective on My OKRs),
    else the first unit below the top."""
    page.goto(shooter.url("/"))
    name = page.locator("header .who").inner_text().strip()
    cards = page.locator("article.objective")
    own = cards.filter(has=page.locator(".obj-head .meta", has_text=name))
    for candidates in (own, cards):
        link = candidates.locator(".obj-head .meta a[href*='/units/']").first
        if link.count():
            return str(link.get_attribute("href"))
    page.goto(shooter.url("/units/"))
    links = page.locator("main .unit-tree a")
    return str(links.nth(1 if links.count() > 1 else 0).get_attribute("href"))


def open_tree(page: Page, shooter: Shooter) -> None:
    """Open the first top-level nodes and, inside each, the first node that has children."""
    page.goto(shooter.url("/tree/"))
    top = page.locator("#tree-root > li > details")
    for index in range(min(top.count(), TREE_NODES_TO_OPEN)):
        details = top.nth(index)
        details.locator(":scope > summary").click()
        settle(page)
        inner = details.locator(":scope > ul > li > details")
        if index == 0 and inner.count():
            inner.first.locator(":scope > summary").click()
            settle(page)
    page.evaluate("window.scrollTo(0, 0)")


def take_pages(page: Page, shooter: Shooter, language: str, unit: str, form: str) -> None:
    suffix = "" if form == "desktop" else "-phone"
    page.goto(shooter.url("/"))
    shooter.shot(page, f"{language}-my-okrs{suffix}", form)
    page.goto(shooter.url(unit))
    shooter.shot(page, f"{language}-unit{suffix}", form)
    open_tree(page, shooter)
    shooter.shot(page, f"{language}-alignment{suffix}", form)
    page.goto(shooter.url("/check-in/"))
    shooter.shot(page, f"{language}-check-in{suffix}", form)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not os.access(args.chromium, os.X_OK):
        print(f"No Chromium at {args.chromium} (apt-get install chromium)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    shooter = Shooter(args.url, args.out)
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
        )
        common: dict[str, Any] = {"locale": "en-US", "color_scheme": "light"}
        desktop = browser.new_context(**common, **DESKTOP)
        page = desktop.new_page()
        log_in(page, shooter, args.email, args.password)
        unit = unit_path(page, shooter)
        phone = browser.new_context(**common, **PHONE, storage_state=desktop.storage_state())
        phone_page = phone.new_page()
        try:
            for language in languages:
                print(f"{language}:")
                set_language(page, language)
                take_pages(page, shooter, language, unit, "desktop")
                if args.phone_all:
                    take_pages(phone_page, shooter, language, unit, "phone")
                else:
                    phone_page.goto(shooter.url("/"))
                    shooter.shot(phone_page, f"{language}-my-okrs-phone", "phone")
        finally:
            set_language(page, "")
            browser.close()
    print(f"{len(shooter.saved)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
