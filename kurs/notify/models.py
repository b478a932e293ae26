"""Who is reminded and subscribed, and what was sent when."""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurs.orgs.models import Organization, OrgScopedQuerySet, Unit, User

DEFAULT_REMIND_AFTER_DAYS = 7


class NotificationSettings(models.Model):
    """A person's choice about check-in reminders (no row: the defaults)."""

    user = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("person"),
    )
    reminders = models.BooleanField(_("remind me to check in"), default=True)
    remind_after_days = models.PositiveSmallIntegerField(
        _("remind me after this many days without a check-in"),
        default=DEFAULT_REMIND_AFTER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class ReminderSent(models.Model):
    """One check-in reminder to one person in one week (Monday's date): never two."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    week = models.DateField(_("week"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    key_results = models.PositiveIntegerField(_("key results"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="reminder_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.week}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SubscriptionQuerySet(OrgScopedQuerySet):
    pass


class Subscription(models.Model):
    """Someone who gets a unit's weekly update by email, with or without a Kurs login."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("unit")
    )
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=200, blank=True, default="")
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="de"
    )
    # Opens the update and unsubscribes without a login (readers without an account).
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects: ClassVar[SubscriptionQuerySet] = SubscriptionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "email"], name="subscription_unique_email")
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.unit}"


class UpdateSent(models.Model):
    """One weekly update to one subscriber for one week (Monday's date): never two."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="sent", verbose_name=_("subscription")
    )
    week = models.DateField(_("week"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    on_demand = models.BooleanField(_("sent on demand"), default=False)

    class Meta:
        verbose_name = _("update sent")
        verbose_name_plural = _("updates sent")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "week"],
                condition=models.Q(on_demand=False),
                name="update_once_a_week",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription} {self.week}"


class ScheduledRun(models.Model):
    """A periodic job that was enqueued for a period ("reminders", "2027-01-15"): once."""

    job = models.CharField(max_length=50)
    period = models.CharField(max_length=20)
    enqueued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"
