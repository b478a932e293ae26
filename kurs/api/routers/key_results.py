"""Key results and their check-ins."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kurs.api.auth import actor
from kurs.api.lookups import find_person, get_or_404, only_set, page
from kurs.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    CheckInCreated,
    CheckInIn,
    CheckInOut,
    CheckInPage,
    KeyResultOut,
    KeyResultPatch,
    PageParams,
    RetireIn,
)
from kurs.goals import actions
from kurs.goals.models import CheckIn, KeyResult
from kurs.orgs.models import User

router = Router(tags=["key results"])

# API field name -> model field name, where they differ.
_MODEL_FIELDS = {"unit": "unit_label"}


def key_results(user: User) -> QuerySet[KeyResult]:
    return KeyResult.objects.with_scoring().visible_to(user)


@router.get(
    "/key-results/{key_result_id}",
    response={200: KeyResultOut, **READ_ERRORS},
    summary="Get a key result",
)
def get_key_result(request: HttpRequest, key_result_id: int) -> KeyResultOut:
    return KeyResultOut.build(get_or_404(key_results(actor(request)), key_result_id))


@router.patch(
    "/key-results/{key_result_id}",
    response={200: KeyResultOut, **WRITE_ERRORS},
    summary="Change a key result",
)
def update_key_result(
    request: HttpRequest, key_result_id: int, payload: KeyResultPatch
) -> KeyResultOut:
    """Send only the fields to change; `null` clears start, target, range and confidence.
    The current value changes only with check-ins."""
    user = actor(request)
    key_result = get_or_404(key_results(user), key_result_id)
    changes: dict[str, Any] = {}
    for name, value in only_set(payload).items():
        changes[_MODEL_FIELDS.get(name, name)] = value
    if "owner" in changes:
        changes["owner"] = find_person(user, changes["owner"])
    actions.do_update_key_result(user, key_result, **changes)
    return KeyResultOut.build(get_or_404(key_results(user), key_result_id))


@router.delete(
    "/key-results/{key_result_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a key result",
)
def delete_key_result(request: HttpRequest, key_result_id: int) -> Status[None]:
    """For key results created by mistake; retire one to keep it in the history."""
    user = actor(request)
    actions.do_delete_key_result(user, get_or_404(key_results(user), key_result_id))
    return Status(204, None)


@router.post(
    "/key-results/{key_result_id}/retire",
    response={200: KeyResultOut, **WRITE_ERRORS},
    summary="Retire a key result",
)
def retire_key_result(request: HttpRequest, key_result_id: int, payload: RetireIn) -> KeyResultOut:
    """Takes the key result out of its objective's progress; it stays visible as `retired`.
    A replacement must be another key result of the same objective."""
    user = actor(request)
    key_result = get_or_404(key_results(user), key_result_id)
    replacement = None
    if payload.replacement_id is not None:
        replacement = KeyResult.objects.visible_to(user).filter(pk=payload.replacement_id).first()
        if replacement is None:
            raise ValidationError(
                {
                    "replacement_id": _(
                        "The replacement must be another key result of the same objective."
                    )
                }
            )
    actions.do_retire_key_result(user, key_result, reason=payload.reason, replacement=replacement)
    return KeyResultOut.build(get_or_404(key_results(user), key_result_id))


# Check-ins ------------------------------------------------------------------------------


@router.get(
    "/key-results/{key_result_id}/check-ins",
    response={200: CheckInPage, **READ_ERRORS},
    summary="List a key result's check-ins",
    tags=["check-ins"],
)
def list_check_ins(
    request: HttpRequest, key_result_id: int, pagination: Query[PageParams]
) -> CheckInPage:
    """Oldest first."""
    user = actor(request)
    key_result = get_or_404(KeyResult.objects.visible_to(user), key_result_id)
    queryset = (
        CheckIn.objects.visible_to(user)
        .filter(key_result=key_result)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    items, count = page(queryset, pagination)
    return CheckInPage(items=[CheckInOut.build(c) for c in items], count=count)


@router.post(
    "/key-results/{key_result_id}/check-ins",
    response={201: CheckInCreated, **WRITE_ERRORS},
    summary="Check in a new value",
    tags=["check-ins"],
)
def create_check_in(
    request: HttpRequest, key_result_id: int, payload: CheckInIn
) -> Status[CheckInCreated]:
    """Records the key result's new current value; the answer includes the key result's
    new `progress` and `status`."""
    user = actor(request)
    key_result = get_or_404(key_results(user), key_result_id)
    check_in = actions.do_check_in(
        user,
        key_result,
        value=payload.value,
        confidence=payload.confidence,
        comment=payload.comment,
    )
    return Status(
        201,
        CheckInCreated(
            **CheckInOut.fields_of(check_in),
            progress=key_result.progress,
            status=key_result.status,
        ),
    )
