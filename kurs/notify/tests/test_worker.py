"""The scheduler enqueues each periodic job once per period; `kurs worker` runs the queue."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import threading
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kurs.notify.management.commands import worker as worker_command
from kurs.notify.models import ReminderSent, ScheduledRun
from kurs.notify.reminders import send_reminders
from kurs.notify.scheduler import enqueue_due

# 2027-01-15 is a Friday, the default UPDATE_WEEKDAY (4).
FRIDAY = dt.date(2027, 1, 15)
REMINDERS_PATH = "kurs.notify.reminders.send_reminders"
UPDATES_PATH = "kurs.notify.update.send_weekly_updates"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in the installation's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def queued(path: str) -> list[DBTaskResult[Any, Any]]:
    return list(DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at"))


@pytest.fixture
def friday_updates(settings):
    settings.UPDATE_WEEKDAY = 4


# -- the scheduler ---------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_is_enqueued_before_eight_in_the_morning(friday_updates):
    assert enqueue_due(at(FRIDAY, 7, 59)) == []
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_reminders_once_a_day_and_the_update_once_a_week(friday_updates):
    # Friday 08:00: both are due
    assert enqueue_due(at(FRIDAY, 8, 0)) == ["reminders", "weekly_update"]
    # every later round that day: nothing new
    assert enqueue_due(at(FRIDAY, 8, 1)) == []
    assert enqueue_due(at(FRIDAY, 23, 59)) == []
    # Saturday: the reminders again, the update not (it went out this week)
    assert enqueue_due(at(FRIDAY + dt.timedelta(days=1), 9)) == ["reminders"]
    # next Monday to Thursday: reminders only; next Friday: both
    assert enqueue_due(at(FRIDAY + dt.timedelta(days=3), 9)) == ["reminders"]
    assert enqueue_due(at(FRIDAY + dt.timedelta(days=7), 8)) == ["reminders", "weekly_update"]

    reminders = queued(REMINDERS_PATH)
    assert [r.args_kwargs["kwargs"] for r in reminders] == [
        {"today": "2027-01-15"},
        {"today": "2027-01-16"},
        {"today": "2027-01-18"},
        {"today": "2027-01-22"},
    ]
    updates = queued(UPDATES_PATH)
    assert [u.args_kwargs["kwargs"] for u in updates] == [
        {"week": "2027-01-11"},
        {"week": "2027-01-18"},
    ]
    assert set(ScheduledRun.objects.values_list("job", "period")) == {
        ("reminders", "2027-01-15"),
        ("reminders", "2027-01-16"),
        ("reminders", "2027-01-18"),
        ("reminders", "2027-01-22"),
        ("weekly_update", "2027-01-11"),
        ("weekly_update", "2027-01-18"),
    }


@pytest.mark.django_db
def test_a_missed_update_day_is_caught_up_later_that_week(friday_updates):
    # the worker was down on Friday and starts on Sunday
    assert enqueue_due(at(FRIDAY + dt.timedelta(days=2), 10)) == ["reminders", "weekly_update"]
    assert queued(UPDATES_PATH)[0].args_kwargs["kwargs"] == {"week": "2027-01-11"}


@pytest.mark.django_db
def test_the_update_weekday_is_configurable(settings):
    settings.UPDATE_WEEKDAY = 0  # Monday
    monday = FRIDAY + dt.timedelta(days=3)

    assert enqueue_due(at(monday, 8)) == ["reminders", "weekly_update"]
    assert queued(UPDATES_PATH)[0].args_kwargs["kwargs"] == {"week": "2027-01-18"}


@pytest.mark.django_db
def test_a_job_another_worker_already_enqueued_is_left_alone(friday_updates):
    # given: a second worker got there first today
    ScheduledRun.objects.create(job="reminders", period="2027-01-15")

    assert enqueue_due(at(FRIDAY, 9)) == ["weekly_update"]
    assert queued(REMINDERS_PATH) == []


# -- the worker ------------------------------------------------------------------------
# Transactional: the worker checks its database connection between tasks, as it must in
# a long-running process, and that cannot happen inside a test's transaction.


@pytest.fixture
def no_schedule(monkeypatch):
    """The worker's scheduler sees 07:00: only what a test enqueues runs."""
    monkeypatch.setattr(worker_command, "now", lambda: at(FRIDAY, 7))


