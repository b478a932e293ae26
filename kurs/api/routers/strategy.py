"""Strategy periods and documents (V2MOM and MSPOT) with their items nested.

Reads go through kurs.strategy.selectors (visibility, colours, live values), writes
through kurs.strategy.actions. The actions name fields as the models do (`supports`,
`items[2].unit_label`); `_action_errors` answers with the names this API uses
(`supports_id`, `items.2.unit`), the same a schema error would carry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from kurs.api.auth import actor
from kurs.api.errors import error_response
from kurs.api.lookups import find_person, find_unit, get_or_404, only_set, page
from kurs.api.schemas import READ_ERRORS, WRITE_ERRORS, PageParams
from kurs.api.schemas_strategy import (
    DiffOut,
    DiffParams,
    DocumentFilters,
    DocumentIn,
    DocumentOut,
    DocumentPage,
    DocumentPatch,
    ItemBody,
    ItemIn,
    ItemOut,
    ItemPatch,
    MoveIn,
    PeriodIn,
    PeriodOut,
    PeriodPage,
    RenewIn,
    ReplaceIn,
    VersionDetail,
    VersionOut,
    VersionPage,
)
from kurs.goals.models import KeyResult, Objective
from kurs.orgs.models import User
from kurs.strategy import actions, selectors
from kurs.strategy.diff import diff_snapshots
from kurs.strategy.models import (
    CARRYING_SECTIONS,
    MEASURABLE_SECTIONS,
    DocumentVersion,
    Framework,
    ItemState,
    Section,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)

router = Router(tags=["strategy documents"])

P = ParamSpec("P")
R = TypeVar("R")

# Model field name -> API field name, where they differ.
_API_NAMES = {
    "period": "period_id",
    "unit": "unit_id",
    "parent": "parent_id",
    "supports": "supports_id",
    "method": "method_id",
    "key_result": "key_result_id",
    "objectives": "objective_ids",
    "unit_label": "unit",
}
_MODEL_NAMES = {
    "supports_id": "supports",
    "method_id": "method",
    "key_result_id": "key_result",
    "objective_ids": "objectives",
    "unit": "unit_label",
}
# "items[2].title" (the actions' prefix for the items of a new document) or "item.title".
_NESTED = re.compile(r"^(items)\[(\d+)\]\.?(.*)$|^(item)\.(.*)$")


def api_field(name: str) -> str | None:
    """The API's name for a field an action or a lookup reported an error on."""
    if name == NON_FIELD_ERRORS:
        return None
    match = _NESTED.match(name)
    if match is None:
        return _API_NAMES.get(name, name)
    if match.group(1):
        prefix, rest = f"items.{match.group(2)}", match.group(3)
    else:
        prefix, rest = "item", match.group(5)
    return f"{prefix}.{_API_NAMES.get(rest, rest)}" if rest else prefix


def _action_errors(view: Callable[P, R]) -> Callable[P, R | JsonResponse]:
    """Answer a ValidationError with the API's field names (422, nothing was written)."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | JsonResponse:
        try:
            return view(*args, **kwargs)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return error_response(422, [(None, m) for m in error.messages])
            return error_response(
                422,
                [
                    (api_field(name), message)
                    for name, messages in error.message_dict.items()
                    for message in messages
                ],
            )

    return wrapper


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return ValidationError({prefix.rstrip("."): error.messages})
    return ValidationError({f"{prefix}{k}": v for k, v in error.message_dict.items()})


# Reading --------------------------------------------------------------------------------


def documents(user: User) -> QuerySet[StrategyDocument]:
    # The period's organization gives annotate() the colour thresholds without a query.
    queryset: QuerySet[StrategyDocument] = selectors.documents(user).select_related(
        "period__organization"
    )
    return queryset


def _ordered(document: StrategyDocument, items: list[StrategyItem]) -> list[StrategyItem]:
    """By section in the framework's order; ranked; replaced ones after the active ones."""
    order = {code: index for index, code in enumerate(document.sections)}
    mine = [i for i in items if i.section in order]
    return sorted(mine, key=lambda i: (order[i.section], not i.is_active, i.position, i.pk))


