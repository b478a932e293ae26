"""`export_okr_set` and the round trip export → file → import."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurs.coach import okrfile
from kurs.coach.spec import OkrSet
from kurs.goals import actions as goal_actions
from kurs.goals.models import AuditEvent, Cycle, KeyResult, Objective
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Organization, Role, Unit
from kurs.transfer.okrfile_io import export_okr_set, import_okr_set

pytestmark = pytest.mark.django_db


def _export_text(organization: Organization, unit_name: str, cycle_name: str) -> str:
    unit = Unit.objects.get(organization=organization, name=unit_name)
    cycle = Cycle.objects.get(organization=organization, name=cycle_name)
    return okrfile.dumps(export_okr_set(organization, unit, cycle))


def _okrs(organization: Organization) -> list[dict[str, Any]]:
    """Everything a file carries about an organization's OKRs, people by email name."""
    objectives = (
        Objective.objects.filter(organization=organization)
        .select_related("unit", "owner", "cycle")
        .prefetch_related("key_results__owner", "alignments__parent_objective__unit")
        .prefetch_related("alignments__parent_key_result__objective__unit")
        .order_by("unit__name", "title")
    )
    return [
        {
            "cycle": (o.cycle.name, o.cycle.start, o.cycle.end),
            "unit": o.unit.name,
            "title": o.title,
            "description": o.description,
            "kind": o.kind,
            "origin": o.origin,
            "owner": o.owner.email.split("@")[0],
            "aligned_to": sorted(
                f"{a.parent.objective.unit.name if isinstance(a.parent, KeyResult) else a.parent.unit.name}: {a.parent.title}"  # noqa: E501
                for a in o.alignments.all()
            ),
            "key_results": [
                (
                    kr.title,
                    kr.metric,
                    kr.start,
                    kr.target,
                    kr.range_min,
                    kr.range_max,
                    kr.unit_label,
                    kr.owner.email.split("@")[0],
                )
                for kr in o.key_results.order_by("position", "pk")
            ],
        }
        for o in objectives
    ]


def test_export_states_what_a_file_holds(
    org, owner, teammate, marketing, cycle, sales_objective, marketing_file
):
    # given
    import_okr_set(org, okrfile.read(marketing_file), actor=owner)

    # when
    okrs = export_okr_set(org, marketing, cycle)

    # then
    assert (okrs.unit, okrs.top_level, okrs.lang) == ("Marketing", False, None)
    assert okrs.cycle is not None
    assert (okrs.cycle.name, okrs.cycle.start, okrs.cycle.end) == (
        cycle.name,
        cycle.start,
        cycle.end,
    )
    leads, experts = okrs.objectives
    assert (leads.title, leads.kind, leads.origin, leads.owner) == (
        "Make our leads noticeably better",
        "committed",
        "top_down",
        "bob@muster.example",
    )
    assert leads.aligned_to == ["Sales: Grow revenue with mid-sized companies"]
    assert experts.aligned_to == ["Sales: Win 40 new mid-sized customers"]
    rate, call = leads.key_results
    assert (rate.metric, rate.start, rate.target, rate.unit, rate.owner) == (
        "increase",
        12,
        20,
        "per 100",
        "",  # the objective's owner, so not repeated
    )
    assert call.owner == "alice@muster.example"
    cost = experts.key_results[0]
    assert (cost.metric, cost.start, cost.target, cost.unit) == ("range", 80, 120, "€")


def test_export_leaves_out_retired_objectives_and_key_results(
    org, owner, objective, marketing, cycle
):
    goal_actions.do_create_key_result(
        owner, objective, title="Retired one", start=1, target=2, metric="increase"
    )
    retired = objective.key_results.get(title="Retired one")
    goal_actions.do_retire_key_result(owner, retired, reason="Measured the wrong thing")

    okrs = export_okr_set(org, marketing, cycle)

    assert [kr.title for kr in okrs.objectives[0].key_results] == [
        "Raise lead-to-offer rate from 12 to 20 per 100 leads"
    ]


def test_round_trip_into_the_same_organization_changes_nothing(
    org, owner, marketing, cycle, sales_objective, marketing_file
):
    # given
    import_okr_set(org, okrfile.read(marketing_file), actor=owner)
    before = (_okrs(org), AuditEvent.objects.count())
    text = _export_text(org, "Marketing", cycle.name)

    # when
    report = import_okr_set(org, okrfile.loads(text, path="marketing.yaml"), actor=owner)

    # then
    assert report.problems == []
    assert {c.action for c in report.changes} == {"unchanged"}
    assert (_okrs(org), AuditEvent.objects.count()) == before


def _with_domain(okrs: OkrSet, domain: str) -> OkrSet:
    """The same people in another organization: same names, that organization's domain."""

    def move(email: str) -> str:
        return f"{email.split('@')[0]}@{domain}" if email else ""

    for objective in okrs.objectives:
        objective.owner = move(objective.owner)
        for key_result in objective.key_results:
            key_result.owner = move(key_result.owner)
    return okrs


def test_round_trip_into_another_organization_gives_the_same_okrs(
    org, owner, marketing, cycle, sales_objective, marketing_file
):
    # given: Muster GmbH's OKRs, and a second organization with the same units and people
    import_okr_set(org, okrfile.read(marketing_file), actor=owner)
    copy = org_actions.do_create_organization("Copy AG")
    top = Unit.objects.get(organization=copy, parent=None)
    alice = org_actions.do_create_person(
        None, organization=copy, email="alice@copy.example", name="Alice", role=Role.ADMIN
    )
    org_actions.do_create_person(None, organization=copy, email="bob@copy.example", name="Bob")
    for name in ("Sales", "Marketing"):
        org_actions.do_create_unit(alice, name=name, parent=top)

    # when: Sales first, so that Marketing's alignments find their parents
    for unit_name in ("Sales", "Marketing"):
        okrs = okrfile.loads(_export_text(org, unit_name, cycle.name), path=f"{unit_name}.yaml")
        report = import_okr_set(copy, _with_domain(okrs, "copy.example"), actor=alice)
        assert report.problems == []

    # then
    assert _okrs(copy) == _okrs(org)
    assert len(_okrs(copy)) == 3


def _objectives_with_key_results(owner, cycle, unit, parent, count: int) -> None:
    for n in range(count):
        objective = goal_actions.do_create_objective(
            owner,
            cycle=cycle,
            unit=unit,
            owner=owner,
            title=f"Delight customer group {n}",
            parents=[("objective", parent.pk)],
        )
        for m in range(2):
            goal_actions.do_create_key_result(
                owner, objective, title=f"Raise NPS {m}", start=10, target=40, metric="increase"
            )


def test_export_reads_a_fixed_number_of_queries(
    org, owner, marketing, sales, cycle, sales_objective
):
    counts = []
    for size in (2, 8):
        Objective.objects.filter(unit=marketing).delete()
        _objectives_with_key_results(owner, cycle, marketing, sales_objective, size)
        with CaptureQueriesContext(connection) as queries:
            okrs = export_okr_set(org, marketing, cycle)
            okrfile.dumps(okrs)
        assert len(okrs.objectives) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3
