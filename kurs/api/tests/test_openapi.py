import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

EXPECTED_PATHS = {
    "/api/v1/units": {"get", "post"},
    "/api/v1/cycles": {"get", "post"},
    "/api/v1/objectives": {"get", "post"},
    "/api/v1/objectives/{objective_id}": {"get", "patch", "delete"},
    "/api/v1/objectives/{objective_id}/retire": {"post"},
    "/api/v1/objectives/{objective_id}/key-results": {"get", "post"},
    "/api/v1/key-results/{key_result_id}": {"get", "patch", "delete"},
    "/api/v1/key-results/{key_result_id}/retire": {"post"},
    "/api/v1/key-results/{key_result_id}/check-ins": {"get", "post"},
    "/api/v1/strategy-periods": {"get", "post"},
    "/api/v1/strategy-documents": {"get", "post"},
    "/api/v1/strategy-documents/{document_id}": {"get", "patch", "delete"},
    "/api/v1/strategy-documents/{document_id}/renew": {"post"},
    "/api/v1/coach/check": {"post"},
    "/api/v1/strategy-documents/{document_id}/items": {"post"},
    "/api/v1/strategy-documents/{document_id}/items/{item_id}": {"get", "patch", "delete"},
    "/api/v1/strategy-documents/{document_id}/items/{item_id}/replace": {"post"},
    "/api/v1/strategy-documents/{document_id}/items/{item_id}/move": {"post"},
    "/api/v1/strategy-documents/{document_id}/versions": {"get"},
    "/api/v1/strategy-documents/{document_id}/versions/{number}": {"get"},
    "/api/v1/strategy-documents/{document_id}/diff": {"get"},
}

EXPECTED_FIELDS = {
    "UnitOut": {"id", "name", "parent_id"},
    "CycleOut": {"id", "name", "start", "end", "state", "kind"},
    "ObjectiveOut": {
        "id",
        "title",
        "description",
        "unit_id",
        "cycle_id",
        "owner",
        "kind",
        "origin",
        "parents",
        "state",
        "progress",
        "status",
    },
    "ParentRef": {"type", "id"},
    "KeyResultOut": {
        "id",
        "objective_id",
        "title",
        "owner",
        "metric",
        "start",
        "target",
        "range_min",
        "range_max",
        "current",
        "unit",
        "weight",
        "confidence",
        "state",
        "progress",
        "status",
    },
    "CheckInOut": {"id", "value", "confidence", "comment", "author", "created_at"},
    "CheckInCreated": {
        "id",
        "value",
        "confidence",
        "comment",
        "author",
        "created_at",
        "progress",
        "status",
    },
    "ErrorOut": {"errors"},
    "ErrorItem": {"field", "message"},
    "PeriodOut": {"id", "name", "start", "end"},
    "DocumentOut": {
        "id",
        "period_id",
        "framework",
        "unit_id",
        "person",
        "holder",
        "parent_id",
        "renewed_from_id",
        "statement",
        "strategy",
        "version",
        "updated_at",
        "status_counts",
        "items",
    },
    "StatusCounts": {"not_started", "on_track", "at_risk", "off_track"},
    "ItemOut": {
        "id",
        "section",
        "position",
        "title",
        "description",
        "status",
        "status_override",
        "state",
        "supports_id",
        "owner",
        "method_id",
        "reason",
        "start",
        "target",
        "current",
        "unit",
        "key_result_id",
        "progress",
        "objective_ids",
        "picture_of_success",
        "budget",
        "people_needed",
        "resources_note",
        "acceptances",
        "missing_acceptance",
        "missing_resources",
        "replaced_by_id",
        "replaced_reason",
    },
    "AcceptanceOut": {"id", "person", "unit_id", "state", "comment"},
    "VersionOut": {"number", "created_at", "author", "change", "meeting_id"},
    "VersionDetail": {"number", "created_at", "author", "change", "meeting_id", "snapshot"},
    "DiffOut": {"a", "b", "texts", "items"},
    "ItemChangeOut": {
        "kind",
        "section",
        "title",
        "position_before",
        "position_after",
        "moved",
        "fields",
    },
    "FieldChangeOut": {"field", "before", "after", "pieces"},
}


