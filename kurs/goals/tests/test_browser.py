"""Kurs in a real browser: Debian's Chromium driven by Playwright against a live server.

Run with `make test-browser` (or `pytest -m browser`). No browser is downloaded: the
tests launch the Chromium at $KURS_CHROMIUM (default /usr/bin/chromium).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from kurs.conftest import PASSWORD
from kurs.goals import actions as goal_actions
from kurs.goals.scoring import Status
from kurs.goals.templatetags.kurs import STATUS_LABELS
from kurs.testing.browser import shared_browser

# The live server must listen on 127.0.0.1 (not "localhost", which may resolve to ::1).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")
# Playwright's sync API runs an asyncio event loop in this thread; Django then refuses
# database access from it (fixtures, teardown flush) unless told that this is fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = pytest.mark.browser

TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    # One Chromium for every app's browser tests (see kurs.testing.browser).
    yield from shared_browser()


@pytest.fixture
def context(browser) -> Iterator[Any]:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context, live_server) -> Any:
    assert live_server.url.startswith("http://127.0.0.1:")
    return context.new_page()


def url(live_server: Any, path: str) -> str:
    return f"{live_server.url}{path}"


def german(text: object) -> str:
    with translation.override("de"):
        return str(text)


def sign_in_session(context, live_server, user) -> None:
    """Log in without the form (the form itself is covered by the other tests)."""
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


def status_badge(scope) -> Any:
    return scope.locator(".score .badge").first


def test_static_assets_are_served(page, live_server):
    # when
    responses: dict[str, int] = {}
    page.on("response", lambda r: responses.__setitem__(r.url.rsplit("/", 1)[-1], r.status))
    page.goto(url(live_server, "/login/"))
    page.wait_for_load_state("load")
    # then: the stylesheet applied and htmx loaded
    assert responses.get("kurs.css") == 200
    assert responses.get("htmx.min.js") == 200
    assert page.evaluate("typeof window.htmx") == "object"
    header_bg = page.locator("header.top").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header_bg == "rgb(31, 78, 140)"


def test_member_creates_objective_checks_in_and_switches_to_german(
    page, context, live_server, teammate, cycle, marketing
):
    # given: Bob logs in through the form
    page.goto(url(live_server, "/"))
    expect(page).to_have_url(re.compile(r"/login/"))
    page.locator("input[name=username]").fill(teammate.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My OKRs", level=1)).to_be_visible()

    # when: he goes to his unit and creates an objective
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Units").click()
    page.get_by_role("link", name="Marketing").click()
    expect(page.get_by_role("heading", name="Marketing", level=1)).to_be_visible()
    page.get_by_role("link", name="New objective").click()
    page.get_by_label("Title").fill("Become the first choice for regional buyers")
    page.get_by_label("Description").fill("Buyers in the region think of us first.")
    page.get_by_role("button", name="Create objective").click()

    # and adds three key results, the first two with "Add and create another"
    expect(page.get_by_role("heading", name="New key result")).to_be_visible()
    key_results = [
        ("Raise qualified leads from 0 to 100 per month", "0", "100", "leads"),
        ("Win 10 new regional customers", "0", "10", "customers"),
        ("Publish 8 customer case studies", "0", "8", "case studies"),
    ]
    for index, (title, start, target, unit_label) in enumerate(key_results):
        expect(page.locator("main")).to_contain_text(f"This objective has {index} key result")
        page.get_by_label("Title").fill(title)
        page.get_by_label("Start").fill(start)
        page.get_by_label("Target").fill(target)
        page.get_by_label("Unit", exact=True).fill(unit_label)
        last = index == len(key_results) - 1
        button = "Add key result" if last else "Add and create another"
        page.get_by_role("button", name=button, exact=True).click()
        expect(page.locator(".msg-success")).to_contain_text("Key result added")

    # then: the objective page lists them; nothing checked in yet -> grey "Not started"
    card = page.locator("article.objective")
    expect(page.get_by_role("heading", name="Become the first choice", level=1)).to_be_visible()
    expect(card.locator("ul.krs > li")).to_have_count(3)
    head_badge = status_badge(card.locator(".obj-head"))
    expect(head_badge).to_have_text("Not started")
    expect(head_badge).to_have_class(re.compile(r"\bbadge-grey\b"))
    objective_url = page.url

    # when: the weekly check-in, with leads on pace and the rest far behind
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check-in").click()
    expect(page.get_by_role("heading", name="Weekly check-in")).to_be_visible()
    values = {key_results[0][0]: "60", key_results[1][0]: "1", key_results[2][0]: "0"}
    for title, value in values.items():
        row = page.locator("section.card", has=page.get_by_role("heading", name=title))
        row.get_by_label("New value").fill(value)
        row.get_by_label("Confidence (0–10)").fill("4")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.locator(".msg-success")).to_contain_text("Checked in 3 key results")

    # then: (60% + 10% + 0%) / 3 = 23% at half time is far behind pace -> red
    page.goto(objective_url)
    expect(head_badge).to_have_text("Off track")
    expect(head_badge).to_have_class(re.compile(r"\bbadge-red\b"))
    expect(card.locator(".obj-head .pct")).to_have_text("23%")
    leads = card.locator("ul.krs > li", has_text=key_results[0][0])
    expect(status_badge(leads)).to_have_text("On track")
    expect(status_badge(leads)).to_have_class(re.compile(r"\bbadge-green\b"))
    customers = card.locator("ul.krs > li", has_text=key_results[1][0])
    expect(status_badge(customers)).to_have_class(re.compile(r"\bbadge-red\b"))

    # when: Bob switches to German
    off_track_de = german(STATUS_LABELS[Status.OFF_TRACK])
    on_track_de = german(STATUS_LABELS[Status.ON_TRACK])
    assert off_track_de != "Off track", "German translations missing (kurs/locale/de)"
    page.get_by_role("button", name="Deutsch").click()

    # then: the same page, in German, with the status label translated
    nav = page.get_by_role("navigation").first
    expect(nav.get_by_role("link", name="Meine OKRs")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert page.url == objective_url
    expect(head_badge).to_have_text(off_track_de)
    expect(head_badge).to_have_class(re.compile(r"\bbadge-red\b"))
    expect(status_badge(leads)).to_have_text(on_track_de)
    expect(card.locator(".obj-head .pct")).to_have_text("23\u202f%")
    expect(page.get_by_role("button", name="English")).to_be_visible()

    # and: a reload keeps German, even without the language cookie (saved on the account)
    page.reload()
    expect(nav.get_by_role("link", name="Meine OKRs")).to_be_visible()
    context.clear_cookies(name=settings.LANGUAGE_COOKIE_NAME)
    page.reload()
    expect(nav.get_by_role("link", name="Meine OKRs")).to_be_visible()
    expect(head_badge).to_have_text(off_track_de)
    teammate.refresh_from_db()
    assert teammate.language == "de"


def test_alignment_tree_node_opens_by_keyboard_and_loads_children(
    page, context, live_server, owner, teammate, cycle, company, marketing
):
    # given: a company objective supported by a marketing objective
    parent = goal_actions.do_create_objective(
        owner, cycle=cycle, unit=company, owner=owner, title="Grow in our home region"
    )
    goal_actions.do_create_objective(
        owner,
        cycle=cycle,
        unit=marketing,
        owner=teammate,
        title="Be known by every buyer in the region",
        parents=[("objective", parent.pk)],
    )
    sign_in_session(context, live_server, teammate)
    page.goto(url(live_server, "/tree/"))
    details = page.locator("#tree-root > li > details")
    expect(details).to_have_count(1)
    expect(details).to_contain_text("1 supporting objective")
    expect(details).not_to_have_attribute("open", "")

    # when: the node is opened with the keyboard
    summary = details.locator(":scope > summary")
    summary.focus()
    expect(summary).to_be_focused()
    with page.expect_response(re.compile(rf"/tree/{parent.pk}/children/")) as response:
        page.keyboard.press("Enter")
    assert response.value.status == 200

    # then: the children arrive through htmx
    expect(details).to_have_attribute("open", "")
    child = details.locator(":scope > ul > li")
    expect(child).to_have_count(1)
    expect(child).to_contain_text("Be known by every buyer in the region")
    expect(child).to_contain_text("Marketing")
    expect(details).not_to_contain_text("Loading")


def test_keyboard_only_login_with_skip_link(page, live_server, teammate, cycle):
    # given: the login page puts the cursor into the email field
    page.goto(url(live_server, "/login/"))
    username = page.locator("input[name=username]")
    expect(username).to_be_focused()

    # when: typing, Tab to the password, Enter submits
    page.keyboard.type(teammate.email)
    page.keyboard.press("Tab")
    expect(page.locator("input[name=password]")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # then
    expect(page.get_by_role("heading", name="My OKRs", level=1)).to_be_visible()
    expect(page.locator("header .who")).to_have_text("Bob Member")

    # and: the first Tab on a page reaches the skip link, which shows itself on focus
    skip = page.get_by_role("link", name="Skip to content")
    box = skip.bounding_box()
    assert box is not None and box["x"] < 0  # hidden until focused
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    # Enter jumps over the header into the main content
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    in_main = page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert in_main


def test_key_result_form_shows_the_fields_of_the_chosen_metric(
    page, context, live_server, teammate, objective
):
    # given
    sign_in_session(context, live_server, teammate)
    page.goto(url(live_server, f"/objectives/{objective.pk}/key-results/new/"))
    start, range_min = page.locator("#id_start"), page.locator("#id_range_min")
    expect(start).to_be_visible()
    expect(range_min).to_be_hidden()
    # when
    page.select_option("#id_metric", "range")
    # then
    expect(start).to_be_hidden()
    expect(range_min).to_be_visible()
    expect(page.locator("#id_range_max")).to_be_visible()
    # and a milestone needs none of them
    page.select_option("#id_metric", "milestone")
    expect(range_min).to_be_hidden()
    expect(page.locator("#id_target")).to_be_hidden()


def test_german_user_types_a_decimal_comma(page, context, live_server, teammate, objective):
    # given
    teammate.language = "de"
    teammate.save(update_fields=["language"])
    key_result = objective.key_results.get()
    sign_in_session(context, live_server, teammate)
    page.goto(url(live_server, "/check-in/"))
    # when
    page.fill(f"#id_kr{key_result.pk}-value", "12,5")
    page.get_by_role("button", name="Check-in speichern").click()
    # then: 12,5 arrived as 12.5 (a number input once made it 125)
    expect(page.locator(".msg-success")).to_be_visible()
    key_result.refresh_from_db()
    assert key_result.current == 12.5
    expect(page.locator(f"#kr-{key_result.pk}")).to_contain_text("12,5")