def _items_of(docs: list[StrategyDocument]) -> dict[int, list[StrategyItem]]:
    """The annotated items of each document, in a fixed number of queries."""
    if not docs:
        return {}
    items = list(selectors.items_queryset().filter(document__in=[d.pk for d in docs]))
    periods = {d.period_id: d.period for d in docs}
    period_of = {d.pk: d.period_id for d in docs}
    by_period: dict[int, list[StrategyItem]] = {}
    for item in items:
        by_period.setdefault(period_of[item.document_id], []).append(item)
    for period_id, of_period in by_period.items():
        selectors.annotate(of_period, periods[period_id])
    by_document: dict[int, list[StrategyItem]] = {d.pk: [] for d in docs}
    for item in items:
        by_document[item.document_id].append(item)
    return {d.pk: _ordered(d, by_document[d.pk]) for d in docs}


def _document_out(user: User, pk: int) -> DocumentOut:
    document = get_or_404(documents(user), pk)
    return DocumentOut.build(document, _items_of([document])[document.pk])


def _item_out(document: StrategyDocument, pk: int) -> ItemOut:
    item = get_or_404(selectors.items_queryset().filter(document=document), pk)
    item.document = document
    selectors.annotate([item], document.period)
    return ItemOut.build(item)


def _item(user: User, document_id: int, item_id: int) -> tuple[StrategyDocument, StrategyItem]:
    document = get_or_404(documents(user), document_id)
    item = get_or_404(StrategyItem.objects.filter(document=document), item_id)
    item.document = document
    return document, item


# Turning item bodies into the actions' arguments ------------------------------------------


def _allowed(section: str) -> set[str]:
    allowed = set(actions.SECTION_FIELDS.get(section, [])) | {"status_override"}
    if section in MEASURABLE_SECTIONS:
        allowed.add("key_result")
    if section in CARRYING_SECTIONS:
        allowed.add("objectives")
    return allowed


def _item_fields(
    user: User,
    body: Schema,
    *,
    section: str,
    current_key_result: int | None = None,
) -> dict[str, Any]:
    """The action's keyword arguments for the fields the body sets, with ids resolved
    within the user's organization; errors keyed by the model's field names."""
    sent = {name: getattr(body, name) for name in body.model_fields_set if name != "section"}
    errors: dict[str, str] = {}
    fields: dict[str, Any] = {}
    allowed = _allowed(section)
    label = Section(section).label if section in Section.values else section
    for api_name, value in sent.items():
        name = _MODEL_NAMES.get(api_name, api_name)
        if name not in allowed:
            if value not in (None, "", []):
                errors[name] = _("Items of the section “%(section)s” have no such field.") % {
                    "section": label
                }
            continue
        if name in ("budget", "people_needed"):
            fields[name] = None if value is None else Decimal(str(value))
        elif name == "status_override":
            fields[name] = value or ""
        elif name in ("supports", "method"):
            fields[name] = None
            if value is not None:
                fields[name] = StrategyItem.objects.visible_to(user).filter(pk=value).first()
                if fields[name] is None:
                    errors[name] = (
                        _("Choose a method or play of the document this one derives from.")
                        if name == "supports"
                        else _("Choose one of this document's methods.")
                    )
        elif name == "owner":
            fields[name] = None
            if value is not None:
                try:
                    fields[name] = find_person(user, value, field="owner")
                except ValidationError:
                    errors[name] = _("Choose an active person of your organization.")
        elif name == "key_result":
            fields[name] = None
            if value is not None:
                fields[name] = (
                    KeyResult.objects.visible_to(user)
                    .select_related("objective")
                    .filter(pk=value)
                    .first()
                )
                if fields[name] is None:
                    errors[name] = _("Choose a key result of your organization.")
        elif name == "objectives":
            wanted = set(value)
            found = list(Objective.objects.visible_to(user).filter(pk__in=wanted))
            if len(found) != len(wanted):
                errors[name] = _("Choose objectives of your organization.")
            fields[name] = found
        else:
            fields[name] = value
    fed = sent.get("key_result_id", current_key_result) is not None
    if fed and sent.get("current") is not None and section in MEASURABLE_SECTIONS:
        errors.setdefault("current", _("This value follows its key result; check in there."))
    if errors:
        raise ValidationError(errors)
    return fields


def _new_item_fields(user: User, body: ItemIn) -> dict[str, Any]:
    return {"section": body.section.value, **_item_fields(user, body, section=body.section)}


