"""Form helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet


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
