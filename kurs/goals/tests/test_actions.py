"""What the goals actions do for the people using them: objectives and key results,
check-ins, retiring, closing a cycle, alignment, history and organization boundaries.

Each test reads as given / when / then; permissions have their own module
(kurs/orgs/tests/test_permissions.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kurs.goals import actions
from kurs.goals.models import (
    Alignment,
    AuditEvent,
    CheckIn,
    Cycle,
    CycleState,
    GoalState,
    Initiative,
    KeyResult,
    Objective,
)
from kurs.goals.scoring import Band, Status
from kurs.orgs.models import Unit

# Helpers -------------------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    """Rows of everything an action could write; compared before and after a failure."""
    models = (Cycle, Objective, KeyResult, CheckIn, Alignment, Initiative, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


def fresh(objective: Objective) -> Objective:
    """The objective as a page would load it."""
    loaded: Objective = Objective.objects.with_scoring().get(pk=objective.pk)
    return loaded


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


@pytest.fixture
def key_result(objective) -> KeyResult:
    """The fixture objective's key result: lead-to-offer rate from 12 to 20, owned by Bob."""
    found: KeyResult = objective.key_results.get()
    return found


@pytest.fixture
def sales(owner, company) -> Unit:
    from kurs.orgs.actions import do_create_unit

    return do_create_unit(owner, name="Sales", parent=company)


@pytest.fixture
def their_world(outsider, other_org):
    """Another organization's unit, cycle, objective and key result."""
    unit = Unit.objects.get(organization=other_org, parent=None)
    today = timezone.localdate()
    cycle = actions.do_create_cycle(
        outsider,
        name="Their quarter",
        start=today - dt.timedelta(days=10),
        end=today + dt.timedelta(days=80),
        kind="quarter",
        state=CycleState.ACTIVE,
    )
    objective = actions.do_create_objective(
        outsider, cycle=cycle, unit=unit, owner=outsider, title="Their secret plan"
    )
    key_result = actions.do_create_key_result(
        outsider, objective, title="Their number", start=0, target=10
    )
    return {"unit": unit, "cycle": cycle, "objective": objective, "key_result": key_result}


# Creating objectives and key results ---------------------------------------------------


def test_created_objective_has_its_key_results_in_order(org, owner, teammate, cycle, marketing):
    # Given an active cycle, when an admin writes an objective with three key results
    objective = actions.do_create_objective(
        owner,
        cycle=cycle,
        unit=marketing,
        owner=teammate,
        title="  Customers love our onboarding  ",
        kind="committed",
        origin="top_down",
    )
    nps = actions.do_create_key_result(
        owner, objective, title="NPS from 20 to 40", start=20, target=40
    )
    churn = actions.do_create_key_result(
        owner,
        objective,
        title="Churn from 8% to 5%",
        metric="decrease",
        start=8,
        target=5,
        unit_label=" % ",
    )
    launch = actions.do_create_key_result(
        owner,
        objective,
        title="Launch the new guide",
        metric="milestone",
        owner=owner,
    )

    # Then it is stored as entered (trimmed) and lists its key results in creation order
    objective = fresh(objective)
    assert objective.title == "Customers love our onboarding"
    assert (objective.organization, objective.cycle, objective.unit, objective.owner) == (
        org,
        cycle,
        marketing,
        teammate,
    )
    assert objective.is_committed and objective.origin == "top_down"
    assert list(objective.key_results.all()) == [nps, churn, launch]
    # key results belong to the objective's owner unless someone else is named
    assert [kr.owner for kr in objective.key_results.all()] == [teammate, teammate, owner]
    assert churn.unit_label == "%"
    # a milestone is 0 until done and 1 when done
    assert (launch.start, launch.target) == (0.0, 1.0)
    # nothing has been checked in yet
    assert objective.progress == 0.0
    assert objective.status is Status.NOT_STARTED