@pytest.mark.django_db(transaction=True)
def test_worker_once_runs_an_enqueued_reminder(smtp_server, no_schedule, teammate, objective):
    # given
    day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    result = send_reminders.enqueue(today=day)

    # when
    call_command("worker", "--once")

    # then: the reminder arrived and the task is recorded as done
    [message] = smtp_server.messages
    assert message["To"] == "bob@muster.example"
    assert "https://kurs.example/check-in/" in message.get_body(("plain",)).get_content()
    task = DBTaskResult.objects.get(id=result.id)
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == 1
    assert ReminderSent.objects.filter(user=teammate).count() == 1


@pytest.mark.django_db(transaction=True)
def test_worker_once_schedules_and_runs_what_is_due(
    smtp_server, settings, monkeypatch, teammate, objective
):
    # given: it is 09:00, ten days after the key result was created
    later = timezone.localdate() + dt.timedelta(days=10)
    monkeypatch.setattr(worker_command, "now", lambda: at(later, 9))
    settings.UPDATE_WEEKDAY = later.weekday() + 1  # not (yet) the update's day

    call_command("worker", "--once")

    assert [m["To"] for m in smtp_server.messages] == ["bob@muster.example"]
    assert ScheduledRun.objects.filter(job="reminders", period=later.isoformat()).exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_recorded_and_the_worker_goes_on(
    smtp_server, no_schedule, teammate, objective, caplog
):
    # given: a broken task first, then a good one
    broken = send_reminders.enqueue(today="not a date")
    good = send_reminders.enqueue(today=(timezone.localdate() + dt.timedelta(days=10)).isoformat())

    with caplog.at_level(logging.INFO, logger="kurs.worker"):
        call_command("worker", "--once")

    assert DBTaskResult.objects.get(id=broken.id).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(id=good.id).status == TaskResultStatus.SUCCESSFUL
    assert len(smtp_server.messages) == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "kurs.worker"]
    assert sum(f"task {REMINDERS_PATH} FAILED" in line for line in lines) == 1
    assert sum(f"task {REMINDERS_PATH} SUCCESSFUL" in line for line in lines) == 1


def test_worker_rejects_a_bad_interval():
    with pytest.raises(CommandError, match="--interval"):
        call_command("worker", "--once", "--interval", "0")


@pytest.mark.django_db(transaction=True)
def test_worker_stops_cleanly_on_sigterm(no_schedule, caplog):
    # given: a worker that would nap for 30 s between rounds
    stop = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGTERM))
    before = signal.getsignal(signal.SIGTERM)
    started = time.monotonic()

    # when: SIGTERM arrives during the nap
    stop.start()
    with caplog.at_level(logging.INFO, logger="kurs.worker"):
        call_command("worker", "--interval", "30")

    # then: it returned promptly, said so, and gave the signal back
    assert time.monotonic() - started < 10
    assert any("stopped" in r.getMessage() for r in caplog.records if r.name == "kurs.worker")
    assert signal.getsignal(signal.SIGTERM) == before


@pytest.mark.django_db
def test_the_unique_period_decides_when_two_workers_race(friday_updates, monkeypatch):
    # given: another worker inserted the row between our check and our insert
    ScheduledRun.objects.create(job="reminders", period="2027-01-15")
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)

    # when
    enqueued = enqueue_due(at(FRIDAY, 9))

    # then: the constraint stopped the second enqueue, the other job still went in
    assert enqueued == ["weekly_update"]
    assert queued(REMINDERS_PATH) == []
    assert ScheduledRun.objects.filter(job="reminders").count() == 1
