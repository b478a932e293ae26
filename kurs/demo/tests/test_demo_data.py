"""The demo company: structure, people, cycles, the status mix and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from kurs.demo.demo_data import DEMO_PASSWORD, ORGANIZATION_NAME, load_demo
from kurs.goals import scoring
from kurs.goals.models import (
    AuditEvent,
    CheckIn,
    Cycle,
    CycleState,
    GoalState,
    Initiative,
    KeyResult,
    Metric,
    Objective,
)
from kurs.goals.scoring import Status
from kurs.orgs.models import Membership, MembershipRole, Organization, Role, Unit, User

pytestmark = pytest.mark.django_db

EXPECTED_TREE = {
    ORGANIZATION_NAME: None,
    "Geschäftsführung": ORGANIZATION_NAME,
    "Marketing": ORGANIZATION_NAME,
    "Vertrieb": ORGANIZATION_NAME,
    "Service": ORGANIZATION_NAME,
    "Content & Kampagnen": "Marketing",
    "Produktmarketing": "Marketing",
    "Vertrieb DACH": "Vertrieb",
    "Key Account": "Vertrieb",
    "Technischer Service": "Service",
    "Ersatzteile": "Service",
}


@pytest.fixture
def demo():
    return load_demo()


def test_units_and_people(demo):
    organization = demo.organization
    assert demo.created and organization.name == ORGANIZATION_NAME
    units = Unit.objects.filter(organization=organization).select_related("parent")
    assert {u.name: (u.parent.name if u.parent else None) for u in units} == EXPECTED_TREE
    leads = Counter(
        Membership.objects.filter(
            unit__organization=organization, role=MembershipRole.LEAD
        ).values_list("unit__name", flat=True)
    )
    assert set(leads) == set(EXPECTED_TREE) and set(leads.values()) == {1}

    people = list(User.objects.filter(organization=organization))
    assert 12 <= len(people) <= 16
    roles = Counter(p.role for p in people)
    assert roles[Role.ADMIN] == 1 and roles[Role.VIEWER] == 1
    assert all(p.email.endswith("@muster-maschinenbau.de") for p in people)
    assert all(p.check_password(DEMO_PASSWORD) for p in people)
    assert sorted(p.language for p in people if p.language) == ["en"]
    assert {login.email for login in demo.logins} == {p.email for p in people}


def test_is_idempotent(demo):
    counts = (User.objects.count(), Objective.objects.count(), CheckIn.objects.count())
    again = load_demo()
    assert not again.created
    assert again.organization == demo.organization
    assert Organization.objects.filter(name=ORGANIZATION_NAME).count() == 1
    assert (User.objects.count(), Objective.objects.count(), CheckIn.objects.count()) == counts


def test_previous_quarter_is_closed_with_final_grades(demo):
    closed = Cycle.objects.get(organization=demo.organization, state=CycleState.CLOSED)
    objectives = list(Objective.objects.filter(cycle=closed).with_scoring())
    assert objectives and all(o.final_score is not None for o in objectives)
    assert {o.grade_band for o in objectives} == set(scoring.Band)
    assert AuditEvent.objects.filter(objective__cycle=closed, verb="graded").count() == len(
        objectives
    )


def test_current_quarter_contains_today_with_weeks_of_check_ins(demo):
    current = Cycle.objects.get(organization=demo.organization, state=CycleState.ACTIVE)
    today = timezone.localdate()
    assert current.start <= today <= current.end
    check_ins = CheckIn.objects.filter(key_result__objective__cycle=current)
    weeks = {c.created_at.date() for c in check_ins}
    assert 5 <= len(weeks) <= 8
    assert all(c.created_at <= timezone.now() for c in check_ins)
    assert check_ins.exclude(comment="").count() >= 20
    # The check-ins went through do_check_in: each is in the history.
    assert (
        AuditEvent.objects.filter(objective__cycle=current, verb="checked_in").count()
        == check_ins.count()
    )
    for key_result in KeyResult.objects.filter(objective__cycle=current):
        latest = key_result.check_ins.order_by("-created_at").first()
        assert key_result.current == (latest.value if latest else None)


def test_status_mix_and_goal_variety(demo):
    current = Cycle.objects.get(organization=demo.organization, state=CycleState.ACTIVE)
    objectives = list(Objective.objects.filter(cycle=current).with_scoring())
    active = [o for o in objectives if o.is_active]
    statuses = Counter(o.status for o in active)
    assert set(statuses) == set(Status), statuses
    assert statuses[Status.ON_TRACK] >= 3
    assert {o.kind for o in active} == {"committed", "aspirational"}
    assert {o.origin for o in active} == {"top_down", "bottom_up"}
    metrics = set(
        KeyResult.objects.filter(objective__cycle=current).values_list("metric", flat=True)
    )
    assert metrics == set(Metric.values)
    assert any(o.alignments.filter(parent_objective__isnull=False).exists() for o in active)
    assert any(o.alignments.filter(parent_key_result__isnull=False).exists() for o in active)
    initiatives = Initiative.objects.filter(organization=demo.organization)
    assert initiatives.filter(done=True).exists() and initiatives.filter(done=False).exists()
    assert not initiatives.filter(due__isnull=True).exists()


def test_a_retired_objective_with_reason_and_replacement(demo):
    retired = Objective.objects.get(organization=demo.organization, state=GoalState.RETIRED)
    assert retired.retired_reason
    assert retired.replaced_by is not None and retired.replaced_by.is_active
    assert AuditEvent.objects.filter(objective=retired, verb="retired").exists()


@pytest.mark.parametrize("weekday", range(7))
def test_status_mix_holds_on_every_weekday(weekday):
    # The quarter is placed by the week, so the pace moves a little with the weekday;
    # the colours must not.
    monday = dt.date(2025, 3, 3)
    today = monday + dt.timedelta(days=weekday)
    load_demo(today=today)
    current = Cycle.objects.get(state=CycleState.ACTIVE)
    elapsed = current.elapsed_fraction(today)
    statuses = {
        o.title: scoring.pace_status(o.progress, elapsed, started=o.started)
        for o in Objective.objects.filter(cycle=current).active().with_scoring()
    }
    assert Counter(statuses.values()) == {
        Status.ON_TRACK: 6,
        Status.AT_RISK: 3,
        Status.OFF_TRACK: 3,
        Status.NOT_STARTED: 1,
    }, statuses
