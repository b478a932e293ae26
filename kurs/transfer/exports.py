"""OKRs out as XLSX, CSV and Markdown: a unit, a cycle or the whole organization.

One selector (`collect_for_user` for the web, `collect_for_organization` for the CLI)
reads everything in a fixed number of queries; the three writers only format it.

Scope: a unit means that unit alone, not the units below it (each has its own page and
export, and "the whole organization" covers the tree); no cycle means all cycles. Only
active objectives and key results are exported: retired ones no longer count, and a
re-imported file must not bring them back.

Everything is worded in the given language (status words, headers, numbers and dates).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurs.goals.models import Cycle, KeyResult, Metric, Objective, ObjectiveQuerySet
from kurs.goals.scoring import Status
from kurs.goals.templatetags.kurs import STATUS_LABELS, percent
from kurs.lib.formats import format_number
from kurs.orgs.models import Organization, Unit, User

FORMATS = ("xlsx", "csv", "md")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
# Progress is reported to the CLI after this many objectives.
PROGRESS_EVERY = 100

Progress = Callable[[int, int], None]


# Reading ----------------------------------------------------------------------------


@dataclass
class UnitSection:
    """The objectives of one unit (in one cycle when the export has a single cycle)."""

    unit: Unit
    objectives: list[Objective] = field(default_factory=list)

    @property
    def key_result_count(self) -> int:
        return sum(len(o.active_key_results()) for o in self.objectives)

    @property
    def average_progress(self) -> float | None:
        if not self.objectives:
            return None
        return sum(o.progress for o in self.objectives) / len(self.objectives)

    def status_counts(self) -> dict[Status, int]:
        counts = dict.fromkeys(Status, 0)
        for objective in self.objectives:
            counts[objective.status] += 1
        return counts


@dataclass
class Export:
    """What to export: the scope and its objectives, key results prefetched."""

    organization: Organization
    unit: Unit | None
    cycle: Cycle | None
    objectives: list[Objective]

    @property
    def many_cycles(self) -> bool:
        """No single cycle chosen: rows need to say which cycle they belong to."""
        return self.cycle is None

    def sections(self) -> list[UnitSection]:
        """Per unit, in the order the objectives were read (units by depth and name)."""
        by_unit: dict[int, UnitSection] = {}
        for objective in self.objectives:
            section = by_unit.get(objective.unit_id)
            if section is None:
                section = by_unit[objective.unit_id] = UnitSection(objective.unit)
            section.objectives.append(objective)
        if self.unit is not None and not by_unit:
            # An empty unit still gets its (empty) sheet or heading.
            return [UnitSection(self.unit)]
        return list(by_unit.values())

    def cycle_sections(self) -> list[tuple[Cycle, list[UnitSection]]]:
        """Per cycle (newest first), then per unit: the Markdown outline."""
        cycles: dict[int, tuple[Cycle, dict[int, UnitSection]]] = {}
        for objective in sorted(
            self.objectives, key=lambda o: (-o.cycle.start.toordinal(), o.cycle.name)
        ):
            _cycle, units = cycles.setdefault(objective.cycle_id, (objective.cycle, {}))
            section = units.get(objective.unit_id)
            if section is None:
                section = units[objective.unit_id] = UnitSection(objective.unit)
            section.objectives.append(objective)
        return [(c, list(units.values())) for c, units in cycles.values()]

    def title(self) -> str:
        """ "Marketing · Q2 2026", "Muster GmbH · all cycles"."""
        who = self.unit.name if self.unit is not None else self.organization.name
        when = self.cycle.name if self.cycle is not None else _("all cycles")
        return f"{who} · {when}"

    def filename(self, extension: str) -> tuple[str, str]:
        """An ASCII file name ("marketing-q2-2026.xlsx") and a Unicode one (umlauts)."""
        parts = [self.unit.name if self.unit is not None else self.organization.name]
        if self.cycle is not None:
            parts.append(self.cycle.name)

        def join(allow_unicode: bool) -> str:
            # Slashes and the like become word breaks, not glued-together words.
            words = [slugify(re.sub(r"[^\w]+", " ", p), allow_unicode=allow_unicode) for p in parts]
            return "-".join(w for w in words if w) or "okrs"

        return f"{join(False)}.{extension}", f"{join(True)}.{extension}"


def _read(
    objectives: ObjectiveQuerySet,
    organization: Organization,
    unit: Unit | None,
    cycle: Cycle | None,
) -> Export:
    # Two queries whatever the size: objectives with cycle, organization, unit and
    # owner joined, then every key result with its owner.
    queryset = objectives.active().with_scoring()
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if cycle is not None:
        queryset = queryset.filter(cycle=cycle)
    ordered = queryset.order_by(
        "unit__depth", "unit__name", "unit_id", "-cycle__start", "cycle__name", "pk"
    )
    return Export(organization, unit, cycle, list(ordered))


def collect_for_user(user: User, unit: Unit | None, cycle: Cycle | None) -> Export:
    """What `user` may see of the scope (the caller has already 404ed foreign units/cycles)."""
    assert user.organization is not None
    return _read(Objective.objects.visible_to(user), user.organization, unit, cycle)


def collect_for_organization(
    organization: Organization, unit: Unit | None, cycle: Cycle | None
) -> Export:
    """The whole scope of an organization, for the command line."""
    return _read(Objective.objects.filter(organization=organization), organization, unit, cycle)


# Shared wording --------------------------------------------------------------------

# The importer (kurs.transfer.sheets) recognises exactly these headers, so they are a
# file format rather than prose: kept here, not in the catalogue, so that a change of
# wording in a translation cannot break the round trip.
IMPORT_HEADERS = {
    "en": {
        "unit": "Unit",
        "objective": "Objective",
        "key_result": "Key result",
        "owner": "Owner",
        "start": "Start",
        "target": "Target",
        "current": "Current",
        "unit_label": "Unit label",
    },
    "de": {
        "unit": "Einheit",
        "objective": "Ziel",
        "key_result": "Schlüsselergebnis",
        "owner": "Verantwortlich",
        "start": "Start",
        "target": "Zielwert",
        "current": "Aktuell",
        "unit_label": "Maßeinheit",
    },
}


def _language_code() -> str:
    return "de" if (translation.get_language() or "en").startswith("de") else "en"


def _header(name: str) -> str:
    fixed = IMPORT_HEADERS[_language_code()]
    if name in fixed:
        return fixed[name]
    return {
        "cycle": _("Cycle"),
        "status": _("Status"),
        "progress": _("Progress"),
        "progress_percent": _("Progress (%)"),
        "confidence": _("Confidence"),
        "last_check_in": _("Last check-in"),
        "objectives": _("Objectives"),
        "key_results": _("Key results"),
        "average_progress": _("Average progress"),
    }[name]


def status_word(status: Status) -> str:
    return str(STATUS_LABELS[status])


def _start_and_target(key_result: KeyResult) -> tuple[float | None, float | None]:
    # A range has no start and target of its own: its bounds stand in for them.
    if key_result.metric == Metric.RANGE:
        return key_result.range_min, key_result.range_max
    return key_result.start, key_result.target


def _check_in_date(key_result: KeyResult) -> dt.date | None:
    if key_result.last_check_in_at is None:
        return None
    return timezone.localtime(key_result.last_check_in_at).date()


def _report(done: int, total: int, on_progress: Progress | None) -> None:
    if on_progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
        on_progress(done, total)


def _rows(
    export: Export, on_progress: Progress | None
) -> Iterator[tuple[Objective, KeyResult | None]]:
    """(objective, key result) per key result; (objective, None) for one without any."""
    total = len(export.objectives)
    for done, objective in enumerate(export.objectives, start=1):
        key_results = objective.active_key_results()
        if not key_results:
            yield objective, None
        for key_result in key_results:
            yield objective, key_result
        _report(done, total, on_progress)


# CSV --------------------------------------------------------------------------------


def _csv_number(value: float | None, decimal_comma: bool) -> str:
    """Plain digits, no grouping (a spreadsheet would read "1.234" as 1.234), the locale's
    decimal mark; the shortest form that reads back as the same float."""
    if value is None:
        return ""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if decimal_comma else text


# A cell starting with one of these is run as a formula by spreadsheet programs
# ("CSV injection"); a leading apostrophe keeps it text, and the importer drops it again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def to_csv(export: Export, language: str, on_progress: Progress | None = None) -> bytes:
    """One row per key result, the objective repeated; German: `;` and decimal comma."""
    with translation.override(language):
        german = _language_code() == "de"
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";" if german else ",", lineterminator="\r\n")
        columns = ["unit", "objective", "key_result", "owner", "start", "target", "current"]
        columns += ["unit_label"]
        extra = ["status", "progress_percent", "confidence", "last_check_in"]
        writer.writerow(
            [_header(c) for c in columns]
            + ([_header("cycle")] if export.many_cycles else [])
            + [_header(c) for c in extra]
        )
        for objective, key_result in _rows(export, on_progress):
            item: Objective | KeyResult = key_result or objective
            if key_result is not None:
                start, target = _start_and_target(key_result)
                numbers = [start, target, key_result.value]
                owner = key_result.owner.email
                label = key_result.unit_label
                confidence = "" if key_result.confidence is None else str(key_result.confidence)
                checked = _check_in_date(key_result)
            else:
                numbers, owner, label, confidence, checked = (
                    [None] * 3,
                    objective.owner.email,
                    "",
                    "",
                    None,
                )
            writer.writerow(
                [
                    _csv_text(objective.unit.name),
                    _csv_text(objective.title),
                    _csv_text(key_result.title) if key_result is not None else "",
                    _csv_text(owner),
                    *(_csv_number(n, german) for n in numbers),
                    _csv_text(label),
                ]
                + ([_csv_text(objective.cycle.name)] if export.many_cycles else [])
                + [
                    status_word(item.status),
                    _csv_number(round(item.progress * 100, 1), german),
                    confidence,
                    checked.isoformat() if checked else "",
                ]
            )
        # The byte order mark tells Excel the file is UTF-8 (umlauts stay umlauts).
        return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


# Markdown ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """Text that Markdown shows as typed: no emphasis, links, HTML or broken tables."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_value(value: float | None, unit_label: str) -> str:
    shown = format_number(value)
    return f"{shown} {md_escape(unit_label)}" if unit_label and value is not None else shown


