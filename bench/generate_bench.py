"""How long `generate_organization` takes for 1,000 and 10,000 people.

Each run happens in a child process with its own fresh SQLite file (set through
KURS_DATABASE_URL before Django starts), so no run sees another's rows; migrating
that file is not timed. Prints the median of the runs per size and each run's time.
Not part of the test suite: timings belong in bench/RESULTS.md, not in asserts.

    .venv/bin/python bench/generate_bench.py --sizes 1000 10000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(people: int, seed: int) -> None:
    """In the child: migrate the fresh database, then time one generation (JSON on stdout)."""
    os.environ.setdefault("KURS_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurs.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from kurs.demo.generate import generate_organization
    from kurs.goals.models import CheckIn, Objective

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    organization = generate_organization(f"Bench {people}", people, seed=seed)
    seconds = time.perf_counter() - started
    result = {
        "seconds": seconds,
        "objectives": Objective.objects.filter(organization=organization).count(),
        "check_ins": CheckIn.objects.filter(
            key_result__objective__organization=organization
        ).count(),
    }
    print(json.dumps(result))


def measure(people: int, runs: int) -> list[dict[str, float]]:
    results = []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="kurs-generate-bench-") as workdir:
            env = {
                **os.environ,
                "KURS_DATABASE_URL": f"sqlite:///{Path(workdir) / 'bench.sqlite3'}",
                "KURS_VAR_DIR": workdir,
            }
            child = subprocess.run(
                [sys.executable, __file__, "--child", str(people), "--seed", str(run)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        one_run(args.child, args.seed)
        return 0

    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"{'people':>8}  {'median s':>8}  {'runs (s)':<24} {'objectives':>10} {'check-ins':>9}")
    for people in args.sizes:
        results = measure(people, args.runs)
        times = [r["seconds"] for r in results]
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(
            f"{people:>8}  {statistics.median(times):>8.2f}  {runs:<24} "
            f"{int(results[0]['objectives']):>10} {int(results[0]['check_ins']):>9}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
