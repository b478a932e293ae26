"""An API client that authenticates with a real token, like an integration would."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kurs.orgs import actions as org_actions
from kurs.orgs.models import User

BASE = "/api/v1"


class ApiClient:
    def __init__(self, token: str | None, headers: dict[str, str] | None = None) -> None:
        self.client = Client()
        self.headers = dict(headers or {})
        if token is not None:
            self.headers["Authorization"] = f"Bearer {token}"

    def _url(self, path: str) -> str:
        return path if path.startswith(BASE) else BASE + path

    def get(self, path: str, params: dict[str, Any] | None = None):
        return self.client.get(self._url(path), params or {}, headers=self.headers)

    def send(self, method: str, path: str, body: Any = None, *, raw: str | bytes | None = None):
        data = raw if raw is not None else ("" if body is None else json.dumps(body))
        return self.client.generic(
            method, self._url(path), data, content_type="application/json", headers=self.headers
        )

    def post(self, path: str, body: Any = None, **kwargs: Any):
        return self.send("POST", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any):
        return self.send("PATCH", path, body, **kwargs)

    def delete(self, path: str):
        return self.send("DELETE", path)


@pytest.fixture
def api_as(db):
    """`api_as(user)`: a client sending a fresh token of that user."""

    def make(user: User, headers: dict[str, str] | None = None) -> ApiClient:
        _token, raw = org_actions.do_create_token(user, "tests")
        return ApiClient(raw, headers)

    return make


@pytest.fixture
def api(api_as: Callable[[User], ApiClient], owner: User) -> ApiClient:
    """The org admin's client."""
    return api_as(owner)


def errors(response) -> list[dict[str, Any]]:
    body: dict[str, list[dict[str, Any]]] = response.json()
    assert set(body) == {"errors"}, body
    return body["errors"]


def error_fields(response) -> set[str | None]:
    return {error["field"] for error in errors(response)}
