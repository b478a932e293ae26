"""Check-in reminders: an email to owners whose key results have gone quiet.

`kurs worker` enqueues `send_reminders` once a day (kurs/notify/scheduler.py). Each person
gets at most one reminder per ISO week: the ReminderSent row is written in the same
transaction as the email is handed to the mail server, and its unique (user, week)
constraint turns a second run — even a concurrent one — into a no-op for that person.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_tasks import task

from kurs.goals.models import CycleState, KeyResult
from kurs.notify import mail
from kurs.notify.models import DEFAULT_REMIND_AFTER_DAYS, NotificationSettings, ReminderSent
from kurs.orgs.models import User

logger = logging.getLogger(__name__)


@dataclass
class WaitingKeyResult:
    """A key result in a reminder, with the days since its last check-in (or its start)."""

    key_result: KeyResult
    days: int
    checked_in: bool


@dataclass
class Reminder:
    """One person's reminder: their key results that wait for a check-in."""

    user: User
    items: list[WaitingKeyResult] = field(default_factory=list)

    @property
    def language(self) -> str:
        return language_of(self.user)


def week_of(day: dt.date) -> dt.date:
    """The Monday of `day`'s ISO week: the period a reminder is sent once in."""
    return day - dt.timedelta(days=day.weekday())


def language_of(user: User) -> str:
    """The person's language for emails: their choice, else the installation's default."""
    languages = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in languages else settings.LANGUAGE_CODE


def reminder_settings(user: User) -> tuple[bool, int]:
    """(reminders on?, days) for a person whose `notification_settings` was select_related."""
    try:
        choice = user.notification_settings
    except NotificationSettings.DoesNotExist:
        return True, DEFAULT_REMIND_AFTER_DAYS
    return choice.reminders, choice.remind_after_days


def _quiet_since(key_result: KeyResult) -> tuple[dt.date, bool]:
    """The day of the last check-in, or when there was none the later of the cycle's start
    and the key result's creation (nobody can check in before either)."""
    if key_result.last_check_in_at is not None:
        return timezone.localdate(key_result.last_check_in_at), True
    created = timezone.localdate(key_result.created_at)
    return max(key_result.objective.cycle.start, created), False


def due_reminders(today: dt.date) -> list[Reminder]:
    """Everyone who should be reminded on `today`, in one query whatever their number."""
    already = ReminderSent.objects.filter(week=week_of(today)).values("user")
    key_results = (
        KeyResult.objects.active()
        .filter(
            objective__cycle__state=CycleState.ACTIVE,
            objective__cycle__start__lte=today,
            objective__cycle__end__gte=today,
            owner__is_active=True,
            owner__organization__isnull=False,
        )
        .exclude(owner__in=already)
        .select_related("owner__notification_settings", "objective__cycle")
        .order_by("owner_id", "objective__title", "objective_id", "position", "pk")
    )
    reminders: dict[int, Reminder] = {}
    for key_result in key_results:
        owner = key_result.owner
        enabled, after_days = reminder_settings(owner)
        if not enabled:
            continue
        since, checked_in = _quiet_since(key_result)
        days = (today - since).days
        if days <= after_days:
            continue
        reminder = reminders.setdefault(owner.pk, Reminder(user=owner))
        reminder.items.append(WaitingKeyResult(key_result, days, checked_in))
    return list(reminders.values())


def _subject(count: int) -> str:
    return ngettext(
        "Kurs: %(count)d key result is waiting for your check-in",
        "Kurs: %(count)d key results are waiting for your check-in",
        count,
    ) % {"count": count}


def send_reminder(reminder: Reminder, week: dt.date) -> bool:
    """Record and send one reminder; False when this person already had one this week."""
    language = reminder.language
    with transaction.atomic():
        try:
            # A savepoint: the unique (user, week) constraint decides, even between two
            # workers running at once; the loser sends nothing.
            with transaction.atomic():
                ReminderSent.objects.create(
                    user=reminder.user, week=week, key_results=len(reminder.items)
                )
        except IntegrityError:
            return False
        with translation.override(language):
            subject = _subject(len(reminder.items))
        # Raises when the mail server refuses: the row above is rolled back with it, so
        # the next run tries again.
        mail.send(
            to=reminder.user.email,
            language=language,
            subject=subject,
            template="notify/reminder",
            context={
                "person": reminder.user,
                "items": reminder.items,
                "check_in_url": mail.absolute(reverse("check_in")),
                "settings_url": mail.absolute(reverse("notification_settings")),
            },
        )
    return True


@task()
def send_reminders(today: str | None = None) -> int:
    """Email every owner whose key results have had no check-in for their chosen number of
    days, once per ISO week, in their language, with a link to their check-in page.
    `today` is an ISO date (default: today). Returns how many emails went out."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    week = week_of(day)
    sent = 0
    failed: list[str] = []
    for reminder in due_reminders(day):
        try:
            if send_reminder(reminder, week):
                sent += 1
        except Exception:
            # One unreachable mailbox must not keep everyone else from their reminder.
            logger.exception("Check-in reminder to %s failed", reminder.user.email)
            failed.append(reminder.user.email)
    logger.info("Check-in reminders for %s: %d sent, %d failed", day, sent, len(failed))
    if failed:
        # The task is recorded as failed (and logged); tomorrow's run retries these people.
        raise RuntimeError(f"{len(failed)} of {sent + len(failed)} reminders failed to send")
    return sent


def set_reminder_settings(user: User, *, reminders: bool, remind_after_days: int) -> None:
    """Save a person's reminder choice; ValidationError (by field) when the days are out
    of range. Only the person themselves changes it (the settings page is their own)."""
    with transaction.atomic():
        choice, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
        choice.reminders = reminders
        choice.remind_after_days = remind_after_days
        choice.full_clean(exclude=["user"])
        choice.save(update_fields=["reminders", "remind_after_days"])