# Periods --------------------------------------------------------------------------------


@router.get(
    "/strategy-periods",
    response={200: PeriodPage, **READ_ERRORS},
    summary="List strategy periods",
    tags=["strategy periods"],
)
def list_strategy_periods(request: HttpRequest, pagination: Query[PageParams]) -> PeriodPage:
    """The newest period first."""
    queryset = StrategyPeriod.objects.visible_to(actor(request)).order_by("-start", "name", "pk")
    items, count = page(queryset, pagination)
    return PeriodPage(items=[PeriodOut.build(p) for p in items], count=count)


@router.post(
    "/strategy-periods",
    response={201: PeriodOut, **WRITE_ERRORS},
    summary="Create a strategy period",
    tags=["strategy periods"],
)
@_action_errors
def create_strategy_period(request: HttpRequest, payload: PeriodIn) -> Status[PeriodOut]:
    """Org admins only. Usually a year; at most five."""
    period = actions.do_create_period(
        actor(request), name=payload.name, start=payload.start, end=payload.end
    )
    return Status(201, PeriodOut.build(period))


# Documents ------------------------------------------------------------------------------


@router.get(
    "/strategy-documents",
    response={200: DocumentPage, **READ_ERRORS},
    summary="List strategy documents",
)
def list_strategy_documents(
    request: HttpRequest, filters: Query[DocumentFilters], pagination: Query[PageParams]
) -> DocumentPage:
    """Newest period first, then by framework, from the company down to personal
    documents; each with its items."""
    queryset = documents(actor(request)).order_by(
        "-period__start", "period_id", "framework", F("unit__depth").asc(nulls_last=True), "pk"
    )
    if filters.period_id is not None:
        queryset = queryset.filter(period_id=filters.period_id)
    if filters.framework is not None:
        queryset = queryset.filter(framework=filters.framework)
    if filters.unit_id is not None:
        queryset = queryset.filter(unit_id=filters.unit_id)
    if filters.person is not None:
        queryset = queryset.filter(person__email=filters.person.strip().lower())
    docs, count = page(queryset, pagination)
    items = _items_of(docs)
    return DocumentPage(items=[DocumentOut.build(d, items[d.pk]) for d in docs], count=count)


@router.post(
    "/strategy-documents",
    response={201: DocumentOut, **WRITE_ERRORS},
    summary="Create a strategy document",
)
@_action_errors
def create_strategy_document(request: HttpRequest, payload: DocumentIn) -> Status[DocumentOut]:
    """For a unit (`unit_id`, its lead or an admin) or a person (`person`, themselves or
    an admin). It derives from the nearest document above it automatically, so a
    method's `supports_id` may name an item of that document. All or nothing: an
    error in any item (e.g. `items.2.title`) writes nothing."""
    user = actor(request)
    period = StrategyPeriod.objects.visible_to(user).filter(pk=payload.period_id).first()
    if period is None:
        raise ValidationError({"period": _("Choose a strategy period of your organization.")})
    if payload.framework != Framework.MSPOT and payload.strategy.strip():
        raise ValidationError({"strategy": _("Only an MSPOT has a strategy text.")})
    unit = find_unit(user, payload.unit_id, field="unit") if payload.unit_id else None
    person = find_person(user, payload.person, field="person") if payload.person else None
    errors: dict[str, Any] = {}
    items = []
    for index, body in enumerate(payload.items):
        try:
            items.append(_new_item_fields(user, body))
        except ValidationError as error:
            errors.update(_prefixed(error, f"items[{index}].").message_dict)
    if errors:
        raise ValidationError(errors)
    document = actions.do_create_document(
        user,
        period=period,
        framework=payload.framework.value,
        unit=unit,
        person=person,
        statement=payload.statement,
        strategy=payload.strategy,
        items=items,
    )
    return Status(201, _document_out(user, document.pk))


@router.get(
    "/strategy-documents/{document_id}",
    response={200: DocumentOut, **READ_ERRORS},
    summary="Get a strategy document",
)
def get_strategy_document(request: HttpRequest, document_id: int) -> DocumentOut:
    return _document_out(actor(request), document_id)