def _md_objective(objective: Objective, level: int) -> list[str]:
    lines = [
        f"{'#' * level} {md_escape(objective.title)}",
        "",
        _("**%(status)s** · %(progress)s · owner: %(owner)s")
        % {
            "status": status_word(objective.status),
            "progress": percent(objective.progress),
            "owner": md_escape(objective.owner.name),
        },
        "",
    ]
    key_results = objective.active_key_results()
    if not key_results:
        return [*lines, _("No key results yet."), ""]
    lines += [
        "| "
        + " | ".join(
            [
                _("Key result"),
                _("Owner"),
                _("Start → current → target"),
                _("Progress"),
                _("Status"),
                _("Confidence"),
                _("Last check-in"),
            ]
        )
        + " |",
        "| --- | --- | --- | ---: | --- | ---: | --- |",
    ]
    for key_result in key_results:
        start, target = _start_and_target(key_result)
        if key_result.metric == Metric.RANGE:
            goal = f"{format_number(start)}–{format_number(target)}"
            if key_result.unit_label:
                goal += f" {md_escape(key_result.unit_label)}"
        else:
            goal = _md_value(target, key_result.unit_label)
        values = (
            f"{format_number(start)} → {format_number(key_result.value)} → {goal}"
            if key_result.metric != Metric.RANGE
            else f"{format_number(key_result.value)} → {goal}"
        )
        confidence = (
            f"{key_result.confidence}/10 ({key_result.confidence_level})"
            if key_result.confidence is not None
            else "–"
        )
        checked = _check_in_date(key_result)
        lines.append(
            "| "
            + " | ".join(
                [
                    md_escape(key_result.title),
                    md_escape(key_result.owner.name),
                    values,
                    percent(key_result.progress),
                    status_word(key_result.status),
                    confidence,
                    checked.isoformat() if checked else "–",
                ]
            )
            + " |"
        )
    return [*lines, ""]


