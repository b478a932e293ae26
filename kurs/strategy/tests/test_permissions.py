"""Who may write which strategy document (kurs.orgs.permissions), through the actions:
admins everything, a unit lead their unit and the units below, everyone their own
personal document, viewers nothing; another organization neither writes nor sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from kurs.orgs import actions as org_actions
from kurs.orgs.models import Unit, User
from kurs.orgs.permissions import can_create_document, can_edit_document
from kurs.strategy import actions, selectors
from kurs.strategy.models import (
    Acceptance,
    DocumentVersion,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)


def _doc(
    actor: User,
    period: StrategyPeriod,
    *,
    unit: Unit | None = None,
    person: User | None = None,
    **fields: Any,
) -> StrategyDocument:
    return actions.do_create_document(
        actor, period=period, framework="v2mom", unit=unit, person=person, **fields
    )


@pytest.fixture
def documents(
    owner: User,
    teammate: User,
    period: StrategyPeriod,
    company: Unit,
    marketing: Unit,
    seo: Unit,
    sales: Unit,
) -> dict[str, StrategyDocument]:
    """One document per unit, and the teammate's personal one, each with a method."""
    result: dict[str, StrategyDocument] = {}
    for unit in (company, marketing, seo, sales):
        result[unit.name] = _doc(
            owner, period, unit=unit, items=[{"section": "methods", "title": f"{unit} method"}]
        )
    result["Bob"] = _doc(
        teammate, period, person=teammate, items=[{"section": "methods", "title": "Bob method"}]
    )
    return result


def _writes(actor: User, document: StrategyDocument) -> list[tuple[str, Callable[[], object]]]:
    """Every kind of write to a document, as (name, callable)."""
    item = document.items.get()
    return [
        ("update", lambda: actions.do_update_document(actor, document, statement="Changed")),
        ("add", lambda: actions.do_add_item(actor, document, section="values", title="V")),
        ("edit", lambda: actions.do_update_item(actor, item, title="Edited")),
        ("move", lambda: actions.do_move_item(actor, item, 2)),
        ("replace", lambda: actions.do_replace_item(actor, item, reason="R", title="New")),
        (
            "meeting",
            lambda: actions.do_record_meeting(actor, document, held_on=timezone.localdate()),
        ),
        # after "replace", the old item stays in history; the one replacing it can go
        (
            "delete item",
            lambda: actions.do_delete_item(actor, document.items.filter(state="active")[0]),
        ),
        ("delete", lambda: actions.do_delete_document(actor, document)),
    ]


def _state() -> tuple[int, int, int, int]:
    return (
        StrategyDocument.objects.count(),
        StrategyItem.objects.count(),
        DocumentVersion.objects.count(),
        Acceptance.objects.count(),
    )


def _assert_denied(actor: User, document: StrategyDocument) -> None:
    before = _state()
    for name, write in _writes(actor, document):
        with pytest.raises(PermissionDenied):
            write()
        assert _state() == before, name
    document.refresh_from_db()
    assert document.statement == "" and document.items.get().is_active


def _assert_allowed(actor: User, document: StrategyDocument) -> None:
    for _name, write in _writes(actor, document):
        write()
    assert not StrategyDocument.objects.filter(pk=document.pk).exists()


def test_an_admin_writes_every_document(owner, documents):
    for document in documents.values():
        assert can_edit_document(owner, document)
    # including someone's personal document
    _assert_allowed(owner, documents["Bob"])
    _assert_allowed(owner, documents["Muster GmbH"])


def test_a_unit_lead_writes_their_unit_and_the_units_below(lead, documents, period, seo):
    for name in ("Marketing", "SEO"):
        assert can_edit_document(lead, documents[name]), name
    for name in ("Muster GmbH", "Sales", "Bob"):
        assert not can_edit_document(lead, documents[name]), name
        _assert_denied(lead, documents[name])
    _assert_allowed(lead, documents["SEO"])
    # and may write the team's document again
    assert _doc(lead, period, unit=seo).parent == documents["Marketing"]
    _assert_allowed(lead, documents["Marketing"])


def test_a_member_writes_only_their_personal_document(
    teammate, documents, period, marketing, company
):
    for name in ("Muster GmbH", "Marketing", "SEO", "Sales"):
        _assert_denied(teammate, documents[name])
    actions.do_delete_document(teammate, documents["Bob"])
    with pytest.raises(PermissionDenied):
        _doc(teammate, period, unit=marketing)
    mine = _doc(teammate, period, person=teammate, items=[{"section": "methods", "title": "M"}])
    assert mine.parent == documents["Marketing"]
    _assert_allowed(teammate, mine)