@router.patch(
    "/strategy-documents/{document_id}",
    response={200: DocumentOut, **WRITE_ERRORS},
    summary="Change a document's texts",
)
@_action_errors
def update_strategy_document(
    request: HttpRequest, document_id: int, payload: DocumentPatch
) -> DocumentOut:
    """The vision or mission, and an MSPOT's strategy; items have their own operations."""
    user = actor(request)
    document = get_or_404(documents(user), document_id)
    fields = only_set(payload)
    strategy = fields.get("strategy", document.strategy)
    if document.framework != Framework.MSPOT and strategy.strip():
        raise ValidationError({"strategy": _("Only an MSPOT has a strategy text.")})
    actions.do_update_document(
        user,
        document,
        statement=fields.get("statement", document.statement),
        strategy=strategy,
    )
    return _document_out(user, document_id)


@router.delete(
    "/strategy-documents/{document_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a strategy document",
)
def delete_strategy_document(request: HttpRequest, document_id: int) -> Status[None]:
    """With its items and history; the documents below then derive from the next one up."""
    user = actor(request)
    actions.do_delete_document(user, get_or_404(documents(user), document_id))
    return Status(204, None)


@router.post(
    "/strategy-documents/{document_id}/renew",
    response={201: DocumentOut, **WRITE_ERRORS},
    summary="Renew a document into another period",
)
@_action_errors
def renew_strategy_document(
    request: HttpRequest, document_id: int, payload: RenewIn
) -> Status[DocumentOut]:
    """Starts the next period's document with the same texts and the chosen items;
    links to objectives, key results and sign-offs stay with the old period."""
    user = actor(request)
    document = get_or_404(documents(user), document_id)
    period = StrategyPeriod.objects.visible_to(user).filter(pk=payload.period_id).first()
    if period is None:
        raise ValidationError({"period": _("Choose a strategy period of your organization.")})
    active = set(
        StrategyItem.objects.filter(document=document, state=ItemState.ACTIVE).values_list(
            "pk", flat=True
        )
    )
    if not set(payload.item_ids) <= active:
        raise ValidationError({"item_ids": _("Choose active items of this document.")})
    try:
        new = actions.do_renew_document(
            user,
            document,
            period=period,
            item_ids=payload.item_ids,
            measures_from_current=payload.measures_from_current,
        )
    except ValidationError as error:
        # "Marketing has a V2MOM for 2027 already" is about the period chosen here.
        if hasattr(error, "error_dict") and set(error.message_dict) & {"unit", "person"}:
            raise ValidationError({"period": error.messages}) from error
        raise
    return Status(201, _document_out(user, new.pk))


# Items ----------------------------------------------------------------------------------


@router.post(
    "/strategy-documents/{document_id}/items",
    response={201: ItemOut, **WRITE_ERRORS},
    summary="Add an item",
    tags=["strategy items"],
)
@_action_errors
def create_strategy_item(
    request: HttpRequest, document_id: int, payload: ItemIn
) -> Status[ItemOut]:
    """It goes to the end of its section; move it to rank it."""
    user = actor(request)
    document = get_or_404(documents(user), document_id)
    fields = _new_item_fields(user, payload)
    item = actions.do_add_item(user, document, **fields)
    return Status(201, _item_out(document, item.pk))


@router.get(
    "/strategy-documents/{document_id}/items/{item_id}",
    response={200: ItemOut, **READ_ERRORS},
    summary="Get an item",
    tags=["strategy items"],
)
def get_strategy_item(request: HttpRequest, document_id: int, item_id: int) -> ItemOut:
    document = get_or_404(documents(actor(request)), document_id)
    return _item_out(document, item_id)


@router.patch(
    "/strategy-documents/{document_id}/items/{item_id}",
    response={200: ItemOut, **WRITE_ERRORS},
    summary="Change an item",
    tags=["strategy items"],
)
@_action_errors
def update_strategy_item(
    request: HttpRequest, document_id: int, item_id: int, payload: ItemPatch
) -> ItemOut:
    """Send only the fields to change; `null` clears a reference, number or colour."""
    user = actor(request)
    document, item = _item(user, document_id, item_id)
    fields = _item_fields(
        user, payload, section=item.section, current_key_result=item.key_result_id
    )
    actions.do_update_item(user, item, **fields)
    return _item_out(document, item_id)


