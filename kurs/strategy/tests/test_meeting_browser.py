"""Meeting mode in a real browser: step through the slides by keyboard, record the outcome.

Uses the Chromium/Playwright fixtures of kurs.testing.browser, shared with the goals
app's browser tests (run with `make test-browser` or `pytest -m browser`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole
from kurs.strategy import actions
from kurs.strategy.models import Meeting, StrategyDocument

# The browser, context and page fixtures come in through kurs/strategy/tests/conftest.py.
from kurs.testing.browser import expect, sign_in_session, url

pytestmark = pytest.mark.browser


@pytest.fixture
def document(owner, teammate, company) -> StrategyDocument:
    org_actions.do_set_membership(None, unit=company, person=teammate, role=MembershipRole.MEMBER)
    today = timezone.localdate()
    period = actions.do_create_period(
        owner,
        name="This year",
        start=today - dt.timedelta(days=100),
        end=today + dt.timedelta(days=265),
    )
    return actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=company,
        statement="Every buyer in the region knows us",
        items=[
            {"section": "values", "title": "Trust"},
            {"section": "methods", "title": "Win the Mittelstand", "status_override": "on_track"},
            {"section": "methods", "title": "Service first", "status_override": "off_track"},
            {"section": "measures", "title": "Revenue", "start": 10, "target": 20},
        ],
    )


def _current(page: Any) -> Any:
    return page.locator(".slide.is-current")


def test_step_through_meeting_mode_and_record_the_outcome(
    page, context, live_server, owner, teammate, document
):
    # given
    sign_in_session(context, live_server, owner)
    page.goto(url(live_server, f"/strategy/{document.pk}/meeting/"))
    indicator = page.locator("[data-indicator]")
    expect(indicator).to_have_text("1 / 6")
    expect(_current(page).get_by_role("heading", level=2)).to_have_text("Vision")
    expect(page.get_by_text("Every buyer in the region knows us")).to_be_visible()
    expect(page.get_by_role("heading", name="Methods")).to_be_hidden()

    # when: stepping on with the arrow key
    page.keyboard.press("ArrowRight")
    # then
    expect(indicator).to_have_text("2 / 6")
    expect(_current(page).get_by_role("heading", level=2)).to_have_text("Values")
    expect(page.get_by_role("heading", name="Vision")).to_be_hidden()

    # and the methods show their colours, each with words
    page.keyboard.press("ArrowRight")
    expect(indicator).to_have_text("3 / 6")
    methods = _current(page)
    expect(methods.get_by_role("heading", level=2)).to_have_text("Methods")
    green = methods.locator(".mt-item", has_text="Win the Mittelstand").locator(".badge")
    expect(green).to_have_text("On track")
    expect(green).to_have_class(re.compile(r"\bbadge-green\b"))
    red = methods.locator(".mt-item", has_text="Service first").locator(".badge")
    expect(red).to_have_text("Off track")
    expect(red).to_have_class(re.compile(r"\bbadge-red\b"))

    # Left goes back, the visible buttons work too, End and Home jump
    page.keyboard.press("ArrowLeft")
    expect(indicator).to_have_text("2 / 6")
    page.get_by_role("button", name="Next").click()
    expect(indicator).to_have_text("3 / 6")
    page.keyboard.press("Home")
    expect(indicator).to_have_text("1 / 6")
    expect(page.get_by_role("button", name="Previous")).to_be_disabled()
    page.keyboard.press("End")
    expect(indicator).to_have_text("6 / 6")
    expect(_current(page).get_by_role("heading", level=2)).to_have_text("Record the outcome")

    # when: the outcome is recorded
    form = _current(page)
    expect(form.get_by_label("Date")).to_have_value(timezone.localdate().isoformat())
    form.get_by_label("Bob Member").check()
    form.get_by_label("Other attendees").fill("Dr. Berater")
    form.get_by_label("Notes and decisions").fill("Service first needs two more people.")
    form.get_by_role("group", name="Items changed in the meeting").get_by_label(
        "Service first"
    ).check()
    form.get_by_role("button", name="Record the meeting").click()

    # then: the history shows the meeting in place
    expect(page).to_have_url(re.compile(rf"/strategy/{document.pk}/history/$"))
    expect(page.locator(".msg-success")).to_contain_text("Meeting recorded")
    meeting_entry = page.locator(".ov-meeting").first
    expect(meeting_entry).to_contain_text("Bob Member, Dr. Berater")
    expect(meeting_entry).to_contain_text("Service first needs two more people.")
    expect(meeting_entry).to_contain_text("Service first")
    meeting = Meeting.objects.get(document=document)
    assert [p.name for p in meeting.attendees.all()] == ["Bob Member"]


def test_meeting_mode_without_javascript_shows_every_slide(browser, live_server, owner, document):
    no_script = browser.new_context(java_script_enabled=False, locale="en-US")
    try:
        sign_in_session(no_script, live_server, owner)
        page = no_script.new_page()
        page.goto(url(live_server, f"/strategy/{document.pk}/meeting/"))
        for heading in ("Vision", "Values", "Methods", "Obstacles", "Measures"):
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Record the meeting")).to_be_visible()
        expect(page.locator("[data-controls]")).to_be_hidden()
    finally:
        no_script.close()