@pytest.fixture
def document(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def test_document_is_openapi_3(document):
    # then
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Kurs API"
    assert {"paths", "components"} <= set(document)


def test_document_has_every_path_and_method(document):
    # when
    paths = {
        path: {method for method in item if method in {"get", "post", "patch", "delete", "put"}}
        for path, item in document["paths"].items()
    }

    # then
    assert paths == EXPECTED_PATHS


def test_every_reference_resolves(document):
    # given
    schemas = document["components"]["schemas"]

    # then
    for ref in refs(document):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in schemas, ref


def test_schemas_have_the_agreed_field_names(document):
    # given
    schemas = document["components"]["schemas"]

    # then
    for name, fields in EXPECTED_FIELDS.items():
        assert set(schemas[name]["properties"]) == fields, name
    assert schemas["Status"]["enum"] == ["not_started", "on_track", "at_risk", "off_track"]
    assert set(schemas["ParentRef"]["properties"]["type"]["enum"]) == {"objective", "key_result"}
    assert set(schemas["Section"]["enum"]) == {
        "values",
        "methods",
        "obstacles",
        "measures",
        "plays",
        "omissions",
        "targets",
    }
    assert schemas["Framework"]["enum"] == ["v2mom", "mspot"]
    assert schemas["ItemState"]["enum"] == ["active", "replaced"]


def test_strategy_documents_nest_their_items(document):
    # given
    schemas = document["components"]["schemas"]
    create = document["paths"]["/api/v1/strategy-documents"]["post"]

    # then: the items are part of the document, in the answer and in the request
    items = schemas["DocumentOut"]["properties"]["items"]
    assert items["items"] == {"$ref": "#/components/schemas/ItemOut"}
    assert schemas["DocumentIn"]["properties"]["items"]["items"] == {
        "$ref": "#/components/schemas/ItemIn"
    }
    assert schemas["ItemIn"]["additionalProperties"] is False
    assert set(schemas["ItemIn"]["required"]) == {"section", "title"}
    assert {"201", "400", "401", "403", "404", "422"} <= set(create["responses"])
    budget = schemas["ItemIn"]["properties"]["budget"]["anyOf"][0]
    assert budget["type"] == "number" and budget["minimum"] == 0


def test_operations_need_a_bearer_token(document):
    # then
    assert document["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    for item in document["paths"].values():
        for operation in item.values():
            assert operation["security"] == [{"BearerToken": []}]
            assert "401" in operation["responses"]


def test_lists_document_pagination(document):
    # then
    lists = (
        "/api/v1/units",
        "/api/v1/cycles",
        "/api/v1/objectives",
        "/api/v1/strategy-periods",
        "/api/v1/strategy-documents",
        "/api/v1/strategy-documents/{document_id}/versions",
    )
    for path in lists:
        parameters = {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}
        assert parameters["limit"]["schema"]["default"] == 100
        assert parameters["limit"]["schema"]["maximum"] == 1000
        assert parameters["offset"]["schema"]["default"] == 0
        assert parameters["limit"]["description"]
    filters = {p["name"] for p in document["paths"]["/api/v1/objectives"]["get"]["parameters"]}
    assert {"cycle_id", "unit_id", "owner"} <= filters
    strategy = document["paths"]["/api/v1/strategy-documents"]["get"]["parameters"]
    assert {"period_id", "framework", "unit_id", "person"} <= {p["name"] for p in strategy}


def test_operation_ids_are_short_and_unique(document):
    # when
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]

    # then
    assert len(ids) == len(set(ids))
    assert "list_objectives" in ids and "create_check_in" in ids
    assert "list_strategy_documents" in ids and "replace_strategy_item" in ids


def test_docs_page_loads_nothing_from_the_internet(db):
    # when
    client = Client()
    page = client.get("/api/v1/docs")

    # then
    assert page.status_code == 200
    html = page.content.decode()
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    assert '"url": "/api/v1/openapi.json"' in html
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js"):
        url = f"/api/v1/docs/assets/{asset}"
        assert url in html
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_docs_assets_serve_only_swagger_files(db):
    # when
    response = Client().get("/api/v1/docs/assets/..%2F..%2F__init__.py")

    # then
    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == "Not found."
