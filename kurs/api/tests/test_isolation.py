"""Another organization's data is invisible: empty lists, 404 for its ids, 422 for
references to them in a body."""

import pytest

from kurs.api.tests.conftest import errors
from kurs.goals.models import CheckIn, KeyResult, Objective
from kurs.orgs.models import Unit


@pytest.fixture
def theirs(api_as, outsider):
    return api_as(outsider)


def test_outsider_lists_none_of_our_data(theirs, objective, cycle, marketing, other_org):
    # when
    units = theirs.get("/units").json()
    cycles = theirs.get("/cycles").json()
    objectives = theirs.get("/objectives").json()
    filtered = theirs.get("/objectives", {"cycle_id": cycle.pk, "unit_id": marketing.pk}).json()

    # then: only their own top unit
    assert units == {
        "items": [
            {
                "id": Unit.objects.get(organization=other_org).pk,
                "name": "Other AG",
                "parent_id": None,
            }
        ],
        "count": 1,
    }
    assert cycles == {"items": [], "count": 0}
    assert objectives == {"items": [], "count": 0}
    assert filtered == {"items": [], "count": 0}


def test_outsider_gets_404_for_our_ids(theirs, objective):
    # given
    key_result = objective.key_results.get()
    o, k = objective.pk, key_result.pk

    # when
    responses = {
        "get objective": theirs.get(f"/objectives/{o}"),
        "patch objective": theirs.patch(f"/objectives/{o}", {"title": "Ours now"}),
        "delete objective": theirs.delete(f"/objectives/{o}"),
        "retire objective": theirs.post(f"/objectives/{o}/retire", {"reason": "x"}),
        "list key results": theirs.get(f"/objectives/{o}/key-results"),
        "add key result": theirs.post(
            f"/objectives/{o}/key-results", {"title": "x", "start": 0, "target": 1}
        ),
        "get key result": theirs.get(f"/key-results/{k}"),
        "patch key result": theirs.patch(f"/key-results/{k}", {"title": "x"}),
        "delete key result": theirs.delete(f"/key-results/{k}"),
        "retire key result": theirs.post(f"/key-results/{k}/retire", {"reason": "x"}),
        "list check-ins": theirs.get(f"/key-results/{k}/check-ins"),
        "check in": theirs.post(f"/key-results/{k}/check-ins", {"value": 20}),
    }

    # then
    assert {name: r.status_code for name, r in responses.items()} == {
        name: 404 for name in responses
    }
    assert errors(responses["get objective"]) == [{"field": None, "message": "Not found."}]
    objective.refresh_from_db()
    key_result.refresh_from_db()
    assert objective.title == "Make our leads noticeably better"
    assert objective.is_active and key_result.is_active
    assert key_result.title.startswith("Raise")
    assert not CheckIn.objects.exists()


def test_outsider_cannot_use_our_units_cycles_or_goals(
    theirs, objective, cycle, marketing, company
):
    # given
    key_result = objective.key_results.get()

    # when
    in_our_unit = theirs.post(
        "/objectives", {"title": "x", "unit_id": marketing.pk, "cycle_id": cycle.pk}
    )
    below_our_unit = theirs.post("/units", {"name": "Spy", "parent_id": company.pk})
    aligned_to_us = theirs.post(
        "/objectives",
        {
            "title": "x",
            "unit_id": 10**9,
            "cycle_id": 10**9,
            "parents": [{"type": "key_result", "id": key_result.pk}],
        },
    )

    # then
    assert in_our_unit.status_code == 422
    assert {e["field"] for e in errors(in_our_unit)} <= {"unit_id", "cycle_id"}
    assert errors(below_our_unit) == [{"field": "parent_id", "message": "Unknown unit."}]
    assert aligned_to_us.status_code == 422
    assert Objective.objects.count() == 1
    assert KeyResult.objects.count() == 1
    assert not Unit.objects.filter(name="Spy").exists()


def test_we_cannot_point_at_their_objects(api, outsider, other_org, marketing, cycle, objective):
    # given
    from kurs.goals import actions as goal_actions

    their_unit = Unit.objects.get(organization=other_org)
    their_cycle = goal_actions.do_create_cycle(
        outsider,
        name="Their Q",
        start=cycle.start,
        end=cycle.end,
        kind="quarter",
        state="active",
    )
    their_objective = goal_actions.do_create_objective(
        outsider, cycle=their_cycle, unit=their_unit, owner=outsider, title="Theirs"
    )

    # when
    responses = [
        api.post("/objectives", {"title": "x", "unit_id": their_unit.pk, "cycle_id": cycle.pk}),
        api.post(
            "/objectives", {"title": "x", "unit_id": marketing.pk, "cycle_id": their_cycle.pk}
        ),
        api.post(
            "/objectives",
            {"title": "x", "unit_id": marketing.pk, "cycle_id": cycle.pk, "owner": outsider.email},
        ),
        api.post(
            "/objectives",
            {
                "title": "x",
                "unit_id": marketing.pk,
                "cycle_id": cycle.pk,
                "parents": [{"type": "objective", "id": their_objective.pk}],
            },
        ),
        api.patch(f"/objectives/{objective.pk}", {"unit_id": their_unit.pk}),
        api.patch(
            f"/objectives/{objective.pk}",
            {"parents": [{"type": "objective", "id": their_objective.pk}]},
        ),
        api.post(
            f"/objectives/{objective.pk}/retire",
            {"reason": "x", "replacement_id": their_objective.pk},
        ),
    ]

    # then
    assert [(r.status_code, errors(r)[0]["field"]) for r in responses] == [
        (422, "unit_id"),
        (422, "cycle_id"),
        (422, "owner"),
        (422, "parents"),
        (422, "unit_id"),
        (422, "parents"),
        (422, "replacement_id"),
    ]
    assert Objective.objects.filter(organization=marketing.organization).count() == 1
    objective.refresh_from_db()
    assert objective.unit == marketing and objective.is_active


