"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


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
