"""Running a spreadsheet import job: in the request for small files, in the worker for large.

The import itself is kurs.transfer.sheets.run_import (all or nothing); this module reads
a stored ImportJob's choices, runs it and records what happened on the job.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from kurs.goals.models import Cycle, CycleState
from kurs.orgs.models import Unit, User
from kurs.transfer import sheets
from kurs.transfer.models import ImportJob, ImportState

logger = logging.getLogger(__name__)

# Files with more rows than this are imported by the worker (`kurs worker`), so that a
# request never waits for minutes.
WORKER_ROWS = 2000


@dataclass
class Choices:
    """What the person chose for a job: column meanings, cycle, rows to skip."""

    mapping: dict[int, str]
    cycle_id: int | None
    skip: frozenset[int]
    skip_problems: bool


def stored_choices(job: ImportJob) -> Choices:
    mapping: dict[int, str] = {}
    for key, value in (job.mapping or {}).items():
        if value in sheets.FIELDS and str(key).isdigit():
            mapping[int(key)] = value
    options: dict[str, Any] = job.options or {}
    cycle = options.get("cycle")
    return Choices(
        mapping=mapping,
        cycle_id=cycle if isinstance(cycle, int) else None,
        skip=frozenset(row for row in options.get("skip", []) if isinstance(row, int)),
        skip_problems=bool(options.get("skip_problems")),
    )


def save_choices(job: ImportJob, choices: Choices, **extra: Any) -> None:
    job.mapping = {str(index): name for index, name in sorted(choices.mapping.items())}
    job.options = {
        **(job.options or {}),
        "cycle": choices.cycle_id,
        "skip": sorted(choices.skip),
        "skip_problems": choices.skip_problems,
        **extra,
    }
    # New choices make an earlier failed attempt's report stale.
    job.state = ImportState.UPLOADED
    job.save(update_fields=["mapping", "options", "state"])


def default_unit(job: ImportJob, mapping: dict[int, str]) -> Unit | None:
    """The unit whose page the import was started from, when no column names the unit."""
    unit_id = (job.options or {}).get("unit")
    if "unit" in mapping.values() or not isinstance(unit_id, int):
        return None
    unit: Unit | None = Unit.objects.filter(organization_id=job.organization_id, pk=unit_id).first()
    return unit


def _with_default_unit(
    job: ImportJob, table: sheets.Table, mapping: dict[int, str]
) -> tuple[sheets.Table, dict[int, str]]:
    """A team's own sheet rarely has a unit column: started from the team's page, every
    row belongs to that team, as if the file had a column saying so."""
    unit = default_unit(job, mapping)
    if unit is None:
        return table, mapping
    width = len(table.headers)
    padded = dataclasses.replace(
        table,
        headers=[*table.headers, str(sheets.FIELD_LABELS["unit"])],
        rows=[[*_padded(row, width), unit.name] for row in table.rows],
    )
    return padded, {**mapping, width: "unit"}


def _padded(row: list[sheets.Cell], width: int) -> list[sheets.Cell]:
    return (row + [None] * (width - len(row)))[:width]


def plan(
    job: ImportJob, table: sheets.Table, choices: Choices, *, actor: User, cycle: Cycle
) -> tuple[sheets.Preview, frozenset[int]]:
    """The preview, and the rows to skip; "skip all rows with problems" adds every row
    the preview finds a problem in, and previews once more without them."""
    skip = choices.skip
    table, mapping = _with_default_unit(job, table, choices.mapping)
    result = sheets.preview(
        job.organization, table, mapping, actor=actor, cycle=cycle, skip_rows=skip
    )
    if choices.skip_problems:
        bad = {p.row for p in result.problems if p.row is not None} - skip
        if bad:
            skip = skip | bad
            result = sheets.preview(
                job.organization, table, mapping, actor=actor, cycle=cycle, skip_rows=skip
            )
    return result, skip


def import_now(
    job: ImportJob, table: sheets.Table, choices: Choices, *, actor: User, cycle: Cycle
) -> sheets.Preview:
    """Import all or nothing and record the outcome on the job when something was written."""
    skip = choices.skip
    if choices.skip_problems:
        _, skip = plan(job, table, choices, actor=actor, cycle=cycle)
    table, mapping = _with_default_unit(job, table, choices.mapping)
    result = sheets.run_import(
        job.organization, table, mapping, actor=actor, cycle=cycle, skip_rows=skip
    )
    record_result(job, result, cycle=cycle)
    return result


def record_result(job: ImportJob, result: sheets.Preview, *, cycle: Cycle | None) -> None:
    job.state = ImportState.FAILED if result.problems else ImportState.IMPORTED
    job.report = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "skipped": result.skipped,
        "problems": [
            {"row": p.row, "column": p.column, "message": str(p.message)} for p in result.problems
        ],
        "cycle": cycle.pk if cycle is not None else None,
        "finished": timezone.now().isoformat(),
    }
    job.options = {**(job.options or {}), "queued": False}
    job.save(update_fields=["state", "report", "options"])


def _fail(job: ImportJob, message: str) -> None:
    record_result(
        job, sheets.Preview(rows=[], problems=[sheets.Problem(None, None, message)]), cycle=None
    )


@task()
def run_import_job(job_id: int) -> str:
    """Import a stored job in the worker; the job page polls until its state changes."""
    job = ImportJob.objects.select_related("organization", "created_by").filter(pk=job_id).first()
    if job is None or job.state == ImportState.IMPORTED:
        return "gone" if job is None else str(job.state)
    # The problems are stored as text: in the uploader's language, not the worker's.
    with translation.override(job.created_by.language or settings.LANGUAGE_CODE):
        return _run(job)


def _run(job: ImportJob) -> str:
    choices = stored_choices(job)
    cycle = (
        None
        if choices.cycle_id is None
        else (
            Cycle.objects.filter(organization_id=job.organization_id, pk=choices.cycle_id)
            .exclude(state=CycleState.CLOSED)
            .first()
        )
    )
    if cycle is None:
        _fail(job, _("The chosen cycle is closed or gone; choose an open one."))
        return str(job.state)
    try:
        table = sheets.read_table(bytes(job.content), job.filename)
        import_now(job, table, choices, actor=job.created_by, cycle=cycle)
    except sheets.SheetError as error:
        _fail(job, str(error))
    except Exception:
        # Never leave the page polling forever: say it failed, then let the worker log it.
        logger.exception("import job %s failed", job.pk)
        _fail(job, _("The import failed unexpectedly; nothing was imported. Please try again."))
        raise
    return str(job.state)
