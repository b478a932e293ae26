"""Objectives, their alignment to goals above them, and their key results."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kurs.api.auth import actor
from kurs.api.lookups import find_cycle, find_person, find_unit, get_or_404, only_set, page
from kurs.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    KeyResultIn,
    KeyResultOut,
    KeyResultPage,
    ObjectiveFilters,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePage,
    ObjectivePatch,
    PageParams,
    ParentRef,
    RetireIn,
)
from kurs.goals import actions
from kurs.goals.models import KeyResult, Objective
from kurs.orgs.models import User

router = Router(tags=["objectives"])


def objectives(user: User) -> QuerySet[Objective]:
    """Everything ObjectiveOut needs, in a fixed number of queries."""
    return (
        Objective.objects.with_scoring()
        .visible_to(user)
        .prefetch_related("alignments")
        .order_by("pk")
    )


def _parents(refs: list[ParentRef]) -> list[tuple[str, int]]:
    return [(ref.type, ref.id) for ref in refs]


@router.get("/objectives", response={200: ObjectivePage, **READ_ERRORS}, summary="List objectives")
def list_objectives(
    request: HttpRequest, filters: Query[ObjectiveFilters], pagination: Query[PageParams]
) -> ObjectivePage:
    """All objectives of the organization (retired ones too: see `state`), oldest first."""
    queryset = objectives(actor(request))
    if filters.cycle_id is not None:
        queryset = queryset.filter(cycle_id=filters.cycle_id)
    if filters.unit_id is not None:
        queryset = queryset.filter(unit_id=filters.unit_id)
    if filters.owner is not None:
        queryset = queryset.filter(owner__email=filters.owner.strip().lower())
    items, count = page(queryset, pagination)
    return ObjectivePage(items=[ObjectiveOut.build(o) for o in items], count=count)


@router.post(
    "/objectives", response={201: ObjectiveOut, **WRITE_ERRORS}, summary="Create an objective"
)
def create_objective(request: HttpRequest, payload: ObjectiveIn) -> Status[ObjectiveOut]:
    user = actor(request)
    objective = actions.do_create_objective(
        user,
        cycle=find_cycle(user, payload.cycle_id),
        unit=find_unit(user, payload.unit_id),
        owner=find_person(user, payload.owner) if payload.owner is not None else user,
        title=payload.title,
        description=payload.description,
        kind=payload.kind,
        origin=payload.origin,
        parents=_parents(payload.parents),
    )
    return Status(201, ObjectiveOut.build(get_or_404(objectives(user), objective.pk)))


@router.get(
    "/objectives/{objective_id}",
    response={200: ObjectiveOut, **READ_ERRORS},
    summary="Get an objective",
)
def get_objective(request: HttpRequest, objective_id: int) -> ObjectiveOut:
    return ObjectiveOut.build(get_or_404(objectives(actor(request)), objective_id))


@router.patch(
    "/objectives/{objective_id}",
    response={200: ObjectiveOut, **WRITE_ERRORS},
    summary="Change an objective",
)
def update_objective(
    request: HttpRequest, objective_id: int, payload: ObjectivePatch
) -> ObjectiveOut:
    """Send only the fields to change. `parents` replaces the whole list."""
    user = actor(request)
    objective = get_or_404(objectives(user), objective_id)
    fields = only_set(payload)
    changes: dict[str, Any] = {}
    for name in ("title", "description", "kind", "origin"):
        if name in fields:
            changes[name] = fields[name]
    if "unit_id" in fields:
        changes["unit"] = find_unit(user, fields["unit_id"])
    if "cycle_id" in fields:
        changes["cycle"] = find_cycle(user, fields["cycle_id"])
    if "owner" in fields:
        changes["owner"] = find_person(user, fields["owner"])
    parents = _parents(payload.parents) if "parents" in fields else None
    actions.do_update_objective(user, objective, parents=parents, **changes)
    return ObjectiveOut.build(get_or_404(objectives(user), objective_id))


@router.delete(
    "/objectives/{objective_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete an objective",
)
def delete_objective(request: HttpRequest, objective_id: int) -> Status[None]:
    """For objectives created by mistake; retire an objective to keep it in the history."""
    user = actor(request)
    actions.do_delete_objective(user, get_or_404(objectives(user), objective_id))
    return Status(204, None)


@router.post(
    "/objectives/{objective_id}/retire",
    response={200: ObjectiveOut, **WRITE_ERRORS},
    summary="Retire an objective",
)
def retire_objective(request: HttpRequest, objective_id: int, payload: RetireIn) -> ObjectiveOut:
    """Takes the objective out of the progress calculation; it stays visible as `retired`."""
    user = actor(request)
    objective = get_or_404(objectives(user), objective_id)
    replacement = None
    if payload.replacement_id is not None:
        replacement = Objective.objects.visible_to(user).filter(pk=payload.replacement_id).first()
        if replacement is None:
            raise ValidationError(
                {"replacement_id": _("Choose another objective as the replacement.")}
            )
    actions.do_retire_objective(user, objective, reason=payload.reason, replacement=replacement)
    return ObjectiveOut.build(get_or_404(objectives(user), objective_id))


# Key results of an objective --------------------------------------------------------------


@router.get(
    "/objectives/{objective_id}/key-results",
    response={200: KeyResultPage, **READ_ERRORS},
    summary="List an objective's key results",
    tags=["key results"],
)
def list_key_results(
    request: HttpRequest, objective_id: int, pagination: Query[PageParams]
) -> KeyResultPage:
    """In their order on the objective (retired ones too: see `state`)."""
    user = actor(request)
    objective = get_or_404(Objective.objects.visible_to(user), objective_id)
    queryset = (
        KeyResult.objects.with_scoring()
        .visible_to(user)
        .filter(objective=objective)
        .order_by("position", "pk")
    )
    items, count = page(queryset, pagination)
    return KeyResultPage(items=[KeyResultOut.build(kr) for kr in items], count=count)


@router.post(
    "/objectives/{objective_id}/key-results",
    response={201: KeyResultOut, **WRITE_ERRORS},
    summary="Add a key result",
    tags=["key results"],
)
def create_key_result(
    request: HttpRequest, objective_id: int, payload: KeyResultIn
) -> Status[KeyResultOut]:
    """`start` and `target` are required for increase/decrease, `range_min` and
    `range_max` for range; a milestone is always 0 → 1 (done or not)."""
    user = actor(request)
    objective = get_or_404(objectives(user), objective_id)
    key_result = actions.do_create_key_result(
        user,
        objective,
        title=payload.title,
        owner=find_person(user, payload.owner) if payload.owner is not None else None,
        metric=payload.metric,
        start=payload.start,
        target=payload.target,
        range_min=payload.range_min,
        range_max=payload.range_max,
        unit_label=payload.unit,
        weight=payload.weight,
        confidence=payload.confidence,
    )
    return Status(201, KeyResultOut.build(key_result))
