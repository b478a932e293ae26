"""`kurs generate`: a synthetic organization of N people, for load tests and benchmarks."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kurs.demo.generate import generate_organization


class Command(BaseCommand):
    """Generate an organization; progress goes to stderr, the summary to stdout."""

    help = "Generate a synthetic organization with units, people, OKRs and check-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="name of the new organization")
        parser.add_argument("--people", type=int, required=True, help="number of people")
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        parser.add_argument(
            "--password",
            default=None,
            help="let every generated person sign in with this password (default: nobody can)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < 1:
            raise CommandError("--people must be at least 1.")
        started = time.perf_counter()

        def progress(message: str) -> None:
            self.stderr.write(f"[{time.perf_counter() - started:6.1f}s] {message}")
            sys.stderr.flush()

        try:
            organization = generate_organization(
                options["org"],
                options["people"],
                seed=options["seed"],
                progress=progress,
                password=options["password"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Generated {organization.name!r} (id {organization.pk}) with "
            f"{options['people']} people in {time.perf_counter() - started:.1f}s."
        )
