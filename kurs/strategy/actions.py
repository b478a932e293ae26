"""Every write to strategy periods, documents, items, acceptances and meetings.

Like kurs.goals.actions: each function runs in one transaction, checks permission
(kurs.orgs.permissions), validates (ValidationError keyed by field, in the user's
language) and, for documents, writes a new DocumentVersion with a full snapshot so
that the history can show and compare every state the document was in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kurs.goals.models import Objective
from kurs.orgs.models import (
    Membership,
    MembershipRole,
    Organization,
    StrategyFrameworks,
    Unit,
    User,
)
from kurs.orgs.permissions import (
    can_create_document,
    can_decide_acceptance,
    can_edit_document,
    can_edit_objective,
    can_manage_organization,
    can_write,
    require,
)
from kurs.strategy.models import (
    CARRYING_SECTIONS,
    MEASURABLE_SECTIONS,
    Acceptance,
    AcceptanceState,
    DocumentVersion,
    Framework,
    ItemState,
    Meeting,
    Section,
    StatusOverride,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)

# Which fields each section's items have (besides status_override, always there).
START_AT_THE_END = ["picture_of_success", "budget", "people_needed", "resources_note"]
SECTION_FIELDS: dict[str, list[str]] = {
    Section.VALUES: ["title", "description"],
    Section.METHODS: ["title", "description", "supports", *START_AT_THE_END],
    Section.PLAYS: ["title", "description", "supports", *START_AT_THE_END],
    Section.OBSTACLES: ["title", "description", "owner", "method"],
    Section.MEASURES: ["title", "description", "start", "target", "current", "unit_label"],
    Section.TARGETS: ["title", "description", "start", "target", "current", "unit_label"],
    Section.OMISSIONS: ["title", "reason"],
}
# Fields an item form or the API may set; key_result and status_override on top.
ITEM_FIELDS = [
    *sorted({f for fields in SECTION_FIELDS.values() for f in fields}),
    "key_result",
    "status_override",
]


# Snapshots and versions ------------------------------------------------------------


def decimal_text(value: Decimal | None) -> str | None:
    """A stored amount as plain text without trailing zeros: "150000", "1.5"."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def _number(value: Any) -> Any:
    return decimal_text(value) if isinstance(value, Decimal) else value


def _item_snapshot(item: StrategyItem) -> dict[str, Any]:
    supports = item.supports
    return {
        "id": item.pk,
        "section": item.section,
        "position": item.position,
        "title": item.title,
        "description": item.description,
        "state": item.state,
        "status_override": item.status_override,
        "owner": str(item.owner) if item.owner_id else None,
        "method": item.method.title if item.method_id and item.method else None,
        "supports": supports.title if supports is not None else None,
        "reason": item.reason,
        "start": item.start,
        "target": item.target,
        "current": item.current,
        "unit_label": item.unit_label,
        "key_result": item.key_result.title if item.key_result_id and item.key_result else None,
        "objectives": sorted(o.title for o in item.objectives.all()),
        "picture_of_success": item.picture_of_success,
        "budget": _number(item.budget),
        "people_needed": _number(item.people_needed),
        "resources_note": item.resources_note,
        "acceptances": [f"{a.party_name}: {a.state}" for a in item.acceptances.all()],
        "replaced_reason": item.replaced_reason,
    }


def snapshot(document: StrategyDocument) -> dict[str, Any]:
    """Everything a reader sees of the document, as JSON-friendly data."""
    items = (
        StrategyItem.objects.filter(document=document)
        .select_related("owner", "method", "supports", "key_result")
        .prefetch_related(
            "objectives",
            Prefetch("acceptances", queryset=Acceptance.objects.select_related("person", "unit")),
        )
        .order_by("section", "position", "pk")
    )
    return {
        "framework": document.framework,
        "statement": document.statement,
        "strategy": document.strategy,
        "items": [_item_snapshot(item) for item in items],
    }


def _save_version(
    actor: User | None,
    document: StrategyDocument,
    change: dict[str, Any],
    *,
    meeting: Meeting | None = None,
) -> DocumentVersion:
    # The row lock makes concurrent edits take turns, so version numbers never clash.
    locked = StrategyDocument.objects.select_for_update().get(pk=document.pk)
    number = locked.version + 1
    now = timezone.now()
    StrategyDocument.objects.filter(pk=document.pk).update(version=number, updated_at=now)
    document.version, document.updated_at = number, now
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        snapshot=snapshot(document),
        change=change,
        author=actor,
        meeting=meeting,
        created_at=now,
    )


