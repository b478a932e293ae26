"""Whatever a client sends, the answer is a JSON error (400 or 422), never a 500, and
nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kurs.api.tests.conftest import errors
from kurs.goals import actions as goal_actions
from kurs.goals.models import AuditEvent, CheckIn, Cycle, KeyResult, Objective
from kurs.orgs.models import Unit

HUGE = 2**80
NUL = "T\x00"


@pytest.fixture
def world(objective, owner, outsider, other_org, company, marketing, cycle):
    """Our objective and key result, and another organization's unit, cycle and goals."""
    their_unit = Unit.objects.get(organization=other_org)
    their_cycle = goal_actions.do_create_cycle(
        outsider,
        name="Theirs",
        start=cycle.start,
        end=cycle.end,
        kind="quarter",
        state="active",
    )
    their_objective = goal_actions.do_create_objective(
        outsider, cycle=their_cycle, unit=their_unit, owner=outsider, title="Theirs"
    )
    their_key_result = goal_actions.do_create_key_result(
        outsider, their_objective, title="Theirs", start=0, target=1
    )
    return {
        "objective": objective.pk,
        "key_result": objective.key_results.get().pk,
        "unit": marketing.pk,
        "company": company.pk,
        "cycle": cycle.pk,
        "their_unit": their_unit.pk,
        "their_cycle": their_cycle.pk,
        "their_objective": their_objective.pk,
        "their_key_result": their_key_result.pk,
    }


def counts() -> list[int]:
    return [m.objects.count() for m in (Unit, Cycle, Objective, KeyResult, CheckIn, AuditEvent)]


def good_objective(w: dict[str, int]) -> dict[str, Any]:
    return {"title": "Fine", "unit_id": w["unit"], "cycle_id": w["cycle"]}


OBJECTIVE_GARBAGE = [
    {"title": 123},
    {"title": None},
    {"title": ["a"]},
    {"title": NUL},
    {"title": "x" * 10_000},
    {"description": None},
    {"description": {"a": 1}},
    {"unit_id": "1"},
    {"unit_id": 1.5},
    {"unit_id": True},
    {"unit_id": -1},
    {"unit_id": 0},
    {"unit_id": HUGE},
    {"unit_id": None},
    {"unit_id": "their_unit"},
    {"cycle_id": "their_cycle"},
    {"cycle_id": 10**12},
    {"owner": 42},
    {"owner": "ghost@muster.example"},
    {"owner": "oscar@other.example"},
    {"owner": ""},
    {"owner": NUL},
    {"kind": "stretch"},
    {"kind": None},
    {"origin": 1},
    {"parents": "objective"},
    {"parents": [1, 2]},
    {"parents": [None]},
    {"parents": {"type": "objective", "id": 1}},
    {"parents": [{"type": "objective"}]},
    {"parents": [{"id": "objective"}]},
    {"parents": [{"type": "initiative", "id": 1}]},
    {"parents": [{"type": "objective", "id": "1"}]},
    {"parents": [{"type": "objective", "id": HUGE}]},
    {"parents": [{"type": "objective", "id": 1, "weight": 2}]},
    {"parents": [{"type": "objective", "id": "their_objective"}]},
    {"parents": [{"type": "key_result", "id": "their_key_result"}]},
    {"parents": [{"type": "objective", "id": 10**9}]},
    {"parents": [{"type": "objective", "id": 1}] * 101},
    {"progress": 1},
    {"status": "on_track"},
    {"id": 5},
]

KEY_RESULT_GARBAGE = [
    {"start": "12"},
    {"start": True},
    {"start": [12]},
    {"target": None},
    {"target": {"value": 20}},
    {"weight": "heavy"},
    {"weight": -1},
    {"weight": 0},
    {"weight": 1e300},
    {"weight": None},
    {"confidence": 3.5},
    {"confidence": "7"},
    {"confidence": -1},
    {"confidence": HUGE},
    {"metric": "up"},
    {"metric": None},
    {"unit": 5},
    {"unit": None},
    {"unit": "u" * 41},
    {"range_min": "low"},
    {"owner": "ghost@muster.example"},
    {"title": ""},
    {"title": None},
    {"current": 19},
    {"progress": 1.0},
    {"objective_id": 1},
]

