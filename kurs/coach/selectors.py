"""The coach on the database side: a unit's OKRs as an `OkrSet`, and its OKR health.

The selectors take plain objects (a unit and a cycle the view has already read through
`visible_to()`) and read a fixed number of queries, whatever the unit's size.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from kurs.coach.checks import (
    MAX_TOP_DOWN_SHARE,
    MIN_TOP_DOWN_SHARE,
    ORIGIN_MIX_MIN_OBJECTIVES,
    STALE_DAYS,
    check_set,
)
from kurs.coach.findings import CODES, SEVERITY_LABELS, Code, Finding, Severity, sort_findings
from kurs.coach.similarity import suggest_parents
from kurs.coach.spec import CycleSpec, KeyResultSpec, ObjectiveSpec, OkrSet
from kurs.goals.models import (
    Alignment,
    Cycle,
    CycleState,
    GoalState,
    KeyResult,
    Metric,
    Objective,
    ObjectiveKind,
    ObjectiveQuerySet,
    Origin,
)
from kurs.orgs.models import Unit

# How many cycles the patterns over time look back (the selected one included).
PATTERN_CYCLES = 6
# An aspirational objective ending at or above this was not ambitious ("70 is the new 100").
SANDBAG_SCORE = 0.95
# A cycle is sandbagged when at least this share of its aspirational objectives ended
# above SANDBAG_SCORE; the unit is, when that happened in at least SANDBAG_CYCLES closed cycles.
SANDBAG_SHARE = 0.8
SANDBAG_CYCLES = 2
# Seed 001: about 40 % of a unit's objectives top-down; "far" from it is what ORIGIN_MIX
# says it is (kurs.coach.checks), so that the table and the finding agree.
TOP_DOWN_TARGET = 0.4
# Alignment suggestions per unaligned objective, and how similar they must at least be.
SUGGESTIONS = 3
SUGGESTION_MIN_SCORE = 0.1

_ITEM = re.compile(r"^objectives\[(\d+)\](?:\.key_results\[(\d+)\])?$")


# The unit's OKRs as coach data -------------------------------------------------------------


def _objectives_queryset() -> ObjectiveQuerySet:
    # Alignments with both kinds of parent in one joined query: a prefetch per parent
    # kind would be skipped when empty and make the query count depend on the data.
    return (
        Objective.objects.active()
        .with_scoring()
        .prefetch_related(
            Prefetch(
                "alignments",
                queryset=Alignment.objects.select_related(
                    "parent_objective", "parent_key_result"
                ).order_by("pk"),
            )
        )
        .order_by("pk")
    )


def unit_objectives(unit: Unit, cycles: Sequence[Cycle]) -> list[Objective]:
    """The unit's active objectives in these cycles, with key results and alignments (3 queries)."""
    objectives = list(_objectives_queryset().filter(unit=unit, cycle__in=[c.pk for c in cycles]))
    by_pk = {c.pk: c for c in cycles}
    for objective in objectives:
        # One unit and cycle instance for all: permission checks cache the unit's
        # ancestors on it, and cycle.elapsed_fraction() needs no reload.
        objective.unit = unit
        objective.cycle = by_pk[objective.cycle_id]
    return objectives


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def _key_result_spec(key_result: KeyResult) -> KeyResultSpec:
    start, target = key_result.start, key_result.target
    if key_result.metric == Metric.RANGE:
        # A range is scored by its bounds, and they stand in for start and target (as in
        # the form hints and `kurs export`). Its own start and target are what the form
        # kept, hidden, from another metric chosen before (kurs.js): not the range's.
        start, target = key_result.range_min, key_result.range_max
    return KeyResultSpec(
        title=key_result.title,
        metric=key_result.metric,
        start=start,
        target=target,
        unit=key_result.unit_label,
        owner=key_result.owner.email,
        current=key_result.current,
        last_check_in=_local_date(key_result.last_check_in_at),
        created=_local_date(key_result.created_at),
        pk=key_result.pk,
    )


def _objective_spec(objective: Objective) -> ObjectiveSpec:
    return ObjectiveSpec(
        title=objective.title,
        kind=objective.kind,
        origin=objective.origin,
        description=objective.description,
        owner=objective.owner.email,
        aligned_to=[str(a.parent) for a in objective.alignments.all()],
        key_results=[_key_result_spec(kr) for kr in objective.active_key_results()],
        pk=objective.pk,
    )


