"""Forms of the notify app: a person's reminder settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MIN_DAYS = 1
MAX_DAYS = 60


class ReminderSettingsForm(forms.Form):
    """Whether, and after how many quiet days, Kurs reminds me to check in."""

    reminders = forms.BooleanField(
        label=_("Remind me by email when my key results need a check-in"),
        required=False,
    )
    remind_after_days = forms.IntegerField(
        label=_("Remind me after this many days without a check-in"),
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        help_text=_("Between 1 and 60 days. You get at most one reminder a week."),
        error_messages={
            "required": _("Enter a number of days between 1 and 60."),
            "invalid": _("Enter a whole number of days between 1 and 60."),
            "min_value": _("Enter a number of days between 1 and 60."),
            "max_value": _("Enter a number of days between 1 and 60."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "style": "max-width:8em"}),
    )
