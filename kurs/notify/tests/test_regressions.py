"""Regressions from the review of issue 4: reminders, the weekly update and the worker."""

from __future__ import annotations

import logging
import os
import signal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import OperationalError

from kurs.notify.management.commands import worker as worker_command
from kurs.notify.tests.test_worker import FRIDAY, at


@pytest.mark.django_db(transaction=True)
def test_the_worker_keeps_running_when_the_database_fails_between_tasks(monkeypatch, caplog):
    # given: the scheduler sees 07:00 (nothing due); the first round's task claim hits a
    # dropped database connection, the second round works and then a stop arrives
    monkeypatch.setattr(worker_command, "now", lambda: at(FRIDAY, 7))
    rounds: list[int] = []

    def run(self: Any) -> None:
        rounds.append(1)
        if len(rounds) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(worker_command.TaskWorker, "run", run)

    # when
    with caplog.at_level(logging.INFO, logger="kurs.worker"):
        call_command("worker", "--interval", "0.1")

    # then: the error was logged and the worker went on to the next round
    assert len(rounds) == 2
    assert any(
        "server closed the connection" in (r.exc_text or str(r.exc_info))
        for r in caplog.records
        if r.name == "kurs.worker" and r.levelno == logging.ERROR
    )
