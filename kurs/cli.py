"""The `kurs` command: Django's management commands, with Kurs's settings preset.

`kurs migrate`, `kurs createadmin`, `kurs token create`, `kurs serve`, `kurs demo`,
`kurs generate`, `kurs lint`, ... are management commands; `kurs help` lists them all.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _preset_demo_database(argv: list[str]) -> None:
    """`kurs demo --db PATH` must choose the database before Django reads its settings."""
    if len(argv) < 2 or argv[1] != "demo":
        return
    os.environ.setdefault("KURS_DEBUG", "0")
    # The demo runs on plain http://127.0.0.1: secure-only cookies would never arrive,
    # and redirecting to https would lead nowhere.
    os.environ.setdefault("KURS_SECURE_COOKIES", "0")
    os.environ.setdefault("KURS_SSL_REDIRECT", "0")
    os.environ.setdefault("KURS_HSTS_SECONDS", "0")
    os.environ.setdefault("KURS_INSECURE_DEFAULT_KEY", "1")
    # The demo never uses the configured database: the default of `--db` applies too.
    path = "var/demo.sqlite3"
    for index, arg in enumerate(argv):
        if arg == "--db" and index + 1 < len(argv):
            path = argv[index + 1]
        elif arg.startswith("--db="):
            path = arg.split("=", 1)[1]
    os.environ["KURS_DATABASE_URL"] = f"sqlite:///{Path(path).resolve()}"
    # The demo's worker writes reminders and weekly updates as files next to the database
    # (var/demo-mail by default) instead of mailing the made-up demo people.
    os.environ.setdefault("KURS_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    os.environ.setdefault("KURS_EMAIL_FILE_PATH", str(Path(path).resolve().parent / "demo-mail"))


def _preset_lint(argv: list[str]) -> None:
    """`kurs lint` runs in CI without a database, a secret key or any configuration."""
    if len(argv) < 2 or argv[1] != "lint":
        return
    os.environ.setdefault("KURS_DEBUG", "0")
    os.environ.setdefault("KURS_INSECURE_DEFAULT_KEY", "1")
    # Never the configured database: lint reads files only, and must not create one.
    os.environ["KURS_DATABASE_URL"] = "sqlite://:memory:"


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "kurs"
    _preset_demo_database(argv)
    _preset_lint(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurs.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