CHECK_IN_GARBAGE = [
    {},
    {"value": None},
    {"value": "16"},
    {"value": True},
    {"value": [16]},
    {"value": 16, "confidence": "high"},
    {"value": 16, "confidence": 2.5},
    {"value": 16, "confidence": HUGE},
    {"value": 16, "confidence": -3},
    {"value": 16, "comment": None},
    {"value": 16, "comment": 5},
    {"value": 16, "comment": NUL},
    {"value": 16, "author": "bob@muster.example"},
    {"value": 16, "created_at": "2020-01-01T00:00:00Z"},
]

# Bodies that are not a JSON object, or numbers JSON cannot hold as finite floats.
RAW_GARBAGE = [
    "null",
    "[]",
    "[1, 2]",
    '"text"',
    "42",
    "true",
    "{}",
    '{"value": 1e400}',
    '{"value": -1e400}',
    '{"value": NaN}',
    '{"value": Infinity}',
]
MALFORMED = ['{"value": ', "{'value': 1}", "value=1", "\xff\xfe", '{"value": 1}}']


def resolve(body: Any, w: dict[str, int]) -> Any:
    """Replace the names of fixture objects (e.g. "their_unit") with their ids."""
    text = json.dumps(body)
    for name, pk in w.items():
        text = text.replace(f'"{name}"', str(pk))
    return json.loads(text)


def assert_refused(response: Any, before: list[int], statuses: tuple[int, ...] = (422,)) -> None:
    assert response.status_code in statuses, (response.status_code, response.content)
    assert errors(response), response.content
    assert counts() == before


@pytest.mark.parametrize("change", OBJECTIVE_GARBAGE, ids=repr)
def test_garbage_objective_is_refused(api, world, change):
    # given
    before = counts()
    body = {**good_objective(world), **resolve(change, world)}

    # when
    created = api.post("/objectives", body)
    patched = api.patch(f"/objectives/{world['objective']}", resolve(change, world))

    # then
    assert_refused(created, before)
    assert_refused(patched, before)


@pytest.mark.parametrize("change", KEY_RESULT_GARBAGE, ids=repr)
def test_garbage_key_result_is_refused(api, world, change):
    # given
    before = counts()
    body = {"title": "Fine", "start": 0, "target": 10, **change}

    # when
    created = api.post(f"/objectives/{world['objective']}/key-results", body)
    patched = api.patch(f"/key-results/{world['key_result']}", change)

    # then
    assert_refused(created, before)
    assert_refused(patched, before)


@pytest.mark.parametrize(
    "change",
    [{"owner": None}, {"title": None}, {"metric": None}, {"weight": None}, {"unit": None}],
    ids=repr,
)
def test_patch_with_null_for_a_required_key_result_field_is_refused(api, world, change):
    # given: on create, a null owner means "the objective's owner"; on PATCH it is invalid
    before = counts()

    # when
    response = api.patch(f"/key-results/{world['key_result']}", change)

    # then
    assert_refused(response, before)
    assert errors(response)[0]["field"] == next(iter(change))


@pytest.mark.parametrize("body", CHECK_IN_GARBAGE, ids=repr)
def test_garbage_check_in_is_refused(api, world, body):
    # given
    before = counts()

    # when
    response = api.post(f"/key-results/{world['key_result']}/check-ins", body)

    # then
    assert_refused(response, before)


@pytest.mark.parametrize("raw", RAW_GARBAGE)
@pytest.mark.parametrize("path", ["/objectives", "/units", "/cycles", "check-ins", "retire"])
def test_body_that_is_not_an_object_is_refused(api, world, raw, path):
    # given
    before = counts()
    path = {
        "check-ins": f"/key-results/{world['key_result']}/check-ins",
        "retire": f"/objectives/{world['objective']}/retire",
    }.get(path, path)

    # when
    response = api.post(path, raw=raw)

    # then
    assert_refused(response, before)


@pytest.mark.parametrize("raw", MALFORMED)
def test_malformed_json_is_refused(api, world, raw):
    # given
    before = counts()

    # when
    response = api.post(f"/key-results/{world['key_result']}/check-ins", raw=raw)

    # then
    assert_refused(response, before, statuses=(400,))


