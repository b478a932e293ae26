"""The YAML OKR file format, version 1: read with line numbers, and written.

    # OKR file format (version 1)
    version: 1                    # optional; any other version is refused
    cycle: {name: 2027-Q1, start: 2027-01-01, end: 2027-03-31}   # or just `cycle: 2027-Q1`
    unit: Marketing
    lang: de                      # optional (de | en); otherwise detected per statement
    top_level: false              # optional; true for the company's own file
    objectives:
      - title: Unsere Leads spürbar besser machen
        kind: aspirational        # or committed (default aspirational)
        origin: bottom_up         # or top_down (default bottom_up)
        description: ...          # optional
        owner: anna@example.com   # optional
        aligned_to: ["Vertrieb: Umsatz im Mittelstand ausbauen"]   # optional; a list or one string
        key_results:
          - title: Anteil der Leads, die zu Angeboten werden, von 12 auf 20 von 100 erhöhen
            metric: increase      # increase | decrease | range | milestone (default increase)
            start: 12
            target: 20
            unit: Leads           # optional
            owner: ben@example.com   # optional

Decisions:
- Numbers are YAML numbers or strings with a decimal comma ("12,5"). A string such as
  "1,500" is ambiguous: with `lang: de` it is 1.5, with `lang: en` 1500, without `lang`
  an error asks for an unambiguous spelling; so is "1.500" (1500 in German, 1.5 in English).
- For a `range` key result, `start` and `target` are the lower and upper bound of the
  range to stay within (there are no separate `min`/`max` keys).
- Dates are ISO dates (2027-01-31); the cycle's end must come after its start.
- `null` (or an empty value) for an optional key means "not given".
- Choices are read leniently ("Top-Down" is `top_down`); unknown keys are errors, with a
  did-you-mean, so that a typo never silently drops a value.
- The first problem found is reported, as `OkrFileError(path, line, message, field)`;
  `message` starts with the field ("objectives[1].key_results[0].metric: ...").
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from kurs.coach.spec import KINDS, METRICS, ORIGINS, CycleSpec, KeyResultSpec, ObjectiveSpec, OkrSet
from kurs.lib.forms import normalize_number

FORMAT_VERSION = 1
HEADER = "# OKR file format (version 1)"
LANGS = ("de", "en")

TOP_KEYS = ("version", "cycle", "unit", "lang", "top_level", "objectives")
CYCLE_KEYS = ("name", "start", "end")
OBJECTIVE_KEYS = (
    "title",
    "kind",
    "origin",
    "description",
    "owner",
    "aligned_to",
    "key_results",
)
# What Kurs stores for an objective's or key result's title (kurs.goals.models).
MAX_TITLE_LENGTH = 300
KEY_RESULT_KEYS = ("title", "metric", "start", "target", "unit", "owner")


class OkrFileError(Exception):
    """The file cannot be read or is not a valid OKR file: `path:line: what is wrong`."""

    def __init__(self, path: str, line: int | None, message: str, field: str = "") -> None:
        # `field`: where in the data, e.g. "objectives[0].key_results[1].metric" ("" = the file).
        self.path, self.line, self.message, self.field = path, line, message, field
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


# -- reading ---------------------------------------------------------------------------


def read(path: Path | str) -> OkrSet:
    """Read an OKR file (UTF-8, a byte order mark is tolerated)."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise OkrFileError(name, None, _("file not found")) from None
    except IsADirectoryError:
        raise OkrFileError(name, None, _("is a directory, not a file")) from None
    except OSError as error:
        raise OkrFileError(
            name, None, _("cannot be read: %(reason)s") % {"reason": error.strerror or error}
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise OkrFileError(
            name,
            line,
            _("not UTF-8 text (byte %(byte)d); is this a binary file?") % {"byte": error.start},
        ) from None
    return loads(text, path=name)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with values it cannot build reported at their node.

    An impossible date (2027-02-30) or a whole number with thousands of digits makes the
    safe constructors raise a bare ValueError without a line.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(
                None, None, str(error), node.start_mark
            ) from None


def loads(text: str, *, path: str = "<string>") -> OkrSet:
    """Parse the text of an OKR file; every problem is an OkrFileError with its line."""
    try:
        return _loads(text, path)
    except RecursionError:
        # PyYAML composes and constructs recursively: thousands of nested brackets.
        raise OkrFileError(
            path, None, _("nested too deeply to be an OKR file; is this really one?")
        ) from None


def _loads(text: str, path: str) -> OkrSet:
    text = text.removeprefix("\ufeff")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(path, error) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise OkrFileError(
            path,
            line,
            _("contains a character YAML does not allow (#x%(code)04x); is this a binary file?")
            % {"code": error.character if isinstance(error.character, int) else 0},
        ) from None
    except yaml.YAMLError as error:
        raise OkrFileError(
            path, None, _("not valid YAML: %(problem)s") % {"problem": error}
        ) from None
    if node is None:
        raise OkrFileError(
            path, None, _("the file is empty; an OKR file needs at least “objectives:”")
        )
    lines: dict[str, int] = {}
    _record_lines(node, "", lines, path, set())
    try:
        data = _Loader("").construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(path, error) from None
    return _Parser(path, lines).okr_set(data)


def parse_data(data: object, *, path: str = "<request>") -> OkrSet:
    """Validate already-parsed data (a JSON request body) the way a file is validated."""
    return _Parser(path, {}).okr_set(data)


def _syntax_error(path: str, error: yaml.MarkedYAMLError) -> OkrFileError:
    mark = error.problem_mark or error.context_mark
    problem = ": ".join(part for part in (error.context, error.problem) if part)
    return OkrFileError(
        path,
        mark.line + 1 if mark else None,
        _("not valid YAML: %(problem)s") % {"problem": problem or error},
    )


def _record_lines(
    node: yaml.Node, field: str, lines: dict[str, int], path: str, seen: set[int]
) -> None:
    """Map each field ("objectives[0].title") to its 1-based line, and refuse duplicate keys."""
    lines.setdefault(field, node.start_mark.line + 1)
    # Aliases share nodes: walking each node once keeps "billion laughs" files cheap.
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = f"{field}.{key}" if field else key
            if key in keys and isinstance(key_node, yaml.ScalarNode):
                raise OkrFileError(
                    path,
                    key_node.start_mark.line + 1,
                    _("%(field)s: the key appears twice") % {"field": child},
                    child,
                )
            keys.add(key)
            lines.setdefault(child, key_node.start_mark.line + 1)
            _record_lines(value_node, child, lines, path, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, f"{field}[{index}]", lines, path, seen)


def _type_name(value: object) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("“%(value)s” (yes/no)") % {"value": str(value).lower()}
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dt.datetime):
        return _("a date and time")
    if isinstance(value, dt.date):
        return _("a date")
    if isinstance(value, int | float):
        return _("the number %(value)s") % {"value": value}
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"“{text}”"


