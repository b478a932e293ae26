"""Spreadsheets in: read XLSX and CSV, map their columns, preview, import.

The interface the web views (views_import.py), `kurs import` and the worker use:
`read_table` (bytes -> Table, or SheetError with a plain message), `guess_mapping`
(headers -> {column index: field}), `preview` and `run_import` (Table + mapping ->
Preview with a planned action per row and every problem by row and column).

How rows become OKRs:
- Layout (a): one row per key result, the objective repeated on each row. Rows with
  the same unit and objective title form one objective, wherever they are.
- Layout (b): an objective row, then its key-result rows. A key-result row is one whose
  objective cell is empty while the key-result cell is filled, or — when the file has a
  single title column — one whose title is indented (leading spaces, or Excel's indent)
  or carries numbers (start/target/current). An empty unit cell means “as above”.
- The objective's owner is the owner on its objective row; in layout (a), the owner of
  its first key result.
- Metric: increase, or decrease when the target is below the start. Without a start
  column every key result starts at 0; with one, an empty start is a problem.
- “current” differing from the key result's value becomes a check-in (do_check_in),
  so a second import of the same file adds none.
- A due-date column chooses nothing (the cycle is chosen); a due date outside the
  cycle is a problem.

Each unit's rows become a kurs.coach.spec.OkrSet that okrfile_io.import_okr_set loads
(matching by title, all writes through kurs.goals.actions); everything runs in one
transaction that a preview, or any problem, rolls back.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What a column can mean; in this order on the mapping page.
FIELDS = (
    "unit",
    "objective",
    "key_result",
    "owner",
    "start",
    "target",
    "current",
    "unit_label",
    "due",
)
FIELD_LABELS = {
    "unit": gettext_lazy("Unit"),
    "objective": gettext_lazy("Objective"),
    "key_result": gettext_lazy("Key result"),
    "owner": gettext_lazy("Owner"),
    "start": gettext_lazy("Start value"),
    "target": gettext_lazy("Target value"),
    "current": gettext_lazy("Current value"),
    "unit_label": gettext_lazy("Unit label"),
    "due": gettext_lazy("Due date"),
}
# More rows than this are refused with a clear message (the limit is said in it).
MAX_ROWS = 20_000
# `progress(done, total)` is called about every this many rows.
PROGRESS_ROWS = 1_000

Cell = str | float | dt.date | None

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")


class SheetError(Exception):
    """The file cannot be read as a spreadsheet: the message says why, in plain words."""


@dataclass(frozen=True)
class Problem:
    row: int | None  # the spreadsheet's row number; None: the whole file
    column: str | None  # the header as written in the file
    message: str  # "target is empty", in the user's language

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("row %(row)d, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class Table:
    filename: str
    headers: list[str]
    rows: list[list[Cell]]
    # The spreadsheet's own row number of each row (1-based, as the user sees it).
    row_numbers: list[int]
    # Leading spaces / indent level of the first non-empty cell of each row (layout b).
    indents: list[int] = field(default_factory=list)
    # Per row, the indent of every indented cell by column (sparse): layout (b) looks at
    # the title column, which need not be the first filled one.
    cell_indents: list[dict[int, int]] = field(default_factory=list)
    # What reading found wrong in single cells (formulas without a value): the file is
    # readable, but these rows cannot be imported as they are.
    problems: list[Problem] = field(default_factory=list)


@dataclass
class PlannedRow:
    row: int
    unit: str
    objective: str
    key_result: str
    action: str  # "create", "update", "unchanged", "skip"
    # On the first row of each objective: what happens to the objective itself.
    objective_action: str = ""


@dataclass
class Preview:
    rows: list[PlannedRow]
    problems: list[Problem]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


# Reading ------------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> Table:
    """The first sheet (or the one named like “OKR”) of an XLSX file, or a CSV file."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if not data.strip():
        raise SheetError(_("“%(file)s” is empty.") % {"file": name})
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError(
            _(
                "“%(file)s” is in the old Excel format (.xls); save it as .xlsx "
                "(Excel workbook) or .csv and upload it again."
            )
            % {"file": name}
        )
    if suffix in XLSX_SUFFIXES or data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name)
    if suffix in CSV_SUFFIXES or not suffix:
        return _read_csv(data, name)
    raise SheetError(
        _("“%(file)s” is not a spreadsheet Kurs can read; use .xlsx or .csv.") % {"file": name}
    )


def _not_a_spreadsheet(name: str) -> SheetError:
    return SheetError(
        _(
            "“%(file)s” is not a spreadsheet: Kurs reads Excel workbooks (.xlsx) and CSV "
            "files. Open it in your spreadsheet program and save it in one of these formats."
        )
        % {"file": name}
    )


