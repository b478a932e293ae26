"""Forms for managing units, people, cycles and organization settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kurs.goals.models import Cycle
from kurs.lib.forms import limit_choices
from kurs.orgs.models import MembershipRole, Role, Unit


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(label=_("Belongs to"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: list[Unit], is_root: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "parent",
            Unit.objects.filter(organization_id=units[0].organization_id),
            [(u.pk, "\u2003" * u.depth + u.name) for u in units],
        )
        if is_root:
            del self.fields["parent"]


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to add the person without a login for now."),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    unit_role = forms.ChoiceField(
        label=_("Role in the unit"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "unit",
            Unit.objects.filter(organization_id=units[0].organization_id),
            [("", "—")] + [(u.pk, "\u2003" * u.depth + u.name) for u in units],
        )


class PersonEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_active = forms.BooleanField(label=_("Active (may sign in)"), required=False)
    password = forms.CharField(
        label=_("New password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the current password."),
    )


class MembershipForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role in the unit"), choices=MembershipRole.choices)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "unit",
            Unit.objects.filter(organization_id=units[0].organization_id),
            [(u.pk, "\u2003" * u.depth + u.name) for u in units],
        )


class CycleForm(forms.ModelForm):  # type: ignore[type-arg]
    confirm_close = forms.BooleanField(
        label=_("Yes, close the cycle now and freeze all scores for good"),
        required=False,
    )

    class Meta:
        model = Cycle
        fields = ["name", "start", "end", "kind", "state"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "state": _("Closing a cycle freezes every score; it cannot be reopened."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        closing = data.get("state") == "closed" and self.initial.get("state") != "closed"
        if closing and not data.get("confirm_close"):
            self.add_error(
                "confirm_close",
                _("Closing freezes every score and cannot be undone. Tick the box to confirm."),
            )
        return data


class ThresholdsForm(forms.Form):
    at_risk_gap = forms.IntegerField(
        label=_("Yellow when behind the expected pace by more than (percentage points)"),
        min_value=0,
        max_value=100,
    )
    off_track_gap = forms.IntegerField(
        label=_("Red when behind the expected pace by more than (percentage points)"),
        min_value=0,
        max_value=100,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        yellow, red = data.get("at_risk_gap"), data.get("off_track_gap")
        if yellow is not None and red is not None and red < yellow:
            self.add_error("off_track_gap", _("The red threshold must be at least the yellow one."))
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Browser language")), ("de", "Deutsch"), ("en", "English")],
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “BI export”."),
    )
