"""Inputs at the edges: odd ids and offsets, extreme numbers and dates, late changes.

Each test pins a defect found in review; a user would have met a 500 page, a wrong
colour or a write that should have been refused.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kurs.conftest import login
from kurs.goals import actions, scoring
from kurs.goals.charts import build_chart
from kurs.goals.models import CycleState, Initiative, KeyResult, Objective
from kurs.goals.scoring import Status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "name", "data"),
    [
        ("get", "objective_create", {"unit": "abc"}),
        ("post", "account", {"revoke_token": "abc"}),
    ],
)
def test_ids_that_are_not_numbers_are_not_found(client, owner, method, name, data):
    response = getattr(login(client, owner), method)(reverse(name), data)
    assert response.status_code == 404


def test_removing_a_membership_with_a_bad_id_is_not_found(client, owner, teammate):
    response = login(client, owner).post(
        reverse("manage_person_edit", args=[teammate.pk]), {"remove_membership": "abc"}
    )
    assert response.status_code == 404


def test_huge_tree_offsets_give_an_empty_page_not_an_error(client, teammate, objective):
    login(client, teammate)
    huge = "99999999999999999999"
    assert client.get(reverse("alignment_tree"), {"offset": huge}).status_code == 200
    response = client.get(reverse("tree_children", args=[objective.pk]), {"offset": huge})
    assert response.status_code == 200


def test_cycles_longer_than_two_years_are_refused(owner):
    with pytest.raises(ValidationError) as caught:
        actions.do_create_cycle(
            owner,
            name="Forever",
            start=dt.date(2025, 1, 1),
            end=dt.date(9999, 12, 31),
            kind="custom",
            state=CycleState.ACTIVE,
        )
    assert "end" in caught.value.message_dict


def test_chart_of_a_cycle_ending_in_the_last_possible_month():
    chart = build_chart(
        start_date=dt.date(9999, 1, 1),
        end_date=dt.date(9999, 12, 31),
        today=dt.date.today(),
        history=[],
        start=0,
        target=10,
    )
    assert chart.x_labels[-1][1] == dt.date(9999, 12, 31)


def test_owner_can_edit_own_objective_in_a_unit_they_do_not_belong_to(
    client, owner, teammate, cycle, company
):
    # given: the admin gives a company-level objective to a marketing member
    objective = actions.do_create_objective(
        owner, cycle=cycle, unit=company, owner=teammate, title="Grow in the Mittelstand"
    )
    # when: the owner saves the form unchanged but for the title
    response = login(client, teammate).post(
        reverse("objective_edit", args=[objective.pk]),
        {
            "title": "Grow profitably in the Mittelstand",
            "description": "",
            "unit": company.pk,
            "owner": teammate.pk,
            "cycle": cycle.pk,
            "kind": "aspirational",
            "origin": "bottom_up",
        },
    )
    # then
    assert response.status_code == 302
    assert Objective.objects.get(pk=objective.pk).title == "Grow profitably in the Mittelstand"


def test_no_actions_on_closed_cycles_or_retired_objectives(owner, teammate, objective, cycle):
    initiative = actions.do_create_initiative(teammate, objective, title="Draft the webinar plan")
    actions.do_retire_objective(teammate, objective, reason="Strategy changed")
    with pytest.raises(ValidationError):
        actions.do_create_initiative(teammate, objective, title="Too late")
    actions.do_close_cycle(owner, cycle)
    with pytest.raises(ValidationError):
        actions.do_set_initiative_done(teammate, initiative, done=True)
    assert Initiative.objects.filter(objective=objective).count() == 1


def test_viewer_sees_actions_without_a_button_to_tick_them_off(client, teammate, viewer, objective):
    actions.do_create_initiative(teammate, objective, title="Draft the webinar plan")
    html = (
        login(client, viewer).get(reverse("objective_detail", args=[objective.pk])).content.decode()
    )
    assert "Draft the webinar plan" in html
    assert "Mark as done" not in html


def test_switching_a_key_result_to_milestone_does_not_mark_it_done(teammate, objective):
    key_result = objective.key_results.get()
    actions.do_check_in(teammate, key_result, value=16)
    actions.do_update_key_result(teammate, key_result, metric="milestone")
    key_result = KeyResult.objects.with_scoring().get(pk=key_result.pk)
    assert key_result.progress == 0.0
    assert key_result.status == Status.NOT_STARTED
    assert key_result.check_ins.count() == 1  # the history stays


def test_a_range_is_not_met_before_anyone_reports_a_value(teammate, objective):
    key_result = actions.do_create_key_result(
        teammate,
        objective,
        title="Keep delivery reliability between 95 and 100 %",
        metric="range",
        start=97,
        range_min=95,
        range_max=100,
    )
    assert KeyResult.objects.with_scoring().get(pk=key_result.pk).progress == 0.0
    actions.do_check_in(teammate, key_result, value=97)
    assert KeyResult.objects.with_scoring().get(pk=key_result.pk).progress == 1.0


def test_progress_of_extreme_but_finite_values():
    assert (
        scoring.key_result_progress("increase", start=-1.7e308, target=1.7e308, current=1.7e308)
        == 1.0
    )
    assert scoring.clamp01(float("nan")) == 0.0


def test_after_closing_an_aspirational_seventy_percent_is_a_success(owner, teammate, objective):
    key_result = objective.key_results.get()
    actions.do_check_in(teammate, key_result, value=17.6)  # (17.6 - 12) / 8 = 0.7
    actions.do_close_cycle(owner, objective.cycle)
    closed = Objective.objects.with_scoring().get(pk=objective.pk)
    assert closed.grade == 0.7
    assert closed.status == Status.ON_TRACK
    assert closed.key_results.all()[0].status == Status.ON_TRACK


def test_a_milestone_is_done_or_not(teammate, objective):
    milestone = actions.do_create_key_result(
        teammate, objective, title="Partner portal live", metric="milestone"
    )
    with pytest.raises(ValidationError) as caught:
        actions.do_check_in(teammate, milestone, value=2)
    assert "value" in caught.value.message_dict
    actions.do_check_in(teammate, milestone, value=1)
    assert KeyResult.objects.with_scoring().get(pk=milestone.pk).progress == 1.0


def test_a_check_in_comment_without_a_value_is_not_dropped_silently(client, teammate, objective):
    key_result = objective.key_results.get()
    response = login(client, teammate).post(
        reverse("check_in"), {f"kr{key_result.pk}-comment": "Webinar moved to January"}
    )
    assert response.status_code == 200
    assert "Enter the value too" in response.content.decode()
    assert key_result.check_ins.count() == 0


def test_choosing_a_unit_one_may_not_use_keeps_the_form(
    client, teammate, cycle, marketing, company
):
    response = login(client, teammate).post(
        f"{reverse('objective_create')}?unit={marketing.pk}&cycle={cycle.pk}",
        {
            "title": "Be known across the whole company",
            "description": "",
            "unit": company.pk,
            "owner": teammate.pk,
            "cycle": cycle.pk,
            "kind": "aspirational",
            "origin": "bottom_up",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "You cannot create objectives in this unit." in html
    assert "Be known across the whole company" in html  # what was typed is still there


def test_closed_cycles_show_the_grade_and_its_band(client, owner, teammate, objective):
    actions.do_check_in(teammate, objective.key_results.get(), value=17.6)
    actions.do_close_cycle(owner, objective.cycle)
    html = (
        login(client, teammate)
        .get(reverse("my_okrs"), {"cycle": objective.cycle_id})
        .content.decode()
    )
    assert ">0.7<" in html
    assert "Achieved" in html
