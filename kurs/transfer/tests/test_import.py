"""`import_okr_set`: OKR files into the database, all or nothing, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from kurs.coach import okrfile
from kurs.coach.spec import CycleSpec, KeyResultSpec, ObjectiveSpec, OkrSet
from kurs.goals import actions as goal_actions
from kurs.goals.models import Alignment, AuditEvent, Cycle, KeyResult, Objective
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Unit
from kurs.transfer.okrfile_io import import_okr_set
from kurs.transfer.tests.conftest import MARKETING_FILE

pytestmark = pytest.mark.django_db


def _rows() -> tuple[int, int, int, int, int]:
    return (
        Cycle.objects.count(),
        Objective.objects.count(),
        KeyResult.objects.count(),
        Alignment.objects.count(),
        AuditEvent.objects.count(),
    )


def test_import_creates_objectives_key_results_and_alignments(
    org, owner, teammate, marketing, cycle, sales_objective, marketing_file
):
    # when
    report = import_okr_set(org, okrfile.read(marketing_file), actor=owner)

    # then
    assert report.problems == []
    assert report.written
    assert report.count("objective", "created") == 2
    assert report.count("key_result", "created") == 4
    leads, experts = Objective.objects.filter(unit=marketing, cycle=cycle).order_by("pk")
    assert leads.title == "Make our leads noticeably better"
    assert (leads.kind, leads.origin) == ("committed", "top_down")
    assert leads.owner == teammate
    assert leads.description == "Sales wants leads that turn into offers."
    assert [a.parent_objective for a in leads.alignments.all()] == [sales_objective]
    assert (experts.kind, experts.origin, experts.owner) == ("aspirational", "bottom_up", owner)
    sales_kr = sales_objective.key_results.get()
    assert [a.parent_key_result for a in experts.alignments.all()] == [sales_kr]

    rate, call = leads.key_results.order_by("position")
    assert (rate.metric, rate.start, rate.target, rate.unit_label) == (
        "increase",
        12,
        20,
        "per 100",
    )
    assert rate.owner == teammate  # the objective's owner, as the file names none
    assert (call.metric, call.start, call.target, call.owner) == ("decrease", 48, 24, owner)
    cost, study = experts.key_results.order_by("position")
    assert (cost.metric, cost.range_min, cost.range_max, cost.unit_label) == ("range", 80, 120, "€")
    assert (study.metric, study.start, study.target) == ("milestone", 0, 1)
    # Written through the actions: the history shows who imported what.
    assert AuditEvent.objects.filter(objective=leads, verb="created", actor=owner).count() == 3


def test_importing_the_same_file_twice_changes_nothing(org, owner, sales_objective, marketing_file):
    # given
    import_okr_set(org, okrfile.read(marketing_file), actor=owner)
    before = _rows()

    # when
    report = import_okr_set(org, okrfile.read(marketing_file), actor=owner)

    # then
    assert report.problems == []
    assert _rows() == before  # no duplicates, not even a history entry
    assert report.count("objective", "unchanged") == 2
    assert report.count("key_result", "unchanged") == 4
    assert report.count("objective", "created") == report.count("objective", "updated") == 0


def test_a_changed_target_updates_the_key_result(
    org, owner, marketing, sales_objective, marketing_file, write_file
):
    # given
    import_okr_set(org, okrfile.read(marketing_file), actor=owner)
    rows = _rows()[:4]
    changed = MARKETING_FILE.replace("target: 20", "target: 25").replace(
        "origin: top_down", "origin: bottom_up"
    )

    # when
    report = import_okr_set(org, okrfile.read(write_file(changed)), actor=owner)

    # then
    assert report.problems == []
    assert _rows()[:4] == rows
    rate = KeyResult.objects.get(title__startswith="Raise the lead-to-offer rate")
    assert rate.target == 25
    assert rate.objective.origin == "bottom_up"
    updated = [c for c in report.changes if c.action == "updated"]
    assert [(c.kind, c.fields) for c in updated] == [
        ("objective", ["origin"]),
        ("key_result", ["target"]),
    ]
    assert AuditEvent.objects.filter(key_result=rate, verb="updated").get().changes == {
        "target": [20, 25]
    }


def test_a_missing_cycle_is_created_with_the_files_dates(org, owner, marketing, write_file):
    path = write_file(
        "cycle: {name: 2031-Q1, start: 2031-01-01, end: 2031-03-31}\n"
        "unit: Marketing\n"
        "objectives:\n"
        "  - title: Delight our customers\n"
    )

    report = import_okr_set(org, okrfile.read(path), actor=owner)

    assert report.problems == []
    cycle = Cycle.objects.get(organization=org, name="2031-Q1")
    assert (cycle.start, cycle.end, cycle.kind) == (
        dt.date(2031, 1, 1),
        dt.date(2031, 3, 31),
        "quarter",
    )
    assert Objective.objects.get(cycle=cycle).title == "Delight our customers"


def test_a_missing_cycle_without_dates_is_a_problem(org, owner, marketing, write_file):
    path = write_file("cycle: 2031-Q1\nunit: Marketing\nobjectives:\n  - title: Delight them\n")

    report = import_okr_set(org, okrfile.read(path), actor=owner)

    assert {(p.line, p.field) for p in report.problems} == {(1, "cycle.start"), (1, "cycle.end")}
    assert not Cycle.objects.filter(name="2031-Q1").exists()


def test_an_existing_cycle_with_other_dates_is_a_problem(org, owner, marketing, cycle, write_file):
    path = write_file(
        "cycle: {name: Current quarter, start: 2020-01-01}\n"
        "unit: Marketing\nobjectives:\n  - title: Delight our customers\n"
    )
    before = _rows()

    report = import_okr_set(org, okrfile.read(path), actor=owner)

    [problem] = report.problems
    assert (problem.line, problem.field) == (1, "cycle.start")
    assert "2020-01-01" in problem.message
    assert _rows() == before


def test_an_unknown_unit_names_the_line_and_suggests_the_right_one(
    org, owner, marketing, sales_objective, marketing_file, write_file
):
    path = write_file(MARKETING_FILE.replace("unit: Marketing", "unit: Marketng"))
    before = _rows()

    report = import_okr_set(org, okrfile.read(path), actor=owner)

    [problem] = report.problems
    assert problem.format(str(path)) == (
        f"{path}:2: unit: unit “Marketng” does not exist; units are: Marketing, Muster GmbH, "
        "Sales. Did you mean “Marketing”?"
    )
    assert _rows() == before


def test_every_problem_is_reported_with_its_line_and_nothing_is_written(
    org, owner, sales_objective, marketing_file, write_file
):
    # given: an unknown owner, an unknown alignment, and a target below the start
    text = (
        MARKETING_FILE.replace("owner: bob@muster.example", "owner: nobody@muster.example")
        .replace("Sales: Win 40 new", "Sales: Win 4000 new")
        .replace("start: 48", "start: 10")
    )
    path = write_file(text)
    before = _rows()

    # when
    report = import_okr_set(org, okrfile.read(path), actor=owner)

    # then
    found = {(p.line, p.field) for p in report.problems}
    assert found == {
        (4, "objectives[0].owner"),
        (16, "objectives[0].key_results[1].target"),
        (22, "objectives[1].aligned_to[0]"),
    }
    messages = " ".join(p.message for p in report.problems)
    assert "nobody with the email “nobody@muster.example”" in messages
    assert "Did you mean “Win 40 new mid-sized customers”?" in messages
    assert "To decrease, the target must be below the start value" in messages
    assert _rows() == before
    assert not report.written


def test_an_invalid_metric_is_a_problem(org, owner, marketing, cycle):
    okrs = OkrSet(
        cycle=CycleSpec(name=cycle.name),
        unit="Marketing",
        objectives=[
            ObjectiveSpec(
                title="Delight our customers",
                line=4,
                key_results=[KeyResultSpec(title="NPS", metric="more", target=50, line=6)],
            )
        ],
    )
    before = _rows()

    report = import_okr_set(org, okrs, actor=owner)

    [problem] = report.problems
    assert (problem.line, problem.field) == (6, "objectives[0].key_results[0].metric")
    assert "increase, decrease, range, milestone" in problem.message
    assert _rows() == before


def test_duplicate_titles_in_the_file_are_problems(org, owner, marketing, cycle, write_file):
    path = write_file(
        "cycle: Current quarter\nunit: Marketing\nobjectives:\n"
        "  - title: Delight our customers\n"
        "  - title: delight our  customers\n"
    )

    report = import_okr_set(org, okrfile.read(path), actor=owner)

    assert [(p.line, p.field) for p in report.problems] == [(5, "objectives[1].title")]
    assert not Objective.objects.filter(unit=marketing).exists()


def test_a_dry_run_reports_the_same_and_writes_nothing(org, owner, sales_objective, marketing_file):
    before = _rows()

    report = import_okr_set(org, okrfile.read(marketing_file), actor=owner, dry_run=True)

    assert report.problems == []
    assert report.count("objective", "created") == 2
    assert report.count("key_result", "created") == 4
    assert not report.written
    assert _rows() == before


def test_objectives_in_kurs_but_not_in_the_file_are_left_alone(
    org, owner, objective, sales_objective, marketing_file
):
    # given: the fixture objective has the file's first title, but another key result
    old_kr = objective.key_results.get()

    report = import_okr_set(org, okrfile.read(marketing_file), actor=owner)

    assert report.problems == []
    assert report.count("objective", "updated") == 1  # kind, origin, description, aligned_to
    assert report.count("objective", "created") == 1
    assert KeyResult.objects.filter(pk=old_kr.pk).exists()
    assert report.not_in_file == [
        "Key result “Raise lead-to-offer rate from 12 to 20 per 100 leads” "
        "(of “Make our leads noticeably better”)"
    ]
    assert Objective.objects.filter(title="Make our leads noticeably better").count() == 1


def test_an_import_into_another_organization_cannot_see_this_ones_units(
    org, owner, other_org, outsider, sales_objective, marketing_file
):
    before = _rows()

    report = import_okr_set(other_org, okrfile.read(marketing_file), actor=outsider)

    fields = {p.field for p in report.problems}
    assert "unit" in fields
    assert "cycle.start" in fields  # "Current quarter" is this organization's cycle
    assert "objectives[0].owner" in fields  # bob belongs to Muster GmbH
    assert _rows() == before


def test_an_actor_of_another_organization_writes_nothing(
    org, outsider, sales_objective, marketing_file
):
    report = import_okr_set(org, okrfile.read(marketing_file), actor=outsider)

    [problem] = report.problems
    assert "oscar@other.example may not write OKRs in “Muster GmbH”" in problem.message
    assert not Objective.objects.filter(unit__name="Marketing").exists()


def test_a_viewer_writes_nothing(org, viewer, sales_objective, marketing_file):
    report = import_okr_set(org, okrfile.read(marketing_file), actor=viewer)

    assert report.problems
    assert not Objective.objects.filter(unit__name="Marketing").exists()


def test_a_member_cannot_create_objectives_in_another_unit(
    org, teammate, sales_objective, marketing_file, write_file
):
    # given: Bob is a member of Marketing, not of Sales
    path = write_file(
        "cycle: Current quarter\nunit: Sales\nobjectives:\n  - title: Delight our customers\n"
    )

    report = import_okr_set(org, okrfile.read(path), actor=teammate)

    [problem] = report.problems
    assert (problem.line, problem.field) == (4, "objectives[0]")
    assert "may not write this objective" in problem.message
    assert not Objective.objects.filter(title="Delight our customers").exists()


def test_progress_is_reported_for_large_files(org, owner, marketing, cycle):
    okrs = OkrSet(
        cycle=CycleSpec(name=cycle.name),
        unit="Marketing",
        objectives=[ObjectiveSpec(title=f"Delight customer group {n}") for n in range(60)],
    )
    calls: list[tuple[int, int]] = []

    import_okr_set(org, okrs, actor=owner, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(25, 60), (50, 60), (60, 60)]
    assert Objective.objects.filter(unit=marketing).count() == 60


def test_another_organizations_objectives_cannot_be_aligned_to(
    org, owner, marketing, cycle, other_org, outsider, write_file
):
    # given: only the other organization has a Sales unit with this objective
    their_top = Unit.objects.get(organization=other_org, parent=None)
    their_sales = org_actions.do_create_unit(outsider, name="Sales", parent=their_top)
    their_cycle = goal_actions.do_create_cycle(
        outsider, name=cycle.name, start=cycle.start, end=cycle.end, kind="quarter", state="active"
    )
    goal_actions.do_create_objective(
        outsider, cycle=their_cycle, unit=their_sales, owner=outsider, title="Grow revenue"
    )
    path = write_file(
        "cycle: Current quarter\nunit: Marketing\nobjectives:\n"
        "  - title: Delight our customers\n    aligned_to: 'Sales: Grow revenue'\n"
    )

    report = import_okr_set(org, okrfile.read(path), actor=owner)

    [problem] = report.problems
    assert (problem.line, problem.field) == (4, "objectives[0].aligned_to[0]")
    assert not Objective.objects.filter(title="Delight our customers").exists()
