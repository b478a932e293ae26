"""How long `kurs lint` takes in a team's CI: N OKR files, each a unit's quarter.

Writes N files (5 objectives with 4 key results each, German and English, from the
examples) into a temporary directory, then runs `kurs lint DIR --format json` as a
subprocess several times, exactly as CI would, and prints the median wall time and the
peak memory of the process. Not part of the test suite: results go in bench/RESULTS.md.

    .venv/bin/python bench/lint_bench.py --files 200 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KURS = Path(sys.executable).with_name("kurs")

OBJECTIVES = [
    ("Unsere Leads spürbar besser machen", "de"),
    ("Become the supplier mid-sized manufacturers trust first", "en"),
    ("Generate 53 MQLs", "en"),
    ("Marktforschung", "de"),
    ("Service, auf den sich unsere Kunden verlassen", "de"),
]
KEY_RESULTS = [
    ("Anteil der Leads, die zu Angeboten werden, von 12 % auf 20 % erhöhen", 12, 20),
    ("Raise repeat orders from 30 to 45 a month", 30, 45),
    ("Launch a new website", None, None),
    ("Kundenportal freischalten", None, None),
]


def write_file(path: Path, number: int) -> None:
    lines = [
        "# OKR file format (version 1)",
        "cycle: {name: 2027-Q1, start: 2027-01-01, end: 2027-03-31}",
        f"unit: Team {number}",
        "top_level: false",
        "objectives:",
    ]
    for title, _lang in OBJECTIVES:
        lines += [
            f"  - title: {title} {number}",
            '    aligned_to: ["Company: Grow"]',
            "    key_results:",
        ]
        for kr_title, start, target in KEY_RESULTS:
            lines.append(f"      - title: {kr_title}")
            if start is not None:
                lines += [f"        start: {start}", f"        target: {target}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kurs-lint-bench-"))
    for number in range(args.files):
        write_file(workdir / f"team-{number:04}.yaml", number)
    # As in a CI job: no configuration, no database.
    env = {key: value for key, value in os.environ.items() if not key.startswith("KURS_")}
    timings = []
    findings = 0
    for _ in range(args.runs):
        begin = time.perf_counter()
        done = subprocess.run(
            [str(KURS), "lint", str(workdir), "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        timings.append(time.perf_counter() - begin)
        if done.returncode not in (0, 1):
            print(done.stderr, file=sys.stderr)
            return 1
        report = json.loads(done.stdout)
        findings = sum(len(entry["findings"]) for entry in report["files"])
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    statements = args.files * len(OBJECTIVES) * (1 + len(KEY_RESULTS))
    print(
        f"{args.files} files, {statements} statements, {findings} findings: "
        f"median {statistics.median(timings):.2f} s over {args.runs} runs "
        f"(min {min(timings):.2f} s, max {max(timings):.2f} s), peak RSS {peak_kib / 1024:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
