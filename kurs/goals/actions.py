"""Every write to cycles, objectives, key results, check-ins and actions goes through here.

Each function runs in one transaction, checks permission (kurs.orgs.permissions),
validates with the models' rules (raising ValidationError keyed by field, in the
user's language) and records what changed in the objective's history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kurs.goals.models import (
    Alignment,
    AuditEvent,
    CheckIn,
    Cycle,
    CycleState,
    GoalState,
    Initiative,
    KeyResult,
    Metric,
    Objective,
    ObjectiveKind,
    Origin,
)
from kurs.orgs.models import Unit, User
from kurs.orgs.permissions import (
    can_check_in,
    can_create_objective,
    can_edit_key_result,
    can_edit_objective,
    can_manage_organization,
    can_write,
    require,
)

ParentRef = tuple[str, int]  # ("objective" | "key_result", id)

OBJECTIVE_FIELDS = [
    "title",
    "description",
    "unit",
    "owner",
    "cycle",
    "kind",
    "origin",
    # "Start at the end" (seed 004), optional.
    "picture_of_success",
    "budget",
    "people_needed",
    "resources_note",
]
KEY_RESULT_FIELDS = [
    "title",
    "owner",
    "metric",
    "start",
    "target",
    "range_min",
    "range_max",
    "unit_label",
    "weight",
    "confidence",
]


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value for the history."""
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        # JSON has no decimals; budgets and head counts read fine as floats.
        return float(value)
    return value


def _snapshot(instance: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _record(
    actor: User | None,
    verb: str,
    *,
    objective: Objective,
    key_result: KeyResult | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        organization_id=objective.organization_id,
        actor=actor,
        objective=objective,
        key_result=key_result,
        verb=verb,
        subject=(key_result or objective).title[:300],
        changes=changes or {},
    )


def _same_org(actor: User, obj: Any, field: str, message: str) -> None:
    org_id = getattr(obj, "organization_id", None)
    if obj is None or org_id != actor.organization_id:
        raise ValidationError({field: message})


def _check_cycle_name_free(cycle: Cycle) -> None:
    # The database constraint would say so too, but without naming the field.
    others = Cycle.objects.filter(organization_id=cycle.organization_id, name=cycle.name)
    if others.exclude(pk=cycle.pk).exists():
        raise ValidationError({"name": _("A cycle with this name exists already.")})


def _require_open_cycle(cycle: Cycle, field: str = "cycle") -> None:
    if cycle.is_closed:
        raise ValidationError({field: _("This cycle is closed; its scores are final.")})


# Cycles ---------------------------------------------------------------------------------


@transaction.atomic
def do_create_cycle(
    actor: User, *, name: str, start: dt.date, end: dt.date, kind: str, state: str
) -> Cycle:
    require(can_manage_organization(actor))
    if state == CycleState.CLOSED:
        raise ValidationError({"state": _("A new cycle cannot start closed.")})
    cycle = Cycle(
        organization_id=actor.org_id,
        name=name.strip(),
        start=start,
        end=end,
        kind=kind,
        state=state,
    )
    _check_cycle_name_free(cycle)
    cycle.full_clean()
    cycle.save()
    return cycle


@transaction.atomic
def do_update_cycle(
    actor: User, cycle: Cycle, *, name: str, start: dt.date, end: dt.date, kind: str, state: str
) -> Cycle:
    require(can_manage_organization(actor) and actor.organization_id == cycle.organization_id)
    if cycle.is_closed:
        raise ValidationError({"state": _("This cycle is closed; its scores are final.")})
    if state == CycleState.CLOSED:
        cycle.name, cycle.start, cycle.end, cycle.kind = name.strip(), start, end, kind
        _check_cycle_name_free(cycle)
        cycle.full_clean()
        cycle.save(update_fields=["name", "start", "end", "kind"])
        return do_close_cycle(actor, cycle)
    cycle.name, cycle.start, cycle.end, cycle.kind, cycle.state = (
        name.strip(),
        start,
        end,
        kind,
        state,
    )
    _check_cycle_name_free(cycle)
    cycle.full_clean()
    cycle.save(update_fields=["name", "start", "end", "kind", "state"])
    return cycle


@transaction.atomic
def do_close_cycle(actor: User, cycle: Cycle) -> Cycle:
    """Close the cycle and freeze every objective's and key result's score as it stands."""
    require(can_manage_organization(actor) and actor.organization_id == cycle.organization_id)
    if cycle.is_closed:
        return cycle
    objectives = list(Objective.objects.filter(cycle=cycle).with_scoring())
    key_results: list[KeyResult] = []
    for objective in objectives:
        for key_result in objective.key_results.all():
            key_result.final_score = key_result.progress
            key_results.append(key_result)
        # Objective scores read their (now frozen) key results.
        objective.final_score = objective.progress
    KeyResult.objects.bulk_update(key_results, ["final_score"], batch_size=500)
    Objective.objects.bulk_update(objectives, ["final_score"], batch_size=500)
    cycle.state = CycleState.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["state", "closed_at"])
    for objective in objectives:
        if objective.is_active:
            _record(actor, "graded", objective=objective, changes={"score": objective.final_score})
    return cycle


