"""Importing a spreadsheet in the browser: upload, map columns, preview, import.

The flow is tested here with a small stand-in for the engine (kurs.transfer.sheets),
so that the pages' own behaviour is pinned down: permissions, errors on the form,
what is stored on the job, the worker hand-off and the query budget.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kurs.conftest import login
from kurs.goals import actions as goal_actions
from kurs.goals.models import Cycle, CycleState, KeyResult, Objective
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Role
from kurs.transfer import forms as transfer_forms
from kurs.transfer import sheets, views_import
from kurs.transfer.models import ImportJob, ImportState
from kurs.transfer.tasks import WORKER_ROWS, run_import_job

pytestmark = pytest.mark.django_db

HEADERS = ["Ziel", "Schlüsselergebnis", "Zielwert"]


class FakeEngine:
    """Reads any file as rows of (objective, key result, target); an empty target is a
    problem of that row; "unknown.txt" is not a spreadsheet."""

    def __init__(self, rows: int = 3, empty_targets: tuple[int, ...] = (3,)):
        self.rows = rows
        self.empty_targets = empty_targets
        self.imports: list[dict[str, object]] = []

    def read_table(self, data: bytes, filename: str) -> sheets.Table:
        if filename.endswith(".txt"):
            raise sheets.SheetError("This is not a spreadsheet: upload an .xlsx or .csv file.")
        numbers = list(range(2, self.rows + 2))
        return sheets.Table(
            filename=filename,
            headers=list(HEADERS),
            rows=[
                ["Better leads", f"Key result {n}", None if n in self.empty_targets else 10.0]
                for n in numbers
            ],
            row_numbers=numbers,
        )

    def guess_mapping(self, headers: list[str]) -> dict[int, str]:
        return {0: "objective", 1: "key_result", 2: "target"}

    def preview(
        self,
        organization: Any,
        table: sheets.Table,
        mapping: dict[int, str],
        *,
        actor: Any,
        cycle: Any,
        skip_rows: frozenset[int] = frozenset(),
    ) -> sheets.Preview:
        rows, problems = [], []
        for number, values in zip(table.row_numbers, table.rows, strict=True):
            if number in skip_rows:
                rows.append(sheets.PlannedRow(number, "Marketing", "", "", "skip"))
                continue
            target_column = next((i for i, f in mapping.items() if f == "target"), None)
            if target_column is None or values[target_column] is None:
                header = table.headers[target_column] if target_column is not None else None
                problems.append(sheets.Problem(number, header, "target is empty"))
            rows.append(
                sheets.PlannedRow(number, "Marketing", str(values[0]), str(values[1]), "create")
            )
        return sheets.Preview(
            rows=rows,
            problems=problems,
            created=sum(r.action == "create" for r in rows),
            skipped=len([r for r in rows if r.action == "skip"]),
        )

    def run_import(
        self,
        organization: Any,
        table: sheets.Table,
        mapping: dict[int, str],
        *,
        actor: Any,
        cycle: Any,
        skip_rows: frozenset[int] = frozenset(),
    ) -> sheets.Preview:
        result = self.preview(
            organization, table, mapping, actor=actor, cycle=cycle, skip_rows=skip_rows
        )
        if not result.problems:
            self.imports.append({"cycle": cycle, "skip": skip_rows, "actor": actor})
        return result


@pytest.fixture
def engine() -> Iterator[FakeEngine]:
    fake = FakeEngine()
    with (
        mock.patch.object(sheets, "read_table", fake.read_table),
        mock.patch.object(sheets, "guess_mapping", fake.guess_mapping),
        mock.patch.object(sheets, "preview", fake.preview),
        mock.patch.object(sheets, "run_import", fake.run_import),
    ):
        yield fake


@pytest.fixture
def planning(owner) -> Cycle:
    today = timezone.localdate()
    return goal_actions.do_create_cycle(
        owner,
        name="Next quarter",
        start=today + dt.timedelta(days=46),
        end=today + dt.timedelta(days=136),
        kind="quarter",
        state=CycleState.PLANNING,
    )


def _upload(client: Client, cycle: Cycle, name: str = "okrs.csv", query: str = ""):
    return client.post(
        reverse("import_upload") + query,
        {"file": SimpleUploadedFile(name, b"Ziel;Zielwert\n"), "cycle": cycle.pk},
    )


def _job(owner, cycle, **options) -> ImportJob:
    return ImportJob.objects.create(
        organization=owner.organization,
        created_by=owner,
        filename="okrs.csv",
        content=b"Ziel;Zielwert\n",
        mapping={"0": "objective", "1": "key_result", "2": "target"},
        options={"cycle": cycle.pk, **options},
    )


def _post(client: Client, job: ImportJob, cycle: Cycle, action: str, **extra):
    data = {
        "column_0": "objective",
        "column_1": "key_result",
        "column_2": "target",
        "cycle": cycle.pk,
        "action": action,
        **extra,
    }
    return client.post(reverse("import_job", args=[job.pk]), data)


# Upload


def test_upload_page_offers_the_file_and_the_running_cycle(client, owner, cycle, planning):
    # when
    response = login(client, owner).get(reverse("import_upload"))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'accept=".xlsx,.csv"' in html
    assert '<label for="id_file">Spreadsheet</label>' in html
    assert "“;” or “,”" in html and "decimal comma" in html and "German or English" in html
    assert f'<option value="{cycle.pk}" selected>' in html
    assert "Next quarter" in html


def test_closed_cycles_are_not_offered(client, owner, cycle, planning):
    goal_actions.do_close_cycle(owner, planning)
    response = login(client, owner).get(reverse("import_upload"))
    assert "Next quarter" not in response.content.decode()


def test_upload_stores_the_file_with_a_guessed_mapping(client, owner, cycle, marketing, engine):
    # when
    response = _upload(login(client, owner), cycle, query=f"?unit={marketing.pk}")
    # then
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("import_job", args=[job.pk])
    assert bytes(job.content) == b"Ziel;Zielwert\n"
    assert job.filename == "okrs.csv"
    assert job.created_by == owner and job.organization == owner.organization
    assert job.mapping == {"0": "objective", "1": "key_result", "2": "target"}
    assert job.options == {"cycle": cycle.pk, "unit": marketing.pk}


def test_an_unreadable_file_is_explained_on_the_field(client, owner, cycle, engine):
    response = _upload(login(client, owner), cycle, name="notes.txt")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This is not a spreadsheet: upload an .xlsx or .csv file." in html
    assert 'class="field has-error required" data-field="file"' in html
    assert not ImportJob.objects.exists()


def test_a_too_large_file_is_refused(client, owner, cycle, engine, monkeypatch):
    monkeypatch.setattr(transfer_forms, "MAX_UPLOAD_BYTES", 10)
    response = _upload(login(client, owner), cycle)
    assert response.status_code == 200
    assert "The file is 14\xa0bytes; at most 10\xa0bytes can be imported." in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_no_file_is_a_field_error(client, owner, cycle, engine):
    response = login(client, owner).post(reverse("import_upload"), {"cycle": cycle.pk})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_viewers_cannot_import(client, viewer, cycle, engine):
    login(client, viewer)
    assert client.get(reverse("import_upload")).status_code == 403
    assert _upload(client, cycle).status_code == 403
    assert not ImportJob.objects.exists()


def test_anonymous_people_are_sent_to_log_in(client, cycle):
    response = client.get(reverse("import_upload"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_another_organizations_unit_is_not_found(client, outsider, marketing, engine):
    response = login(client, outsider).get(reverse("import_upload") + f"?unit={marketing.pk}")
    assert response.status_code == 404
    response = client.get(reverse("import_upload") + "?unit=abc")
    assert response.status_code == 404


# The job page: mapping and preview


def test_job_page_shows_mapping_counts_and_problems(client, owner, cycle, engine):
    job = _job(owner, cycle)
    response = login(client, owner).get(reverse("import_job", args=[job.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_column_0">Column A: “Ziel”</label>' in html
    assert '<option value="target" selected>Target value</option>' in html
    assert "– ignore –" in html
    assert "3 rows in the file:" in html
    assert "<strong>3 to create</strong>" in html
    assert "row 3, “Zielwert”: target is empty" in html
    assert 'name="skip" value="3"' in html
    assert 'name="skip" value="2"' not in html  # only rows with problems offer it
    assert "Skip all rows with problems" in html
    assert 'class="table-wrap"' in html
    assert 'value="import"' in html


def test_other_peoples_jobs_are_not_found(client, owner, teammate, outsider, cycle, engine):
    job = _job(owner, cycle)
    url = reverse("import_job", args=[job.pk])
    assert login(client, outsider).get(url).status_code == 404
    assert login(client, teammate).get(url).status_code == 404
    assert _post(client, job, cycle, "import").status_code == 404
    assert client.get(reverse("import_job", args=[job.pk + 1000])).status_code == 404
    assert engine.imports == []


def test_update_preview_saves_the_mapping_and_options(client, owner, cycle, planning, engine):
    job = _job(owner, cycle)
    response = _post(login(client, owner), job, planning, "preview", column_1="", skip=["3"])
    job.refresh_from_db()
    assert response.status_code == 200
    assert job.mapping == {"0": "objective", "2": "target"}
    assert job.options["cycle"] == planning.pk
    assert job.options["skip"] == [3]
    html = response.content.decode()
    assert "target is empty" not in html
    assert "1 skipped" in html
    assert 'name="skip" value="3" checked' in html


def test_a_field_chosen_twice_is_an_error_and_nothing_is_saved(client, owner, cycle, engine):
    job = _job(owner, cycle)
    response = _post(login(client, owner), job, cycle, "preview", column_1="objective")
    job.refresh_from_db()
    html = response.content.decode()
    assert "“Objective” is already chosen for Column A: “Ziel”; choose it only once." in html
    assert job.mapping["1"] == "key_result"


def test_skip_all_rows_with_problems(client, owner, cycle, engine):
    job = _job(owner, cycle)
    response = _post(login(client, owner), job, cycle, "preview", skip_problems="on")
    job.refresh_from_db()
    assert "No problems found" in response.content.decode()
    assert job.options["skip_problems"] is True
    # when: importing with the same choice
    response = _post(client, job, cycle, "import", skip_problems="on")
    # then
    assert response.status_code == 302
    assert engine.imports[0]["skip"] == frozenset({3})


def test_import_with_problems_writes_nothing(client, owner, cycle, engine):
    job = _job(owner, cycle)
    response = _post(login(client, owner), job, cycle, "import")
    job.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in html
    assert "row 3, “Zielwert”: target is empty" in html
    assert engine.imports == []
    assert job.state != ImportState.IMPORTED


def test_import_success_shows_the_report(client, owner, cycle, marketing, engine):
    engine.empty_targets = ()
    job = _job(owner, cycle, unit=marketing.pk)
    response = _post(login(client, owner), job, cycle, "import")
    job.refresh_from_db()
    assert response.status_code == 302
    assert job.state == ImportState.IMPORTED
    assert job.report["created"] == 3 and job.report["problems"] == []
    assert engine.imports[0]["actor"] == owner and engine.imports[0]["cycle"] == cycle
    page = client.get(response["Location"]).content.decode()
    assert "Imported okrs.csv: 3 rows written." in page
    assert "3 created" in page
    assert f'href="{reverse("unit_detail", args=[marketing.pk])}?cycle={cycle.pk}"' in page
    assert 'value="import"' not in page
    # Posting again does nothing.
    assert _post(client, job, cycle, "import").status_code == 302
    assert len(engine.imports) == 1


def test_a_closed_cycle_asks_for_another(client, owner, cycle, engine):
    job = _job(owner, cycle)
    goal_actions.do_close_cycle(owner, cycle)
    response = login(client, owner).get(reverse("import_job", args=[job.pk]))
    assert "This cycle is closed or gone; choose an open one." in response.content.decode()
    response = _post(client, job, cycle, "import")
    assert "This cycle is closed or gone; choose an open one." in response.content.decode()
    assert engine.imports == []


def test_a_demoted_uploader_cannot_import(client, owner, teammate, cycle, engine):
    job = _job(teammate, cycle)
    org_actions.do_update_person(
        owner, teammate, name=teammate.name, role=Role.VIEWER, is_active=True
    )
    assert _post(login(client, teammate), job, cycle, "import").status_code == 403
    assert engine.imports == []


# Large files: the worker


def test_large_files_are_imported_by_the_worker(client, owner, cycle, engine):
    # given
    engine.rows = WORKER_ROWS + 1
    engine.empty_targets = ()
    job = _job(owner, cycle)
    # when
    response = _post(login(client, owner), job, cycle, "import")
    # then: queued, not imported yet
    job.refresh_from_db()
    assert response.status_code == 302
    assert job.options["queued"] is True and job.state == ImportState.UPLOADED
    assert DBTaskResult.objects.filter(task_path__endswith="run_import_job").count() == 1
    assert engine.imports == []
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "Importing… (this page refreshes)" in page
    assert 'hx-trigger="every 2s"' in page
    status = client.get(reverse("import_job", args=[job.pk]) + "?status=1", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in status
    # when: the worker runs the task
    assert run_import_job.func(job.pk) == ImportState.IMPORTED
    # then
    job.refresh_from_db()
    assert job.state == ImportState.IMPORTED and job.report["created"] == WORKER_ROWS + 1
    status = client.get(reverse("import_job", args=[job.pk]) + "?status=1", HTTP_HX_REQUEST="true")
    assert status["HX-Refresh"] == "true"
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert f"{WORKER_ROWS + 1} created" in page


def test_the_worker_records_problems(client, owner, cycle, engine):
    job = _job(owner, cycle, queued=True)
    assert run_import_job.func(job.pk) == ImportState.FAILED
    job.refresh_from_db()
    assert job.report["problems"] == [
        {"row": 3, "column": "Zielwert", "message": "target is empty"}
    ]
    assert job.options["queued"] is False
    page = login(client, owner).get(reverse("import_job", args=[job.pk])).content.decode()
    assert "The last import attempt found problems; nothing was imported." in page
    assert 'value="import"' in page  # fix and try again
    assert engine.imports == []


def test_the_worker_refuses_a_closed_cycle(owner, cycle, engine):
    job = _job(owner, cycle, queued=True)
    goal_actions.do_close_cycle(owner, cycle)
    assert run_import_job.func(job.pk) == ImportState.FAILED
    job.refresh_from_db()
    assert job.report["problems"][0]["message"].startswith("The chosen cycle is closed")
    assert engine.imports == []


def test_a_crash_in_the_worker_ends_the_polling(client, owner, cycle, engine):
    job = _job(owner, cycle, queued=True)
    crash = mock.Mock(side_effect=RuntimeError("disk full"))
    with mock.patch.object(sheets, "run_import", crash), pytest.raises(RuntimeError):
        run_import_job.func(job.pk)
    job.refresh_from_db()
    assert job.state == ImportState.FAILED and job.options["queued"] is False
    page = login(client, owner).get(reverse("import_job", args=[job.pk])).content.decode()
    assert "The import failed unexpectedly; nothing was imported." in page
    assert "Importing…" not in page


# Query budget


@pytest.mark.parametrize("action", ["get", "preview"])
def test_job_page_queries_do_not_grow_with_the_table(client, owner, cycle, engine, action):
    login(client, owner)

    def count(rows: int) -> int:
        engine.rows = rows
        engine.empty_targets = tuple(range(2, rows + 2, 3))
        job = _job(owner, cycle)
        url = reverse("import_job", args=[job.pk])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url) if action == "get" else _post(client, job, cycle, action)
        assert response.status_code == 200
        return len(queries)

    small, large = count(5), count(400)
    assert small == large
    # Session, person, job, the chosen cycle, the cycle choices (+ saving the choices).
    assert large <= {"get": 6, "preview": 7}[action]


# End to end, with the real engine


SHEET_CSV = (
    "Einheit;Ziel;Schlüsselergebnis;Startwert;Zielwert;Verantwortlich\n"
    "Marketing;Bessere Leads;Lead-Quote erhöhen;12;20,5;bob@muster.example\n"
    "Marketing;Bessere Leads;Reaktionszeit senken;48;\n"
).encode()


def _real_upload(client: Client, cycle: Cycle, name: str, content: bytes, query: str = ""):
    response = client.post(
        reverse("import_upload") + query,
        {"file": SimpleUploadedFile(name, content), "cycle": cycle.pk},
    )
    assert response.status_code == 302, response.content.decode()
    return ImportJob.objects.order_by("-pk").first()


def _real_post(client: Client, job: ImportJob, cycle: Cycle, action: str, **extra: Any):
    columns = {f"column_{index}": name for index, name in job.mapping.items()}
    data = {**columns, "cycle": cycle.pk, "action": action, **extra}
    return client.post(reverse("import_job", args=[job.pk]), data)


def test_a_csv_file_from_upload_to_import(client, owner, teammate, cycle, marketing):
    # given: a German CSV with a decimal comma and a row without a target
    login(client, owner)
    job = _real_upload(client, cycle, "okrs.csv", SHEET_CSV)
    assert job.mapping == {
        "0": "unit",
        "1": "objective",
        "2": "key_result",
        "3": "start",
        "4": "target",
        "5": "owner",
    }
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "row 3, “Zielwert”: target is empty" in page
    # when: importing as it is
    response = _real_post(client, job, cycle, "import")
    # then: nothing is written
    assert "Nothing was imported" in response.content.decode()
    assert not Objective.objects.filter(title="Bessere Leads").exists()
    # when: skipping the row
    response = _real_post(client, job, cycle, "import", skip=["3"])
    # then
    assert response.status_code == 302
    objective = Objective.objects.get(title="Bessere Leads", unit=marketing, cycle=cycle)
    key_result = objective.key_results.get()
    assert (key_result.title, key_result.start, key_result.target) == (
        "Lead-Quote erhöhen",
        12,
        20.5,
    )
    job.refresh_from_db()
    assert job.state == ImportState.IMPORTED
    assert job.report["skipped"] == 1 and job.report["created"] >= 1
    # when: the same file again
    again = _real_upload(client, cycle, "okrs.csv", SHEET_CSV)
    page = _real_post(client, again, cycle, "preview", skip=["3"]).content.decode()
    assert "0 to create" in page
    assert _real_post(client, again, cycle, "import", skip=["3"]).status_code == 302
    # then: nothing doubled
    assert Objective.objects.filter(title="Bessere Leads").count() == 1
    assert KeyResult.objects.filter(objective__title="Bessere Leads").count() == 1


def test_an_xlsx_without_a_unit_column_goes_into_the_unit_it_came_from(
    client, owner, cycle, marketing
):
    import openpyxl  # type: ignore[import-untyped,unused-ignore]

    # given: a team's own workbook, no unit column
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Objective", "Key result", "Start", "Target", "Unit label"])
    sheet.append(["Be known for logistics", "Publish 4 case studies", 0, 4, "studies"])
    sheet.append(["Be known for logistics", "Speak at 3 fairs", 0, 3, "fairs"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    login(client, owner)
    # when
    job = _real_upload(client, cycle, "team.xlsx", buffer.getvalue(), f"?unit={marketing.pk}")
    page = client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "No column names the unit: every row goes into Marketing." in page
    assert "<strong>2 to create</strong>" in page
    response = _real_post(client, job, cycle, "import")
    # then
    assert response.status_code == 302
    objective = Objective.objects.get(title="Be known for logistics")
    assert objective.unit == marketing and objective.cycle == cycle
    assert sorted(objective.key_results.values_list("target", "unit_label")) == [
        (3, "fairs"),
        (4, "studies"),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Go to Marketing" in page


def test_a_real_file_imported_by_the_worker(client, owner, teammate, cycle, marketing, monkeypatch):
    monkeypatch.setattr(views_import, "WORKER_ROWS", 1)
    login(client, owner)
    job = _real_upload(client, cycle, "okrs.csv", SHEET_CSV)
    assert _real_post(client, job, cycle, "import", skip=["3"]).status_code == 302
    assert not Objective.objects.filter(title="Bessere Leads").exists()
    # when
    outcome = run_import_job.func(job.pk)
    # then
    job.refresh_from_db()
    assert outcome == ImportState.IMPORTED, job.report["problems"]
    assert Objective.objects.filter(title="Bessere Leads", unit=marketing).count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "The submitted file is empty."), (b" \n\n", "“okrs.csv” is empty.")],
)
def test_an_empty_file_is_explained(client, owner, cycle, content, message):
    response = login(client, owner).post(
        reverse("import_upload"),
        {"file": SimpleUploadedFile("okrs.csv", content), "cycle": cycle.pk},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()
