"""`kurs import FILE --org NAME [--cycle NAME] [--dry-run] [--as EMAIL] [--skip-problem-rows]`.

Loads OKRs from a YAML OKR file, an Excel workbook (.xlsx) or a CSV file — chosen by
the file's extension — all or nothing.

Exit codes: 0 imported (or a clean dry run), 1 the file has problems (nothing written,
each printed on stderr as `FILE:LINE: field: message` for YAML files and as
`FILE:row N, column C: message` for spreadsheets), 2 the file cannot be read or parsed,
or the organization, cycle or person does not exist.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kurs.coach import checks
from kurs.coach.okrfile import OkrFileError, read
from kurs.coach.spec import OkrSet
from kurs.goals.models import Cycle, CycleState
from kurs.orgs.models import Organization, Role, User
from kurs.orgs.permissions import can_write
from kurs.transfer import sheets
from kurs.transfer.okrfile_io import PROGRESS_EVERY, Change, ImportReport, import_okr_set

YAML_SUFFIXES = (".yaml", ".yml")
# By extension, as the issue says: a .txt file is not taken for a CSV file here.
SHEET_SUFFIXES = (*sheets.XLSX_SUFFIXES, ".csv", ".tsv")
# --skip-problem-rows: skipping rows can uncover problems in others (an objective row
# skipped takes its key results along); a few rounds settle it.
SKIP_ROUNDS = 5

ACTION_LABELS = {
    "created": gettext_lazy("create"),
    "updated": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
    "skipped": gettext_lazy("skip"),
}


def _past(action: str) -> str:
    """The spreadsheet preview's actions (“create”) as the YAML report names them (“created”)."""
    return {"create": "created", "update": "updated", "skip": "skipped"}.get(action, action)


def organization_by_name(name: str) -> Organization:
    organization = Organization.objects.filter(name=name.strip()).first()
    if organization is None:
        raise CommandError(
            _("No organization named “%(name)s”.") % {"name": name.strip()}, returncode=2
        )
    return organization


