"""Every error the API answers with has one JSON shape:

    {"errors": [{"field": "target", "message": "…"}]}

`field` is null when the message is about the request as a whole. Status codes:
400 unreadable body, 401 no or bad token, 403 not allowed, 404 unknown object (also
another organization's), 413 body larger than DATA_UPLOAD_MAX_MEMORY_SIZE, 422 invalid
input (nothing was written), 500 a bug.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("kurs.api")

# Model and action field names that the API spells differently.
API_FIELD_NAMES = {
    "unit": "unit_id",
    "cycle": "cycle_id",
    "parent": "parent_id",
    "objective": "objective_id",
    "replacement": "replacement_id",
    "unit_label": "unit",
}

# The parts of a pydantic error location that name where the input came from.
_SOURCES = {"body", "query", "path", "header", "cookie"}


def error_body(items: Iterable[tuple[str | None, str]]) -> dict[str, Any]:
    return {"errors": [{"field": field, "message": str(message)} for field, message in items]}


def error_response(status: int, items: Iterable[tuple[str | None, str]]) -> JsonResponse:
    response = JsonResponse(error_body(items), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="kurs"'
    return response


def django_validation_items(error: DjangoValidationError) -> list[tuple[str | None, str]]:
    """A (field, message) pair per message, with field names as the API spells them."""
    if not hasattr(error, "error_dict"):
        return [(None, message) for message in error.messages]
    items: list[tuple[str | None, str]] = []
    for name, messages in error.message_dict.items():
        field = None if name == NON_FIELD_ERRORS else API_FIELD_NAMES.get(name, name)
        items.extend((field, message) for message in messages)
    return items


def _pydantic_field(loc: Iterable[Any], param_names: set[str]) -> str | None:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    # Body schemas are nested under the view's parameter name (e.g. "payload").
    if parts and parts[0] in param_names:
        parts = parts[1:]
    return ".".join(parts) or None


def _pydantic_message(error: dict[str, Any]) -> str:
    """pydantic's message for a validation error, in the caller's language."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])  # our own validators raise translated messages
    messages = {
        "missing": _("This field is required."),
        "extra_forbidden": _("Unknown field."),
        "string_type": _("Enter a text."),
        "int_type": _("Enter a whole number."),
        "int_parsing": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "float_type": _("Enter a number."),
        "float_parsing": _("Enter a number."),
        "finite_number": _("Enter a finite number."),
        "bool_type": _("Enter true or false."),
        "bool_parsing": _("Enter true or false."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_inexact": _("Enter a date as YYYY-MM-DD."),
        "list_type": _("Enter a list."),
        "dict_type": _("Enter an object."),
        "model_type": _("Enter an object."),
        "model_attributes_type": _("Enter an object."),
        "json_invalid": _("The request body is not valid JSON."),
    }
    if kind in messages:
        return str(messages[kind])
    if kind in {"literal_error", "enum"}:
        return _("Use one of: %(expected)s.") % {"expected": ctx.get("expected", "")}
    if kind == "string_too_long":
        return _("Use at most %(limit)s characters.") % {"limit": ctx.get("max_length")}
    if kind == "too_long":
        limit = ctx.get("max_length") or 0
        return ngettext("Use at most %(limit)s entry.", "Use at most %(limit)s entries.", limit) % {
            "limit": limit
        }
    if kind == "string_too_short":
        return _("This field cannot be empty.")
    if kind in {"greater_than_equal", "greater_than"}:
        limit = ctx.get("ge", ctx.get("gt"))
        return _("Enter a value of at least %(limit)s.") % {"limit": limit}
    if kind in {"less_than_equal", "less_than"}:
        limit = ctx.get("le", ctx.get("lt"))
        return _("Enter a value of at most %(limit)s.") % {"limit": limit}
    return _("This value is not valid here.")


def pydantic_validation_items(
    errors: Iterable[dict[str, Any]], param_names: set[str]
) -> list[tuple[str | None, str]]:
    return [(_pydantic_field(e.get("loc", ()), param_names), _pydantic_message(e)) for e in errors]


# Names of body parameters in the views; they are not part of the client's field names.
BODY_PARAMS = {"payload"}


def install_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return error_response(422, pydantic_validation_items(exc.errors, BODY_PARAMS))

    @api.exception_handler(DjangoValidationError)
    def invalid_for_model(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return error_response(422, django_validation_items(exc))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            401, [(None, _("Send a valid API token: “Authorization: Bearer <token>”."))]
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(403, [(None, str(exc) or _("You are not allowed to do this."))])

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, [(None, _("Not found."))])

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            return error_response(400, [(None, _("The request body is not valid JSON."))])
        return error_response(exc.status_code, [(None, str(exc))])

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        # Raised when the view reads the body, before any write: nothing was changed.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return error_response(
            413,
            [
                (
                    None,
                    _("The request body is too large: send at most %(limit)s bytes.")
                    % {"limit": limit},
                )
            ],
        )

    @api.exception_handler(Exception)
    def crashed(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API request %s %s failed", request.method, request.path)
        return error_response(500, [(None, _("Something went wrong on our side."))])