def spec_for_unit(
    unit: Unit, cycle: Cycle, *, objectives: Sequence[Objective] | None = None
) -> OkrSet:
    """The unit's active objectives and key results in the cycle, as the coach sees them.

    `objectives` (from `unit_objectives`) saves reading them again.
    """
    if objectives is None:
        objectives = unit_objectives(unit, [cycle])
    return OkrSet(
        objectives=[
            _objective_spec(o) for o in objectives if o.cycle_id == cycle.pk and o.is_active
        ],
        cycle=CycleSpec(name=cycle.name, start=cycle.start, end=cycle.end),
        unit=unit.name,
        top_level=unit.parent_id is None,
        complete=True,
    )


# Findings, resolved to the objects they concern ----------------------------------------------


@dataclass
class ResolvedFinding:
    """A finding with the objective or key result it is about (None for unit-wide ones)."""

    finding: Finding
    objective: Objective | None = None
    key_result: KeyResult | None = None

    @property
    def code(self) -> Code:
        return CODES[self.finding.code]

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS[self.finding.severity])


@dataclass
class ParentSuggestion:
    """An objective or key result above that an unaligned objective probably supports."""

    objective: Objective  # the objective itself, or the key result's objective
    key_result: KeyResult | None
    score: float

    @property
    def title(self) -> str:
        return self.key_result.title if self.key_result else self.objective.title


@dataclass
class KeyResultFindings:
    key_result: KeyResult
    findings: list[ResolvedFinding]


@dataclass
class ObjectiveFindings:
    """One objective with the findings about it and about its key results."""

    objective: Objective
    findings: list[ResolvedFinding]
    key_results: list[KeyResultFindings]  # only key results with findings
    suggestions: list[ParentSuggestion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.findings) + sum(len(k.findings) for k in self.key_results)


@dataclass
class CyclePattern:
    """What one cycle of the unit looked like, for the patterns over time."""

    cycle: Cycle
    objectives: int
    aspirational: int
    aspirational_average: float | None  # final score (closed) or progress so far
    aspirational_high: int  # aspirational objectives at or above SANDBAG_SCORE
    sandbagged: bool  # a closed cycle where (nearly) every aspirational objective ended high
    key_results: int
    # None while the cycle is too young to tell (before half of it has passed).
    stuck: int | None
    stale: int | None
    top_down: int
    # The top of the organization: its objectives are top-down by nature (no ORIGIN_MIX).
    top_level: bool = False

    @property
    def stale_share(self) -> float | None:
        if self.stale is None or not self.key_results:
            return None
        return self.stale / self.key_results

    @property
    def top_down_share(self) -> float | None:
        return self.top_down / self.objectives if self.objectives else None

    @property
    def mix_far(self) -> bool:
        share = self.top_down_share
        if share is None or self.top_level or self.objectives < ORIGIN_MIX_MIN_OBJECTIVES:
            return False
        return not MIN_TOP_DOWN_SHARE <= share <= MAX_TOP_DOWN_SHARE


@dataclass
class Patterns:
    cycles: list[CyclePattern]  # newest first
    sandbagged_cycles: list[Cycle]

    @property
    def sandbagging(self) -> bool:
        return len(self.sandbagged_cycles) >= SANDBAG_CYCLES

    @property
    def judged_cycles(self) -> int:
        """Closed cycles with aspirational objectives: those that say something about ambition."""
        return sum(1 for p in self.cycles if p.cycle.is_closed and p.aspirational)

    @property
    def stuck_total(self) -> int:
        return sum(p.stuck or 0 for p in self.cycles)


@dataclass
class Health:
    """The OKR health of a unit in a cycle: the findings, grouped, and the patterns over time."""

    unit: Unit
    cycle: Cycle
    spec: OkrSet
    findings: list[ResolvedFinding]  # all, errors first
    general: list[ResolvedFinding]  # about the unit and cycle as a whole
    objectives: list[ObjectiveFindings]  # every objective, in the unit page's order
    patterns: Patterns
    parent_unit: Unit | None = None  # where the alignment suggestions come from

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def counts(self) -> list[tuple[Severity, str, int]]:
        return [(s, str(SEVERITY_LABELS[s]), self.count(s)) for s in Severity]

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def hints(self) -> int:
        return self.count(Severity.INFO)