# Strategy documents -----------------------------------------------------------------------


@pytest.fixture
def our_document(owner, company):
    import datetime as dt

    from kurs.strategy import actions as strategy_actions

    period = strategy_actions.do_create_period(
        owner, name="2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    return strategy_actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=company,
        statement="Ours",
        items=[{"section": "methods", "title": "Our method"}],
    )


def test_outsider_lists_none_of_our_strategy(theirs, our_document):
    # when
    periods = theirs.get("/strategy-periods").json()
    documents = theirs.get("/strategy-documents").json()
    filtered = theirs.get(
        "/strategy-documents",
        {"period_id": our_document.period_id, "unit_id": our_document.unit_id},
    ).json()

    # then
    assert periods == {"items": [], "count": 0}
    assert documents == {"items": [], "count": 0}
    assert filtered == {"items": [], "count": 0}


def test_outsider_gets_404_for_every_strategy_endpoint(theirs, our_document, other_org, outsider):
    # given
    from kurs.strategy import actions as strategy_actions

    their_period = strategy_actions.do_create_period(
        outsider, name="Theirs", start=our_document.period.start, end=our_document.period.end
    )
    d = f"/strategy-documents/{our_document.pk}"
    item = our_document.items.get()
    i = f"{d}/items/{item.pk}"

    # when
    responses = {
        "get": theirs.get(d),
        "patch": theirs.patch(d, {"statement": "Theirs now"}),
        "delete": theirs.delete(d),
        "renew": theirs.post(f"{d}/renew", {"period_id": their_period.pk}),
        "add item": theirs.post(f"{d}/items", {"section": "values", "title": "x"}),
        "get item": theirs.get(i),
        "patch item": theirs.patch(i, {"title": "x"}),
        "delete item": theirs.delete(i),
        "replace item": theirs.post(f"{i}/replace", {"reason": "x", "item": {"title": "y"}}),
        "move item": theirs.post(f"{i}/move", {"position": 1}),
        "versions": theirs.get(f"{d}/versions"),
        "version": theirs.get(f"{d}/versions/1"),
        "diff": theirs.get(f"{d}/diff", {"a": 1, "b": 1}),
    }

    # then
    assert {name: r.status_code for name, r in responses.items()} == {
        name: 404 for name in responses
    }
    assert errors(responses["get"]) == [{"field": None, "message": "Not found."}]
    our_document.refresh_from_db()
    item.refresh_from_db()
    assert our_document.statement == "Ours" and our_document.version == 1
    assert item.title == "Our method" and item.is_active


def test_we_cannot_point_at_their_strategy_objects(api, our_document, outsider, other_org):
    # given
    from kurs.goals import actions as goal_actions
    from kurs.strategy import actions as strategy_actions
    from kurs.strategy.models import StrategyDocument

    their_unit = Unit.objects.get(organization=other_org)
    their_period = strategy_actions.do_create_period(
        outsider, name="Theirs", start=our_document.period.start, end=our_document.period.end
    )
    their_document = strategy_actions.do_create_document(
        outsider,
        period=their_period,
        framework="v2mom",
        unit=their_unit,
        items=[{"section": "methods", "title": "Their method"}],
    )
    their_method = their_document.items.get()
    their_cycle = goal_actions.do_create_cycle(
        outsider,
        name="Their Q",
        start=our_document.period.start,
        end=our_document.period.end,
        kind="quarter",
        state="active",
    )
    their_objective = goal_actions.do_create_objective(
        outsider, cycle=their_cycle, unit=their_unit, owner=outsider, title="Theirs"
    )
    their_key_result = goal_actions.do_create_key_result(
        outsider, their_objective, title="Theirs", start=0, target=1
    )
    d = f"/strategy-documents/{our_document.pk}"
    ours = our_document.items.get()
    new = {"period_id": our_document.period_id, "framework": "mspot"}

    # when
    responses = [
        api.post("/strategy-documents", new | {"period_id": their_period.pk, "unit_id": 1}),
        api.post("/strategy-documents", new | {"unit_id": their_unit.pk}),
        api.post("/strategy-documents", new | {"person": outsider.email}),
        api.patch(f"{d}/items/{ours.pk}", {"supports_id": their_method.pk}),
        api.patch(f"{d}/items/{ours.pk}", {"objective_ids": [their_objective.pk]}),
        api.post(f"{d}/items", {"section": "obstacles", "title": "x", "owner": outsider.email}),
        api.post(
            f"{d}/items", {"section": "obstacles", "title": "x", "method_id": their_method.pk}
        ),
        api.post(
            f"{d}/items",
            {"section": "measures", "title": "x", "key_result_id": their_key_result.pk},
        ),
        api.post(f"{d}/renew", {"period_id": their_period.pk}),
        api.get(f"/strategy-documents/{their_document.pk}"),
    ]

    # then
    assert [(r.status_code, errors(r)[0]["field"]) for r in responses] == [
        (422, "period_id"),
        (422, "unit_id"),
        (422, "person"),
        (422, "supports_id"),
        (422, "objective_ids"),
        (422, "owner"),
        (422, "method_id"),
        (422, "key_result_id"),
        (422, "period_id"),
        (404, None),
    ]
    assert StrategyDocument.objects.filter(organization=our_document.organization).count() == 1
    assert our_document.items.count() == 1
    ours.refresh_from_db()
    assert ours.supports_id is None and not ours.objectives.exists()
