"""A request body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 413 and the JSON error
shape, on every endpoint that reads one, and nothing is written."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from kurs.api.tests.conftest import errors
from kurs.goals.models import Objective

LIMIT = 2000


def just_over_the_limit(body: dict[str, object]) -> str:
    """`body` as JSON, padded with spaces to one byte more than the limit."""
    text = json.dumps(body)
    return text + " " * (LIMIT + 1 - len(text.encode()))


@pytest.fixture
def paths(objective, cycle, marketing):
    key_result = objective.key_results.get()
    return [
        ("POST", "/objectives", {"title": "Grow", "unit_id": marketing.pk, "cycle_id": cycle.pk}),
        ("PATCH", f"/objectives/{objective.pk}", {"title": "Grow"}),
        ("POST", "/coach/check", {"objectives": [{"title": "Grow"}]}),
        ("PATCH", f"/key-results/{key_result.pk}", {"title": "More"}),
        ("POST", "/units", {"name": "Sales"}),
        ("POST", "/strategy-periods", {"name": "2027"}),
    ]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=LIMIT)
def test_a_body_over_the_limit_is_413_with_a_json_error(api, paths):
    objectives_before = list(Objective.objects.values_list("pk", "title"))
    for method, path, body in paths:
        # when
        response = api.send(method, path, raw=just_over_the_limit(body))
        # then
        assert response.status_code == 413, (method, path, response.content)
        [error] = errors(response)
        assert error["field"] is None
        assert error["message"] == "The request body is too large: send at most 2000 bytes."
    assert list(Objective.objects.values_list("pk", "title")) == objectives_before


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=LIMIT)
def test_a_body_at_the_limit_is_read(api, objective):
    body = just_over_the_limit({"title": "Grow faster"})[:-1]
    response = api.send("PATCH", f"/objectives/{objective.pk}", raw=body)
    assert response.status_code == 200, response.content


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=LIMIT)
def test_the_message_is_translated(api_as, owner):
    client = api_as(owner, {"Accept-Language": "de"})
    response = client.send("POST", "/coach/check", raw=just_over_the_limit({"objectives": []}))
    assert response.status_code == 413
    [error] = errors(response)
    assert error["field"] is None and "2000" in error["message"]  # German once the catalogue has it
