"""What is due when: `kurs worker` calls `enqueue_due` every round (every few seconds).

Each periodic job has a period (a day, a week's Monday); the ScheduledRun row with its
unique (job, period) constraint is written in the same transaction as the task is
enqueued, so two workers, or a worker restarted within the period, enqueue it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from kurs.notify.models import ScheduledRun

# Emails go out in the morning (local time), not at midnight when the worker first looks.
SEND_FROM = dt.time(8, 0)

REMINDERS = "reminders"
WEEKLY_UPDATE = "weekly_update"


def _enqueue_once(job: str, period: str, enqueue: Callable[[], object]) -> bool:
    """Enqueue `job` for `period` unless it already was; True when this call did it."""
    # A read first: most rounds find the job done, and need not take SQLite's write lock.
    if ScheduledRun.objects.filter(job=job, period=period).exists():
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job, period=period)
        except IntegrityError:
            return False
        enqueue()
    return True


def enqueue_due(now: dt.datetime) -> list[str]:
    """Enqueue the periodic jobs that are due and not yet enqueued for their period
    (ScheduledRun makes each happen once): reminders daily, the weekly update on
    settings.UPDATE_WEEKDAY. Returns the jobs enqueued."""
    # Imported here: the task modules import models and templates the scheduler's
    # importers (the worker command) should not have to load first.
    from kurs.notify.reminders import send_reminders
    from kurs.notify.update import send_weekly_updates

    local = timezone.localtime(now)
    today = local.date()
    enqueued: list[str] = []
    if local.time() < SEND_FROM:
        return enqueued

    day = today.isoformat()
    if _enqueue_once(REMINDERS, day, lambda: send_reminders.enqueue(today=day)):
        enqueued.append(REMINDERS)

    # On the chosen weekday, or later that week when no worker ran on the day itself:
    # a late update is better than none, and the week (its Monday) is the period.
    if today.weekday() >= settings.UPDATE_WEEKDAY:
        monday = (today - dt.timedelta(days=today.weekday())).isoformat()
        if _enqueue_once(WEEKLY_UPDATE, monday, lambda: send_weekly_updates.enqueue(week=monday)):
            enqueued.append(WEEKLY_UPDATE)
    return enqueued
