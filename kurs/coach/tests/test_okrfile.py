"""The YAML OKR file format: what reads, what is refused (with line and field), round trips."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kurs.coach.okrfile import OkrFileError, dumps, loads, parse_data, read
from kurs.coach.spec import KINDS, METRICS, ORIGINS, CycleSpec, KeyResultSpec, ObjectiveSpec, OkrSet

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "okrs"

GOOD = """\
# OKR file format (version 1)
cycle: {name: 2027-Q1, start: 2027-01-01, end: 2027-03-31}
unit: Marketing
lang: de
objectives:
  - title: Unsere Leads spürbar besser machen
    kind: committed
    origin: top_down
    aligned_to: "Vertrieb: Umsatz im Mittelstand ausbauen"
    key_results:
      - title: Anteil der Leads, die zu Angeboten werden, von 12 auf 20 von 100 erhöhen
        metric: increase
        start: "12,5"
        target: 20
        unit: Leads
      - title: Zeit bis zum Erstgespräch senken
        metric: decrease
        start: 9
        target: 4
"""


def error_of(text: str) -> OkrFileError:
    with pytest.raises(OkrFileError) as caught:
        loads(text, path="okrs/team.yaml")
    return caught.value


def test_a_file_reads_with_its_values_and_lines():
    # when
    okrs = loads(GOOD, path="okrs/marketing.yaml")

    # then
    assert okrs.path == "okrs/marketing.yaml"
    assert okrs.cycle == CycleSpec("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31), line=2)
    assert (okrs.unit, okrs.lang, okrs.top_level, okrs.complete) == ("Marketing", "de", None, True)
    [objective] = okrs.objectives
    assert objective.title == "Unsere Leads spürbar besser machen"
    assert (objective.kind, objective.origin) == ("committed", "top_down")
    assert objective.aligned_to == ["Vertrieb: Umsatz im Mittelstand ausbauen"]
    assert objective.line == 6
    first, second = objective.key_results
    assert (first.metric, first.start, first.target, first.unit) == (
        "increase",
        12.5,
        20.0,
        "Leads",
    )
    assert first.line == 11
    assert (second.metric, second.start, second.target, second.line) == ("decrease", 9, 4, 16)


def test_defaults_and_a_cycle_given_by_name_only():
    okrs = loads("cycle: 2027-Q2\nobjectives:\n  - title: Delight our customers\n")

    assert okrs.cycle == CycleSpec("2027-Q2", line=1)
    [objective] = okrs.objectives
    assert (objective.kind, objective.origin, objective.aligned_to) == (
        "aspirational",
        "bottom_up",
        [],
    )
    assert objective.key_results == []
    assert okrs.lang is None


def test_lenient_spellings_of_choices_and_numbers():
    okrs = loads(
        "lang: DE\n"
        "objectives:\n"
        "  - title: x\n"
        "    origin: Top-Down\n"
        "    key_results:\n"
        "      - {title: y, metric: Decrease, start: '1.234,5', target: ' 7 '}\n"
        "      - {title: z, start: '1,500', target: '1.500'}\n"
    )
    first, second = okrs.objectives[0].key_results
    assert okrs.objectives[0].origin == "top_down"
    assert (first.metric, first.start, first.target) == ("decrease", 1234.5, 7.0)
    # German: a comma is the decimal mark, a point groups thousands.
    assert (second.start, second.target) == (1.5, 1500.0)


def test_an_english_file_reads_grouped_thousands():
    okrs = loads(
        "lang: en\nobjectives:\n  - title: x\n    key_results: [{title: y, start: '1,500'}]\n"
    )
    assert okrs.objectives[0].key_results[0].start == 1500.0


@pytest.mark.parametrize("lang", [None, "de", "en"])
@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("1.500.000", 1500000.0),  # two groups of three after points: only thousands
        ("1,500,000", 1500000.0),
        ("-2.000.000", -2000000.0),
        ("1.500.000,50", 1500000.5),  # points and a decimal comma
        ("1,500,000.50", 1500000.5),
        ("1 500 000", 1500000.0),
    ],
)
def test_unambiguous_thousands_read_in_any_language(written, number, lang):
    header = f"lang: {lang}\n" if lang else ""
    okrs = loads(
        f"{header}objectives:\n  - title: x\n    key_results:\n"
        f"      - title: y\n        start: {written}\n"
    )
    assert okrs.objectives[0].key_results[0].start == number


@pytest.mark.parametrize("written", ["12.5.3", "1.50.000", "1,5,0"])
def test_a_malformed_number_names_its_line(written):
    error = error_of(
        f"objectives:\n  - title: x\n    key_results:\n      - title: y\n        start: {written}\n"
    )
    assert (error.line, error.field) == (5, "objectives[0].key_results[0].start")
    assert f"expected a number such as 12 or 12,5, got “{written}”" in error.message


def test_a_bom_is_tolerated(tmp_path):
    path = tmp_path / "team.yaml"
    path.write_bytes("\ufeffobjectives:\n  - title: Größer werden\n".encode())
    assert read(path).objectives[0].title == "Größer werden"


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (
            "objectives:\n  - title: x\n    key_results:\n      - title: y\n        metric: more\n",
            5,
            "objectives[0].key_results[0].metric",
            "expected one of increase, decrease, range, milestone, got “more”",
        ),
        ("objectives:\n  - titel: x\n", 2, "objectives[0].titel", "did you mean “title”?"),
        ("objectives: []\nunits: Sales\n", 2, "units", "did you mean “unit”?"),
        ("objectives: []\nxyz: 1\n", 2, "xyz", "unknown key; expected one of version, cycle"),
        (
            "objectives:\n  - title: x\n    kind: comitted\n",
            3,
            "objectives[0].kind",
            "expected one of aspirational, committed, got “comitted”; did you mean “committed”?",
        ),
        (
            "objectives:\n  - title: x\n    key_results:\n      - {title: y, target: zwölf}\n",
            4,
            "objectives[0].key_results[0].target",
            "expected a number such as 12 or 12,5, got “zwölf”",
        ),
        (
            "objectives:\n  - title: x\n    key_results:\n      - {title: y, start: '1,500'}\n",
            4,
            "objectives[0].key_results[0].start",
            "“1,500” is ambiguous: write 1500 for the whole number or 1.5",
        ),
        (
            "cycle: {name: Q1, start: 2027-03-01, end: 2027-01-31}\nobjectives: []\n",
            1,
            "cycle.end",
            "must come after the start (2027-03-01), got 2027-01-31",
        ),
        (
            "cycle:\n  name: Q1\n  start: 1st of March\nobjectives: []\n",
            3,
            "cycle.start",
            "expected a date such as 2027-01-31, got “1st of March”",
        ),
        ("cycle: {start: 2027-01-01}\nobjectives: []\n", 1, "cycle.name", "missing"),
        ("objectives:\n  - kind: committed\n", 2, "objectives[0]", "“title:” is missing"),
        ("objectives:\n  - title: '  '\n", 2, "objectives[0].title", "the title is missing"),
        ("objectives:\n  - Grow\n", 2, "objectives[0]", "expected a mapping, got “Grow”"),
        ("objectives: Grow\n", 1, "objectives", "expected a list, got “Grow”"),
        ("objectives: []\ntop_level: maybe\n", 2, "top_level", "expected true or false"),
        ("objectives: []\nlang: fr\n", 2, "lang", "expected one of de, en, got “fr”"),
        ("version: 2\nobjectives: []\n", 1, "version", "reads OKR files of version 1"),
        ("unit: Sales\n", 1, "", "objectives: missing"),
        ("- title: x\n", 1, "", "an OKR file is a mapping"),
        ("objectives: []\nobjectives: []\n", 2, "objectives", "the key appears twice"),
        (
            "objectives:\n  - title: x\n    key_results:\n      - {title: y, metric: range, "
            "start: 10, target: 5}\n",
            4,
            "objectives[0].key_results[0].target",
            "for a range, start is the lowest and target the highest value",
        ),
        (
            "objectives:\n  - title: x\n    key_results:\n      - {title: y, target: .nan}\n",
            4,
            "objectives[0].key_results[0].target",
            "expected a number",
        ),
        (
            "objectives:\n  - title: x\n    owner: [a, b]\n",
            3,
            "objectives[0].owner",
            "expected a text, got a list",
        ),
    ],
)
def test_a_bad_file_names_line_field_and_what_is_expected(text, line, field, words):
    error = error_of(text)

    assert error.path == "okrs/team.yaml"
    assert (error.line, error.field) == (line, field)
    assert words in error.message
    if field:
        assert error.message.startswith(f"{field}: ")
    assert str(error).startswith(f"okrs/team.yaml:{line}: ")


def test_a_yaml_syntax_error_has_its_line():
    error = error_of("objectives:\n  - title: x\n    key_results: [\n\n  - title: y\n    : z\n")
    assert error.line is not None and error.line >= 3
    assert error.message.startswith("not valid YAML")


def test_an_empty_file_is_refused():
    assert "the file is empty" in error_of("# only a comment\n").message
    assert error_of("").line is None


def test_a_binary_file_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "logo.yaml"
    path.write_bytes(b"objectives: []\n\x89PNG\r\n\x1a\n\xff\xfe\x00")

    with pytest.raises(OkrFileError) as caught:
        read(path)

    assert caught.value.line == 2
    assert "is this a binary file?" in caught.value.message


def test_control_characters_are_refused():
    error = error_of("objectives: []\n# \x00\n")
    assert error.line == 2
    assert "binary file" in error.message


def test_missing_files_and_directories(tmp_path):
    with pytest.raises(OkrFileError, match="file not found"):
        read(tmp_path / "missing.yaml")
    with pytest.raises(OkrFileError, match="is a directory"):
        read(tmp_path)


def test_billion_laughs_stays_cheap():
    # Nine levels of nine aliases: walking every path would take 9**9 steps.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    error = error_of("\n".join(lines) + "\nobjectives: []\n")
    assert error.field == "a0"  # refused as an unknown key, quickly


def test_parse_data_validates_a_request_body_the_same_way():
    okrs = parse_data(
        {
            "objectives": [
                {"title": "Delight customers", "key_results": [{"title": "NPS", "start": "3,5"}]}
            ]
        }
    )
    assert okrs.objectives[0].key_results[0].start == 3.5
    assert okrs.path == "<request>"

    with pytest.raises(OkrFileError) as caught:
        parse_data(
            {"objectives": [{"title": "x", "key_results": [{"title": "y", "metric": "more"}]}]}
        )
    assert caught.value.line is None
    assert caught.value.field == "objectives[0].key_results[0].metric"
    assert str(caught.value).startswith("<request>: objectives[0].key_results[0].metric: expected")


def test_messages_are_translated(settings):
    from django.utils import translation

    with translation.override("de"):
        error = error_of("objectives:\n  - titel: x\n")
    assert error.field == "objectives[0].titel"
    assert error.message.endswith("unbekannter Schlüssel; meinten Sie „title“?")


def test_dumps_writes_the_documented_format():
    okrs = loads(GOOD)

    text = dumps(okrs)

    assert text.startswith("# OKR file format (version 1)\nversion: 1\ncycle:\n")
    assert "  start: 2027-01-01\n" in text
    assert "start: 12.5\n" in text
    assert "target: 20\n" in text  # whole numbers without “.0”
    assert "description" not in text and "owner" not in text  # optional keys only when set
    assert text.index("title:") < text.index("kind:") < text.index("key_results:")


def test_a_description_over_several_lines_round_trips():
    okrs = OkrSet(
        objectives=[
            ObjectiveSpec(
                "Delight our customers",
                description="Why: churn doubled.\nHow: listen first.",
                key_results=[KeyResultSpec("Uptime", metric="range", start=99.5, target=100)],
            )
        ]
    )

    text = dumps(okrs)

    assert "description: |-\n      Why: churn doubled.\n      How: listen first.\n" in text
    assert without_lines(loads(text)) == without_lines(okrs)


def without_lines(okrs: OkrSet) -> OkrSet:
    return dataclasses.replace(
        okrs,
        path="",
        cycle=dataclasses.replace(okrs.cycle, line=None) if okrs.cycle else None,
        objectives=[
            dataclasses.replace(
                objective,
                line=None,
                key_results=[dataclasses.replace(kr, line=None) for kr in objective.key_results],
            )
            for objective in okrs.objectives
        ],
    )


def test_the_examples_round_trip():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        okrs = read(path)
        assert without_lines(loads(dumps(okrs))) == without_lines(okrs), path


# Text as people write it in a file: no surrounding spaces (they are stripped), and no
# characters YAML cannot hold.
texts = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff\x85"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
optional_texts = st.one_of(st.just(""), texts)
numbers = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12).map(float),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
)


def _ordered_range(key_result: KeyResultSpec) -> KeyResultSpec:
    # A range's start (lowest) must not be above its target (highest).
    start, target = key_result.start, key_result.target
    if key_result.metric == "range" and start is not None and target is not None:
        key_result.start, key_result.target = min(start, target), max(start, target)
    return key_result


key_results = st.builds(
    KeyResultSpec,
    title=texts,
    metric=st.sampled_from(METRICS),
    start=numbers,
    target=numbers,
    unit=optional_texts,
    owner=optional_texts,
).map(_ordered_range)
objectives = st.builds(
    ObjectiveSpec,
    title=texts,
    kind=st.sampled_from(KINDS),
    origin=st.sampled_from(ORIGINS),
    description=optional_texts,
    owner=optional_texts,
    aligned_to=st.lists(texts, max_size=3),
    key_results=st.lists(key_results, max_size=4),
)


@st.composite
def cycles(draw: st.DrawFn) -> CycleSpec | None:
    if draw(st.booleans()):
        return None
    start = draw(st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))))
    end = None
    if draw(st.booleans()):
        end = (start or dt.date(2000, 1, 1)) + dt.timedelta(days=draw(st.integers(1, 400)))
    return CycleSpec(name=draw(texts), start=start, end=end)


okr_sets = st.builds(
    OkrSet,
    objectives=st.lists(objectives, max_size=4),
    cycle=cycles(),
    unit=optional_texts,
    lang=st.sampled_from([None, "de", "en"]),
    top_level=st.sampled_from([None, True, False]),
)


@settings(max_examples=150, deadline=None)
@given(okr_sets)
def test_loads_reads_back_what_dumps_wrote(okrs):
    assert without_lines(loads(dumps(okrs))) == without_lines(okrs)