@pytest.mark.parametrize(
    "body",
    [
        {"name": None, "parent_id": "company"},
        {"name": 5, "parent_id": "company"},
        {"name": "X", "parent_id": "1"},
        {"name": "X", "parent_id": HUGE},
        {"name": "X", "parent_id": "their_unit"},
        {"name": NUL, "parent_id": "company"},
        {"name": "X" * 201, "parent_id": "company"},
        {"name": "X", "parent_id": "company", "depth": 3},
    ],
    ids=repr,
)
def test_garbage_unit_is_refused(api, world, body):
    # given
    before = counts()

    # when
    response = api.post("/units", resolve(body, world))

    # then
    assert_refused(response, before)


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Q", "start": 20300101, "end": "2030-03-31"},
        {"name": "Q", "start": "2030-01-01", "end": None},
        {"name": "Q", "start": "2030-01-01"},
        {"name": "Q", "start": "yesterday", "end": "2030-03-31"},
        {"name": "Q", "start": "99999-01-01", "end": "2030-03-31"},
        {"name": "Q", "start": "2030-01-01", "end": "2030-03-31", "kind": "decade"},
        {"name": "Q", "start": "2030-01-01", "end": "2030-03-31", "state": "archived"},
        {"name": 7, "start": "2030-01-01", "end": "2030-03-31"},
        {"name": "", "start": "2030-01-01", "end": "2030-03-31"},
        {"name": "Current quarter", "start": "2030-01-01", "end": "2030-03-31"},
        {"name": "Q", "start": "2030-01-01", "end": "2030-01-01"},
    ],
    ids=repr,
)
def test_garbage_cycle_is_refused(api, world, body):
    # given
    before = counts()

    # when
    response = api.post("/cycles", body)

    # then
    assert_refused(response, before)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"reason": None},
        {"reason": 5},
        {"reason": "x", "replacement_id": "2"},
        {"reason": "x", "replacement_id": HUGE},
        {"reason": "x", "replacement_id": "their_objective"},
        {"reason": "x", "replacement_id": "objective"},
        {"reason": "x", "replacement": 1},
    ],
    ids=repr,
)
def test_garbage_retire_is_refused(api, world, body):
    # given
    before = counts()

    # when
    objective = api.post(f"/objectives/{world['objective']}/retire", resolve(body, world))
    key_result = api.post(f"/key-results/{world['key_result']}/retire", resolve(body, world))

    # then
    assert_refused(objective, before)
    assert_refused(key_result, before)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": -1},
        {"limit": "all"},
        {"limit": 10**30},
        {"offset": -1},
        {"offset": 10**30},
        {"offset": "next"},
        {"cycle_id": "current"},
        {"cycle_id": HUGE},
        {"unit_id": -5},
    ],
    ids=repr,
)
def test_garbage_query_is_refused(api, world, params):
    # when
    response = api.get("/objectives", params)

    # then
    assert response.status_code == 422, response.content
    assert errors(response)


@pytest.mark.parametrize(
    "path", ["/objectives/{n}", "/key-results/{n}", "/key-results/{n}/check-ins"]
)
@pytest.mark.parametrize("n", [0, 2**63, HUGE])
def test_out_of_range_ids_in_the_path_are_not_found(api, world, path, n):
    # when
    response = api.get(path.format(n=n))

    # then
    assert response.status_code == 404


def test_huge_but_finite_numbers_are_fine(api, world):
    # when
    created = api.post(
        f"/objectives/{world['objective']}/key-results",
        {"title": "Astronomic", "metric": "decrease", "start": 1.7e308, "target": -1.7e308},
    )
    checked_in = api.post(f"/key-results/{created.json()['id']}/check-ins", {"value": -1.7e308})

    # then
    assert created.status_code == 201, created.content
    assert checked_in.status_code == 201, checked_in.content
    assert 0 <= checked_in.json()["progress"] <= 1
    assert 0 <= api.get(f"/objectives/{world['objective']}").json()["progress"] <= 1


@pytest.mark.parametrize(
    "path",
    [
        "/objectives",
        "/units",
        "/cycles",
        "/objectives/{objective}/key-results",
        "/key-results/{key_result}/check-ins",
    ],
)
def test_largest_offset_is_an_empty_page(api, world, path):
    # when
    response = api.get(path.format(**world), {"offset": 2**63 - 1, "limit": 1000})

    # then
    assert response.status_code == 200
    assert response.json()["items"] == []