@router.delete(
    "/strategy-documents/{document_id}/items/{item_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete an item",
    tags=["strategy items"],
)
def delete_strategy_item(request: HttpRequest, document_id: int, item_id: int) -> Status[None]:
    """For items entered by mistake; replace a goal that became unreachable instead."""
    user = actor(request)
    _document, item = _item(user, document_id, item_id)
    actions.do_delete_item(user, item)
    return Status(204, None)


@router.post(
    "/strategy-documents/{document_id}/items/{item_id}/replace",
    response={201: ItemOut, **WRITE_ERRORS},
    summary="Replace an item",
    tags=["strategy items"],
)
@_action_errors
def replace_strategy_item(
    request: HttpRequest, document_id: int, item_id: int, payload: ReplaceIn
) -> Status[ItemOut]:
    """The new item (same section) takes the old one's rank; the old one stays in the
    document as `replaced`, with the reason and `replaced_by_id`."""
    user = actor(request)
    document, item = _item(user, document_id, item_id)
    body: ItemBody = payload.item
    try:
        fields = _item_fields(user, body, section=item.section)
    except ValidationError as error:
        raise _prefixed(error, "item.") from error
    try:
        new = actions.do_replace_item(user, item, reason=payload.reason, new=fields)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        # "reason" is why the old item goes; everything else is about the new item.
        raise ValidationError(
            {(k if k == "reason" else f"item.{k}"): v for k, v in error.message_dict.items()}
        ) from error
    return Status(201, _item_out(document, new.pk))


@router.post(
    "/strategy-documents/{document_id}/items/{item_id}/move",
    response={200: ItemOut, **WRITE_ERRORS},
    summary="Rank an item",
    tags=["strategy items"],
)
@_action_errors
def move_strategy_item(
    request: HttpRequest, document_id: int, item_id: int, payload: MoveIn
) -> ItemOut:
    """The others in its section close up around it."""
    user = actor(request)
    document, item = _item(user, document_id, item_id)
    actions.do_move_item(user, item, payload.position)
    return _item_out(document, item_id)


# Versions -------------------------------------------------------------------------------


@router.get(
    "/strategy-documents/{document_id}/versions",
    response={200: VersionPage, **READ_ERRORS},
    summary="List a document's versions",
    tags=["strategy versions"],
)
def list_strategy_versions(
    request: HttpRequest, document_id: int, pagination: Query[PageParams]
) -> VersionPage:
    """The newest first; every change to the document made one."""
    document = get_or_404(documents(actor(request)), document_id)
    queryset = (
        DocumentVersion.objects.filter(document=document)
        .select_related("author")
        .defer("snapshot")
        .order_by("-number")
    )
    items, count = page(queryset, pagination)
    return VersionPage(items=[VersionOut(**VersionOut.fields_of(v)) for v in items], count=count)


@router.get(
    "/strategy-documents/{document_id}/versions/{number}",
    response={200: VersionDetail, **READ_ERRORS},
    summary="Get a version",
    tags=["strategy versions"],
)
def get_strategy_version(request: HttpRequest, document_id: int, number: int) -> VersionDetail:
    document = get_or_404(documents(actor(request)), document_id)
    versions = DocumentVersion.objects.filter(document=document).select_related("author")
    version = versions.filter(number=number).first() if 1 <= number <= 2**31 else None
    if version is None:
        raise Http404
    return VersionDetail(**VersionOut.fields_of(version), snapshot=version.snapshot)


@router.get(
    "/strategy-documents/{document_id}/diff",
    response={200: DiffOut, **READ_ERRORS},
    summary="Compare two versions",
    tags=["strategy versions"],
)
@_action_errors
def diff_strategy_versions(
    request: HttpRequest, document_id: int, params: Query[DiffParams]
) -> DiffOut:
    """What changed from version `a` to version `b`: the texts word by word, the items
    matched by id (added, removed, changed fields, moved)."""
    document = get_or_404(documents(actor(request)), document_id)
    snapshots = dict(
        DocumentVersion.objects.filter(
            document=document, number__in=[params.a, params.b]
        ).values_list("number", "snapshot")
    )
    errors = {
        name: _("This document has no version %(number)s.") % {"number": number}
        for name, number in (("a", params.a), ("b", params.b))
        if number not in snapshots
    }
    if errors:
        raise ValidationError(errors)
    diff = diff_snapshots(snapshots[params.a], snapshots[params.b])
    return DiffOut.build(params.a, params.b, diff)