def to_markdown(export: Export, language: str, on_progress: Progress | None = None) -> str:
    """Headings per (cycle and) unit and objective; key results as a table with words."""
    with translation.override(language):
        lines = [
            f"# {md_escape(export.title())}",
            "",
            "_"
            + _("Exported from Kurs on %(date)s · %(organization)s")
            % {
                "date": timezone.localdate().isoformat(),
                "organization": md_escape(export.organization.name),
            }
            + "_",
            "",
        ]
        total, done = len(export.objectives), 0
        if export.many_cycles:
            outline = [
                (f"## {md_escape(c.name)}", sections, 3) for c, sections in export.cycle_sections()
            ]
        else:
            outline = [("", export.sections(), 2)]
        if not export.objectives:
            lines += [_("No objectives yet."), ""]
        for heading, sections, level in outline:
            if heading:
                lines += [heading, ""]
            for section in sections:
                lines += [f"{'#' * level} {md_escape(section.unit.name)}", ""]
                if section.average_progress is not None:
                    lines += [
                        ngettext(
                            "%(count)d objective, average progress %(progress)s",
                            "%(count)d objectives, average progress %(progress)s",
                            len(section.objectives),
                        )
                        % {
                            "count": len(section.objectives),
                            "progress": percent(section.average_progress),
                        },
                        "",
                    ]
                for objective in section.objectives:
                    lines += _md_objective(objective, level + 1)
                    done += 1
                    _report(done, total, on_progress)
        return "\n".join(lines).rstrip("\n") + "\n"