class _Parser:
    """Turns plain data (from YAML or JSON) into an OkrSet, or raises the first problem."""

    def __init__(self, path: str, lines: dict[str, int]) -> None:
        self.path = path
        self.lines = lines
        self.lang: str | None = None

    # -- errors and lines

    def line(self, field: str) -> int | None:
        """The line of `field`, or of the nearest enclosing field that has one."""
        while True:
            if field in self.lines:
                return self.lines[field]
            if not field:
                return None
            cut = max(field.rfind("."), field.rfind("["))
            field = field[: max(cut, 0)]

    def error(self, field: str, message: str) -> OkrFileError:
        text = f"{field}: {message}" if field else message
        return OkrFileError(self.path, self.line(field), text, field)

    def expected(self, field: str, what: str, value: object) -> OkrFileError:
        return self.error(
            field,
            _("expected %(what)s, got %(got)s") % {"what": what, "got": _type_name(value)},
        )

    # -- structure

    def mapping(self, value: object, field: str, allowed: Iterable[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            if not field:
                raise self.error(
                    "",
                    _(
                        "an OKR file is a mapping with the keys cycle, unit and objectives; "
                        "got %(got)s"
                    )
                    % {"got": _type_name(value)},
                )
            raise self.expected(field, _("a mapping"), value)
        allowed = tuple(allowed)
        result: dict[str, Any] = {}
        for key, item in value.items():
            name = str(key)
            if name not in allowed:
                child = f"{field}.{name}" if field else name
                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                if close:
                    message = _("unknown key; did you mean “%(key)s”?") % {"key": close[0]}
                else:
                    message = _("unknown key; expected one of %(keys)s") % {
                        "keys": ", ".join(allowed)
                    }
                raise self.error(child, message)
            result[name] = item
        return result

    def okr_set(self, data: object) -> OkrSet:
        top = self.mapping(data, "", TOP_KEYS)
        version = top.get("version")
        if version is not None and str(version).strip() != str(FORMAT_VERSION):
            raise self.error(
                "version",
                _("this Kurs reads OKR files of version %(supported)d, got %(got)s")
                % {"supported": FORMAT_VERSION, "got": _type_name(version)},
            )
        lang = top.get("lang")
        if lang is not None:
            lang = self.choice(lang, "lang", LANGS)
        self.lang = lang
        if "objectives" not in top:
            raise self.error(
                "",
                _("objectives: missing; an OKR file lists its objectives under “objectives:”"),
            )
        # In the order of a usual file, so that the first problem reported is the topmost.
        cycle = self.cycle(top.get("cycle"))
        unit = self.text(top.get("unit"), "unit")
        top_level = top.get("top_level")
        if top_level is not None and not isinstance(top_level, bool):
            raise self.expected("top_level", _("true or false"), top_level)
        objectives = self.sequence(top["objectives"], "objectives", allow_none=True)
        return OkrSet(
            objectives=[
                self.objective(item, f"objectives[{index}]")
                for index, item in enumerate(objectives)
            ],
            cycle=cycle,
            unit=unit,
            lang=lang,
            top_level=top_level,
            path=self.path,
        )

    def sequence(self, value: object, field: str, *, allow_none: bool = False) -> list[Any]:
        if value is None and allow_none:
            return []
        if not isinstance(value, list):
            raise self.expected(field, _("a list"), value)
        return value

    def cycle(self, value: object) -> CycleSpec | None:
        if value is None:
            return None
        line = self.line("cycle")
        if not isinstance(value, dict):
            name = self.text(
                value, "cycle", expected=_("a cycle name or a mapping with name, start and end")
            )
            if not name:
                return None
            return CycleSpec(name=name, line=line)
        data = self.mapping(value, "cycle", CYCLE_KEYS)
        name = self.text(data.get("name"), "cycle.name")
        if not name:
            raise self.error("cycle.name", _("missing; give the cycle a name such as 2027-Q1"))
        start = self.date(data.get("start"), "cycle.start")
        end = self.date(data.get("end"), "cycle.end")
        if start and end and end <= start:
            raise self.error(
                "cycle.end",
                _("must come after the start (%(start)s), got %(end)s")
                % {"start": start.isoformat(), "end": end.isoformat()},
            )
        return CycleSpec(name=name, start=start, end=end, line=line)

    def objective(self, value: object, field: str) -> ObjectiveSpec:
        data = self.mapping(value, field, OBJECTIVE_KEYS)
        title = self.title(data, field)
        aligned = data.get("aligned_to")
        aligned_field = f"{field}.aligned_to"
        if aligned is None:
            aligned_to = []
        elif isinstance(aligned, list):
            aligned_to = [
                self.text(item, f"{aligned_field}[{index}]") for index, item in enumerate(aligned)
            ]
            aligned_to = [item for item in aligned_to if item]
        else:
            aligned_to = [
                self.text(aligned, aligned_field, expected=_("a list of objective titles"))
            ]
            aligned_to = [item for item in aligned_to if item]
        key_results = self.sequence(
            data.get("key_results"), f"{field}.key_results", allow_none=True
        )
        return ObjectiveSpec(
            title=title,
            kind=self.choice(data.get("kind"), f"{field}.kind", KINDS, default=KINDS[0]),
            origin=self.choice(data.get("origin"), f"{field}.origin", ORIGINS, default=ORIGINS[0]),
            description=self.text(data.get("description"), f"{field}.description"),
            owner=self.text(data.get("owner"), f"{field}.owner"),
            aligned_to=aligned_to,
            key_results=[
                self.key_result(item, f"{field}.key_results[{index}]")
                for index, item in enumerate(key_results)
            ],
            line=self.line(field),
        )

    def key_result(self, value: object, field: str) -> KeyResultSpec:
        data = self.mapping(value, field, KEY_RESULT_KEYS)
        title = self.title(data, field)
        metric = self.choice(data.get("metric"), f"{field}.metric", METRICS, default=METRICS[0])
        start = self.number(data.get("start"), f"{field}.start")
        target = self.number(data.get("target"), f"{field}.target")
        if metric == "range" and start is not None and target is not None and start > target:
            raise self.error(
                f"{field}.target",
                _(
                    "for a range, start is the lowest and target the highest value; "
                    "the target %(target)s is below the start %(start)s"
                )
                % {"target": _plain_number(target), "start": _plain_number(start)},
            )
        return KeyResultSpec(
            title=title,
            metric=metric,
            start=start,
            target=target,
            unit=self.text(data.get("unit"), f"{field}.unit"),
            owner=self.text(data.get("owner"), f"{field}.owner"),
            line=self.line(field),
        )

    # -- values

    def title(self, data: dict[str, Any], field: str) -> str:
        title = self.text(data.get("title"), f"{field}.title")
        if not title:
            raise self.error(
                f"{field}.title" if "title" in data else field,
                _("the title is missing") if "title" in data else _("“title:” is missing"),
            )
        if len(title) > MAX_TITLE_LENGTH:
            # As long as Kurs stores; also keeps a request to the coach cheap.
            raise self.error(
                f"{field}.title",
                _("the title has %(length)s characters; use at most %(limit)s")
                % {"length": len(title), "limit": MAX_TITLE_LENGTH},
            )
        return title

    def text(self, value: object, field: str, *, expected: str = "") -> str:
        """A text value: strings, and numbers or dates that YAML read as such ("2027")."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, bool | dt.datetime):
            raise self.expected(field, expected or _("a text"), value)
        if isinstance(value, int | float):
            return _plain_number(float(value)) if isinstance(value, float) else str(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        raise self.expected(field, expected or _("a text"), value)

    def choice(
        self, value: object, field: str, choices: tuple[str, ...], *, default: str = ""
    ) -> str:
        if value is None:
            return default
        normalised = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        if isinstance(value, str) and normalised in choices:
            return normalised
        message = _("expected one of %(choices)s, got %(got)s") % {
            "choices": ", ".join(choices),
            "got": _type_name(value),
        }
        close = difflib.get_close_matches(normalised, choices, n=1, cutoff=0.6)
        if close:
            message += "; " + _("did you mean “%(choice)s”?") % {"choice": close[0]}
        raise self.error(field, message)

    def date(self, value: object, field: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.expected(field, _("a date such as 2027-01-31"), value)

    def number(self, value: object, field: str) -> float | None:
        if value is None:
            return None
        number: float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                number = float(value)
            except OverflowError:  # a whole number beyond any float (10**400)
                number = None
        elif isinstance(value, str):
            text = value.strip()
            if not text:
                return None
            normalised = _normalise_number(text, self.lang)
            if normalised is None:
                raise self.error(
                    field,
                    _(
                        "“%(value)s” is ambiguous: write %(whole)s for the whole number or "
                        "%(decimal)s with a decimal point"
                    )
                    % {
                        "value": text,
                        "whole": re.sub(r"[.,]", "", text),
                        "decimal": _plain_number(float(text.replace(",", "."))),
                    },
                )
            try:
                number = float(normalised)
            except ValueError:
                number = None
        if number is None or not math.isfinite(number):
            raise self.expected(field, _("a number such as 12 or 12,5"), value)
        return number


_NUMBER = re.compile(r"[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?")
_GROUPED_COMMA = re.compile(r"[-+]?\d{1,3}(,\d{3})+")
_GROUPED_POINT = re.compile(r"[-+]?\d{1,3}(\.\d{3})+")
_GROUPED_MANY = re.compile(r"[-+]?\d{1,3}(?:(?:\.\d{3}){2,}|(?:,\d{3}){2,})")


def _normalise_number(text: str, lang: str | None) -> str | None:
    """Python's notation for "12,5", "1.234,5", "1,234.5"; None when it is ambiguous.

    The file's `lang` reads a lone separator the way the forms do
    (kurs.lib.forms.normalize_number); without a `lang`, "1,500" and "1.500" could be
    either, so they are refused rather than guessed.
    """
    text = re.sub(r"[\s\u202f\u00a0'_]", "", text)
    if _GROUPED_MANY.fullmatch(text):
        # "1.500.000", "1,500,000": two or more groups of three can only group thousands.
        return re.sub(r"[.,]", "", text)
    both = "," in text and "." in text
    if not both and (_GROUPED_COMMA.fullmatch(text) or _GROUPED_POINT.fullmatch(text)):
        if lang is None:
            return None
    elif not both and not _NUMBER.fullmatch(text):
        return text  # float() refuses it with the usual message
    return normalize_number(text, lang or "en")


def _plain_number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)


# -- writing ---------------------------------------------------------------------------


def _number_for_file(value: float) -> int | float:
    """Whole numbers as ints (12, not 12.0), so files read the way people write them."""
    value = float(value)  # callers may hand over ints despite the annotation
    return int(value) if value.is_integer() else value


def _key_result_data(key_result: KeyResultSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"title": key_result.title, "metric": key_result.metric}
    if key_result.start is not None:
        data["start"] = _number_for_file(key_result.start)
    if key_result.target is not None:
        data["target"] = _number_for_file(key_result.target)
    _set_text(data, "unit", key_result.unit)
    _set_text(data, "owner", key_result.owner)
    return data


def _objective_data(objective: ObjectiveSpec) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": objective.title,
        "kind": objective.kind,
        "origin": objective.origin,
    }
    _set_text(data, "description", objective.description)
    _set_text(data, "owner", objective.owner)
    if objective.aligned_to:
        data["aligned_to"] = list(objective.aligned_to)
    data["key_results"] = [_key_result_data(kr) for kr in objective.key_results]
    return data


def _set_text(data: dict[str, Any], key: str, value: str) -> None:
    if value:
        data[key] = value


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key (as people write them by hand)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Descriptions with line breaks stay readable as literal blocks.
    style = "|" if "\n" in value and value == value.strip() and "\r" not in value else None
    node = dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)
    return node


_Dumper.add_representer(str, _represent_str)


def dumps(okrs: OkrSet) -> str:
    """The OKR file for `okrs`: stable key order, optional keys only when set."""
    data: dict[str, Any] = {"version": FORMAT_VERSION}
    if okrs.cycle is not None:
        cycle = okrs.cycle
        if cycle.start is None and cycle.end is None:
            data["cycle"] = cycle.name
        else:
            data["cycle"] = {"name": cycle.name}
            if cycle.start is not None:
                data["cycle"]["start"] = cycle.start
            if cycle.end is not None:
                data["cycle"]["end"] = cycle.end
    _set_text(data, "unit", okrs.unit)
    if okrs.lang:
        data["lang"] = okrs.lang
    if okrs.top_level is not None:
        data["top_level"] = okrs.top_level
    data["objectives"] = [_objective_data(objective) for objective in okrs.objectives]
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return f"{HEADER}\n{body}"
