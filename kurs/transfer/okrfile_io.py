"""YAML OKR files into and out of the database: `import_okr_set` and `export_okr_set`.

An import is all-or-nothing and idempotent. Objectives are matched by (cycle, unit,
title), key results by (objective, title): importing the same file twice writes nothing
the second time. The file is the truth for what it always states (kind, origin, metric,
start, target, unit label); the optional free fields (description, owner, aligned_to)
change a record only when the file gives them, so that a hand-written file without
owners does not hand every objective to the person importing it. Objectives and key
results in Kurs but not in the file are left alone and reported.

Every write goes through kurs.goals.actions (permissions, validation, history). The
whole import runs in one transaction; any problem, or a dry run, rolls it back, after
as many problems as possible were collected — each with its file line and field.

Range key results: the file's `start` and `target` are the range's minimum and maximum.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from kurs.coach.spec import METRICS, CycleSpec, KeyResultSpec, ObjectiveSpec, OkrSet
from kurs.goals import actions
from kurs.goals.actions import ParentRef
from kurs.goals.models import (
    Alignment,
    Cycle,
    CycleKind,
    CycleState,
    GoalState,
    KeyResult,
    Metric,
    Objective,
)
from kurs.orgs.models import Organization, Unit, User
from kurs.orgs.permissions import can_write

# How many objectives between two calls of the progress callback.
PROGRESS_EVERY = 25

# Field names of the actions' ValidationErrors, as the file calls them.
_OBJECTIVE_FIELD_NAMES = {
    "parents": "aligned_to",
    "unit_id": "unit",
    "cycle_id": "cycle",
    "__all__": "",
}
_KEY_RESULT_FIELD_NAMES = {
    "unit_label": "unit",
    "range_min": "start",
    "range_max": "target",
    "objective_id": "",
    "__all__": "",
}


@dataclass
class Problem:
    """Something in the file that stops the import: `FILE:LINE: field: message`."""

    line: int | None
    field: str  # where in the data: "unit", "objectives[0].key_results[1].target"
    message: str

    def format(self, path: str) -> str:
        where = f"{path}:{self.line}" if self.line else path
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class Change:
    """What the import does (or would do) to one cycle, objective or key result."""

    kind: str  # "cycle" | "objective" | "key_result"
    title: str
    action: str  # "created" | "updated" | "unchanged" | "skipped"
    line: int | None = None
    fields: list[str] = field(default_factory=list)  # the changed fields, as the file names them
    note: str = ""
    depth: int = 0  # 1 for key results (the preview indents them)


@dataclass
class ImportReport:
    """The outcome of an import: per item what happened, the problems, what was left alone."""

    path: str = ""
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Objectives and key results of the unit in the cycle that the file does not mention.
    not_in_file: list[str] = field(default_factory=list)
    unit: Unit | None = None
    cycle: Cycle | None = None

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.problems

    def count(self, kind: str, action: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind and c.action == action)

    def add_problem(self, line: int | None, field_name: str, message: str) -> None:
        self.problems.append(Problem(line, field_name, message))


class _Rollback(Exception):
    """Leaves the import's transaction without writing anything."""


