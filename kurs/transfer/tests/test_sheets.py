"""Reading spreadsheets (`read_table`) and guessing what their columns mean (`guess_mapping`).

No database: a bad file must be refused before anything else happens.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Alignment  # type: ignore[import-untyped,unused-ignore]

from kurs.transfer import sheets
from kurs.transfer.sheets import MAX_ROWS, SheetError, guess_mapping, read_table


def xlsx(rows: list[list[Any]], *, title: str = "Sheet1", before: tuple[str, ...] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for name in before:
        workbook.create_sheet(name, 0)["A1"] = "notes"
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# CSV ----------------------------------------------------------------------------------


def test_a_german_csv_with_semicolons_and_a_bom():
    data = (
        "\ufeffEinheit;Ziel;Schlüsselergebnis;Zielwert\nMarketing;Bessere Leads;„Rate“ erhöhen;20\n"
    )

    table = read_table(data.encode("utf-8"), "okrs.csv")

    assert table.headers == ["Einheit", "Ziel", "Schlüsselergebnis", "Zielwert"]
    assert table.rows == [["Marketing", "Bessere Leads", "„Rate“ erhöhen", "20"]]
    assert table.row_numbers == [2]


def test_a_csv_with_commas_quotes_and_empty_lines_keeps_the_users_row_numbers():
    data = 'Unit,Objective,Key result,Target\n\nSales,"Grow, fast","Win ""big"" deals",40\n'

    table = read_table(data.encode(), "okrs.csv")

    assert table.rows == [["Sales", "Grow, fast", 'Win "big" deals', "40"]]
    assert table.row_numbers == [3]


def test_a_tab_separated_file():
    table = read_table(b"Unit\tObjective\tTarget\nSales\tGrow\t40\n", "okrs.csv")

    assert table.headers == ["Unit", "Objective", "Target"]


def test_a_windows_1252_csv_is_read_with_its_umlauts():
    data = "Einheit;Ziel;Zielwert\nVertrieb;Größer werden;1.500 €\n".encode("cp1252")

    table = read_table(data, "okrs.csv")

    assert table.rows == [["Vertrieb", "Größer werden", "1.500 €"]]


def test_a_utf8_csv_with_broken_bytes_is_refused_naming_the_line():
    data = "Einheit;Ziel\nVertrieb;Größer\n".encode() + b"Marketing;Bad \xff\xfe bytes\n"

    with pytest.raises(SheetError, match=r"cannot read in line 3.*CSV UTF-8"):
        read_table(data, "okrs.csv")


def test_indented_titles_are_remembered():
    table = read_table(b"Unit;Objective;Target\nSales;Grow;\nSales;   Win deals;40\n", "o.csv")

    assert table.rows[1][1] == "Win deals"
    assert table.cell_indents == [{}, {1: 3}]


# Bad files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "okrs.xlsx", "“okrs.xlsx” is empty."),
        (b"   \n\n", "okrs.csv", "“okrs.csv” is empty."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.xlsx", "is not a spreadsheet"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "report.csv", "is not a spreadsheet"),
        (bytes(range(256)) * 20, "random.xlsx", "is not a spreadsheet"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "is not a spreadsheet"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "old.xls",
            r"old Excel format \(.xls\)",
        ),
        (b"Unit;Objective\n", "okrs.csv", "has a header row but no rows below it"),
        (b"a;b", "okrs.pdf", "not a spreadsheet Kurs can read"),
    ],
)
def test_files_that_are_not_spreadsheets_get_a_plain_message(data, name, message):
    with pytest.raises(SheetError, match=message):
        read_table(data, name)


def test_a_sheet_without_rows_has_no_header():
    with pytest.raises(SheetError, match="has no rows"):
        read_table(xlsx([]), "empty.xlsx")


def test_fifty_thousand_rows_are_refused_with_the_limit():
    data = "Unit;Objective;Target\n" + "Sales;Grow;40\n" * 50_000

    with pytest.raises(SheetError) as error:
        read_table(data.encode(), "big.csv")

    assert str(error.value) == (
        "The file has 50,000 rows; Kurs imports at most 20,000 at once — split it by unit."
    )


def test_exactly_the_limit_is_accepted():
    data = "Unit;Objective;Target\n" + "Sales;Grow;40\n" * MAX_ROWS

    assert len(read_table(data.encode(), "big.csv").rows) == MAX_ROWS


def test_too_many_rows_in_a_workbook_are_refused_too():
    rows = [["Unit", "Objective", "Target"]] + [["Sales", "Grow", 40]] * (MAX_ROWS + 5)

    with pytest.raises(SheetError, match="The file has 20,005 rows"):
        read_table(xlsx(rows), "big.xlsx")


# XLSX ---------------------------------------------------------------------------------


def test_a_workbook_gives_numbers_and_dates_as_values():
    data = xlsx(
        [
            [None],
            ["Team", "Objective", "Key result", "Target", "Due"],
            ["Sales", "Grow", "Win deals", 40, dt.datetime(2027, 3, 31)],
        ]
    )

    table = read_table(data, "okrs.xlsx")

    # The first non-empty row is the header.
    assert table.headers == ["Team", "Objective", "Key result", "Target", "Due"]
    assert table.rows == [["Sales", "Grow", "Win deals", 40.0, dt.date(2027, 3, 31)]]
    assert table.row_numbers == [3]


def test_the_sheet_named_like_okr_is_read_not_the_first():
    data = xlsx(
        [["Unit", "Objective", "Target"], ["Sales", "Grow", 1]], title="OKRs Q1", before=("Cover",)
    )

    assert read_table(data, "okrs.xlsx").headers == ["Unit", "Objective", "Target"]


def test_percent_formatted_cells_read_as_shown():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Unit", "Objective", "Target"])
    sheet.append(["Sales", "Grow", 0.12])
    sheet["C2"].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert read_table(buffer.getvalue(), "o.xlsx").rows[0][2] == "12 %"


def test_excel_indents_are_remembered():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Unit", "OKR", "Target"])
    sheet.append(["Sales", "Grow", None])
    sheet.append(["Sales", "Win deals", 40])
    sheet["B3"].alignment = Alignment(indent=2)
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue(), "o.xlsx")

    assert table.cell_indents == [{}, {1: 2}]


def test_merged_cells_are_refused_naming_the_range():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Unit", "Objective", "Target"])
    sheet.append(["Sales", "Grow", 40])
    sheet.append([None, "Keep", 10])
    sheet.merge_cells("A2:A3")
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(SheetError, match=r"merged cells \(A2:A3\).*Unmerge them"):
        read_table(buffer.getvalue(), "merged.xlsx")


def test_a_formula_without_a_cached_value_is_a_problem_on_its_cell():
    # openpyxl writes formulas without a calculated value, as a script or a web tool would.
    data = xlsx([["Unit", "Objective", "Key result", "Target"], ["Sales", "Grow", "Win", "=20*2"]])

    table = read_table(data, "formulas.xlsx")

    assert [str(p) for p in table.problems] == [
        "row 2, column Target: a formula without a value — save the file in Excel first "
        "or paste values"
    ]


# Mapping ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            [
                "Einheit",
                "Ziel",
                "Schlüsselergebnis",
                "Verantwortlich",
                "Startwert",
                "Zielwert",
                "Ist",
                "Maßeinheit",
                "Fällig",
            ],
            [
                "unit",
                "objective",
                "key_result",
                "owner",
                "start",
                "target",
                "current",
                "unit_label",
                "due",
            ],
        ),
        (
            [
                "TEAM",
                "objective",
                "Key Result",
                "Owner (E-Mail)",
                "Baseline",
                "Target",
                "Current",
                "Unit label",
                "Due date",
            ],
            [
                "unit",
                "objective",
                "key_result",
                "owner",
                "start",
                "target",
                "current",
                "unit_label",
                "due",
            ],
        ),
        (
            ["Abteilung", "O", "KR", "Zuständig", "Ausgangswert", "Soll", "Stand", "Termin"],
            ["unit", "objective", "key_result", "owner", "start", "target", "current", "due"],
        ),
        # “Einheit” beside “Team” is the unit label; “Ziel” beside “Objective” the target.
        (
            ["Team", "Objective", "KR", "Start", "Ziel", "Einheit"],
            ["unit", "objective", "key_result", "start", "target", "unit_label"],
        ),
        (
            ["Bereich", "Ziel", "Ergebnis", "Einheit der Messgröße", "Deadline"],
            ["unit", "objective", "key_result", "unit_label", "due"],
        ),
    ],
)
def test_headers_in_german_and_english_are_recognised(headers, expected):
    mapping = guess_mapping(headers)

    assert [mapping.get(i) for i in range(len(headers))] == expected


def test_unknown_headers_stay_unmapped_and_an_ambiguous_unit_yields_to_a_clear_one():
    # “Team” is surely the organisational unit, so “Unit” must be the unit label.
    assert guess_mapping(["Unit", "Team", "Notes", "Objective"]) == {
        0: "unit_label",
        1: "unit",
        3: "objective",
    }


def test_each_field_is_used_once():
    assert guess_mapping(["Owner", "E-Mail", "Target"]) == {0: "owner", 2: "target"}


def test_every_field_has_a_label():
    assert set(sheets.FIELD_LABELS) == set(sheets.FIELDS)


# Numbers and dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("12", None, (12.0, "")),
        ("12,5", None, (12.5, "")),
        ("12.5", None, (12.5, "")),
        ("12 %", None, (12.0, "%")),
        ("1.500 €", None, (1500.0, "€")),
        ("1,500 leads", None, (1500.0, "leads")),
        ("1.234.567,89", None, (1234567.89, "")),
        ("1,234,567.89", None, (1234567.89, "")),
        ("1.500", ",", (1500.0, "")),
        ("1,500", ",", (1.5, "")),
        ("−3", None, (-3.0, "")),
        ("€ 80", None, (80.0, "€")),
        ("0,125", None, (0.125, "")),
        ("-", None, (None, "")),
    ],
)
def test_numbers_as_people_write_them(text, decimal, expected):
    assert sheets._number(text, decimal) == expected


def test_a_file_that_writes_decimals_with_commas_reads_three_digits_as_decimals_too():
    assert sheets._decimal_votes(["12,5", "1,500", "3"]) == ","


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-03-31", dt.date(2027, 3, 31)),
        ("31.03.2027", dt.date(2027, 3, 31)),
        ("31.3.27", dt.date(2027, 3, 31)),
        (46477.0, dt.date(2027, 3, 31)),
        (dt.date(2027, 3, 31), dt.date(2027, 3, 31)),
        ("", None),
    ],
)
def test_dates_as_people_write_them(value, expected):
    assert sheets._date(value or None) == expected
