"""Regressions from the review of the OKR coach: odd input never ends in a traceback."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kurs.api.tests.conftest import ApiClient
from kurs.coach import okrfile, selectors
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