def _too_many_rows(count: int) -> SheetError:
    return SheetError(
        _("The file has %(count)s rows; Kurs imports at most %(max)s at once — split it by unit.")
        % {
            "count": number_format(count, force_grouping=True),
            "max": number_format(MAX_ROWS, force_grouping=True),
        }
    )


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _read_xlsx(data: bytes, name: str) -> Table:
    # Imported here: only spreadsheet imports pay for loading it.
    import openpyxl  # type: ignore[import-untyped,unused-ignore]

    if not data.startswith(b"PK\x03\x04"):
        raise _not_a_spreadsheet(name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise _not_a_spreadsheet(name) from error
    try:
        sheets = list(workbook.worksheets)
        if not sheets:
            raise _not_a_spreadsheet(name)
        sheet = next((s for s in sheets if "okr" in s.title.casefold()), sheets[0])
        raw = _sheet_xml(workbook, sheet)
        merged = re.findall(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z0-9:$]+)"', raw)
        if merged:
            ranges = [m.decode() for m in merged]
            shown = ", ".join(ranges[:5]) + (" …" if len(ranges) > 5 else "")
            raise SheetError(
                _(
                    "The sheet “%(sheet)s” has merged cells (%(ranges)s). Unmerge them "
                    "(Excel: Home → Merge & Center → Unmerge Cells), write the value into "
                    "every row, and upload the file again."
                )
                % {"sheet": sheet.title, "ranges": shown}
            )
        formulas = re.search(rb"<(?:\w+:)?f[ >/]", raw) is not None
        rows, numbers, indents, count = _xlsx_rows(sheet)
    finally:
        workbook.close()
    if count > MAX_ROWS + 1:
        raise _too_many_rows(count - 1)
    table = _table(name, rows, numbers, indents)
    if formulas:
        table.problems.extend(_formulas_without_values(data, sheet.title, table))
    return table


def _sheet_xml(workbook: Any, sheet: Any) -> bytes:
    """The sheet's XML as stored: read-only sheets do not expose merged cells."""
    try:
        archive: zipfile.ZipFile = workbook._archive
        data: bytes = archive.read(sheet._worksheet_path)
    except (AttributeError, KeyError, zipfile.BadZipFile):
        return b""
    return data


def _xlsx_rows(
    sheet: Any,
) -> tuple[list[list[Cell]], list[int], list[dict[int, int]], int]:
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    indents: list[dict[int, int]] = []
    count = 0
    for row in sheet.iter_rows():
        values: list[Cell] = []
        row_indents: dict[int, int] = {}
        number = 0
        for index, cell in enumerate(row):
            value = getattr(cell, "value", None)
            number = getattr(cell, "row", None) or number
            values.append(_xlsx_value(cell, value))
            if value is not None:
                alignment = getattr(cell, "alignment", None)
                indent = int(getattr(alignment, "indent", 0) or 0) if alignment else 0
                if isinstance(value, str):
                    indent += len(value) - len(value.lstrip(" \u00a0\t"))
                if indent:
                    row_indents[index] = indent
        if all(v is None or v == "" for v in values):
            continue
        count += 1
        if count > MAX_ROWS + 1:
            continue  # counted for the message, not kept
        rows.append(values)
        numbers.append(number or (numbers[-1] + 1 if numbers else 1))
        indents.append(row_indents)
    return rows, numbers, indents, count


def _xlsx_value(cell: Any, value: Any) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", None) or ""):
            # Shown as “12 %” in Excel, stored as 0.12: read it as the person sees it.
            return f"{round(float(value) * 100, 10):g} %"
        return float(value)
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    text = str(value)
    return text.strip()


def _formulas_without_values(data: bytes, sheet_title: str, table: Table) -> list[Problem]:
    """Cells holding a formula that was never calculated (no cached value in the file)."""
    import openpyxl  # type: ignore[import-untyped,unused-ignore]

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = workbook[sheet_title]
        empty = {
            (number, index)
            for number, values in zip(table.row_numbers, table.rows, strict=True)
            for index, value in enumerate(values)
            if value is None
        }
        header_number = table.row_numbers[0] - 1 if table.row_numbers else 0
        problems = []
        for row in sheet.iter_rows():
            for index, cell in enumerate(row):
                value = getattr(cell, "value", None)
                number = getattr(cell, "row", None)
                is_formula = (isinstance(value, str) and value.startswith("=")) or (
                    value is not None and type(value).__name__.endswith("Formula")
                )
                if not is_formula or number is None:
                    continue
                if (number, index) in empty or number == header_number:
                    problems.append(
                        Problem(
                            number,
                            _header(table, index),
                            _(
                                "a formula without a value — save the file in Excel first "
                                "or paste values"
                            ),
                        )
                    )
        return problems
    finally:
        workbook.close()


