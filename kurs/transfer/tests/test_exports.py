"""XLSX, CSV and Markdown exports as people open them, and `kurs export` for those formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

from kurs.goals import actions as goal_actions
from kurs.goals.models import Cycle, CycleState, KeyResult, Objective
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Unit
from kurs.transfer import exports

pytestmark = pytest.mark.django_db

GREEN, YELLOW, RED, GREY = (f"00{fill}" for fill, _text in exports.STATUS_STYLES.values())


@pytest.fixture
def scored(owner, objective, sales_objective) -> dict[str, KeyResult]:
    """Half the cycle has passed: one key result of each colour.

    Marketing: lead rate 12 → 18.5 → 20 (81 %, green) and first-call time 48 → 46 → 24
    hours (8 %, red). Sales: customers 0 → 40 never checked in (grey) and offers
    0 → 14 → 40 (35 %, yellow).
    """
    lead_rate = objective.key_results.get()
    goal_actions.do_check_in(owner, lead_rate, value=18.5, confidence=7)
    call_time = goal_actions.do_create_key_result(
        owner,
        objective,
        title="Cut the time to the first call from 48 to 24 hours",
        metric="decrease",
        start=48,
        target=24,
        unit_label="hours",
    )
    goal_actions.do_check_in(owner, call_time, value=46, confidence=2)
    customers = sales_objective.key_results.get()
    offers = goal_actions.do_create_key_result(
        owner, sales_objective, title="Send 40 offers", start=0, target=40, unit_label="offers"
    )
    goal_actions.do_check_in(owner, offers, value=14)
    return {
        "lead_rate": lead_rate,
        "call_time": call_time,
        "customers": customers,
        "offers": offers,
    }


def org_export(org, unit=None, cycle=None) -> exports.Export:
    return exports.collect_for_organization(org, unit, cycle)


def rows_of(sheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# XLSX -------------------------------------------------------------------------------


def test_xlsx_has_a_summary_and_one_sheet_per_unit(org, cycle, scored):
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(org_export(org, cycle=cycle), "en")))

    assert workbook.sheetnames == ["Summary", "Marketing", "Sales"]
    summary = rows_of(workbook["Summary"])
    assert summary[0] == [
        "Unit",
        "Objectives",
        "Key results",
        "On track",
        "At risk",
        "Off track",
        "Not started",
        "Average progress",
    ]
    assert summary[1][:7] == ["Marketing", 1, 2, 1, 0, 0, 0]
    assert summary[1][7] == pytest.approx((0.8125 + 2 / 24) / 2)
    assert summary[2][:7] == ["Sales", 1, 2, 0, 0, 1, 0]
    assert workbook["Summary"]["H2"].number_format == "0%"


def test_xlsx_rows_hold_numbers_percentages_dates_and_coloured_statuses(org, cycle, scored):
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(org_export(org, cycle=cycle), "en")))
    sheet = workbook["Marketing"]
    rows = rows_of(sheet)

    assert rows[0] == [
        "Objective",
        "Key result",
        "Owner",
        "Start",
        "Current",
        "Target",
        "Unit label",
        "Progress",
        "Status",
        "Confidence",
        "Last check-in",
    ]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K4"
    # The objective's own row, then its key results with the objective repeated.
    assert rows[1][:3] == ["Make our leads noticeably better", None, "Bob Member"]
    assert rows[1][8] == "On track" and sheet["A2"].font.b
    lead, call = rows[2], rows[3]
    assert lead[:7] == [
        "Make our leads noticeably better",
        "Raise lead-to-offer rate from 12 to 20 per 100 leads",
        "Bob Member",
        12,
        18.5,
        20,
        "per 100",
    ]
    assert lead[7] == pytest.approx(0.8125) and sheet["H3"].number_format == "0%"
    assert lead[8:10] == ["On track", 7]
    assert isinstance(lead[10], dt.datetime) and lead[10].date() == timezone.localdate()
    assert sheet["K3"].number_format == "YYYY-MM-DD"
    assert call[8] == "Off track"
    # The status cell carries the colour; the word says the same without it.
    assert sheet["I3"].fill.fgColor.rgb == GREEN
    assert sheet["I4"].fill.fgColor.rgb == RED
    sales = workbook["Sales"]
    assert [sales["I3"].value, sales["I3"].fill.fgColor.rgb] == ["Not started", GREY]
    assert [sales["I4"].value, sales["I4"].fill.fgColor.rgb] == ["At risk", YELLOW]
    assert all(isinstance(sheet.cell(row=3, column=c).value, int | float) for c in (4, 5, 6, 8))


def test_xlsx_speaks_german(org, cycle, scored):
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(org_export(org, cycle=cycle), "de")))

    assert workbook.sheetnames[0] == "Zusammenfassung"
    sheet = workbook["Marketing"]
    assert [sheet["A1"].value, sheet["B1"].value, sheet["G1"].value] == [
        "Ziel",
        "Schlüsselergebnis",
        "Maßeinheit",
    ]
    assert sheet["I3"].value == "Im Plan" and sheet["I4"].value == "Kritisch"
    assert sheet["K3"].number_format == "DD.MM.YYYY"


def test_xlsx_for_all_cycles_names_the_cycle_of_each_row(owner, org, marketing, cycle, scored):
    last = goal_actions.do_create_cycle(
        owner,
        name="Last quarter",
        start=cycle.start - dt.timedelta(days=91),
        end=cycle.start - dt.timedelta(days=1),
        kind="quarter",
        state=CycleState.ACTIVE,
    )
    goal_actions.do_create_objective(
        owner, cycle=last, unit=marketing, owner=owner, title="Launch the newsletter"
    )

    workbook = load_workbook(io.BytesIO(exports.to_xlsx(org_export(org, unit=marketing), "en")))

    assert workbook.sheetnames == ["Summary", "Marketing"]
    rows = rows_of(workbook["Marketing"])
    assert rows[0][3] == "Cycle"
    assert [(r[0], r[3]) for r in rows[1:] if r[1] is None] == [
        ("Make our leads noticeably better", "Current quarter"),
        ("Launch the newsletter", "Last quarter"),
    ]


def test_sheet_names_are_short_valid_and_unique():
    taken: set[str] = set()

    names = [
        exports.sheet_name("Summary", taken),
        exports.sheet_name("summary", taken),
        exports.sheet_name("R&D: Labs/Test [EU] *new*?", taken),
        exports.sheet_name("Customer Success and Onboarding Excellence", taken),
        exports.sheet_name("Customer Success and Onboarding Excellence Team", taken),
        exports.sheet_name("History", taken),
    ]

    assert names == [
        "Summary",
        "summary (2)",
        "R&D Labs Test EU new",
        "Customer Success and Onboarding",
        "Customer Success and Onboar (2)",
        "History (1)",
    ]
    assert all(len(n) <= 31 for n in names)


def test_an_empty_unit_still_gets_its_sheet(org, marketing, cycle):
    workbook = load_workbook(
        io.BytesIO(exports.to_xlsx(org_export(org, unit=marketing, cycle=cycle), "en"))
    )

    assert workbook.sheetnames == ["Summary", "Marketing"]
    assert rows_of(workbook["Marketing"])[1:] == []


# CSV --------------------------------------------------------------------------------


def read_csv(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_csv_in_english_uses_commas_and_decimal_points(org, cycle, scored):
    rows = read_csv(exports.to_csv(org_export(org, cycle=cycle), "en"), ",")

    assert rows[0] == [
        "Unit",
        "Objective",
        "Key result",
        "Owner",
        "Start",
        "Target",
        "Current",
        "Unit label",
        "Status",
        "Progress (%)",
        "Confidence",
        "Last check-in",
    ]
    assert rows[1] == [
        "Marketing",
        "Make our leads noticeably better",
        "Raise lead-to-offer rate from 12 to 20 per 100 leads",
        "bob@muster.example",
        "12",
        "20",
        "18.5",
        "per 100",
        "On track",
        "81.2",
        "7",
        timezone.localdate().isoformat(),
    ]
    assert rows[2][8] == "Off track"
    # One row per key result, the objective repeated: 2 + 2.
    assert [r[1] for r in rows[1:]] == [
        "Make our leads noticeably better",
        "Make our leads noticeably better",
        "Grow revenue with mid-sized companies",
        "Grow revenue with mid-sized companies",
    ]


def test_csv_in_german_uses_semicolons_and_decimal_commas(org, cycle, scored):
    data = exports.to_csv(org_export(org, cycle=cycle), "de")

    assert (
        data.decode("utf-8-sig")
        .splitlines()[0]
        .startswith(
            "Einheit;Ziel;Schlüsselergebnis;Verantwortlich;Start;Zielwert;Aktuell;Maßeinheit;"
        )
    )
    rows = read_csv(data, ";")
    assert rows[1][4:10] == ["12", "20", "18,5", "per 100", "Im Plan", "81,2"]
    assert rows[2][8] == "Kritisch"


def test_csv_keeps_separators_and_quotes_inside_titles(owner, org, marketing, cycle):
    objective = goal_actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=owner, title='Win "big"; fast, and 1,5x'
    )
    goal_actions.do_create_key_result(
        owner, objective, title="0.25 → 0.75", start=0.25, target=0.75
    )

    for language, delimiter in (("de", ";"), ("en", ",")):
        rows = read_csv(exports.to_csv(org_export(org, cycle=cycle), language), delimiter)
        assert rows[1][1] == 'Win "big"; fast, and 1,5x'
        assert rows[1][4:6] == (["0,25", "0,75"] if language == "de" else ["0.25", "0.75"])


@pytest.mark.parametrize("language", ["de", "en"])
def test_csv_reads_back_with_the_spreadsheet_importer(owner, org, cycle, scored, language):
    from kurs.transfer import sheets

    # given: this cycle's OKRs as CSV, and the next cycle to import them into
    data = exports.to_csv(org_export(org, cycle=cycle), language)
    following = goal_actions.do_create_cycle(
        owner,
        name="Next quarter",
        start=cycle.end + dt.timedelta(days=1),
        end=cycle.end + dt.timedelta(days=91),
        kind="quarter",
        state=CycleState.PLANNING,
    )

    # when
    table = sheets.read_table(data, f"okrs-{language}.csv")
    mapping = sheets.guess_mapping(table.headers)
    result = sheets.run_import(org, table, mapping, actor=owner, cycle=following)

    # then: the same objectives and key results, with their numbers
    assert sorted(mapping.values()) == sorted(
        ["unit", "objective", "key_result", "owner", "start", "target", "current", "unit_label"]
    )
    assert result.problems == []
    imported = {
        (kr.objective.unit.name, kr.objective.title, kr.title): (
            kr.start,
            kr.target,
            kr.value,
            kr.unit_label,
            kr.owner.email,
        )
        for kr in KeyResult.objects.filter(objective__cycle=following).select_related(
            "objective__unit", "owner"
        )
    }
    assert imported[
        (
            "Marketing",
            "Make our leads noticeably better",
            "Cut the time to the first call from 48 to 24 hours",
        )
    ] == (48, 24, 46, "hours", "bob@muster.example")
    assert len(imported) == 4


# Markdown ---------------------------------------------------------------------------


def test_markdown_shows_units_objectives_and_key_results_in_words(org, cycle, scored):
    text = exports.to_markdown(org_export(org, cycle=cycle), "en")

    assert text.startswith("# Muster GmbH · Current quarter\n")
    assert "\n## Marketing\n" in text and "\n## Sales\n" in text
    assert "\n### Make our leads noticeably better\n" in text
    assert "**On track** · 45% · owner: Bob Member" in text
    assert (
        "| Raise lead-to-offer rate from 12 to 20 per 100 leads | Bob Member "
        "| 12 → 18.5 → 20 per 100 | 81% | On track | 7/10 (high) |"
    ) in text
    assert "| 48 → 46 → 24 hours | 8% | Off track | 2/10 (low) |" in text
    assert "| 0 → 0 → 40 customers | 0% | Not started | – | – |" in text
    # Sales comes after Marketing; the order is stable, so a git diff stays small.
    assert text.index("## Marketing") < text.index("## Sales")


def test_markdown_in_german(org, cycle, scored):
    text = exports.to_markdown(org_export(org, cycle=cycle), "de")

    assert "12 → 18,5 → 20 per 100" in text
    assert "Im Plan" in text and "Kritisch" in text and "Gefährdet" in text


def test_markdown_escapes_what_would_break_it(owner, org, marketing, cycle):
    goal_actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=owner, title="Win | *big* <script>x</script>"
    )

    text = exports.to_markdown(org_export(org, unit=marketing, cycle=cycle), "en")

    assert r"### Win \| \*big\* \<script\>x\</script\>" in text
    assert "<script>" not in text
    assert "No key results yet." in text


def test_markdown_for_all_cycles_has_a_heading_per_cycle(owner, org, marketing, cycle, scored):
    old = goal_actions.do_create_cycle(
        owner,
        name="Last quarter",
        start=cycle.start - dt.timedelta(days=91),
        end=cycle.start - dt.timedelta(days=1),
        kind="quarter",
        state=CycleState.ACTIVE,
    )
    goal_actions.do_create_objective(
        owner, cycle=old, unit=marketing, owner=owner, title="Launch the newsletter"
    )

    text = exports.to_markdown(org_export(org), "en")

    assert text.startswith("# Muster GmbH · all cycles\n")
    assert text.index("\n## Current quarter\n") < text.index("\n## Last quarter\n")
    assert text.index("\n## Last quarter\n") < text.index("\n#### Launch the newsletter\n")


# What is exported -------------------------------------------------------------------


def test_retired_objectives_and_other_organizations_stay_out(
    owner, outsider, other_org, org, cycle, scored, objective
):
    goal_actions.do_retire_objective(owner, objective, reason="Sales changed its mind")
    other_cycle = goal_actions.do_create_cycle(
        outsider,
        name="Current quarter",
        start=cycle.start,
        end=cycle.end,
        kind="quarter",
        state=CycleState.ACTIVE,
    )
    goal_actions.do_create_objective(
        outsider,
        cycle=other_cycle,
        unit=Unit.objects.get(organization=other_org, parent=None),
        owner=outsider,
        title="Secret plans of Other AG",
    )

    text = exports.to_markdown(org_export(org), "en")

    assert "Grow revenue with mid-sized companies" in text
    assert "Make our leads noticeably better" not in text
    assert "Secret plans" not in text


def test_a_unit_export_holds_that_unit_only(org, company, marketing, cycle, scored):
    text = exports.to_markdown(org_export(org, unit=marketing, cycle=cycle), "en")

    assert text.startswith("# Marketing · Current quarter\n")
    assert "Make our leads" in text and "Grow revenue" not in text


def test_file_names_are_ascii_safe(org, owner, cycle):
    unit = org_actions.do_create_unit(
        owner, name="Süd/Ost & Co", parent=Unit.objects.get(organization=org, parent=None)
    )

    assert org_export(org, unit=unit, cycle=cycle).filename("xlsx") == (
        "sud-ost-co-current-quarter.xlsx",
        "süd-ost-co-current-quarter.xlsx",
    )
    assert org_export(org).filename("md")[0] == "muster-gmbh.md"


# `kurs export` ----------------------------------------------------------------------


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cli_writes_the_whole_organization_as_xlsx(owner, cycle, scored, tmp_path):
    path = tmp_path / "okrs.xlsx"

    _out, err = run("export", "--org", "Muster GmbH", "--format", "xlsx", "--out", str(path))

    assert load_workbook(path).sheetnames == ["Summary", "Marketing", "Sales"]
    assert f"Wrote {path}: Muster GmbH · all cycles, 2 objectives." in err


def test_cli_writes_csv_to_stdout_in_the_language_asked_for(owner, cycle, scored):
    out, _err = run(
        "export", "--org", "Muster GmbH", "--unit", "Marketing", "--cycle", "current quarter",
        "--format", "csv", "--lang", "de", "--out", "-",
    )  # fmt: skip

    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Einheit;Ziel;")
    assert len(lines) == 3 and "18,5" in lines[1]


def test_cli_speaks_the_first_admins_language_by_default(owner, cycle, scored, tmp_path):
    owner.language = "de"
    owner.save(update_fields=["language"])
    path = tmp_path / "okrs.md"

    run("export", "--org", "Muster GmbH", "--format", "md", "--out", str(path))

    text = path.read_text(encoding="utf-8")
    assert "**Im Plan**" in text and "| Schlüsselergebnis |" in text


def test_cli_refuses_xlsx_on_stdout_and_unknown_units(owner, cycle, scored):
    with pytest.raises(CommandError, match="cannot go to stdout") as error:
        run("export", "--org", "Muster GmbH", "--format", "xlsx", "--out", "-")
    assert error.value.returncode == 1
    with pytest.raises(CommandError, match="Did you mean “Marketing”"):
        run("export", "--org", "Muster GmbH", "--unit", "Marketng", "--format", "md", "--out", "-")
    with pytest.raises(CommandError, match="invalid choice: 'pdf'"):
        run("export", "--org", "Muster GmbH", "--format", "pdf", "--out", "-")


def test_cli_yaml_still_needs_a_unit(owner, cycle, scored):
    with pytest.raises(CommandError, match="give --unit"):
        run("export", "--org", "Muster GmbH", "--format", "yaml", "--out", "-")


def test_cli_reports_progress_on_big_exports(owner, cycle, scored, monkeypatch):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)

    _out, err = run("export", "--org", "Muster GmbH", "--format", "md", "--out", "-")

    assert "… 1 of 2 objectives" in err and "… 2 of 2 objectives" in err


def test_export_reads_a_fixed_number_of_queries(
    owner, org, marketing, cycle, django_assert_num_queries
):
    def grow(count: int) -> None:
        for n in range(count):
            objective = goal_actions.do_create_objective(
                owner, cycle=cycle, unit=marketing, owner=owner, title=f"Objective {n}"
            )
            goal_actions.do_create_key_result(
                owner, objective, title=f"Result {n}", start=0, target=10
            )

    grow(2)
    with django_assert_num_queries(2):
        small = exports.to_xlsx(org_export(org, cycle=cycle), "en")
    grow(8)
    with django_assert_num_queries(2):
        big = exports.to_xlsx(org_export(org, cycle=cycle), "en")
    assert len(big) > len(small)
    assert Objective.objects.count() == 10 and Cycle.objects.count() == 1
