"""Form helpers shared by the apps."""

from __future__ import annotations

import math
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import get_language


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's ValidationError on the matching form fields.

    Actions name fields as the API does (`unit_id`, `cycle_id`); forms call them `unit`,
    `cycle`. Anything without a matching field becomes a form-wide error.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        field: str | None = name
        if name not in form.fields:
            field = name[:-3] if name.endswith("_id") and name[:-3] in form.fields else None
        for message in messages:
            form.add_error(field, message)


def limit_choices(
    form: forms.BaseForm, name: str, queryset: QuerySet[Any], choices: list[tuple[Any, str]]
) -> None:
    """Restrict a model choice field to the organization's rows, labelled for people.

    The queryset (scoped by organization, never a list of ids: large organizations
    would exceed SQLite's parameter limit) validates; the choices render, e.g. indented.
    """
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    field.choices = choices


_GROUPED = {",": re.compile(r"[-+]?\d{1,3}(,\d{3})+"), ".": re.compile(r"[-+]?\d{1,3}(\.\d{3})+")}


def normalize_number(text: str, language: str | None = None) -> str:
    """A number as people type it ("12,5", "1.234,5", "1,234.5") in Python's notation.

    With both separators the last one is the decimal mark. A lone comma is a decimal
    comma, except in English when it groups thousands ("1,500"); a lone point is a
    decimal point, except in German when it groups thousands ("1.500").
    """
    german = (language or get_language() or "en").startswith("de")
    text = re.sub(r"[\s\u202f\u00a0']", "", text)
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if decimal == "," else ","
        return text.replace(group, "").replace(decimal, ".")
    if "," in text:
        if not german and _GROUPED[","].fullmatch(text):
            return text.replace(",", "")
        return text.replace(",", ".")
    if "." in text and german and _GROUPED["."].fullmatch(text):
        return text.replace(".", "")
    return text


class LocalizedFloatField(forms.FloatField):
    """A number field that accepts a decimal comma and shows numbers the local way.

    Browsers' <input type=number> handle the decimal comma inconsistently (one turned
    "12,5" into 125 without a word), so Kurs reads the text itself.
    """

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs["localize"] = True  # renders 12,5 in German
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        text = normalize_number(str(value))
        try:
            number = float(text)
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if not math.isfinite(number):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A multiple choice of rows by id that answers ids out of the database's range
    ("99999999999999999999") with the field's "not a valid value" error, not a crash."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                number = 0
            if not 0 < number <= 2**63 - 1:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # not in django-stubs
