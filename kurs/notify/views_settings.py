"""A person's check-in reminder settings (linked from the account page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kurs.lib.forms import apply_errors
from kurs.notify.forms import ReminderSettingsForm
from kurs.notify.reminders import reminder_settings, set_reminder_settings
from kurs.orgs.models import User


@login_required
def notification_settings(request: HttpRequest) -> HttpResponseBase:
    """Turn check-in reminders on or off and choose after how many days they come."""
    user = request.user
    assert isinstance(user, User)
    user = User.objects.select_related("notification_settings").get(pk=user.pk)
    enabled, days = reminder_settings(user)
    form = ReminderSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"reminders": enabled, "remind_after_days": days},
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_reminder_settings(
                user,
                reminders=form.cleaned_data["reminders"],
                remind_after_days=form.cleaned_data["remind_after_days"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("notification_settings")
    return render(request, "notify/settings.html", {"form": form, "person": user})