# Objectives -----------------------------------------------------------------------------


def _resolve_parents(
    actor: User, objective: Objective | None, parents: Sequence[ParentRef]
) -> list[Objective | KeyResult]:
    resolved: list[Objective | KeyResult] = []
    seen: set[ParentRef] = set()
    for kind, pk in parents:
        if (kind, pk) in seen:
            continue
        seen.add((kind, pk))
        parent: Objective | KeyResult | None
        if kind == "objective":
            parent = Objective.objects.visible_to(actor).filter(pk=pk).first()
        elif kind == "key_result":
            parent = (
                KeyResult.objects.visible_to(actor)
                .select_related("objective")
                .filter(pk=pk)
                .first()
            )
        else:
            raise ValidationError(
                {"parents": _("A parent is either an objective or a key result.")}
            )
        if parent is None:
            raise ValidationError({"parents": _("Unknown parent %(id)s.") % {"id": pk}})
        parent_objective = parent if isinstance(parent, Objective) else parent.objective
        if objective is not None and (
            parent_objective.pk == objective.pk or parent_objective.pk in _descendant_ids(objective)
        ):
            raise ValidationError(
                {"parents": _("An objective cannot support itself or one that supports it.")}
            )
        resolved.append(parent)
    return resolved


def _descendant_ids(objective: Objective) -> set[int]:
    """Objectives that support this one, directly or further down (one query per level)."""
    found: set[int] = set()
    level = {objective.pk}
    while level:
        children = set(
            Alignment.objects.filter(
                Q(parent_objective_id__in=level) | Q(parent_key_result__objective_id__in=level)
            ).values_list("objective_id", flat=True)
        )
        level = children - found
        found |= children
    return found


def _set_parents(objective: Objective, parents: list[Objective | KeyResult]) -> None:
    objective.alignments.all().delete()
    Alignment.objects.bulk_create(
        [
            Alignment(objective=objective, parent_objective=p)
            if isinstance(p, Objective)
            else Alignment(objective=objective, parent_key_result=p)
            for p in parents
        ]
    )


def _parent_labels(parents: list[Objective | KeyResult]) -> list[str]:
    return [str(p) for p in parents]


