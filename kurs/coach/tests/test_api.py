"""`POST /api/v1/coach/check`: the coach's findings for OKRs sent as JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kurs.api.tests.conftest import ApiClient, error_fields, errors
from kurs.goals.models import Objective
from kurs.orgs import actions as org_actions
from kurs.orgs.models import User

pytestmark = pytest.mark.django_db


def client_of(user: User, headers: dict[str, str] | None = None) -> ApiClient:
    """An API client sending a fresh token of the user, like an integration would."""
    _token, raw = org_actions.do_create_token(user, "tests")
    return ApiClient(raw, headers)


@pytest.fixture
def api(teammate: User) -> ApiClient:
    return client_of(teammate)


URL = "/coach/check"


def _key_result(title: str, **fields: Any) -> dict[str, Any]:
    return {"title": title, "metric": "increase", "start": 10, "target": 20, **fields}


def _objective(title: str, key_results: list[dict[str, Any]]) -> dict[str, Any]:
    return {"title": title, "key_results": key_results}


GOOD_KEY_RESULTS = [
    _key_result("Raise the share of leads that become offers from 12 to 20 in 100"),
    _key_result("Cut the time to first answer from 48 to 8 hours", metric="decrease"),
    _key_result("Raise repeat orders from 30 to 45 a quarter"),
]


def _codes(response) -> list[tuple[str, str]]:
    return [(f["code"], f["item"]) for f in response.json()["findings"]]


# Findings ------------------------------------------------------------------------------------


def test_task_like_key_result_is_an_error(api):
    # given
    body = {
        "partial": True,
        "objectives": [
            _objective(
                "Make our leads noticeably better",
                [*GOOD_KEY_RESULTS, {"title": "Launch a new website", "metric": "milestone"}],
            )
        ],
    }
    # when
    response = api.post(URL, body)
    # then
    assert response.status_code == 200
    data = response.json()
    assert ("KR_IS_TASK", "objectives[0].key_results[3]") in _codes(response)
    assert data["counts"]["error"] >= 1


def test_structure_findings_point_at_their_item(api):
    # given: a key result without start and equal numbers, an objective with two key results
    body = {
        "partial": True,
        "objectives": [
            _objective(
                "Make our leads noticeably better",
                [
                    _key_result("Raise qualified demos to 25", start=None),
                    _key_result("Keep the order value at 500 €", start=500, target=500),
                ],
            )
        ],
    }
    # when
    response = api.post(URL, body)
    # then
    assert response.status_code == 200
    data = response.json()
    assert ("KR_NO_BASELINE", "objectives[0].key_results[0]") in _codes(response)
    assert ("KR_NO_BASELINE", "objectives[0].key_results[1]") in _codes(response)
    assert ("KR_COUNT", "objectives[0]") in _codes(response)
    finding = data["findings"][0]
    assert set(finding) == {"code", "severity", "item", "line", "message", "suggestion"}
    assert finding["line"] is None
    assert all(f["message"] for f in data["findings"])
    assert data["counts"] == {
        severity: sum(1 for f in data["findings"] if f["severity"] == severity)
        for severity in ("error", "warning", "info")
    }


def test_request_is_the_whole_unit_unless_partial(api):
    # given: one good objective
    objectives = [_objective("Make our leads noticeably better", GOOD_KEY_RESULTS)]
    # when
    whole = api.post(URL, {"objectives": objectives})
    partial = api.post(URL, {"objectives": objectives, "partial": True})
    # then: one objective is too few for a unit, but fine as a part of it
    assert whole.status_code == partial.status_code == 200
    assert "OBJ_COUNT" in {code for code, _item in _codes(whole)}
    assert "OBJ_COUNT" not in {code for code, _item in _codes(partial)}


def test_cycle_length_is_checked(api):
    body = {
        "partial": True,
        "cycle": {"name": "2027", "start": "2027-01-01", "end": "2027-12-31"},
        "objectives": [_objective("Make our leads noticeably better", GOOD_KEY_RESULTS)],
    }
    response = api.post(URL, body)
    assert response.status_code == 200
    assert "CYCLE_LENGTH" in {code for code, _item in _codes(response)}


def test_nothing_to_say_is_an_empty_list(api):
    # given
    body = {"objectives": [], "partial": True}
    # when
    response = api.post(URL, body)
    # then
    assert response.status_code == 200
    assert response.json() == {"findings": [], "counts": {"error": 0, "warning": 0, "info": 0}}


def test_check_saves_nothing_and_costs_only_the_token_lookup(
    api, objective, django_assert_max_num_queries
):
    # given
    body = {"objectives": [_objective("Generate 53 MQLs", GOOD_KEY_RESULTS)] * 20}
    # when: however many objectives, only authentication queries
    with django_assert_max_num_queries(5):
        response = api.post(URL, body)
    # then
    assert response.status_code == 200
    assert not Objective.objects.filter(title="Generate 53 MQLs").exists()
    assert Objective.objects.count() == 1


# Bad input -----------------------------------------------------------------------------------


def test_invalid_metric_names_the_nested_field(api):
    # given
    body = {
        "objectives": [
            _objective(
                "Make our leads noticeably better",
                [GOOD_KEY_RESULTS[0], _key_result("Raise demos from 10 to 25", metric="more")],
            )
        ]
    }
    # when
    response = api.post(URL, body)
    # then
    assert response.status_code == 422
    [error] = errors(response)
    assert error["field"] == "objectives.0.key_results.1.metric"
    assert "increase" in error["message"]
    assert not error["message"].startswith("objectives")  # the field is not repeated


def test_unknown_key_is_refused_with_a_did_you_mean(api):
    body = {"objectives": [{"title": "Make our leads noticeably better", "kye_results": []}]}
    response = api.post(URL, body)
    assert response.status_code == 422
    [error] = errors(response)
    assert error["field"] == "objectives.0.kye_results"
    assert "key_results" in error["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "objectives"),
        ({"objectives": "Make our leads better"}, "objectives"),
        ({"objectives": [], "partial": "yes"}, "partial"),
        (
            {"objectives": [{"title": "Win", "key_results": [{"title": "x", "start": "a"}]}]},
            "objectives.0.key_results.0.start",
        ),
        ({"objectives": [{"title": ""}]}, "objectives.0.title"),
        (
            {"objectives": [], "cycle": {"name": "Q1", "start": "2027-01-01", "end": "x"}},
            "cycle.end",
        ),
        ([], None),
        ("objectives", None),
    ],
)
def test_wrong_shapes_are_422_with_a_message(api, body, field):
    response = api.post(URL, body)
    assert response.status_code == 422
    [error] = errors(response)
    assert error["field"] == field
    assert error["message"][:1].isupper()


def test_too_many_objectives_are_refused(api):
    body = {"objectives": [_objective("Make our leads noticeably better", [])] * 101}
    response = api.post(URL, body)
    assert response.status_code == 422
    assert errors(response) == [{"field": "objectives", "message": "Use at most 100 entries."}]


def test_broken_json_is_400(api):
    response = api.post(URL, raw='{"objectives": [')
    assert response.status_code == 400
    assert error_fields(response) == {None}


def test_without_token_is_401():
    response = ApiClient(None).post(URL, {"objectives": []})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_get_is_405(api):
    assert api.get(URL).status_code == 405


# Language --------------------------------------------------------------------------------------


def test_messages_follow_the_callers_language(teammate):
    # given
    client = client_of(teammate, {"Accept-Language": "de"})
    body = {
        "objectives": [
            _objective("Unsere Leads spürbar besser machen", [_key_result("Demos", start=None)])
        ]
    }
    # when
    response = client.post(URL, body)
    bad = client.post(URL, {"objectives": [], "partial": "ja"})
    # then: answered in German (the wording is checked once the catalogue has it)
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert bad.status_code == 422
    assert errors(bad) == [{"field": "partial", "message": "Geben Sie true oder false ein."}]


# Documentation ---------------------------------------------------------------------------------


def test_openapi_documents_the_check(db):
    # when
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    # then
    operation = document["paths"]["/api/v1/coach/check"]["post"]
    assert operation["operationId"] == "check_okrs"
    body = operation["requestBody"]["content"]["application/json"]
    assert {"objectives", "cycle", "unit", "lang", "top_level", "partial"} <= set(
        body["schema"]["properties"]
    )
    assert body["example"]["objectives"]
    assert set(operation["responses"]) >= {"200", "400", "401", "422"}
    schemas = document["components"]["schemas"]
    assert set(schemas["CoachCheckOut"]["properties"]) == {"findings", "counts"}
    assert set(schemas["FindingOut"]["properties"]) == {
        "code",
        "severity",
        "item",
        "line",
        "message",
        "suggestion",
    }


def test_openapi_example_is_a_valid_request(api):
    # given
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    example = document["paths"]["/api/v1/coach/check"]["post"]["requestBody"]["content"][
        "application/json"
    ]["example"]
    documented = document["paths"]["/api/v1/coach/check"]["post"]["responses"]["200"]["content"][
        "application/json"
    ]["example"]
    # when
    response = api.post(URL, example)
    # then: the documented answer is the real one (up to the wording)
    assert response.status_code == 200
    assert _codes(response) == [(f["code"], f["item"]) for f in documented["findings"]]
    assert response.json()["counts"] == documented["counts"]
