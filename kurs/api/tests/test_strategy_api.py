"""Strategy documents through the REST API: periods, documents with nested items,
item operations, versions and diffs, renewal; permissions and validation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from kurs.api.tests.conftest import error_fields, errors
from kurs.goals import actions as goal_actions
from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole, Role, User
from kurs.strategy import actions
from kurs.strategy.models import (
    DocumentVersion,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)

DOCS = "/strategy-documents"


@pytest.fixture
def both(owner):
    organization = owner.organization
    actions.do_set_frameworks(owner, organization, "both")
    return organization


@pytest.fixture
def period(owner, both) -> StrategyPeriod:
    today = timezone.localdate()
    return actions.do_create_period(
        owner,
        name="This year",
        start=today - dt.timedelta(days=180),
        end=today + dt.timedelta(days=185),
    )


@pytest.fixture
def next_period(owner, period) -> StrategyPeriod:
    return actions.do_create_period(
        owner,
        name="Next year",
        start=period.end + dt.timedelta(days=1),
        end=period.end + dt.timedelta(days=366),
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
            {"section": "measures", "title": "Revenue", "start": 10, "target": 20},
        ],
    )


@pytest.fixture
def lena(org, marketing) -> User:
    """The lead of marketing."""
    user = org_actions.do_create_person(
        None, organization=org, email="lena@muster.example", name="Lena Lead", role=Role.MEMBER
    )
    org_actions.do_set_membership(None, unit=marketing, person=user, role=MembershipRole.LEAD)
    return user


def method(document: StrategyDocument, title: str) -> StrategyItem:
    return document.items.get(title=title)


def new_document(period: StrategyPeriod, unit_id: int, **extra: Any) -> dict[str, Any]:
    return {"period_id": period.pk, "framework": "v2mom", "unit_id": unit_id, **extra}


# Periods --------------------------------------------------------------------------------


def test_list_and_create_periods(api, period):
    # when
    created = api.post(
        "/strategy-periods", {"name": "2030", "start": "2030-01-01", "end": "2030-12-31"}
    )
    listed = api.get("/strategy-periods")

    # then
    assert created.status_code == 201, created.content
    assert created.json() == {
        "id": created.json()["id"],
        "name": "2030",
        "start": "2030-01-01",
        "end": "2030-12-31",
    }
    assert listed.json()["count"] == 2
    assert [p["name"] for p in listed.json()["items"]] == ["2030", "This year"]


def test_only_admins_create_periods_and_names_are_unique(api, api_as, teammate, period):
    # when
    as_member = api_as(teammate).post(
        "/strategy-periods", {"name": "2030", "start": "2030-01-01", "end": "2030-12-31"}
    )
    duplicate = api.post(
        "/strategy-periods", {"name": "This year", "start": "2030-01-01", "end": "2030-12-31"}
    )
    backwards = api.post(
        "/strategy-periods", {"name": "X", "start": "2030-01-01", "end": "2029-12-31"}
    )

    # then
    assert as_member.status_code == 403
    assert errors(duplicate) == [
        {"field": "name", "message": "A strategy period with this name exists already."}
    ]
    assert error_fields(backwards) == {"end"}
    assert StrategyPeriod.objects.count() == 1


# Documents: the round trip ------------------------------------------------------------


def test_create_a_document_with_nested_items(api, period, company, owner):
    # when
    response = api.post(
        DOCS,
        new_document(
            period,
            company.pk,
            statement="Be the partner the Mittelstand trusts",
            items=[
                {"section": "values", "title": "Trust"},
                {
                    "section": "methods",
                    "title": "Win the Mittelstand",
                    "picture_of_success": "Ten new customers toast with us",
                    "budget": 12500.5,
                    "people_needed": 1.5,
                },
                {"section": "obstacles", "title": "Too few sales people", "owner": owner.email},
                {
                    "section": "measures",
                    "title": "Revenue",
                    "start": 10,
                    "target": 20,
                    "unit": "M€",
                },
            ],
        ),
    )

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    document = StrategyDocument.objects.get()
    assert body["id"] == document.pk
    assert body["framework"] == "v2mom"
    assert body["unit_id"] == company.pk and body["person"] is None
    assert body["holder"] == "Muster GmbH"
    assert body["statement"] == "Be the partner the Mittelstand trusts"
    assert body["version"] == 1
    assert [(i["section"], i["position"], i["title"]) for i in body["items"]] == [
        ("values", 1, "Trust"),
        ("methods", 1, "Win the Mittelstand"),
        ("obstacles", 1, "Too few sales people"),
        ("measures", 1, "Revenue"),
    ]
    _value, method_, obstacle, measure = body["items"]
    assert method_["budget"] == 12500.5 and method_["people_needed"] == 1.5
    assert method_["picture_of_success"] == "Ten new customers toast with us"
    assert method_["missing_acceptance"] is True and method_["missing_resources"] is False
    assert obstacle["owner"] == owner.email
    assert measure | {"id": 0} == measure | {
        "id": 0,
        "start": 10.0,
        "target": 20.0,
        "current": None,
        "unit": "M€",
        "progress": 0.0,
        "status": "not_started",
        "status_override": None,
        "state": "active",
        "key_result_id": None,
    }
    # the value and the obstacle have no colour until someone sets one
    assert _value["status"] is None and obstacle["status"] is None
    assert body["status_counts"] == {"not_started": 2, "on_track": 0, "at_risk": 0, "off_track": 0}
    assert document.items.count() == 4


def test_get_patch_and_delete_a_document(api, company_doc):
    # when
    got = api.get(f"{DOCS}/{company_doc.pk}")
    patched = api.patch(f"{DOCS}/{company_doc.pk}", {"statement": "Be trusted"})
    deleted = api.delete(f"{DOCS}/{company_doc.pk}")
    gone = api.get(f"{DOCS}/{company_doc.pk}")

    # then
    assert got.status_code == 200
    assert [i["title"] for i in got.json()["items"]] == [
        "Trust",
        "Win the Mittelstand",
        "Service first",
        "Revenue",
    ]
    assert patched.status_code == 200
    assert patched.json()["statement"] == "Be trusted"
    assert patched.json()["version"] == 2
    assert deleted.status_code == 204
    assert gone.status_code == 404
    assert not StrategyDocument.objects.exists()


def test_mspot_keeps_its_strategy_text_and_v2mom_has_none(api, period, company, company_doc):
    # when
    mspot = api.post(
        DOCS,
        {
            "period_id": period.pk,
            "framework": "mspot",
            "unit_id": company.pk,
            "statement": "Mission",
            "strategy": "Focus on the Mittelstand",
            "items": [
                {"section": "plays", "title": "Partner programme"},
                {"section": "omissions", "title": "No enterprise deals", "reason": "Too slow"},
                {"section": "targets", "title": "Partners", "start": 0, "target": 40},
            ],
        },
    )
    v2mom = api.patch(f"{DOCS}/{company_doc.pk}", {"strategy": "Anything"})
    changed = api.patch(f"{DOCS}/{mspot.json()['id']}", {"strategy": "Focus harder"})

    # then
    assert mspot.status_code == 201, mspot.content
    assert mspot.json()["strategy"] == "Focus on the Mittelstand"
    assert mspot.json()["items"][1]["reason"] == "Too slow"
    assert errors(v2mom) == [{"field": "strategy", "message": "Only an MSPOT has a strategy text."}]
    assert changed.json()["strategy"] == "Focus harder"
    assert changed.json()["statement"] == "Mission"


def test_department_document_derives_from_the_company(api, period, marketing, company_doc):
    # given
    win = method(company_doc, "Win the Mittelstand")

    # when
    response = api.post(
        DOCS,
        new_document(
            period,
            marketing.pk,
            items=[{"section": "methods", "title": "Better leads", "supports_id": win.pk}],
        ),
    )
    company = api.get(f"{DOCS}/{company_doc.pk}").json()

    # then
    assert response.status_code == 201, response.content
    assert response.json()["parent_id"] == company_doc.pk
    assert response.json()["items"][0]["supports_id"] == win.pk
    assert company["parent_id"] is None


# Items ----------------------------------------------------------------------------------


def test_add_change_move_and_delete_items(api, company_doc, owner):
    # given
    url = f"{DOCS}/{company_doc.pk}/items"
    service = method(company_doc, "Service first")

    # when
    added = api.post(url, {"section": "methods", "title": "Hire well", "budget": 100})
    patched = api.patch(
        f"{url}/{added.json()['id']}",
        {"title": "Hire very well", "status_override": "at_risk", "people_needed": 2},
    )
    moved = api.post(f"{url}/{added.json()['id']}/move", {"position": 1})
    obstacle = api.post(
        url,
        {
            "section": "obstacles",
            "title": "No budget",
            "method_id": service.pk,
            "owner": owner.email,
        },
    )
    deleted = api.delete(f"{url}/{obstacle.json()['id']}")
    document = api.get(f"{DOCS}/{company_doc.pk}").json()

    # then
    assert added.status_code == 201, added.content
    assert added.json()["position"] == 3 and added.json()["budget"] == 100
    assert patched.status_code == 200, patched.content
    assert patched.json()["title"] == "Hire very well"
    assert patched.json()["status"] == "at_risk"
    assert patched.json()["status_override"] == "at_risk"
    assert patched.json()["budget"] == 100 and patched.json()["people_needed"] == 2
    assert moved.json()["position"] == 1
    assert obstacle.json()["method_id"] == service.pk
    assert deleted.status_code == 204
    assert [i["title"] for i in document["items"] if i["section"] == "methods"] == [
        "Hire very well",
        "Win the Mittelstand",
        "Service first",
    ]
    assert document["status_counts"]["at_risk"] == 1
    assert not StrategyItem.objects.filter(title="No budget").exists()


def test_patch_clears_with_null_and_keeps_what_is_left_out(api, company_doc):
    # given
    win = method(company_doc, "Win the Mittelstand")
    actions.do_update_item(api_owner(company_doc), win, budget=500, description="Why")

    # when
    response = api.patch(f"{DOCS}/{company_doc.pk}/items/{win.pk}", {"budget": None})

    # then
    assert response.status_code == 200, response.content
    assert response.json()["budget"] is None
    assert response.json()["description"] == "Why"
    assert response.json()["missing_resources"] is True


def api_owner(document: StrategyDocument) -> User:
    return User.objects.get(organization=document.organization, role=Role.ADMIN)


def test_replace_an_item(api, company_doc):
    # given
    win = method(company_doc, "Win the Mittelstand")

    # when
    response = api.post(
        f"{DOCS}/{company_doc.pk}/items/{win.pk}/replace",
        {"reason": "The market collapsed", "item": {"title": "Win the public sector"}},
    )
    again = api.post(
        f"{DOCS}/{company_doc.pk}/items/{win.pk}/replace",
        {"reason": "Twice", "item": {"title": "Something"}},
    )
    document = api.get(f"{DOCS}/{company_doc.pk}").json()

    # then
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Win the public sector"
    assert response.json()["position"] == 1
    methods = [i for i in document["items"] if i["section"] == "methods"]
    assert [(i["title"], i["state"]) for i in methods] == [
        ("Win the public sector", "active"),
        ("Service first", "active"),
        ("Win the Mittelstand", "replaced"),
    ]
    assert methods[2]["replaced_by_id"] == response.json()["id"]
    assert methods[2]["replaced_reason"] == "The market collapsed"
    assert errors(again) == [{"field": "reason", "message": "This item has been replaced already."}]


def test_replacement_errors_name_the_new_items_fields(api, company_doc):
    # given
    win = method(company_doc, "Win the Mittelstand")

    # when
    no_reason = api.post(
        f"{DOCS}/{company_doc.pk}/items/{win.pk}/replace",
        {"reason": " ", "item": {"title": "New"}},
    )
    bad_item = api.post(
        f"{DOCS}/{company_doc.pk}/items/{win.pk}/replace",
        {"reason": "Because", "item": {"title": " ", "supports_id": win.pk}},
    )

    # then
    assert errors(no_reason) == [{"field": "reason", "message": "Say why the item is replaced."}]
    assert error_fields(bad_item) == {"item.title", "item.supports_id"}
    assert StrategyItem.objects.filter(document=company_doc).count() == 4


def test_measure_fed_by_a_key_result_shows_its_live_value(api, owner, company_doc, objective):
    # given
    key_result = objective.key_results.get()
    revenue = method(company_doc, "Revenue")
    goal_actions.do_check_in(owner, key_result, value=16)

    # when
    response = api.patch(
        f"{DOCS}/{company_doc.pk}/items/{revenue.pk}", {"key_result_id": key_result.pk}
    )
    with_current = api.patch(f"{DOCS}/{company_doc.pk}/items/{revenue.pk}", {"current": 3})
    goal_actions.do_check_in(owner, key_result, value=18)
    later = api.get(f"{DOCS}/{company_doc.pk}/items/{revenue.pk}")

    # then
    assert response.status_code == 200, response.content
    assert response.json()["key_result_id"] == key_result.pk
    assert response.json()["current"] == 16.0
    assert response.json()["progress"] == pytest.approx(0.5)  # 12 -> 16 of 12 -> 20
    assert errors(with_current) == [
        {"field": "current", "message": "This value follows its key result; check in there."}
    ]
    assert later.json()["current"] == 18.0


def test_method_carried_by_objectives_with_acceptances(
    api, owner, company_doc, objective, marketing
):
    # given
    win = method(company_doc, "Win the Mittelstand")
    acceptance = actions.do_request_acceptance(owner, item=win, unit=marketing)

    # when
    response = api.patch(
        f"{DOCS}/{company_doc.pk}/items/{win.pk}", {"objective_ids": [objective.pk]}
    )

    # then
    assert response.status_code == 200, response.content
    item = response.json()
    assert item["objective_ids"] == [objective.pk]
    assert item["acceptances"] == [
        {
            "id": acceptance.pk,
            "person": None,
            "unit_id": marketing.pk,
            "state": "pending",
            "comment": "",
        }
    ]
    assert item["missing_acceptance"] is True


# Versions, diff, renewal --------------------------------------------------------------


def test_versions_and_diff(api, company_doc, owner):
    # given
    url = f"{DOCS}/{company_doc.pk}"
    api.patch(url, {"statement": "Be the partner everyone trusts"})
    api.post(f"{url}/items", {"section": "values", "title": "Courage"})

    # when
    versions = api.get(f"{url}/versions")
    first = api.get(f"{url}/versions/1")
    missing = api.get(f"{url}/versions/9")
    diff = api.get(f"{url}/diff", {"a": 1, "b": 3})
    unknown = api.get(f"{url}/diff", {"a": 1, "b": 9})

    # then
    assert versions.status_code == 200
    assert versions.json()["count"] == 3
    assert [(v["number"], v["change"]["verb"], v["author"]) for v in versions.json()["items"]] == [
        (3, "item_added", owner.email),
        (2, "texts_changed", owner.email),
        (1, "created", owner.email),
    ]
    assert first.json()["snapshot"]["statement"] == "Be the partner the Mittelstand trusts"
    assert len(first.json()["snapshot"]["items"]) == 4
    assert missing.status_code == 404
    body = diff.json()
    assert body["a"] == 1 and body["b"] == 3
    assert [t["field"] for t in body["texts"]] == ["statement"]
    assert {"op": "insert", "text": "everyone"} in body["texts"][0]["pieces"]
    assert [(i["kind"], i["title"]) for i in body["items"]] == [("added", "Courage")]
    assert errors(unknown) == [{"field": "b", "message": "This document has no version 9."}]


def test_renew_into_the_next_period(api, company_doc, next_period):
    # given
    keep = [method(company_doc, "Trust").pk, method(company_doc, "Revenue").pk]

    # when
    response = api.post(
        f"{DOCS}/{company_doc.pk}/renew", {"period_id": next_period.pk, "item_ids": keep}
    )
    again = api.post(f"{DOCS}/{company_doc.pk}/renew", {"period_id": next_period.pk})

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["period_id"] == next_period.pk
    assert body["renewed_from_id"] == company_doc.pk
    assert body["statement"] == company_doc.statement
    assert [i["title"] for i in body["items"]] == ["Trust", "Revenue"]
    assert again.status_code == 422
    assert error_fields(again) == {"period_id"}


def test_renew_refuses_items_of_other_documents(api, company_doc, next_period, period, marketing):
    # given
    other = actions.do_create_document(
        api_owner(company_doc),
        period=period,
        framework="v2mom",
        unit=marketing,
        items=[{"section": "values", "title": "Theirs"}],
    )

    # when
    response = api.post(
        f"{DOCS}/{company_doc.pk}/renew",
        {"period_id": next_period.pk, "item_ids": [other.items.get().pk]},
    )

    # then
    assert errors(response) == [
        {"field": "item_ids", "message": "Choose active items of this document."}
    ]
    assert not StrategyDocument.objects.filter(period=next_period).exists()


# Lists ----------------------------------------------------------------------------------


def test_list_filters(api, owner, period, next_period, company, marketing, teammate, company_doc):
    # given
    mspot = actions.do_create_document(owner, period=period, framework="mspot", unit=company)
    team = actions.do_create_document(owner, period=period, framework="v2mom", unit=marketing)
    personal = actions.do_create_document(owner, period=period, framework="v2mom", person=teammate)
    later = actions.do_create_document(owner, period=next_period, framework="v2mom", unit=company)

    def ids(params: dict[str, Any]) -> list[int]:
        response = api.get(DOCS, params)
        assert response.status_code == 200, response.content
        return [d["id"] for d in response.json()["items"]]

    # then
    assert ids({}) == [later.pk, mspot.pk, company_doc.pk, team.pk, personal.pk]
    assert ids({"period_id": period.pk}) == [mspot.pk, company_doc.pk, team.pk, personal.pk]
    assert ids({"framework": "mspot"}) == [mspot.pk]
    assert ids({"unit_id": company.pk, "framework": "v2mom"}) == [later.pk, company_doc.pk]
    assert ids({"person": "BOB@muster.example"}) == [personal.pk]
    assert ids({"limit": 2, "offset": 1}) == [mspot.pk, company_doc.pk]
    assert api.get(DOCS, {"limit": 2, "framework": "v2mom"}).json()["count"] == 4
    assert api.get(DOCS).json()["items"][2]["items"][0]["title"] == "Trust"


# Permissions ----------------------------------------------------------------------------


def test_viewer_may_read_but_not_write(api_as, viewer, company_doc, period, company):
    # given
    client = api_as(viewer)
    trust = method(company_doc, "Trust")
    url = f"{DOCS}/{company_doc.pk}"

    # when
    read = client.get(url)
    writes = {
        "create": client.post(DOCS, new_document(period, company.pk, framework="mspot")),
        "patch": client.patch(url, {"statement": "Mine"}),
        "delete": client.delete(url),
        "add item": client.post(f"{url}/items", {"section": "values", "title": "x"}),
        "patch item": client.patch(f"{url}/items/{trust.pk}", {"title": "x"}),
        "move item": client.post(f"{url}/items/{trust.pk}/move", {"position": 2}),
        "replace item": client.post(
            f"{url}/items/{trust.pk}/replace", {"reason": "x", "item": {"title": "y"}}
        ),
        "delete item": client.delete(f"{url}/items/{trust.pk}"),
        "period": client.post(
            "/strategy-periods", {"name": "P", "start": "2030-01-01", "end": "2030-12-31"}
        ),
    }

    # then
    assert read.status_code == 200
    assert {name: r.status_code for name, r in writes.items()} == {name: 403 for name in writes}
    assert errors(writes["patch"]) == [
        {"field": None, "message": "You are not allowed to do this."}
    ]
    assert StrategyDocument.objects.count() == 1
    assert company_doc.versions.count() == 1


def test_member_who_does_not_lead_the_unit_may_not_write_its_document(
    api_as, teammate, lena, period, marketing
):
    # when
    as_member = api_as(teammate).post(DOCS, new_document(period, marketing.pk))
    as_lead = api_as(lena).post(DOCS, new_document(period, marketing.pk))
    lead_edits = api_as(lena).post(
        f"{DOCS}/{as_lead.json()['id']}/items", {"section": "values", "title": "Curiosity"}
    )
    member_edits = api_as(teammate).post(
        f"{DOCS}/{as_lead.json()['id']}/items", {"section": "values", "title": "Mine"}
    )

    # then
    assert as_member.status_code == 403
    assert as_lead.status_code == 201, as_lead.content
    assert lead_edits.status_code == 201
    assert member_edits.status_code == 403
    assert StrategyDocument.objects.count() == 1


def test_personal_document_belongs_to_its_person(api_as, teammate, lena, period, marketing):
    # when
    mine = api_as(teammate).post(
        DOCS, {"period_id": period.pk, "framework": "v2mom", "person": teammate.email}
    )
    someone_elses = api_as(teammate).post(
        DOCS, {"period_id": period.pk, "framework": "v2mom", "person": lena.email}
    )
    item = api_as(teammate).post(
        f"{DOCS}/{mine.json()['id']}/items", {"section": "values", "title": "Honesty"}
    )
    lena_edits = api_as(lena).patch(f"{DOCS}/{mine.json()['id']}", {"statement": "Hers"})

    # then
    assert mine.status_code == 201, mine.content
    assert mine.json()["person"] == teammate.email and mine.json()["unit_id"] is None
    assert mine.json()["holder"] == "Bob Member"
    assert someone_elses.status_code == 403
    assert item.status_code == 201
    assert lena_edits.status_code == 403


# Validation -----------------------------------------------------------------------------


def test_a_bad_item_leaves_no_document(api, period, company):
    # when
    response = api.post(
        DOCS,
        new_document(
            period,
            company.pk,
            items=[
                {"section": "values", "title": "Fine"},
                {"section": "methods", "title": " "},
                {"section": "measures", "title": "Revenue", "start": 10},
            ],
        ),
    )

    # then
    assert response.status_code == 422
    assert errors(response) == [
        {"field": "items.1.title", "message": "Enter a title."},
    ]
    assert not StrategyDocument.objects.exists()
    assert not StrategyItem.objects.exists()
    assert not DocumentVersion.objects.exists()


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        ({"section": "plays", "title": "x"}, "items.0.section", "A V2MOM has no such section."),
        ({"section": "measures", "title": "x", "start": 5}, "items.0.target", None),
        (
            {"section": "measures", "title": "x", "start": 5, "target": 5},
            "items.0.target",
            "The target must differ from the start value.",
        ),
        (
            {"section": "methods", "title": "x", "reason": "Because"},
            "items.0.reason",
            "Items of the section “Methods” have no such field.",
        ),
        (
            {"section": "measures", "title": "x", "start": 1, "target": 2, "unit": "u" * 41},
            "items.0.unit",
            None,
        ),
        ({"section": "methods", "title": "x" * 301}, "items.0.title", None),
        ({"section": "methods", "title": "x", "supports_id": 10**9}, "items.0.supports_id", None),
        (
            {"section": "obstacles", "title": "x", "owner": "ghost@muster.example"},
            "items.0.owner",
            None,
        ),
        (
            {"section": "measures", "title": "x", "key_result_id": 10**9},
            "items.0.key_result_id",
            None,
        ),
        (
            {"section": "methods", "title": "x", "objective_ids": [10**9]},
            "items.0.objective_ids",
            None,
        ),
        (
            {"section": "methods", "title": "x", "objective_ids": list(range(1, 102))},
            "items.0.objective_ids",
            "Use at most 100 entries.",
        ),
        ({"section": "methods", "title": "x", "budget": -1}, "items.0.budget", None),
        ({"section": "methods", "title": "x", "budget": 1.005}, "items.0.budget", None),
        ({"section": "chapters", "title": "x"}, "items.0.section", None),
        ({"title": "x"}, "items.0.section", "This field is required."),
    ],
    ids=repr,
)
def test_item_errors_are_keyed_by_item_and_field(api, period, company, item, field, message):
    # when
    response = api.post(DOCS, new_document(period, company.pk, items=[item]))

    # then
    assert response.status_code == 422, response.content
    assert field in error_fields(response), errors(response)
    if message is not None:
        assert {"field": field, "message": message} in errors(response)
    assert not StrategyDocument.objects.exists()


def test_document_errors_name_the_field(api, company_doc, period, company, marketing, teammate):
    # when
    clash = api.post(DOCS, new_document(period, company.pk))
    neither = api.post(DOCS, {"period_id": period.pk, "framework": "v2mom"})
    both_holders = api.post(DOCS, new_document(period, marketing.pk, person=teammate.email))
    unknown_period = api.post(DOCS, new_document(period, company.pk) | {"period_id": 10**9})
    unknown_unit = api.post(DOCS, new_document(period, 10**9))

    # then
    assert errors(clash) == [
        {"field": "unit_id", "message": "Muster GmbH has a V2MOM for This year already."}
    ]
    assert error_fields(neither) == {"unit_id"}
    assert error_fields(both_holders) == {"unit_id"}
    assert errors(unknown_period) == [
        {"field": "period_id", "message": "Choose a strategy period of your organization."}
    ]
    assert errors(unknown_unit) == [{"field": "unit_id", "message": "Unknown unit."}]
    assert StrategyDocument.objects.count() == 1


def test_framework_the_organization_does_not_use(api, owner, period, company):
    # given
    actions.do_set_frameworks(owner, owner.organization, "mspot")

    # when
    response = api.post(DOCS, new_document(period, company.pk))

    # then
    assert error_fields(response) == {"framework"}
    assert not StrategyDocument.objects.exists()


def test_patch_item_refuses_foreign_and_wrong_references(
    api, company_doc, objective, period, marketing
):
    # given
    child = actions.do_create_document(
        api_owner(company_doc), period=period, framework="v2mom", unit=marketing
    )
    mine = actions.do_add_item(api_owner(company_doc), child, section="methods", title="Mine")
    url = f"{DOCS}/{child.pk}/items/{mine.pk}"
    trust = method(company_doc, "Trust")

    # when
    supports_a_value = api.patch(url, {"supports_id": trust.pk})
    key_result_on_method = api.patch(url, {"key_result_id": objective.key_results.get().pk})
    title_null = api.patch(url, {"title": None})
    item_of_other_document = api.patch(f"{DOCS}/{child.pk}/items/{trust.pk}", {"title": "x"})

    # then
    assert errors(supports_a_value) == [
        {
            "field": "supports_id",
            "message": "Choose a method or play of the document this one derives from.",
        }
    ]
    assert error_fields(key_result_on_method) == {"key_result_id"}
    assert error_fields(title_null) == {"title"}
    assert item_of_other_document.status_code == 404
    mine.refresh_from_db()
    assert mine.supports_id is None and mine.title == "Mine"


def test_amounts_are_zero_or_more_with_the_columns_decimal_places(api, company_doc):
    # given
    win = method(company_doc, "Win the Mittelstand")
    url = f"{DOCS}/{company_doc.pk}/items/{win.pk}"

    # when
    negative = api.patch(url, {"budget": -1})
    too_fine = api.patch(url, {"people_needed": 1.25})
    fine = api.patch(url, {"budget": 0, "people_needed": 0.5})

    # then
    assert errors(negative) == [{"field": "budget", "message": "Enter a number of zero or more."}]
    assert errors(too_fine) == [
        {"field": "people_needed", "message": "Use at most 1 decimal place."}
    ]
    assert fine.json()["budget"] == 0 and fine.json()["people_needed"] == 0.5


def test_replacing_an_omission_keeps_both_reasons_apart(api, owner, period, company):
    # given
    document = actions.do_create_document(
        owner,
        period=period,
        framework="mspot",
        unit=company,
        items=[{"section": "omissions", "title": "No trade fairs", "reason": "Too expensive"}],
    )
    omission = document.items.get()

    # when
    response = api.post(
        f"{DOCS}/{document.pk}/items/{omission.pk}/replace",
        {
            "reason": "We found a cheap fair",
            "item": {"title": "No print ads", "reason": "Nobody reads them"},
        },
    )
    wrong_field = api.post(
        f"{DOCS}/{document.pk}/items/{response.json()['id']}/replace",
        {"reason": "Again", "item": {"title": "x", "budget": 5}},
    )

    # then
    assert response.status_code == 201, response.content
    assert response.json()["reason"] == "Nobody reads them"
    omission.refresh_from_db()
    assert omission.replaced_reason == "We found a cheap fair"
    assert omission.reason == "Too expensive"
    assert errors(wrong_field) == [
        {"field": "item.budget", "message": "Items of the section “Omissions” have no such field."}
    ]
