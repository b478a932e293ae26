"""Forms for objectives, key results, check-ins, retiring and actions.

Validation lives in the models and actions; forms add labels, help texts and widgets.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kurs.goals.actions import KEY_RESULT_FIELDS
from kurs.goals.models import Cycle, Initiative, KeyResult, Objective
from kurs.lib.forms import LocalizedFloatField, limit_choices, normalize_number
from kurs.orgs.models import Unit, User


class LocalizedDecimalField(forms.DecimalField):
    """A money or head-count field that accepts a decimal comma, like LocalizedFloatField.

    Django's own localized parsing would drop a German thousands point *and* misread
    "1.500,5"; kurs.lib.forms.normalize_number reads what people type.
    """

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            number = Decimal(normalize_number(str(value)))
        except InvalidOperation as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


# "Start at the end" (seed 004): the objective form shows these in a collapsible fieldset.
START_AT_THE_END_FIELDS = ["picture_of_success", "budget", "people_needed", "resources_note"]


class ObjectiveForm(forms.ModelForm):  # type: ignore[type-arg]
    parents = forms.MultipleChoiceField(
        label=_("Supports"),
        required=False,
        help_text=_("What this objective contributes to on the level above (one or more)."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Objective
        fields = [
            "title",
            "description",
            "unit",
            "owner",
            "cycle",
            "kind",
            "origin",
            *START_AT_THE_END_FIELDS,
        ]
        field_classes = {"budget": LocalizedDecimalField, "people_needed": LocalizedDecimalField}
        help_texts = {
            "title": _(
                "Qualitative and inspiring: the state you want to reach, not a number "
                "(numbers belong in the key results)."
            ),
            "kind": _(
                "Committed objectives are expected to be met in full; aspirational ones are "
                "a stretch where 0.7 counts as success."
            ),
            "origin": _("Top-down: set from strategy. Bottom-up: proposed by the team."),
            "budget": _("Money the objective needs, in your currency (optional)."),
            "people_needed": _("Full-time equivalents, e.g. 1.5 (optional)."),
            "resources_note": _("Anything else it needs: tools, time of other teams, …"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "picture_of_success": forms.Textarea(attrs={"rows": 3}),
            "resources_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        people: list[User],
        cycles: list[Cycle],
        parent_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        org_id = units[0].organization_id
        assert org_id is not None
        limit_choices(
            self,
            "unit",
            Unit.objects.filter(organization_id=org_id),
            [(u.pk, "\u2003" * u.depth + u.name) for u in units],
        )
        limit_choices(
            self,
            "owner",
            User.objects.filter(organization_id=org_id),
            [(p.pk, f"{p.name} ({p.email})") for p in people],
        )
        limit_choices(
            self,
            "cycle",
            Cycle.objects.filter(organization_id=org_id),
            [(c.pk, c.name) for c in cycles],
        )
        parents = self.fields["parents"]
        assert isinstance(parents, forms.ChoiceField)
        parents.choices = parent_choices

    def parent_refs(self) -> list[tuple[str, int]]:
        refs = []
        for value in self.cleaned_data.get("parents", []):
            kind, _sep, pk = value.partition(":")
            refs.append((kind, int(pk)))
        return refs


class KeyResultForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = KeyResult
        fields = KEY_RESULT_FIELDS
        field_classes = {
            name: LocalizedFloatField
            for name in ("start", "target", "range_min", "range_max", "weight")
        }
        help_texts = {
            "title": _(
                "A measurable result, not a task: “Raise repeat orders from 30 to 45”, "
                "not “Launch a newsletter”."
            ),
            "metric": _(
                "Increase or decrease towards a target, stay within a range, or a milestone "
                "that is done or not."
            ),
            "start": _("Where you stand at the beginning of the cycle."),
            "range_min": _("Only for “Stay within a range”."),
            "weight": _("How much this key result counts in the objective's progress."),
            "confidence": _(
                "0–10: how likely you think the target is reached (0–3 low, 7–10 high)."
            ),
        }

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "owner",
            User.objects.filter(organization_id=people[0].org_id),
            [(p.pk, f"{p.name} ({p.email})") for p in people],
        )
        self.fields["confidence"].widget.attrs.update({"min": 0, "max": 10})


class CheckInForm(forms.Form):
    """One row of the weekly check-in page; an empty value means "no update"."""

    value = LocalizedFloatField(label=_("New value"), required=False)
    confidence = forms.IntegerField(
        label=_("Confidence (0–10)"), required=False, min_value=0, max_value=10
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, key_result: KeyResult, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_result = key_result
        if key_result.metric == "milestone":
            self.fields["value"].help_text = _("1 = done, 0 = not done")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("value") is None and (data.get("comment") or "").strip():
            # A comment alone would be lost: a check-in always reports a value.
            self.add_error("value", _("Enter the value too (the current one, if it did not move)."))
        return data

    def has_update(self) -> bool:
        data = self.cleaned_data
        return data.get("value") is not None


class RetireForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it retired?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the history, e.g. “Trade fair cancelled; replaced by webinars”."),
    )
    replacement = forms.ChoiceField(label=_("Replaced by (optional)"), required=False)

    def __init__(self, *args: Any, replacements: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        replacement = self.fields["replacement"]
        assert isinstance(replacement, forms.ChoiceField)
        replacement.choices = [("", "—"), *replacements]


class InitiativeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Initiative
        fields = ["title", "owner", "due", "key_result"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}

    def __init__(
        self, *args: Any, people: list[User], key_results: list[KeyResult], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        org_id = people[0].org_id
        limit_choices(
            self,
            "owner",
            User.objects.filter(organization_id=org_id),
            [(p.pk, p.name) for p in people],
        )
        limit_choices(
            self,
            "key_result",
            KeyResult.objects.filter(objective__organization_id=org_id),
            [("", "—")] + [(k.pk, k.title) for k in key_results],
        )
