"""Read queries behind the strategy pages, the API and the exports.

Everything starts from `visible_to(user)`; every function runs a fixed number of SQL
queries whatever the number of documents, items and objectives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from kurs.goals.models import CycleState, GoalState, KeyResult, Objective
from kurs.goals.scoring import Status
from kurs.orgs.models import User
from kurs.strategy import colors
from kurs.strategy.models import (
    CARRYING_SECTIONS,
    MEASURABLE_SECTIONS,
    Acceptance,
    AcceptanceState,
    ItemState,
    Section,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)

# How many "art project" objectives the cascade lists (the count is always complete).
ART_PROJECT_LIMIT = 50


def visible_periods(user: User) -> list[StrategyPeriod]:
    return list(
        StrategyPeriod.objects.visible_to(user)
        .select_related("organization")
        .order_by("-start", "name")
    )


def choose_period(
    requested: str | int | None, periods: list[StrategyPeriod]
) -> StrategyPeriod | None:
    """The requested period (404 if not visible), else the one containing today."""
    if requested not in (None, ""):
        try:
            wanted = int(requested)  # type: ignore[arg-type]
        except (TypeError, ValueError) as error:
            raise Http404 from error
        for period in periods:
            if period.pk == wanted:
                return period
        raise Http404
    today = timezone.localdate()
    for period in periods:
        if period.start <= today <= period.end:
            return period
    return periods[0] if periods else None


def documents(user: User) -> Any:
    """Documents the user may read, with what their headings need."""
    return StrategyDocument.objects.visible_to(user).select_related(
        "period", "unit", "person", "parent__unit", "parent__person", "organization"
    )


def get_document(user: User, pk: int) -> StrategyDocument:
    try:
        return documents(user).get(pk=pk)  # type: ignore[no-any-return]
    except StrategyDocument.DoesNotExist as error:
        raise Http404 from error


def items_queryset() -> Any:
    """Items with everything their colour, links and flags need, in fixed queries."""
    return StrategyItem.objects.select_related(
        "owner",
        "method",
        "supports__document__unit",
        "supports__document__person",
        "replaced_by",
        "key_result__objective__cycle",
        "key_result__objective__organization",
        "key_result__owner",
    ).prefetch_related(
        Prefetch(
            "objectives",
            queryset=Objective.objects.with_scoring().order_by("cycle__start", "pk"),
        ),
        Prefetch("acceptances", queryset=Acceptance.objects.select_related("person", "unit")),
        Prefetch(
            "supporters",
            queryset=StrategyItem.objects.filter(state=ItemState.ACTIVE).select_related(
                "document__unit", "document__person"
            ),
        ),
    )


def annotate(items: Iterable[StrategyItem], period: StrategyPeriod) -> list[StrategyItem]:
    """Set `status`, `value`, `progress` and the flags on each item (no queries).

    * `status`: kurs.strategy.colors rules (hand-set, measure pace, linked objectives);
    * `value` / `progress`: for measures and targets (the key result's, when fed by one);
    * `missing_acceptance` / `missing_resources`: for methods and plays (seed 004);
    * `unsupported_by_children`: set by `cascade()`, not here.
    """
    organization = period.organization
    thresholds = organization.thresholds()
    elapsed = period.elapsed_fraction()
    result = []
    for item in items:
        item.value = None  # type: ignore[attr-defined]
        item.progress = None  # type: ignore[attr-defined]
        measure: Status | None = None
        linked: list[Status] = []
        if item.section in MEASURABLE_SECTIONS:
            key_result = item.key_result
            if key_result is not None:
                item.value = key_result.value  # type: ignore[attr-defined]
                item.progress = key_result.progress  # type: ignore[attr-defined]
                measure = key_result.status if key_result.is_active else Status.NOT_STARTED
            else:
                item.value = item.current  # type: ignore[attr-defined]
                item.progress = colors.measure_progress(  # type: ignore[attr-defined]
                    start=item.start, target=item.target, current=item.current
                )
                measure = colors.measure_status(
                    start=item.start,
                    target=item.target,
                    current=item.current,
                    elapsed=elapsed,
                    started=item.current_updated_at is not None,
                    thresholds=thresholds,
                )
        elif item.section in CARRYING_SECTIONS:
            linked = [o.status for o in item.objectives.all() if o.is_active]
        # Values, obstacles and omissions have a colour only when someone sets one.
        item.has_colour = bool(  # type: ignore[attr-defined]
            item.status_override
            or item.section in CARRYING_SECTIONS
            or item.section in MEASURABLE_SECTIONS
        )
        if not item.is_active:
            item.status = Status.NOT_STARTED  # type: ignore[attr-defined]
        else:
            item.status = colors.item_status(  # type: ignore[attr-defined]
                override=item.status_override, linked=linked, measure=measure
            )
        acceptances = list(item.acceptances.all()) if item.section in CARRYING_SECTIONS else []
        item.missing_acceptance = item.section in CARRYING_SECTIONS and (  # type: ignore[attr-defined]
            not acceptances or any(a.state != AcceptanceState.ACCEPTED for a in acceptances)
        )
        item.missing_resources = (  # type: ignore[attr-defined]
            item.section in CARRYING_SECTIONS and not item.has_resources
        )
        # Only items of documents derived from this one count (a document moved below
        # another one keeps its old links until someone edits them).
        item.active_supporters = [  # type: ignore[attr-defined]
            s
            for s in item.supporters.all()
            if s.is_active and s.document.parent_id == item.document_id
        ]
        result.append(item)
    return result


@dataclass
class SectionView:
    code: str
    label: str
    items: list[StrategyItem]
    replaced: list[StrategyItem]


@dataclass
class DocumentView:
    document: StrategyDocument
    sections: list[SectionView]
    parent_items: list[StrategyItem]
    counts: dict[str, int]

    @property
    def items(self) -> list[StrategyItem]:
        return [i for s in self.sections for i in s.items]


def status_counts(items: Iterable[StrategyItem]) -> dict[str, int]:
    counts = {s.value: 0 for s in Status}
    for item in items:
        if item.is_active and item.has_colour:  # type: ignore[attr-defined]
            counts[item.status.value] += 1  # type: ignore[attr-defined]
    return counts


def document_view(document: StrategyDocument) -> DocumentView:
    """A document's sections with coloured, ranked items, and its parent's carrying items."""
    items = annotate(
        items_queryset().filter(document=document).order_by("section", "position", "pk"),
        document.period,
    )
    sections = []
    for code in document.sections:
        in_section = [i for i in items if i.section == code]
        sections.append(
            SectionView(
                code=code,
                label=str(Section(code).label),
                items=[i for i in in_section if i.is_active],
                replaced=[i for i in in_section if not i.is_active],
            )
        )
    parent_items: list[StrategyItem] = []
    if document.parent_id is not None:
        parent_items = list(
            StrategyItem.objects.filter(
                document_id=document.parent_id,
                state=ItemState.ACTIVE,
                section__in=list(CARRYING_SECTIONS),
            ).order_by("position", "pk")
        )
    return DocumentView(document, sections, parent_items, status_counts(items))


@dataclass
class CascadeNode:
    document: StrategyDocument
    depth: int
    items: list[StrategyItem]
    counts: dict[str, int]
    # Carrying items of this document that no item of a child document supports.
    unsupported: list[StrategyItem] = field(default_factory=list)
    # Carrying items of this document that support nothing above ("art projects").
    art_projects: list[StrategyItem] = field(default_factory=list)
    # Documents directly below this one that are not loaded yet (opened on demand).
    hidden_children: int = 0


@dataclass
class Cascade:
    period: StrategyPeriod
    framework: str
    nodes: list[CascadeNode]
    art_objectives: list[Objective]
    art_objective_count: int
    # Gaps in the whole period, also in the documents not loaded yet.
    gap_count: int = 0
    # The document whose children the nodes are (None: from the top).
    below: StrategyDocument | None = None


# How many documents the cascade loads at once: whole levels are added from the top
# while they fit, so a small organization sees everything and a large one sees the top
# levels, with deeper documents opened on demand.
CASCADE_BUDGET = 60


def cascade(
    user: User,
    period: StrategyPeriod,
    framework: str,
    *,
    below: int | None = None,
    budget: int | None = None,
) -> Cascade:
    """The documents of a period as a tree, with the gaps on both sides.

    * unsupported: a method or play of a document that has documents below it, which
      none of their methods or plays supports;
    * art projects (seed 004: work nobody asked for): a method or play of a document
      that is derived from another, supporting nothing there; and an active objective
      of an open cycle in the period that carries no method or play and supports no other
      objective or key result.

    From the top (or from the children of the document `below`), whole levels are loaded
    while they fit into `budget` documents (the first level always); a node at the last
    level loaded tells how many documents hang below it. The whole
    tree's shape is read as plain values, so the cost does not grow with the items of
    documents that are not shown.
    """
    skeleton = list(
        StrategyDocument.objects.visible_to(user)
        .filter(period=period, framework=framework)
        .values_list("pk", "parent_id", "person_id", "unit__name", "person__name")
    )
    ids = {row[0] for row in skeleton}
    if below is not None and below not in ids:
        raise Http404
    sort_key = {
        pk: (1 if person_id else 0, (unit_name or person_name or "").lower(), pk)
        for pk, _parent, person_id, unit_name, person_name in skeleton
    }
    children: dict[int | None, list[int]] = {}
    for pk, parent_id, *_rest in skeleton:
        children.setdefault(parent_id if parent_id in ids else None, []).append(pk)
    for siblings in children.values():
        siblings.sort(key=sort_key.__getitem__)
    budget = CASCADE_BUDGET if budget is None else budget
    level = list(children.get(below, []))
    levels = 0
    total = 0
    while level and (levels == 0 or total + len(level) <= budget):
        total += len(level)
        levels += 1
        level = [child for pk in level for child in children.get(pk, [])]
    shown: list[tuple[int, int]] = []
    stack = [(pk, 0) for pk in reversed(children.get(below, []))]
    while stack:
        pk, depth = stack.pop()
        shown.append((pk, depth))
        if depth + 1 < levels:
            stack.extend((child, depth + 1) for child in reversed(children.get(pk, [])))
    docs = documents(user).in_bulk([pk for pk, _depth in shown])
    by_doc: dict[int, list[StrategyItem]] = {}
    for item in annotate(
        items_queryset().filter(document__in=list(docs)).order_by("position", "pk"), period
    ):
        by_doc.setdefault(item.document_id, []).append(item)
    nodes: list[CascadeNode] = []
    for pk, depth in shown:
        doc = docs[pk]
        own = by_doc.get(pk, [])
        carrying = [i for i in own if i.is_active and i.section in CARRYING_SECTIONS]
        node = CascadeNode(doc, depth, own, status_counts(own))
        if children.get(pk):
            node.unsupported = [i for i in carrying if not i.active_supporters]  # type: ignore[attr-defined]
            if depth + 1 >= levels:
                node.hidden_children = len(children[pk])
        if doc.parent_id is not None:
            node.art_projects = [i for i in carrying if not _supports_parent(i, doc)]
        nodes.append(node)
    art = (
        Objective.objects.visible_to(user)
        .filter(
            state=GoalState.ACTIVE,
            cycle__start__lte=period.end,
            cycle__end__gte=period.start,
        )
        # Closed cycles are history; what is still being worked on is what matters.
        .exclude(cycle__state=CycleState.CLOSED)
        .exclude(alignments__isnull=False)
        .exclude(strategy_items__isnull=False)
    )
    count = art.count()
    art_objectives = list(
        art.select_related("unit", "owner", "cycle").order_by("unit__depth", "unit__name", "pk")[
            :ART_PROJECT_LIMIT
        ]
    )
    return Cascade(
        period,
        framework,
        nodes,
        art_objectives,
        count,
        gap_count=_item_gap_count(user, period, framework) + count,
        below=documents(user).get(pk=below) if below is not None else None,
    )


def _item_gap_count(user: User, period: StrategyPeriod, framework: str) -> int:
    """Unsupported methods/plays plus art projects in all documents of the period."""
    carrying = StrategyItem.objects.visible_to(user).filter(
        document__period=period,
        document__framework=framework,
        state=ItemState.ACTIVE,
        section__in=list(CARRYING_SECTIONS),
    )
    has_children = Exists(StrategyDocument.objects.filter(parent_id=OuterRef("document_id")))
    supported = Exists(
        StrategyItem.objects.filter(
            supports_id=OuterRef("pk"),
            state=ItemState.ACTIVE,
            document__parent_id=OuterRef("document_id"),
        )
    )
    unsupported = carrying.filter(has_children).filter(~supported).count()
    art = carrying.filter(document__parent__isnull=False).filter(
        Q(supports__isnull=True)
        | ~Q(supports__state=ItemState.ACTIVE)
        | ~Q(supports__document_id=F("document__parent_id"))
    )
    return unsupported + art.count()


def _supports_parent(item: StrategyItem, document: StrategyDocument) -> bool:
    """Whether the item supports an active item of the document it derives from."""
    supports = item.supports
    return (
        supports is not None and supports.is_active and supports.document_id == document.parent_id
    )


def objective_links(user: User, objective: Objective) -> list[StrategyItem]:
    """The methods and plays an objective carries (for the objective page)."""
    return list(
        StrategyItem.objects.visible_to(user)
        .filter(objectives=objective)
        .select_related("document__unit", "document__person", "document__period")
    )


def linkable_items(user: User, objective: Objective) -> Any:
    """Methods and plays an objective could carry: those of documents in periods that
    overlap its cycle."""
    cycle = objective.cycle
    return (
        StrategyItem.objects.visible_to(user)
        .filter(
            state=ItemState.ACTIVE,
            section__in=list(CARRYING_SECTIONS),
            document__period__start__lte=cycle.end,
            document__period__end__gte=cycle.start,
        )
        .select_related("document__unit", "document__person")
        .order_by("document__unit__depth", "document_id", "section", "position")
    )


def feeding_key_results(user: User, period: StrategyPeriod) -> Any:
    """Key results that could feed a measure: those of cycles in the period."""
    return (
        KeyResult.objects.visible_to(user)
        .filter(
            state=GoalState.ACTIVE,
            objective__state=GoalState.ACTIVE,
            objective__cycle__start__lte=period.end,
            objective__cycle__end__gte=period.start,
        )
        .select_related("objective__unit", "objective__cycle")
        .order_by("objective__unit__depth", "objective__unit__name", "objective_id", "position")
    )


def pending_acceptances(user: User) -> list[Acceptance]:
    """Sign-offs waiting for this person (asked directly or as lead of the unit asked)."""
    from kurs.orgs.models import Membership, MembershipRole

    led = Membership.objects.filter(user=user, role=MembershipRole.LEAD).values("unit_id")
    return list(
        Acceptance.objects.visible_to(user)
        .filter(state=AcceptanceState.PENDING)
        .filter(Q(person=user) | Q(unit_id__in=led))
        .exclude(item__state=ItemState.REPLACED)
        .exclude(objective__state=GoalState.RETIRED)
        .select_related("item__document__unit", "item__document__person", "objective", "unit")
        .order_by("pk")
    )