def resolve_findings(
    findings: Iterable[Finding], spec: OkrSet, objectives: Sequence[Objective]
) -> list[ResolvedFinding]:
    """Each finding with the objective or key result its `item` points at."""
    objective_by_pk = {o.pk: o for o in objectives}
    key_result_by_pk = {kr.pk: kr for o in objectives for kr in o.key_results.all()}
    resolved: list[ResolvedFinding] = []
    for finding in findings:
        match = _ITEM.match(finding.item)
        objective: Objective | None = None
        key_result: KeyResult | None = None
        if match:
            i = int(match.group(1))
            if i < len(spec.objectives):
                objective_spec = spec.objectives[i]
                objective = objective_by_pk.get(objective_spec.pk or 0)
                if match.group(2) is not None:
                    j = int(match.group(2))
                    if j < len(objective_spec.key_results):
                        key_result = key_result_by_pk.get(objective_spec.key_results[j].pk or 0)
        resolved.append(ResolvedFinding(finding, objective, key_result))
    return resolved


def _group(
    resolved: list[ResolvedFinding], objectives: Sequence[Objective]
) -> tuple[list[ResolvedFinding], list[ObjectiveFindings]]:
    general = [r for r in resolved if r.objective is None]
    groups: list[ObjectiveFindings] = []
    for objective in objectives:
        own = [r for r in resolved if r.objective is objective and r.key_result is None]
        key_results = []
        for key_result in objective.active_key_results():
            about = [r for r in resolved if r.key_result is key_result]
            if about:
                key_results.append(KeyResultFindings(key_result, about))
        groups.append(ObjectiveFindings(objective, own, key_results))
    return general, groups


# Patterns over time ------------------------------------------------------------------------


def pattern_cycles(unit: Unit, cycle: Cycle) -> list[Cycle]:
    """The cycle and up to five before it in which the unit had objectives (1 query)."""
    return list(
        Cycle.objects.filter(organization_id=cycle.organization_id, start__lte=cycle.start)
        .filter(Q(pk=cycle.pk) | Q(objectives__unit=unit, objectives__state=GoalState.ACTIVE))
        .distinct()
        .order_by("-start", "-pk")[:PATTERN_CYCLES]
    )


def _stuck(key_result: KeyResult) -> bool:
    """Never moved: no check-in at all, or back at (still at) the start value."""
    if key_result.last_check_in_at is None:
        return True
    return key_result.start is not None and key_result.value == key_result.start


def _stale(key_result: KeyResult, cycle: Cycle, on: dt.date) -> bool:
    """No check-in for more than STALE_DAYS before `on`, as the STALE check counts it.

    Never checked in: counted from its creation; planned before the cycle: from its start.
    Reached its target: nobody needs to check in any more.
    """
    if key_result.current is not None and key_result.progress >= 1.0:
        return False
    last = _local_date(key_result.last_check_in_at) or _local_date(key_result.created_at)
    return last is not None and (on - max(last, cycle.start)).days > STALE_DAYS


def cycle_pattern(
    cycle: Cycle, objectives: Sequence[Objective], today: dt.date, *, top_level: bool = False
) -> CyclePattern:
    """The pattern figures of one cycle from the unit's active objectives in it (no queries)."""
    aspirational = [o.progress for o in objectives if o.kind == ObjectiveKind.ASPIRATIONAL]
    high = sum(1 for score in aspirational if score >= SANDBAG_SCORE)
    key_results = [kr for o in objectives for kr in o.active_key_results()]
    elapsed = cycle.elapsed_fraction(today)
    # Key results stuck at the start say something only once there was time to move them.
    stuck = sum(1 for kr in key_results if _stuck(kr)) if elapsed > 0.5 else None
    # Staleness at the cycle's end for past cycles, today for the running one.
    on = min(today, cycle.end)
    stale = sum(1 for kr in key_results if _stale(kr, cycle, on)) if today >= cycle.start else None
    return CyclePattern(
        cycle=cycle,
        objectives=len(objectives),
        aspirational=len(aspirational),
        aspirational_average=(sum(aspirational) / len(aspirational)) if aspirational else None,
        aspirational_high=high,
        sandbagged=bool(
            cycle.is_closed and aspirational and high / len(aspirational) >= SANDBAG_SHARE
        ),
        key_results=len(key_results),
        stuck=stuck,
        stale=stale,
        top_down=sum(1 for o in objectives if o.origin == Origin.TOP_DOWN),
        top_level=top_level,
    )