@transaction.atomic
def do_create_objective(
    actor: User,
    *,
    cycle: Cycle,
    unit: Unit,
    owner: User,
    title: str,
    description: str = "",
    kind: str = ObjectiveKind.ASPIRATIONAL,
    origin: str = Origin.BOTTOM_UP,
    parents: Sequence[ParentRef] = (),
    picture_of_success: str = "",
    budget: Decimal | None = None,
    people_needed: Decimal | None = None,
    resources_note: str = "",
) -> Objective:
    _same_org(actor, unit, "unit_id", _("Unknown unit."))
    _same_org(actor, cycle, "cycle_id", _("Unknown cycle."))
    _same_org(actor, owner, "owner", _("Unknown person."))
    require(can_create_objective(actor, unit))
    _require_open_cycle(cycle, "cycle_id")
    objective = Objective(
        organization_id=actor.org_id,
        cycle=cycle,
        unit=unit,
        owner=owner,
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        origin=origin,
        picture_of_success=(picture_of_success or "").strip(),
        budget=budget,
        people_needed=people_needed,
        resources_note=(resources_note or "").strip(),
    )
    # The related objects were checked above (_same_org); validating them again would
    # look each one up in the database, which imports of thousands of rows feel.
    objective.full_clean(exclude=["organization", "cycle", "unit", "owner"])
    resolved = _resolve_parents(actor, None, parents)
    objective.save()
    _set_parents(objective, resolved)
    snapshot = _snapshot(objective, OBJECTIVE_FIELDS)
    if resolved:
        snapshot["parents"] = _parent_labels(resolved)
    _record(actor, "created", objective=objective, changes=snapshot)
    return objective


@transaction.atomic
def do_update_objective(
    actor: User,
    objective: Objective,
    *,
    parents: Sequence[ParentRef] | None = None,
    **changes: Any,
) -> Objective:
    """Change some of title, description, unit, owner, cycle, kind, origin and parents."""
    require(can_edit_objective(actor, objective))
    _require_open_cycle(objective.cycle)
    unknown = set(changes) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be changed.")})
    # Forms send every field; only real changes need the checks below (an owner may
    # edit their objective in a unit they could not create one in).
    changes = {
        name: value
        for name, value in changes.items()
        if getattr(objective, name) != (value.strip() if isinstance(value, str) else value)
    }
    if "unit" in changes:
        _same_org(actor, changes["unit"], "unit_id", _("Unknown unit."))
        require(can_create_objective(actor, changes["unit"]))
    if "cycle" in changes:
        _same_org(actor, changes["cycle"], "cycle_id", _("Unknown cycle."))
        _require_open_cycle(changes["cycle"], "cycle_id")
    if "owner" in changes:
        _same_org(actor, changes["owner"], "owner", _("Unknown person."))
    before = _snapshot(objective, OBJECTIVE_FIELDS)
    for name, value in changes.items():
        setattr(objective, name, value.strip() if isinstance(value, str) else value)
    objective.full_clean()
    objective.save(update_fields=list(changes) or None)
    diff = _diff(before, _snapshot(objective, OBJECTIVE_FIELDS))
    if parents is not None:
        old = _parent_labels(
            [
                a.parent
                for a in objective.alignments.select_related(
                    "parent_objective", "parent_key_result"
                )
            ]
        )
        resolved = _resolve_parents(actor, objective, parents)
        new = _parent_labels(resolved)
        _set_parents(objective, resolved)
        if sorted(old) != sorted(new):
            diff["parents"] = [old, new]
    if diff:
        _record(actor, "updated", objective=objective, changes=diff)
    return objective


@transaction.atomic
def do_delete_objective(actor: User, objective: Objective) -> None:
    """Delete an objective created by mistake; retiring keeps it in history instead."""
    require(can_edit_objective(actor, objective))
    _require_open_cycle(objective.cycle)
    _record(actor, "deleted", objective=objective)
    objective.delete()


@transaction.atomic
def do_retire_objective(
    actor: User, objective: Objective, *, reason: str, replacement: Objective | None = None
) -> Objective:
    """Take an objective out of the progress calculation, with a reason; it stays visible."""
    require(can_edit_objective(actor, objective))
    _require_open_cycle(objective.cycle)
    if not objective.is_active:
        raise ValidationError({"state": _("This objective is retired already.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the objective is retired.")})
    if replacement is not None and (
        replacement.pk == objective.pk or replacement.organization_id != objective.organization_id
    ):
        raise ValidationError({"replacement": _("Choose another objective as the replacement.")})
    objective.state = GoalState.RETIRED
    objective.retired_reason = reason.strip()
    objective.retired_at = timezone.now()
    objective.replaced_by = replacement
    objective.save(update_fields=["state", "retired_reason", "retired_at", "replaced_by"])
    changes: dict[str, Any] = {"reason": objective.retired_reason}
    if replacement is not None:
        changes["replaced_by"] = replacement.title
        _record(actor, "replaces", objective=replacement, changes={"replaces": objective.title})
    _record(actor, "retired", objective=objective, changes=changes)
    return objective


