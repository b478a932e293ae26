"""Copy objectives and key results into the next cycle.

Seed 003: objectives may stay the same across quarters while their key results
change. Copying saves typing them again; every write goes through
kurs.goals.actions, so each copy has its own "created" history entry.

What a copy gets:

* an objective: the same unit, owner, title, description, kind, origin and
  "start at the end" fields; its links to parents are re-pointed to the copies of
  those parents (copied in the same run, or found in the target cycle by unit and
  title because they were copied before); a parent that is not in the target cycle
  is dropped and reported, since a link into another cycle makes no sense;
* a key result: the same owner, title, metric, unit label and weight. Its values
  depend on two options:

  - keep targets (on): the same start, target and range;
  - keep targets (off): the copy starts at the value reached so far and aims the
    same distance further (12 → 20, reached 16: the copy is 16 → 24), to be
    adjusted by the team. Ranges and milestones have no start to move and stay as
    they are;
  - reset current values (on): the copy has no check-ins, its value is its start;
  - reset current values (off): the copy continues where the old one stands: its
    latest value is recorded as the copy's first check-in. Check-ins themselves are
    never copied; they stay in the old cycle's history. When targets are not kept
    the copy starts at that value anyway, so there is nothing to carry over;
  - confidence is never copied: it is the owner's view of the new target.

* an action (initiative), when "keep actions" is on and it is not done yet: the
  same title and owner, its due date moved by as many days as the target cycle
  starts after the source cycle, attached to the copy of its key result if that
  was copied (else to the objective).

The copy relation is not stored: an objective whose unit already has one with the
same title in the target cycle counts as copied before; it is skipped, never
duplicated, and its copies' parents still find it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from kurs.goals import actions
from kurs.goals.models import (
    Alignment,
    Cycle,
    GoalState,
    Initiative,
    KeyResult,
    Metric,
    Objective,
)
from kurs.orgs.models import Unit, User
from kurs.orgs.permissions import can_create_objective, can_edit_objective

TitleKey = tuple[int, str]  # (unit id, title): how a copy is recognized in the target cycle


@dataclass
class Note:
    """One line of the report: what it is about, and what happened to it."""

    title: str
    reason: str


@dataclass
class CopiedObjective:
    source: Objective
    copy: Objective
    key_results: int
    actions: int


@dataclass
class CopyReport:
    """What do_copy_forward did: the copies, what it skipped and the links it dropped."""

    target_cycle: Cycle
    copied: list[CopiedObjective] = field(default_factory=list)
    skipped: list[Note] = field(default_factory=list)
    dropped_links: list[Note] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def may_copy(actor: User, objective: Objective) -> bool:
    """May create the copy in the objective's unit and fill it with key results.

    The copy has the same unit and owner, so whoever may edit the original may edit
    the copy: a member can create objectives in their unit, but only add key results
    to the ones they own (kurs.orgs.permissions).
    """
    return can_create_objective(actor, objective.unit) and can_edit_objective(actor, objective)


def _check_cycles(actor: User, source_cycle: Cycle, target_cycle: Cycle) -> None:
    if source_cycle.organization_id != actor.organization_id:
        raise ValidationError({"source_cycle": _("Unknown cycle.")})
    if target_cycle.organization_id != actor.organization_id:
        raise ValidationError({"target_cycle": _("Unknown cycle.")})
    if target_cycle.pk == source_cycle.pk:
        raise ValidationError(
            {"target_cycle": _("Choose another cycle than the one you copy from.")}
        )
    if target_cycle.is_closed:
        raise ValidationError({"target_cycle": _("This cycle is closed; its scores are final.")})


def _load_sources(actor: User, objectives: Iterable[Objective]) -> list[Objective]:
    """The chosen objectives, fresh from the database with everything the copy reads."""
    base = Objective.objects.visible_to(actor)
    if isinstance(objectives, QuerySet):
        # A whole unit may be thousands of rows: a subquery, not a list of ids.
        wanted = base.filter(pk__in=objectives.values("pk"))
        expected = None
    else:
        ids = {o.pk for o in objectives}
        wanted = base.filter(pk__in=ids)
        expected = len(ids)
    sources = list(
        wanted.select_related("unit", "owner", "cycle")
        .prefetch_related(
            Prefetch(
                "key_results",
                queryset=KeyResult.objects.select_related("owner").order_by("position", "pk"),
            ),
            Prefetch(
                "alignments",
                queryset=Alignment.objects.select_related(
                    "parent_objective", "parent_key_result__objective"
                ).order_by("pk"),
            ),
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.filter(done=False)
                .select_related("owner")
                .order_by("due", "pk"),
            ),
        )
        .order_by("unit__depth", "pk")
    )
    if expected is not None and len(sources) != expected:
        raise ValidationError({"objectives": _("Unknown objective.")})
    # One Unit instance per unit, so that permission checks compute its ancestors once.
    units: dict[int, Unit] = {}
    for source in sources:
        source.unit = units.setdefault(source.unit_id, source.unit)
    return sources


def _parent_ids(source: Objective) -> list[int]:
    """Ids of the objectives this one supports, directly or through one of their KRs."""
    ids = []
    for alignment in source.alignments.all():
        if alignment.parent_objective_id is not None:
            ids.append(alignment.parent_objective_id)
        else:
            ids.append(alignment.parent_key_result.objective_id)  # type: ignore[union-attr]
    return ids


def _parents_first(sources: list[Objective]) -> list[Objective]:
    """The chosen objectives ordered so that a parent is copied before its children.

    Whatever order they were picked in: the child's copy can only link to a copy that
    exists already.
    """
    by_pk = {s.pk: s for s in sources}
    ordered: list[Objective] = []
    state: dict[int, str] = {}

    def visit(source: Objective) -> None:
        if state.get(source.pk):
            return  # done, or being visited (a loop the actions never let in)
        state[source.pk] = "visiting"
        for parent_id in _parent_ids(source):
            if parent_id in by_pk:
                visit(by_pk[parent_id])
        state[source.pk] = "done"
        ordered.append(source)

    for source in sources:
        visit(source)
    return ordered


def _existing_in_target(target_cycle: Cycle, sources: list[Objective]) -> dict[TitleKey, Objective]:
    """Objectives already in the target cycle for the units involved, by (unit, title)."""
    unit_ids = {s.unit_id for s in sources}
    for source in sources:
        for alignment in source.alignments.all():
            parent = alignment.parent_objective or alignment.parent_key_result.objective  # type: ignore[union-attr]
            unit_ids.add(parent.unit_id)
    rows = Objective.objects.filter(cycle=target_cycle, unit_id__in=unit_ids).prefetch_related(
        "key_results"
    )
    return {(o.unit_id, o.title): o for o in rows}


def _start_and_target(
    key_result: KeyResult, keep_targets: bool
) -> tuple[float | None, float | None]:
    start, target = key_result.start, key_result.target
    if (
        not keep_targets
        and key_result.metric in (Metric.INCREASE, Metric.DECREASE)
        and start is not None
        and target is not None
    ):
        reached = key_result.value
        assert reached is not None
        # The same step again, from where the team stands now.
        start, target = reached, round(reached + (target - start), 10)
    return start, target


@transaction.atomic
def do_copy_forward(
    actor: User,
    *,
    source_cycle: Cycle,
    target_cycle: Cycle,
    objectives: Iterable[Objective],
    key_results: Iterable[KeyResult] | None = None,
    keep_targets: bool = True,
    reset_current: bool = True,
    keep_actions: bool = False,
) -> CopyReport:
    """Copy the chosen objectives and key results from one cycle into another.

    `key_results=None` copies every active key result of the chosen objectives;
    otherwise only those given (key results of objectives not chosen are ignored).
    See the module docstring for what each option does. All or nothing: one failing
    copy writes none. PermissionDenied when the actor may not copy one of the
    objectives (see may_copy); ValidationError keyed by field for bad cycles or an
    empty choice.
    """
    _check_cycles(actor, source_cycle, target_cycle)
    sources = _load_sources(actor, objectives)
    if not sources:
        raise ValidationError({"objectives": _("Choose at least one objective to copy.")})
    if any(s.cycle_id != source_cycle.pk for s in sources):
        raise ValidationError({"objectives": _("Choose objectives of the cycle you copy from.")})
    for source in sources:
        if not may_copy(actor, source):
            raise PermissionDenied(
                _("You may not copy “%(title)s”: ask its owner or the unit’s lead.")
                % {"title": source.title}
            )
    chosen_krs = None if key_results is None else {kr.pk for kr in key_results}

    report = CopyReport(target_cycle=target_cycle)
    existing = _existing_in_target(target_cycle, sources)
    copies: dict[int, Objective] = {}  # source objective id -> its copy (or earlier copy)
    kr_copies: dict[int, KeyResult] = {}  # source key result id -> its copy
    shift = target_cycle.start - source_cycle.start

    def counterpart(parent: Objective) -> Objective | None:
        return copies.get(parent.pk) or existing.get((parent.unit_id, parent.title))

    for source in _parents_first(sources):
        if not source.is_active:
            report.skipped.append(Note(source.title, _("It is retired.")))
            continue
        earlier = existing.get((source.unit_id, source.title))
        if earlier is not None:
            copies[source.pk] = earlier
            report.skipped.append(
                Note(
                    source.title,
                    _("%(unit)s has an objective with this title in %(cycle)s already.")
                    % {"unit": source.unit.name, "cycle": target_cycle.name},
                )
            )
            continue

        parents: list[actions.ParentRef] = []
        for alignment in source.alignments.all():
            parent_ref, parent_label = _repoint(alignment, counterpart, kr_copies)
            if parent_ref is None:
                report.dropped_links.append(
                    Note(
                        source.title,
                        _("Its link to “%(parent)s” was dropped: that is not in %(cycle)s.")
                        % {"parent": parent_label, "cycle": target_cycle.name},
                    )
                )
            elif parent_ref not in parents:
                parents.append(parent_ref)

        owner = _active_or(actor, source.owner, source.title, report)
        copy = actions.do_create_objective(
            actor,
            cycle=target_cycle,
            unit=source.unit,
            owner=owner,
            title=source.title,
            description=source.description,
            kind=source.kind,
            origin=source.origin,
            parents=parents,
            picture_of_success=source.picture_of_success,
            budget=source.budget,
            people_needed=source.people_needed,
            resources_note=source.resources_note,
        )
        copies[source.pk] = copy
        existing[(copy.unit_id, copy.title)] = copy

        kr_count = 0
        for key_result in source.key_results.all():
            if chosen_krs is not None and key_result.pk not in chosen_krs:
                continue
            if not key_result.is_active:
                report.skipped.append(Note(key_result.title, _("It is retired.")))
                continue
            start, target = _start_and_target(key_result, keep_targets)
            new = actions.do_create_key_result(
                actor,
                copy,
                title=key_result.title,
                owner=_active_or(actor, key_result.owner, key_result.title, report),
                metric=key_result.metric,
                unit_label=key_result.unit_label,
                weight=key_result.weight,
                start=start,
                target=target,
                range_min=key_result.range_min,
                range_max=key_result.range_max,
            )
            if (
                not reset_current
                and keep_targets
                and key_result.current is not None
                and key_result.last_check_in_at is not None
            ):
                actions.do_check_in(
                    actor,
                    new,
                    value=key_result.current,
                    comment=_("Carried over from %(cycle)s.") % {"cycle": source_cycle.name},
                )
            if not keep_targets and (new.start, new.target) != (
                key_result.start,
                key_result.target,
            ):
                report.notes.append(
                    Note(
                        new.title,
                        _("Starts at the value reached; check the proposed target."),
                    )
                )
            kr_copies[key_result.pk] = new
            kr_count += 1

        action_count = 0
        if keep_actions:
            for initiative in source.initiatives.all():
                actions.do_create_initiative(
                    actor,
                    copy,
                    title=initiative.title,
                    owner=_active_or(actor, initiative.owner, initiative.title, report),
                    due=_shifted(initiative.due, shift),
                    key_result=kr_copies.get(initiative.key_result_id or 0),
                )
                action_count += 1
        report.copied.append(CopiedObjective(source, copy, kr_count, action_count))
    return report


def _repoint(
    alignment: Alignment,
    counterpart: Callable[[Objective], Objective | None],
    kr_copies: dict[int, KeyResult],
) -> tuple[actions.ParentRef | None, str]:
    """The target cycle's version of a parent link, or None, and the parent's label."""
    if alignment.parent_objective is not None:
        parent = alignment.parent_objective
        match = counterpart(parent)
        return (("objective", match.pk) if match else None), parent.title
    parent_kr = alignment.parent_key_result
    assert parent_kr is not None
    if parent_kr.pk in kr_copies:
        return ("key_result", kr_copies[parent_kr.pk].pk), parent_kr.title
    match = counterpart(parent_kr.objective)
    if match is not None:
        # A key result copied before: the one with the same title.
        for candidate in match.key_results.all():
            if candidate.title == parent_kr.title:
                return ("key_result", candidate.pk), parent_kr.title
    return None, parent_kr.title


def _active_or(actor: User, person: User, title: str, report: CopyReport) -> User:
    """The person, or the one copying when they have left (a copy needs an active owner)."""
    if person.is_active:
        return person
    report.notes.append(
        Note(
            title,
            _("%(person)s is no longer active; you own the copy.") % {"person": person.name},
        )
    )
    return actor


def _shifted(due: dt.date | None, shift: dt.timedelta) -> dt.date | None:
    return due + shift if due is not None else None


# Reading for the page -------------------------------------------------------------------


def target_cycles(cycles: Iterable[Cycle], source: Cycle) -> list[Cycle]:
    """Open cycles starting after the source, the next one first."""
    return sorted(
        (c for c in cycles if not c.is_closed and c.pk != source.pk and c.start > source.start),
        key=lambda c: (c.start, c.name),
    )


@dataclass
class UnitCandidates:
    unit: Unit
    objectives: list[Objective]


def copy_candidates(
    user: User, unit: Unit, cycle: Cycle, *, include_below: bool
) -> list[UnitCandidates]:
    """The active objectives of the unit (and the units below) in the cycle, by unit.

    In a fixed number of queries: all units in one, the objectives with their key
    results, parents and count of open actions in a few more. Each objective carries
    `copyable` (may_copy) and `open_actions`.
    """
    units = {u.pk: u for u in Unit.objects.visible_to(user).order_by("depth", "name", "pk")}
    parent_of = {pk: u.parent_id for pk, u in units.items()}
    wanted = [unit.pk]
    for current in units.values():
        ancestors: list[int] = []
        node = current.parent_id
        while node is not None and node not in ancestors:
            ancestors.append(node)
            node = parent_of.get(node)
        # Unit.ancestor_ids caches here; filling it saves the permission checks a query
        # per unit.
        current._ancestor_ids = ancestors
        if include_below and unit.pk in ancestors:
            wanted.append(current.pk)
    objectives = list(
        Objective.objects.visible_to(user)
        .filter(cycle=cycle, state=GoalState.ACTIVE, unit_id__in=wanted)
        .select_related("owner")
        .annotate(open_actions=Count("initiatives", filter=Q(initiatives__done=False)))
        .prefetch_related(
            Prefetch(
                "key_results",
                queryset=KeyResult.objects.filter(state=GoalState.ACTIVE)
                .select_related("owner")
                .order_by("position", "pk"),
            ),
            "alignments__parent_objective",
            "alignments__parent_key_result",
        )
        .order_by("pk")
    )
    grouped: dict[int, list[Objective]] = {}
    for objective in objectives:
        objective.unit = units[objective.unit_id]
        objective.copyable = may_copy(user, objective)
        grouped.setdefault(objective.unit_id, []).append(objective)
    return [UnitCandidates(units[pk], grouped[pk]) for pk in units if pk in grouped]
