"""The coach's selectors: a unit's OKRs as coach data, findings resolved, patterns over time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kurs.coach import selectors
from kurs.coach.findings import Finding
from kurs.goals.models import (
    Alignment,
    Cycle,
    CycleState,
    GoalState,
    KeyResult,
    Objective,
)
from kurs.orgs.models import Organization, Unit, User

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


# Builders (also used by test_health) -------------------------------------------------------
# Closed cycles and final scores are written directly: the actions only write them by
# closing a cycle, and these tests need a history of several past cycles.


def make_cycle(
    org: Organization, name: str, *, quarters_ago: int, state: str = CycleState.CLOSED
) -> Cycle:
    start = TODAY - dt.timedelta(days=45 + 91 * quarters_ago)
    return Cycle.objects.create(
        organization=org,
        name=name,
        start=start,
        end=start + dt.timedelta(days=90),
        state=state,
        closed_at=timezone.now() if state == CycleState.CLOSED else None,
    )


def make_objective(
    cycle: Cycle,
    unit: Unit,
    owner: User,
    title: str,
    *,
    kind: str = "aspirational",
    origin: str = "bottom_up",
    final_score: float | None = None,
    state: str = GoalState.ACTIVE,
    description: str = "",
) -> Objective:
    return Objective.objects.create(
        organization_id=unit.organization_id,
        cycle=cycle,
        unit=unit,
        owner=owner,
        title=title,
        description=description,
        kind=kind,
        origin=origin,
        final_score=final_score,
        state=state,
    )


def make_key_result(
    objective: Objective,
    title: str,
    *,
    start: float | None = 10,
    target: float | None = 20,
    current: float | None = None,
    checked_in_days_ago: int | None = None,
    created_days_ago: int = 40,
    final_score: float | None = None,
    state: str = GoalState.ACTIVE,
) -> KeyResult:
    now = timezone.now()
    return KeyResult.objects.create(
        objective=objective,
        owner=objective.owner,
        title=title,
        start=start,
        target=target,
        current=current,
        last_check_in_at=(
            now - dt.timedelta(days=checked_in_days_ago)
            if checked_in_days_ago is not None
            else None
        ),
        created_at=now - dt.timedelta(days=created_days_ago),
        final_score=final_score,
        state=state,
    )


def _patterns(unit: Unit, cycle: Cycle) -> selectors.Patterns:
    cycles = selectors.pattern_cycles(unit, cycle)
    return selectors.patterns(cycles, selectors.unit_objectives(unit, cycles), TODAY)


# spec_for_unit -----------------------------------------------------------------------------


def test_spec_holds_the_units_active_okrs_with_what_they_support(
    owner, teammate, cycle, company, marketing
):
    # given: a company objective with a key result, and marketing objectives supporting them
    top = make_objective(cycle, company, owner, "Grow revenue in the mid-market")
    top_kr = make_key_result(top, "Raise mid-market revenue from 2 to 3 million euros")
    first = make_objective(cycle, marketing, teammate, "Make our leads noticeably better")
    Alignment.objects.create(objective=first, parent_objective=top)
    Alignment.objects.create(objective=first, parent_key_result=top_kr)
    kr = make_key_result(first, "Raise lead-to-offer rate from 12 to 20", start=12, target=20)
    kr.current, kr.last_check_in_at = 15, timezone.now() - dt.timedelta(days=3)
    kr.save(update_fields=["current", "last_check_in_at"])
    make_key_result(first, "An old key result", state=GoalState.RETIRED)
    second = make_objective(
        cycle, marketing, teammate, "Be the brand people ask for", origin="top_down"
    )
    make_objective(cycle, marketing, teammate, "A retired objective", state=GoalState.RETIRED)
    other_cycle = make_cycle(marketing.organization, "Last quarter", quarters_ago=1)
    make_objective(other_cycle, marketing, teammate, "Last quarter’s objective")
    # when
    spec = selectors.spec_for_unit(marketing, cycle)
    # then
    assert [o.pk for o in spec.objectives] == [first.pk, second.pk]
    assert spec.unit == "Marketing"
    assert spec.top_level is False
    assert spec.complete is True
    assert spec.cycle is not None
    assert (spec.cycle.name, spec.cycle.start, spec.cycle.end) == (
        cycle.name,
        cycle.start,
        cycle.end,
    )
    objective = spec.objectives[0]
    assert objective.aligned_to == [
        "Grow revenue in the mid-market",
        "Raise mid-market revenue from 2 to 3 million euros",
    ]
    assert (objective.kind, objective.origin, objective.owner) == (
        "aspirational",
        "bottom_up",
        teammate.email,
    )
    assert [k.pk for k in objective.key_results] == [kr.pk]  # the retired one is left out
    spec_kr = objective.key_results[0]
    assert (spec_kr.start, spec_kr.target, spec_kr.current) == (12, 20, 15)
    assert spec_kr.last_check_in == TODAY - dt.timedelta(days=3)
    assert spec_kr.created == TODAY - dt.timedelta(days=40)
    assert objective.line is None and spec_kr.line is None
    assert spec.objectives[1].origin == "top_down"
    assert spec.objectives[1].aligned_to == []


def test_the_top_unit_is_top_level(owner, cycle, company):
    make_objective(cycle, company, owner, "Grow revenue in the mid-market")
    assert selectors.spec_for_unit(company, cycle).top_level is True


def test_spec_reads_a_fixed_number_of_queries(owner, teammate, cycle, company, marketing):
    top = make_objective(cycle, company, owner, "Grow revenue in the mid-market")

    def count(n: int) -> int:
        Objective.objects.filter(unit=marketing).delete()
        for i in range(n):
            objective = make_objective(cycle, marketing, teammate, f"Objective {i}")
            Alignment.objects.create(objective=objective, parent_objective=top)
            for j in range(3):
                make_key_result(objective, f"Key result {i}.{j}", checked_in_days_ago=j)
        with CaptureQueriesContext(connection) as queries:
            spec = selectors.spec_for_unit(marketing, cycle)
        assert len(spec.objectives) == n
        return len(queries)

    assert count(3) == count(15)


# Findings resolved to objects --------------------------------------------------------------


def test_findings_point_at_their_objective_or_key_result(owner, teammate, cycle, marketing):
    first = make_objective(cycle, marketing, teammate, "Make our leads noticeably better")
    second = make_objective(cycle, marketing, teammate, "Generate 53 MQLs")
    make_key_result(second, "Retired", state=GoalState.RETIRED)
    kr = make_key_result(second, "Launch a new website")
    objectives = selectors.unit_objectives(marketing, [cycle])
    spec = selectors.spec_for_unit(marketing, cycle, objectives=objectives)
    findings = [
        Finding("OBJ_COUNT", "file", "Only two objectives."),
        Finding("OBJ_NOT_QUALITATIVE", "objectives[1]", "A number."),
        Finding("KR_IS_TASK", "objectives[1].key_results[0]", "A task."),
        Finding("NOT_ALIGNED", "objectives[0]", "Supports nothing."),
        Finding("KR_IS_TASK", "objectives[7].key_results[0]", "Out of range."),
    ]
    # when
    resolved = selectors.resolve_findings(findings, spec, objectives)
    # then
    assert [(r.objective, r.key_result) for r in resolved] == [
        (None, None),
        (second, None),
        (second, kr),  # index 0 among the active key results, not the retired one
        (first, None),
        (None, None),
    ]
    assert resolved[1].severity_label == "Not an OKR"
    assert str(resolved[1].code.title) == "Objective is a number"


# Patterns over time ------------------------------------------------------------------------


def test_sandbagging_needs_two_closed_cycles_of_aspirational_objectives_at_full_score(
    org, owner, teammate, cycle, marketing
):
    # given: two closed cycles in which every aspirational objective ended at 0.95 or more
    for quarters_ago in (1, 2):
        past = make_cycle(org, f"Q-{quarters_ago}", quarters_ago=quarters_ago)
        make_objective(past, marketing, teammate, f"Delight users {quarters_ago}", final_score=1.0)
        make_objective(past, marketing, teammate, f"Win fans {quarters_ago}", final_score=0.96)
        # committed objectives are meant to reach 1.0: they do not count
        make_objective(
            past, marketing, teammate, f"Keep SLAs {quarters_ago}", kind="committed", final_score=1
        )
    # when
    patterns = _patterns(marketing, cycle)
    # then
    assert patterns.sandbagging
    assert [p.cycle.name for p in patterns.cycles] == ["Current quarter", "Q-1", "Q-2"]
    closed = patterns.cycles[1]
    assert (closed.aspirational, closed.aspirational_high, closed.sandbagged) == (2, 2, True)
    assert closed.aspirational_average == pytest.approx(0.98)


def test_one_safe_cycle_or_ambitious_scores_are_not_sandbagging(
    org, owner, teammate, cycle, marketing
):
    safe = make_cycle(org, "Q-1", quarters_ago=1)
    make_objective(safe, marketing, teammate, "Delight users", final_score=1.0)
    ambitious = make_cycle(org, "Q-2", quarters_ago=2)
    make_objective(ambitious, marketing, teammate, "Win fans", final_score=0.7)
    make_objective(ambitious, marketing, teammate, "Delight users", final_score=1.0)
    # the running cycle's progress counts for the average but never for the verdict
    make_objective(cycle, marketing, teammate, "Be loved", final_score=1.0)

    patterns = _patterns(marketing, cycle)

    assert [p.sandbagged for p in patterns.cycles] == [False, True, False]
    assert not patterns.sandbagging


def test_key_results_stuck_at_their_start(org, owner, teammate, cycle, marketing):
    # given: a closed cycle with a key result never checked in, one back at its start,
    # one that moved
    past = make_cycle(org, "Q-1", quarters_ago=1)
    objective = make_objective(past, marketing, teammate, "Make our leads better")
    make_key_result(objective, "Never checked in")
    make_key_result(objective, "Back at start", current=10, checked_in_days_ago=100)
    make_key_result(objective, "Moved", current=14, checked_in_days_ago=100)
    # the running cycle is half over (45 of 90 days): too early to call anything stuck
    running = make_objective(cycle, marketing, teammate, "Be loved")
    make_key_result(running, "Not yet checked in")
    # when
    patterns = _patterns(marketing, cycle)
    # then
    current, closed = patterns.cycles
    assert (closed.stuck, closed.key_results) == (2, 3)
    assert current.stuck is None
    assert patterns.stuck_total == 2


def test_stuck_counts_in_the_running_cycle_after_half_of_it(org, owner, teammate, marketing):
    late = Cycle.objects.create(
        organization=org,
        name="Late",
        start=TODAY - dt.timedelta(days=70),
        end=TODAY + dt.timedelta(days=20),
        state=CycleState.ACTIVE,
    )
    objective = make_objective(late, marketing, teammate, "Be loved")
    make_key_result(objective, "Not yet checked in")
    make_key_result(objective, "Moved", current=12, checked_in_days_ago=2)

    (row,) = _patterns(marketing, late).cycles

    assert row.stuck == 1


def test_stale_share_and_top_down_mix_per_cycle(org, owner, teammate, cycle, marketing):
    # given: the running cycle with one fresh and one stale key result, one of two
    # objectives top-down
    first = make_objective(cycle, marketing, teammate, "Be loved", origin="top_down")
    make_key_result(first, "Fresh", current=12, checked_in_days_ago=3)
    make_key_result(first, "Stale", current=12, checked_in_days_ago=20)
    make_objective(cycle, marketing, teammate, "Win fans")
    # a past cycle, all bottom-up, whose check-ins stopped long before its end
    past = make_cycle(org, "Q-1", quarters_ago=1)
    old = make_objective(past, marketing, teammate, "Old")
    make_key_result(old, "Forgotten", current=12, checked_in_days_ago=130)
    make_objective(past, marketing, teammate, "Older")
    make_objective(past, marketing, teammate, "Oldest")
    # when
    current, closed = _patterns(marketing, cycle).cycles
    # then
    assert (current.stale, current.key_results, current.stale_share) == (1, 2, 0.5)
    # two objectives are too few to judge the mix (as ORIGIN_MIX): shown, not flagged
    assert current.top_down_share == 0.5 and not current.mix_far
    assert closed.stale_share == 1.0
    assert closed.top_down_share == 0.0 and closed.mix_far


def test_a_key_result_that_reached_its_target_is_not_counted_stale(
    org, owner, teammate, cycle, marketing
):
    # given: three key results without a check-in for 20 days, one of them at its target
    objective = make_objective(cycle, marketing, teammate, "Be loved")
    make_key_result(objective, "Done", current=20, checked_in_days_ago=20)
    make_key_result(objective, "Beyond", current=25, checked_in_days_ago=20)
    make_key_result(objective, "Halfway", current=15, checked_in_days_ago=20)
    # when
    (row,) = _patterns(marketing, cycle).cycles
    # then
    assert (row.stale, row.key_results) == (1, 3)


def test_the_mix_of_the_top_level_is_never_far(org, owner, teammate, cycle, company):
    for title in ("A", "B", "C"):
        make_objective(cycle, company, owner, title, origin="top_down")
    cycles = selectors.pattern_cycles(company, cycle)
    objectives = selectors.unit_objectives(company, cycles)

    (below,) = selectors.patterns(cycles, objectives, TODAY).cycles
    (top,) = selectors.patterns(cycles, objectives, TODAY, top_level=True).cycles

    assert below.mix_far and not top.mix_far
    assert top.top_down_share == 1.0


def test_pattern_cycles_are_the_last_six_with_objectives_up_to_the_selected_one(
    org, owner, teammate, cycle, marketing
):
    for quarters_ago in range(1, 9):
        past = make_cycle(org, f"Q-{quarters_ago}", quarters_ago=quarters_ago)
        if quarters_ago != 3:  # a cycle without marketing objectives is skipped
            make_objective(past, marketing, teammate, f"Objective {quarters_ago}")
    later = make_cycle(org, "Next", quarters_ago=-1, state=CycleState.PLANNING)
    make_objective(later, marketing, teammate, "Next quarter’s")

    names = [c.name for c in selectors.pattern_cycles(marketing, cycle)]

    assert names == ["Current quarter", "Q-1", "Q-2", "Q-4", "Q-5", "Q-6"]


def test_patterns_read_a_fixed_number_of_queries(org, owner, teammate, cycle, marketing):
    def count(n: int) -> int:
        Objective.objects.filter(unit=marketing).delete()
        Cycle.objects.exclude(pk=cycle.pk).delete()
        for quarters_ago in range(0, 4):
            here = (
                cycle
                if quarters_ago == 0
                else make_cycle(org, f"Q-{quarters_ago}", quarters_ago=quarters_ago)
            )
            for i in range(n):
                objective = make_objective(here, marketing, teammate, f"O {i}", final_score=0.7)
                for j in range(3):
                    make_key_result(objective, f"KR {i}.{j}", checked_in_days_ago=j)
        with CaptureQueriesContext(connection) as queries:
            patterns = _patterns(marketing, cycle)
        assert len(patterns.cycles) == 4
        assert patterns.cycles[1].key_results == 3 * n
        return len(queries)

    assert count(2) == count(10)


# Alignment candidates ----------------------------------------------------------------------


def test_parent_candidates_come_from_the_nearest_unit_above_with_objectives(
    owner, teammate, cycle, company, marketing
):
    from kurs.orgs import actions as org_actions

    team = org_actions.do_create_unit(owner, name="Content team", parent=marketing)
    top = make_objective(cycle, company, owner, "Grow revenue in the mid-market")
    # marketing has nothing in this cycle: the company is the nearest unit with objectives
    assert selectors.parent_candidates(team, cycle) == (company, [top])
    middle = make_objective(cycle, marketing, teammate, "Make our leads better")
    unit, candidates = selectors.parent_candidates(team, cycle)
    assert (unit, candidates) == (marketing, [middle])
    assert selectors.parent_candidates(company, cycle) == (None, [])
