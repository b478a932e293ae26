"""`kurs export --org NAME [--unit U] [--cycle C] --format xlsx|csv|md|yaml --out FILE`.

YAML: one unit and one cycle per file (the OKR file format); without --cycle the cycle
running today is used when there is exactly one. XLSX, CSV and Markdown: --unit and
--cycle are optional (no unit: the whole organization; no cycle: every cycle), worded
in --lang (default: the first org admin's language, else English); see
kurs.transfer.exports. `--out -` writes to stdout (not XLSX, which is binary).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurs.coach.okrfile import dumps
from kurs.goals.models import Cycle, CycleState
from kurs.orgs.models import Organization, Role, Unit, User
from kurs.transfer import exports
from kurs.transfer.okrfile_io import export_okr_set

FORMATS = ["xlsx", "csv", "md", "yaml"]


def _names(names: list[str]) -> str:
    return ", ".join(sorted(names, key=str.casefold)) or "–"


def _did_you_mean(wrong: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(wrong, choices, n=1, cutoff=0.6)
    return (_(" Did you mean “%(name)s”?") % {"name": close[0]}) if close else ""


class Command(BaseCommand):
    """Export OKRs (a unit, a cycle or everything); the file goes to --out, messages to stderr."""

    help = (
        "Export OKRs as XLSX, CSV or Markdown (a unit, a cycle or the whole organization), "
        "or one unit’s OKRs in a cycle as a YAML OKR file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="name of the organization")
        parser.add_argument(
            "--unit", default=None, help="name of the unit (required for yaml; else: all units)"
        )
        parser.add_argument(
            "--cycle",
            default=None,
            help="name of the cycle (yaml: default the one running today; else: all cycles)",
        )
        parser.add_argument("--format", required=True, choices=FORMATS, help="file format")
        parser.add_argument("--out", required=True, help="the file to write, or - for stdout")
        parser.add_argument(
            "--lang",
            default=None,
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of xlsx, csv and md files (default: the first org admin’s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(name=options["org"].strip()).first()
        if organization is None:
            raise CommandError(
                _("No organization named “%(name)s”.") % {"name": options["org"].strip()}
            )
        if options["format"] != "yaml":
            self._export_table(organization, options)
            return
        unit = self._unit(organization, options["unit"])
        cycle = self._cycle(organization, options["cycle"])
        okrs = export_okr_set(organization, unit, cycle)
        text = dumps(okrs)
        if options["out"] == "-":
            self.stdout.write(text, ending="")
            return
        out = Path(options["out"])
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("%(path)s: cannot be written: %(reason)s")
                % {"path": out, "reason": error.strerror or error}
            ) from error
        count = len(okrs.objectives)
        self.stderr.write(
            ngettext(
                "Wrote %(path)s: unit “%(unit)s”, cycle “%(cycle)s”, %(count)d objective.",
                "Wrote %(path)s: unit “%(unit)s”, cycle “%(cycle)s”, %(count)d objectives.",
                count,
            )
            % {"path": out, "unit": unit.name, "cycle": cycle.name, "count": count}
        )

    def _export_table(self, organization: Organization, options: dict[str, Any]) -> None:
        """XLSX, CSV or Markdown: unit and cycle are optional."""
        file_format = options["format"]
        if options["out"] == "-" and file_format == "xlsx":
            raise CommandError(_("An XLSX file cannot go to stdout: give --out FILE.xlsx."))
        unit = self._unit(organization, options["unit"]) if options["unit"] else None
        cycle = self._cycle(organization, options["cycle"]) if options["cycle"] else None
        language = options["lang"] or _admin_language(organization)
        export = exports.collect_for_organization(organization, unit, cycle)
        total = len(export.objectives)

        def progress(done: int, total: int) -> None:
            # Only worth saying for big organizations; a small export is instant.
            if total >= exports.PROGRESS_EVERY:
                self.stderr.write(
                    _("… %(done)d of %(total)d objectives") % {"done": done, "total": total}
                )

        data = exports.render(export, file_format, language, progress)
        with translation.override(language):
            scope = export.title()
        if options["out"] == "-":
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        out = Path(options["out"])
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(
                _("%(path)s: cannot be written: %(reason)s")
                % {"path": out, "reason": error.strerror or error}
            ) from error
        self.stderr.write(
            ngettext(
                "Wrote %(path)s: %(scope)s, %(count)d objective.",
                "Wrote %(path)s: %(scope)s, %(count)d objectives.",
                total,
            )
            % {"path": out, "scope": scope, "count": total}
        )

    def _unit(self, organization: Organization, name: str | None) -> Unit:
        units: list[Unit] = list(Unit.objects.filter(organization=organization))
        names = [u.name for u in units]
        if not name or not name.strip():
            raise CommandError(
                _("A YAML OKR file holds one unit: give --unit; units are: %(units)s.")
                % {"units": _names(names)}
            )
        matches = [u for u in units if u.name == name.strip()] or [
            u for u in units if u.name.casefold() == name.strip().casefold()
        ]
        if not matches:
            raise CommandError(
                _("Unit “%(name)s” does not exist; units are: %(units)s.")
                % {"name": name.strip(), "units": _names(names)}
                + _did_you_mean(name.strip(), names)
            )
        if len(matches) > 1:
            raise CommandError(
                _("There are %(count)d units named “%(name)s”; rename one of them in Kurs first.")
                % {"count": len(matches), "name": name.strip()}
            )
        return matches[0]

    def _cycle(self, organization: Organization, name: str | None) -> Cycle:
        cycles: list[Cycle] = list(Cycle.objects.filter(organization=organization))
        names = [c.name for c in cycles]
        if name and name.strip():
            wanted = " ".join(name.split())
            for cycle in cycles:
                if cycle.name == wanted:
                    return cycle
            # Like units and imports: letter case and spacing do not matter.
            for cycle in cycles:
                if " ".join(cycle.name.split()).casefold() == wanted.casefold():
                    return cycle
            raise CommandError(
                _("Cycle “%(name)s” does not exist; cycles are: %(cycles)s.")
                % {"name": name.strip(), "cycles": _names(names)}
                + _did_you_mean(name.strip(), names)
            )
        today = timezone.localdate()
        running = [c for c in cycles if c.state == CycleState.ACTIVE and c.start <= today <= c.end]
        if len(running) == 1:
            return running[0]
        raise CommandError(
            _("Give --cycle: no single cycle is running today; cycles are: %(cycles)s.")
            % {"cycles": _names(names)}
        )


def _admin_language(organization: Organization) -> str:
    """The first org admin's language (the files are usually for the leadership), else English."""
    codes = [code for code, _name in settings.LANGUAGES]
    admin = (
        User.objects.filter(organization=organization, role=Role.ADMIN, is_active=True)
        .order_by("pk")
        .first()
    )
    language = (admin.language if admin else "").split("-")[0]
    return language if language in codes else "en"
