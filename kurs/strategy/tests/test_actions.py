"""Every write to strategy documents goes through kurs.strategy.actions: these tests
check what a user would notice of it (the data written, the field named in an error,
nothing half-written, a new version after every change)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole, Organization, Role, Unit, User
from kurs.strategy import actions
from kurs.strategy.models import (
    AcceptanceState,
    DocumentVersion,
    ItemState,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)

PASSWORD = "correct-horse-battery-staple"


def _person(org: Organization, name: str, *, role: str = Role.MEMBER) -> User:
    return org_actions.do_create_person(
        None,
        organization=org,
        email=f"{name.split()[0].lower()}@muster.example",
        name=name,
        role=role,
        password=PASSWORD,
    )


def _join(person: User, unit: Unit, role: str = MembershipRole.MEMBER) -> None:
    org_actions.do_set_membership(None, unit=unit, person=person, role=role)


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def _doc(
    actor: User,
    period: StrategyPeriod,
    *,
    unit: Unit | None = None,
    person: User | None = None,
    framework: str = "v2mom",
    **fields: Any,
) -> StrategyDocument:
    return actions.do_create_document(
        actor, period=period, framework=framework, unit=unit, person=person, **fields
    )


def _parent(document: StrategyDocument) -> StrategyDocument | None:
    document.refresh_from_db()
    return document.parent


def _ranks(document: StrategyDocument, section: str) -> list[tuple[str, int]]:
    return list(
        document.items.filter(section=section, state=ItemState.ACTIVE)
        .order_by("position")
        .values_list("title", "position")
    )


# Documents: any order, parents relinked ------------------------------------------------


def test_documents_written_in_any_order_find_their_parent(owner, period, company, marketing, seo):
    # given a team document written before anything above it
    team = _doc(owner, period, unit=seo)
    assert _parent(team) is None
    # when the company document appears, the team derives from it...
    top = _doc(owner, period, unit=company)
    assert _parent(team) == top and _parent(top) is None
    # ...and when the department's appears in between, from the department's
    department = _doc(owner, period, unit=marketing)
    assert _parent(team) == department
    assert _parent(department) == top
    # then deleting the department's document moves the team back under the company
    actions.do_delete_document(owner, department)
    assert _parent(team) == top
    assert not StrategyDocument.objects.filter(pk=department.pk).exists()


def test_documents_of_the_other_framework_are_a_separate_tree(owner, period, company, marketing):
    top = _doc(owner, period, unit=company, framework="mspot")
    department = _doc(owner, period, unit=marketing)
    assert _parent(department) is None
    assert _parent(top) is None


def test_deleting_a_parent_frees_the_items_that_supported_it(owner, period, company, marketing):
    top = _doc(owner, period, unit=company, items=[{"section": "methods", "title": "Grow"}])
    department = _doc(owner, period, unit=marketing)
    mine = actions.do_add_item(
        owner, department, section="methods", title="Leads", supports=top.items.get()
    )
    actions.do_delete_document(owner, top)
    mine.refresh_from_db()
    assert mine.supports is None
    assert _parent(department) is None


def test_a_personal_document_derives_from_the_persons_unit(
    owner, org, period, company, marketing, seo, sales
):
    lena = _person(org, "Lena Lead")
    _join(lena, seo)  # a member of a team without a document...
    _join(lena, sales, MembershipRole.LEAD)  # ...and the lead of Sales
    mine = _doc(lena, period, person=lena)
    assert _parent(mine) is None
    top = _doc(owner, period, unit=company)
    # neither of her units has a document: the nearest one above them is the company's
    assert _parent(mine) == top
    # the unit she leads comes first, though SEO is deeper and has a document above it
    _doc(owner, period, unit=marketing)
    assert _parent(mine) == top
    sales_doc = _doc(owner, period, unit=sales)
    assert _parent(mine) == sales_doc
    actions.do_delete_document(owner, sales_doc)
    assert _parent(mine) == top


def test_a_team_member_without_a_team_document_derives_from_the_department(
    owner, org, period, company, marketing, seo
):
    max_ = _person(org, "Max Member")
    _join(max_, seo)
    _doc(owner, period, unit=company)
    department = _doc(owner, period, unit=marketing)
    mine = _doc(max_, period, person=max_)
    assert _parent(mine) == department
    team = _doc(owner, period, unit=seo)
    assert _parent(mine) == team


def test_a_personal_document_prefers_the_deepest_unit(owner, org, period, company, marketing, seo):
    max_ = _person(org, "Max Member")
    _join(max_, marketing)
    _join(max_, seo)
    _doc(owner, period, unit=company)
    _doc(owner, period, unit=marketing)
    team = _doc(owner, period, unit=seo)
    assert _parent(_doc(max_, period, person=max_)) == team


def test_someone_in_no_unit_derives_from_the_company_document(owner, period, company):
    top = _doc(owner, period, unit=company)
    assert _parent(_doc(owner, period, person=owner)) == top


def test_one_document_per_period_framework_and_holder(owner, teammate, period, marketing):
    _doc(owner, period, unit=marketing)
    with pytest.raises(ValidationError) as excinfo:
        _doc(owner, period, unit=marketing)
    assert "Marketing has a V2MOM for This year already." in _errors(excinfo)["unit"]
    # the other framework is a document of its own
    assert _doc(owner, period, unit=marketing, framework="mspot").framework == "mspot"
    _doc(teammate, period, person=teammate)
    with pytest.raises(ValidationError) as excinfo:
        _doc(teammate, period, person=teammate)
    assert "person" in _errors(excinfo)
    assert StrategyDocument.objects.count() == 3


def test_a_framework_the_organization_does_not_use(owner, marketing):
    # the organization starts with V2MOM only
    period = actions.do_create_period(
        owner, name="2030", start=dt.date(2030, 1, 1), end=dt.date(2030, 12, 31)
    )
    with pytest.raises(ValidationError) as excinfo:
        _doc(owner, period, unit=marketing, framework="mspot")
    assert "framework" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        _doc(owner, period, unit=marketing, framework="okr")
    assert "framework" in _errors(excinfo)
    assert not StrategyDocument.objects.exists()


def test_holder_must_be_one_unit_or_one_person(owner, period, marketing):
    with pytest.raises(ValidationError) as excinfo:
        _doc(owner, period)
    assert "unit" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        _doc(owner, period, unit=marketing, person=owner)
    assert "unit" in _errors(excinfo)


def test_the_statement_and_strategy_are_kept_per_framework(owner, period, company):
    v2mom = _doc(owner, period, unit=company, statement="  Vision  ", strategy="ignored")
    mspot = _doc(
        owner, period, unit=company, framework="mspot", statement="Mission", strategy="Focus"
    )
    assert (v2mom.statement, v2mom.strategy) == ("Vision", "")
    assert (mspot.statement, mspot.strategy) == ("Mission", "Focus")
    actions.do_update_document(owner, mspot, statement="Mission", strategy="Focus")
    assert mspot.versions.count() == 1  # nothing changed, no new version
    actions.do_update_document(owner, mspot, statement="Mission 2", strategy="Focus")
    mspot.refresh_from_db()
    assert (mspot.statement, mspot.version) == ("Mission 2", 2)


# Items: fields per section, validation keyed by field ----------------------------------


def test_each_section_keeps_only_its_own_fields(owner, teammate, period, company):
    document = _doc(owner, period, unit=company)
    value = actions.do_add_item(
        owner, document, section="values", title=" Trust ", start=1, target=2, reason="x"
    )
    assert (value.title, value.start, value.target, value.reason) == ("Trust", None, None, "")
    method = actions.do_add_item(
        owner,
        document,
        section="methods",
        title="Win the Mittelstand",
        picture_of_success="Fifty new customers toast with us",
        budget="25000.50",
        people_needed=2,
    )
    assert str(method.budget) == "25000.50" and method.has_resources
    obstacle = actions.do_add_item(
        owner, document, section="obstacles", title="No partners", owner=teammate, method=method
    )
    assert (obstacle.owner, obstacle.method) == (teammate, method)
    measure = actions.do_add_item(
        owner, document, section="measures", title="Revenue", start="10", target=20.5, current=12
    )
    assert (measure.start, measure.target, measure.current) == (10.0, 20.5, 12.0)
    assert measure.current_updated_at is not None
    mspot = _doc(owner, period, unit=company, framework="mspot")
    omission = actions.do_add_item(
        owner, mspot, section="omissions", title="No retail", reason="Margins"
    )
    assert omission.reason == "Margins"


@pytest.mark.parametrize(
    ("section", "fields", "field"),
    [
        ("methods", {"title": "   "}, "title"),
        ("methods", {"title": "x" * 301}, "title"),
        ("measures", {"title": "Revenue", "start": 10, "target": 10}, "target"),
        ("measures", {"title": "Revenue", "target": 10}, "start"),
        ("measures", {"title": "Revenue", "start": 10}, "target"),
        ("measures", {"title": "Revenue", "start": "ten", "target": 10}, "start"),
        ("measures", {"title": "Revenue", "start": float("nan"), "target": 10}, "start"),
        ("methods", {"title": "Grow", "budget": "-5"}, "budget"),
        ("methods", {"title": "Grow", "status_override": "purple"}, "status_override"),
        ("methods", {"title": "Grow", "colour": "green"}, "colour"),
        ("plays", {"title": "Grow"}, "section"),
    ],
)
def test_bad_item_input_names_the_field(owner, period, company, section, fields, field):
    document = _doc(owner, period, unit=company)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_add_item(owner, document, section=section, **fields)
    assert field in _errors(excinfo)
    assert not document.items.exists()
    assert document.versions.count() == 1


def test_supports_must_be_an_active_method_of_the_parent_document(
    owner, period, company, marketing, sales
):
    top = _doc(owner, period, unit=company, items=[{"section": "methods", "title": "Grow"}])
    grow = top.items.get()
    sales_doc = _doc(owner, period, unit=sales, items=[{"section": "methods", "title": "Deals"}])
    department = _doc(owner, period, unit=marketing)
    value = actions.do_add_item(owner, top, section="values", title="Trust")
    for wrong in (sales_doc.items.get(), value):
        with pytest.raises(ValidationError) as excinfo:
            actions.do_add_item(owner, department, section="methods", title="X", supports=wrong)
        assert "supports" in _errors(excinfo)
    actions.do_replace_item(owner, grow, reason="Changed course", title="Grow differently")
    grow.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_add_item(owner, department, section="methods", title="X", supports=grow)
    assert "supports" in _errors(excinfo)
    # a document without a parent supports nothing
    with pytest.raises(ValidationError) as excinfo:
        actions.do_add_item(owner, top, section="methods", title="X", supports=grow.replaced_by)
    assert "supports" in _errors(excinfo)
    assert not department.items.exists()


def test_an_obstacle_names_a_method_of_its_own_document_and_an_owner_of_the_org(
    owner, outsider, period, company, marketing
):
    top = _doc(owner, period, unit=company, items=[{"section": "methods", "title": "Grow"}])
    department = _doc(owner, period, unit=marketing)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_add_item(
            owner, department, section="obstacles", title="Budget", method=top.items.get()
        )
    assert "method" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_add_item(owner, top, section="obstacles", title="Budget", owner=outsider)
    assert "owner" in _errors(excinfo)
    assert not top.items.filter(section="obstacles").exists()


def test_a_bad_item_leaves_no_document_behind(owner, period, company):
    with pytest.raises(ValidationError) as excinfo:
        _doc(
            owner,
            period,
            unit=company,
            statement="Be the best",
            items=[
                {"section": "values", "title": "Trust"},
                {"section": "methods", "title": "Grow"},
                {"section": "methods", "title": ""},
            ],
        )
    assert _errors(excinfo) == {"items[2].title": ["Enter a title."]}
    assert not StrategyDocument.objects.exists()
    assert not StrategyItem.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_a_bad_section_in_a_new_document_names_the_item(owner, period, company):
    with pytest.raises(ValidationError) as excinfo:
        _doc(owner, period, unit=company, items=[{"section": "plays", "title": "Grow"}])
    assert list(_errors(excinfo)) == ["items[0].section"]
    assert not StrategyDocument.objects.exists()


# Ranking, deleting, replacing ----------------------------------------------------------


def _methods(owner: User, period: StrategyPeriod, unit: Unit, *titles: str) -> StrategyDocument:
    return _doc(
        owner, period, unit=unit, items=[{"section": "methods", "title": t} for t in titles]
    )


def test_moving_an_item_reranks_the_section(owner, period, company):
    document = _methods(owner, period, company, "A", "B", "C", "D")
    assert _ranks(document, "methods") == [("A", 1), ("B", 2), ("C", 3), ("D", 4)]
    actions.do_move_item(owner, document.items.get(title="D"), 1)
    assert _ranks(document, "methods") == [("D", 1), ("A", 2), ("B", 3), ("C", 4)]
    actions.do_move_item(owner, document.items.get(title="D"), 99)  # beyond the end: last
    assert _ranks(document, "methods") == [("A", 1), ("B", 2), ("C", 3), ("D", 4)]
    actions.do_move_item(owner, document.items.get(title="A"), 0)  # before the start: first
    assert document.versions.count() == 3  # moving to where it is writes no version
    actions.do_move_item(owner, document.items.get(title="B"), 3)
    assert _ranks(document, "methods") == [("A", 1), ("C", 2), ("B", 3), ("D", 4)]
    with pytest.raises(ValidationError) as excinfo:
        actions.do_move_item(owner, document.items.get(title="B"), "first")  # type: ignore[arg-type]
    assert "position" in _errors(excinfo)
    assert document.versions.count() == 4


def test_deleting_an_item_closes_the_gap(owner, period, company):
    document = _methods(owner, period, company, "A", "B", "C")
    actions.do_add_item(owner, document, section="values", title="Trust")
    actions.do_delete_item(owner, document.items.get(title="B"))
    assert _ranks(document, "methods") == [("A", 1), ("C", 2)]
    assert _ranks(document, "values") == [("Trust", 1)]
    actions.do_add_item(owner, document, section="methods", title="E")
    assert _ranks(document, "methods") == [("A", 1), ("C", 2), ("E", 3)]


def test_replacing_an_item_keeps_the_old_one_and_its_rank(owner, period, company):
    document = _methods(owner, period, company, "A", "Trade fair", "C")
    old = document.items.get(title="Trade fair")
    new = actions.do_replace_item(
        owner, old, reason="  The fair was cancelled  ", title="Webinar series"
    )
    old.refresh_from_db()
    assert old.state == ItemState.REPLACED
    assert old.replaced_reason == "The fair was cancelled"
    assert old.replaced_by == new and old.replaced_at is not None
    assert _ranks(document, "methods") == [("A", 1), ("Webinar series", 2), ("C", 3)]
    # the old one stays in the document, and in the history
    assert document.items.count() == 4
    latest = document.versions.first()
    assert latest is not None and latest.change["verb"] == "item_replaced"
    states = {i["title"]: i["state"] for i in latest.snapshot["items"]}
    assert states["Trade fair"] == "replaced"
    # a replaced item cannot be replaced or moved again
    with pytest.raises(ValidationError) as excinfo:
        actions.do_replace_item(owner, old, reason="Again", title="Other")
    assert "reason" in _errors(excinfo)
    with pytest.raises(ValidationError):
        actions.do_move_item(owner, old, 1)
    # deleting the replacement closes the gap among the active ones
    actions.do_delete_item(owner, new)
    assert _ranks(document, "methods") == [("A", 1), ("C", 2)]


def test_replacing_needs_a_reason_and_a_valid_new_item(owner, period, company):
    document = _methods(owner, period, company, "A")
    item = document.items.get()
    with pytest.raises(ValidationError) as excinfo:
        actions.do_replace_item(owner, item, reason=" ", title="B")
    assert "reason" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_replace_item(owner, item, reason="Unreachable", title="")
    assert "title" in _errors(excinfo)
    item.refresh_from_db()
    assert item.is_active and document.items.count() == 1


# Versions ------------------------------------------------------------------------------


def test_every_write_is_a_new_version_with_a_full_snapshot(
    owner, teammate, objective, period, company
):
    document = _doc(owner, period, unit=company, statement="Be the best")
    steps: list[Callable[[], object]] = [
        lambda: actions.do_add_item(owner, document, section="methods", title="Grow"),
        lambda: actions.do_add_item(owner, document, section="methods", title="Serve"),
        lambda: actions.do_update_item(owner, document.items.get(title="Grow"), title="Grow up"),
        lambda: actions.do_move_item(owner, document.items.get(title="Serve"), 1),
        lambda: actions.do_link_objective(owner, document.items.get(title="Serve"), objective),
        lambda: actions.do_request_acceptance(
            owner, item=document.items.get(title="Serve"), person=teammate
        ),
        lambda: actions.do_update_document(owner, document, statement="Be the very best"),
        lambda: actions.do_replace_item(
            owner, document.items.get(title="Grow up"), reason="Too vague", title="Grow by 10 %"
        ),
        lambda: actions.do_delete_item(owner, document.items.get(title="Grow by 10 %")),
        lambda: actions.do_record_meeting(owner, document, held_on=timezone.localdate()),
    ]
    for number, step in enumerate(steps, start=2):
        step()
        document.refresh_from_db()
        assert document.version == number
        latest = document.versions.first()
        assert latest is not None and latest.number == number
        assert latest.snapshot == actions.snapshot(document)
    assert list(document.versions.values_list("number", flat=True)) == list(range(11, 0, -1))
    latest = document.versions.first()
    assert latest is not None
    first = document.versions.get(number=1)
    assert first.snapshot["statement"] == "Be the best" and first.snapshot["items"] == []
    serve = next(i for i in latest.snapshot["items"] if i["title"] == "Serve")
    assert serve["objectives"] == [objective.title]
    assert serve["acceptances"] == ["Bob Member: pending"]
    assert serve["position"] == 1


# Current values ------------------------------------------------------------------------


def test_set_current_by_hand_and_not_for_a_fed_measure(owner, objective, period, company):
    document = _doc(owner, period, unit=company)
    by_hand = actions.do_add_item(
        owner, document, section="measures", title="Revenue", start=10, target=20
    )
    assert by_hand.current_updated_at is None
    actions.do_set_current(owner, by_hand, 14.5)
    by_hand.refresh_from_db()
    assert by_hand.current == 14.5 and by_hand.current_updated_at is not None
    key_result = objective.key_results.get()
    fed = actions.do_add_item(
        owner, document, section="measures", title="Lead rate", key_result=key_result
    )
    # start, target and unit come from the key result when not given
    assert (fed.start, fed.target, fed.unit_label) == (12.0, 20.0, "per 100")
    with pytest.raises(ValidationError) as excinfo:
        actions.do_set_current(owner, fed, 18)
    assert "current" in _errors(excinfo)
    method = actions.do_add_item(owner, document, section="methods", title="Grow")
    with pytest.raises(ValidationError) as excinfo:
        actions.do_set_current(owner, method, 3)
    assert "current" in _errors(excinfo)


def test_a_key_result_of_another_organization_cannot_feed_a_measure(
    owner, outsider, period, company
):
    from kurs.goals import actions as goal_actions

    other_cycle = goal_actions.do_create_cycle(
        outsider,
        name="Q",
        start=period.start,
        end=period.start + dt.timedelta(days=90),
        kind="quarter",
        state="active",
    )
    other_unit = Unit.objects.get(organization=outsider.organization, parent=None)
    other = goal_actions.do_create_objective(
        outsider, cycle=other_cycle, unit=other_unit, owner=outsider, title="Theirs"
    )
    key_result = goal_actions.do_create_key_result(
        outsider, other, title="KR", metric="increase", start=0, target=1
    )
    document = _doc(owner, period, unit=company)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_add_item(owner, document, section="measures", title="X", key_result=key_result)
    assert "key_result" in _errors(excinfo)


# Acceptance ----------------------------------------------------------------------------


def test_a_person_asked_signs_off_and_nobody_else(owner, teammate, lead, period, company):
    document = _methods(owner, period, company, "Grow")
    method = document.items.get()
    acceptance = actions.do_request_acceptance(owner, item=method, person=teammate)
    assert acceptance.state == AcceptanceState.PENDING
    # an admin cannot sign off for someone else, nor can a lead
    for other in (owner, lead):
        with pytest.raises(PermissionDenied):
            actions.do_decide_acceptance(other, acceptance, accepted=True)
    actions.do_decide_acceptance(teammate, acceptance, accepted=True, comment=" Fine ")
    acceptance.refresh_from_db()
    assert acceptance.state == AcceptanceState.ACCEPTED
    assert (acceptance.decided_by, acceptance.comment) == (teammate, "Fine")
    assert acceptance.decided_at is not None
    # and can change their mind
    actions.do_decide_acceptance(teammate, acceptance, accepted=False)
    acceptance.refresh_from_db()
    assert acceptance.state == AcceptanceState.DECLINED
    verbs = [v.change["verb"] for v in document.versions.order_by("number")]
    assert verbs == [
        "created",
        "acceptance_requested",
        "acceptance_accepted",
        "acceptance_declined",
    ]


def test_a_unit_asked_signs_off_through_its_lead(owner, org, lead, period, company, marketing):
    company_lead = _person(org, "Carl Chief")
    _join(company_lead, company, MembershipRole.LEAD)
    document = _methods(owner, period, company, "Grow")
    acceptance = actions.do_request_acceptance(owner, item=document.items.get(), unit=marketing)
    # the lead of a unit above is not the unit asked
    with pytest.raises(PermissionDenied):
        actions.do_decide_acceptance(company_lead, acceptance, accepted=True)
    with pytest.raises(PermissionDenied):
        actions.do_decide_acceptance(owner, acceptance, accepted=True)
    actions.do_decide_acceptance(lead, acceptance, accepted=True)
    acceptance.refresh_from_db()
    assert acceptance.state == AcceptanceState.ACCEPTED and acceptance.decided_by == lead


def test_asking_for_acceptance_checks_what_and_whom(
    owner, teammate, outsider, period, company, marketing
):
    document = _methods(owner, period, company, "Grow")
    method = document.items.get()
    value = actions.do_add_item(owner, document, section="values", title="Trust")
    with pytest.raises(ValidationError) as excinfo:
        actions.do_request_acceptance(owner, item=value, person=teammate)
    assert "item" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_request_acceptance(owner, item=method, person=outsider)
    assert "person" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_request_acceptance(owner, item=method, person=teammate, unit=marketing)
    assert "person" in _errors(excinfo)
    actions.do_request_acceptance(owner, item=method, person=teammate)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_request_acceptance(owner, item=method, person=teammate)
    assert "Bob Member is asked already." in _errors(excinfo)["person"]
    assert method.acceptances.count() == 1


def test_withdrawing_a_request(owner, teammate, period, company):
    document = _methods(owner, period, company, "Grow")
    acceptance = actions.do_request_acceptance(owner, item=document.items.get(), person=teammate)
    # the person asked decides, but does not edit the company document
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_acceptance(teammate, acceptance)
    actions.do_withdraw_acceptance(owner, acceptance)
    assert not document.items.get().acceptances.exists()
    latest = document.versions.first()
    assert latest is not None and latest.change["verb"] == "acceptance_withdrawn"


# Meetings ------------------------------------------------------------------------------


def test_a_meeting_records_who_came_what_changed_and_the_version(owner, teammate, period, company):
    document = _methods(owner, period, company, "Grow", "Serve")
    grow = document.items.get(title="Grow")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    meeting = actions.do_record_meeting(
        owner,
        document,
        held_on=yesterday,
        attendees=[owner, teammate],
        guests=" Our advisor ",
        notes=" Grow stays first. ",
        changed_items=[grow],
    )
    assert meeting.held_on == yesterday
    assert set(meeting.attendees.all()) == {owner, teammate}
    assert list(meeting.changed_items.all()) == [grow]
    assert (meeting.guests, meeting.notes, meeting.recorded_by) == (
        "Our advisor",
        "Grow stays first.",
        owner,
    )
    document.refresh_from_db()
    assert meeting.version == document.version == 2
    version = document.versions.get(number=2)
    assert version.meeting == meeting
    assert version.change == {"verb": "meeting", "date": yesterday.isoformat()}


def test_a_meeting_cannot_be_recorded_before_it_happens(owner, outsider, period, company, sales):
    document = _methods(owner, period, company, "Grow")
    other = _methods(owner, period, sales, "Deals")
    bad: list[tuple[dict[str, Any], str]] = [
        ({"held_on": timezone.localdate() + dt.timedelta(days=2)}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"held_on": timezone.localdate(), "attendees": [outsider]}, "attendees"),
        ({"held_on": timezone.localdate(), "changed_items": [other.items.get()]}, "changed_items"),
        ({"held_on": timezone.localdate(), "guests": "x" * 501}, "guests"),
    ]
    for fields, field in bad:
        with pytest.raises(ValidationError) as excinfo:
            actions.do_record_meeting(owner, document, **fields)
        assert field in _errors(excinfo)
    assert not document.meetings.exists()
    assert document.versions.count() == 1


def test_amounts_read_plainly_in_the_history(owner, period, company):
    document = actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=company,
        items=[
            {"section": "methods", "title": "Grow", "budget": "150000", "people_needed": "1.50"}
        ],
    )
    item = document.versions.get().snapshot["items"][0]
    assert (item["budget"], item["people_needed"]) == ("150000", "1.5")


def test_editing_a_stale_copy_keeps_the_ranks_set_since(owner, period, company):
    document = actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=company,
        items=[{"section": "methods", "title": t} for t in ("A", "B", "C")],
    )
    stale = document.items.get(title="C")
    actions.do_move_item(owner, document.items.get(title="C"), 1)
    actions.do_update_item(owner, stale, title="C, sharpened")
    ranks = list(document.items.order_by("position").values_list("title", "position"))
    assert ranks == [("C, sharpened", 1), ("A", 2), ("B", 3)]


def test_strategy_periods_do_not_overlap(owner, period):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_period(
            owner,
            name="Overlapping",
            start=period.end - dt.timedelta(days=30),
            end=period.end + dt.timedelta(days=335),
        )
    assert "overlaps This year" in excinfo.value.message_dict["start"][0]
    following = actions.do_create_period(
        owner,
        name="Next year",
        start=period.end + dt.timedelta(days=1),
        end=period.end + dt.timedelta(days=366),
    )
    assert following.pk


def test_renewal_goes_forward_in_time(owner, period, company):
    earlier = actions.do_create_period(
        owner,
        name="Last year",
        start=period.start - dt.timedelta(days=365),
        end=period.start - dt.timedelta(days=1),
    )
    document = actions.do_create_document(owner, period=period, framework="v2mom", unit=company)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_renew_document(owner, document, period=earlier, item_ids=[])
    assert excinfo.value.message_dict == {"period": ["Renew into a later period."]}