def _header(table: Table, index: int) -> str:
    if index < len(table.headers) and table.headers[index]:
        return table.headers[index]
    return _column_letter(index)


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _broken_encoding(name, data, error.start) from error
    if b"\x00" in data or data.startswith(b"%PDF"):
        raise _not_a_spreadsheet(name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    # Valid UTF-8 sequences before the bad byte mean a UTF-8 file with damaged bytes;
    # reading it as Windows-1252 would turn its umlauts into “Ã¤”.
    if re.search(rb"[\xc2-\xf4][\x80-\xbf]", data[: utf8_error.start]):
        raise _broken_encoding(name, data, utf8_error.start)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _broken_encoding(name, data, error.start) from error
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t")
    if controls > max(3, len(text) // 100):
        raise _not_a_spreadsheet(name)
    return text


def _broken_encoding(name: str, data: bytes, position: int) -> SheetError:
    line = data[:position].count(b"\n") + 1
    return SheetError(
        _(
            "“%(file)s” has characters Kurs cannot read in line %(line)d (the text is "
            "damaged or in an unknown encoding). Save it again as “CSV UTF-8” and upload "
            "it again."
        )
        % {"file": name, "line": line}
    )


def _read_csv(data: bytes, name: str) -> Table:
    text = _decode(data, name)
    if not text.strip():
        raise SheetError(_("“%(file)s” is empty.") % {"file": name})
    controls = sum(1 for c in text[:10_000] if ord(c) < 32 and c not in "\r\n\t")
    if controls > 3:
        raise _not_a_spreadsheet(name)
    sample = "\n".join(text.splitlines()[:50])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    indents: list[dict[int, int]] = []
    count = 0
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            count += 1
            if count > MAX_ROWS + 1:
                continue
            row_indents = {
                index: len(v) - len(v.lstrip(" \u00a0\t"))
                for index, v in enumerate(values)
                if v.strip() and v[:1] in (" ", "\u00a0", "\t")
            }
            rows.append([v.strip() or None for v in values])
            # The reader's line number counts the lines a quoted cell spans, too.
            numbers.append(reader.line_num)
            indents.append(row_indents)
    except csv.Error as error:
        raise SheetError(
            _("“%(file)s” cannot be read as CSV near line %(line)d: %(error)s")
            % {"file": name, "line": reader.line_num, "error": error}
        ) from error
    if count > MAX_ROWS + 1:
        raise _too_many_rows(count - 1)
    return _table(name, rows, numbers, indents)


def _table(
    name: str, rows: list[list[Cell]], numbers: list[int], indents: list[dict[int, int]]
) -> Table:
    if not rows:
        raise SheetError(_("“%(file)s” has no rows.") % {"file": name})
    header_row = rows[0]
    width = max(
        (i + 1 for i, v in enumerate(header_row) if v is not None and str(v).strip()), default=0
    )
    if width == 0:
        raise SheetError(_("“%(file)s” has no header row.") % {"file": name})
    headers = [
        _display_header(v) if v is not None and str(v).strip() else _column_letter(i)
        for i, v in enumerate(header_row[:width])
    ]
    if len(rows) == 1:
        raise SheetError(_("“%(file)s” has a header row but no rows below it.") % {"file": name})
    body = [(r + [None] * width)[:width] for r in rows[1:]]
    body_indents = [{i: n for i, n in ind.items() if i < width} for ind in indents[1:]]
    return Table(
        filename=name,
        headers=headers,
        rows=body,
        row_numbers=numbers[1:],
        indents=[
            next((ind.get(i, 0) for i, v in enumerate(row) if v not in (None, "")), 0)
            for row, ind in zip(body, body_indents, strict=True)
        ],
        cell_indents=body_indents,
    )


def _display_header(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


# Mapping columns ----------------------------------------------------------------------


def _normal(text: str) -> str:
    """“Schlüssel-Ergebnis (KR)” -> “schlusselergebniskr”: case, accents, punctuation out."""
    text = text.casefold().replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum())


# Exact names (after _normal) per field; "einheit", "unit" and "ziel" are ambiguous and
# decided in guess_mapping.
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SYNONYMS: dict[str, tuple[str, ...]] = {
    "unit": _words(
        "team abteilung bereich organisationseinheit orgeinheit department orgunit "
        "organizationalunit organisationalunit gruppe group unitname teamname "
        "abteilungsname okreinheit"
    ),
    "objective": _words(
        "objective objectives o ziele zielsetzung goal okrziel objectivetitle ziel1 okr "
        "okrobjective"
    ),
    "key_result": _words(
        "keyresult keyresults kr krs schlusselergebnis schlusselergebnisse ergebnis "
        "ergebnisse messbaresergebnis keyresulttitle"
    ),
    "owner": _words(
        "owner verantwortlich verantwortliche verantwortlicher zustandig zustandige "
        "zustandiger email mail owneremail responsible verantwortung person eigentumer "
        "emailverantwortlich emailowner verantwortlichemail krowner assignee "
        "verantwortlicherin"
    ),
    "start": _words(
        "start startwert ausgangswert baseline anfangswert startvalue basis basiswert "
        "from von ausgangslage initial initialvalue"
    ),
    "target": _words("target zielwert soll sollwert targetvalue goalvalue to ziel2 planwert plan"),
    "current": _words(
        "current aktuell ist istwert currentvalue stand aktuellerwert aktuellerstand "
        "actual actualvalue wert value fortschritt"
    ),
    "unit_label": _words(
        "unitlabel einheitdermessgrosse masseinheit messeinheit unitofmeasure "
        "unitofmeasurement uom measureunit messgrosse einheitdeswerts zahleinheit measure"
    ),
    "due": _words(
        "due duedate fallig falligam falligkeit falligkeitsdatum termin deadline enddatum "
        "enddate bis datum date zieldatum until"
    ),
}
_BY_NAME = {name: f for f, names in _SYNONYMS.items() for name in names}


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Which column holds which field, from its header (German or English); each field once.

    Ambiguous headers are decided by the others: “Einheit”/“Unit” is the organisational
    unit unless another column is clearly the unit (“Team”, “Abteilung”, …) — then it is
    the unit label; likewise a second “Einheit”/“Unit” column is the unit label. “Ziel”
    is the objective unless another column is clearly the objective (“Objective”, …) —
    then it is the target value. Headers starting with a known name (“Owner (E-Mail)”)
    count when nothing matched exactly.
    """
    normal = [_normal(h) for h in headers]
    mapping: dict[int, str] = {}
    taken: set[str] = set()

    def assign(index: int, name: str) -> None:
        if index not in mapping and name not in taken:
            mapping[index] = name
            taken.add(name)

    for index, text in enumerate(normal):
        if text in _BY_NAME:
            assign(index, _BY_NAME[text])
    for index, text in enumerate(normal):
        if index in mapping:
            continue
        if text in ("einheit", "unit", "einheiten", "units"):
            assign(index, "unit" if "unit" not in taken else "unit_label")
        elif text in ("ziel", "ziele"):
            assign(index, "objective" if "objective" not in taken else "target")
    # Prefixes (“Owner (E-Mail)”, “Zielwert Q1”), longest known name first.
    names = sorted(_BY_NAME, key=len, reverse=True)
    for index, text in enumerate(normal):
        if index in mapping or len(text) < 3:
            continue
        for name in names:
            if len(name) >= 3 and text.startswith(name) and _BY_NAME[name] not in taken:
                assign(index, _BY_NAME[name])
                break
        else:
            if text.startswith("einheit"):
                assign(index, "unit" if "unit" not in taken else "unit_label")
            elif text.startswith("ziel"):
                assign(index, "objective" if "objective" not in taken else "target")
    return dict(sorted(mapping.items()))


# Values -------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"^(?P<pre>[^\d+\-−.,]*?)\s*(?P<num>[+\-−]?\s*[\d.,'’ \u00a0\u202f]*\d)(?P<post>.*)$"
)
_EMPTY_MARKS = {"", "-", "–", "—", "n/a", "na", "k.a.", "k. a.", "?"}


class _NotANumber(ValueError):
    pass


def _decimal_votes(texts: Iterable[str]) -> str | None:
    """Which separator the file uses for decimals, from the unambiguous numbers in it."""
    votes = {",": 0, ".": 0}
    for text in texts:
        match = _NUMBER.match(text.strip())
        if not match:
            continue
        digits = re.sub(r"[\s'’\u00a0\u202f+\-−]", "", match["num"])
        commas, points = digits.count(","), digits.count(".")
        if commas and points:
            votes["," if digits.rfind(",") > digits.rfind(".") else "."] += 1
        elif commas == 1 or points == 1:
            sep = "," if commas else "."
            if len(digits) - digits.index(sep) - 1 != 3:
                votes[sep] += 1
        elif commas > 1:
            votes["."] += 1
        elif points > 1:
            votes[","] += 1
    if votes[","] == votes["."]:
        return None
    return "," if votes[","] > votes["."] else "."


def _number(value: Cell, decimal: str | None) -> tuple[float | None, str]:
    """(number, unit written beside it) of a cell: “1.500 €” -> (1500.0, “€”)."""
    if value is None:
        return None, ""
    if isinstance(value, float):
        return value, ""
    if isinstance(value, dt.date):
        raise _NotANumber(value.isoformat())
    text = value.strip()
    if text.casefold() in _EMPTY_MARKS:
        return None, ""
    match = _NUMBER.match(text)
    if not match or len(match["pre"]) + len(match["post"].strip()) > 20:
        raise _NotANumber(text)
    digits = re.sub(r"[\s'’\u00a0\u202f]", "", match["num"]).replace("−", "-")
    commas, points = digits.count(","), digits.count(".")
    if commas and points:
        thousands = "." if digits.rfind(",") > digits.rfind(".") else ","
        digits = digits.replace(thousands, "").replace(",", ".")
    elif commas + points:
        sep = "," if commas else "."
        after = len(digits) - digits.rfind(sep) - 1
        if commas + points > 1 or (decimal is not None and decimal != sep):
            digits = digits.replace(sep, "")
        elif decimal is None and after == 3 and digits.lstrip("+-")[:1] not in ("0", sep):
            # “1.500 €”, “1,500 leads”: three digits after a lone separator are thousands
            # unless the file writes its decimals with this separator elsewhere.
            digits = digits.replace(sep, "")
        else:
            digits = digits.replace(sep, ".")
    try:
        number = float(digits)
    except ValueError as error:
        raise _NotANumber(text) from error
    unit = " ".join(f"{match['pre']} {match['post']}".split())
    return number, unit


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S")


def _date(value: Cell) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float):
        # An Excel date that lost its format: days since 1899-12-30.
        if 20_000 <= value <= 80_000:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise ValueError(value)
    text = value.strip()
    if text.casefold() in _EMPTY_MARKS:
        return None
    text = text.split(" ")[0] if re.match(r"^\S+ \d{1,2}:\d{2}", text) else text
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(value.split())
    # Kurs's own CSV export (and careful people) write "'=..." so that spreadsheet
    # programs keep such a title text instead of running it as a formula.
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


# Rows into objectives -----------------------------------------------------------------


@dataclass
class _KeyResultRow:
    row: int
    title: str
    owner: str
    start: float | None
    target: float | None
    current: float | None
    unit_label: str
    ok: bool = True


@dataclass
class _ObjectiveRows:
    unit: str
    title: str
    row: int  # the first row naming it
    owner: str = ""
    owner_row: int = 0
    own_row: bool = False  # layout (b): a row of its own
    key_results: list[_KeyResultRow] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    ok: bool = True


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Plan:
    """The spreadsheet read as objectives per unit, with the problems found on the way."""

    def __init__(
        self,
        table: Table,
        mapping: dict[int, str],
        *,
        cycle: Any,
        people: list[Any],
        units: list[Any],
        skip_rows: frozenset[int],
    ) -> None:
        self.table = table
        self.columns = {name: index for index, name in sorted(mapping.items(), reverse=True)}
        self.cycle = cycle
        self.skip_rows = skip_rows
        self.problems: list[Problem] = list(table.problems)
        self.objectives: list[_ObjectiveRows] = []
        self.skipped: list[PlannedRow] = []
        self.people_by_name: dict[str, list[Any]] = {}
        for person in people:
            if person.name.strip():
                self.people_by_name.setdefault(_key(person.name), []).append(person)
        self.person_names = [p.name for p in people if p.name.strip()]
        self.units_by_key: dict[str, list[Any]] = {}
        for unit in units:
            self.units_by_key.setdefault(_key(unit.name), []).append(unit)
        self.unit_names = [u.name for u in units]
        number_columns = [
            self.columns[n] for n in ("start", "target", "current") if n in self.columns
        ]
        self.decimal = _decimal_votes(
            cell for row in table.rows for i in number_columns if isinstance(cell := row[i], str)
        )

    def header(self, name: str) -> str | None:
        index = self.columns.get(name)
        return None if index is None else _header(self.table, index)

    def problem(self, row: int | None, name: str | None, message: str) -> None:
        self.problems.append(Problem(row, self.header(name) if name else None, message))

    def cell(self, values: list[Cell], name: str) -> Cell:
        index = self.columns.get(name)
        return None if index is None else values[index]

    def build(self) -> None:
        for name in ("unit", "objective", "target"):
            if name not in self.columns:
                self.problem(
                    None,
                    None,
                    _("No column is mapped to “%(label)s”; choose the column that holds it.")
                    % {"label": FIELD_LABELS[name]},
                )
        if any(p.row is None for p in self.problems):
            return
        by_key: dict[tuple[str, str], _ObjectiveRows] = {}
        current: _ObjectiveRows | None = None
        current_skipped = False
        last_unit = ""
        single_title = "key_result" not in self.columns
        title_index = self.columns["objective"]
        for values, number, indents in zip(
            self.table.rows,
            self.table.row_numbers,
            self.table.cell_indents or [{} for _row in self.table.rows],
            strict=True,
        ):
            unit = _text(self.cell(values, "unit"))
            objective = _text(self.cell(values, "objective"))
            key_result = _text(self.cell(values, "key_result"))
            has_values = any(_text(self.cell(values, n)) for n in ("start", "target", "current"))
            if single_title and objective and (indents.get(title_index, 0) > 0 or has_values):
                objective, key_result = "", objective
            # An objective row may carry its own progress in “current”, but not a target.
            has_targets = any(_text(self.cell(values, n)) for n in ("start", "target"))
            if objective and not key_result and has_targets and not single_title:
                # Numbers without a key result: the title was forgotten, not an objective row.
                if number not in self.skip_rows:
                    self.problem(number, "key_result", _("the key result is empty"))
                else:
                    self.skipped.append(
                        PlannedRow(number, unit or last_unit, objective, "", "skip")
                    )
                continue
            if not objective and not key_result:
                if has_values and number not in self.skip_rows:
                    self.problem(
                        number,
                        "key_result" if not single_title else "objective",
                        _("the key result is empty"),
                    )
                continue
            if objective:
                unit = unit or last_unit
                last_unit = unit
                if number in self.skip_rows:
                    self.skipped.append(PlannedRow(number, unit, objective, key_result, "skip"))
                    current, current_skipped = None, True
                    continue
                if not unit:
                    self.problem(number, "unit", _("the unit is empty"))
                    current, current_skipped = None, True
                    continue
                group = by_key.get((_key(unit), _key(objective)))
                if group is None:
                    group = _ObjectiveRows(unit=unit, title=objective, row=number)
                    by_key[(_key(unit), _key(objective))] = group
                    self.objectives.append(group)
                current, current_skipped = group, False
                group.rows.append(number)
                if not key_result:
                    group.own_row = True
                    owner = _text(self.cell(values, "owner"))
                    if owner:
                        group.owner, group.owner_row = owner, number
                    continue
            elif current is None:
                if number in self.skip_rows or current_skipped:
                    self.skipped.append(PlannedRow(number, unit, "", key_result, "skip"))
                else:
                    self.problem(
                        number,
                        "objective",
                        _(
                            "no objective above this key result; write the objective in this "
                            "row or in a row above it"
                        ),
                    )
                continue
            else:
                current.rows.append(number)
            assert current is not None
            if number in self.skip_rows:
                self.skipped.append(
                    PlannedRow(number, current.unit, current.title, key_result, "skip")
                )
                continue
            self._key_result(current, values, number, key_result)

    def _key_result(
        self, objective: _ObjectiveRows, values: list[Cell], number: int, title: str
    ) -> None:
        before = len(self.problems)
        parsed: dict[str, float | None] = {}
        unit_hint = ""
        for name in ("start", "target", "current"):
            try:
                parsed[name], hint = _number(self.cell(values, name), self.decimal)
            except _NotANumber as error:
                self.problem(
                    number, name, _("“%(value)s” is not a number") % {"value": error.args[0]}
                )
                parsed[name], hint = None, ""
            unit_hint = unit_hint or hint
        start, target = parsed["start"], parsed["target"]
        if "start" not in self.columns:
            start = 0.0
        elif start is None and len(self.problems) == before:
            self.problem(number, "start", _("start value is empty"))
        if target is None and len(self.problems) == before:
            self.problem(number, "target", _("target is empty"))
        due_cell = self.cell(values, "due")
        try:
            due = _date(due_cell)
        except ValueError:
            self.problem(
                number,
                "due",
                _("“%(value)s” is not a date; write it as 31.03.2027 or 2027-03-31")
                % {"value": _text(due_cell)},
            )
            due = None
        if due is not None and self.cycle is not None:
            if due > self.cycle.end:
                self.problem(
                    number,
                    "due",
                    _("due %(due)s is after the cycle ends (%(end)s)")
                    % {"due": due.isoformat(), "end": self.cycle.end.isoformat()},
                )
            elif due < self.cycle.start:
                self.problem(
                    number,
                    "due",
                    _("due %(due)s is before the cycle starts (%(start)s)")
                    % {"due": due.isoformat(), "start": self.cycle.start.isoformat()},
                )
        owner = _text(self.cell(values, "owner"))
        if not objective.owner and owner:
            objective.owner, objective.owner_row = owner, number
        objective.key_results.append(
            _KeyResultRow(
                row=number,
                title=title,
                owner=owner,
                start=start,
                target=target,
                current=parsed["current"],
                unit_label=_text(self.cell(values, "unit_label")) or unit_hint,
                ok=len(self.problems) == before,
            )
        )

    def resolve_unit(self, objective: _ObjectiveRows) -> Any | None:
        matches = self.units_by_key.get(_key(objective.unit), [])
        exact = [u for u in matches if u.name == objective.unit]
        matches = exact or matches
        if len(matches) == 1:
            return matches[0]
        for number in objective.rows:
            if len(matches) > 1:
                message = _(
                    "there are %(count)d units named “%(name)s”; rename one of them in Kurs first"
                ) % {"count": len(matches), "name": objective.unit}
            else:
                message = _("unit “%(name)s” does not exist") % {
                    "name": objective.unit
                } + _did_you_mean(objective.unit, self.unit_names)
            self.problem(number, "unit", message)
        return None

    def owner_email(self, text: str, number: int) -> str | None:
        """The owner cell as an email; a name must belong to exactly one person."""
        if not text or "@" in text:
            return text.strip().lower()
        people = self.people_by_name.get(_key(text), [])
        if len(people) == 1:
            email: str = people[0].email
            return email
        if people:
            self.problem(
                number,
                "owner",
                _("%(count)d people are named “%(name)s”; write the email instead")
                % {"count": len(people), "name": text},
            )
        else:
            self.problem(
                number,
                "owner",
                _("nobody named “%(name)s” belongs to the organization") % {"name": text}
                + _did_you_mean(text, self.person_names),
            )
        return None


def _did_you_mean(wrong: str, choices: list[str]) -> str:
    by_key = {_key(c): c for c in choices}
    close = difflib.get_close_matches(_key(wrong), list(by_key), n=1, cutoff=0.6)
    return (_("; did you mean “%(name)s”?") % {"name": by_key[close[0]]}) if close else ""


# Preview and import -------------------------------------------------------------------


class _Rollback(Exception):
    """Leaves the import's transaction without writing anything."""


_ACTIONS = {"created": "create", "updated": "update", "unchanged": "unchanged", "skipped": "skip"}


def preview(
    organization: object,
    table: Table,
    mapping: dict[int, str],
    *,
    actor: object,
    cycle: object,
    skip_rows: frozenset[int] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
) -> Preview:
    """What an import would do, row by row, and every problem: the real import, rolled back."""
    return _execute(organization, table, mapping, actor, cycle, skip_rows, progress, write=False)


def run_import(
    organization: object,
    table: Table,
    mapping: dict[int, str],
    *,
    actor: object,
    cycle: object,
    skip_rows: frozenset[int] = frozenset(),
    progress: Callable[[int, int], None] | None = None,
) -> Preview:
    """Import all or nothing: with any problem nothing is written and the problems are
    returned (Preview.problems non-empty); importing the same rows again changes nothing."""
    return _execute(organization, table, mapping, actor, cycle, skip_rows, progress, write=True)


def _execute(
    organization: Any,
    table: Table,
    mapping: dict[int, str],
    actor: Any,
    cycle: Any,
    skip_rows: frozenset[int],
    progress: Callable[[int, int], None] | None,
    *,
    write: bool,
) -> Preview:
    from kurs.goals.models import Cycle
    from kurs.orgs.models import Unit, User
    from kurs.orgs.permissions import can_write

    mapping = {int(k): v for k, v in mapping.items() if v in FIELDS}
    file_problems: list[Problem] = []
    if actor.organization_id != organization.pk or not can_write(actor):
        file_problems.append(
            Problem(
                None,
                None,
                _("%(person)s may not write OKRs in “%(organization)s”.")
                % {"person": actor.email, "organization": organization.name},
            )
        )
    if not isinstance(cycle, Cycle) or cycle.organization_id != organization.pk:
        file_problems.append(Problem(None, None, _("Choose the cycle to import into.")))
        cycle = None
    elif cycle.is_closed:
        file_problems.append(
            Problem(
                None,
                None,
                _("Cycle “%(name)s” is closed; its scores are final.") % {"name": cycle.name},
            )
        )
    plan = _Plan(
        table,
        mapping,
        cycle=cycle,
        people=list(User.objects.filter(organization=organization, is_active=True)),
        units=list(Unit.objects.filter(organization=organization).order_by("pk")),
        skip_rows=skip_rows,
    )
    plan.problems = file_problems + plan.problems
    plan.build()
    outcome = _Outcome()
    if not file_problems and not any(p.row is None for p in plan.problems):
        try:
            with transaction.atomic():
                _Writer(organization, plan, actor, cycle, outcome, progress).run()
                if plan.problems or not write:
                    raise _Rollback
        except _Rollback:
            pass
    return _preview(plan, outcome)


@dataclass
class _Outcome:
    """What the writer did: per (row, "objective"|"key_result") the action taken."""

    actions: dict[tuple[int, str], str] = field(default_factory=dict)


class _Writer:
    """Feeds each unit's rows to okrfile_io.import_okr_set, then records check-ins."""

    def __init__(
        self,
        organization: Any,
        plan: _Plan,
        actor: Any,
        cycle: Any,
        outcome: _Outcome,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.organization = organization
        self.plan = plan
        self.actor = actor
        self.cycle = cycle
        self.outcome = outcome
        self.progress = progress
        self.total = len(plan.table.rows)
        self.done = 0
        self.reported = 0

    def _advance(self, rows: int) -> None:
        self.done += rows
        if self.progress is not None and self.done // PROGRESS_ROWS > self.reported:
            self.reported = self.done // PROGRESS_ROWS
            self.progress(self.done, self.total)

    def run(self) -> None:
        from kurs.coach.spec import CycleSpec, KeyResultSpec, ObjectiveSpec, OkrSet
        from kurs.transfer.okrfile_io import import_okr_set

        by_unit: dict[int, tuple[Any, list[_ObjectiveRows]]] = {}
        for objective in self.plan.objectives:
            unit = self.plan.resolve_unit(objective)
            if unit is None:
                objective.ok = False
                continue
            by_unit.setdefault(unit.pk, (unit, []))[1].append(objective)
        for unit, objectives in by_unit.values():
            specs: list[ObjectiveSpec] = []
            for objective in objectives:
                owner = self.plan.owner_email(objective.owner, objective.owner_row)
                key_results = []
                for row in objective.key_results:
                    kr_owner = self.plan.owner_email(row.owner, row.row) if row.owner else ""
                    if not row.ok or kr_owner is None:
                        row.ok = False
                        continue
                    assert row.start is not None and row.target is not None
                    key_results.append(
                        KeyResultSpec(
                            title=row.title,
                            metric="decrease" if row.target < row.start else "increase",
                            start=row.start,
                            target=row.target,
                            unit=row.unit_label,
                            owner=kr_owner,
                            line=row.row,
                        )
                    )
                if owner is None:
                    objective.ok = False
                    continue
                specs.append(
                    ObjectiveSpec(
                        title=objective.title,
                        owner=owner,
                        key_results=key_results,
                        line=objective.row,
                    )
                )
            okrs = OkrSet(
                objectives=specs,
                cycle=CycleSpec(name=self.cycle.name, start=self.cycle.start, end=self.cycle.end),
                unit=unit.name,
            )
            # Rows per objective, for the progress line.
            sizes = [len(o.rows) for o in objectives if o.ok]
            done_before = self.done

            def unit_progress(
                done: int, _total: int, sizes: list[int] = sizes, before: int = done_before
            ) -> None:
                rows = before + sum(sizes[:done])
                self._advance(rows - self.done)

            report = import_okr_set(
                self.organization, okrs, actor=self.actor, dry_run=False, progress=unit_progress
            )
            self._advance(done_before + sum(sizes) - self.done)
            for change in report.changes:
                if change.kind != "cycle" and change.line is not None:
                    self.outcome.actions[(change.line, change.kind)] = _ACTIONS[change.action]
            for problem in report.problems:
                self.plan.problems.append(self._problem(problem, objectives))
            if not report.problems:
                self._check_ins(unit, objectives)

    def _problem(self, problem: Any, objectives: list[_ObjectiveRows]) -> Problem:
        field_name: str = problem.field
        last = field_name.rsplit(".", 1)[-1] if field_name else ""
        in_key_result = "key_results[" in field_name
        column: str | None
        if last == "owner":
            column = "owner"
        elif last == "title":
            column = "key_result" if in_key_result else "objective"
        elif last in ("start", "target"):
            column = last
        elif last == "metric":
            column = "target"
        elif last == "unit" and in_key_result:
            column = "unit_label"
        elif field_name == "unit":
            column = "unit"
        else:
            column = None
        if column == "key_result" and "key_result" not in self.plan.columns:
            column = "objective"
        return Problem(problem.line, self.plan.header(column) if column else None, problem.message)

    def _check_ins(self, unit: Any, objectives: list[_ObjectiveRows]) -> None:
        """A check-in for each key result whose “current” differs from its value in Kurs."""
        from kurs.goals import actions
        from kurs.goals.models import GoalState, KeyResult

        rows = [
            (objective, row)
            for objective in objectives
            if objective.ok
            for row in objective.key_results
            if row.ok and row.current is not None
        ]
        if not rows:
            return
        key_results = {
            (_key(kr.objective.title), _key(kr.title)): kr
            for kr in KeyResult.objects.filter(
                objective__cycle=self.cycle,
                objective__unit=unit,
                objective__state=GoalState.ACTIVE,
                state=GoalState.ACTIVE,
            ).select_related("objective__cycle", "objective__unit", "objective__organization")
        }
        for objective, row in rows:
            key_result = key_results.get((_key(objective.title), _key(row.title)))
            if key_result is None or row.current is None:
                continue
            value = key_result.current if key_result.current is not None else key_result.start
            if value is not None and float(value) == row.current:
                continue
            try:
                actions.do_check_in(
                    self.actor,
                    key_result,
                    value=row.current,
                    comment=_("Imported from %(file)s") % {"file": self.plan.table.filename},
                )
            except PermissionDenied:
                self.plan.problem(
                    row.row,
                    "current",
                    _("%(person)s may not check in on this key result")
                    % {"person": self.actor.email},
                )
                continue
            except ValidationError as error:
                for message in error.messages:
                    self.plan.problem(row.row, "current", message)
                continue
            if self.outcome.actions.get((row.row, "key_result")) == "unchanged":
                self.outcome.actions[(row.row, "key_result")] = "update"


def _preview(plan: _Plan, outcome: _Outcome) -> Preview:
    rows: list[PlannedRow] = list(plan.skipped)
    for objective in plan.objectives:
        objective_action = outcome.actions.get((objective.row, "objective"), "create")
        if objective.own_row:
            rows.append(
                PlannedRow(
                    objective.row,
                    objective.unit,
                    objective.title,
                    "",
                    objective_action,
                    objective_action=objective_action,
                )
            )
        for position, kr in enumerate(objective.key_results):
            action = outcome.actions.get((kr.row, "key_result"), "create")
            if objective_action == "create":
                action = "create"
            rows.append(
                PlannedRow(
                    kr.row,
                    objective.unit,
                    objective.title,
                    kr.title,
                    action,
                    objective_action=(
                        objective_action if position == 0 and not objective.own_row else ""
                    ),
                )
            )
    rows.sort(key=lambda r: r.row)
    problems = list(dict.fromkeys(plan.problems))
    problems.sort(key=lambda p: -1 if p.row is None else p.row)
    result = Preview(rows=rows, problems=problems)
    for row in rows:
        if row.action == "create":
            result.created += 1
        elif row.action == "update":
            result.updated += 1
        elif row.action == "unchanged":
            result.unchanged += 1
        else:
            result.skipped += 1
    return result


def problem_rows(result: Preview) -> frozenset[int]:
    """The rows that have problems (to skip them); file-wide problems have no row."""
    return frozenset(p.row for p in result.problems if p.row is not None)


def rows_in(table: Table) -> Iterator[tuple[int, list[Cell]]]:
    """(spreadsheet row number, cells) of every data row."""
    return zip(table.row_numbers, table.rows, strict=True)