def test_objective_progress_is_the_weighted_mean_of_active_key_results(
    owner, teammate, cycle, marketing
):
    # Given an objective with a half-done key result (weight 1) and an open milestone (weight 3)
    objective = actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=teammate, title="Better leads"
    )
    leads = actions.do_create_key_result(owner, objective, title="Leads", start=0, target=10)
    crm = actions.do_create_key_result(
        owner, objective, title="CRM live", metric="milestone", weight=3
    )
    actions.do_check_in(teammate, leads, value=5)
    assert fresh(objective).progress == pytest.approx((0.5 * 1 + 0.0 * 3) / 4)

    # When the milestone is retired
    actions.do_retire_key_result(teammate, crm, reason="The CRM project was cancelled")

    # Then progress only counts the active key result
    objective = fresh(objective)
    assert objective.progress == pytest.approx(0.5)
    # and the retired one is still listed, with its reason, and in the history
    crm.refresh_from_db()
    assert crm in objective.key_results.all()
    assert crm.state == GoalState.RETIRED and crm.retired_at is not None
    assert crm.retired_reason == "The CRM project was cancelled"
    assert objective.history.filter(key_result=crm, verb="retired").exists()
    assert crm not in KeyResult.objects.active()


def test_an_objective_whose_key_results_are_all_retired_has_no_progress(
    teammate, objective, key_result
):
    actions.do_check_in(teammate, key_result, value=20)
    assert fresh(objective).progress == 1.0
    actions.do_retire_key_result(teammate, key_result, reason="Measured the wrong thing")
    assert fresh(objective).progress == 0.0


# Check-ins -----------------------------------------------------------------------------


def test_check_in_moves_the_key_result_and_starts_the_objective(teammate, objective, key_result):
    # Given a key result from 12 to 20 that nobody has checked in yet, half-way through the cycle
    assert key_result.status is Status.NOT_STARTED
    assert fresh(objective).status is Status.NOT_STARTED

    # When its owner checks in 16 with confidence 7
    check_in = actions.do_check_in(
        teammate, key_result, value=16, confidence=7, comment="  Two good webinars  "
    )

    # Then the key result shows the new value, confidence and time
    key_result = KeyResult.objects.get(pk=key_result.pk)
    assert key_result.current == 16
    assert key_result.confidence == 7
    assert key_result.last_check_in_at == check_in.created_at
    assert check_in.comment == "Two good webinars" and check_in.author == teammate
    # and half-way to the target at half-time is on track, for it and its objective
    assert key_result.progress == pytest.approx(0.5)
    assert key_result.status is Status.ON_TRACK
    assert fresh(objective).status is Status.ON_TRACK


def test_falling_behind_pace_turns_the_status_yellow_then_red(teammate, objective, key_result):
    # Half the cycle is gone: 35% progress is 15 points behind, 20% is 30 behind
    actions.do_check_in(teammate, key_result, value=12 + 8 * 0.35)
    assert fresh(objective).status is Status.AT_RISK
    actions.do_check_in(teammate, key_result, value=12 + 8 * 0.20)
    assert fresh(objective).status is Status.OFF_TRACK


def test_a_late_older_check_in_does_not_overwrite_a_newer_value(teammate, key_result):
    # Given a check-in of 18 today
    newest = actions.do_check_in(teammate, key_result, value=18, confidence=8)

    # When last week's value 13 is entered afterwards
    key_result = KeyResult.objects.get(pk=key_result.pk)
    week_ago = timezone.now() - dt.timedelta(days=7)
    actions.do_check_in(teammate, key_result, value=13, confidence=2, at=week_ago)

    # Then the key result still shows 18, and the history has both in time order
    key_result.refresh_from_db()
    assert key_result.current == 18
    assert key_result.confidence == 8
    assert key_result.last_check_in_at == newest.created_at
    assert list(key_result.check_ins.values_list("value", flat=True)) == [13, 18]


def test_a_newer_check_in_replaces_the_current_value(teammate, key_result):
    actions.do_check_in(teammate, key_result, value=13, at=timezone.now() - dt.timedelta(days=7))
    actions.do_check_in(teammate, key_result, value=15)
    key_result.refresh_from_db()
    assert key_result.current == 15


def test_check_in_on_a_retired_key_result_is_rejected(teammate, key_result):
    actions.do_retire_key_result(teammate, key_result, reason="Wrong metric")
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_check_in(teammate, key_result, value=15)
    assert "key_result" in errors_of(excinfo)
    assert row_counts() == before


