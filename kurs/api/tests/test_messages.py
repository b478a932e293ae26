"""API messages are in the caller's language, also for type errors found by the schema."""

from __future__ import annotations

import pytest

from kurs.api.tests.conftest import errors

pytestmark = pytest.mark.django_db


def test_api_type_errors_are_explained_in_german(api_as, teammate, cycle, marketing):
    client = api_as(teammate, {"Accept-Language": "de"})
    response = client.post(
        "/objectives", {"title": 5, "unit_id": marketing.pk, "cycle_id": cycle.pk}
    )
    assert response.status_code == 422
    assert errors(response) == [{"field": "title", "message": "Geben Sie einen Text ein."}]
