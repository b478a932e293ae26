"""The demo's worker writes emails whose links lead back to the demo's own address."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from kurs.demo import server


class _FinishedProcess:
    def poll(self) -> int:
        return 0


@pytest.fixture
def started(monkeypatch) -> list[dict[str, str]]:
    environments: list[dict[str, str]] = []

    def popen(args: list[str], env: dict[str, str], **kwargs: Any) -> _FinishedProcess:
        environments.append(env)
        return _FinishedProcess()

    monkeypatch.setattr(subprocess, "Popen", popen)
    return environments


def test_links_in_the_demos_emails_point_at_the_demos_address(monkeypatch, started):
    monkeypatch.delenv("KURS_BASE_URL", raising=False)

    with server.worker_beside("http://127.0.0.1:8766"):
        pass

    assert started[0]["KURS_BASE_URL"] == "http://127.0.0.1:8766"


def test_a_base_url_set_by_the_operator_wins(monkeypatch, started):
    monkeypatch.setenv("KURS_BASE_URL", "https://kurs.example")

    with server.worker_beside("http://127.0.0.1:8766"):
        pass

    assert started[0]["KURS_BASE_URL"] == "https://kurs.example"