def patterns(
    cycles: Sequence[Cycle],
    objectives: Sequence[Objective],
    today: dt.date,
    *,
    top_level: bool = False,
) -> Patterns:
    """The patterns over time; `top_level` for the top of the organization (no mix target)."""
    rows = [
        cycle_pattern(c, [o for o in objectives if o.cycle_id == c.pk], today, top_level=top_level)
        for c in cycles
    ]
    return Patterns(cycles=rows, sandbagged_cycles=[p.cycle for p in rows if p.sandbagged])


# Alignment suggestions ---------------------------------------------------------------------


def _objective_text(objective: Objective) -> str:
    return f"{objective.title}\n{objective.description}".strip()


def parent_candidates(unit: Unit, cycle: Cycle) -> tuple[Unit | None, list[Objective]]:
    """The nearest unit above with active objectives in the cycle, and those objectives.

    Three queries whatever the depth: the ancestors, their objectives, their key results.
    """
    ancestors = unit.ancestor_ids()
    if not ancestors:
        return None, []
    candidates = list(
        Objective.objects.active()
        .filter(cycle=cycle, unit_id__in=ancestors)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "key_results",
                queryset=KeyResult.objects.filter(state=GoalState.ACTIVE).order_by(
                    "position", "pk"
                ),
            )
        )
        .order_by("pk")
    )
    for unit_id in ancestors:  # nearest first
        here = [o for o in candidates if o.unit_id == unit_id]
        if here:
            return here[0].unit, here
    return None, []


def suggest_alignments(
    objective: Objective, candidates: Sequence[Objective], *, limit: int = SUGGESTIONS
) -> list[ParentSuggestion]:
    """The objectives and key results above that this objective most likely supports."""
    if not candidates:
        return []
    options: list[tuple[Objective, KeyResult | None]] = []
    for candidate in candidates:
        options.append((candidate, None))
        options.extend((candidate, kr) for kr in candidate.key_results.all())
    texts = [_objective_text(o) if kr is None else kr.title for o, kr in options]
    return [
        ParentSuggestion(options[s.index][0], options[s.index][1], s.score)
        for s in suggest_parents(
            _objective_text(objective), texts, limit=limit, min_score=SUGGESTION_MIN_SCORE
        )
    ]


# The health page ---------------------------------------------------------------------------


def unit_health(unit: Unit, cycle: Cycle, *, today: dt.date) -> Health:
    """Findings and patterns of the unit in the cycle.

    Four queries (the pattern cycles; objectives, key results and alignments of all of
    them), plus three when an objective is not aligned (the units above, their objectives
    and key results).
    """
    cycles = pattern_cycles(unit, cycle)
    if all(c.pk != cycle.pk for c in cycles):  # only if more than six share its start
        cycles = [cycle, *cycles[: PATTERN_CYCLES - 1]]
    objectives = unit_objectives(unit, cycles)
    current = [o for o in objectives if o.cycle_id == cycle.pk]
    spec = spec_for_unit(unit, cycle, objectives=current)
    # STALE asks for check-ins: only while the cycle runs (not once it is closed early).
    running = cycle.state == CycleState.ACTIVE
    findings = check_set(spec, today=today if running else None)
    resolved = resolve_findings(sort_findings(findings), spec, current)
    general, groups = _group(resolved, current)

    parent_unit: Unit | None = None
    unaligned = [g for g in groups if any(r.finding.code == "NOT_ALIGNED" for r in g.findings)]
    if unaligned:
        parent_unit, candidates = parent_candidates(unit, cycle)
        for group in unaligned:
            group.suggestions = suggest_alignments(group.objective, candidates)

    return Health(
        unit=unit,
        cycle=cycle,
        spec=spec,
        findings=resolved,
        general=general,
        objectives=groups,
        patterns=patterns(cycles, objectives, today, top_level=unit.parent_id is None),
        parent_unit=parent_unit,
    )
