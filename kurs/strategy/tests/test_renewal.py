"""Renewing a document into the next period (kurs.strategy.actions.do_renew_document):
only the chosen items come along, ranked afresh, measures start from where they got
to, and the cascade links find the carried-over copies whichever document goes first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kurs.goals import actions as goal_actions
from kurs.goals.models import Objective
from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole, Role, Unit, User
from kurs.strategy import actions
from kurs.strategy.models import StrategyDocument, StrategyItem, StrategyPeriod


@pytest.fixture
def next_period(owner: User, period: StrategyPeriod) -> StrategyPeriod:
    return actions.do_create_period(
        owner,
        name="Next year",
        start=period.end + dt.timedelta(days=1),
        end=period.end + dt.timedelta(days=366),
    )


def _doc(owner: User, period: StrategyPeriod, unit: Unit, **fields: Any) -> StrategyDocument:
    return actions.do_create_document(owner, period=period, framework="v2mom", unit=unit, **fields)


def _items(document: StrategyDocument) -> dict[str, StrategyItem]:
    return {i.title: i for i in document.items.all()}


def _ranked(document: StrategyDocument, section: str) -> list[tuple[str, int]]:
    return list(
        document.items.filter(section=section).order_by("position").values_list("title", "position")
    )


@pytest.fixture
def company_doc(
    owner: User, teammate: User, objective: Objective, period: StrategyPeriod, company: Unit
) -> StrategyDocument:
    """A company V2MOM that has lived through a year: links, sign-offs, values reached."""
    key_result = objective.key_results.get()
    document = _doc(
        owner,
        period,
        company,
        statement="Be the best",
        items=[
            {"section": "values", "title": "Trust"},
            {"section": "values", "title": "Speed"},
            {"section": "methods", "title": "Grow"},
            {"section": "methods", "title": "Serve", "picture_of_success": "Fans", "budget": 10},
            {"section": "methods", "title": "Expand"},
            {"section": "measures", "title": "Revenue", "start": 10, "target": 20, "current": 15},
            {"section": "measures", "title": "Churn", "start": 20, "target": 10, "current": 8},
            {"section": "measures", "title": "Reached", "start": 0, "target": 5, "current": 5},
            {"section": "measures", "title": "Lead rate", "key_result": key_result},
        ],
    )
    items = _items(document)
    actions.do_add_item(
        owner,
        document,
        section="obstacles",
        title="No partners",
        owner=teammate,
        method=items["Serve"],
    )
    actions.do_link_objective(owner, items["Serve"], objective)
    actions.do_request_acceptance(owner, item=items["Serve"], person=teammate)
    goal_actions.do_check_in(teammate, key_result, value=18)
    return document


def test_only_the_chosen_items_are_carried_and_ranked_afresh(
    owner, teammate, company_doc, next_period
):
    # given a year's company document
    old = _items(company_doc)
    chosen = ["Speed", "Serve", "Expand", "No partners", "Revenue", "Churn", "Reached", "Lead rate"]
    # when it is renewed with some of its items
    new = actions.do_renew_document(
        owner, company_doc, period=next_period, item_ids=[old[t].pk for t in chosen]
    )
    # then only those come along, ranked 1, 2, ... again
    assert (new.period, new.unit, new.statement) == (next_period, company_doc.unit, "Be the best")
    assert new.renewed_from == company_doc
    assert _ranked(new, "values") == [("Speed", 1)]
    assert _ranked(new, "methods") == [("Serve", 1), ("Expand", 2)]
    items = _items(new)
    assert set(items) == set(chosen)
    for title in chosen:
        assert items[title].carried_from == old[title]
        assert items[title].is_active
    # the "start at the end" fields come along, the links and sign-offs do not
    serve = items["Serve"]
    assert serve.picture_of_success == "Fans" and serve.budget == 10
    assert not serve.objectives.exists() and not serve.acceptances.exists()
    # the obstacle points at the carried method, and keeps its owner
    assert (items["No partners"].method, items["No partners"].owner) == (serve, teammate)
    # the old document is left as it was
    assert old["Serve"].objectives.count() == 1 and old["Serve"].acceptances.count() == 1
    assert company_doc.items.count() == 10
    new.refresh_from_db()
    assert new.version == 2
    assert new.versions.first().change == {  # type: ignore[union-attr]
        "verb": "renewed",
        "from": "This year",
        "items": len(chosen),
    }


def test_measures_start_from_where_they_got_to(owner, company_doc, next_period):
    new = actions.do_renew_document(
        owner,
        company_doc,
        period=next_period,
        item_ids=company_doc.items.filter(section="measures").values_list("pk", flat=True),
    )
    measures = {
        i.title: (i.start, i.target, i.current, i.key_result_id)
        for i in new.items.filter(section="measures")
    }
    assert measures == {
        "Revenue": (15.0, 20.0, None, None),
        # past its target (down to 8 of 10): keeps its start, so it still decreases
        "Churn": (20.0, 10.0, None, None),
        # exactly reached: keeps its start, so that start and target differ
        "Reached": (0.0, 5.0, None, None),
        # fed by a key result: starts from the key result's latest check-in
        "Lead rate": (18.0, 20.0, None, None),
    }
    assert all(i.current_updated_at is None for i in new.items.all())


def test_measures_can_keep_their_start(owner, company_doc, next_period):
    new = actions.do_renew_document(
        owner,
        company_doc,
        period=next_period,
        item_ids=company_doc.items.filter(section="measures").values_list("pk", flat=True),
        measures_from_current=False,
    )
    starts = dict(new.items.values_list("title", "start"))
    assert starts == {"Revenue": 10.0, "Churn": 20.0, "Reached": 0.0, "Lead rate": 12.0}


def test_replaced_items_and_items_of_other_documents_are_not_carried(
    owner, company_doc, next_period, marketing, period
):
    old = _items(company_doc)
    actions.do_replace_item(owner, old["Grow"], reason="Too vague", title="Grow by 10 %")
    other = _doc(owner, period, marketing, items=[{"section": "values", "title": "Theirs"}])
    new = actions.do_renew_document(
        owner,
        company_doc,
        period=next_period,
        item_ids=[old["Grow"].pk, other.items.get().pk, 999_999],
    )
    assert not new.items.exists()


def test_an_obstacle_whose_method_stays_behind_names_none(owner, company_doc, next_period):
    old = _items(company_doc)
    new = actions.do_renew_document(
        owner, company_doc, period=next_period, item_ids=[old["No partners"].pk]
    )
    assert new.items.get().method is None


def _department(
    owner: User, period: StrategyPeriod, marketing: Unit, company_doc: StrategyDocument
) -> StrategyDocument:
    old = _items(company_doc)
    return _doc(
        owner,
        period,
        marketing,
        items=[
            {"section": "methods", "title": "Leads", "supports": old["Serve"]},
            {"section": "methods", "title": "Brand", "supports": old["Grow"]},
        ],
    )


def test_supports_follow_when_the_parent_is_renewed_first(
    owner, company_doc, period, next_period, marketing
):
    department = _department(owner, period, marketing, company_doc)
    old = _items(company_doc)
    new_top = actions.do_renew_document(
        owner, company_doc, period=next_period, item_ids=[old["Serve"].pk]
    )
    new_department = actions.do_renew_document(
        owner,
        department,
        period=next_period,
        item_ids=department.items.values_list("pk", flat=True),
    )
    assert new_department.parent == new_top
    items = _items(new_department)
    assert items["Leads"].supports == new_top.items.get(title="Serve")
    # Grow was left behind, so Brand supports nothing in the new year
    assert items["Brand"].supports is None


def test_supports_follow_when_the_child_is_renewed_first(
    owner, company_doc, period, next_period, marketing
):
    department = _department(owner, period, marketing, company_doc)
    new_department = actions.do_renew_document(
        owner,
        department,
        period=next_period,
        item_ids=department.items.values_list("pk", flat=True),
    )
    assert new_department.parent is None
    assert new_department.items.filter(supports__isnull=False).count() == 0
    old = _items(company_doc)
    new_top = actions.do_renew_document(
        owner, company_doc, period=next_period, item_ids=[old["Serve"].pk, old["Grow"].pk]
    )
    new_department.refresh_from_db()
    assert new_department.parent == new_top
    items = _items(new_department)
    assert items["Leads"].supports == new_top.items.get(title="Serve")
    assert items["Brand"].supports == new_top.items.get(title="Grow")


def test_renewing_needs_another_period_without_a_document(
    owner, outsider, company_doc, period, next_period, company
):
    with pytest.raises(ValidationError) as excinfo:
        actions.do_renew_document(owner, company_doc, period=period, item_ids=[])
    assert "period" in excinfo.value.message_dict
    existing = _doc(owner, next_period, company)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_renew_document(owner, company_doc, period=next_period, item_ids=[])
    assert excinfo.value.message_dict == {
        "period": ["Muster GmbH has a V2MOM for Next year already."]
    }
    theirs = actions.do_create_period(
        outsider, name="Theirs", start=next_period.start, end=next_period.end
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.do_renew_document(owner, company_doc, period=theirs, item_ids=[])
    assert "period" in excinfo.value.message_dict
    assert StrategyDocument.objects.filter(period=next_period).get() == existing
    assert not existing.items.exists()


def test_only_an_editor_renews(owner, teammate, outsider, company_doc, next_period):
    for actor in (teammate, outsider):
        with pytest.raises(PermissionDenied):
            actions.do_renew_document(
                actor,
                company_doc,
                period=next_period,
                item_ids=company_doc.items.values_list("pk", flat=True),
            )
    assert not StrategyDocument.objects.filter(period=next_period).exists()


def test_a_unit_leads_own_document_is_renewed_by_them(
    org, owner, company_doc, period, next_period, marketing
):
    lead = org_actions.do_create_person(
        None,
        organization=org,
        email="lena@muster.example",
        name="Lena Lead",
        role=Role.MEMBER,
        password="correct-horse-battery-staple",
    )
    org_actions.do_set_membership(None, unit=marketing, person=lead, role=MembershipRole.LEAD)
    department = _department(owner, period, marketing, company_doc)
    new = actions.do_renew_document(lead, department, period=next_period, item_ids=[])
    assert (new.unit, new.renewed_from) == (marketing, department)
    assert new.versions.first().author == lead  # type: ignore[union-attr]