# Key results ----------------------------------------------------------------------------


@transaction.atomic
def do_create_key_result(
    actor: User,
    objective: Objective,
    *,
    title: str,
    owner: User | None = None,
    metric: str = Metric.INCREASE,
    start: float | None = None,
    target: float | None = None,
    range_min: float | None = None,
    range_max: float | None = None,
    unit_label: str = "",
    weight: float = 1.0,
    confidence: int | None = None,
) -> KeyResult:
    require(can_edit_objective(actor, objective))
    _require_open_cycle(objective.cycle, "objective_id")
    if not objective.is_active:
        raise ValidationError({"objective_id": _("This objective is retired.")})
    owner = owner or objective.owner
    _same_org(actor, owner, "owner", _("Unknown person."))
    key_result = KeyResult(
        objective=objective,
        owner=owner,
        title=title.strip(),
        metric=metric,
        start=start,
        target=target,
        range_min=range_min,
        range_max=range_max,
        unit_label=unit_label.strip(),
        weight=weight,
        confidence=confidence,
        position=objective.key_results.count(),
    )
    key_result.full_clean(exclude=["objective", "owner"])  # both checked above
    key_result.save()
    _record(
        actor,
        "created",
        objective=objective,
        key_result=key_result,
        changes=_snapshot(key_result, KEY_RESULT_FIELDS),
    )
    return key_result


