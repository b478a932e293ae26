"""Regressions from the review of import and export: no duplicates, the file's wording wins."""

from __future__ import annotations

import io

import pytest

from kurs.coach import okrfile
from kurs.goals.models import Cycle, KeyResult, Objective
from kurs.transfer.okrfile_io import import_okr_set

pytestmark = pytest.mark.django_db


def _import(org, actor, text: str):
    return import_okr_set(org, okrfile.loads(text, path="marketing.yaml"), actor=actor)


def test_a_cycle_named_in_other_letter_case_is_the_same_cycle(org, owner, marketing, cycle):
    # given: the cycle "Current quarter", written in capitals in the file
    text = (
        f"cycle: {{name: CURRENT QUARTER, start: {cycle.start}, end: {cycle.end}}}\n"
        "unit: Marketing\n"
        "objectives:\n"
        "  - title: Customers love our support\n"
    )

    # when
    report = _import(org, owner, text)

    # then: no second cycle with the same dates
    assert report.problems == []
    assert list(Cycle.objects.filter(organization=org)) == [cycle]
    assert Objective.objects.get().cycle == cycle


def test_a_title_changed_in_case_or_spacing_is_updated_not_duplicated(org, owner, marketing, cycle):
    # given
    _import(
        org,
        owner,
        f"cycle: {cycle.name}\nunit: Marketing\nobjectives:\n"
        "  - title: customers love our support\n"
        "    key_results:\n"
        "      - {title: raise the nps from 20 to 40, start: 20, target: 40}\n",
    )

    # when: the team fixes the capitals in the file
    report = _import(
        org,
        owner,
        f"cycle: {cycle.name}\nunit: Marketing\nobjectives:\n"
        "  - title: Customers love our support\n"
        "    key_results:\n"
        "      - {title: Raise the NPS from 20 to 40, start: 20, target: 40}\n",
    )

    # then: the same objective and key result, with the file's wording
    assert report.problems == []
    assert [(c.kind, c.action, c.fields) for c in report.changes[1:]] == [
        ("objective", "updated", ["title"]),
        ("key_result", "updated", ["title"]),
    ]
    assert [o.title for o in Objective.objects.all()] == ["Customers love our support"]
    assert [k.title for k in KeyResult.objects.all()] == ["Raise the NPS from 20 to 40"]


# -- review of issue 4 --------------------------------------------------------------------


def test_a_title_that_starts_with_an_equals_sign_stays_text_in_the_xlsx_export(
    owner, marketing, cycle
):
    # given: an objective and a key result whose titles look like formulas
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

    from kurs.goals import actions as goal_actions
    from kurs.transfer import exports

    objective = goal_actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=owner, title="=SUM(A1:A9) customers"
    )
    goal_actions.do_create_key_result(
        owner, objective, title="+10 % reach", metric="increase", start=0, target=10
    )

    # when
    data = exports.to_xlsx(exports.collect_for_user(owner, marketing, cycle), "en")

    # then: Excel shows the titles as written, not a formula (or #NAME?)
    sheet = load_workbook(io.BytesIO(data))["Marketing"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    titled = [c for c in cells if c.value in ("=SUM(A1:A9) customers", "+10 % reach")]
    assert len(titled) == 3  # the objective row, and the key result row with both titles
    assert {c.data_type for c in titled} == {"s"}


def test_titles_that_look_like_formulas_are_kept_text_in_the_csv_and_read_back(
    owner, org, marketing, cycle
):
    """Found in exploratory testing: "=..." titles were written to the CSV as they are,
    and a spreadsheet program opening the file would run them as formulas."""
    # given
    import csv
    import datetime as dt

    from kurs.goals import actions as goal_actions
    from kurs.goals.models import CycleState
    from kurs.transfer import exports, sheets

    objective = goal_actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=owner, title='=HYPERLINK("x") leads'
    )
    goal_actions.do_create_key_result(
        owner, objective, title="-20 % cost per lead", metric="decrease", start=100, target=80
    )

    # when
    data = exports.to_csv(exports.collect_for_user(owner, marketing, cycle), "en")

    # then: the cells start with an apostrophe, so they stay text
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("x") leads'
    assert rows[1][2] == "'-20 % cost per lead"

    # and the importer reads the titles as they were
    following = goal_actions.do_create_cycle(
        owner,
        name="Next quarter",
        start=cycle.end + dt.timedelta(days=1),
        end=cycle.end + dt.timedelta(days=91),
        kind="quarter",
        state=CycleState.PLANNING,
    )
    table = sheets.read_table(data, "okrs.csv")
    result = sheets.run_import(
        org, table, sheets.guess_mapping(table.headers), actor=owner, cycle=following
    )
    assert result.problems == []
    assert Objective.objects.get(cycle=following).title == '=HYPERLINK("x") leads'
    assert KeyResult.objects.get(objective__cycle=following).title == "-20 % cost per lead"