# Frameworks and periods ---------------------------------------------------------------


@transaction.atomic
def do_set_frameworks(actor: User, organization: Organization, frameworks: str) -> Organization:
    require(can_manage_organization(actor) and actor.organization_id == organization.pk)
    if frameworks not in StrategyFrameworks.values:
        raise ValidationError({"strategy_frameworks": _("Choose V2MOM, MSPOT or both.")})
    organization.strategy_frameworks = frameworks
    organization.save(update_fields=["strategy_frameworks"])
    return organization


def _check_period_name_free(period: StrategyPeriod) -> None:
    others = StrategyPeriod.objects.filter(organization_id=period.organization_id, name=period.name)
    if others.exclude(pk=period.pk).exists():
        raise ValidationError({"name": _("A strategy period with this name exists already.")})
    if period.start and period.end and period.end > period.start:
        overlap = (
            StrategyPeriod.objects.filter(
                organization_id=period.organization_id,
                start__lte=period.end,
                end__gte=period.start,
            )
            .exclude(pk=period.pk)
            .first()
        )
        if overlap is not None:
            # One strategy per point in time: the cascade and renewal pick periods by date.
            raise ValidationError(
                {
                    "start": _("This period overlaps %(other)s (%(start)s – %(end)s).")
                    % {
                        "other": overlap.name,
                        "start": formats.date_format(overlap.start, "SHORT_DATE_FORMAT"),
                        "end": formats.date_format(overlap.end, "SHORT_DATE_FORMAT"),
                    }
                }
            )


@transaction.atomic
def do_create_period(actor: User, *, name: str, start: dt.date, end: dt.date) -> StrategyPeriod:
    require(can_manage_organization(actor))
    period = StrategyPeriod(organization_id=actor.org_id, name=name.strip(), start=start, end=end)
    _check_period_name_free(period)
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def do_update_period(
    actor: User, period: StrategyPeriod, *, name: str, start: dt.date, end: dt.date
) -> StrategyPeriod:
    require(can_manage_organization(actor) and actor.organization_id == period.organization_id)
    period.name, period.start, period.end = name.strip(), start, end
    _check_period_name_free(period)
    period.full_clean()
    period.save()
    return period


# Documents ----------------------------------------------------------------------------


def relink_organization(organization_id: int) -> None:
    """Relink every document of the organization: after units move or people change units."""
    pairs = (
        StrategyDocument.objects.filter(organization_id=organization_id)
        .values_list("period_id", "framework")
        .distinct()
    )
    periods = {p.pk: p for p in StrategyPeriod.objects.filter(organization_id=organization_id)}
    for period_id, framework in sorted(set(pairs)):
        relink_documents(periods[period_id], framework)


def relink_documents(period: StrategyPeriod, framework: str) -> None:
    """Point every document of the period at the nearest document above it.

    A unit's document derives from the nearest unit above with a document; a personal
    document from the person's units (leads first, the deepest first), each looked up
    like a unit's: its own document, else the nearest one above it. Someone in no unit
    derives from the top unit's document. Called whenever documents appear or
    disappear, so the order of writing them does not matter.
    """
    documents = list(StrategyDocument.objects.filter(period=period, framework=framework))
    if not documents:
        return
    by_unit: dict[int, StrategyDocument] = {
        d.unit_id: d for d in documents if d.unit_id is not None
    }
    units = dict(
        Unit.objects.filter(organization_id=period.organization_id).values_list("pk", "parent_id")
    )
    depth = dict(
        Unit.objects.filter(organization_id=period.organization_id).values_list("pk", "depth")
    )
    person_ids = [d.person_id for d in documents if d.person_id is not None]
    memberships: dict[int, list[tuple[int, bool]]] = {}
    if person_ids:
        for user_id, unit_id, role in Membership.objects.filter(user_id__in=person_ids).values_list(
            "user_id", "unit_id", "role"
        ):
            memberships.setdefault(user_id, []).append((unit_id, role == MembershipRole.LEAD))

    def nearest(unit_id: int | None) -> StrategyDocument | None:
        """The document of this unit or of the nearest unit above it that has one."""
        seen: set[int] = set()
        while unit_id is not None and unit_id not in seen:
            if unit_id in by_unit:
                return by_unit[unit_id]
            seen.add(unit_id)
            unit_id = units.get(unit_id)
        return None

    roots = [pk for pk, parent_id in units.items() if parent_id is None]
    for document in documents:
        parent: StrategyDocument | None = None
        if document.unit_id is not None:
            parent = nearest(units.get(document.unit_id))
        else:
            assert document.person_id is not None
            # A member of a team without a document of its own derives from the
            # department's, so that the person still shows in the cascade.
            memberships_of = memberships.get(document.person_id, [])
            candidates = [
                (is_lead, depth.get(unit_id, 0), unit_id) for unit_id, is_lead in memberships_of
            ]
            for *_rank, unit_id in sorted(candidates, reverse=True):
                parent = nearest(unit_id)
                if parent is not None:
                    break
            if not memberships_of and len(roots) == 1:
                parent = by_unit.get(roots[0])
        parent_id = parent.pk if parent else None
        if document.parent_id != parent_id:
            StrategyDocument.objects.filter(pk=document.pk).update(parent_id=parent_id)
            document.parent_id = parent_id


