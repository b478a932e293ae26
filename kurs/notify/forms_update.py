"""The form that adds a subscriber to a unit's weekly update."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SubscriptionForm(forms.Form):
    """Email, name and language of a new subscriber; duplicates are refused by the action."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": _("Enter the address the update goes to."),
            "invalid": _("Enter a complete email address, like name@example.com."),
        },
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of the email"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose German or English.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "off"})