# Validation: field errors, nothing written ---------------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"metric": "increase", "start": 10, "target": 10}, "target"),
        ({"metric": "decrease", "start": 10, "target": 10}, "target"),
        ({"metric": "increase", "start": 10, "target": 5}, "target"),
        ({"metric": "decrease", "start": 5, "target": 10}, "target"),
        ({"metric": "increase", "start": None, "target": 10}, "start"),
        ({"metric": "increase", "start": 0, "target": None}, "target"),
        ({"metric": "range", "range_min": 99, "range_max": 95}, "range_max"),
        ({"metric": "range", "range_min": None, "range_max": 95}, "range_min"),
        ({"metric": "range", "range_min": 95, "range_max": None}, "range_max"),
        ({"start": 0, "target": 10, "confidence": 11}, "confidence"),
        ({"start": 0, "target": 10, "weight": 0}, "weight"),
        ({"start": 0, "target": 10, "weight": 101}, "weight"),
        ({"start": 0, "target": 10, "metric": "percent"}, "metric"),
    ],
)
def test_invalid_key_result_names_the_field_and_writes_nothing(owner, objective, values, field):
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_key_result(owner, objective, title="Something measurable", **values)
    assert field in errors_of(excinfo)
    assert row_counts() == before


def test_invalid_key_result_change_names_the_field_and_keeps_the_stored_values(owner, key_result):
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_update_key_result(owner, key_result, target=12)
    assert "target" in errors_of(excinfo)
    assert row_counts() == before
    stored = KeyResult.objects.get(pk=key_result.pk)
    assert (stored.start, stored.target) == (12, 20)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"value": 15, "confidence": 11}, "confidence"),
        ({"value": 15, "confidence": -1}, "confidence"),
        ({"value": float("nan")}, "value"),
        ({"value": float("inf")}, "value"),
    ],
)
def test_invalid_check_in_names_the_field_and_writes_nothing(teammate, key_result, values, field):
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_check_in(teammate, key_result, **values)
    assert field in errors_of(excinfo)
    assert row_counts() == before
    stored = KeyResult.objects.get(pk=key_result.pk)
    assert stored.current is None and stored.last_check_in_at is None


def test_objective_needs_a_title(owner, teammate, cycle, marketing):
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_objective(owner, cycle=cycle, unit=marketing, owner=teammate, title="  ")
    assert "title" in errors_of(excinfo)
    assert row_counts() == before


@pytest.mark.parametrize("field", ["final_score", "state", "organization"])
def test_scores_and_state_cannot_be_set_through_an_update(owner, objective, field):
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_update_objective(owner, objective, **{field: None})
    assert field in errors_of(excinfo)
    assert row_counts() == before


def test_current_value_only_changes_through_a_check_in(owner, key_result):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_update_key_result(owner, key_result, current=20)
    assert "current" in errors_of(excinfo)
    assert KeyResult.objects.get(pk=key_result.pk).current is None


def test_cycle_must_end_after_it_starts(owner):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_cycle(
            owner, name="Backwards", start=today, end=today, kind="quarter", state="planning"
        )
    assert "end" in errors_of(excinfo)
    assert not Cycle.objects.filter(name="Backwards").exists()


def test_a_new_cycle_cannot_start_closed(owner):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_cycle(
            owner,
            name="Done already",
            start=today,
            end=today + dt.timedelta(days=90),
            kind="quarter",
            state="closed",
        )
    assert "state" in errors_of(excinfo)
    assert not Cycle.objects.filter(name="Done already").exists()


# Retiring ------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_retiring_needs_a_reason(teammate, objective, key_result, reason):
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_retire_key_result(teammate, key_result, reason=reason)
    assert "reason" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_retire_objective(teammate, objective, reason=reason)
    assert "reason" in errors_of(excinfo)
    assert row_counts() == before
    assert KeyResult.objects.get(pk=key_result.pk).is_active
    assert Objective.objects.get(pk=objective.pk).is_active