def _check_holder(
    actor: User, period: StrategyPeriod, framework: str, unit: Unit | None, person: User | None
) -> None:
    if period is None or period.organization_id != actor.organization_id:
        raise ValidationError({"period": _("Choose a strategy period of your organization.")})
    organization = actor.organization
    assert organization is not None
    if framework not in organization.frameworks:
        raise ValidationError(
            {"framework": _("Your organization does not use this framework (see its settings).")}
        )
    if (unit is None) == (person is None):
        raise ValidationError({"unit": _("Choose a unit, or write a personal document.")})
    if unit is not None and unit.organization_id != actor.organization_id:
        raise ValidationError({"unit": _("Choose a unit of your organization.")})
    if person is not None and (
        person.organization_id != actor.organization_id or not person.is_active
    ):
        raise ValidationError({"person": _("Choose an active person of your organization.")})
    require(can_create_document(actor, unit=unit, person=person))
    clash = StrategyDocument.objects.filter(period=period, framework=framework)
    clash = clash.filter(unit=unit) if unit is not None else clash.filter(person=person)
    if clash.exists():
        field = "unit" if unit is not None else "person"
        raise ValidationError(
            {
                field: _("%(holder)s has a %(framework)s for %(period)s already.")
                % {
                    "holder": unit or person,
                    "framework": Framework(framework).label,
                    "period": period,
                }
            }
        )


@transaction.atomic
def do_create_document(
    actor: User,
    *,
    period: StrategyPeriod,
    framework: str,
    unit: Unit | None = None,
    person: User | None = None,
    statement: str = "",
    strategy: str = "",
    items: Sequence[dict[str, Any]] = (),
) -> StrategyDocument:
    """A new document; `items` (dicts with "section" and the item fields) in one go."""
    _check_holder(actor, period, framework, unit, person)
    document = StrategyDocument.objects.create(
        organization_id=actor.org_id,
        period=period,
        framework=framework,
        unit=unit,
        person=person,
        statement=statement.strip(),
        strategy=strategy.strip() if framework == Framework.MSPOT else "",
    )
    relink_documents(period, framework)
    document.refresh_from_db()
    for index, fields in enumerate(items):
        fields = dict(fields)
        section = fields.pop("section", "")
        try:
            _add_item(actor, document, section=section, **fields)
        except ValidationError as error:
            raise _prefix(error, f"items[{index}].") from error
    _save_version(actor, document, {"verb": "created"})
    return document


def _prefix(error: ValidationError, prefix: str) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return ValidationError({prefix.rstrip("."): error.messages})
    return ValidationError({f"{prefix}{k}": v for k, v in error.message_dict.items()})


@transaction.atomic
def do_update_document(
    actor: User, document: StrategyDocument, *, statement: str, strategy: str = ""
) -> StrategyDocument:
    require(can_edit_document(actor, document))
    statement = statement.strip()
    strategy = strategy.strip() if document.framework == Framework.MSPOT else ""
    if (statement, strategy) == (document.statement, document.strategy):
        return document
    document.statement, document.strategy = statement, strategy
    document.save(update_fields=["statement", "strategy"])
    _save_version(actor, document, {"verb": "texts_changed"})
    return document