def test_nobody_writes_someone_elses_personal_document(lead, teammate, owner, period, documents):
    assert not can_create_document(lead, person=owner)
    with pytest.raises(PermissionDenied):
        _doc(teammate, period, person=lead)
    with pytest.raises(PermissionDenied):
        _doc(lead, period, person=owner)


def test_a_viewer_reads_but_writes_nothing(viewer, documents, period, company):
    for document in documents.values():
        _assert_denied(viewer, document)
    with pytest.raises(PermissionDenied):
        _doc(viewer, period, person=viewer)
    with pytest.raises(PermissionDenied):
        _doc(viewer, period, unit=company)
    visible = set(StrategyDocument.objects.visible_to(viewer))
    assert visible == set(documents.values())
    view = selectors.document_view(selectors.get_document(viewer, documents["Marketing"].pk))
    assert [i.title for i in view.items] == ["Marketing method"]


def test_an_inactive_person_writes_nothing(owner, teammate, documents):
    org_actions.do_update_person(
        owner, teammate, name=teammate.name, role=teammate.role, is_active=False
    )
    teammate.refresh_from_db()
    _assert_denied(teammate, documents["Bob"])


def test_another_organization_neither_writes_nor_sees(outsider, owner, documents, period, company):
    for document in documents.values():
        _assert_denied(outsider, document)
        with pytest.raises(Http404):
            selectors.get_document(outsider, document.pk)
    assert not StrategyDocument.objects.visible_to(outsider).exists()
    assert not StrategyItem.objects.visible_to(outsider).exists()
    assert not StrategyPeriod.objects.visible_to(outsider).exists()
    assert selectors.cascade(outsider, period, "v2mom").nodes == []
    # writing into our period or for our unit is a field error, not a way in
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_document(outsider, period=period, framework="v2mom", person=outsider)
    assert "period" in excinfo.value.message_dict
    theirs = actions.do_create_period(outsider, name="Theirs", start=period.start, end=period.end)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_document(outsider, period=theirs, framework="v2mom", unit=company)
    assert "unit" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_document(outsider, period=theirs, framework="v2mom", person=owner)
    assert "person" in excinfo.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.do_renew_document(outsider, documents["Muster GmbH"], period=theirs, item_ids=[])
    with pytest.raises(PermissionDenied):
        actions.do_update_period(
            outsider, period, name="Hacked", start=period.start, end=period.end
        )
    with pytest.raises(PermissionDenied):
        actions.do_set_frameworks(outsider, owner.organization, "both")
    assert not StrategyDocument.objects.filter(period=theirs).exists()


def test_only_admins_manage_periods_and_frameworks(lead, teammate, viewer, owner, period):
    for actor in (lead, teammate, viewer):
        with pytest.raises(PermissionDenied):
            actions.do_create_period(
                actor, name="2031", start=dt.date(2031, 1, 1), end=dt.date(2031, 12, 31)
            )
        with pytest.raises(PermissionDenied):
            actions.do_set_frameworks(actor, owner.organization, "both")
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_period(
            owner, name="This year", start=dt.date(2031, 1, 1), end=dt.date(2031, 12, 31)
        )
    assert "name" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        actions.do_create_period(
            owner, name="Backwards", start=dt.date(2031, 1, 1), end=dt.date(2030, 12, 31)
        )
    assert "end" in excinfo.value.message_dict


def test_objectives_are_linked_by_the_documents_editor_or_the_objectives_owner(
    owner, teammate, viewer, objective, documents
):
    company_method = documents["Muster GmbH"].items.get()
    # the teammate owns the objective: may say it carries the company's method
    actions.do_link_objective(teammate, company_method, objective)
    assert list(company_method.objectives.all()) == [objective]
    with pytest.raises(PermissionDenied):
        actions.do_unlink_objective(viewer, company_method, objective)
    actions.do_unlink_objective(owner, company_method, objective)
    assert not company_method.objectives.exists()


def test_acceptances_are_asked_by_editors_only(teammate, lead, viewer, documents, marketing):
    method = documents["Marketing"].items.get()
    for actor in (teammate, viewer):
        with pytest.raises(PermissionDenied):
            actions.do_request_acceptance(actor, item=method, unit=marketing)
    acceptance = actions.do_request_acceptance(lead, item=method, person=teammate)
    with pytest.raises(PermissionDenied):
        actions.do_decide_acceptance(viewer, acceptance, accepted=True)
    actions.do_decide_acceptance(teammate, acceptance, accepted=True)
