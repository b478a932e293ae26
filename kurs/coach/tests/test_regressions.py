"""Regressions from the review of the OKR coach: odd input never ends in a traceback."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kurs.api.tests.conftest import ApiClient
from kurs.coach import checks, okrfile, selectors, text
from kurs.coach.spec import KeyResultSpec, ObjectiveSpec
from kurs.goals import actions as goal_actions
from kurs.goals.models import KeyResult
from kurs.orgs import actions as org_actions

# kurs lint: a file that cannot be read is exit 2 with its line, never a traceback -------------


def _lint(path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("lint", str(path), stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "text, line",
    [
        # Nested deeper than the parser's recursion allows (a fuzzer's favourite).
        ("objectives: " + "[" * 5000 + "]" * 5000 + "\n", None),
        # An impossible date: YAML reads it as a date and fails.
        ("cycle: {name: Q1, start: 2027-02-30, end: 2027-03-31}\nobjectives: []\n", 1),
        ("objectives: []\ncycle: {name: Q1, start: 0000-01-01, end: 2027-03-31}\n", 2),
        # A whole number beyond Python's conversion limit.
        ("objectives:\n  - title: " + "9" * 5000 + "\n", 2),
    ],
    ids=["deep", "no-such-day", "year-zero", "huge-integer"],
)
def test_lint_reports_unreadable_yaml_with_exit_2_and_its_line(tmp_path, text, line):
    # given
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")

    # when
    code, out, err = _lint(path)

    # then
    assert code == 2
    assert err.startswith(f"{path}:{line}: " if line else f"{path}: ")
    assert "1 file could not be read" in out


def test_a_whole_number_too_large_for_a_float_is_a_field_error():
    text = "objectives:\n  - title: T\n    key_results:\n      - {title: x, start: 1" + "0" * 400
    text += ", target: 1}\n"

    with pytest.raises(okrfile.OkrFileError) as raised:
        okrfile.loads(text)

    assert raised.value.field == "objectives[0].key_results[0].start"
    assert raised.value.line == 4
    assert "expected a number" in raised.value.message


def test_api_answers_too_deeply_nested_json_with_400(db, teammate):
    # given
    _token, raw = org_actions.do_create_token(teammate, "tests")
    api = ApiClient(raw)

    # when
    response = api.post("/coach/check", raw="[" * 100_000 + "]" * 100_000)

    # then
    assert response.status_code == 400
    assert response.json()["errors"]


# The health page: STALE only while the cycle runs ---------------------------------------------


def test_a_cycle_closed_before_its_end_asks_for_no_check_ins(db, owner, cycle, marketing):
    # given: a key result without a check-in for 30 days, in a cycle closed early
    objective = goal_actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=owner, title="Customers love our support"
    )
    key_result = goal_actions.do_create_key_result(
        owner, objective, title="Raise the NPS from 20 to 40", start=20, target=40
    )
    KeyResult.objects.filter(pk=key_result.pk).update(
        created_at=timezone.now() - dt.timedelta(days=30)
    )
    today = timezone.localdate()
    assert "STALE" in _codes(selectors.unit_health(marketing, cycle, today=today))

    # when
    goal_actions.do_close_cycle(owner, cycle)
    cycle.refresh_from_db()

    # then: its scores are final; nobody can check in any more
    assert "STALE" not in _codes(selectors.unit_health(marketing, cycle, today=today))


def _codes(health: selectors.Health) -> list[str]:
    return [resolved.finding.code for resolved in health.findings]


# German numbers: "1.500" is fifteen hundred to a German reader ---------------------------------


def test_a_point_grouping_thousands_is_ambiguous_without_a_language():
    text = "objectives:\n  - title: x\n    key_results:\n      - {title: y, start: '1.500'}\n"

    with pytest.raises(okrfile.OkrFileError) as raised:
        okrfile.loads(text)

    assert raised.value.line == 4
    assert raised.value.field == "objectives[0].key_results[0].start"
    assert "“1.500” is ambiguous: write 1500 for the whole number or 1.5" in raised.value.message
    assert okrfile.loads("lang: de\n" + text).objectives[0].key_results[0].start == 1500
    assert okrfile.loads("lang: en\n" + text).objectives[0].key_results[0].start == 1.5


def test_a_title_longer_than_kurs_stores_is_refused_with_its_field():
    """Found in review: megabytes of title text made one API request take seconds."""
    data = {"objectives": [{"title": "Make leads better " * 20}]}
    with pytest.raises(okrfile.OkrFileError) as error:
        okrfile.parse_data(data)
    assert error.value.field == "objectives[0].title"
    assert "at most 300" in error.value.message


# A range keeps the start and target typed before switching to it ------------------------------


def test_a_range_is_judged_by_its_bounds_even_with_old_start_and_target_values(
    db, owner, cycle, marketing
):
    """Found in review: the form keeps hidden start and target values (kurs.js); the health
    page read them instead of the bounds, and called a key result in its band STALE while
    its own stale column, the form hints and `kurs export` went by the bounds."""
    # given: a range key result whose form still held 12 and 20 from "increase", in its
    # band since a check-in 20 days ago
    objective = goal_actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=owner, title="Customers can always reach us"
    )
    key_result = goal_actions.do_create_key_result(
        owner,
        objective,
        title="Keep the availability of the shop between 95 and 99 %",
        metric="range",
        start=12,
        target=20,
        range_min=95,
        range_max=99,
    )
    goal_actions.do_check_in(owner, key_result, value=97, at=timezone.now() - dt.timedelta(days=20))
    today = timezone.localdate()

    # when
    health = selectors.unit_health(marketing, cycle, today=today)

    # then
    [spec] = selectors.spec_for_unit(marketing, cycle).objectives[0].key_results
    assert (spec.start, spec.target) == (95, 99)
    assert "STALE" not in _codes(health)
    assert health.patterns.cycles[0].stale == 0


# Long statements: the text checks stay linear in the length of the text ------------------------


@pytest.mark.parametrize(
    "title",
    ["x" * 20_000, "1 " * 2_000, "Anteil " * 1_000],
    ids=["one-long-word", "many-numbers", "many-words"],
)
def test_the_text_checks_read_long_statements_a_bounded_number_of_times(title, monkeypatch):
    """Found in review: each number tokenised the rest of the text again, so a
    4,000-character key result took five seconds. The work must grow with the length of
    the text, not with its square: count the tokens read, not the time (timings belong in
    bench/)."""
    read = []
    tokens = text._tokens

    def counting(*args, **kwargs):
        found = tokens(*args, **kwargs)
        read.append(len(found))
        return found

    monkeypatch.setattr(text, "_tokens", counting)
    checks.check_key_result(KeyResultSpec(title=title, start=1, target=2), lang=None)
    checks.check_objective(ObjectiveSpec(title=title), lang=None)
    # About 9 readings per token today; re-tokenising the rest for every number would be
    # a thousand times more.
    assert sum(read) <= 20 * max(len(tokens(title)), 1)


# KR_VALUES_MISMATCH: a multiplier or percent sign written once, after the target -------------


@pytest.mark.parametrize(
    "title, start, target",
    [
        ("Raise mid-market revenue from 2 to 3 million euros", 2_000_000, 3_000_000),
        ("Umsatz im Mittelstand von 1,2 auf 1,5 Mio. € steigern", 1_200_000, 1_500_000),
        ("Raise the share of repeat buyers from 12 to 20 %", 0.12, 0.2),
    ],
)
def test_a_unit_written_only_after_the_target_counts_for_the_start_too(title, start, target):
    """Found in review: "from 2 to 3 million" with the values 2,000,000 and 3,000,000
    was reported as text and values disagreeing."""
    findings = checks.check_key_result(KeyResultSpec(title=title, start=start, target=target))
    assert "KR_VALUES_MISMATCH" not in [f.code for f in findings]


def test_a_start_that_disagrees_even_with_the_targets_unit_is_still_a_mismatch():
    spec = KeyResultSpec(
        title="Raise revenue from 2 to 3 million euros", start=2_000_000, target=4_000_000
    )
    assert "KR_VALUES_MISMATCH" in [f.code for f in checks.check_key_result(spec)]