# Strategy documents -----------------------------------------------------------------------


@pytest.fixture
def strategy(world, owner, company, outsider, other_org):
    """Our company V2MOM with a method and a measure, and another organization's period."""
    import datetime as dt

    from kurs.strategy import actions as strategy_actions

    strategy_actions.do_set_frameworks(owner, owner.organization, "both")
    period = strategy_actions.do_create_period(
        owner, name="2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    document = strategy_actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=company,
        items=[
            {"section": "methods", "title": "Method"},
            {"section": "measures", "title": "Measure", "start": 0, "target": 10},
        ],
    )
    their_period = strategy_actions.do_create_period(
        outsider, name="2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    return {
        **world,
        "period": period.pk,
        "document": document.pk,
        "method": document.items.get(section="methods").pk,
        "measure": document.items.get(section="measures").pk,
        "their_period": their_period.pk,
    }


def strategy_counts() -> list[int]:
    from kurs.strategy.models import (
        Acceptance,
        DocumentVersion,
        StrategyDocument,
        StrategyItem,
        StrategyPeriod,
    )

    models = (StrategyPeriod, StrategyDocument, StrategyItem, DocumentVersion, Acceptance)
    return [m.objects.count() for m in models] + counts()


def assert_strategy_refused(response: Any, before: list[int], statuses: tuple[int, ...] = (422,)):
    assert response.status_code in statuses, (response.status_code, response.content)
    assert errors(response), response.content
    assert all(isinstance(e["field"], str | None) for e in errors(response))
    assert strategy_counts() == before


ITEM_GARBAGE = [
    {"title": None},
    {"title": 5},
    {"title": NUL},
    {"title": "x" * 301},
    {"description": ["a"]},
    {"budget": -1},
    {"budget": -0.01},
    {"budget": "100"},
    {"budget": True},
    {"budget": 1e300},
    {"budget": 10.001},
    {"people_needed": -0.5},
    {"people_needed": 1.25},
    {"people_needed": "2"},
    {"supports_id": "1"},
    {"supports_id": HUGE},
    {"supports_id": 0},
    {"supports_id": 1.5},
    {"supports_id": "their_unit"},
    {"method_id": True},
    {"owner": 7},
    {"owner": "ghost@muster.example"},
    {"owner": "oscar@other.example"},
    {"key_result_id": "their_key_result"},
    {"key_result_id": -3},
    {"objective_ids": "objective"},
    {"objective_ids": [HUGE]},
    {"objective_ids": [None]},
    {"objective_ids": ["their_objective"]},
    {"objective_ids": [1] * 101},
    {"status_override": "green"},
    {"status_override": 1},
    {"reason": "Omissions only"},
    {"start": 5},
    {"unit_label": "kg"},
    {"position": 1},
    {"id": 5},
    {"status": "on_track"},
    {"state": "replaced"},
]


@pytest.mark.parametrize("change", ITEM_GARBAGE, ids=repr)
def test_garbage_strategy_item_is_refused(api, strategy, change):
    # given: a method (start, unit and reason belong to other sections)
    before = strategy_counts()
    d = f"/strategy-documents/{strategy['document']}"
    body = {"section": "methods", "title": "Fine", **resolve(change, strategy)}

    # when
    added = api.post(f"{d}/items", body)
    patched = api.patch(f"{d}/items/{strategy['method']}", resolve(change, strategy))
    in_document = api.post(
        "/strategy-documents",
        {"period_id": strategy["period"], "framework": "mspot", "unit_id": strategy["company"]}
        | {"items": [body | {"section": "plays"}]},
    )

    # then
    assert_strategy_refused(added, before)
    assert_strategy_refused(patched, before)
    assert_strategy_refused(in_document, before)
    assert all(e["field"].startswith("items.0.") for e in errors(in_document)), in_document.json()


