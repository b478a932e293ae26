"""`kurs backup --org NAME --out FILE`: the whole organization in one versioned file.

Progress (rows per table) goes to stderr, the summary to stdout. The file appears only
when complete. Exit codes: 0 written, 1 the organization's data cannot be backed up (the
message says which row), 2 no such organization or the file cannot be written. The
format is described in kurs.transfer.backup; `kurs restore FILE` reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurs.orgs.models import Organization
from kurs.transfer.backup import BackupError, write_backup


class Command(BaseCommand):
    """Back up one organization: units, people, cycles, OKRs, history, strategy, audit trail."""

    help = "Write one organization’s data to a backup file (gzip-compressed JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="name of the organization")
        parser.add_argument("--out", required=True, help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["org"].strip()
        organization = Organization.objects.filter(name=name).first()
        if organization is None:
            names = ", ".join(Organization.objects.order_by("name").values_list("name", flat=True))
            raise CommandError(
                _("No organization named “%(name)s”; organizations are: %(names)s.")
                % {"name": name, "names": names or "–"},
                returncode=2,
            )
        out = Path(options["out"])
        if out.is_dir():
            raise CommandError(
                _("%(path)s is a directory; give the name of the file to write.") % {"path": out},
                returncode=2,
            )

        def progress(label: str, count: int) -> None:
            self.stderr.write(f"{label}: {count}")

        try:
            rows, skipped = write_backup(organization, out, progress)
        except BackupError as error:
            raise CommandError(str(error), returncode=error.exit_code) from error
        if skipped:
            self.stderr.write(
                ngettext(
                    "Left out %(count)d assignment of Django groups or permissions "
                    "(not used by Kurs).",
                    "Left out %(count)d assignments of Django groups or permissions "
                    "(not used by Kurs).",
                    skipped,
                )
                % {"count": skipped}
            )
        self.stdout.write(
            ngettext(
                "Backed up “%(name)s” to %(path)s: %(count)d row.",
                "Backed up “%(name)s” to %(path)s: %(count)d rows.",
                rows,
            )
            % {"name": organization.name, "path": out, "count": rows}
        )
