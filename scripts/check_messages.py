"""Check that Kurs's translation catalogues are complete, current and compiled.

`make lint` runs this from the repository root as `.venv/bin/python scripts/check_messages.py`.
It fails (exit 1) and names the offending messages when

(a) a translated catalogue (every language but English, the source language) has
    untranslated or fuzzy messages;
(b) a translated catalogue is out of date with the source: `makemessages`, run on a
    temporary copy of the translatable files of kurs/, finds messages the committed .po
    lacks, or the .po still carries messages the source no longer has;
(c) a committed .mo does not match its .po: the .po is compiled to a temporary .mo with
    msgfmt and both are compared as parsed catalogues (Python's gettext), not as bytes.

The fix is always the same: `make messages`, translate what is new, commit .po and .mo.
Nothing in the repository is written; all work happens in a temporary directory.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_TREE = ROOT / "kurs"
LOCALE_DIR = SOURCE_TREE / "locale"
DOMAIN = "django"
SOURCE_LANGUAGE = "en"
REQUIRED_LANGUAGES = ("de",)
# What `makemessages` scans by default (domain "django"); only these are copied.
TRANSLATABLE_SUFFIXES = {".py", ".html", ".txt"}
GETTEXT_PROGRAMS = ("xgettext", "msguniq", "msgmerge", "msgattrib", "msgfmt")
FIX_HINT = "Run `make messages`, translate the new messages, and commit the .po and .mo files."

# (context, msgid, msgid_plural): what identifies a message in a catalogue.
MessageKey = tuple[str | None, str, str | None]

# Runs in a child process: Django's makemessages with LOCALE_PATHS pointing into the
# temporary copy, so the committed catalogues are never touched.
MAKEMESSAGES = """
import sys

import django
from django.conf import settings
from django.core.management import call_command

django.setup()
settings.LOCALE_PATHS = [sys.argv[1]]
call_command(
    "makemessages", locale=[sys.argv[2]], no_location=True, no_obsolete=True, verbosity=0
)
"""

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPES.update({'"': '"', "\\": "\\"})
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


class CheckError(Exception):
    """A problem that stops the check before it can compare anything."""


@dataclass
class Entry:
    """One message of a .po file."""

    context: str | None = None
    msgid: str | None = None
    plural: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> MessageKey:
        return (self.context, self.msgid or "", self.plural)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.context is None

    @property
    def is_translated(self) -> bool:
        return bool(self.msgstrs) and all(self.msgstrs.values())


def _unquote(literal: str, where: str) -> str:
    """The value of a C-style quoted .po string such as `"Say \\"hi\\"\\n"`."""
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        raise CheckError(f"{where}: expected a quoted string, got {literal!r}")
    body, out, index = literal[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            escape = body[index + 1 : index + 2]
            if escape not in _ESCAPES:
                raise CheckError(f"{where}: unknown escape \\{escape} in {literal!r}")
            out.append(_ESCAPES[escape])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """The messages of a .po file, header included; obsolete (`#~`) entries are skipped."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None  # the field a continuation line extends

    def finish() -> None:
        nonlocal current, target
        if current.msgid is not None:
            entries.append(current)
        current, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path}:{number}"
        if not line or line.startswith("#~"):
            if not line:
                finish()
            continue
        if line.startswith("#"):
            if current.msgstrs:
                finish()
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith('"'):
            if target is None:
                raise CheckError(f"{where}: a string continues no msgid or msgstr")
            value = _unquote(line, where)
            name, index = target
            if name == "msgstr":
                current.msgstrs[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        match = _KEYWORD.match(line)
        if match is None:
            raise CheckError(f"{where}: cannot read {raw!r}")
        keyword, plural_index, literal = match.groups()
        value = _unquote(literal, where)
        if keyword in ("msgctxt", "msgid") and current.msgstrs:
            finish()
        if keyword == "msgctxt":
            current.context, target = value, ("context", 0)
        elif keyword == "msgid":
            current.msgid, target = value, ("msgid", 0)
        elif keyword == "msgid_plural":
            current.plural, target = value, ("plural", 0)
        else:
            index = int(plural_index) if plural_index is not None else 0
            current.msgstrs[index] = value
            target = ("msgstr", index)
    finish()
    return entries


def describe(key: MessageKey) -> str:
    """A message as a translator finds it in the .po file."""
    context, msgid, plural = key
    text = f"msgid {_quote(msgid)}"
    if plural is not None:
        text += f" / msgid_plural {_quote(plural)}"
    if context is not None:
        text += f" (msgctxt {_quote(context)})"
    return text


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _listing(title: str, keys: Iterable[MessageKey]) -> str:
    lines = sorted(describe(key) for key in keys)
    return "\n".join([title, *(f"  {line}" for line in lines)])


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def check_complete(po_path: Path, entries: list[Entry]) -> list[str]:
    """(a) Untranslated and fuzzy messages, and a fuzzy header (msgfmt would drop it)."""
    problems = []
    header = [entry for entry in entries if entry.is_header]
    if header and "fuzzy" in header[0].flags:
        problems.append(
            f"{_relative(po_path)}: the header is marked fuzzy; remove the `#, fuzzy` line "
            "above it (msgfmt would otherwise drop Language and Plural-Forms)."
        )
    messages = [entry for entry in entries if not entry.is_header]
    untranslated = [entry.key for entry in messages if not entry.is_translated]
    fuzzy = [entry.key for entry in messages if "fuzzy" in entry.flags]
    if untranslated:
        problems.append(
            _listing(
                f"{_relative(po_path)}: {len(untranslated)} untranslated message(s):", untranslated
            )
        )
    if fuzzy:
        problems.append(
            _listing(
                f"{_relative(po_path)}: {len(fuzzy)} fuzzy message(s); check the translation "
                "and remove the `fuzzy` flag:",
                fuzzy,
            )
        )
    return problems


def _copy_translatable_files(destination: Path) -> None:
    """Copy the files makemessages reads from kurs/, leaving out the catalogues themselves."""
    for directory, dirnames, filenames in os.walk(SOURCE_TREE):
        # The same directories makemessages skips (hidden ones) plus caches and catalogues.
        dirnames[:] = [
            name
            for name in dirnames
            if not name.startswith(".") and name not in ("__pycache__", "locale")
        ]
        source_dir = Path(directory)
        for name in filenames:
            if name.startswith(".") or Path(name).suffix not in TRANSLATABLE_SUFFIXES:
                continue
            target = destination / source_dir.relative_to(SOURCE_TREE) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_dir / name, target)