@pytest.mark.parametrize(
    "change",
    [
        {"start": "0"},
        {"start": None, "target": None},
        {"target": True},
        {"target": 0},
        {"current": [1]},
        {"current": "5"},
        {"key_result_id": 10**12},
        {"supports_id": 1},
        {"objective_ids": ["objective"]},
        {"budget": 5},
    ],
    ids=repr,
)
def test_garbage_strategy_measure_is_refused(api, strategy, change):
    # given
    before = strategy_counts()
    d = f"/strategy-documents/{strategy['document']}"
    body = {"section": "measures", "title": "Fine", "start": 0, "target": 10} | resolve(
        change, strategy
    )

    # when
    added = api.post(f"{d}/items", body)
    patched = api.patch(f"{d}/items/{strategy['measure']}", resolve(change, strategy))

    # then
    assert_strategy_refused(added, before)
    assert_strategy_refused(patched, before)


@pytest.mark.parametrize(
    "change",
    [
        {"period_id": "1"},
        {"period_id": HUGE},
        {"period_id": True},
        {"period_id": None},
        {"period_id": "their_period"},
        {"framework": "okr"},
        {"framework": None},
        {"framework": "V2MOM"},
        {"unit_id": "company"},
        {"unit_id": 1.0},
        {"unit_id": HUGE},
        {"unit_id": "their_unit"},
        {"person": 42},
        {"person": "bob@muster.example"},
        {"statement": None},
        {"statement": NUL},
        {"strategy": 5},
        {"strategy": "Only for MSPOT"},
        {"items": "values"},
        {"items": {"section": "values", "title": "x"}},
        {"items": [None]},
        {"items": [1, 2]},
        {"items": [{"section": "chapters", "title": "x"}]},
        {"items": [{"section": "plays", "title": "x"}]},
        {"items": [{"section": "values", "title": "x"}] * 501},
        {"items": [{"section": "values", "title": "ok"}, {"section": "values"}]},
        {"parent_id": 1},
        {"version": 3},
    ],
    ids=repr,
)
def test_garbage_strategy_document_is_refused(api, strategy, change):
    # given: the company has a V2MOM already, so a good body is marketing's
    before = strategy_counts()
    body = {"period_id": strategy["period"], "framework": "v2mom", "unit_id": strategy["unit"]}

    # when
    created = api.post("/strategy-documents", body | resolve(change, strategy))

    # then
    assert_strategy_refused(created, before)


@pytest.mark.parametrize(
    "body",
    [{"statement": None}, {"statement": 1}, {"strategy": "V2MOM has none"}, {"title": "x"}],
    ids=repr,
)
def test_garbage_strategy_document_patch_is_refused(api, strategy, body):
    # given
    before = strategy_counts()

    # when
    response = api.patch(f"/strategy-documents/{strategy['document']}", body)

    # then
    assert_strategy_refused(response, before)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("move", {}),
        ("move", {"position": 0}),
        ("move", {"position": "1"}),
        ("move", {"position": 1.5}),
        ("move", {"position": True}),
        ("move", {"position": None}),
        ("move", {"position": HUGE}),
        ("replace", {}),
        ("replace", {"reason": "x"}),
        ("replace", {"reason": 5, "item": {"title": "x"}}),
        ("replace", {"reason": "x", "item": {"title": "x", "section": "values"}}),
        ("replace", {"reason": "x", "item": {"title": "x", "budget": -5}}),
        ("replace", {"reason": "x", "item": {"title": "x", "reason": "omissions only"}}),
        ("replace", {"reason": "x", "title": "x"}),
        ("renew", {}),
        ("renew", {"period_id": "their_period"}),
        ("renew", {"period_id": "period"}),
        ("renew", {"period_id": "2026"}),
        ("renew", {"period_id": HUGE}),
        ("renew", {"period_id": "period", "item_ids": "method"}),
        ("renew", {"period_id": "period", "item_ids": [HUGE]}),
        ("renew", {"period_id": "period", "measures_from_current": "yes"}),
        ("renew", {"period_id": "period", "measures_from_current": 1}),
    ],
    ids=repr,
)
def test_garbage_item_operation_is_refused(api, strategy, path, body):
    # given
    before = strategy_counts()
    d = f"/strategy-documents/{strategy['document']}"
    url = f"{d}/renew" if path == "renew" else f"{d}/items/{strategy['method']}/{path}"

    # when
    response = api.post(url, resolve(body, strategy))

    # then
    assert_strategy_refused(response, before)


