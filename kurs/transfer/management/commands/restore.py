"""`kurs restore FILE`: an organization from `kurs backup`, into an empty installation.

Everything is restored with its ids in one transaction, or nothing is. To get an empty
installation, point KURS_DATABASE_URL at a new database and run `kurs migrate`.
Progress (rows per table) goes to stderr, the summary to stdout. Exit codes: 0
restored, 1 the installation is not empty or the file is missing, 2 the file is not a
backup this Kurs can read (another format, a newer version, damaged or truncated).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurs.transfer.backup import BackupError, read_backup, restore_backup


class Command(BaseCommand):
    """Restore an organization from a backup file into an empty installation."""

    help = "Restore an organization from a backup file into an empty installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file written by “kurs backup”")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])

        def progress(label: str, count: int) -> None:
            self.stderr.write(f"{label}: {count}")

        try:
            backup = read_backup(path)
            self.stderr.write(
                _("Restoring “%(name)s”, backed up %(created)s by Kurs %(version)s.")
                % {
                    "name": backup.organization,
                    "created": backup.created,
                    "version": backup.kurs_version,
                }
            )
            rows = restore_backup(backup, progress)
        except BackupError as error:
            raise CommandError(str(error), returncode=error.exit_code) from error
        self.stdout.write(
            ngettext(
                "Restored “%(name)s” from %(path)s: %(count)d row.",
                "Restored “%(name)s” from %(path)s: %(count)d rows.",
                rows,
            )
            % {"name": backup.organization, "path": path, "count": rows}
        )
