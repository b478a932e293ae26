"""The synthetic organization generator: shape, consistency, status mix, determinism."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from django.db.models import Count
from django.utils import timezone

from kurs.demo.generate import generate_organization, plan_tree
from kurs.goals.models import (
    Alignment,
    CheckIn,
    Cycle,
    CycleState,
    Initiative,
    KeyResult,
    Objective,
)
from kurs.goals.scoring import Status
from kurs.orgs.models import Membership, MembershipRole, Organization, Role, Unit, User

pytestmark = pytest.mark.django_db


def test_generates_people_units_and_an_active_half_elapsed_cycle():
    messages: list[str] = []
    organization = generate_organization("Synth AG", 120, seed=4, progress=messages.append)

    assert User.objects.filter(organization=organization).count() == 120
    assert User.objects.filter(organization=organization, role=Role.ADMIN).count() == 1
    units = list(Unit.objects.filter(organization=organization))
    assert len(units) > 10
    assert max(u.depth for u in units) >= 2
    by_id = {u.pk: u for u in units}
    for unit in units:
        if unit.parent_id is not None:
            assert unit.depth == by_id[unit.parent_id].depth + 1
    # One lead per unit; everyone belongs to exactly one unit.
    leads = Counter(
        Membership.objects.filter(
            unit__organization=organization, role=MembershipRole.LEAD
        ).values_list("unit_id", flat=True)
    )
    assert set(leads) == set(by_id) and set(leads.values()) == {1}
    assert Membership.objects.filter(unit__organization=organization).count() == 120
    parents = {u.parent_id for u in units}
    for team in (u for u in units if u.pk not in parents):
        assert 6 <= team.memberships.count() <= 10, team.name

    cycle = Cycle.objects.get(organization=organization)
    today = timezone.localdate()
    assert cycle.state == CycleState.ACTIVE and cycle.start <= today <= cycle.end
    assert 0.4 < cycle.elapsed_fraction() < 0.6
    assert messages, "progress is reported"


def test_objectives_key_results_and_a_mix_of_statuses():
    organization = generate_organization("Mix GmbH", 60, seed=1)
    unit_count = Unit.objects.filter(organization=organization).count()
    objectives = list(Objective.objects.filter(organization=organization).with_scoring())
    assert len(objectives) == 3 * unit_count
    assert all(len(o.key_results.all()) == 3 for o in objectives)
    statuses = Counter(o.status for o in objectives)
    assert set(statuses) == set(Status), statuses
    assert statuses[Status.ON_TRACK] > statuses[Status.NOT_STARTED]
    assert {o.kind for o in objectives} == {"committed", "aspirational"}
    assert {o.origin for o in objectives} == {"top_down", "bottom_up"}
    assert Initiative.objects.filter(organization=organization).exists()


def test_alignments_point_one_level_up():
    organization = generate_organization("Cascade KG", 90, seed=2)
    alignments = list(
        Alignment.objects.filter(objective__organization=organization).select_related(
            "objective__unit", "parent_objective__unit", "parent_key_result__objective__unit"
        )
    )
    assert any(a.parent_objective_id for a in alignments)
    assert any(a.parent_key_result_id for a in alignments)
    for alignment in alignments:
        parent = alignment.parent_objective
        if parent is None:
            assert alignment.parent_key_result is not None
            parent = alignment.parent_key_result.objective
        assert parent.unit_id == alignment.objective.unit.parent_id


def test_current_value_matches_the_latest_check_in():
    organization = generate_organization("Consistent SE", 40, seed=3)
    key_results = KeyResult.objects.filter(objective__organization=organization)
    checked = 0
    for key_result in key_results:
        latest = key_result.check_ins.order_by("-created_at", "-pk").first()
        if latest is None:
            assert key_result.current is None and key_result.last_check_in_at is None
            continue
        checked += 1
        assert key_result.current == latest.value
        assert key_result.last_check_in_at == latest.created_at
        assert key_result.confidence == latest.confidence
        assert latest.author_id == key_result.owner_id
        assert latest.created_at.date() <= timezone.localdate()
    assert checked > 0
    weeks = (
        CheckIn.objects.filter(key_result__objective__organization=organization)
        .values("key_result")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert set(weeks) == {6}, "one check-in per elapsed week"


def test_rows_pass_the_models_own_validation():
    organization = generate_organization("Valid GmbH", 50, seed=5)
    for user in User.objects.filter(organization=organization):
        user.full_clean(exclude=["password"])
    for unit in Unit.objects.filter(organization=organization):
        unit.full_clean()
    for objective in Objective.objects.filter(organization=organization):
        objective.full_clean()
    for key_result in KeyResult.objects.filter(objective__organization=organization):
        key_result.full_clean()


def _signature(organization: Organization) -> tuple[Any, ...]:
    units = list(
        Unit.objects.filter(organization=organization)
        .order_by("pk")
        .values_list("name", "depth")[1:]
    )
    people = list(
        User.objects.filter(organization=organization).order_by("pk").values_list("name", "role")
    )
    objectives = [
        (o.title, o.kind, o.origin, o.status, [(k.title, k.current) for k in o.key_results.all()])
        for o in Objective.objects.filter(organization=organization).with_scoring().order_by("pk")
    ]
    check_ins = list(
        CheckIn.objects.filter(key_result__objective__organization=organization)
        .order_by("pk")
        .values_list("value", "confidence", "comment", "created_at")
    )
    return units, people, objectives, check_ins


def test_same_seed_same_organization():
    first = generate_organization("Twin A", 70, seed=7)
    second = generate_organization("Twin B", 70, seed=7)
    other = generate_organization("Other C", 70, seed=8)
    assert _signature(first) == _signature(second)
    assert _signature(first) != _signature(other)


@pytest.mark.parametrize("people", [1, 2, 3, 7])
def test_tiny_organizations(people):
    organization = generate_organization(f"Tiny {people}", people)
    assert User.objects.filter(organization=organization).count() == people
    assert Objective.objects.filter(organization=organization).exists()


def test_email_domains_do_not_collide():
    generate_organization("Same Name", 5)
    generate_organization("same name", 5)
    assert User.objects.count() == 10


def test_tree_depth_grows_with_size():
    def plan(people: int) -> tuple[int, list[Any], list[Any]]:
        plans = plan_tree(people, random.Random(0))
        teams = [p for p in plans if p.height == 0]
        # Levels below the company: the top-level units have depth 0 before attaching.
        return 1 + max(p.depth for p in plans), teams, plans

    small_depth, _, _ = plan(40)
    medium_depth, _, _ = plan(1_000)
    large_depth, teams, plans = plan(10_000)
    assert small_depth < medium_depth < large_depth
    assert all(6 <= team.size <= 10 for team in teams)
    # Everyone is placed: team members plus one lead per higher unit plus the company lead.
    assert sum(p.size for p in plans) + 1 == 10_000
    assert all(len(p.children) <= 7 for p in plans)
    assert len([p for p in plans if p.parent is None]) <= 6
