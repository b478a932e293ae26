"""The coach in a real browser: remarks appear while typing, and never stop a save."""

from __future__ import annotations

import re

import pytest

from kurs.goals.models import Objective
from kurs.testing.browser import expect, sign_in_session, url

pytestmark = pytest.mark.browser


def test_remarks_follow_the_title_as_it_is_typed_and_the_objective_still_saves(
    page, context, live_server, owner, marketing, cycle
):
    # given
    sign_in_session(context, live_server, owner)
    page.goto(url(live_server, f"/objectives/new/?unit={marketing.pk}&cycle={cycle.pk}"))
    hints = page.locator("#coach-hints")
    title = page.get_by_label("Title")

    # when: a number as the objective
    title.press_sequentially("Generate 53 MQLs", delay=20)

    # then
    expect(hints).to_contain_text("Not an OKR")
    expect(hints).to_contain_text("53 MQLs")

    # when: a qualitative objective instead
    title.fill("")
    title.press_sequentially("Make our leads noticeably better", delay=10)

    # then
    expect(hints).not_to_contain_text("Not an OKR")
    expect(hints).to_contain_text("no remarks")

    # when: saved with a remark showing
    title.fill("Generate 53 MQLs")
    expect(hints).to_contain_text("Not an OKR")
    page.locator("main button[type=submit]").click()

    # then: saved all the same (Kurs goes on to the objective's first key result)
    expect(page).to_have_url(re.compile(r"/objectives/\d+/"))
    assert Objective.objects.filter(title="Generate 53 MQLs", unit=marketing).exists()


def test_health_page_is_reached_from_the_unit_page_by_keyboard(
    page, context, live_server, owner, marketing, cycle, objective
):
    # given
    sign_in_session(context, live_server, owner)
    page.goto(url(live_server, f"/units/{marketing.pk}/?cycle={cycle.pk}"))

    # when
    link = page.get_by_role("link", name="OKR health")
    link.focus()
    page.keyboard.press("Enter")

    # then
    expect(page).to_have_url(re.compile(rf"/units/{marketing.pk}/health/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("OKR health")
    expect(page.locator("main")).to_contain_text(f"Marketing · {cycle.name}")
    expect(page.get_by_text(objective.title).first).to_be_visible()
