"""Defects a code review found in the strategy documents, each pinned by a test:
no 500s from odd ids and ranks, replaced items stay as they were, units with documents
are not deleted, objectives link only within their unit's line and period, links left
outside the parent document count as supporting nothing, and sign-offs reach the person
asked on My OKRs."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from kurs.goals import actions as goal_actions
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Unit, User
from kurs.strategy import actions
from kurs.strategy.models import (
    StrategyDocument,
    StrategyItem,
)

API = "/api/v1"


def web(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


class Api:
    def __init__(self, user: User) -> None:
        _token, raw = org_actions.do_create_token(user, "review")
        self.client = Client(raise_request_exception=False)
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, params: dict[str, Any] | None = None):
        return self.client.get(API + path, params or {}, headers=self.headers)

    def send(self, method: str, path: str, body: Any = None):
        return self.client.generic(
            method,
            API + path,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def company_doc(owner, period, company) -> StrategyDocument:
    return actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=company,
        statement="Be the partner the Mittelstand trusts",
        items=[
            {"section": "values", "title": "Trust"},
            {"section": "methods", "title": "Win the Mittelstand"},
            {"section": "methods", "title": "Service first"},
            {"section": "methods", "title": "Grow abroad"},
            {"section": "measures", "title": "Revenue", "start": 10, "target": 20},
        ],
    )


def _methods(document: StrategyDocument) -> list[StrategyItem]:
    return list(
        StrategyItem.objects.filter(document=document, section="methods").order_by("position", "pk")
    )


# 1. Moving a replaced item (or with an odd rank) through the web form crashes ------------


def test_move_replaced_item_by_position_is_not_a_500(owner, company_doc):
    old = _methods(company_doc)[0]
    actions.do_replace_item(owner, old, reason="Market gone", new={"title": "New method"})
    response = web(owner).post(reverse("strategy_item_move", args=[old.pk]), {"position": "2"})
    assert response.status_code < 500


def test_move_with_non_ascii_digit_is_not_a_500(owner, company_doc):
    item = _methods(company_doc)[0]
    # "²".isdigit() is True, int("²") is not a number: the view lets the action's
    # ValidationError escape.
    response = web(owner).post(reverse("strategy_item_move", args=[item.pk]), {"position": "²"})
    assert response.status_code < 500


# 2. A replaced item can still be edited, moved and relinked through the API ---------------


def test_api_cannot_change_a_replaced_item(owner, company_doc):
    old = _methods(company_doc)[0]
    actions.do_replace_item(owner, old, reason="Market gone", new={"title": "New method"})
    response = Api(owner).send(
        "PATCH",
        f"/strategy-documents/{company_doc.pk}/items/{old.pk}",
        {"title": "Rewritten history", "status_override": "on_track"},
    )
    assert response.status_code == 422, response.content
    old.refresh_from_db()
    assert old.title == "Win the Mittelstand"


def test_action_update_item_refuses_replaced_item(owner, company_doc):
    from django.core.exceptions import ValidationError

    old = _methods(company_doc)[0]
    actions.do_replace_item(owner, old, reason="Market gone", new={"title": "New method"})
    old.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.do_update_item(owner, old, title="Rewritten history")


# 3. Deleting a unit that has a strategy document: ProtectedError, a 500 ------------------


def test_delete_unit_with_document_is_not_a_500(owner, period, company_doc, seo):
    actions.do_create_document(owner, period=period, framework="v2mom", unit=seo)
    response = web(owner).post(
        reverse("manage_unit_edit", args=[seo.pk]), {"delete": "1", "name": seo.name}
    )
    assert response.status_code < 500
    assert (
        Unit.objects.filter(pk=seo.pk).exists()
        or not StrategyDocument.objects.filter(unit_id=seo.pk).exists()
    )


def test_delete_unit_asked_for_acceptance_is_not_a_500(owner, company_doc, seo):
    method = _methods(company_doc)[0]
    actions.do_request_acceptance(owner, item=method, unit=seo)
    response = web(owner).post(
        reverse("manage_unit_edit", args=[seo.pk]), {"delete": "1", "name": seo.name}
    )
    assert response.status_code < 500


# 4. A big id in a multiple-choice field is a 500 (OverflowError in SQLite) ---------------

BIG_ID = "9" * 30


def test_meeting_record_with_huge_item_id_is_not_a_500(owner, company_doc):
    response = web(owner).post(
        reverse("strategy_meeting_record", args=[company_doc.pk]),
        {"held_on": "2020-01-01", "changed_items": [BIG_ID]},
    )
    assert response.status_code < 500


def test_meeting_record_with_huge_attendee_id_is_not_a_500(owner, teammate, company_doc):
    # teammate is not in the company unit, so the form has "more_attendees".
    response = web(owner).post(
        reverse("strategy_meeting_record", args=[company_doc.pk]),
        {"held_on": "2020-01-01", "more_attendees": [BIG_ID]},
    )
    assert response.status_code < 500


def test_item_edit_with_huge_objective_id_is_not_a_500(owner, company_doc):
    method = _methods(company_doc)[0]
    response = web(owner).post(
        reverse("strategy_item_edit", args=[method.pk]),
        {"title": "Win", "objectives": [BIG_ID]},
    )
    assert response.status_code < 500


# 5. Who may write into a document by linking an objective ------------------------------


@pytest.fixture
def sales_doc(owner, period, sales, company_doc) -> StrategyDocument:
    return actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=sales,
        items=[{"section": "methods", "title": "Sell the new line"}],
    )


def test_member_cannot_link_own_objective_into_another_units_document(
    teammate, objective, sales_doc
):
    """Bob (a Marketing member, owner of a Marketing objective) writes into the Sales
    document: a new version there, and the Sales method now takes its colour from Bob's
    objective. Only the Sales lead (or a lead above, or an admin) edits that document."""
    method = _methods(sales_doc)[0]
    before = sales_doc.versions.count()
    response = web(teammate).post(
        reverse("objective_strategy", args=[objective.pk]),
        {"action": "link", "item": method.pk},
    )
    assert response.status_code == 403
    assert sales_doc.versions.count() == before
    assert not method.objectives.exists()


def test_member_cannot_link_own_objective_into_someone_elses_personal_document(
    owner, lead, teammate, objective, period, company_doc
):
    personal = actions.do_create_document(
        lead,
        period=period,
        framework="v2mom",
        person=lead,
        items=[{"section": "methods", "title": "Lena's own method"}],
    )
    method = _methods(personal)[0]
    with pytest.raises(PermissionDenied):
        actions.do_link_objective(teammate, method, objective)


def test_link_refuses_objective_of_a_cycle_outside_the_period(
    owner, teammate, marketing, company_doc
):
    """An objective of a cycle years before the strategy period cannot carry its method
    (the panel offers only overlapping periods; the action accepts any)."""
    old_cycle = goal_actions.do_create_cycle(
        owner,
        name="Long ago",
        start=dt.date(2015, 1, 1),
        end=dt.date(2015, 3, 31),
        kind="quarter",
        state="active",
    )
    old = goal_actions.do_create_objective(
        owner, cycle=old_cycle, unit=marketing, owner=teammate, title="Old stuff"
    )
    method = _methods(company_doc)[0]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.do_link_objective(teammate, method, old)


# 6. A replaced item still collects sign-off requests -------------------------------------


def test_no_acceptance_request_on_a_replaced_item(owner, teammate, company_doc):
    old = _methods(company_doc)[0]
    actions.do_replace_item(owner, old, reason="Market gone", new={"title": "New method"})
    response = web(owner).post(
        reverse("strategy_item_acceptance", args=[old.pk]), {"party": f"person:{teammate.pk}"}
    )
    assert response.status_code in (200, 302, 400, 403)
    assert not old.acceptances.exists()


# 7. Relinking leaves "supports" pointing outside the parent: the gaps go wrong -----------


def test_relink_does_not_leave_supports_outside_the_parent(
    owner, period, company_doc, marketing, seo
):
    """SEO writes its V2MOM while Marketing has none: it derives from the company's, and
    its method supports a company method. Then Marketing writes its V2MOM: SEO now derives
    from Marketing, but its method still "supports" the company method. The cascade
    counts the company method as taken up (by a grandchild) and does not flag the SEO
    method, although it supports nothing in the document it derives from."""
    from kurs.strategy import selectors

    company_method = _methods(company_doc)[0]
    seo_doc = actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=seo,
        items=[{"section": "methods", "title": "Rank first", "supports": company_method}],
    )
    marketing_doc = actions.do_create_document(
        owner, period=period, framework="v2mom", unit=marketing
    )
    seo_doc.refresh_from_db()
    assert seo_doc.parent_id == marketing_doc.pk
    seo_method = _methods(seo_doc)[0]
    tree = selectors.cascade(owner, period, "v2mom")
    node = next(n for n in tree.nodes if n.document.pk == seo_doc.pk)
    # Either the stale link is cleared, or the item is shown as supporting nothing above.
    seo_method.refresh_from_db()
    assert seo_method.supports_id is None or seo_method in node.art_projects


# 8. A person asked for a sign-off is told nowhere ----------------------------------------


def test_waiting_sign_off_is_shown_to_the_person_asked(owner, teammate, company_doc):
    """permissions.can_decide_acceptance says the sign-off shows on "the lead's own list
    of waiting sign-offs (selectors.pending_acceptances)", but no view uses that
    selector: Bob learns of the request only by opening that very document."""
    method = _methods(company_doc)[0]
    acceptance = actions.do_request_acceptance(owner, item=method, person=teammate)
    decide = reverse("acceptance_decide", args=[acceptance.pk])
    client = web(teammate)
    pages = [client.get(reverse("my_okrs")), client.get(reverse("strategy_cascade"))]
    assert any(decide in page.content.decode() for page in pages)