def extract_messages(workdir: Path) -> set[MessageKey]:
    """The messages in the source right now, as a fresh `makemessages -l de` sees them."""
    tree = workdir / "kurs"
    locale = tree / "locale"
    locale.mkdir(parents=True)
    _copy_translatable_files(tree)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kurs.settings", "KURS_DEBUG": "1"}
    language = REQUIRED_LANGUAGES[0]
    # -P: the copy in the working directory must not shadow the real `kurs` package.
    result = subprocess.run(
        [sys.executable, "-P", "-c", MAKEMESSAGES, str(locale), language],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CheckError(f"makemessages failed:\n{result.stdout}{result.stderr}".rstrip())
    fresh = locale / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not fresh.exists():
        raise CheckError(f"makemessages wrote no catalogue at {fresh}")
    return {entry.key for entry in parse_po(fresh) if not entry.is_header}


def check_current(po_path: Path, entries: list[Entry], fresh: set[MessageKey]) -> list[str]:
    """(b) Messages the source has but the .po lacks, and messages the source dropped."""
    committed = {entry.key for entry in entries if not entry.is_header}
    problems = []
    missing = fresh - committed
    stale = committed - fresh
    if missing:
        problems.append(
            _listing(
                f"{_relative(po_path)} is out of date: {len(missing)} message(s) from the "
                "source are missing:",
                missing,
            )
        )
    if stale:
        problems.append(
            _listing(
                f"{_relative(po_path)} is out of date: {len(stale)} message(s) are no longer "
                "in the source:",
                stale,
            )
        )
    return problems


def _catalog(mo_path: Path) -> dict[object, str]:
    with mo_path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    # The parsed catalogue: "msgid" or "context\x04msgid" -> msgstr, (msgid, n) -> msgstr[n].
    catalog: dict[object, str] = translations._catalog  # type: ignore[attr-defined]
    return catalog


def _catalog_key(key: object) -> str:
    msgid, index = key if isinstance(key, tuple) else (key, None)
    context, _sep, text = str(msgid).rpartition("\x04")
    described = describe((context or None, text, None))
    return described if index is None else f"{described} [plural form {index}]"


def check_compiled(po_path: Path, workdir: Path) -> list[str]:
    """(c) The committed .mo holds exactly what msgfmt makes of the committed .po."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [f"{_relative(mo_path)} is missing. {FIX_HINT}"]
    compiled = workdir / f"{po_path.parent.parent.name}.mo"
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(po_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return [f"msgfmt rejects {_relative(po_path)}:\n{result.stderr.rstrip()}"]
    try:
        committed = _catalog(mo_path)
    except OSError as error:
        return [f"{_relative(mo_path)} cannot be read: {error}"]
    expected = _catalog(compiled)
    differing = sorted(
        _catalog_key(key)
        for key in expected.keys() | committed.keys()
        if expected.get(key) != committed.get(key)
    )
    if not differing:
        return []
    lines = [f"  {line}" for line in differing]
    return [
        "\n".join(
            [
                f"{_relative(mo_path)} does not match {_relative(po_path)} "
                f"({len(differing)} message(s) differ); recompile it:",
                *lines,
            ]
        )
    ]


def _missing_programs() -> list[str]:
    return [program for program in GETTEXT_PROGRAMS if shutil.which(program) is None]


def run_checks() -> list[str]:
    """Every problem found, each a ready-to-print paragraph."""
    po_paths = sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    languages = {path.parent.parent.name for path in po_paths}
    problems = [
        f"{_relative(LOCALE_DIR / language / 'LC_MESSAGES' / (DOMAIN + '.po'))} is missing. "
        f"{FIX_HINT}"
        for language in REQUIRED_LANGUAGES
        if language not in languages
    ]
    with tempfile.TemporaryDirectory(prefix="kurs-messages-") as temp:
        workdir = Path(temp)
        fresh = extract_messages(workdir)
        for po_path in po_paths:
            entries = parse_po(po_path)
            # The English catalogue only makes English an explicit locale: its messages
            # fall back to the msgids, so it can be neither incomplete nor out of date.
            if po_path.parent.parent.name != SOURCE_LANGUAGE:
                problems += check_complete(po_path, entries)
                problems += check_current(po_path, entries, fresh)
            problems += check_compiled(po_path, workdir)
    return problems


def main() -> int:
    missing = _missing_programs()
    if missing:
        print(
            f"check_messages.py needs GNU gettext ({', '.join(missing)} not found). Install with:\n"
            "  sudo apt-get update && sudo apt-get install -y gettext",
            file=sys.stderr,
        )
        return 1
    try:
        problems = run_checks()
    except CheckError as error:
        print(f"check_messages.py: {error}", file=sys.stderr)
        return 1
    if problems:
        print("\n\n".join(problems), file=sys.stderr)
        print(f"\n{FIX_HINT}", file=sys.stderr)
        return 1
    print("Translations: complete, up to date and compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
