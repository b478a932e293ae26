"""Read queries behind the pages and the API, each in a fixed number of SQL queries.

All start from `visible_to(user)`, so another organization's rows never appear.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from kurs.goals.models import Alignment, Cycle, CycleState, Objective
from kurs.orgs.models import Unit, User


def visible_cycles(user: User) -> list[Cycle]:
    return list(Cycle.objects.visible_to(user).order_by("-start", "name"))


def choose_cycle(user: User, requested: str | int | None, cycles: list[Cycle]) -> Cycle | None:
    """The requested cycle (404 if not visible), else the active one containing today."""
    if requested not in (None, ""):
        try:
            wanted = int(requested)  # type: ignore[arg-type]
        except (TypeError, ValueError) as error:
            raise Http404 from error
        for cycle in cycles:
            if cycle.pk == wanted:
                return cycle
        raise Http404
    today = timezone.localdate()
    active = [c for c in cycles if c.state == CycleState.ACTIVE]
    for cycle in active:
        if cycle.start <= today <= cycle.end:
            return cycle
    if active:
        return active[0]
    return cycles[0] if cycles else None


def my_objectives(user: User, cycle: Cycle) -> list[Objective]:
    """Objectives I own, and those holding a key result I own."""
    return list(
        Objective.objects.visible_to(user)
        .filter(cycle=cycle)
        .filter(Q(owner=user) | Q(key_results__owner=user))
        .distinct()
        .with_scoring()
        .order_by("state", "unit__depth", "pk")
    )


def unit_objectives(user: User, unit: Unit, cycle: Cycle) -> list[Objective]:
    return list(
        Objective.objects.visible_to(user)
        .filter(cycle=cycle, unit=unit)
        .with_scoring()
        .prefetch_related("alignments__parent_objective", "alignments__parent_key_result")
        .order_by("state", "pk")
    )


def child_counts(objective_ids: Iterable[int]) -> dict[int, int]:
    """How many objectives support each given objective (directly or via its key results)."""
    ids = list(objective_ids)
    if not ids:
        return {}
    children: dict[int, set[int]] = defaultdict(set)
    rows = Alignment.objects.filter(
        Q(parent_objective_id__in=ids) | Q(parent_key_result__objective_id__in=ids)
    ).values_list("parent_objective_id", "parent_key_result__objective_id", "objective_id")
    for parent_objective_id, via_key_result_id, child_id in rows:
        children[parent_objective_id or via_key_result_id].add(child_id)
    return {pk: len(children.get(pk, ())) for pk in ids}


TREE_PAGE = 50


def tree_roots(user: User, cycle: Cycle, offset: int = 0) -> tuple[list[Objective], bool]:
    """Objectives of the cycle that support nothing: the tops of the alignment tree."""
    queryset = (
        Objective.objects.visible_to(user)
        .filter(cycle=cycle, alignments__isnull=True)
        .with_scoring()
        .order_by("unit__depth", "unit__name", "pk")
    )
    page = list(queryset[offset : offset + TREE_PAGE + 1])
    return page[:TREE_PAGE], len(page) > TREE_PAGE


def tree_children(user: User, parent: Objective, offset: int = 0) -> tuple[list[Objective], bool]:
    queryset = (
        Objective.objects.visible_to(user)
        .filter(
            Q(alignments__parent_objective=parent)
            | Q(alignments__parent_key_result__objective=parent)
        )
        .distinct()
        .with_scoring()
        .order_by("unit__depth", "unit__name", "pk")
    )
    page = list(queryset[offset : offset + TREE_PAGE + 1])
    return page[:TREE_PAGE], len(page) > TREE_PAGE


def unit_tree(user: User) -> list[Unit]:
    """All units in depth-first order (for indented lists and select boxes)."""
    units = list(Unit.objects.visible_to(user).order_by("name"))
    by_parent: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        by_parent[unit.parent_id].append(unit)
    ordered: list[Unit] = []
    stack = list(reversed(by_parent[None]))
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(reversed(by_parent[unit.pk]))
    return ordered


def check_in_key_results(user: User) -> list[Objective]:
    """My objectives in active cycles whose key results I can check in, for the weekly page."""
    return list(
        Objective.objects.visible_to(user)
        .filter(cycle__state=CycleState.ACTIVE, state="active")
        .filter(Q(owner=user) | Q(key_results__owner=user))
        .distinct()
        .with_scoring()
        .prefetch_related("key_results__check_ins")
        .order_by("cycle__start", "pk")
    )
