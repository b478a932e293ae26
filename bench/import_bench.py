"""How long a 10,000-row spreadsheet takes to preview and to import (XLSX and CSV).

A generated organization (kurs.demo.generate, ~100 units) is written once into a
template SQLite file together with an empty cycle “Bench import”; the spreadsheet holds
2,000 objectives x 5 key results spread over its units, with owners, start, target and
a current value (so every key result also gets a check-in). Each timed run copies the
template to a fresh file and runs in its own child process: reading the file, guessing
the columns and the preview (or the import) are timed together. Prints the median of
the runs per format and step, and each run's time. Not part of the test suite.

    .venv/bin/python bench/import_bench.py [--rows 10000] [--runs 3] [--people 650]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ORG = "Import Bench GmbH"
CYCLE = "Bench import"
HEADERS = ["Unit", "Objective", "Key result", "Owner", "Start", "Target", "Current", "Unit label"]
KEY_RESULTS = 5


def _django(database: Path) -> None:
    os.environ["KURS_DEBUG"] = "1"
    os.environ.setdefault("KURS_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqr")
    os.environ["KURS_DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["KURS_VAR_DIR"] = str(database.parent)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurs.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_template(workdir: Path, people: int, rows: int) -> dict[str, Any]:
    """In a child: migrate, generate the organization, add the cycle, write both files."""
    _django(workdir / "template.sqlite3")
    import datetime as dt

    from django.core.management import call_command
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]

    from kurs.demo.generate import generate_organization
    from kurs.goals import actions
    from kurs.goals.models import CycleState
    from kurs.orgs.models import Membership, Role, Unit, User

    call_command("migrate", verbosity=0)
    organization = generate_organization(ORG, people, seed=0)
    admin = User.objects.filter(organization=organization, role=Role.ADMIN).order_by("pk").first()
    if admin is None:
        admin = User.objects.filter(organization=organization).order_by("pk")[0]
        admin.role = Role.ADMIN
        admin.save(update_fields=["role"])
    start = dt.date(2099, 1, 1)
    actions.do_create_cycle(
        admin,
        name=CYCLE,
        start=start,
        end=dt.date(2099, 3, 31),
        kind="quarter",
        state=CycleState.PLANNING,
    )
    units = list(Unit.objects.filter(organization=organization).order_by("pk"))
    members: dict[int, list[str]] = {}
    for unit_id, email in Membership.objects.filter(unit__organization=organization).values_list(
        "unit_id", "user__email"
    ):
        members.setdefault(unit_id, []).append(email)
    table: list[list[Any]] = [HEADERS]
    objectives = rows // KEY_RESULTS
    for number in range(objectives):
        unit = units[number % len(units)]
        emails = members.get(unit.pk) or [admin.email]
        for position in range(KEY_RESULTS):
            target = 10 * (position + 2)
            table.append(
                [
                    unit.name,
                    f"Objective {number + 1}: make {unit.name} better",
                    f"Key result {position + 1} of objective {number + 1}",
                    emails[(number + position) % len(emails)],
                    0,
                    target,
                    target // 2,
                    "customers",
                ]
            )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("OKR")
    for line in table:
        sheet.append(line)
    workbook.save(workdir / "bench.xlsx")
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows(table)
    (workdir / "bench.csv").write_text(text.getvalue(), encoding="utf-8")
    return {"units": len(units), "people": people, "rows": len(table) - 1}


def one_run(database: Path, path: Path, step: str) -> dict[str, Any]:
    """In a child: time reading, mapping and the preview or import of `path`."""
    _django(database)
    from kurs.goals.models import Cycle
    from kurs.orgs.models import Organization, Role, User
    from kurs.transfer import sheets

    organization = Organization.objects.get(name=ORG)
    actor = User.objects.filter(organization=organization, role=Role.ADMIN).order_by("pk")[0]
    cycle = Cycle.objects.get(organization=organization, name=CYCLE)
    started = time.perf_counter()
    table = sheets.read_table(path.read_bytes(), path.name)
    mapping = sheets.guess_mapping(table.headers)
    read = time.perf_counter() - started
    run = sheets.preview if step == "preview" else sheets.run_import
    result = run(organization, table, mapping, actor=actor, cycle=cycle)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "read_seconds": read,
        "problems": len(result.problems),
        "created": result.created,
        "first_problem": str(result.problems[0]) if result.problems else "",
    }


def child(args: list[str]) -> dict[str, Any]:
    process = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if process.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{process.stderr}")
    result: dict[str, Any] = json.loads(process.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--people", type=int, default=650, help="~100 units at 650 people")
    parser.add_argument("--child-template", help=argparse.SUPPRESS)
    parser.add_argument("--child-run", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_template:
        print(json.dumps(build_template(Path(args.child_template), args.people, args.rows)))
        return 0
    if args.child_run:
        database, path, step = args.child_run
        print(json.dumps(one_run(Path(database), Path(path), step)))
        return 0

    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="kurs-import-bench-") as name:
        workdir = Path(name)
        started = time.perf_counter()
        info = child(
            [
                "--child-template",
                str(workdir),
                "--people",
                str(args.people),
                "--rows",
                str(args.rows),
            ]
        )
        print(
            f"{info['rows']} rows ({info['rows'] // KEY_RESULTS} objectives × {KEY_RESULTS} key "
            f"results) over {info['units']} units of {info['people']} people; template built "
            f"in {time.perf_counter() - started:.1f} s"
        )
        print(f"{'file':<6} {'step':<8} {'median s':>8}  {'read s':>6}  runs (s)")
        for suffix in ("xlsx", "csv"):
            for step in ("preview", "import"):
                results = []
                for run in range(args.runs):
                    database = workdir / f"run-{suffix}-{step}-{run}.sqlite3"
                    shutil.copyfile(workdir / "template.sqlite3", database)
                    results.append(
                        child(
                            ["--child-run", str(database), str(workdir / f"bench.{suffix}"), step]
                        )
                    )
                    database.unlink()
                    if results[-1]["problems"]:
                        print(
                            f"  problems: {results[-1]['problems']}: {results[-1]['first_problem']}"
                        )
                times = [r["seconds"] for r in results]
                reads = [r["read_seconds"] for r in results]
                print(
                    f"{suffix:<6} {step:<8} {statistics.median(times):>8.2f}  "
                    f"{statistics.median(reads):>6.2f}  " + ", ".join(f"{t:.2f}" for t in times),
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
