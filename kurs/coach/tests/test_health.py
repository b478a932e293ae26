"""The OKR health page of a unit and cycle, as people use it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurs.coach import selectors
from kurs.coach.findings import CODES
from kurs.coach.tests.test_selectors import make_cycle, make_key_result, make_objective
from kurs.conftest import login
from kurs.goals import actions as goal_actions
from kurs.goals.models import Alignment, Cycle, CycleState, Objective
from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole, Unit

pytestmark = pytest.mark.django_db


def _url(unit: Unit, cycle: Cycle | None = None) -> str:
    url = reverse("coach_health", args=[unit.pk])
    return f"{url}?cycle={cycle.pk}" if cycle else url


def _page(client: Client, unit: Unit, cycle: Cycle | None = None) -> str:
    response = client.get(_url(unit, cycle))
    assert response.status_code == 200
    return response.content.decode()


def _full_key_results(objective: Objective) -> None:
    """Three measurable, fresh key results: nothing for the structure checks to say."""
    for i, (start, target) in enumerate([(12, 20), (3, 6), (40, 25)]):
        make_key_result(
            objective,
            f"Raise qualified leads per week from {start} to {target} (#{i})",
            start=start,
            target=target,
            current=start + 1,
            checked_in_days_ago=2,
        )


# Findings ----------------------------------------------------------------------------------


def test_page_shows_the_findings_per_objective_with_links_and_the_why(
    client, owner, teammate, cycle, marketing
):
    # given: an objective without key results, and a key result without a start value
    bare = make_objective(cycle, marketing, teammate, "Make our leads noticeably better")
    other = make_objective(cycle, marketing, teammate, "Be the brand people ask for")
    kr = make_key_result(
        other, "Raise newsletter sign-ups to 500", start=None, target=500, checked_in_days_ago=2
    )
    # when
    html = _page(login(client, owner), marketing, cycle)
    # then: each finding with its severity in words, message, suggestion and why
    assert "OKR health" in html
    assert str(CODES["OBJ_NO_KEY_RESULTS"].title) in html
    assert "The objective has no key results." in html
    assert "Add three to five key results" in html
    assert str(CODES["OBJ_NO_KEY_RESULTS"].why) in html
    assert "Why does this matter?" in html
    assert str(CODES["KR_NO_BASELINE"].title) in html
    assert re.search(r"\d+ warnings?", html)
    # links to the objects, and to their edit pages for someone who may edit them
    assert reverse("objective_detail", args=[bare.pk]) in html
    assert reverse("key_result_detail", args=[kr.pk]) in html
    assert reverse("objective_edit", args=[bare.pk]) in html
    assert reverse("key_result_edit", args=[kr.pk]) in html
    # the key result's finding sits in its objective's section
    section = html[html.index(f'id="hobj-{other.pk}"') :]
    assert section.index(str(CODES["KR_NO_BASELINE"].title)) < section.index("Patterns over time")


def test_an_objective_that_is_a_number_is_not_an_okr(client, owner, teammate, cycle, marketing):
    objective = make_objective(cycle, marketing, teammate, "Generate 53 MQLs")
    _full_key_results(objective)

    html = _page(login(client, owner), marketing, cycle)

    assert str(CODES["OBJ_NOT_QUALITATIVE"].title) in html
    assert "Not an OKR" in html
    assert re.search(r"[1-9]\d* errors?", html)


def test_viewer_reads_the_page_without_edit_links(client, viewer, teammate, cycle, marketing):
    objective = make_objective(cycle, marketing, teammate, "Make our leads noticeably better")

    html = _page(login(client, viewer), marketing, cycle)

    assert reverse("objective_detail", args=[objective.pk]) in html
    assert reverse("objective_edit", args=[objective.pk]) not in html


def test_no_findings_shows_the_empty_state(client, owner, teammate, cycle, marketing, monkeypatch):
    # The checks' wording is tested elsewhere; here only what the page does with none.
    monkeypatch.setattr(selectors, "check_set", lambda okrs, today=None: [])
    make_objective(cycle, marketing, teammate, "Make our leads noticeably better")

    html = _page(login(client, owner), marketing, cycle)

    assert "No findings – these OKRs read well." in html
    assert "No findings." in html


def test_unit_wide_findings_have_their_own_section(client, owner, teammate, cycle, marketing):
    # given: three bottom-up objectives (no top-down one) is far from the 40/60 mix
    for title in ("Make our leads better", "Be the brand people ask for", "Win the mid-market"):
        make_objective(cycle, marketing, teammate, title)

    html = _page(login(client, owner), marketing, cycle)

    section = html[html.index("About the unit and cycle") :]
    assert str(CODES["ORIGIN_MIX"].title) in section


# Access ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, marketing):
    response = client.get(_url(marketing))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_another_organizations_unit_or_cycle_is_not_found(
    client, owner, outsider, cycle, marketing
):
    assert login(client, outsider).get(_url(marketing)).status_code == 404
    client.force_login(owner)
    other_cycle = goal_actions.do_create_cycle(
        outsider,
        name="Theirs",
        start=cycle.start,
        end=cycle.end,
        kind="quarter",
        state=CycleState.ACTIVE,
    )
    assert client.get(_url(marketing, other_cycle)).status_code == 404
    assert client.get(_url(marketing) + "?cycle=abc").status_code == 404
    assert client.get(reverse("coach_health", args=[999999])).status_code == 404


def test_cycle_picker_chooses_the_cycle(client, org, owner, teammate, cycle, marketing):
    # given
    past = make_cycle(org, "Last quarter", quarters_ago=1)
    make_objective(past, marketing, teammate, "Last quarter’s objective")
    make_objective(cycle, marketing, teammate, "This quarter’s objective")
    login(client, owner)
    # when: no cycle asked for, the unit page's default (the active cycle)
    html = _page(client, marketing)
    # then
    assert "This quarter’s objective" in html
    assert 'id="cycle-select"' in html
    assert f'<option value="{cycle.pk}" selected>' in html
    # when: a past cycle is picked
    html = _page(client, marketing, past)
    # then: its findings, without edit links (a closed cycle's OKRs are final)
    assert "Last quarter’s objective" in html.split("Patterns over time")[0]
    assert "This quarter’s objective" not in html
    assert "/edit/" not in html


def test_unit_page_links_to_its_health(client, owner, cycle, marketing):
    html = login(client, owner).get(reverse("unit_detail", args=[marketing.pk])).content.decode()
    assert f"{reverse('coach_health', args=[marketing.pk])}?cycle={cycle.pk}" in html
    assert "OKR health" in html


# Patterns over time ------------------------------------------------------------------------


def test_sandbagging_over_two_closed_cycles_is_named(
    client, org, owner, teammate, cycle, marketing
):
    login(client, owner)
    make_objective(cycle, marketing, teammate, "Be loved", final_score=1.0)
    assert "too early to judge" in _page(client, marketing, cycle)
    # one closed cycle with an ambitious score
    past = make_cycle(org, "Q-1", quarters_ago=1)
    first = make_objective(past, marketing, teammate, "Delight users", final_score=0.7)
    assert "No sign of sandbagging" in _page(client, marketing, cycle)
    # an older one where every aspirational objective ended at 1.0: not a pattern yet
    older = make_cycle(org, "Q-2", quarters_ago=2)
    make_objective(older, marketing, teammate, "Win fans", final_score=0.97)
    make_objective(older, marketing, teammate, "Keep SLAs", kind="committed", final_score=0.5)
    assert "one cycle is not a pattern yet" in _page(client, marketing, cycle)
    # when: the second closed cycle also ends at full score
    first.final_score = 1.0
    first.save(update_fields=["final_score"])
    # then
    html = _page(client, marketing, cycle)
    assert "Possible sandbagging" in html
    assert "In 2 closed cycles (nearly) every aspirational objective ended at 95% or more." in html
    assert html.count("too safe") == 2


def test_stuck_key_results_and_the_mix_per_cycle(client, org, owner, teammate, cycle, marketing):
    # given: a closed cycle with three bottom-up objectives and two key results that never moved
    past = make_cycle(org, "Q-1", quarters_ago=1)
    first = make_objective(past, marketing, teammate, "Make our leads better")
    make_key_result(first, "Never checked in")
    make_key_result(first, "Back at start", current=10, checked_in_days_ago=100)
    make_key_result(first, "Moved", current=15, checked_in_days_ago=100)
    make_objective(past, marketing, teammate, "Be the brand people ask for")
    make_objective(past, marketing, teammate, "Win the mid-market")
    # when
    html = _page(login(client, owner), marketing, cycle)
    # then
    assert "2 key results stayed at their start value." in html
    row = html[html.index(f"?cycle={past.pk}") :].split("</tr>")[0]
    assert "2 of 3" in row  # stuck of all key results
    assert "0%" in row  # top-down share
    assert "far from target" in row


def test_the_top_level_unit_has_no_mix_target(client, org, owner, cycle, company, marketing):
    # given: the company's objectives all come from the strategy, as they should
    for title in ("Become the first choice", "Delight our customers", "Grow profitably"):
        make_objective(cycle, company, owner, title, origin="top_down")
        make_objective(cycle, marketing, owner, f"{title} in marketing", origin="top_down")
    # when
    html = _page(login(client, owner), company, cycle)
    # then: shown, neither flagged nor a finding
    [row] = [r for r in html.split("<tr")[1:] if f"?cycle={cycle.pk}" in r and "<td" in r]
    assert "100%" in row
    assert "far from target" not in html
    assert str(CODES["ORIGIN_MIX"].title) not in html
    # the same mix below the top is flagged
    assert "far from target" in _page(client, marketing, cycle)


# Alignment suggestions ---------------------------------------------------------------------


def test_unaligned_objective_gets_parents_suggested_from_the_unit_above(
    client, owner, teammate, cycle, company, marketing
):
    # given
    revenue = make_objective(cycle, company, owner, "Grow revenue in the mid-market")
    hiring = make_objective(cycle, company, owner, "Hire and keep great engineers")
    make_objective(cycle, marketing, teammate, "Win more mid-market customers and grow revenue")
    # when
    html = _page(login(client, owner), marketing, cycle)
    # then
    assert f"Does it support one of these in {company.name}?" in html
    revenue_link = reverse("objective_detail", args=[revenue.pk])
    assert revenue_link in html
    hiring_link = reverse("objective_detail", args=[hiring.pk])
    if hiring_link in html:
        assert html.index(revenue_link) < html.index(hiring_link)


def test_aligned_objectives_get_no_suggestions(client, owner, teammate, cycle, company, marketing):
    revenue = make_objective(cycle, company, owner, "Grow revenue in the mid-market")
    mine = make_objective(cycle, marketing, teammate, "Win more mid-market customers")
    Alignment.objects.create(objective=mine, parent_objective=revenue)

    html = _page(login(client, owner), marketing, cycle)

    assert "Does it support one of these" not in html


# Query budget ------------------------------------------------------------------------------


def test_page_reads_the_same_number_of_queries_whatever_the_size(
    client, org, owner, teammate, cycle, company, marketing
):
    # given: a company objective to suggest, and past cycles of the same shape
    make_objective(cycle, company, owner, "Grow revenue in the mid-market")
    past_cycles = [make_cycle(org, f"Q-{n}", quarters_ago=n) for n in (1, 2, 3)]
    # The company's lead: the edit links need the permission checks an admin skips.
    lead = org_actions.do_create_person(
        None, organization=org, email="lena@muster.example", name="Lena Lead"
    )
    org_actions.do_set_membership(None, unit=company, person=lead, role=MembershipRole.LEAD)
    login(client, lead)
    client.get(_url(marketing, cycle))  # warm the session

    def count(n: int) -> int:
        Objective.objects.filter(unit=marketing).delete()
        for here in [cycle, *past_cycles]:
            for i in range(n):
                objective = make_objective(
                    here,
                    marketing,
                    teammate,
                    f"Win mid-market customers {i}",
                    final_score=None if here == cycle else 1.0,
                    origin="top_down" if i % 2 else "bottom_up",
                )
                _full_key_results(objective)
        with CaptureQueriesContext(connection) as queries:
            html = _page(client, marketing, cycle)
        assert html.count('class="card health-objective"') == n
        assert "Does it support one of these" in html
        assert "/edit/" in html
        return len(queries)

    small, large = count(3), count(15)
    assert small == large
    # Session, person, unit, the picker's cycles; the pattern cycles, the unit's objectives,
    # key results and alignments; the units above, their objectives and key results; the
    # lead's memberships.
    assert large <= 12


def test_scrolling_tables_hold_their_visually_hidden_text():
    # The patterns table's visually hidden spans are positioned absolutely; without a
    # positioned .table-wrap they escape its scroll box and widen the page on a phone
    # (checked in Chromium at 390 px: scrollWidth 594 before, 390 after).
    css = (Path(__file__).resolve().parents[2] / "static" / "kurs" / "kurs.css").read_text()
    [rule] = re.findall(r"^\.table-wrap \{([^}]*)\}", css, re.M)
    assert "position: relative" in rule and "overflow-x: auto" in rule
