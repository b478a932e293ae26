"""`kurs import FILE --org NAME [--dry-run] [--as EMAIL]`: load OKRs from a file, all or nothing.

Exit codes: 0 imported (or a clean dry run), 1 the file has problems (nothing written,
each printed as `FILE:LINE: field: message` on stderr), 2 the file cannot be read or
parsed, or the organization or person does not exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kurs.coach import checks
from kurs.coach.okrfile import OkrFileError, read
from kurs.coach.spec import OkrSet
from kurs.orgs.models import Organization, Role, User
from kurs.orgs.permissions import can_write
from kurs.transfer.okrfile_io import PROGRESS_EVERY, Change, ImportReport, import_okr_set

YAML_SUFFIXES = (".yaml", ".yml")
# Spreadsheets come with the adoption issue; until then they are refused clearly.
LATER_SUFFIXES = (".xlsx", ".csv")

ACTION_LABELS = {
    "created": gettext_lazy("create"),
    "updated": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
    "skipped": gettext_lazy("skip"),
}


def organization_by_name(name: str) -> Organization:
    organization = Organization.objects.filter(name=name.strip()).first()
    if organization is None:
        raise CommandError(
            _("No organization named “%(name)s”.") % {"name": name.strip()}, returncode=2
        )
    return organization


class Command(BaseCommand):
    """Import an OKR file; the preview and summary go to stdout, problems and progress to stderr."""

    help = "Import OKRs from a YAML OKR file into an organization (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the OKR file (.yaml or .yml)")
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

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        suffix = path.suffix.lower()
        if suffix in LATER_SUFFIXES:
            raise CommandError(
                _("%(path)s: %(format)s files are not supported yet: use a .yaml OKR file.")
                % {"path": path, "format": suffix.lstrip(".").upper()},
                returncode=2,
            )
        if suffix not in YAML_SUFFIXES:
            raise CommandError(
                _("%(path)s: unknown file type; use a .yaml OKR file.") % {"path": path},
                returncode=2,
            )
        organization = organization_by_name(options["org"])
        actor = self._actor(organization, options["actor"])
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
