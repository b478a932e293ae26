"""`kurs import` and `kurs export` as people run them: output, files, exit codes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from kurs.cli import main
from kurs.goals.models import Objective
from kurs.transfer.tests.conftest import MARKETING_FILE

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_the_preview_and_the_summary(owner, marketing_file):
    out, _err = run("import", str(marketing_file), "--org", "Muster GmbH")

    assert "create: Objective “Make our leads noticeably better”" in out
    assert "  create: Key result “Cut the time to the first call from 48 to 24 hours”" in out
    assert "objectives: 2 created, 0 updated, 0 unchanged" in out
    assert "key results: 4 created, 0 updated, 0 unchanged" in out
    assert "Imported." in out
    # The coach's advice follows, without stopping the import.
    assert "The OKR coach’s advice (does not stop the import):" in out
    assert f"{marketing_file}:4: warning KR_COUNT: 2 key results" in out
    assert Objective.objects.filter(unit__name="Marketing").count() == 2


def test_a_dry_run_writes_nothing(owner, marketing_file):
    out, _err = run("import", str(marketing_file), "--org", "Muster GmbH", "--dry-run")

    assert "objectives: 2 created" in out
    assert "Dry run: nothing was written." in out
    assert not Objective.objects.filter(unit__name="Marketing").exists()


def test_a_second_import_reports_everything_unchanged(owner, marketing_file):
    run("import", str(marketing_file), "--org", "Muster GmbH")

    out, _err = run("import", str(marketing_file), "--org", "Muster GmbH")

    assert "objectives: 0 created, 0 updated, 2 unchanged" in out
    assert Objective.objects.filter(unit__name="Marketing").count() == 2


def test_problems_go_to_stderr_with_file_and_line_and_exit_1(owner, marketing_file, write_file):
    path = write_file(MARKETING_FILE.replace("unit: Marketing", "unit: Marketng"))
    out, err = StringIO(), StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("import", str(path), "--org", "Muster GmbH", stdout=out, stderr=err)

    assert exit_info.value.code == 1
    assert f"{path}:2: unit: unit “Marketng” does not exist" in err.getvalue()
    assert "1 problem; nothing was written." in err.getvalue()
    assert not Objective.objects.filter(title="Make our leads noticeably better").exists()


def test_the_actor_can_be_chosen_and_must_belong_to_the_organization(
    owner, teammate, outsider, marketing_file
):
    run("import", str(marketing_file), "--org", "Muster GmbH", "--as", "BOB@muster.example")
    assert Objective.objects.get(title="Be known as the experts for mid-sized logistics").owner == (
        teammate
    )

    with pytest.raises(
        CommandError, match=r"Nobody with the email “oscar@other\.example”"
    ) as error:
        run("import", str(marketing_file), "--org", "Muster GmbH", "--as", "oscar@other.example")
    assert error.value.returncode == 2


def test_a_viewer_cannot_import(viewer, owner, marketing_file):
    with pytest.raises(CommandError, match="may not write OKRs") as error:
        run("import", str(marketing_file), "--org", "Muster GmbH", "--as", "vera@muster.example")
    assert error.value.returncode == 2


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("okrs.xlsx", "okrs.xlsx: file not found"),
        ("okrs.csv", "okrs.csv: file not found"),
        ("okrs.txt", "unknown file type; use .xlsx, .csv or a .yaml OKR file."),
        ("missing.yaml", "missing.yaml: file not found"),
    ],
)
def test_files_that_cannot_be_read_exit_2(owner, tmp_path, name, message):
    with pytest.raises(CommandError, match=message) as error:
        run("import", str(tmp_path / name), "--org", "Muster GmbH")
    assert error.value.returncode == 2


def test_an_unknown_organization_exits_2(owner, marketing_file):
    with pytest.raises(CommandError, match="No organization named “Nobody AG”") as error:
        run("import", str(marketing_file), "--org", "Nobody AG")
    assert error.value.returncode == 2


def test_the_kurs_command_exits_with_the_codes(
    owner, marketing_file, write_file, capsys, monkeypatch
):
    # `kurs` closes every database connection when a command ends; inside the test's
    # transaction that would end the test database's connection (PostgreSQL).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    broken = write_file("cycle: [unclosed\n", name="broken.yaml")
    with pytest.raises(SystemExit) as exit_info:
        main(["kurs", "import", str(broken), "--org", "Muster GmbH"])
    assert exit_info.value.code == 2
    assert f"{broken}:" in capsys.readouterr().err

    # A clean import returns normally: exit code 0.
    main(["kurs", "import", str(marketing_file), "--org", "Muster GmbH", "--dry-run"])
    assert "Dry run: nothing was written." in capsys.readouterr().out


def test_large_files_show_progress(owner, marketing, cycle, write_file):
    objectives = "".join(f"  - title: Delight customer group {n}\n" for n in range(30))
    path = write_file(f"cycle: {cycle.name}\nunit: Marketing\nobjectives:\n{objectives}")

    _out, err = run("import", str(path), "--org", "Muster GmbH", "--dry-run")

    assert "… 25 of 30 objectives" in err
    assert "… 30 of 30 objectives" in err


def test_export_writes_a_file_that_imports_unchanged(owner, cycle, marketing_file, tmp_path):
    run("import", str(marketing_file), "--org", "Muster GmbH")
    exported = tmp_path / "out.yaml"

    _out, err = run(
        "export",
        "--org",
        "Muster GmbH",
        "--unit",
        "Marketing",
        "--cycle",
        cycle.name,
        "--format",
        "yaml",
        "--out",
        str(exported),
    )

    assert "unit “Marketing”, cycle “Current quarter”, 2 objectives" in err
    text = exported.read_text(encoding="utf-8")
    assert "title: Make our leads noticeably better" in text
    assert "- 'Sales: Grow revenue with mid-sized companies'" in text
    out, _err = run("import", str(exported), "--org", "Muster GmbH")
    assert "objectives: 0 created, 0 updated, 2 unchanged" in out


def test_export_counts_one_objective_in_the_singular(owner, cycle, objective, tmp_path):
    exported = tmp_path / "marketing.yaml"
    _out, err = run(
        "export",
        "--org",
        "Muster GmbH",
        "--unit",
        "Marketing",
        "--format",
        "yaml",
        "--out",
        str(exported),
    )
    assert "cycle “Current quarter”, 1 objective." in err


def test_export_to_stdout_uses_the_running_cycle(owner, cycle, objective):
    out, _err = run(
        "export", "--org", "Muster GmbH", "--unit", "Marketing", "--format", "yaml", "--out", "-"
    )

    assert out.startswith("# OKR file format (version 1)")
    assert "name: Current quarter" in out
    assert "title: Make our leads noticeably better" in out


def test_export_finds_the_cycle_whatever_its_letter_case(owner, cycle, objective):
    out, _err = run(
        "export", "--org", "Muster GmbH", "--unit", "marketing", "--cycle", "current  QUARTER",
        "--format", "yaml", "--out", "-",
    )  # fmt: skip

    assert "name: Current quarter" in out


def test_export_needs_a_known_unit_and_cycle(owner, cycle, marketing):
    base = ["export", "--org", "Muster GmbH", "--format", "yaml", "--out", "-"]
    with pytest.raises(CommandError, match="give --unit; units are: Marketing, Muster GmbH"):
        run(*base)
    with pytest.raises(CommandError, match="Did you mean “Marketing”"):
        run(*base, "--unit", "Marketng")
    with pytest.raises(CommandError, match="Cycle “2020-Q1” does not exist; cycles are: Current"):
        run(*base, "--unit", "Marketing", "--cycle", "2020-Q1")
