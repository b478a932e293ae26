"""Request and response shapes of the strategy document API (V2MOM and MSPOT).

Same conventions as kurs.api.schemas: strict input (unknown fields, strings for
numbers and non-finite numbers are refused), ids as `<name>_id`, people by email,
and PATCH bodies where a left-out field stays unchanged.

Every item has every field in the answers; fields its section does not have are
null or empty. In requests, a section's foreign fields may only be sent empty.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.utils.translation import gettext, ngettext
from ninja import Schema
from pydantic import AfterValidator, Field

from kurs.api.schemas import LEFT_OUT, MAX_ID, Email, Id, Input, Number, QueryId, Text
from kurs.goals.scoring import Status
from kurs.strategy import selectors
from kurs.strategy.diff import DocumentDiff, FieldChange, ItemChange
from kurs.strategy.models import (
    AcceptanceState,
    DocumentVersion,
    Framework,
    ItemState,
    Section,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)

# The largest amounts the database columns hold (see StartAtTheEnd in kurs.goals.models).
MAX_BUDGET = 999_999_999_999.99
MAX_PEOPLE = 999_999.9


def _amount(places: int) -> Any:
    """Zero or more, with at most `places` decimal places (what the column keeps)."""

    def check(value: float) -> float:
        if value < 0:
            # The actions' wording; pydantic's `ge` would say "at least 0.0".
            raise ValueError(gettext("Enter a number of zero or more."))
        exponent = Decimal(str(value)).as_tuple().exponent
        if isinstance(exponent, int) and exponent < -places:
            raise ValueError(
                ngettext(
                    "Use at most %(places)s decimal place.",
                    "Use at most %(places)s decimal places.",
                    places,
                )
                % {"places": places}
            )
        return value

    return AfterValidator(check)


Budget = Annotated[Number, Field(le=MAX_BUDGET, json_schema_extra={"minimum": 0}), _amount(2)]
People = Annotated[Number, Field(le=MAX_PEOPLE, json_schema_extra={"minimum": 0}), _amount(1)]
Override = Literal["on_track", "at_risk", "off_track"]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# Periods --------------------------------------------------------------------------------


class PeriodOut(Schema):
    id: int
    name: str
    start: dt.date
    end: dt.date

    @staticmethod
    def build(period: StrategyPeriod) -> PeriodOut:
        return PeriodOut(id=period.pk, name=period.name, start=period.start, end=period.end)


class PeriodIn(Input):
    name: Text
    start: dt.date
    end: dt.date


class PeriodPage(Schema):
    items: list[PeriodOut]
    count: int


# Items ----------------------------------------------------------------------------------


class AcceptanceOut(Schema):
    id: int
    person: str | None = Field(description="The email of the person asked, or null.")
    unit_id: int | None = Field(description="The unit asked (its lead signs off), or null.")
    state: AcceptanceState
    comment: str


class ItemOut(Schema):
    id: int
    section: Section
    position: int = Field(description="The rank within the section, 1 first.")
    title: str
    description: str
    status: Status | None = Field(
        description="The colour: set by hand (`status_override`), else from the linked "
        "objectives or key result, else from the measure's pace. Null for values, "
        "obstacles and omissions whose colour nobody set."
    )
    status_override: Override | None = Field(description="Null: automatic.")
    state: ItemState
    supports_id: int | None = Field(
        description="Methods and plays: the parent document's item this one supports."
    )
    owner: str | None = Field(description="Obstacles: the email of who removes it.")
    method_id: int | None = Field(description="Obstacles: the method it stands in the way of.")
    reason: str = Field(description="Omissions: why we deliberately do not do it.")
    start: float | None
    target: float | None
    current: float | None = Field(
        description="Measures and targets: the live value (the key result's, when fed by one)."
    )
    unit: str = Field(description="The unit the values are counted in, e.g. `%` or `EUR`.")
    key_result_id: int | None = Field(description="The key result that feeds the value.")
    progress: float | None = Field(description="Measures and targets: 0 to 1.")
    objective_ids: list[int] = Field(description="Methods and plays: objectives carrying it.")
    picture_of_success: str
    budget: float | None
    people_needed: float | None = Field(description="Full-time equivalents.")
    resources_note: str
    acceptances: list[AcceptanceOut]
    missing_acceptance: bool = Field(description="A sign-off is missing or declined.")
    missing_resources: bool = Field(description="No budget, people or resources noted.")
    replaced_by_id: int | None
    replaced_reason: str

    @staticmethod
    def build(item: StrategyItem) -> ItemOut:
        """Needs an item from selectors.items_queryset(), passed through annotate()."""
        override = item.status_override or None
        return ItemOut(
            id=item.pk,
            section=Section(item.section),
            position=item.position,
            title=item.title,
            description=item.description,
            status=item.status if item.has_colour else None,  # type: ignore[attr-defined]
            status_override=override,  # type: ignore[arg-type]
            state=ItemState(item.state),
            supports_id=item.supports_id,
            owner=item.owner.email if item.owner is not None else None,
            method_id=item.method_id,
            reason=item.reason,
            start=item.start,
            target=item.target,
            current=item.value,  # type: ignore[attr-defined]
            unit=item.unit_label,
            key_result_id=item.key_result_id,
            progress=item.progress,  # type: ignore[attr-defined]
            objective_ids=[o.pk for o in item.objectives.all()],
            picture_of_success=item.picture_of_success,
            budget=_number(item.budget),
            people_needed=_number(item.people_needed),
            resources_note=item.resources_note,
            acceptances=[
                AcceptanceOut(
                    id=a.pk,
                    person=a.person.email if a.person is not None else None,
                    unit_id=a.unit_id,
                    state=AcceptanceState(a.state),
                    comment=a.comment,
                )
                for a in item.acceptances.all()
            ],
            missing_acceptance=item.missing_acceptance,  # type: ignore[attr-defined]
            missing_resources=item.missing_resources,  # type: ignore[attr-defined]
            replaced_by_id=item.replaced_by_id,
            replaced_reason=item.replaced_reason,
        )


class ItemBody(Input):
    """The fields of a new item (which of them a section has: see the description)."""

    title: Text
    description: Text = ""
    supports_id: Id | None = Field(
        default=None,
        description="Methods and plays: an item of the document this one derives from.",
    )
    owner: Email | None = Field(default=None, description="Obstacles: the owner's email.")
    method_id: Id | None = Field(
        default=None, description="Obstacles: a method of the same document."
    )
    reason: Text = Field(default="", description="Omissions only.")
    start: Number | None = Field(default=None, description="Measures and targets.")
    target: Number | None = Field(default=None, description="Measures and targets.")
    current: Number | None = Field(
        default=None, description="Measures and targets not fed by a key result."
    )
    unit: Text = Field(default="", description="Measures and targets: e.g. `%` or `EUR`.")
    key_result_id: Id | None = Field(
        default=None, description="Measures and targets: the key result that feeds it."
    )
    objective_ids: list[Id] = Field(
        default_factory=list, max_length=100, description="Methods and plays."
    )
    picture_of_success: Text = Field(default="", description="Methods and plays.")
    budget: Budget | None = Field(default=None, description="Methods and plays.")
    people_needed: People | None = Field(
        default=None, description="Methods and plays: full-time equivalents."
    )
    resources_note: Text = Field(default="", description="Methods and plays.")
    status_override: Override | None = Field(
        default=None, description="Set the colour by hand; null: automatic."
    )


class ItemIn(ItemBody):
    """A new item. Values, methods, obstacles and measures belong to a V2MOM; plays,
    omissions and targets to an MSPOT. Measures and targets need `start` and `target`
    unless a key result feeds them."""

    section: Section


class ItemPatch(Input):
    title: Text = LEFT_OUT
    description: Text = LEFT_OUT
    supports_id: Id | None = None
    owner: Email | None = None
    method_id: Id | None = None
    reason: Text = LEFT_OUT
    start: Number | None = None
    target: Number | None = None
    current: Number | None = None
    unit: Text = LEFT_OUT
    key_result_id: Id | None = None
    objective_ids: list[Id] = Field(
        default=LEFT_OUT, max_length=100, description="Replaces all; `[]` removes them."
    )
    picture_of_success: Text = LEFT_OUT
    budget: Budget | None = None
    people_needed: People | None = None
    resources_note: Text = LEFT_OUT
    status_override: Override | None = None


class ReplaceIn(Input):
    """Why the item is replaced, and the new item (same section; it takes the rank)."""

    reason: Text = Field(description="Why the old item became unreachable.")
    item: ItemBody


class MoveIn(Input):
    position: Annotated[int, Field(strict=True, ge=1, le=MAX_ID)] = Field(
        description="The new rank in the section, 1 first; past the end means last."
    )


# Documents ------------------------------------------------------------------------------


class StatusCounts(Schema):
    not_started: int
    on_track: int
    at_risk: int
    off_track: int


class DocumentOut(Schema):
    id: int
    period_id: int
    framework: Framework
    unit_id: int | None = Field(description="Null for a personal document.")
    person: str | None = Field(description="A personal document's person (email), else null.")
    holder: str = Field(description="The unit's or the person's name.")
    parent_id: int | None = Field(description="The document one level up it derives from.")
    renewed_from_id: int | None = Field(description="Last period's document it renews.")
    statement: str = Field(description="The vision (V2MOM) or mission (MSPOT).")
    strategy: str = Field(description="MSPOT only.")
    version: int = Field(description="The number of the latest version.")
    updated_at: dt.datetime
    status_counts: StatusCounts = Field(description="Active items per colour.")
    items: list[ItemOut] = Field(
        description="By section in the framework's order, each ranked; replaced items "
        "after the active ones of their section."
    )

    @staticmethod
    def build(document: StrategyDocument, items: list[StrategyItem]) -> DocumentOut:
        counts = selectors.status_counts(items)
        return DocumentOut(
            id=document.pk,
            period_id=document.period_id,
            framework=Framework(document.framework),
            unit_id=document.unit_id,
            person=document.person.email if document.person is not None else None,
            holder=document.holder_name,
            parent_id=document.parent_id,
            renewed_from_id=document.renewed_from_id,
            statement=document.statement,
            strategy=document.strategy,
            version=document.version,
            updated_at=document.updated_at,
            status_counts=StatusCounts(**counts),
            items=[ItemOut.build(item) for item in items],
        )


class DocumentIn(Input):
    period_id: Id
    framework: Framework
    unit_id: Id | None = Field(default=None, description="For a unit's document.")
    person: Email | None = Field(
        default=None, description="For a personal document: the person's email."
    )
    statement: Text = Field(default="", description="The vision (V2MOM) or mission (MSPOT).")
    strategy: Text = Field(default="", description="MSPOT only.")
    items: list[ItemIn] = Field(default_factory=list, max_length=500)


class DocumentPatch(Input):
    statement: Text = LEFT_OUT
    strategy: Text = Field(default=LEFT_OUT, description="MSPOT only.")


class DocumentFilters(Input):
    period_id: QueryId | None = Field(default=None, description="Only this period's.")
    framework: Framework | None = None
    unit_id: QueryId | None = Field(default=None, description="Only this unit's.")
    person: Email | None = Field(default=None, description="Only this person's (email).")


class DocumentPage(Schema):
    items: list[DocumentOut]
    count: int


class RenewIn(Input):
    period_id: Id = Field(description="The period to renew into.")
    item_ids: list[Id] = Field(
        default_factory=list, max_length=1000, description="Active items to carry over."
    )
    measures_from_current: bool = Field(
        default=True,
        strict=True,
        description="Carried measures start from the value they reached (else from their "
        "old start).",
    )


# Versions -------------------------------------------------------------------------------


class VersionOut(Schema):
    number: int
    created_at: dt.datetime
    author: str | None = Field(description="The author's email.")
    change: dict[str, Any] = Field(
        description='What changed, as data: e.g. `{"verb": "item_added", "section": '
        '"methods", "title": "…"}`.'
    )
    meeting_id: int | None = Field(description="The meeting the change was made in.")

    @staticmethod
    def fields_of(version: DocumentVersion) -> dict[str, Any]:
        return {
            "number": version.number,
            "created_at": version.created_at,
            "author": version.author.email if version.author is not None else None,
            "change": version.change or {},
            "meeting_id": version.meeting_id,
        }


class VersionDetail(VersionOut):
    snapshot: dict[str, Any] = Field(
        description="The whole document as it was (references to other items, people "
        "and key results by name)."
    )


class VersionPage(Schema):
    items: list[VersionOut]
    count: int


class DiffParams(Input):
    a: QueryId = Field(description="The older version's number.")
    b: QueryId = Field(description="The newer version's number.")


class PieceOut(Schema):
    op: Literal["equal", "insert", "delete"]
    text: str


class FieldChangeOut(Schema):
    field: str = Field(description="The field as the snapshot names it.")
    before: Any
    after: Any
    pieces: list[PieceOut] = Field(description="Word by word, for texts.")

    @staticmethod
    def build(change: FieldChange) -> FieldChangeOut:
        return FieldChangeOut(
            field=change.field,
            before=change.before,
            after=change.after,
            pieces=[PieceOut(op=p.op, text=p.text) for p in change.pieces],  # type: ignore[arg-type]
        )


class ItemChangeOut(Schema):
    kind: Literal["added", "removed", "changed"]
    section: str
    title: str
    position_before: int | None
    position_after: int | None
    moved: bool
    fields: list[FieldChangeOut]

    @staticmethod
    def build(change: ItemChange) -> ItemChangeOut:
        return ItemChangeOut(
            kind=change.kind,  # type: ignore[arg-type]
            section=change.section,
            title=change.title,
            position_before=change.position_before,
            position_after=change.position_after,
            moved=change.moved,
            fields=[FieldChangeOut.build(f) for f in change.fields],
        )


class DiffOut(Schema):
    a: int
    b: int
    texts: list[FieldChangeOut]
    items: list[ItemChangeOut]

    @staticmethod
    def build(a: int, b: int, diff: DocumentDiff) -> DiffOut:
        return DiffOut(
            a=a,
            b=b,
            texts=[FieldChangeOut.build(t) for t in diff.texts],
            items=[ItemChangeOut.build(i) for i in diff.items],
        )