@transaction.atomic
def do_delete_document(actor: User, document: StrategyDocument) -> None:
    require(can_edit_document(actor, document))
    period, framework = document.period, document.framework
    # Items of documents below that supported this one's items now support nothing.
    document.delete()
    relink_documents(period, framework)


# Items --------------------------------------------------------------------------------


def _decimal(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise ValidationError({field: _("Enter a number.")}) from error
    if not number.is_finite() or number < 0:
        raise ValidationError({field: _("Enter a number of zero or more.")})
    return number


def _float(value: Any, field: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise ValidationError({field: _("Enter a number.")}) from error
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError({field: _("Enter a number.")})
    return number


def _clean_item(item: StrategyItem, fields: dict[str, Any]) -> None:
    """Apply `fields` to `item` (only those its section has) and validate the result."""
    document = item.document
    allowed = set(SECTION_FIELDS.get(item.section, [])) | {"status_override"}
    if item.section in MEASURABLE_SECTIONS:
        allowed.add("key_result")
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Unknown field.")})
    errors: dict[str, str] = {}
    for name, value in fields.items():
        if name not in allowed:
            continue
        if name in ("title", "description", "reason", "unit_label", "picture_of_success"):
            setattr(item, name, (value or "").strip())
        elif name == "resources_note":
            item.resources_note = (value or "").strip()
        elif name in ("start", "target", "current"):
            setattr(item, name, _float(value, name))
        elif name in ("budget", "people_needed"):
            setattr(item, name, _decimal(value, name))
        elif name == "status_override":
            if (value or "") not in StatusOverride.values:
                errors[name] = _("Choose automatic, green, yellow or red.")
            item.status_override = value or ""
        elif name == "owner":
            if value is not None and (
                value.organization_id != document.organization_id or not value.is_active
            ):
                errors[name] = _("Choose an active person of your organization.")
            item.owner = value
        elif name == "method":
            if value is not None and (
                value.document_id != document.pk
                or value.section != Section.METHODS
                or not value.is_active
            ):
                errors[name] = _("Choose one of this document's methods.")
            item.method = value
        elif name == "supports":
            if value is not None and (
                document.parent_id is None
                or value.document_id != document.parent_id
                or value.section not in CARRYING_SECTIONS
                or not value.is_active
            ):
                errors[name] = _("Choose a method or play of the document this one derives from.")
            item.supports = value
        elif name == "key_result":
            if value is not None and value.objective.organization_id != document.organization_id:
                errors[name] = _("Choose a key result of your organization.")
            item.key_result = value
    if not item.title:
        errors.setdefault("title", _("Enter a title."))
    elif len(item.title) > 300:
        errors.setdefault("title", _("Keep the title to 300 characters."))
    if len(item.unit_label) > 40:
        errors.setdefault("unit_label", _("Keep the unit to 40 characters."))
    if item.section in MEASURABLE_SECTIONS and item.key_result_id is None:
        if item.start is None:
            errors.setdefault("start", _("Enter the value you start from."))
        if item.target is None:
            errors.setdefault("target", _("Enter the value you want to reach."))
        if item.start is not None and item.target is not None and item.start == item.target:
            errors.setdefault("target", _("The target must differ from the start value."))
    if errors:
        raise ValidationError(errors)


def _next_position(document: StrategyDocument, section: str) -> int:
    top = StrategyItem.objects.filter(
        document=document, section=section, state=ItemState.ACTIVE
    ).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def _add_item(
    actor: User, document: StrategyDocument, *, section: str, **fields: Any
) -> StrategyItem:
    require(can_edit_document(actor, document))
    if section not in document.sections:
        raise ValidationError(
            {
                "section": _("A %(framework)s has no such section.")
                % {"framework": document.get_framework_display()}
            }
        )
    objectives = fields.pop("objectives", None)
    item = StrategyItem(document=document, section=section)
    _clean_item(item, fields)
    if item.key_result_id is not None:
        _follow_key_result(item)
    elif item.current is not None:
        item.current_updated_at = timezone.now()
    item.position = _next_position(document, section)
    item.save()
    if objectives:
        _set_objectives(item, objectives)
    return item


def _follow_key_result(item: StrategyItem) -> None:
    """A measure fed by a key result takes its values (start and target if not given)."""
    key_result = item.key_result
    assert key_result is not None
    if item.start is None:
        item.start = key_result.start
    if item.target is None:
        item.target = key_result.target
    if not item.unit_label:
        item.unit_label = key_result.unit_label
    item.current = key_result.value
    item.current_updated_at = key_result.last_check_in_at


@transaction.atomic
def do_add_item(
    actor: User, document: StrategyDocument, *, section: str, **fields: Any
) -> StrategyItem:
    item = _add_item(actor, document, section=section, **fields)
    _save_version(actor, document, {"verb": "item_added", "section": section, "title": item.title})
    return item


def _require_active(item: StrategyItem) -> None:
    if not item.is_active:
        raise ValidationError(
            {"item": _("A replaced item stays as it was; change the one that replaced it.")}
        )


@transaction.atomic
def do_update_item(actor: User, item: StrategyItem, **fields: Any) -> StrategyItem:
    document = item.document
    require(can_edit_document(actor, document))
    _require_active(item)
    objectives = fields.pop("objectives", None)
    before_current = item.current
    _clean_item(item, fields)
    if item.key_result_id is not None:
        _follow_key_result(item)
    elif item.current != before_current:
        item.current_updated_at = timezone.now() if item.current is not None else None
    # Only what an edit may change: a stale copy must not undo ranks or states set since.
    item.save(update_fields=[*ITEM_FIELDS, "current_updated_at"])
    if objectives is not None:
        _set_objectives(item, objectives)
    _save_version(
        actor, document, {"verb": "item_changed", "section": item.section, "title": item.title}
    )
    return item


@transaction.atomic
def do_set_current(actor: User, item: StrategyItem, value: float) -> StrategyItem:
    """Update a measure or target by hand (one not fed by a key result)."""
    if item.section not in MEASURABLE_SECTIONS:
        raise ValidationError({"current": _("Only measures and targets have a current value.")})
    if item.key_result_id is not None:
        raise ValidationError({"current": _("This value follows its key result; check in there.")})
    return do_update_item(actor, item, current=value)


def _active_in_section(document: StrategyDocument, section: str) -> list[StrategyItem]:
    return list(
        StrategyItem.objects.filter(
            document=document, section=section, state=ItemState.ACTIVE
        ).order_by("position", "pk")
    )


def _renumber(items: list[StrategyItem]) -> None:
    for rank, item in enumerate(items, start=1):
        if item.position != rank:
            item.position = rank
            StrategyItem.objects.filter(pk=item.pk).update(position=rank)


@transaction.atomic
def do_move_item(actor: User, item: StrategyItem, position: int) -> StrategyItem:
    """Give an item a new rank in its section (1 first); the others close up."""
    document = item.document
    require(can_edit_document(actor, document))
    if not item.is_active:
        raise ValidationError({"position": _("A replaced item keeps its place in history.")})
    try:
        wanted = int(position)
    except (TypeError, ValueError) as error:
        # A rank typed into a form or sent through the API: a field error, not a crash.
        raise ValidationError({"position": _("Enter a whole number.")}) from error
    items = [i for i in _active_in_section(document, item.section) if i.pk != item.pk]
    rank = min(max(1, wanted), len(items) + 1)
    items.insert(rank - 1, item)
    before = item.position
    _renumber(items)
    if item.position != before:
        _save_version(
            actor,
            document,
            {"verb": "item_moved", "section": item.section, "title": item.title, "rank": rank},
        )
    return item


@transaction.atomic
def do_delete_item(actor: User, item: StrategyItem) -> None:
    """Remove an item entered by mistake; goals that became unreachable are replaced."""
    document = item.document
    require(can_edit_document(actor, document))
    _require_active(item)
    section, title = item.section, item.title
    item.delete()
    _renumber(_active_in_section(document, section))
    _save_version(actor, document, {"verb": "item_deleted", "section": section, "title": title})


@transaction.atomic
def do_replace_item(
    actor: User,
    item: StrategyItem,
    *,
    reason: str,
    new: dict[str, Any] | None = None,
    **fields: Any,
) -> StrategyItem:
    """Replace an item that became unreachable: the new one takes its rank, the old one
    stays visible (greyed) with the reason, and in every earlier version.

    `reason` says why the old item goes. The new item's fields come as `new` (which
    may hold an omission's own "reason") or as keywords.
    """
    fields = {**fields, **(new or {})}
    document = item.document
    require(can_edit_document(actor, document))
    if not item.is_active:
        raise ValidationError({"reason": _("This item has been replaced already.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the item is replaced.")})
    rank = item.position
    replacement = _add_item(actor, document, section=item.section, **fields)
    item.state = ItemState.REPLACED
    item.replaced_by = replacement
    item.replaced_reason = reason
    item.replaced_at = timezone.now()
    item.save(update_fields=["state", "replaced_by", "replaced_reason", "replaced_at"])
    # Obstacles in the way of the old method stand in the way of the new one.
    StrategyItem.objects.filter(method=item, state=ItemState.ACTIVE).update(method=replacement)
    items = [i for i in _active_in_section(document, item.section) if i.pk != replacement.pk]
    items.insert(min(rank, len(items) + 1) - 1, replacement)
    _renumber(items)
    replacement.refresh_from_db()
    _save_version(
        actor,
        document,
        {
            "verb": "item_replaced",
            "section": item.section,
            "title": item.title,
            "by": replacement.title,
        },
    )
    return replacement


# Objectives carrying methods and plays ------------------------------------------------


def _set_objectives(item: StrategyItem, objectives: Iterable[Objective]) -> None:
    objectives = list(objectives)
    if objectives and item.section not in CARRYING_SECTIONS:
        raise ValidationError(
            {"objectives": _("Only methods and plays are carried by objectives.")}
        )
    for objective in objectives:
        if objective.organization_id != item.document.organization_id:
            raise ValidationError({"objectives": _("Choose objectives of your organization.")})
        _check_in_period(item, objective, "objectives")
    item.objectives.set(objectives)


def _check_in_period(item: StrategyItem, objective: Objective, field: str) -> None:
    """An objective carries a method of the strategy period its cycle falls into."""
    period, cycle = item.document.period, objective.cycle
    if cycle.start > period.end or cycle.end < period.start:
        raise ValidationError(
            {
                field: _("“%(objective)s” belongs to %(cycle)s, outside %(period)s.")
                % {"objective": objective.title, "cycle": cycle, "period": period}
            }
        )


def _may_link(actor: User, item: StrategyItem, objective: Objective) -> bool:
    """The document's editors may link any objective; an objective's owner or lead may
    link it to the documents of its own unit and the units above (what it serves)."""
    if can_edit_document(actor, item.document):
        return True
    unit_id = item.document.unit_id
    return (
        can_edit_objective(actor, objective)
        and unit_id is not None
        and (unit_id == objective.unit_id or unit_id in objective.unit.ancestor_ids())
    )


@transaction.atomic
def do_link_objective(actor: User, item: StrategyItem, objective: Objective) -> None:
    """Say that an objective carries a method or play (see `_may_link` for who may)."""
    if objective.organization_id != item.document.organization_id:
        raise ValidationError({"objective": _("Choose objectives of your organization.")})
    require(_may_link(actor, item, objective))
    if item.section not in CARRYING_SECTIONS:
        raise ValidationError({"item": _("Only methods and plays are carried by objectives.")})
    if not item.is_active:
        raise ValidationError({"item": _("This item has been replaced.")})
    _check_in_period(item, objective, "objective")
    if item.objectives.filter(pk=objective.pk).exists():
        return
    item.objectives.add(objective)
    _save_version(
        actor,
        item.document,
        {
            "verb": "objective_linked",
            "section": item.section,
            "title": item.title,
            "objective": objective.title,
        },
    )


@transaction.atomic
def do_unlink_objective(actor: User, item: StrategyItem, objective: Objective) -> None:
    require(_may_link(actor, item, objective))
    if not item.objectives.filter(pk=objective.pk).exists():
        return
    item.objectives.remove(objective)
    _save_version(
        actor,
        item.document,
        {
            "verb": "objective_unlinked",
            "section": item.section,
            "title": item.title,
            "objective": objective.title,
        },
    )


# Acceptance (start at the end) --------------------------------------------------------


@transaction.atomic
def do_request_acceptance(
    actor: User,
    *,
    item: StrategyItem | None = None,
    objective: Objective | None = None,
    person: User | None = None,
    unit: Unit | None = None,
) -> Acceptance:
    """Name a person or unit whose acceptance the goal needs; they sign off later."""
    if (item is None) == (objective is None):
        raise ValidationError({"item": _("Name the item or objective that needs acceptance.")})
    if item is not None:
        require(can_edit_document(actor, item.document))
        if item.section not in CARRYING_SECTIONS:
            raise ValidationError({"item": _("Only methods and plays need acceptance.")})
        _require_active(item)
    else:
        assert objective is not None
        require(can_edit_objective(actor, objective))
    if (person is None) == (unit is None):
        raise ValidationError({"person": _("Choose a person or a unit.")})
    party = person or unit
    assert party is not None
    if party.organization_id != actor.organization_id or (
        person is not None and not can_write(person)
    ):
        raise ValidationError(
            {"person" if person else "unit": _("Choose someone of your organization.")}
        )
    existing = Acceptance.objects.filter(item=item, objective=objective, person=person, unit=unit)
    if existing.exists():
        raise ValidationError(
            {"person" if person else "unit": _("%(party)s is asked already.") % {"party": party}}
        )
    acceptance = Acceptance.objects.create(
        organization_id=actor.org_id, item=item, objective=objective, person=person, unit=unit
    )
    if item is not None:
        _save_version(
            actor,
            item.document,
            {
                "verb": "acceptance_requested",
                "section": item.section,
                "title": item.title,
                "party": str(party),
            },
        )
    return acceptance


@transaction.atomic
def do_decide_acceptance(
    actor: User, acceptance: Acceptance, *, accepted: bool, comment: str = ""
) -> Acceptance:
    require(can_decide_acceptance(actor, acceptance))
    acceptance.state = AcceptanceState.ACCEPTED if accepted else AcceptanceState.DECLINED
    acceptance.comment = (comment or "").strip()
    acceptance.decided_by = actor
    acceptance.decided_at = timezone.now()
    acceptance.save()
    if acceptance.item is not None:
        item = acceptance.item
        _save_version(
            actor,
            item.document,
            {
                "verb": "acceptance_" + acceptance.state,
                "section": item.section,
                "title": item.title,
                "party": acceptance.party_name,
            },
        )
    return acceptance


@transaction.atomic
def do_withdraw_acceptance(actor: User, acceptance: Acceptance) -> None:
    if acceptance.item is not None:
        require(can_edit_document(actor, acceptance.item.document))
    else:
        assert acceptance.objective is not None
        require(can_edit_objective(actor, acceptance.objective))
    if acceptance.state != AcceptanceState.PENDING:
        raise ValidationError(
            {"acceptance": _("A decision stays on record; ask again if things have changed.")}
        )
    item = acceptance.item
    party = acceptance.party_name
    acceptance.delete()
    if item is not None:
        _save_version(
            actor,
            item.document,
            {
                "verb": "acceptance_withdrawn",
                "section": item.section,
                "title": item.title,
                "party": party,
            },
        )


# Meetings -----------------------------------------------------------------------------


@transaction.atomic
def do_record_meeting(
    actor: User,
    document: StrategyDocument,
    *,
    held_on: dt.date,
    attendees: Iterable[User] = (),
    guests: str = "",
    notes: str = "",
    changed_items: Iterable[StrategyItem] = (),
) -> Meeting:
    """Record what a meeting went through and decided; the history shows it in place."""
    require(can_edit_document(actor, document))
    if held_on is None:
        raise ValidationError({"held_on": _("Enter the date of the meeting.")})
    if held_on > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError({"held_on": _("Record a meeting once it has taken place.")})
    attendees = list(attendees)
    for person in attendees:
        if person.organization_id != document.organization_id:
            raise ValidationError({"attendees": _("Choose people of your organization.")})
    changed = list(changed_items)
    for item in changed:
        if item.document_id != document.pk:
            raise ValidationError({"changed_items": _("Choose items of this document.")})
    if len(guests) > 500:
        raise ValidationError({"guests": _("Keep this to 500 characters.")})
    meeting = Meeting.objects.create(
        organization_id=document.organization_id,
        document=document,
        held_on=held_on,
        guests=guests.strip(),
        notes=notes.strip(),
        recorded_by=actor,
    )
    meeting.attendees.set(attendees)
    meeting.changed_items.set(changed)
    version = _save_version(
        actor, document, {"verb": "meeting", "date": held_on.isoformat()}, meeting=meeting
    )
    meeting.version = version.number
    meeting.save(update_fields=["version"])
    return meeting


# Renewal ------------------------------------------------------------------------------


def _reached_target(start: float | None, target: float | None, value: float | None) -> bool:
    """Whether `value` is at or beyond `target`, seen from `start`."""
    if start is None or target is None or value is None or start == target:
        return False
    return (target - value) * (target - start) <= 0


@transaction.atomic
def do_renew_document(
    actor: User,
    document: StrategyDocument,
    *,
    period: StrategyPeriod,
    item_ids: Iterable[int],
    measures_from_current: bool = True,
) -> StrategyDocument:
    """Start next period's document from this one, carrying over the chosen items.

    Carried items keep their text, rank and "start at the end" fields; measures start
    from the value they reached (or keep their start when `measures_from_current` is
    false) and wait for a new current value. Links to objectives, key results and
    sign-offs belong to the old period and are not carried. An item that supported a
    parent item supports that item's carried-over copy when the parent was renewed.
    """
    require(can_edit_document(actor, document))
    if period.organization_id != document.organization_id:
        raise ValidationError({"period": _("Choose a strategy period of your organization.")})
    if period.pk == document.period_id:
        raise ValidationError({"period": _("Choose a different period to renew into.")})
    if period.start <= document.period.start:
        raise ValidationError({"period": _("Renew into a later period.")})
    # Keyed on the period, the one field a renewal form has (do_create_document would
    # name the unit or person).
    clash = StrategyDocument.objects.filter(period=period, framework=document.framework)
    if document.unit_id is not None:
        clash = clash.filter(unit_id=document.unit_id)
    else:
        clash = clash.filter(person_id=document.person_id)
    if clash.exists():
        raise ValidationError(
            {
                "period": _("%(holder)s has a %(framework)s for %(period)s already.")
                % {
                    "holder": document.holder_name,
                    "framework": document.get_framework_display(),
                    "period": period,
                }
            }
        )
    wanted = set(item_ids)
    new = do_create_document(
        actor,
        period=period,
        framework=document.framework,
        unit=document.unit,
        person=document.person,
        statement=document.statement,
        strategy=document.strategy,
    )
    new.renewed_from = document
    new.save(update_fields=["renewed_from"])
    old_items = [
        i
        for i in document.items.select_related("owner", "key_result").order_by(
            "section", "position", "pk"
        )
        if i.is_active and i.pk in wanted
    ]
    # The parent's copies, by the item they were carried from.
    parent_copies: dict[int, StrategyItem] = {}
    if new.parent_id is not None:
        parent_copies = {
            i.carried_from_id: i
            for i in StrategyItem.objects.filter(
                document_id=new.parent_id, state=ItemState.ACTIVE, carried_from__isnull=False
            )
            if i.carried_from_id is not None
        }
    copies: dict[int, StrategyItem] = {}
    positions: dict[str, int] = {}
    for old in old_items:
        positions[old.section] = positions.get(old.section, 0) + 1
        # A measure fed by a key result reached the key result's value, not the one
        # stored when the link was made.
        reached = old.key_result.value if old.key_result is not None else old.current
        copy = StrategyItem(
            document=new,
            section=old.section,
            position=positions[old.section],
            title=old.title,
            description=old.description,
            owner=old.owner if old.owner_id and old.owner and old.owner.is_active else None,
            reason=old.reason,
            unit_label=old.unit_label,
            target=old.target,
            start=(reached if measures_from_current and reached is not None else old.start),
            picture_of_success=old.picture_of_success,
            budget=old.budget,
            people_needed=old.people_needed,
            resources_note=old.resources_note,
            carried_from=old,
        )
        if _reached_target(old.start, copy.target, copy.start):
            # Reached (or passed) last period: keep the old start, so the measure stays
            # valid and keeps its direction (increase stays increase).
            copy.start = old.start
        if old.supports_id is not None:
            carried = parent_copies.get(old.supports_id)
            copy.supports = carried
        copy.save()
        copies[old.pk] = copy
    for old in old_items:
        if old.method_id is not None and old.method_id in copies:
            StrategyItem.objects.filter(pk=copies[old.pk].pk).update(method=copies[old.method_id])
    # Documents below that were renewed first now find what they supported.
    if copies:
        for child_item in StrategyItem.objects.filter(
            document__parent=new,
            document__period=period,
            supports__isnull=True,
            carried_from__supports_id__in=list(copies),
        ).select_related("carried_from"):
            assert child_item.carried_from is not None
            child_item.supports = copies[child_item.carried_from.supports_id]
            child_item.save(update_fields=["supports"])
    _save_version(
        actor,
        new,
        {"verb": "renewed", "from": str(document.period), "items": len(copies)},
    )
    return new