def test_retired_key_result_can_name_its_replacement(owner, teammate, objective, key_result):
    # Given a second key result that measures the same thing better
    better = actions.do_create_key_result(
        owner, objective, title="Qualified leads from 40 to 60", start=40, target=60
    )
    # When the first is retired in its favour
    actions.do_retire_key_result(
        teammate, key_result, reason="Lead quality is measured better", replacement=better
    )
    # Then it points to the replacement and says so in the history
    key_result.refresh_from_db()
    assert key_result.replaced_by == better
    assert list(better.replaces.all()) == [key_result]
    event = AuditEvent.objects.get(key_result=key_result, verb="retired")
    assert event.changes == {
        "reason": "Lead quality is measured better",
        "replaced_by": "Qualified leads from 40 to 60",
    }
    # and retiring it again is refused
    with pytest.raises(ValidationError) as excinfo:
        actions.do_retire_key_result(teammate, key_result, reason="again")
    assert "state" in errors_of(excinfo)


def test_a_key_result_replacement_must_belong_to_the_same_objective(
    owner, teammate, cycle, marketing, key_result
):
    elsewhere = actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=teammate, title="Elsewhere"
    )
    foreign = actions.do_create_key_result(owner, elsewhere, title="Other", start=0, target=1)
    for replacement in (foreign, key_result):
        with pytest.raises(ValidationError) as excinfo:
            actions.do_retire_key_result(
                teammate, key_result, reason="moved", replacement=replacement
            )
        assert "replacement" in errors_of(excinfo)
    assert KeyResult.objects.get(pk=key_result.pk).is_active


def test_retired_objective_stays_visible_and_names_its_replacement(
    owner, teammate, cycle, marketing, objective
):
    successor = actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=teammate, title="Win bigger deals"
    )
    actions.do_retire_objective(
        teammate, objective, reason="Strategy changed to enterprise", replacement=successor
    )
    objective = Objective.objects.get(pk=objective.pk)
    assert objective.state == GoalState.RETIRED
    assert objective.replaced_by == successor
    assert objective in Objective.objects.visible_to(teammate)
    assert objective not in Objective.objects.active()
    assert successor.history.filter(
        verb="replaces", changes__replaces="Make our leads noticeably better"
    ).exists()
    # its key results take no more check-ins
    with pytest.raises(ValidationError):
        actions.do_check_in(teammate, objective.key_results.get(), value=15)


def test_an_objective_cannot_replace_itself(teammate, objective):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_retire_objective(teammate, objective, reason="x", replacement=objective)
    assert "replacement" in errors_of(excinfo)
    assert Objective.objects.get(pk=objective.pk).is_active


# Closing a cycle -----------------------------------------------------------------------


def test_closing_a_cycle_freezes_the_scores(
    monkeypatch, owner, teammate, cycle, objective, key_result
):
    # Given a key result at 50% and a retired one that would have been done
    done = actions.do_create_key_result(owner, objective, title="Done", start=0, target=1)
    actions.do_check_in(teammate, done, value=1)
    actions.do_retire_key_result(teammate, done, reason="Not a real result")
    actions.do_check_in(teammate, key_result, value=16)

    # When the admin closes the cycle
    actions.do_close_cycle(owner, cycle)

    # Then the objective keeps its score as final (the retired key result does not count)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED and cycle.closed_at is not None
    objective = fresh(objective)
    assert objective.final_score == pytest.approx(0.5)
    assert objective.grade == 0.5 and objective.grade_band is Band.YELLOW
    assert objective.history.filter(verb="graded", changes__score=0.5).exists()
    key_result.refresh_from_db()
    assert key_result.final_score == pytest.approx(0.5)

    # a later check-in is rejected and writes nothing
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_check_in(teammate, key_result, value=20)
    assert "cycle" in errors_of(excinfo)
    assert row_counts() == before

    # the score stays even if the stored value changes behind the app's back
    KeyResult.objects.filter(pk=key_result.pk).update(current=20)
    assert fresh(objective).progress == pytest.approx(0.5)

    # and it stays the same on any later day
    status = fresh(objective).status
    for days in (1, 30, 400):
        later = timezone.localdate() + dt.timedelta(days=days)
        monkeypatch.setattr(timezone, "localdate", lambda later=later: later)
        assert cycle.elapsed_fraction() == 1.0
        assert fresh(objective).progress == pytest.approx(0.5)
        assert fresh(objective).status is status


