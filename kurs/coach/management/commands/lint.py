"""`kurs lint PATH...`: the coach's findings for OKR files, for people and for CI.

Runs without a database: kurs/cli.py presets an in-memory database URL and a
development key, and nothing here touches the database. Exit status: 0 without an
`error` finding, 1 with one, 2 when a file cannot be read or parsed.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser, OutputWrapper
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurs.coach import okrfile
from kurs.coach.checks import check_set
from kurs.coach.findings import Finding, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
SUFFIXES = (".yaml", ".yml")


def message_language(requested: str | None, environ: dict[str, str] | None = None) -> str:
    """--lang, else the locale's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English."""
    if requested:
        return requested
    environ = dict(os.environ) if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "de" if value.lower().startswith("de") else "en"
    return "en"


def okr_files(paths: Iterable[str]) -> list[tuple[str, Path | None]]:
    """The files to lint, as (shown path, path); a directory without any is (dir, None).

    Directories are searched recursively for *.yaml and *.yml, sorted, skipping hidden
    directories (.git, .github workflows are YAML but not OKR files).
    """
    result: list[tuple[str, Path | None]] = []
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            result.append((given, path))
            continue
        found = sorted(
            candidate
            for candidate in path.rglob("*")
            if candidate.suffix.lower() in SUFFIXES
            and candidate.is_file()
            and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
        )
        if not found:
            result.append((given, None))
        result += [(str(candidate), candidate) for candidate in found]
    return result


class Command(BaseCommand):
    help = (
        "Check OKR files (YAML, format version 1) with the OKR coach. Exit status 0: no "
        "error finding; 1: at least one; 2: a file cannot be read."
    )
    # No system checks, no migration checks: `kurs lint` must run in CI without a database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="OKR files or directories")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--lang",
            choices=["de", "en"],
            help="language of the messages (default: from LANGUAGE/LC_ALL/LANG, else en)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.closed_streams: set[int] = set()
        with translation.override(message_language(options["lang"])):
            code = self.lint(options["paths"], options["format"])
        for stream in (self.stdout, self.stderr):
            self.emit(stream, None)
        if code != EXIT_OK:
            raise SystemExit(code)

    def emit(self, stream: OutputWrapper, text: str | None) -> None:
        """Write a line (None: flush), quietly giving up when the reader has gone.

        `kurs lint ... | head -1` closes the pipe early; that is no error, and the exit
        status must still say whether the files have error findings.
        """
        if id(stream) in self.closed_streams:
            return
        try:
            if text is None:
                stream.flush()
            else:
                stream.write(text)
        except BrokenPipeError:
            self.closed_streams.add(id(stream))
            # Python flushes the stream again at exit: let that go nowhere.
            target = sys.stdout if stream is self.stdout else sys.stderr
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, target.fileno())
            except (OSError, ValueError):  # not a real file (tests): nothing to redirect
                pass

    def lint(self, paths: list[str], output_format: str) -> int:
        reports: list[dict[str, Any]] = []
        all_findings: list[Finding] = []
        unreadable = 0
        for shown, path in okr_files(paths):
            report: dict[str, Any] = {"path": shown, "findings": []}
            reports.append(report)
            try:
                if path is None:
                    raise okrfile.OkrFileError(
                        shown, None, _("no OKR files (*.yaml, *.yml) in this directory")
                    )
                okrs = okrfile.read(path)
            except okrfile.OkrFileError as error:
                unreadable += 1
                report["error"] = {"line": error.line, "message": error.message}
                if output_format == "text":
                    self.emit(
                        self.stderr, str(okrfile.OkrFileError(shown, error.line, error.message))
                    )
                continue
            findings = check_set(okrs)
            all_findings += findings
            report["findings"] = [finding.as_dict() for finding in findings]
            if output_format == "text":
                for finding in findings:
                    self.write_finding(shown, finding)

        if output_format == "json":
            self.emit(self.stdout, json.dumps({"files": reports}, ensure_ascii=False, indent=2))
        else:
            self.emit(self.stdout, self.summary(len(reports), all_findings, unreadable))
        if unreadable:
            return EXIT_UNREADABLE
        if any(finding.severity == Severity.ERROR for finding in all_findings):
            return EXIT_FINDINGS
        return EXIT_OK

    def write_finding(self, path: str, finding: Finding) -> None:
        where = f"{path}:{finding.line}:" if finding.line else f"{path}:"
        # Severity and code stay untranslated: CI scripts and editors match on them.
        self.emit(
            self.stdout,
            f"{where} {finding.severity} {finding.code} {finding.item}: {finding.message}",
        )
        if finding.suggestion:
            self.emit(self.stdout, f"    → {finding.suggestion}")

    def summary(self, files: int, findings: list[Finding], unreadable: int) -> str:
        def count(severity: Severity) -> int:
            return sum(1 for finding in findings if finding.severity == severity)

        errors, warnings, hints = (
            count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        )
        parts = [
            ngettext("%(count)d file", "%(count)d files", files) % {"count": files},
            ngettext("%(count)d error", "%(count)d errors", errors) % {"count": errors},
            ngettext("%(count)d warning", "%(count)d warnings", warnings) % {"count": warnings},
            ngettext("%(count)d hint", "%(count)d hints", hints) % {"count": hints},
        ]
        if unreadable:
            parts.append(
                ngettext(
                    "%(count)d file could not be read",
                    "%(count)d files could not be read",
                    unreadable,
                )
                % {"count": unreadable}
            )
        return ", ".join(parts)
