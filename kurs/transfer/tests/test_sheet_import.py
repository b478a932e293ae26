"""Spreadsheets into OKRs: `preview`, `run_import` and `kurs import FILE.xlsx|.csv`.

What a person would notice: the objectives and key results that appear, the problems
by row and column, that nothing is half-written, and that a second import adds nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Alignment  # type: ignore[import-untyped,unused-ignore]

from kurs.goals import actions as goal_actions
from kurs.goals.models import AuditEvent, CheckIn, Cycle, KeyResult, Objective
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Role
from kurs.transfer.sheets import guess_mapping, preview, read_table, run_import

pytestmark = pytest.mark.django_db

ONE_ROW_PER_KR = """\
Einheit;Ziel;Schlüsselergebnis;Verantwortlich;Startwert;Zielwert;Aktuell;Maßeinheit
Marketing;Bessere Leads gewinnen;Lead-Quote erhöhen;bob@muster.example;12;20;14;%
Marketing;Bessere Leads gewinnen;Zeit bis zum Erstkontakt senken;alice@muster.example;48;24;;Stunden
Sales;Mehr Umsatz im Mittelstand;Neukunden gewinnen;Alice Admin;0;40;;
Sales;Mehr Umsatz im Mittelstand;Umsatz steigern;;1.000.000 €;1.500.000 €;1.100.000 €;
"""


def table_of(text: str, name: str = "okrs.csv"):
    return read_table(text.encode("utf-8"), name)


def counts() -> tuple[int, int, int, int]:
    return (
        Objective.objects.count(),
        KeyResult.objects.count(),
        CheckIn.objects.count(),
        AuditEvent.objects.count(),
    )


def do_import(org, actor, cycle, text: str, **options):
    table = table_of(text)
    return run_import(org, table, guess_mapping(table.headers), actor=actor, cycle=cycle, **options)


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


@pytest.fixture
def people(owner, teammate, sales):
    return owner, teammate


# Layouts ------------------------------------------------------------------------------


def test_one_row_per_key_result_becomes_objectives_key_results_and_check_ins(
    org, owner, teammate, sales, marketing, cycle
):
    # when
    result = do_import(org, owner, cycle, ONE_ROW_PER_KR)

    # then
    assert messages(result) == []
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    leads = Objective.objects.get(unit=marketing, cycle=cycle)
    assert leads.title == "Bessere Leads gewinnen"
    assert leads.owner == teammate  # the owner of its first key result
    rate, time = leads.key_results.order_by("position")
    assert (rate.metric, rate.start, rate.target, rate.unit_label, rate.owner) == (
        "increase",
        12,
        20,
        "%",
        teammate,
    )
    assert rate.current == 14  # “Aktuell” differs from the start: a check-in
    assert rate.check_ins.get().comment == "Imported from okrs.csv"
    assert (time.metric, time.owner, time.unit_label) == ("decrease", owner, "Stunden")
    assert not time.check_ins.exists()
    revenue = KeyResult.objects.get(title="Umsatz steigern")
    assert (revenue.start, revenue.target, revenue.current, revenue.unit_label) == (
        1_000_000,
        1_500_000,
        1_100_000,
        "€",
    )
    assert KeyResult.objects.get(title="Neukunden gewinnen").owner == owner  # by name
    # Written through the actions: the history says who imported what.
    assert AuditEvent.objects.filter(objective=leads, actor=owner, verb="created").count() == 3


def test_importing_the_same_file_twice_creates_nothing_new(org, people, cycle):
    do_import(org, people[0], cycle, ONE_ROW_PER_KR)
    before = counts()

    result = do_import(org, people[0], cycle, ONE_ROW_PER_KR)

    assert messages(result) == []
    assert counts() == before  # no objective, key result, check-in or history entry
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)


def test_a_changed_current_value_on_reimport_is_one_new_check_in(org, people, cycle):
    do_import(org, people[0], cycle, ONE_ROW_PER_KR)

    result = do_import(org, people[0], cycle, ONE_ROW_PER_KR.replace(";12;20;14;%", ";12;20;16;%"))

    assert messages(result) == []
    rate = KeyResult.objects.get(title="Lead-Quote erhöhen")
    assert [c.value for c in rate.check_ins.order_by("created_at")] == [14, 16]
    assert [r.action for r in result.rows] == ["update", "unchanged", "unchanged", "unchanged"]


def test_objective_rows_followed_by_key_result_rows(org, owner, teammate, marketing, cycle):
    text = (
        "Team,Objective,Key result,Owner,Start,Target\n"
        "Marketing,Make our leads better,,bob@muster.example,,\n"
        ",,Raise the lead-to-offer rate,,12,20\n"
        ",,Cut the time to the first call,alice@muster.example,48,24\n"
        "Marketing,Be known for logistics,,,,\n"
        ",,Publish 3 case studies,,0,3\n"
    )

    result = do_import(org, owner, cycle, text)

    assert messages(result) == []
    assert [(r.row, r.objective, r.key_result, r.action) for r in result.rows] == [
        (2, "Make our leads better", "", "create"),
        (3, "Make our leads better", "Raise the lead-to-offer rate", "create"),
        (4, "Make our leads better", "Cut the time to the first call", "create"),
        (5, "Be known for logistics", "", "create"),
        (6, "Be known for logistics", "Publish 3 case studies", "create"),
    ]
    leads, logistics = Objective.objects.filter(unit=marketing).order_by("pk")
    assert leads.owner == teammate  # from the objective's own row
    assert [kr.title for kr in leads.key_results.order_by("position")] == [
        "Raise the lead-to-offer rate",
        "Cut the time to the first call",
    ]
    assert logistics.key_results.get().target == 3


def test_indented_key_results_in_the_objective_column_of_a_workbook(org, owner, marketing, cycle):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "OKR"
    sheet.append(["Einheit", "OKR", "Start", "Ziel", "Einheit der Messgröße", "Fällig"])
    sheet.append(["Marketing", "Bessere Leads gewinnen"])
    sheet.append([None, "Lead-Quote erhöhen", 12, 20, "%", cycle.end])
    sheet.append([None, "    Zeit bis zum Erstkontakt", "48", "24", "Stunden", None])
    sheet["B3"].alignment = Alignment(indent=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "okrs.xlsx")
    mapping = guess_mapping(table.headers)
    assert mapping == {
        0: "unit",
        1: "objective",
        2: "start",
        3: "target",
        4: "unit_label",
        5: "due",
    }

    result = run_import(org, table, mapping, actor=owner, cycle=cycle)

    assert messages(result) == []
    objective = Objective.objects.get(unit=marketing)
    assert objective.title == "Bessere Leads gewinnen"
    assert [(kr.title, kr.metric) for kr in objective.key_results.order_by("position")] == [
        ("Lead-Quote erhöhen", "increase"),
        ("Zeit bis zum Erstkontakt", "decrease"),
    ]


# Preview ------------------------------------------------------------------------------


def test_the_preview_lists_each_rows_action_and_writes_nothing(org, people, cycle):
    table = table_of(ONE_ROW_PER_KR)

    result = preview(org, table, guess_mapping(table.headers), actor=people[0], cycle=cycle)

    assert messages(result) == []
    assert [(r.row, r.unit, r.key_result, r.action) for r in result.rows] == [
        (2, "Marketing", "Lead-Quote erhöhen", "create"),
        (3, "Marketing", "Zeit bis zum Erstkontakt senken", "create"),
        (4, "Sales", "Neukunden gewinnen", "create"),
        (5, "Sales", "Umsatz steigern", "create"),
    ]
    assert result.rows[0].objective_action == "create"
    assert result.rows[1].objective_action == ""
    assert counts() == (0, 0, 0, 0)


# Problems -----------------------------------------------------------------------------


BAD_ROWS = """\
Unit;Objective;Key result;Owner;Start;Target;Due
Marketing;Better leads;Raise the rate;bob@muster.example;12;20;
Marketing;Better leads;Cut the time;x@y.example;48;24;
Marketng;Known for logistics;Publish studies;;0;;
Sales;Grow;Win customers;;zero;40;2099-05-31
Sales;Grow;;;1;2;
"""


def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(org, people, cycle):
    # when
    result = do_import(org, people[0], cycle, BAD_ROWS)

    # then
    assert messages(result) == [
        "row 3, column Owner: nobody with the email “x@y.example” belongs to “Muster GmbH”.",
        "row 4, column Target: target is empty",
        "row 4, column Unit: unit “Marketng” does not exist; did you mean “Marketing”?",
        "row 5, column Start: “zero” is not a number",
        f"row 5, column Due: due 2099-05-31 is after the cycle ends ({cycle.end.isoformat()})",
        "row 6, column Key result: the key result is empty",
    ]
    assert counts() == (0, 0, 0, 0)  # all or nothing: not even the good row 2


def test_an_unknown_unit_says_which_units_are_close(org, people, cycle):
    text = BAD_ROWS.splitlines()[0] + "\nMarketng;Known for logistics;Publish studies;;0;3;\n"

    result = do_import(org, people[0], cycle, text)

    assert messages(result) == [
        "row 2, column Unit: unit “Marketng” does not exist; did you mean “Marketing”?"
    ]


def test_rows_with_problems_can_be_skipped(org, people, marketing, cycle):
    table = table_of(BAD_ROWS)
    mapping = guess_mapping(table.headers)
    first = preview(org, table, mapping, actor=people[0], cycle=cycle)
    skip = frozenset(p.row for p in first.problems if p.row is not None)

    result = run_import(org, table, mapping, actor=people[0], cycle=cycle, skip_rows=skip)

    assert messages(result) == []
    assert [(r.row, r.action) for r in result.rows] == [
        (2, "create"),
        (3, "skip"),
        (4, "skip"),
        (5, "skip"),
        (6, "skip"),
    ]
    assert (result.created, result.skipped) == (1, 4)
    assert list(KeyResult.objects.values_list("title", flat=True)) == ["Raise the rate"]


def test_an_owner_named_twice_must_be_given_by_email(org, owner, marketing, cycle):
    for email in ("m1@muster.example", "m2@muster.example"):
        org_actions.do_create_person(
            None, organization=org, email=email, name="Max Muster", role=Role.MEMBER
        )
    text = "Unit;Objective;Key result;Owner;Start;Target\nMarketing;O;K;max muster;0;1\n"

    result = do_import(org, owner, cycle, text)

    assert messages(result) == [
        "row 2, column Owner: 2 people are named “max muster”; write the email instead"
    ]


def test_a_missing_column_is_a_problem_for_the_whole_file(org, owner, cycle):
    result = do_import(org, owner, cycle, "Unit;Objective;Key result\nMarketing;O;K\n")

    assert messages(result) == [
        "No column is mapped to “Target value”; choose the column that holds it."
    ]


def test_a_target_equal_to_the_start_is_shown_on_the_target_column(org, owner, marketing, cycle):
    text = "Unit;Objective;Key result;Start;Target\nMarketing;O;K;5;5\n"

    result = do_import(org, owner, cycle, text)

    assert messages(result) == [
        "row 2, column Target: The target must differ from the start value."
    ]


def test_a_formula_without_a_value_stops_the_import(org, owner, marketing, cycle):
    workbook = Workbook()
    workbook.active.append(["Unit", "Objective", "Key result", "Start", "Target"])
    workbook.active.append(["Marketing", "O", "K", 0, "=SUM(1,2)"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "f.xlsx")

    result = run_import(org, table, guess_mapping(table.headers), actor=owner, cycle=cycle)

    assert "row 2, column Target: a formula without a value" in messages(result)[0]
    assert counts() == (0, 0, 0, 0)


# Permissions --------------------------------------------------------------------------


def test_a_viewer_imports_nothing(org, viewer, marketing, cycle):
    result = do_import(org, viewer, cycle, "Unit;Objective;Key result;Target\nMarketing;O;K;1\n")

    assert messages(result) == ["vera@muster.example may not write OKRs in “Muster GmbH”."]
    assert counts()[:3] == (0, 0, 0)


def test_a_member_imports_only_into_their_units(org, owner, teammate, sales, marketing, cycle):
    text = "Unit;Objective;Key result;Start;Target\nMarketing;Ours;K;0;1\nSales;Theirs;K;0;1\n"

    result = do_import(org, teammate, cycle, text)

    assert messages(result) == ["row 3: bob@muster.example may not write this objective."]
    assert counts()[:2] == (0, 0)


def test_another_organizations_cycle_is_refused(org, owner, outsider, marketing):
    foreign = goal_actions.do_create_cycle(
        outsider,
        name="Q",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 3, 31),
        kind="quarter",
        state="active",
    )

    result = do_import(org, owner, foreign, "Unit;Objective;Key result;Target\nMarketing;O;K;1\n")

    assert messages(result) == ["Choose the cycle to import into."]


# `kurs import` ------------------------------------------------------------------------


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fail(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(*args, stdout=out, stderr=err)
    return int(str(exit_info.value.code)), out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str, name: str = "okrs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_imports_a_csv_into_the_cycle_running_today(people, cycle, tmp_path):
    path = write(tmp_path, ONE_ROW_PER_KR)

    out, _err = run("import", str(path), "--org", "Muster GmbH")

    assert "Columns: Einheit → Unit; Ziel → Objective; Schlüsselergebnis → Key result" in out
    assert "create: Objective “Bessere Leads gewinnen” (Marketing, row 2)" in out
    assert "  create: Key result “Lead-Quote erhöhen” (row 2)" in out
    assert "4 rows: 4 to create, 0 to update, 0 unchanged, 0 skipped." in out
    assert "Imported into cycle “Current quarter”." in out
    assert KeyResult.objects.count() == 4


def test_cli_dry_run_writes_nothing(people, cycle, tmp_path):
    path = write(tmp_path, ONE_ROW_PER_KR)

    out, _err = run("import", str(path), "--org", "Muster GmbH", "--dry-run")

    assert "Dry run: nothing was written." in out
    assert counts() == (0, 0, 0, 0)


def test_cli_problems_go_to_stderr_with_file_row_and_column_and_exit_1(people, cycle, tmp_path):
    path = write(tmp_path, BAD_ROWS)

    code, _out, err = fail("import", str(path), "--org", "Muster GmbH")

    assert code == 1
    assert f"{path}:row 4, column Target: target is empty" in err.splitlines()
    assert "6 problems; nothing was written." in err
    assert counts() == (0, 0, 0, 0)


def test_cli_can_skip_the_rows_with_problems(people, cycle, tmp_path):
    path = write(tmp_path, BAD_ROWS)

    out, err = run("import", str(path), "--org", "Muster GmbH", "--skip-problem-rows")

    assert f"{path}:row 4, column Target: target is empty (row skipped)" in err
    assert "5 rows: 1 to create, 0 to update, 0 unchanged, 4 skipped." in out
    assert KeyResult.objects.count() == 1


def test_cli_names_the_cycle(people, cycle, tmp_path):
    later = goal_actions.do_create_cycle(
        people[0],
        name="2099-Q1",
        start=dt.date(2099, 1, 1),
        end=dt.date(2099, 3, 31),
        kind="quarter",
        state="planning",
    )
    path = write(tmp_path, ONE_ROW_PER_KR)

    run("import", str(path), "--org", "Muster GmbH", "--cycle", "2099-q1")

    assert Objective.objects.filter(cycle=later).count() == 2
    with pytest.raises(CommandError, match="has no cycle named “Q9”") as error:
        run("import", str(path), "--org", "Muster GmbH", "--cycle", "Q9")
    assert error.value.returncode == 2


def test_cli_without_a_running_cycle_asks_for_one(owner, marketing, tmp_path):
    path = write(tmp_path, ONE_ROW_PER_KR)

    with pytest.raises(CommandError, match="runs today; name one with --cycle") as error:
        run("import", str(path), "--org", "Muster GmbH")
    assert error.value.returncode == 2


def test_cli_reports_progress_for_big_files(owner, marketing, cycle, tmp_path):
    rows = "".join(f"Marketing;Objective {i // 5};KR {i};0;{i + 1}\n" for i in range(2_500))
    path = write(tmp_path, "Unit;Objective;Key result;Start;Target\n" + rows)

    out, err = run("import", str(path), "--org", "Muster GmbH", "--dry-run")

    assert "… 1,000 of 2,500 rows" in err
    assert "… 2,000 of 2,500 rows" in err
    assert "2500 rows: 2500 to create" in out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is not a spreadsheet"),
        ("empty.csv", b"", "is empty"),
        ("big.csv", b"Unit;Objective;Target\n" + b"Sales;Grow;40\n" * 50_000, "50,000 rows"),
        ("latin.csv", "Einheit;Ziel\nä;ö\n".encode() + b"x;\xff\xfe\n", "cannot read in line 3"),
    ],
)
def test_cli_unreadable_files_exit_2_and_write_nothing(owner, cycle, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)

    with pytest.raises(CommandError, match=message) as error:
        run("import", str(path), "--org", "Muster GmbH")

    assert error.value.returncode == 2
    assert counts()[:3] == (0, 0, 0)


def test_cli_merged_cells_exit_2(owner, cycle, tmp_path):
    workbook = Workbook()
    workbook.active.append(["Unit", "Objective", "Key result", "Target"])
    workbook.active.append(["Marketing", "O", "K", 1])
    workbook.active.merge_cells("A1:B1")
    path = tmp_path / "merged.xlsx"
    workbook.save(path)

    with pytest.raises(CommandError, match=r"merged cells \(A1:B1\)") as error:
        run("import", str(path), "--org", "Muster GmbH")
    assert error.value.returncode == 2


def test_cli_imports_a_workbook(people, cycle, tmp_path):
    workbook = Workbook()
    for line in ONE_ROW_PER_KR.splitlines():
        workbook.active.append(line.split(";"))
    path = tmp_path / "okrs.xlsx"
    workbook.save(path)

    run("import", str(path), "--org", "Muster GmbH")
    out, _err = run("import", str(path), "--org", "Muster GmbH")

    assert "4 rows: 0 to create, 0 to update, 4 unchanged, 0 skipped." in out
    assert KeyResult.objects.count() == 4
    assert Cycle.objects.count() == 1