@pytest.mark.parametrize(
    "body",
    [
        {"name": None, "start": "2030-01-01", "end": "2030-12-31"},
        {"name": "2026", "start": "2030-01-01", "end": "2030-12-31"},
        {"name": "P", "start": "2030-01-01", "end": "2029-01-01"},
        {"name": "P", "start": "2030-01-01", "end": "2040-01-01"},
        {"name": "P", "start": "2030-01-01"},
        {"name": "P" * 101, "start": "2030-01-01", "end": "2030-12-31"},
        {"name": "P", "start": "soon", "end": "2030-12-31"},
    ],
    ids=repr,
)
def test_garbage_strategy_period_is_refused(api, strategy, body):
    # given
    before = strategy_counts()

    # when
    response = api.post("/strategy-periods", body)

    # then
    assert_strategy_refused(response, before)


STRATEGY_RAW = [
    "null",
    "[]",
    '"text"',
    "42",
    '{"section": "measures", "title": "x", "start": NaN, "target": 1}',
    '{"section": "measures", "title": "x", "start": 0, "target": Infinity}',
    '{"section": "measures", "title": "x", "start": 0, "target": 1e400}',
    '{"section": "methods", "title": "x", "budget": NaN}',
    '{"section": "methods", "title": "x", "people_needed": -Infinity}',
]


@pytest.mark.parametrize("raw", STRATEGY_RAW)
def test_strategy_body_that_is_not_a_finite_item_is_refused(api, strategy, raw):
    # given
    before = strategy_counts()
    d = f"/strategy-documents/{strategy['document']}"

    # when
    added = api.post(f"{d}/items", raw=raw)
    patched = api.send("PATCH", f"{d}/items/{strategy['measure']}", raw=raw)

    # then
    assert_strategy_refused(added, before)
    assert_strategy_refused(patched, before)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("list", {"period_id": "current"}),
        ("list", {"period_id": HUGE}),
        ("list", {"unit_id": 0}),
        ("list", {"framework": "okr"}),
        ("list", {"limit": 0}),
        ("list", {"offset": -1}),
        ("diff", {}),
        ("diff", {"a": 1}),
        ("diff", {"a": "first", "b": 1}),
        ("diff", {"a": 0, "b": 1}),
        ("diff", {"a": 1, "b": HUGE}),
        ("diff", {"a": 1, "b": 99}),
        ("versions", {"limit": "all"}),
    ],
    ids=repr,
)
def test_garbage_strategy_query_is_refused(api, strategy, path, params):
    # given
    d = f"/strategy-documents/{strategy['document']}"
    url = {"list": "/strategy-documents", "diff": f"{d}/diff", "versions": f"{d}/versions"}[path]

    # when
    response = api.get(url, params)

    # then
    assert response.status_code == 422, response.content
    assert errors(response)


@pytest.mark.parametrize(
    "path",
    [
        "/strategy-documents/{n}",
        "/strategy-documents/{n}/versions",
        "/strategy-documents/{document}/items/{n}",
        "/strategy-documents/{document}/versions/{n}",
    ],
)
@pytest.mark.parametrize("n", [0, 2**31, 2**63, HUGE])
def test_out_of_range_strategy_ids_are_not_found(api, strategy, path, n):
    # when
    response = api.get(path.format(n=n, document=strategy["document"]))

    # then
    assert response.status_code == 404


def test_huge_but_valid_strategy_numbers_are_fine(api, strategy):
    # when
    d = f"/strategy-documents/{strategy['document']}"
    measure = api.post(
        f"{d}/items",
        {"section": "measures", "title": "Astronomic", "start": -1.7e308, "target": 1.7e308},
    )
    method = api.patch(
        f"{d}/items/{strategy['method']}",
        {"budget": 999_999_999_999.99, "people_needed": 999_999.9},
    )
    moved = api.post(f"{d}/items/{strategy['method']}/move", {"position": 2**63 - 1})

    # then
    assert measure.status_code == 201, measure.content
    assert method.status_code == 200, method.content
    assert method.json()["budget"] == 999_999_999_999.99
    assert method.json()["people_needed"] == 999_999.9
    assert moved.status_code == 200 and moved.json()["position"] == 1
    assert 0 <= api.get(d).json()["items"][-1]["progress"] <= 1
