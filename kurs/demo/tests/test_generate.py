"""The synthetic organization generator: shape, consistency, status mix, determinism."""

from __future__ import annotations

import datetime as dt
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
from kurs.strategy import selectors
from kurs.strategy.actions import snapshot
from kurs.strategy.models import (
    Acceptance,
    Framework,
    Section,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)

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
    strategy = list(
        StrategyItem.objects.filter(document__organization=organization)
        .order_by("pk")
        .values_list("section", "position", "title", "supports__title", "current")
    )
    return units, people, objectives, check_ins, strategy


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


# Strategy documents -----------------------------------------------------------------------


def test_a_v2mom_per_unit_derived_from_the_unit_above():
    organization = generate_organization("Strategie AG", 120, seed=4)
    period = StrategyPeriod.objects.get(organization=organization)
    today = timezone.localdate()
    assert (period.name, period.start, period.end) == (
        str(today.year),
        dt.date(today.year, 1, 1),
        dt.date(today.year, 12, 31),
    )
    units = {u.pk: u for u in Unit.objects.filter(organization=organization)}
    documents = list(StrategyDocument.objects.filter(period=period).select_related("parent"))
    by_unit = {d.unit_id: d for d in documents if d.unit_id is not None}
    assert set(by_unit) == set(units)
    assert {d.framework for d in documents} == {Framework.V2MOM}
    for unit_id, document in by_unit.items():
        parent_unit = units[unit_id].parent_id
        assert document.parent_id == (by_unit[parent_unit].pk if parent_unit else None)
    # Methods support the parent document's methods; a few support nothing (art projects).
    methods = StrategyItem.objects.filter(
        document__period=period, section=Section.METHODS
    ).select_related("document", "supports")
    below = [m for m in methods if m.document.parent_id is not None]
    assert below and all(
        m.supports is None
        or (m.supports.document_id == m.document.parent_id and m.supports.section == "methods")
        for m in below
    )
    assert any(m.supports is None for m in below)
    assert any(m.supports is not None for m in below)


def test_personal_documents_derive_from_the_team_document():
    organization = generate_organization("Persönlich GmbH", 120, seed=4)
    personal = list(
        StrategyDocument.objects.filter(organization=organization, person__isnull=False)
    )
    assert len(personal) >= 3
    for document in personal:
        assert document.parent is not None and document.parent.unit is not None
        assert Membership.objects.filter(user=document.person, unit=document.parent.unit).exists()
        supported = {m.supports_id for m in document.items.filter(section=Section.METHODS)}
        assert supported <= set(
            document.parent.items.filter(section=Section.METHODS).values_list("pk", flat=True)
        )


def test_objectives_carry_methods_and_measures_follow_key_results():
    organization = generate_organization("Verbunden KG", 90, seed=2)
    methods = StrategyItem.objects.filter(
        document__organization=organization, objectives__isnull=False
    ).distinct()
    assert methods.exists()
    for method in methods.select_related("document"):
        assert {o.unit_id for o in method.objectives.all()} == {method.document.unit_id}
    measures = StrategyItem.objects.filter(
        document__organization=organization, key_result__isnull=False
    ).select_related("key_result")
    assert measures.exists()
    for measure in measures:
        key_result = measure.key_result
        assert key_result is not None
        assert measure.current == key_result.value
        assert (measure.start, measure.target) == (key_result.start, key_result.target)
    assert Acceptance.objects.filter(organization=organization).exists()


def test_each_document_has_a_first_version_with_its_snapshot():
    organization = generate_organization("Versioniert SE", 60, seed=3)
    documents = StrategyDocument.objects.filter(organization=organization)
    for document in documents.prefetch_related("versions", "items"):
        (version,) = document.versions.all()
        assert (version.number, document.version) == (1, 1)
        assert version.change == {"verb": "created"}
        assert version.author_id is not None
        assert sorted(i["id"] for i in version.snapshot["items"]) == sorted(
            i.pk for i in document.items.all()
        )
        assert version.snapshot["statement"] == document.statement
    # The snapshots are exactly what the actions would have written.
    for document in documents:
        assert document.versions.get().snapshot == snapshot(document), document


def test_the_cascade_of_a_generated_organization_shows_colours_and_gaps():
    organization = generate_organization("Kaskade AG", 120, seed=6)
    admin = User.objects.get(organization=organization, role=Role.ADMIN)
    period = StrategyPeriod.objects.get(organization=organization)
    tree = selectors.cascade(admin, period, Framework.V2MOM)
    assert len(tree.nodes) == StrategyDocument.objects.filter(organization=organization).count()
    assert any(n.unsupported for n in tree.nodes) and any(n.art_projects for n in tree.nodes)
    colours = Counter(i.status for n in tree.nodes for i in n.items)  # type: ignore[attr-defined]
    assert {Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK} <= set(colours), colours


def test_strategy_rows_pass_the_models_own_validation():
    organization = generate_organization("Sauber GmbH", 50, seed=5)
    for document in StrategyDocument.objects.filter(organization=organization):
        document.full_clean()
    for item in StrategyItem.objects.filter(document__organization=organization):
        item.full_clean()
    StrategyPeriod.objects.get(organization=organization).full_clean()