def import_okr_set(
    organization: Organization,
    okrs: OkrSet,
    *,
    actor: User,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Load one unit's OKRs for one cycle into the organization, all or nothing.

    A dry run does everything a real import does, then rolls back: the report and its
    problems are the same. `progress(done, total)` is called every PROGRESS_EVERY objectives.
    """
    report = ImportReport(path=okrs.path, dry_run=dry_run)
    if actor.organization_id != organization.pk or not can_write(actor):
        report.add_problem(
            None,
            "",
            _("%(person)s may not write OKRs in “%(organization)s”.")
            % {"person": actor.email, "organization": organization.name},
        )
        return report
    try:
        with transaction.atomic():
            _Importer(organization, okrs, actor, report, progress).run()
            if report.problems or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _key(text: str) -> str:
    """Titles and names match regardless of case and surrounding or doubled spaces."""
    return " ".join(text.split()).casefold()


def _did_you_mean(wrong: str, choices: Sequence[str]) -> str:
    by_key = {_key(c): c for c in choices}
    close = difflib.get_close_matches(_key(wrong), list(by_key), n=1, cutoff=0.6)
    return (_(" Did you mean “%(name)s”?") % {"name": by_key[close[0]]}) if close else ""


def _top_level_line(path: str, key: str) -> int | None:
    """The line of a top-level key (`unit:`) in the file; OkrSet keeps no line for it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def _cycle_kind(start: dt.date, end: dt.date) -> str:
    days = (end - start).days + 1
    if 80 <= days <= 100:
        return CycleKind.QUARTER
    if 350 <= days <= 380:
        return CycleKind.YEAR
    return CycleKind.CUSTOM


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return float(a) == float(b)


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs of a ValidationError, with or without fields."""
    if hasattr(error, "error_dict"):
        return [
            (name, message) for name, messages in error.message_dict.items() for message in messages
        ]
    return [("", message) for message in error.messages]


class _Importer:
    """One import's state: what was resolved, what was written, what went wrong."""

    def __init__(
        self,
        organization: Organization,
        okrs: OkrSet,
        actor: User,
        report: ImportReport,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.organization = organization
        self.okrs = okrs
        self.actor = actor
        self.report = report
        self.progress = progress
        self.people: dict[str, User] = {}
        self.units: list[Unit] = []

    # The steps ----------------------------------------------------------------------

    def run(self) -> None:
        self.units = list(Unit.objects.filter(organization=self.organization).order_by("pk"))
        self._load_people()
        unit = self._resolve_unit()
        cycle = self._resolve_cycle()
        self.report.unit, self.report.cycle = unit, cycle
        self._check_duplicates()
        existing: dict[str, Objective] = {}
        candidates: list[Objective] = []
        if cycle is not None:
            existing, candidates = self._load_cycle(unit, cycle)
        total = len(self.okrs.objectives)
        seen: set[int] = set()
        for index, spec in enumerate(self.okrs.objectives):
            objective = existing.get(_key(spec.title))
            parents = self._resolve_parents(index, spec, unit, cycle, candidates)
            owner = self._person(spec.owner, spec.line, f"objectives[{index}].owner")
            if objective is not None:
                seen.add(objective.pk)
            if unit is None or cycle is None or parents is None:
                # Nothing can be written; the key results can still be checked.
                self._validate_key_results_alone(index, spec)
            elif objective is None:
                self._create_objective(index, spec, cycle, unit, owner, parents)
            else:
                self._update_objective(index, spec, objective, owner, parents)
            done = index + 1
            if self.progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                self.progress(done, total)
        self.report.not_in_file = [
            _("Objective “%(title)s”") % {"title": o.title}
            for o in existing.values()
            if o.pk not in seen and o.state == GoalState.ACTIVE
        ] + self.report.not_in_file

    def _load_people(self) -> None:
        emails = {
            e.strip().lower()
            for spec in self.okrs.objectives
            for e in [spec.owner, *(kr.owner for kr in spec.key_results)]
            if e and e.strip()
        }
        if emails:
            self.people = {
                u.email: u
                for u in User.objects.filter(organization=self.organization, email__in=emails)
            }

    def _person(self, email: str, line: int | None, field_name: str) -> User | None:
        if not email or not email.strip():
            return None
        person = self.people.get(email.strip().lower())
        if person is None:
            self.report.add_problem(
                line,
                field_name,
                _("nobody with the email “%(email)s” belongs to “%(organization)s”.")
                % {"email": email.strip(), "organization": self.organization.name},
            )
        elif not person.is_active:
            self.report.add_problem(
                line,
                field_name,
                _("%(email)s is deactivated and cannot own OKRs.") % {"email": person.email},
            )
            return None
        return person

    def _resolve_unit(self) -> Unit | None:
        name = self.okrs.unit.strip()
        line = _top_level_line(self.okrs.path, "unit") if self.okrs.path else None
        names = [u.name for u in self.units]
        if not name:
            self.report.add_problem(line, "unit", _("the file names no unit."))
            return None
        matches = [u for u in self.units if u.name == name] or [
            u for u in self.units if _key(u.name) == _key(name)
        ]
        if not matches:
            self.report.add_problem(
                line,
                "unit",
                _("unit “%(name)s” does not exist; units are: %(units)s.")
                % {"name": name, "units": ", ".join(sorted(names, key=str.casefold))}
                + _did_you_mean(name, names),
            )
            return None
        if len(matches) > 1:
            self.report.add_problem(
                line,
                "unit",
                _("there are %(count)d units named “%(name)s”; rename one of them in Kurs first.")
                % {"count": len(matches), "name": name},
            )
            return None
        return matches[0]

    def _resolve_cycle(self) -> Cycle | None:
        spec = self.okrs.cycle
        if spec is None or not spec.name.strip():
            self.report.add_problem(None, "cycle", _("the file names no cycle."))
            return None
        # As units: "2027-q1" is the cycle "2027-Q1", not a second one with the same dates.
        # Compared in Python: SQLite's iexact folds ASCII letters only ("ÜBERGANG").
        cycles = list(Cycle.objects.filter(organization=self.organization))
        cycle: Cycle | None = next(
            (c for c in cycles if c.name == spec.name.strip()),
            next((c for c in cycles if _key(c.name) == _key(spec.name)), None),
        )
        if cycle is None:
            return self._create_cycle(spec)
        for name, value in (("start", spec.start), ("end", spec.end)):
            if value is not None and value != getattr(cycle, name):
                self.report.add_problem(
                    spec.line,
                    f"cycle.{name}",
                    _(
                        "cycle “%(name)s” exists with %(field)s %(in_kurs)s, the file says "
                        "%(in_file)s; change one of them."
                    )
                    % {
                        "name": cycle.name,
                        "field": name,
                        "in_kurs": getattr(cycle, name).isoformat(),
                        "in_file": value.isoformat(),
                    },
                )
        if cycle.is_closed:
            self.report.add_problem(
                spec.line,
                "cycle",
                _("cycle “%(name)s” is closed; its scores are final.") % {"name": cycle.name},
            )
            return None
        self.report.changes.append(Change("cycle", cycle.name, "unchanged", spec.line))
        return cycle

    def _create_cycle(self, spec: CycleSpec) -> Cycle | None:
        missing = [n for n, v in (("start", spec.start), ("end", spec.end)) if v is None]
        for name in missing:
            self.report.add_problem(
                spec.line,
                f"cycle.{name}",
                _("cycle “%(name)s” does not exist yet; give its start and end to create it.")
                % {"name": spec.name},
            )
        if missing or spec.start is None or spec.end is None:
            return None
        today = timezone.localdate()
        try:
            cycle = actions.do_create_cycle(
                self.actor,
                name=spec.name,
                start=spec.start,
                end=spec.end,
                kind=_cycle_kind(spec.start, spec.end),
                state=CycleState.ACTIVE if spec.start <= today <= spec.end else CycleState.PLANNING,
            )
        except PermissionDenied:
            self.report.add_problem(
                spec.line,
                "cycle",
                _("cycle “%(name)s” does not exist, and only an org admin may create it.")
                % {"name": spec.name},
            )
            return None
        except ValidationError as error:
            for name, message in _messages(error):
                self.report.add_problem(spec.line, f"cycle.{name}" if name else "cycle", message)
            return None
        self.report.changes.append(Change("cycle", cycle.name, "created", spec.line))
        return cycle

    def _check_duplicates(self) -> None:
        seen: set[str] = set()
        for index, spec in enumerate(self.okrs.objectives):
            if _key(spec.title) in seen:
                self.report.add_problem(
                    spec.line,
                    f"objectives[{index}].title",
                    _("the objective “%(title)s” appears twice in the file.")
                    % {"title": spec.title},
                )
            seen.add(_key(spec.title))
            kr_seen: set[str] = set()
            for position, kr in enumerate(spec.key_results):
                if _key(kr.title) in kr_seen:
                    self.report.add_problem(
                        kr.line,
                        f"objectives[{index}].key_results[{position}].title",
                        _("the key result “%(title)s” appears twice in this objective.")
                        % {"title": kr.title},
                    )
                kr_seen.add(_key(kr.title))

    def _load_cycle(
        self, unit: Unit | None, cycle: Cycle
    ) -> tuple[dict[str, Objective], list[Objective]]:
        """The unit's objectives (to match) and every active one in the cycle (to align to)."""
        scope = Objective.objects.filter(organization=self.organization, cycle=cycle)
        if unit is not None and not any(spec.aligned_to for spec in self.okrs.objectives):
            # Nothing to align to: the unit's own objectives are enough. A spreadsheet
            # import calls this once per unit; loading the whole cycle each time grew
            # with the square of the file's size.
            scope = scope.filter(unit=unit)
        objectives = list(
            scope.select_related("cycle", "unit", "owner", "organization")
            .prefetch_related(
                Prefetch("key_results", queryset=KeyResult.objects.order_by("position", "pk")),
                "alignments",
            )
            .order_by("pk")
        )
        existing: dict[str, Objective] = {}
        for objective in objectives:
            if unit is None or objective.unit_id != unit.pk:
                continue
            current = existing.get(_key(objective.title))
            # An active objective wins over a retired one of the same title.
            if current is None or (not current.is_active and objective.is_active):
                existing[_key(objective.title)] = objective
        return existing, [o for o in objectives if o.is_active]

    # Alignment ----------------------------------------------------------------------

    def _resolve_parents(
        self,
        index: int,
        spec: ObjectiveSpec,
        unit: Unit | None,
        cycle: Cycle | None,
        candidates: list[Objective],
    ) -> list[ParentRef] | None:
        """The objectives or key results `aligned_to` names; None when one is not found."""
        refs: list[ParentRef] = []
        ok = cycle is not None
        for position, label in enumerate(spec.aligned_to):
            ref = self._resolve_parent(label, unit, candidates) if cycle is not None else None
            if ref is None:
                # Without the cycle (or the unit, for a bare title) there is nothing to
                # search; that problem is reported already.
                ok = False
            elif isinstance(ref, str):
                self.report.add_problem(
                    spec.line, f"objectives[{index}].aligned_to[{position}]", ref
                )
                ok = False
            else:
                refs.append(ref)
        return refs if ok else None

    def _resolve_parent(
        self, label: str, unit: Unit | None, candidates: list[Objective]
    ) -> ParentRef | str | None:
        """("objective"|"key_result", pk), the problem as a message, or None: unknowable."""
        unit_names = {_key(u.name) for u in self.units}
        parent_unit_name, title = "", label.strip()
        # "Unit: title" — a title may contain colons too, so the prefix must be a unit.
        for position, char in enumerate(label):
            if char == ":" and _key(label[:position]) in unit_names:
                parent_unit_name, title = label[:position].strip(), label[position + 1 :].strip()
                break
        if parent_unit_name:
            pool = [o for o in candidates if _key(o.unit.name) == _key(parent_unit_name)]
        elif unit is None:
            return None
        else:
            above = set(unit.ancestor_ids())
            pool = [o for o in candidates if o.unit_id in above]
        found: list[ParentRef] = [("objective", o.pk) for o in pool if _key(o.title) == _key(title)]
        if not found:
            found = [
                ("key_result", kr.pk)
                for o in pool
                for kr in o.key_results.all()
                if kr.is_active and _key(kr.title) == _key(title)
            ]
        if len(found) == 1:
            return found[0]
        cycle_name = self.okrs.cycle.name if self.okrs.cycle else ""
        if found:
            return _(
                "“%(label)s” matches %(count)d objectives or key results; "
                "write it as “Unit: title”."
            ) % {"label": label, "count": len(found)}
        titles = [o.title for o in pool] + [kr.title for o in pool for kr in o.key_results.all()]
        if parent_unit_name:
            message = _(
                "unit “%(unit)s” has no objective or key result “%(title)s” in cycle “%(cycle)s”."
            ) % {"unit": parent_unit_name, "title": title, "cycle": cycle_name}
        else:
            message = _(
                "no objective or key result “%(title)s” in the units above in cycle “%(cycle)s”; "
                "write it as “Unit: title” to align to another unit."
            ) % {"title": title, "cycle": cycle_name}
        return message + _did_you_mean(title, titles)

    # Objectives ---------------------------------------------------------------------

    def _objective_error(self, index: int, spec: ObjectiveSpec, error: Exception) -> None:
        if isinstance(error, PermissionDenied):
            self.report.add_problem(
                spec.line,
                f"objectives[{index}]",
                _("%(person)s may not write this objective.") % {"person": self.actor.email},
            )
            return
        assert isinstance(error, ValidationError)
        for name, message in _messages(error):
            name = _OBJECTIVE_FIELD_NAMES.get(name, name)
            self.report.add_problem(
                spec.line,
                f"objectives[{index}].{name}" if name else f"objectives[{index}]",
                message,
            )

    def _create_objective(
        self,
        index: int,
        spec: ObjectiveSpec,
        cycle: Cycle,
        unit: Unit,
        owner: User | None,
        parents: list[ParentRef],
    ) -> None:
        try:
            objective = actions.do_create_objective(
                self.actor,
                cycle=cycle,
                unit=unit,
                owner=owner or self.actor,
                title=spec.title,
                description=spec.description,
                kind=spec.kind,
                origin=spec.origin,
                parents=parents,
            )
        except (ValidationError, PermissionDenied) as error:
            self._objective_error(index, spec, error)
            self._validate_key_results_alone(index, spec)
            return
        self.report.changes.append(Change("objective", objective.title, "created", spec.line))
        for position, kr in enumerate(spec.key_results):
            self._create_key_result(index, position, kr, objective)

    def _update_objective(
        self,
        index: int,
        spec: ObjectiveSpec,
        objective: Objective,
        owner: User | None,
        parents: list[ParentRef],
    ) -> None:
        if not objective.is_active:
            self.report.changes.append(
                Change(
                    "objective",
                    objective.title,
                    "skipped",
                    spec.line,
                    note=_("retired in Kurs; left alone"),
                )
            )
            self._validate_key_results_alone(index, spec)
            return
        changes: dict[str, Any] = {}
        # Matched regardless of case and spacing: the file's wording wins.
        if spec.title != objective.title:
            changes["title"] = spec.title
        if spec.kind != objective.kind:
            changes["kind"] = spec.kind
        if spec.origin != objective.origin:
            changes["origin"] = spec.origin
        if spec.description.strip() and spec.description.strip() != objective.description:
            changes["description"] = spec.description
        if owner is not None and owner.pk != objective.owner_id:
            changes["owner"] = owner
        current = {
            ("objective", a.parent_objective_id)
            if a.parent_objective_id
            else ("key_result", a.parent_key_result_id)
            for a in objective.alignments.all()
        }
        new_parents = parents if parents and set(parents) != current else None
        fields = list(changes) + (["aligned_to"] if new_parents is not None else [])
        if fields:
            try:
                actions.do_update_objective(self.actor, objective, parents=new_parents, **changes)
            except (ValidationError, PermissionDenied) as error:
                self._objective_error(index, spec, error)
                self._validate_key_results_alone(index, spec)
                return
        self.report.changes.append(
            Change(
                "objective",
                objective.title,
                "updated" if fields else "unchanged",
                spec.line,
                fields,
            )
        )
        by_title: dict[str, KeyResult] = {}
        for kr in objective.key_results.all():
            if _key(kr.title) not in by_title or (
                kr.is_active and not by_title[_key(kr.title)].is_active
            ):
                by_title[_key(kr.title)] = kr
        in_file: set[int] = set()
        for position, kr_spec in enumerate(spec.key_results):
            key_result = by_title.get(_key(kr_spec.title))
            if key_result is None:
                self._create_key_result(index, position, kr_spec, objective)
            else:
                in_file.add(key_result.pk)
                self._update_key_result(index, position, kr_spec, key_result)
        self.report.not_in_file.extend(
            _("Key result “%(title)s” (of “%(objective)s”)")
            % {"title": kr.title, "objective": objective.title}
            for kr in objective.key_results.all()
            if kr.is_active and kr.pk not in in_file
        )

    # Key results --------------------------------------------------------------------

    @staticmethod
    def _values(spec: KeyResultSpec) -> dict[str, Any]:
        """The key result's measured fields as the model keeps them."""
        values: dict[str, Any] = {"metric": spec.metric, "unit_label": spec.unit.strip()}
        if spec.metric == Metric.RANGE:
            values.update(range_min=spec.start, range_max=spec.target)
        elif spec.metric != Metric.MILESTONE:
            values.update(start=spec.start, target=spec.target)
        return values

    def _key_result_error(
        self, index: int, position: int, spec: KeyResultSpec, error: Exception
    ) -> None:
        where = f"objectives[{index}].key_results[{position}]"
        if isinstance(error, PermissionDenied):
            self.report.add_problem(
                spec.line,
                where,
                _("%(person)s may not write this key result.") % {"person": self.actor.email},
            )
            return
        assert isinstance(error, ValidationError)
        for name, message in _messages(error):
            name = _KEY_RESULT_FIELD_NAMES.get(name, name)
            self.report.add_problem(spec.line, f"{where}.{name}" if name else where, message)

    def _check_metric(self, index: int, position: int, spec: KeyResultSpec) -> bool:
        if spec.metric in METRICS:
            return True
        self.report.add_problem(
            spec.line,
            f"objectives[{index}].key_results[{position}].metric",
            _("“%(metric)s” is not a metric; use one of %(metrics)s.")
            % {"metric": spec.metric, "metrics": ", ".join(METRICS)},
        )
        return False

    def _create_key_result(
        self, index: int, position: int, spec: KeyResultSpec, objective: Objective
    ) -> None:
        owner = self._person(
            spec.owner, spec.line, f"objectives[{index}].key_results[{position}].owner"
        )
        if not self._check_metric(index, position, spec):
            return
        try:
            key_result = actions.do_create_key_result(
                self.actor, objective, title=spec.title, owner=owner, **self._values(spec)
            )
        except (ValidationError, PermissionDenied) as error:
            self._key_result_error(index, position, spec, error)
            return
        self.report.changes.append(
            Change("key_result", key_result.title, "created", spec.line, depth=1)
        )

    def _update_key_result(
        self, index: int, position: int, spec: KeyResultSpec, key_result: KeyResult
    ) -> None:
        owner = self._person(
            spec.owner, spec.line, f"objectives[{index}].key_results[{position}].owner"
        )
        if not self._check_metric(index, position, spec):
            return
        if not key_result.is_active:
            self.report.changes.append(
                Change(
                    "key_result",
                    key_result.title,
                    "skipped",
                    spec.line,
                    note=_("retired in Kurs; left alone"),
                    depth=1,
                )
            )
            return
        changes: dict[str, Any] = {}
        if spec.title != key_result.title:
            changes["title"] = spec.title
        for name, value in self._values(spec).items():
            old = getattr(key_result, name)
            same = old == value if isinstance(value, str) else _same_number(old, value)
            if not same:
                changes[name] = value
        if owner is not None and owner.pk != key_result.owner_id:
            changes["owner"] = owner
        if changes:
            try:
                actions.do_update_key_result(self.actor, key_result, **changes)
            except (ValidationError, PermissionDenied) as error:
                self._key_result_error(index, position, spec, error)
                return
        names = [_KEY_RESULT_FIELD_NAMES.get(n, n) for n in changes]
        self.report.changes.append(
            Change(
                "key_result",
                key_result.title,
                "updated" if changes else "unchanged",
                spec.line,
                list(dict.fromkeys(names)),
                depth=1,
            )
        )

    def _validate_key_results_alone(self, index: int, spec: ObjectiveSpec) -> None:
        """Check key results whose objective cannot be written, so that all problems show."""
        for position, kr_spec in enumerate(spec.key_results):
            self._person(
                kr_spec.owner, kr_spec.line, f"objectives[{index}].key_results[{position}].owner"
            )
            if not self._check_metric(index, position, kr_spec):
                continue
            key_result = KeyResult(title=kr_spec.title.strip(), **self._values(kr_spec))
            errors: dict[str, list[str]] = {}
            for check in (
                partial(key_result.clean_fields, exclude=["objective", "owner"]),
                key_result.clean,
            ):
                try:
                    check()
                except ValidationError as error:
                    for name, message in _messages(error):
                        errors.setdefault(name, []).append(message)
            if errors:
                self._key_result_error(index, position, kr_spec, ValidationError(errors))


# Export -------------------------------------------------------------------------------


def export_okr_set(organization: Organization, unit: Unit, cycle: Cycle) -> OkrSet:
    """The unit's active objectives and key results in the cycle, as a file would state them.

    Three queries whatever the number of objectives: objectives, key results, alignments.
    """
    if unit.organization_id != organization.pk or cycle.organization_id != organization.pk:
        raise ValueError("unit and cycle must belong to the organization")
    objectives = (
        Objective.objects.filter(
            organization=organization, unit=unit, cycle=cycle, state=GoalState.ACTIVE
        )
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "key_results",
                queryset=KeyResult.objects.filter(state=GoalState.ACTIVE)
                .select_related("owner")
                .order_by("position", "pk"),
            ),
            Prefetch(
                "alignments",
                queryset=Alignment.objects.select_related(
                    "parent_objective__unit", "parent_key_result__objective__unit"
                ).order_by("pk"),
            ),
        )
        .order_by("pk")
    )
    specs = []
    for objective in objectives:
        aligned_to = []
        for alignment in objective.alignments.all():
            if alignment.parent_objective is not None:
                parent_unit, title = (
                    alignment.parent_objective.unit,
                    alignment.parent_objective.title,
                )
            else:
                assert alignment.parent_key_result is not None
                parent_kr = alignment.parent_key_result
                parent_unit, title = parent_kr.objective.unit, parent_kr.title
            aligned_to.append(f"{parent_unit.name}: {title}")
        specs.append(
            ObjectiveSpec(
                title=objective.title,
                kind=objective.kind,
                origin=objective.origin,
                description=objective.description,
                owner=objective.owner.email,
                aligned_to=aligned_to,
                key_results=[
                    _export_key_result(kr, objective) for kr in objective.key_results.all()
                ],
                pk=objective.pk,
            )
        )
    return OkrSet(
        objectives=specs,
        cycle=CycleSpec(name=cycle.name, start=cycle.start, end=cycle.end),
        unit=unit.name,
        top_level=unit.parent_id is None,
        complete=True,
    )


def _export_key_result(key_result: KeyResult, objective: Objective) -> KeyResultSpec:
    if key_result.metric == Metric.RANGE:
        start, target = key_result.range_min, key_result.range_max
    else:
        start, target = key_result.start, key_result.target
    last = key_result.last_check_in_at
    return KeyResultSpec(
        title=key_result.title,
        metric=key_result.metric,
        start=start,
        target=target,
        unit=key_result.unit_label,
        # The objective's owner is the default: the file names only other owners.
        owner=key_result.owner.email if key_result.owner_id != objective.owner_id else "",
        current=key_result.current,
        last_check_in=timezone.localdate(last) if last is not None else None,
        created=timezone.localdate(key_result.created_at),
        pk=key_result.pk,
    )
