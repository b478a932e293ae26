"""`kurs demo`: a demo company on its own SQLite database, served like `kurs serve`.

kurs/cli.py has already pointed KURS_DATABASE_URL at `--db` (default
var/demo.sqlite3) and chosen demo-friendly settings before Django loaded them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kurs.demo.demo_data import DemoInfo, load_demo
from kurs.demo.server import DEFAULT_ADDR, DEFAULT_WORKERS, parse_addr, serve, worker_beside

DEFAULT_DB = "var/demo.sqlite3"


class Command(BaseCommand):
    """Migrate, load the demo organization (once), print the logins and serve."""

    help = "Run a demo of Kurs with a sample company (SQLite database at --db)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--addr", default=DEFAULT_ADDR, help=f"HOST:PORT to listen on (default {DEFAULT_ADDR})"
        )
        parser.add_argument(
            "--db", default=DEFAULT_DB, help=f"SQLite file for the demo (default {DEFAULT_DB})"
        )
        parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3":
            # Only reachable when the command is not started through `kurs` (kurs/cli.py).
            raise CommandError("The demo runs on SQLite; start it as `kurs demo --db PATH`.")
        host, port = parse_addr(options["addr"])
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        if host in {"0.0.0.0", "[::]", ""} and "KURS_ALLOWED_HOSTS" not in os.environ:
            # Reachable from other machines under any name they use for this one.
            settings.ALLOWED_HOSTS = ["*"]

        call_command("migrate", interactive=False, verbosity=0)
        info = load_demo()
        self._print_welcome(info, host, port, database["NAME"])
        # Reminders and weekly updates go out in the demo too, into files (kurs/cli.py).
        shown = "127.0.0.1" if host in {"0.0.0.0", "[::]", ""} else host
        with worker_beside(f"http://{shown}:{port}"):
            serve(options["addr"], options["workers"])

    def _print_welcome(self, info: DemoInfo, host: str, port: int, db: str) -> None:
        shown = "127.0.0.1" if host in {"0.0.0.0", "[::]"} else host
        width = max(len(login.email) for login in info.logins)
        lines = [
            "",
            f"Kurs demo: {info.organization.name}" + ("" if info.created else " (already loaded)"),
            f"  Database: {db}",
            f"  Emails:   {settings.EMAIL_FILE_PATH} (written by the worker, not sent)"
            if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend")
            else f"  Emails:   sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}",
            f"  Open:     http://{shown}:{port}/",
            "",
            f"  Sign in with one of these (password for all: {info.password}):",
        ]
        lines += [
            f"    {login.email:<{width}}  {login.name} ({login.role})" for login in info.logins
        ]
        lines += ["", "  Ctrl+C stops the demo.", ""]
        self.stdout.write("\n".join(lines))
        self.stdout.flush()
