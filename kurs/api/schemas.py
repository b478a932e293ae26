"""Request and response shapes of the REST API (pydantic 2, via django-ninja).

Input schemas are strict on purpose: unknown fields are rejected (a typo must not be
silently ignored), numbers must be JSON numbers (not strings or booleans) and finite,
and ids must fit a database integer. Everything the models know how to check (lengths,
ranges, metric rules) is left to the actions, whose messages are translated.

PATCH schemas: a field that is left out stays unchanged. `= LEFT_OUT` on a
non-optional type means "may be left out, but must not be null" (pydantic does not
validate defaults, so only an explicit null is rejected).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.utils.translation import gettext
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field

from kurs.goals.models import (
    Alignment,
    CheckIn,
    Cycle,
    CycleKind,
    CycleState,
    GoalState,
    KeyResult,
    Metric,
    Objective,
    ObjectiveKind,
    Origin,
)
from kurs.goals.scoring import Status
from kurs.orgs.models import Unit

# The default of PATCH fields that must not be null; typed Any so that it fits any field.
LEFT_OUT: Any = None

# The largest id a database integer column holds (SQLite and PostgreSQL bigint).
MAX_ID = 2**63 - 1


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL characters; refuse them before they reach the database.
    if "\x00" in value:
        raise ValueError(gettext("Text must not contain NUL characters."))
    return value


Text = Annotated[str, Field(strict=True), AfterValidator(_no_nul)]
Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]
# Query strings carry text, so ids there are parsed from it.
QueryId = Annotated[int, Field(ge=1, le=MAX_ID)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Integer = Annotated[int, Field(strict=True)]
Email = Annotated[str, Field(strict=True, max_length=254), AfterValidator(_no_nul)]


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


# Errors ---------------------------------------------------------------------------------


class ErrorItem(Schema):
    field: str | None = Field(
        description="The input field the message is about (dotted for nested input, "
        "e.g. `parents.0.id`), or null when it is about the request as a whole."
    )
    message: str


class ErrorOut(Schema):
    errors: list[ErrorItem]


# For the OpenAPI document: the errors an operation may answer with (the handlers in
# kurs.api.errors produce them).
READ_ERRORS: dict[Any, type[Schema]] = {(401, 404, 422): ErrorOut}
WRITE_ERRORS: dict[Any, type[Schema]] = {(400, 401, 403, 404, 422): ErrorOut}


# Pagination -----------------------------------------------------------------------------

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class PageParams(Input):
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = Field(
        DEFAULT_LIMIT, description=f"How many items to return (1-{MAX_LIMIT})."
    )
    offset: Annotated[int, Field(ge=0, le=MAX_ID)] = Field(
        0,
        description="How many items to skip; page with `offset += limit` until `offset >= count`.",
    )


# Units ----------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    parent_id: int | None = Field(description="Null for the organization's top unit.")

    @staticmethod
    def build(unit: Unit) -> UnitOut:
        return UnitOut(id=unit.pk, name=unit.name, parent_id=unit.parent_id)


class UnitIn(Input):
    name: Text
    parent_id: Id | None = Field(default=None, description="The unit this one belongs to.")


class UnitPage(Schema):
    items: list[UnitOut]
    count: int = Field(description="How many items there are in all pages together.")


# Cycles ---------------------------------------------------------------------------------


class CycleOut(Schema):
    id: int
    name: str
    start: dt.date
    end: dt.date
    kind: CycleKind
    state: CycleState

    @staticmethod
    def build(cycle: Cycle) -> CycleOut:
        return CycleOut(
            id=cycle.pk,
            name=cycle.name,
            start=cycle.start,
            end=cycle.end,
            kind=CycleKind(cycle.kind),
            state=CycleState(cycle.state),
        )


class CycleIn(Input):
    name: Text
    start: dt.date
    end: dt.date
    kind: CycleKind = CycleKind.QUARTER
    state: CycleState = CycleState.PLANNING


class CyclePage(Schema):
    items: list[CycleOut]
    count: int


# Objectives -----------------------------------------------------------------------------


class ParentRef(Input):
    type: Literal["objective", "key_result"]
    id: Id


def _parent_ref(alignment: Alignment) -> ParentRef:
    if alignment.parent_objective_id is not None:
        return ParentRef(type="objective", id=alignment.parent_objective_id)
    assert alignment.parent_key_result_id is not None  # a database constraint
    return ParentRef(type="key_result", id=alignment.parent_key_result_id)


class ObjectiveOut(Schema):
    id: int
    title: str
    description: str
    unit_id: int
    cycle_id: int
    owner: str = Field(description="The owner's email.")
    kind: ObjectiveKind
    origin: Origin
    parents: list[ParentRef] = Field(description="What this objective supports.")
    state: GoalState
    progress: float = Field(ge=0, le=1, description="Weighted progress of the key results.")
    status: Status = Field(description="Pace compared with the elapsed part of the cycle.")

    @staticmethod
    def build(objective: Objective) -> ObjectiveOut:
        """Needs `with_scoring()` and prefetched `alignments` to stay query-free."""
        return ObjectiveOut(
            id=objective.pk,
            title=objective.title,
            description=objective.description,
            unit_id=objective.unit_id,
            cycle_id=objective.cycle_id,
            owner=objective.owner.email,
            kind=ObjectiveKind(objective.kind),
            origin=Origin(objective.origin),
            parents=[_parent_ref(a) for a in objective.alignments.all()],
            state=GoalState(objective.state),
            progress=objective.progress,
            status=objective.status,
        )


class ObjectiveIn(Input):
    title: Text
    description: Text = ""
    unit_id: Id
    cycle_id: Id
    owner: Email | None = Field(
        default=None, description="The owner's email; defaults to the caller."
    )
    kind: ObjectiveKind = ObjectiveKind.ASPIRATIONAL
    origin: Origin = Origin.BOTTOM_UP
    parents: list[ParentRef] = Field(default_factory=list, max_length=100)


class ObjectivePatch(Input):
    title: Text = LEFT_OUT
    description: Text = LEFT_OUT
    unit_id: Id = LEFT_OUT
    cycle_id: Id = LEFT_OUT
    owner: Email = Field(default=LEFT_OUT, description="The owner's email.")
    kind: ObjectiveKind = LEFT_OUT
    origin: Origin = LEFT_OUT
    parents: list[ParentRef] = Field(
        default=LEFT_OUT, max_length=100, description="Replaces all parents; `[]` removes them."
    )


class ObjectiveFilters(Input):
    cycle_id: QueryId | None = Field(default=None, description="Only objectives of this cycle.")
    unit_id: QueryId | None = Field(default=None, description="Only objectives of this unit.")
    owner: Email | None = Field(default=None, description="Only objectives owned by this email.")


class ObjectivePage(Schema):
    items: list[ObjectiveOut]
    count: int


class RetireIn(Input):
    reason: Text
    replacement_id: Id | None = Field(
        default=None, description="What replaces the retired goal (same kind of goal)."
    )


# Key results ----------------------------------------------------------------------------


class KeyResultOut(Schema):
    id: int
    objective_id: int
    title: str
    owner: str = Field(description="The owner's email.")
    metric: Metric
    start: float | None
    target: float | None
    range_min: float | None
    range_max: float | None
    current: float | None = Field(description="The latest check-in's value, else the start.")
    unit: str = Field(description="The unit the values are counted in, e.g. `%` or `EUR`.")
    weight: float
    confidence: int | None = Field(description="0 (none) to 10 (certain).")
    state: GoalState
    progress: float = Field(ge=0, le=1)
    status: Status

    @staticmethod
    def build(key_result: KeyResult) -> KeyResultOut:
        """Needs the owner and the objective's cycle and organization loaded."""
        return KeyResultOut(
            id=key_result.pk,
            objective_id=key_result.objective_id,
            title=key_result.title,
            owner=key_result.owner.email,
            metric=Metric(key_result.metric),
            start=key_result.start,
            target=key_result.target,
            range_min=key_result.range_min,
            range_max=key_result.range_max,
            current=key_result.value,
            unit=key_result.unit_label,
            weight=key_result.weight,
            confidence=key_result.confidence,
            state=GoalState(key_result.state),
            progress=key_result.progress,
            status=key_result.status,
        )