class Command(BaseCommand):
    """Import an OKR file; the preview and summary go to stdout, problems and progress to stderr."""

    help = (
        "Import OKRs from a spreadsheet (.xlsx, .csv) or a YAML OKR file into an "
        "organization (all or nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the file: .xlsx, .csv, .yaml or .yml")
        parser.add_argument("--org", required=True, help="name of the organization")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would change and every problem, write nothing",
        )
        parser.add_argument(
            "--as",
            dest="actor",
            default=None,
            metavar="EMAIL",
            help="import as this person (default: the organization’s first admin)",
        )
        parser.add_argument(
            "--cycle",
            default=None,
            metavar="NAME",
            help="spreadsheets: the cycle to import into (default: the cycle running today)",
        )
        parser.add_argument(
            "--skip-problem-rows",
            action="store_true",
            help="spreadsheets: leave out the rows with problems and import the rest",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        suffix = path.suffix.lower()
        if suffix not in YAML_SUFFIXES + SHEET_SUFFIXES:
            raise CommandError(
                _("%(path)s: unknown file type; use .xlsx, .csv or a .yaml OKR file.")
                % {"path": path},
                returncode=2,
            )
        organization = organization_by_name(options["org"])
        actor = self._actor(organization, options["actor"])
        if suffix in SHEET_SUFFIXES:
            self._import_sheet(path, organization, actor, options)
            return
        try:
            okrs = read(path)
        except OkrFileError as error:
            raise CommandError(str(error), returncode=2) from error

        total = len(okrs.objectives)

        def progress(done: int, total: int) -> None:
            self.stderr.write(
                _("… %(done)d of %(total)d objectives") % {"done": done, "total": total}
            )

        report = import_okr_set(
            organization,
            okrs,
            actor=actor,
            dry_run=options["dry_run"],
            progress=progress if total > PROGRESS_EVERY else None,
        )
        self._print_preview(report)
        if report.problems:
            for problem in report.problems:
                self.stderr.write(problem.format(str(path)))
            self.stderr.write(
                ngettext(
                    "%(count)d problem; nothing was written.",
                    "%(count)d problems; nothing was written.",
                    len(report.problems),
                )
                % {"count": len(report.problems)}
            )
            raise SystemExit(1)
        self._print_summary(report)
        self._print_advice(okrs, report, str(path))

    # Spreadsheets ----------------------------------------------------------------------

    def _import_sheet(
        self, path: Path, organization: Organization, actor: User, options: dict[str, Any]
    ) -> None:
        try:
            table = sheets.read_table(path.read_bytes(), path.name)
        except FileNotFoundError:
            raise CommandError(f"{path}: " + _("file not found"), returncode=2) from None
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}", returncode=2) from error
        except sheets.SheetError as error:
            raise CommandError(f"{path}: {error}", returncode=2) from error
        cycle = self._cycle(organization, options["cycle"])
        mapping = sheets.guess_mapping(table.headers)
        self.stdout.write(
            _("Columns: %(columns)s")
            % {
                "columns": "; ".join(
                    f"{table.headers[i]} → {sheets.FIELD_LABELS[name]}"
                    for i, name in mapping.items()
                )
            }
        )
        ignored = [h for i, h in enumerate(table.headers) if i not in mapping]
        if ignored:
            self.stdout.write(_("Ignored columns: %(columns)s") % {"columns": "; ".join(ignored)})

        def progress(done: int, total: int) -> None:
            self.stderr.write(
                _("… %(done)s of %(total)s rows")
                % {
                    "done": number_format(done, force_grouping=True),
                    "total": number_format(total, force_grouping=True),
                }
            )

        arguments: dict[str, Any] = {
            "actor": actor,
            "cycle": cycle,
            "progress": progress if len(table.rows) > sheets.PROGRESS_ROWS else None,
        }
        skip: frozenset[int] = frozenset()
        skipped_problems: list[sheets.Problem] = []
        dry_run = options["dry_run"]
        if options["skip_problem_rows"]:
            result = sheets.preview(organization, table, mapping, **arguments)
            for _round in range(SKIP_ROUNDS):
                rows = sheets.problem_rows(result)
                if not rows or any(p.row is None for p in result.problems):
                    break
                skipped_problems.extend(result.problems)
                skip = skip | rows
                result = sheets.preview(organization, table, mapping, skip_rows=skip, **arguments)
            if not result.problems and not dry_run:
                result = sheets.run_import(
                    organization, table, mapping, skip_rows=skip, **arguments
                )
        else:
            # run_import writes nothing when it finds a problem: no preview needed first.
            run = sheets.preview if dry_run else sheets.run_import
            result = run(organization, table, mapping, **arguments)
        self._print_rows(result)
        for problem in dict.fromkeys(skipped_problems):
            self.stderr.write(
                _("%(where)s (row skipped)") % {"where": self._problem_line(path, problem)}
            )
        if result.problems:
            for problem in result.problems:
                self.stderr.write(self._problem_line(path, problem))
            self.stderr.write(
                ngettext(
                    "%(count)d problem; nothing was written.",
                    "%(count)d problems; nothing was written.",
                    len(result.problems),
                )
                % {"count": len(result.problems)}
            )
            raise SystemExit(1)
        self.stdout.write(
            _(
                "%(rows)d rows: %(created)d to create, %(updated)d to update, "
                "%(unchanged)d unchanged, %(skipped)d skipped."
            )
            % {
                "rows": len(result.rows),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": result.skipped,
            }
        )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(_("Imported into cycle “%(cycle)s”.") % {"cycle": cycle.name})

    @staticmethod
    def _problem_line(path: Path, problem: sheets.Problem) -> str:
        return f"{path}:{problem}" if problem.row is not None else f"{path}: {problem}"

    def _print_rows(self, result: sheets.Preview) -> None:
        for row in result.rows:
            if row.objective_action or not row.key_result:
                label = ACTION_LABELS.get(_past(row.objective_action or row.action), row.action)
                self.stdout.write(
                    _("%(action)s: Objective “%(title)s” (%(unit)s, row %(row)d)")
                    % {"action": label, "title": row.objective, "unit": row.unit, "row": row.row}
                )
            if row.key_result:
                label = ACTION_LABELS.get(_past(row.action), row.action)
                self.stdout.write(
                    "  "
                    + _("%(action)s: Key result “%(title)s” (row %(row)d)")
                    % {"action": label, "title": row.key_result, "row": row.row}
                )

    @staticmethod
    def _cycle(organization: Organization, name: str | None) -> Cycle:
        cycles: list[Cycle] = list(
            Cycle.objects.filter(organization=organization).order_by("start", "pk")
        )
        if name:
            wanted = " ".join(name.split()).casefold()
            found: Cycle | None = next(
                (c for c in cycles if c.name == name.strip()),
                next((c for c in cycles if " ".join(c.name.split()).casefold() == wanted), None),
            )
            if found is None:
                raise CommandError(
                    _("“%(organization)s” has no cycle named “%(name)s”; cycles are: %(cycles)s.")
                    % {
                        "organization": organization.name,
                        "name": name.strip(),
                        "cycles": ", ".join(c.name for c in cycles) or "–",
                    },
                    returncode=2,
                )
            return found
        today: dt.date = timezone.localdate()
        running = [c for c in cycles if c.start <= today <= c.end and c.state != CycleState.CLOSED]
        # Quarters before years: a quarter running today is the narrower, likelier choice.
        running.sort(key=lambda c: (c.state != CycleState.ACTIVE, (c.end - c.start).days))
        if not running:
            raise CommandError(
                _("No cycle of “%(organization)s” runs today; name one with --cycle NAME.")
                % {"organization": organization.name},
                returncode=2,
            )
        return running[0]

    # People -----------------------------------------------------------------------------

    def _actor(self, organization: Organization, email: str | None) -> User:
        if email:
            actor = User.objects.filter(
                organization=organization, email=email.strip().lower()
            ).first()
            if actor is None:
                raise CommandError(
                    _("Nobody with the email “%(email)s” belongs to “%(organization)s”.")
                    % {"email": email.strip(), "organization": organization.name},
                    returncode=2,
                )
            if not can_write(actor):
                raise CommandError(
                    _("%(email)s may not write OKRs (a viewer, or deactivated).")
                    % {"email": actor.email},
                    returncode=2,
                )
            return actor
        admin = (
            User.objects.filter(organization=organization, role=Role.ADMIN, is_active=True)
            .order_by("pk")
            .first()
        )
        if admin is None:
            raise CommandError(
                _("“%(organization)s” has no active admin; name the person with --as EMAIL.")
                % {"organization": organization.name},
                returncode=2,
            )
        return admin

    def _print_preview(self, report: ImportReport) -> None:
        for change in report.changes:
            self.stdout.write(self._change_line(change))

    def _change_line(self, change: Change) -> str:
        kind = {
            "cycle": _("Cycle"),
            "objective": _("Objective"),
            "key_result": _("Key result"),
        }[change.kind]
        text = "  " * change.depth + f"{ACTION_LABELS[change.action]}: {kind} “{change.title}”"
        if change.fields:
            text += " (" + ", ".join(change.fields) + ")"
        if change.note:
            text += f" — {change.note}"
        return text

    def _print_summary(self, report: ImportReport) -> None:
        parts = []
        for kind, label in (
            ("cycle", _("cycles")),
            ("objective", _("objectives")),
            ("key_result", _("key results")),
        ):
            parts.append(
                _("%(label)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {
                    "label": label,
                    "created": report.count(kind, "created"),
                    "updated": report.count(kind, "updated"),
                    "unchanged": report.count(kind, "unchanged"),
                }
            )
        self.stdout.write("; ".join(parts) + ".")
        if report.not_in_file:
            self.stdout.write(_("In Kurs but not in the file (left alone):"))
            for label in report.not_in_file:
                self.stdout.write(f"  {label}")
        if report.dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(_("Imported."))

    def _print_advice(self, okrs: OkrSet, report: ImportReport, path: str) -> None:
        """The coach's findings: advice only, they never block an import."""
        if okrs.top_level is None and report.unit is not None:
            okrs.top_level = report.unit.parent_id is None
        findings = checks.check_set(okrs)
        if not findings:
            return
        self.stdout.write(_("The OKR coach’s advice (does not stop the import):"))
        for finding in findings:
            where = f"{path}:{finding.line}" if finding.line else path
            text = f"  {where}: {finding.severity} {finding.code}: {finding.message}"
            if finding.suggestion:
                text += " " + _("Suggestion: %(suggestion)s") % {"suggestion": finding.suggestion}
            self.stdout.write(text)
