"""`kurs export --org NAME --unit U --cycle C --format yaml --out FILE`: one unit's OKRs as a file.

One unit and one cycle per YAML file. Without --cycle the cycle running today is used
when there is exactly one. `--out -` writes to stdout.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurs.coach.okrfile import dumps
from kurs.goals.models import Cycle, CycleState
from kurs.orgs.models import Organization, Unit
from kurs.transfer.okrfile_io import export_okr_set

# The adoption issue adds xlsx, csv and md.
FORMATS = ["yaml"]


def _names(names: list[str]) -> str:
    return ", ".join(sorted(names, key=str.casefold)) or "–"


def _did_you_mean(wrong: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(wrong, choices, n=1, cutoff=0.6)
    return (_(" Did you mean “%(name)s”?") % {"name": close[0]}) if close else ""


class Command(BaseCommand):
    """Export a unit's OKRs in a cycle; the file goes to --out, messages to stderr."""

    help = "Export a unit’s OKRs in a cycle as a YAML OKR file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="name of the organization")
        parser.add_argument("--unit", default=None, help="name of the unit (required for yaml)")
        parser.add_argument(
            "--cycle", default=None, help="name of the cycle (default: the one running today)"
        )
        parser.add_argument("--format", required=True, choices=FORMATS, help="file format")
        parser.add_argument("--out", required=True, help="the file to write, or - for stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(name=options["org"].strip()).first()
        if organization is None:
            raise CommandError(
                _("No organization named “%(name)s”.") % {"name": options["org"].strip()}
            )
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