class KeyResultIn(Input):
    title: Text
    owner: Email | None = Field(
        default=None, description="The owner's email; defaults to the objective's owner."
    )
    metric: Metric = Metric.INCREASE
    start: Number | None = None
    target: Number | None = None
    range_min: Number | None = None
    range_max: Number | None = None
    unit: Text = ""
    weight: Number = 1.0
    confidence: Integer | None = None


class KeyResultPatch(Input):
    title: Text = LEFT_OUT
    owner: Email = Field(default=LEFT_OUT, description="The owner's email.")
    metric: Metric = LEFT_OUT
    start: Number | None = None
    target: Number | None = None
    range_min: Number | None = None
    range_max: Number | None = None
    unit: Text = LEFT_OUT
    weight: Number = LEFT_OUT
    confidence: Integer | None = None


class KeyResultPage(Schema):
    items: list[KeyResultOut]
    count: int


# Check-ins ------------------------------------------------------------------------------


class CheckInOut(Schema):
    id: int
    value: float
    confidence: int | None
    comment: str
    author: str = Field(description="The author's email.")
    created_at: dt.datetime

    @staticmethod
    def fields_of(check_in: CheckIn) -> dict[str, Any]:
        return {
            "id": check_in.pk,
            "value": check_in.value,
            "confidence": check_in.confidence,
            "comment": check_in.comment,
            "author": check_in.author.email,
            "created_at": check_in.created_at,
        }

    @staticmethod
    def build(check_in: CheckIn) -> CheckInOut:
        return CheckInOut(**CheckInOut.fields_of(check_in))


class CheckInCreated(CheckInOut):
    progress: float = Field(ge=0, le=1, description="The key result's progress after it.")
    status: Status = Field(description="The key result's status after it.")


class CheckInIn(Input):
    value: Number
    confidence: Integer | None = None
    comment: Text = ""


class CheckInPage(Schema):
    items: list[CheckInOut]
    count: int
