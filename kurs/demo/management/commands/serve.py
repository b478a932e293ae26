"""`kurs serve`: run Kurs under gunicorn (the production server; not runserver)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kurs.demo.server import DEFAULT_ADDR, DEFAULT_WORKERS, serve


class Command(BaseCommand):
    """Collect the static files, then serve `kurs.wsgi:application` with gunicorn."""

    help = "Serve Kurs with gunicorn (collects the static files first)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr", default=DEFAULT_ADDR, help=f"HOST:PORT to listen on (default {DEFAULT_ADDR})"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"worker processes (default {DEFAULT_WORKERS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Kurs listens on http://{options['addr']}/ (Ctrl+C stops it)")
        self.stdout.flush()
        serve(options["addr"], options["workers"])