@transaction.atomic
def do_update_key_result(actor: User, key_result: KeyResult, **changes: Any) -> KeyResult:
    require(can_edit_key_result(actor, key_result))
    _require_open_cycle(key_result.objective.cycle)
    unknown = set(changes) - set(KEY_RESULT_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be changed.")})
    if "owner" in changes:
        _same_org(actor, changes["owner"], "owner", _("Unknown person."))
    before = _snapshot(key_result, KEY_RESULT_FIELDS)
    for name, value in changes.items():
        setattr(key_result, name, value.strip() if isinstance(value, str) else value)
    if key_result.metric != before["metric"]:
        # Values reported for another metric mean nothing for this one (a milestone
        # would count a value of 50 as done): progress starts again from the next
        # check-in. The check-ins themselves stay in the history.
        key_result.current = None
        key_result.last_check_in_at = None
    key_result.full_clean()
    key_result.save()
    diff = _diff(before, _snapshot(key_result, KEY_RESULT_FIELDS))
    if diff:
        _record(
            actor, "updated", objective=key_result.objective, key_result=key_result, changes=diff
        )
    return key_result


@transaction.atomic
def do_delete_key_result(actor: User, key_result: KeyResult) -> None:
    require(can_edit_key_result(actor, key_result))
    _require_open_cycle(key_result.objective.cycle)
    _record(
        actor,
        "deleted",
        objective=key_result.objective,
        key_result=key_result,
        changes={"title": key_result.title},
    )
    key_result.delete()


@transaction.atomic
def do_retire_key_result(
    actor: User, key_result: KeyResult, *, reason: str, replacement: KeyResult | None = None
) -> KeyResult:
    require(can_edit_key_result(actor, key_result))
    _require_open_cycle(key_result.objective.cycle)
    if not key_result.is_active:
        raise ValidationError({"state": _("This key result is retired already.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the key result is retired.")})
    if replacement is not None and (
        replacement.pk == key_result.pk or replacement.objective_id != key_result.objective_id
    ):
        raise ValidationError(
            {"replacement": _("The replacement must be another key result of the same objective.")}
        )
    key_result.state = GoalState.RETIRED
    key_result.retired_reason = reason.strip()
    key_result.retired_at = timezone.now()
    key_result.replaced_by = replacement
    key_result.save(update_fields=["state", "retired_reason", "retired_at", "replaced_by"])
    changes: dict[str, Any] = {"reason": key_result.retired_reason}
    if replacement is not None:
        changes["replaced_by"] = replacement.title
    _record(
        actor, "retired", objective=key_result.objective, key_result=key_result, changes=changes
    )
    return key_result


# Check-ins ------------------------------------------------------------------------------


@transaction.atomic
def do_check_in(
    actor: User,
    key_result: KeyResult,
    *,
    value: float,
    confidence: int | None = None,
    comment: str = "",
    at: dt.datetime | None = None,
) -> CheckIn:
    """Record a new value; it becomes the key result's current value."""
    require(can_check_in(actor, key_result))
    _require_open_cycle(key_result.objective.cycle)
    if not (key_result.is_active and key_result.objective.is_active):
        raise ValidationError({"key_result": _("This key result is retired.")})
    if confidence is not None and not 0 <= confidence <= 10:
        raise ValidationError({"confidence": _("Confidence goes from 0 (none) to 10 (certain).")})
    if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
        raise ValidationError({"value": _("Enter a number.")})
    if key_result.metric == Metric.MILESTONE and value not in (0, 1):
        raise ValidationError({"value": _("A milestone is 1 (done) or 0 (not done).")})
    check_in = CheckIn(
        key_result=key_result,
        author=actor,
        value=value,
        confidence=confidence,
        comment=comment.strip(),
        created_at=at or timezone.now(),
    )
    check_in.full_clean(exclude=["key_result", "author"])  # the caller's own objects
    check_in.save()
    # The newest check-in by time is the current value, even when an older one is
    # entered late (e.g. imported history). Re-read under a row lock: two check-ins
    # arriving at once must not let the older one win.
    latest = (
        KeyResult.objects.select_for_update()
        .values_list("last_check_in_at", flat=True)
        .get(pk=key_result.pk)
    )
    if latest is None or check_in.created_at >= latest:
        key_result.current = value
        key_result.last_check_in_at = check_in.created_at
        if confidence is not None:
            key_result.confidence = confidence
        key_result.save(update_fields=["current", "last_check_in_at", "confidence"])
    _record(
        actor,
        "checked_in",
        objective=key_result.objective,
        key_result=key_result,
        changes={"value": value, "confidence": confidence, "comment": check_in.comment},
    )
    return check_in


# Actions (initiatives) ------------------------------------------------------------------


@transaction.atomic
def do_create_initiative(
    actor: User,
    objective: Objective,
    *,
    title: str,
    owner: User | None = None,
    due: dt.date | None = None,
    key_result: KeyResult | None = None,
) -> Initiative:
    require(can_edit_objective(actor, objective))
    _require_open_cycle(objective.cycle, "objective_id")
    if not objective.is_active:
        raise ValidationError({"objective_id": _("This objective is retired.")})
    if key_result is not None and key_result.objective_id != objective.pk:
        raise ValidationError({"key_result": _("Choose a key result of this objective.")})
    owner = owner or actor
    _same_org(actor, owner, "owner", _("Unknown person."))
    initiative = Initiative(
        organization_id=objective.organization_id,
        objective=objective,
        key_result=key_result,
        title=title.strip(),
        owner=owner,
        due=due,
    )
    initiative.full_clean()
    initiative.save()
    _record(actor, "action_added", objective=objective, changes={"title": initiative.title})
    return initiative


@transaction.atomic
def do_set_initiative_done(actor: User, initiative: Initiative, *, done: bool) -> Initiative:
    # Its owner may tick off an action without edit rights on the objective, but a
    # viewer (or a deactivated person) writes nothing, not even on their own actions.
    require(
        can_write(actor)
        and (initiative.owner_id == actor.pk or can_edit_objective(actor, initiative.objective))
    )
    _require_open_cycle(initiative.objective.cycle)
    if initiative.done != done:
        initiative.done = done
        initiative.save(update_fields=["done"])
        _record(
            actor,
            "action_done" if done else "action_reopened",
            objective=initiative.objective,
            changes={"title": initiative.title},
        )
    return initiative
