"""The demo company: structure, people, cycles, the status mix and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from kurs.demo.demo_data import DEMO_PASSWORD, ORGANIZATION_NAME, load_demo
from kurs.goals import actions as goals
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
from kurs.strategy import colors, selectors
from kurs.strategy.models import (
    AcceptanceState,
    DocumentVersion,
    Framework,
    ItemState,
    Meeting,
    Section,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)

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


def _counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Objective.objects.count(),
        CheckIn.objects.count(),
        StrategyDocument.objects.count(),
        DocumentVersion.objects.count(),
    )


def test_is_idempotent(demo):
    counts = _counts()
    again = load_demo()
    assert not again.created
    assert again.organization == demo.organization
    assert Organization.objects.filter(name=ORGANIZATION_NAME).count() == 1
    assert _counts() == counts


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
    load_demo(today=today, strategy=False)
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


# Strategy documents -----------------------------------------------------------------------


def _this_year(demo) -> StrategyPeriod:
    today = timezone.localdate()
    return StrategyPeriod.objects.get(
        organization=demo.organization, start__lte=today, end__gte=today
    )


def _document(period, framework, unit_name) -> StrategyDocument:
    return StrategyDocument.objects.get(period=period, framework=framework, unit__name=unit_name)


def _active(document, section) -> list[StrategyItem]:
    return list(document.items.filter(section=section, state=ItemState.ACTIVE))


def _admin(demo) -> User:
    return User.objects.get(organization=demo.organization, role=Role.ADMIN)


def test_company_v2mom_and_mspot_for_the_year(demo):
    demo.organization.refresh_from_db()
    assert demo.organization.frameworks == [Framework.V2MOM, Framework.MSPOT]
    period = _this_year(demo)
    assert (period.name, period.start.month, period.start.day) == (str(period.start.year), 1, 1)
    assert (period.end.month, period.end.day, period.end.year) == (12, 31, period.start.year)

    v2mom = _document(period, Framework.V2MOM, ORGANIZATION_NAME)
    assert v2mom.parent is None and v2mom.statement
    assert len(_active(v2mom, Section.VALUES)) == 4
    methods = _active(v2mom, Section.METHODS)
    assert 4 <= len(methods) <= 5
    assert [m.position for m in methods] == list(range(1, len(methods) + 1))
    assert all(m.picture_of_success and m.has_resources for m in methods)
    assert all(m.acceptances.exists() for m in methods)
    obstacles = _active(v2mom, Section.OBSTACLES)
    assert len(obstacles) == 3
    assert all(o.owner_id and o.method_id in {m.pk for m in methods} for o in obstacles)
    measures = _active(v2mom, Section.MEASURES)
    assert len(measures) == 4
    assert all(m.start is not None and m.target is not None for m in measures)
    fed = [m for m in measures if m.key_result_id]
    by_hand = [m for m in measures if not m.key_result_id]
    assert len(fed) >= 2 and by_hand
    assert all(m.current is not None and m.current_updated_at for m in by_hand)

    mspot = _document(period, Framework.MSPOT, ORGANIZATION_NAME)
    assert mspot.statement and mspot.strategy
    assert 3 <= len(_active(mspot, Section.PLAYS)) <= 4
    omissions = _active(mspot, Section.OMISSIONS)
    assert len(omissions) == 3 and all(o.reason for o in omissions)
    assert len(_active(mspot, Section.TARGETS)) == 3


def test_sign_offs_are_accepted_waiting_and_declined(demo):
    v2mom = _document(_this_year(demo), Framework.V2MOM, ORGANIZATION_NAME)
    acceptances = [a for m in _active(v2mom, Section.METHODS) for a in m.acceptances.all()]
    states = Counter(a.state for a in acceptances)
    assert set(states) == set(AcceptanceState.values), states
    declined = next(a for a in acceptances if a.state == AcceptanceState.DECLINED)
    assert declined.comment and declined.decided_by is not None


def test_documents_derive_from_the_level_above(demo):
    period = _this_year(demo)
    company_v2mom = _document(period, Framework.V2MOM, ORGANIZATION_NAME)
    company_mspot = _document(period, Framework.MSPOT, ORGANIZATION_NAME)
    for name in ("Vertrieb", "Marketing"):
        department = _document(period, Framework.V2MOM, name)
        assert department.parent == company_v2mom
        supported = {m.supports_id for m in _active(department, Section.METHODS)}
        assert supported & {m.pk for m in _active(company_v2mom, Section.METHODS)}
    service = _document(period, Framework.MSPOT, "Service")
    assert service.parent == company_mspot
    plays = {p.pk for p in _active(company_mspot, Section.PLAYS)}
    assert {p.supports_id for p in _active(service, Section.PLAYS)} <= plays
    team = _document(period, Framework.V2MOM, "Vertrieb DACH")
    assert team.parent == _document(period, Framework.V2MOM, "Vertrieb")
    personal = StrategyDocument.objects.get(period=period, person__isnull=False)
    assert personal.parent == team
    team_methods = {m.pk for m in _active(team, Section.METHODS)}
    assert {m.supports_id for m in _active(personal, Section.METHODS)} <= team_methods


def test_colours_come_from_the_real_okr_statuses(demo):
    period = _this_year(demo)
    automatic = 0
    statuses: Counter[str] = Counter()
    for document in StrategyDocument.objects.filter(period=period):
        view = selectors.document_view(document)
        for item in view.items:
            status = item.status  # type: ignore[attr-defined]
            statuses[status] += 1
            linked = [o for o in item.objectives.all() if o.is_active]
            if item.is_carrying and linked and not item.status_override:
                automatic += 1
                assert status == colors.combine(o.status for o in linked), item.title
    assert automatic >= 10
    assert statuses[Status.ON_TRACK] and statuses[Status.AT_RISK] and statuses[Status.OFF_TRACK]
    by_hand = StrategyItem.objects.filter(
        document__period=period, section=Section.METHODS, state=ItemState.ACTIVE
    ).exclude(status_override="")
    assert by_hand.count() == 1
    assert by_hand.get().status_override == Status.AT_RISK


def test_a_measure_follows_its_key_result(demo):
    # given
    v2mom = _document(_this_year(demo), Framework.V2MOM, ORGANIZATION_NAME)
    measure = next(m for m in _active(v2mom, Section.MEASURES) if m.key_result_id)
    key_result = measure.key_result
    assert key_result is not None and key_result.target is not None
    # when
    goals.do_check_in(key_result.owner, key_result, value=key_result.target, confidence=9)
    # then
    shown = next(i for i in selectors.document_view(v2mom).items if i.pk == measure.pk)
    assert shown.value == key_result.target  # type: ignore[attr-defined]
    assert shown.progress == 1.0  # type: ignore[attr-defined]


def test_cascade_shows_gaps_on_both_sides(demo):
    period = _this_year(demo)
    admin = _admin(demo)
    tree = selectors.cascade(admin, period, Framework.V2MOM)
    assert [n.depth for n in tree.nodes][:1] == [0] and max(n.depth for n in tree.nodes) == 3
    nodes = {n.document.holder_name: n for n in tree.nodes}
    # A company method no department carries ...
    assert [i.title for i in nodes[ORGANIZATION_NAME].unsupported] == [
        "Fachkräfte gewinnen und halten"
    ]
    # ... and a department method that supports nothing above: an art project.
    assert [i.title for i in nodes["Marketing"].art_projects] == ["Podcast „Späne & Spindeln“"]
    assert "OKR im ganzen Unternehmen verankern" in [o.title for o in tree.art_objectives]
    mspot = selectors.cascade(admin, period, Framework.MSPOT)
    assert [i.title for i in mspot.nodes[0].unsupported] == [
        "Servicepreise offen auf die Website stellen"
    ]
    assert tree.gap_count >= 3 and mspot.gap_count >= 1


def test_history_has_a_meeting_a_replaced_item_and_dated_versions(demo):
    period = _this_year(demo)
    today = timezone.localdate()
    meeting = Meeting.objects.get(organization=demo.organization)
    assert period.start <= meeting.held_on <= today
    assert meeting.attendees.count() >= 4 and meeting.notes
    assert meeting.changed_items.count() >= 1
    assert meeting.versions.get().number == meeting.version

    replaced = StrategyItem.objects.get(document__period=period, state=ItemState.REPLACED)
    assert replaced.replaced_reason
    assert replaced.replaced_by is not None and replaced.replaced_by.is_active
    assert replaced.replaced_by.position == replaced.position

    for document in StrategyDocument.objects.filter(period=period):
        versions = list(document.versions.order_by("number"))
        assert [v.number for v in versions] == list(range(1, document.version + 1))
        times = [v.created_at for v in versions]
        assert times == sorted(times) and times[-1] <= timezone.now()
    company = _document(period, Framework.V2MOM, ORGANIZATION_NAME)
    assert company.version >= 10
    assert company.versions.values("created_at__date").distinct().count() >= 4


def test_company_v2mom_was_renewed_from_last_year(demo):
    period = _this_year(demo)
    company = _document(period, Framework.V2MOM, ORGANIZATION_NAME)
    old = company.renewed_from
    assert old is not None and old.period.end < period.start
    assert old.statement != company.statement
    carried = company.items.filter(carried_from__isnull=False)
    assert carried.exists()
    assert all(item.carried_from.document_id == old.pk for item in carried)
    # Not everything was carried over: last year's finished method stays behind.
    assert old.items.filter(carried_to__isnull=True, section=Section.METHODS).exists()
    renewal = company.versions.get(change__verb="renewed")
    assert renewal.change["from"] == old.period.name
    assert old.versions.latest("number").created_at < renewal.created_at


def test_a_new_user_sees_the_cascade_with_colours_and_gaps(demo, client):
    # given: a salesperson of the demo company signs in
    client.force_login(User.objects.get(email="lukas.meyer@muster-maschinenbau.de"))
    # when
    response = client.get(reverse("strategy_cascade"))
    # then: the current year's V2MOM cascade, with the gaps named
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        ORGANIZATION_NAME,
        "Vertrieb DACH",
        "Lukas Meyer",
        "Fachkräfte gewinnen und halten",
        "Podcast „Späne & Spindeln“",
        "OKR im ganzen Unternehmen verankern",
    ):
        assert escape(text) in page, text


def test_okrs_are_dated_to_their_planning_so_the_coach_sees_stale_ones(client):
    # given: the OKRs without the strategy documents (faster; the dates are the same)
    demo = load_demo(strategy=False)
    for cycle in Cycle.objects.filter(organization=demo.organization):
        objectives = Objective.objects.filter(cycle=cycle)
        key_results = KeyResult.objects.filter(objective__cycle=cycle)
        # written in the days before the cycle, never "when the demo was loaded"
        dates = {o.created_at for o in objectives} | {k.created_at for k in key_results}
        assert len(dates) == 1
        assert cycle.start - dt.timedelta(days=7) <= timezone.localdate(dates.pop()) < cycle.start
    # when: the head of product marketing looks at the unit's health page
    current = Cycle.objects.get(organization=demo.organization, state=CycleState.ACTIVE)
    unit = Unit.objects.get(organization=demo.organization, name="Produktmarketing")
    client.force_login(User.objects.get(email__startswith="daniel"))
    response = client.get(f"{reverse('coach_health', args=[unit.pk])}?cycle={current.pk}")
    # then: the key result nobody checked in since the cycle began is stale
    assert response.status_code == 200
    stale = [
        about.key_result.title
        for group in response.context["health"].objectives
        for about in group.key_results
        for resolved in about.findings
        if resolved.finding.code == "STALE"
    ]
    assert "Win-Rate in Wettbewerbssituationen von 25 % auf 32 % steigern" in stale
    assert escape("Win-Rate in Wettbewerbssituationen") in response.content.decode()
