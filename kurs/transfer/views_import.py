"""Importing a spreadsheet in the browser: upload, map columns, preview, import.

The file is stored as an ImportJob between the steps; reading, planning and writing are
kurs.transfer.sheets (the same engine as `kurs import`). A job is seen only by the
person who uploaded it: anyone else, in this organization or another, gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurs.goals import selectors
from kurs.goals.models import Cycle
from kurs.lib.http import int_or_404
from kurs.orgs.models import Unit, User
from kurs.orgs.permissions import can_write
from kurs.transfer import sheets
from kurs.transfer.forms import MappingForm, UploadForm, open_cycles
from kurs.transfer.models import ImportJob, ImportState
from kurs.transfer.tasks import (
    WORKER_ROWS,
    Choices,
    import_now,
    plan,
    run_import_job,
    save_choices,
    stored_choices,
)

# The preview table shows every row with a problem (up to PROBLEM_ROWS) and the first
# FIRST_ROWS rows; the counts above it always cover the whole file.
FIRST_ROWS = 300
PROBLEM_ROWS = 1000


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _require_writer(user: User) -> None:
    if not can_write(user) or user.organization_id is None:
        raise PermissionDenied(_("Viewers cannot import spreadsheets."))


def _unit(user: User, pk: Any) -> Unit | None:
    if pk in (None, ""):
        return None
    unit: Unit = get_object_or_404(Unit.objects.visible_to(user), pk=int_or_404(pk))
    return unit


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_writer(user)
    unit = _unit(user, request.GET.get("unit"))
    initial_cycle = selectors.choose_cycle(user, None, list(open_cycles(user)))
    form = UploadForm(
        request.POST or None, request.FILES or None, user=user, initial_cycle=initial_cycle
    )
    if request.method == "POST" and form.is_valid():
        assert form.table is not None
        organization_id = user.organization_id
        assert organization_id is not None  # _require_writer
        cycle: Cycle = form.cleaned_data["cycle"]
        # An ImportJob is this page's own scratch state (not OKR data), so it is written
        # here; everything that changes OKRs goes through sheets.run_import.
        job = ImportJob.objects.create(
            organization_id=organization_id,
            created_by=user,
            filename=(form.cleaned_data["file"].name or "")[:255],
            content=form.content,
            mapping={
                str(index): name
                for index, name in sorted(sheets.guess_mapping(form.table.headers).items())
            },
            options={"cycle": cycle.pk, **({"unit": unit.pk} if unit else {})},
        )
        return redirect("import_job", job.pk)
    return render(request, "transfer/import_upload.html", {"form": form, "unit": unit})


@dataclass
class Line:
    """One row of the preview table: what will happen to it, and what is wrong with it."""

    row: int
    planned: sheets.PlannedRow | None = None
    problems: list[sheets.Problem] = field(default_factory=list)
    skipped: bool = False


def _lines(result: sheets.Preview, skip: frozenset[int]) -> tuple[list[Line], int]:
    """The rows to show (see FIRST_ROWS) and how many rows are left out."""
    by_row: dict[int, Line] = {}
    for planned in result.rows:
        by_row[planned.row] = Line(planned.row, planned, skipped=planned.row in skip)
    for problem in result.problems:
        if problem.row is not None:
            line = by_row.setdefault(problem.row, Line(problem.row, skipped=problem.row in skip))
            line.problems.append(problem)
    for row in skip:
        by_row.setdefault(row, Line(row, skipped=True))
    ordered = [by_row[row] for row in sorted(by_row)]
    marked = [line for line in ordered if line.problems or line.skipped][:PROBLEM_ROWS]
    shown = {line.row for line in ordered[:FIRST_ROWS]} | {line.row for line in marked}
    return [line for line in ordered if line.row in shown], len(ordered) - len(shown)


def _job(user: User, pk: int) -> ImportJob:
    job: ImportJob = get_object_or_404(
        ImportJob.objects.visible_to(user).filter(created_by=user).select_related("organization"),
        pk=pk,
    )
    return job


def _back_link(user: User, job: ImportJob, cycle_id: int | None) -> tuple[Unit | None, str]:
    # A unit deleted since the upload just loses the link, not the page.
    unit_id = job.options.get("unit")
    unit = Unit.objects.visible_to(user).filter(pk=unit_id).first() if unit_id else None
    return unit, (f"?cycle={cycle_id}" if cycle_id else "")


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    job = _job(user, pk)
    queued = bool(job.options.get("queued")) and job.state != ImportState.IMPORTED
    if "status" in request.GET:
        response = render(request, "transfer/import_status.html", {"job": job})
        if not queued and request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"  # done: show the result page
        return response
    if job.state == ImportState.IMPORTED or queued:
        if request.method == "POST":
            return redirect("import_job", job.pk)
        unit, cycle_query = _back_link(user, job, job.report.get("cycle"))
        return render(
            request,
            "transfer/import_job.html",
            {"job": job, "queued": queued, "unit": unit, "cycle_query": cycle_query},
        )
    if request.method == "POST":
        _require_writer(user)
    try:
        table = sheets.read_table(bytes(job.content), job.filename)
    except sheets.SheetError as error:
        messages.error(request, str(error))
        return redirect("import_upload")
    return _mapping_page(request, user, job, table)


def _mapping_page(
    request: HttpRequest, user: User, job: ImportJob, table: sheets.Table
) -> HttpResponseBase:
    stored = stored_choices(job)
    form = MappingForm(
        request.POST or None,
        user=user,
        headers=table.headers,
        rows=table.row_numbers,
        initial={
            **{f"column_{index}": name for index, name in stored.mapping.items()},
            "cycle": stored.cycle_id,
            "skip": sorted(stored.skip),
            "skip_problems": stored.skip_problems,
        },
    )
    result: sheets.Preview | None = None
    skip = stored.skip
    if request.method == "POST":
        if form.is_valid():
            cycle: Cycle = form.cleaned_data["cycle"]
            choices = Choices(
                mapping=form.mapping(),
                cycle_id=cycle.pk,
                skip=frozenset(form.cleaned_data["skip"]),
                skip_problems=form.cleaned_data["skip_problems"],
            )
            if request.POST.get("action") == "import":
                return _import(request, user, job, table, form, choices, cycle)
            save_choices(job, choices)
            result, skip = plan(job, table, choices, actor=user, cycle=cycle)
    else:
        chosen = open_cycles(user).filter(pk=stored.cycle_id).first() if stored.cycle_id else None
        if chosen is None:
            form.cleaned_data = {}  # lets an unbound form carry this error on the field
            form.add_error("cycle", _("This cycle is closed or gone; choose an open one."))
        else:
            result, skip = plan(job, table, stored, actor=user, cycle=chosen)
    return _render_job(request, user, job, table, form, result, skip)


def _import(
    request: HttpRequest,
    user: User,
    job: ImportJob,
    table: sheets.Table,
    form: MappingForm,
    choices: Choices,
    cycle: Cycle,
) -> HttpResponseBase:
    if len(table.rows) > WORKER_ROWS:
        save_choices(job, choices, queued=True)
        run_import_job.enqueue(job.pk)
        return redirect("import_job", job.pk)
    save_choices(job, choices)
    result = import_now(job, table, choices, actor=user, cycle=cycle)
    if result.problems:
        messages.error(request, _("Nothing was imported: fix or skip the problems below first."))
        return _render_job(request, user, job, table, form, result, choices.skip)
    messages.success(
        request,
        ngettext(
            "Imported %(file)s: %(count)d row written.",
            "Imported %(file)s: %(count)d rows written.",
            result.created + result.updated,
        )
        % {"file": job.filename, "count": result.created + result.updated},
    )
    return redirect("import_job", job.pk)


def _render_job(
    request: HttpRequest,
    user: User,
    job: ImportJob,
    table: sheets.Table,
    form: MappingForm,
    result: sheets.Preview | None,
    skip: frozenset[int],
) -> HttpResponse:
    lines, hidden = _lines(result, skip) if result is not None else ([], 0)
    unit, cycle_query = _back_link(user, job, job.options.get("cycle"))
    mapped = set(stored_choices(job).mapping.values())
    return render(
        request,
        "transfer/import_job.html",
        {
            "into_unit": unit if unit is not None and "unit" not in mapped else None,
            "job": job,
            "form": form,
            "preview": result,
            "file_problems": [p for p in result.problems if p.row is None] if result else [],
            "row_problems": [p for p in result.problems if p.row is not None] if result else [],
            "lines": lines,
            "hidden_rows": hidden,
            "row_count": len(table.rows),
            "in_worker": len(table.rows) > WORKER_ROWS,
            "unit": unit,
            "cycle_query": cycle_query,
        },
    )