# XLSX -------------------------------------------------------------------------------

# Fill and text colour per status: Excel's own "Good / Neutral / Bad" pairs, dark text
# on a light fill (contrast 5:1 or more), so the status reads without colour too.
STATUS_STYLES = {
    Status.ON_TRACK: ("C6EFCE", "006100"),
    Status.AT_RISK: ("FFEB9C", "7A4400"),
    Status.OFF_TRACK: ("FFC7CE", "9C0006"),
    Status.NOT_STARTED: ("EDEDED", "3A3A3A"),
}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet name: ≤ 31 characters, none of []:*?/\\, not "History"."""
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", name).split()).strip("'") or "–"
    if base.casefold() == "history":  # reserved by Excel
        base = f"{base} (1)"
    candidate = base[:SHEET_NAME_MAX]
    number = 2
    # Excel compares sheet names without regard to letter case.
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def to_xlsx(export: Export, language: str, on_progress: Progress | None = None) -> bytes:
    """A Summary sheet, then one sheet per unit with a styled, frozen, filterable table."""
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped,unused-ignore]

    with translation.override(language):
        german = _language_code() == "de"
        date_format = "DD.MM.YYYY" if german else "YYYY-MM-DD"
        bold = Font(bold=True)
        header_fill = PatternFill("solid", fgColor="DDE3EA")
        fills = {s: PatternFill("solid", fgColor=f) for s, (f, _t) in STATUS_STYLES.items()}
        fonts = {s: Font(color=t, bold=True) for s, (_f, t) in STATUS_STYLES.items()}

        def table_header(sheet: Worksheet, headers: list[str], widths: list[int]) -> None:
            sheet.append(headers)
            for index, width in enumerate(widths, start=1):
                cell = sheet.cell(row=1, column=index)
                cell.font = bold
                cell.fill = header_fill
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                sheet.column_dimensions[get_column_letter(index)].width = width
            sheet.freeze_panes = "A2"

        def finish(sheet: Worksheet, columns: int) -> None:
            last = get_column_letter(columns)
            sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"

        def style_status(sheet: Worksheet, row: int, column: int, status: Status) -> None:
            cell = sheet.cell(row=row, column=column)
            cell.fill = fills[status]
            cell.font = fonts[status]

        workbook = Workbook()
        summary = workbook.active
        assert summary is not None
        taken: set[str] = set()
        summary.title = sheet_name(_("Summary"), taken)
        sections = export.sections()

        summary_headers = [
            _header("unit"),
            _header("objectives"),
            _header("key_results"),
            *(status_word(s) for s in STATUS_STYLES),
            _header("average_progress"),
        ]
        table_header(summary, summary_headers, [32, 12, 14, 12, 12, 12, 14, 18])
        for section in sections:
            counts = section.status_counts()
            summary.append(
                [
                    section.unit.name,
                    len(section.objectives),
                    section.key_result_count,
                    *(counts[s] for s in STATUS_STYLES),
                    section.average_progress,
                ]
            )
            row = summary.max_row
            summary.cell(row=row, column=len(summary_headers)).number_format = "0%"
            for offset, status in enumerate(STATUS_STYLES):
                if counts[status]:
                    style_status(summary, row, 4 + offset, status)
        finish(summary, len(summary_headers))
        summary.append([])
        summary.append(
            [
                _("Exported from Kurs on %(date)s · %(organization)s")
                % {"date": timezone.localdate().isoformat(), "organization": export.title()}
            ]
        )
        workbook.properties.title = export.title()
        workbook.properties.creator = "Kurs"

        names = ["objective", "key_result", "owner"]
        names += ["cycle"] if export.many_cycles else []
        names += ["start", "current", "target", "unit_label", "progress", "status"]
        names += ["confidence", "last_check_in"]
        widths = {
            "objective": 40,
            "key_result": 48,
            "owner": 20,
            "cycle": 16,
            "start": 10,
            "current": 10,
            "target": 10,
            "unit_label": 14,
            "progress": 11,
            "status": 16,
            "confidence": 11,
            "last_check_in": 14,
        }
        column = {name: index for index, name in enumerate(names, start=1)}
        total, done = len(export.objectives), 0
        for section in sections:
            sheet = workbook.create_sheet(sheet_name(section.unit.name, taken))
            table_header(sheet, [_header(n) for n in names], [widths[n] for n in names])
            for objective in section.objectives:
                # The objective's own row (bold) with its progress and status, then one
                # row per key result with the objective repeated, so a filter keeps it.
                key_results: list[KeyResult | None] = [None, *objective.active_key_results()]
                for key_result in key_results:
                    item: Objective | KeyResult = key_result or objective
                    values: dict[str, object] = {
                        "objective": objective.title,
                        "key_result": key_result.title if key_result else None,
                        "owner": item.owner.name,
                        "cycle": objective.cycle.name,
                        "progress": item.progress,
                        "status": status_word(item.status),
                    }
                    if key_result is not None:
                        start, target = _start_and_target(key_result)
                        values |= {
                            "start": start,
                            "current": key_result.value,
                            "target": target,
                            "unit_label": key_result.unit_label or None,
                            "confidence": key_result.confidence,
                            "last_check_in": _check_in_date(key_result),
                        }
                    sheet.append([values.get(n) for n in names])
                    row = sheet.max_row
                    sheet.cell(row=row, column=column["progress"]).number_format = "0%"
                    sheet.cell(row=row, column=column["last_check_in"]).number_format = date_format
                    for name in ("objective", "key_result"):
                        sheet.cell(row=row, column=column[name]).alignment = Alignment(
                            wrap_text=True, vertical="top"
                        )
                    if key_result is None:
                        for index in (column["objective"], column["owner"], column["progress"]):
                            sheet.cell(row=row, column=index).font = bold
                    style_status(sheet, row, column["status"], item.status)
                done += 1
                _report(done, total, on_progress)
            finish(sheet, len(names))

        for sheet in workbook.worksheets:
            _keep_text(sheet)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _keep_text(sheet: Any) -> None:
    """Mark text that starts with “=” as text: openpyxl stores it as a formula, and a
    title like “=SUM(…) customers” would open in Excel as #NAME? (or run)."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def render(
    export: Export, file_format: str, language: str, on_progress: Progress | None = None
) -> bytes:
    """The file in `file_format` (one of FORMATS) as bytes."""
    if file_format == "xlsx":
        return to_xlsx(export, language, on_progress)
    if file_format == "csv":
        return to_csv(export, language, on_progress)
    if file_format == "md":
        return to_markdown(export, language, on_progress).encode("utf-8")
    raise ValueError(file_format)
