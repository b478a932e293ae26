"""How fast the main pages answer in a large organization.

Generates an organization of N people (default 10,000) in a fresh SQLite file (or the
database in KURS_DATABASE_URL when --use-env-db is given), then requests each page
through Django's test client several times and prints the median time and the query
count. Not part of the test suite: timings belong in bench/RESULTS.md, not in asserts.

    .venv/bin/python bench/pages_bench.py --people 10000 --runs 7
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--use-env-db", action="store_true", help="use KURS_DATABASE_URL")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="kurs-bench-")
    if not args.use_env_db:
        os.environ["KURS_DATABASE_URL"] = f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"
    os.environ.setdefault("KURS_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurs.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from kurs.demo.generate import generate_organization
    from kurs.goals.models import Objective
    from kurs.orgs.models import Unit
    from kurs.strategy.models import StrategyDocument, StrategyPeriod

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    organization = generate_organization(f"Bench {args.people}", args.people, seed=1)
    print(f"generated {args.people} people in {time.perf_counter() - started:.1f} s", flush=True)

    top = Unit.objects.get(organization=organization, parent=None)
    parent = (
        Objective.objects.filter(organization=organization, aligned_children__isnull=False)
        .order_by("pk")
        .first()
    )
    assert parent is not None
    team = (
        Unit.objects.filter(organization=organization, objectives__isnull=False)
        .order_by("-depth", "pk")
        .first()
    )
    assert team is not None
    period = StrategyPeriod.objects.get(organization=organization)
    # The company's document is the largest: every department's methods support it.
    company_document = StrategyDocument.objects.get(period=period, unit=top)
    client = Client()
    client.force_login(parent.owner)
    pages: dict[str, tuple[str, dict[str, str]]] = {
        "My OKRs": (reverse("my_okrs"), {}),
        "unit page (company)": (reverse("unit_detail", args=[top.pk]), {}),
        "unit page (team)": (reverse("unit_detail", args=[team.pk]), {}),
        "alignment tree (first level)": (reverse("alignment_tree"), {}),
        "alignment tree (open a node)": (
            reverse("tree_children", args=[parent.pk]),
            {"HX-Request": "true"},
        ),
        "unit list (all units)": (reverse("unit_list"), {}),
        "weekly check-in": (reverse("check_in"), {}),
        "strategy cascade (all units)": (
            f"{reverse('strategy_cascade')}?{urlencode({'period': period.pk})}",
            {},
        ),
        "strategy document (company)": (reverse("strategy_detail", args=[company_document.pk]), {}),
        "meeting mode (company)": (reverse("strategy_meeting", args=[company_document.pk]), {}),
        "OKR health (company)": (reverse("coach_health", args=[top.pk]), {}),
        "OKR health (team)": (reverse("coach_health", args=[team.pk]), {}),
    }
    print(f"{'page':32} {'median ms':>10} {'queries':>8} {'KiB':>7}")
    failed = []
    for name, (url, headers) in pages.items():
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url, headers=headers)
                timings.append((time.perf_counter() - begin) * 1000)
            if response.status_code != 200:
                break
        if response.status_code != 200:
            # Time the other pages anyway; the run still fails at the end.
            failed.append(name)
            print(f"{name:32} HTTP {response.status_code} for {url}")
            continue
        print(
            f"{name:32} {statistics.median(timings):10.1f} {len(queries):8d} "
            f"{len(response.content) / 1024:7.1f}"
        )
    if failed:
        print(f"not answered with 200: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