def test_a_closed_cycle_accepts_no_more_changes(owner, teammate, cycle, objective, key_result):
    actions.do_close_cycle(owner, cycle)
    cycle.refresh_from_db()
    objective = Objective.objects.get(pk=objective.pk)
    key_result = KeyResult.objects.get(pk=key_result.pk)
    before = row_counts()
    attempts: list[Callable[[], object]] = [
        lambda: actions.do_update_objective(owner, objective, title="Rewritten history"),
        lambda: actions.do_create_key_result(owner, objective, title="Late", start=0, target=1),
        lambda: actions.do_update_key_result(owner, key_result, target=30),
        lambda: actions.do_retire_key_result(owner, key_result, reason="late"),
        lambda: actions.do_retire_objective(owner, objective, reason="late"),
        lambda: actions.do_delete_objective(owner, objective),
        lambda: actions.do_create_objective(
            owner, cycle=cycle, unit=objective.unit, owner=teammate, title="Late"
        ),
        lambda: actions.do_update_cycle(
            owner,
            cycle,
            name=cycle.name,
            start=cycle.start,
            end=cycle.end,
            kind=cycle.kind,
            state="active",
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    assert row_counts() == before
    assert Objective.objects.get(pk=objective.pk).title == "Make our leads noticeably better"
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.CLOSED


def test_closing_through_the_cycle_form_also_freezes_scores(owner, teammate, cycle, key_result):
    actions.do_check_in(teammate, key_result, value=14)
    actions.do_update_cycle(
        owner,
        cycle,
        name="Q-final",
        start=cycle.start,
        end=cycle.end,
        kind=cycle.kind,
        state="closed",
    )
    cycle.refresh_from_db()
    key_result.refresh_from_db()
    assert cycle.is_closed and cycle.name == "Q-final"
    assert key_result.final_score == pytest.approx(0.25)


def test_elapsed_fraction_of_an_open_cycle_follows_the_calendar(cycle):
    assert cycle.elapsed_fraction(cycle.start - dt.timedelta(days=3)) == 0.0
    assert cycle.elapsed_fraction(cycle.start) == 0.0
    assert cycle.elapsed_fraction(cycle.start + dt.timedelta(days=45)) == pytest.approx(0.5)
    assert cycle.elapsed_fraction(cycle.end) == 1.0
    assert cycle.elapsed_fraction(cycle.end + dt.timedelta(days=3)) == 1.0


# Alignment -----------------------------------------------------------------------------


@pytest.fixture
def company_objective(owner, cycle, company) -> Objective:
    objective = actions.do_create_objective(
        owner, cycle=cycle, unit=company, owner=owner, title="Become the market leader"
    )
    actions.do_create_key_result(
        owner, objective, title="Revenue from 10 to 15 million", start=10, target=15
    )
    return objective


def test_objective_supports_objectives_and_key_results_above(
    owner, teammate, cycle, marketing, company_objective
):
    revenue = company_objective.key_results.get()
    # When marketing aligns a new objective with the company objective and its key result
    child = actions.do_create_objective(
        owner,
        cycle=cycle,
        unit=marketing,
        owner=teammate,
        title="Fill the pipeline",
        parents=[
            ("objective", company_objective.pk),
            ("key_result", revenue.pk),
            ("objective", company_objective.pk),
        ],
    )
    # Then both links exist once, and the parents see the child below them
    assert {a.parent for a in child.alignments.all()} == {company_objective, revenue}
    assert [a.objective for a in company_objective.aligned_children.all()] == [child]
    assert [a.objective for a in revenue.aligned_children.all()] == [child]
    created = child.history.get(verb="created")
    assert sorted(created.changes["parents"]) == sorted(
        ["Become the market leader", "Revenue from 10 to 15 million"]
    )

    # When the parents change, the old links go and the history says so
    actions.do_update_objective(owner, child, parents=[("key_result", revenue.pk)])
    assert [a.parent for a in child.alignments.all()] == [revenue]
    updated = child.history.get(verb="updated")
    assert updated.changes["parents"][1] == ["Revenue from 10 to 15 million"]


def test_an_objective_cannot_support_itself_or_what_supports_it(
    owner, teammate, cycle, marketing, company_objective
):
    # Given company <- marketing <- team (each supports the one before)
    middle = actions.do_create_objective(
        owner,
        cycle=cycle,
        unit=marketing,
        owner=teammate,
        title="Middle",
        parents=[("objective", company_objective.pk)],
    )
    middle_kr = actions.do_create_key_result(owner, middle, title="Middle KR", start=0, target=5)
    bottom = actions.do_create_objective(
        owner,
        cycle=cycle,
        unit=marketing,
        owner=teammate,
        title="Bottom",
        parents=[("key_result", middle_kr.pk)],
    )
    bottom_kr = actions.do_create_key_result(owner, bottom, title="Bottom KR", start=0, target=5)
    before = row_counts()
    links = set(
        Alignment.objects.values_list("objective_id", "parent_objective_id", "parent_key_result_id")
    )

    # When the company objective would support itself or anything below it
    cycles = [
        ("objective", company_objective.pk),
        ("key_result", company_objective.key_results.get().pk),
        ("objective", middle.pk),
        ("key_result", middle_kr.pk),
        ("objective", bottom.pk),
        ("key_result", bottom_kr.pk),
    ]
    for parent in cycles:
        with pytest.raises(ValidationError) as excinfo:
            actions.do_update_objective(owner, company_objective, parents=[parent])
        assert "parents" in errors_of(excinfo), parent

    # Then nothing changed
    assert row_counts() == before
    assert (
        set(
            Alignment.objects.values_list(
                "objective_id", "parent_objective_id", "parent_key_result_id"
            )
        )
        == links
    )
    # while a sibling relation is fine
    actions.do_update_objective(owner, bottom, parents=[("objective", middle.pk)])
    assert [a.parent for a in bottom.alignments.all()] == [middle]


@pytest.mark.parametrize(
    "parent", [("objective", 999_999), ("key_result", 999_999), ("initiative", 1)]
)
def test_unknown_parents_are_rejected(owner, teammate, cycle, marketing, parent):
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_objective(
            owner, cycle=cycle, unit=marketing, owner=teammate, title="Orphan", parents=[parent]
        )
    assert "parents" in errors_of(excinfo)
    assert row_counts() == before


# History -------------------------------------------------------------------------------


def test_history_records_who_changed_what(owner, teammate, objective, key_result):
    # created (by the fixture, as the admin)
    created = objective.history.get(verb="created", key_result=None)
    assert created.actor == owner
    assert created.changes["title"] == "Make our leads noticeably better"
    assert created.changes["owner"] == "Bob Member"
    kr_created = objective.history.get(verb="created", key_result=key_result)
    assert kr_created.changes["start"] == 12 and kr_created.changes["target"] == 20

    # updated: only the fields that changed, as [before, after]
    actions.do_update_objective(teammate, objective, title="Much better leads", description="")
    updated = objective.history.get(verb="updated", key_result=None)
    assert updated.actor == teammate
    assert updated.changes == {"title": ["Make our leads noticeably better", "Much better leads"]}
    actions.do_update_key_result(teammate, key_result, target=22, weight=1.0)
    kr_updated = objective.history.get(verb="updated", key_result=key_result)
    assert kr_updated.changes == {"target": [20, 22]}

    # an update that changes nothing is not an event
    count = objective.history.count()
    actions.do_update_objective(teammate, objective, title="Much better leads")
    assert objective.history.count() == count

    # check-in
    actions.do_check_in(teammate, key_result, value=15, confidence=6, comment="ok")
    checked_in = objective.history.get(verb="checked_in")
    assert (checked_in.actor, checked_in.key_result) == (teammate, key_result)
    assert checked_in.changes == {"value": 15, "confidence": 6, "comment": "ok"}
    assert checked_in.subject == key_result.title

    # retire
    actions.do_retire_objective(owner, objective, reason="Merged into sales goals")
    retired = objective.history.get(verb="retired")
    assert retired.actor == owner
    assert retired.changes == {"reason": "Merged into sales goals"}

    # newest first, as the history page lists them
    verbs = list(AuditEvent.objects.filter(objective=objective).values_list("verb", flat=True))
    assert verbs[0] == "retired" and verbs[-1] == "created"


def test_deleting_keeps_a_readable_trace(owner, teammate, objective, key_result):
    actions.do_delete_key_result(teammate, key_result)
    assert not KeyResult.objects.filter(pk=key_result.pk).exists()
    event = AuditEvent.objects.get(verb="deleted", objective=objective)
    assert event.subject == "Raise lead-to-offer rate from 12 to 20 per 100 leads"
    assert event.actor == teammate

    actions.do_delete_objective(owner, objective)
    assert not Objective.objects.filter(pk=objective.pk).exists()
    event = AuditEvent.objects.filter(verb="deleted", subject=objective.title).get()
    assert event.objective is None  # the row is gone, its name stays readable


# Actions (initiatives) -------------------------------------------------------------------


def test_initiatives_are_added_and_ticked_off(owner, teammate, objective, key_result):
    initiative = actions.do_create_initiative(
        teammate,
        objective,
        title="  Run two webinars  ",
        key_result=key_result,
        due=timezone.localdate() + dt.timedelta(days=14),
    )
    assert initiative.title == "Run two webinars" and initiative.owner == teammate
    assert not initiative.done
    actions.do_set_initiative_done(teammate, initiative, done=True)
    assert Initiative.objects.get(pk=initiative.pk).done
    # ticking it twice records it once
    actions.do_set_initiative_done(teammate, initiative, done=True)
    assert list(
        objective.history.filter(verb__startswith="action").values_list("verb", flat=True)
    ) == ["action_done", "action_added"]


def test_an_initiative_can_only_name_a_key_result_of_its_objective(
    owner, teammate, cycle, marketing, objective
):
    other = actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=teammate, title="Other"
    )
    foreign_kr = actions.do_create_key_result(owner, other, title="Other KR", start=0, target=1)
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_initiative(owner, objective, title="Wrong", key_result=foreign_kr)
    assert "key_result" in errors_of(excinfo)
    assert row_counts() == before


# Organization boundaries -----------------------------------------------------------------


def test_objectives_cannot_use_another_organizations_unit_cycle_owner_or_parent(
    owner, teammate, cycle, marketing, outsider, their_world
):
    attempts = {
        "unit_id": {"unit": their_world["unit"]},
        "cycle_id": {"cycle": their_world["cycle"]},
        "owner": {"owner": outsider},
        "parents": {"parents": [("objective", their_world["objective"].pk)]},
    }
    for field, override in attempts.items():
        values = {"cycle": cycle, "unit": marketing, "owner": teammate, **override}
        before = row_counts()
        with pytest.raises(ValidationError) as excinfo:
            actions.do_create_objective(owner, title="Borrowing", **values)
        assert field in errors_of(excinfo), field
        assert row_counts() == before

    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_objective(
            owner,
            cycle=cycle,
            unit=marketing,
            owner=teammate,
            title="Borrowing",
            parents=[("key_result", their_world["key_result"].pk)],
        )
    assert "parents" in errors_of(excinfo)


def test_updates_cannot_move_into_another_organization(
    owner, objective, key_result, outsider, their_world
):
    before = row_counts()
    moves: list[tuple[str, Callable[[], object]]] = [
        (
            "unit_id",
            lambda: actions.do_update_objective(owner, objective, unit=their_world["unit"]),
        ),
        (
            "cycle_id",
            lambda: actions.do_update_objective(owner, objective, cycle=their_world["cycle"]),
        ),
        ("owner", lambda: actions.do_update_objective(owner, objective, owner=outsider)),
        (
            "parents",
            lambda: actions.do_update_objective(
                owner, objective, parents=[("objective", their_world["objective"].pk)]
            ),
        ),
        ("owner", lambda: actions.do_update_key_result(owner, key_result, owner=outsider)),
        (
            "owner",
            lambda: actions.do_create_key_result(
                owner, objective, title="x", start=0, target=1, owner=outsider
            ),
        ),
        (
            "replacement",
            lambda: actions.do_retire_objective(
                owner, objective, reason="x", replacement=their_world["objective"]
            ),
        ),
        (
            "replacement",
            lambda: actions.do_retire_key_result(
                owner, key_result, reason="x", replacement=their_world["key_result"]
            ),
        ),
        (
            "owner",
            lambda: actions.do_create_initiative(owner, objective, title="x", owner=outsider),
        ),
    ]
    for field, move in moves:
        with pytest.raises(ValidationError) as excinfo:
            move()
        assert field in errors_of(excinfo), field
    assert row_counts() == before
    stored = Objective.objects.get(pk=objective.pk)
    assert stored.organization_id == owner.organization_id
    assert stored.unit.organization_id == owner.organization_id
    assert stored.is_active
