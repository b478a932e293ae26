"""How well the coach's text checks agree with the labelled set (precision and recall per code).

Runs `kurs.coach.text.objective_issues` / `key_result_issues` on every item of the
files in bench/coach_set/ (dev, holdout, fresh and fresh2; with the structured fields
when an item has them) and compares the codes found with the labelled ones. Only the
labelled codes are scored; others (TOO_LONG, ...) are ignored. It reports, it does not
judge: the exit code is 0 whatever the numbers, 2 when a file cannot be read or is
malformed.

    .venv/bin/python bench/coach_eval.py [--set dev|holdout|fresh|fresh2|all]
        [--show-errors] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SET_DIR = Path(__file__).resolve().parent / "coach_set"
SET_NAMES = ("dev", "holdout", "fresh", "fresh2")
ERROR_CODES = ("OBJ_NOT_QUALITATIVE", "OBJ_NO_DIRECTION", "KR_NOT_MEASURABLE", "KR_IS_TASK")
# The codes the set labels, in report order: the four errors, then the hint and the warning.
LABELLED_CODES = (*ERROR_CODES, "KR_PERCENT_NO_BASE", "BONUS_LINK")
KINDS = ("objective", "key_result")
LANGS = ("de", "en")
METRICS = ("increase", "decrease", "range", "milestone")


class SetError(Exception):
    """A labelled-set file that cannot be read or does not follow the format."""


@dataclass(frozen=True)
class Item:
    id: str
    lang: str
    kind: str
    title: str
    expect: frozenset[str]
    metric: str | None = None
    start: float | None = None
    target: float | None = None
    unit: str = ""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        found = self.tp + self.fp
        return self.tp / found if found else None

    @property
    def recall(self) -> float | None:
        labelled = self.tp + self.fn
        return self.tp / labelled if labelled else None


@dataclass
class Result:
    name: str
    items: int = 0
    counts: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in LABELLED_CODES})
    # (item, codes found) for every item whose found codes differ from the labelled ones.
    errors: list[tuple[Item, frozenset[str]]] = field(default_factory=list)
    exact: int = 0  # items whose found codes equal the labelled ones


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SetError(f"{where}: expected a number, got {value!r}")
    return float(value)


def load_set(path: Path) -> list[Item]:
    """The items of one file; SetError names the file and the item when it is malformed."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SetError(f"{path}: {exc}") from exc
    if not isinstance(data, list):
        raise SetError(f"{path}: expected a list of items")
    items: list[Item] = []
    for position, raw in enumerate(data):
        where = f"{path.name}[{position}]"
        if not isinstance(raw, dict):
            raise SetError(f"{where}: expected a mapping")
        for key in ("id", "lang", "kind", "title", "expect"):
            if key not in raw:
                raise SetError(f"{where}: missing {key!r}")
        where = f"{path.name} {raw['id']}"
        if raw["lang"] not in LANGS or raw["kind"] not in KINDS:
            raise SetError(f"{where}: lang must be de/en and kind objective/key_result")
        expect = raw["expect"] or []
        if not isinstance(expect, list) or any(code not in LABELLED_CODES for code in expect):
            raise SetError(f"{where}: expect must list codes from {', '.join(LABELLED_CODES)}")
        metric = raw.get("metric")
        if metric is not None and metric not in METRICS:
            raise SetError(f"{where}: unknown metric {metric!r}")
        items.append(
            Item(
                id=str(raw["id"]),
                lang=raw["lang"],
                kind=raw["kind"],
                title=str(raw["title"]),
                expect=frozenset(expect),
                metric=metric,
                start=_number(raw.get("start"), where),
                target=_number(raw.get("target"), where),
                unit=str(raw.get("unit") or ""),
            )
        )
    return items


Checker = Callable[[Item], frozenset[str]]


def coach_codes(item: Item) -> frozenset[str]:
    """The labelled codes the coach reports for one item."""
    from kurs.coach import text

    if item.kind == "objective":
        issues = text.objective_issues(item.title, lang=item.lang)
    else:
        issues = text.key_result_issues(
            item.title,
            metric=item.metric,
            start=item.start,
            target=item.target,
            unit=item.unit,
            lang=item.lang,
        )
    return frozenset(issue.code for issue in issues if issue.code in LABELLED_CODES)


def evaluate(name: str, items: Sequence[Item], check: Checker) -> Result:
    result = Result(name=name, items=len(items))
    for item in items:
        got = check(item)
        for code in LABELLED_CODES:
            counts = result.counts[code]
            if code in got and code in item.expect:
                counts.tp += 1
            elif code in got:
                counts.fp += 1
            elif code in item.expect:
                counts.fn += 1
        if got == item.expect:
            result.exact += 1
        else:
            result.errors.append((item, got))
    return result


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _codes(codes: frozenset[str]) -> str:
    return ", ".join(sorted(codes)) or "(none)"


def print_plain(result: Result, *, show_errors: bool) -> None:
    print(f"== {result.name}: {result.items} items, {result.exact} exactly right")
    print(f"{'code':<22} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>7}")
    for code, counts in result.counts.items():
        print(
            f"{code:<22} {counts.tp:>4} {counts.fp:>4} {counts.fn:>4} "
            f"{_ratio(counts.precision):>10} {_ratio(counts.recall):>7}"
        )
    if show_errors and result.errors:
        print(f"-- misclassified ({len(result.errors)})")
        for item, got in result.errors:
            print(f"{item.id:<12} {item.title}")
            print(f"{'':<12} expected: {_codes(item.expect)}; got: {_codes(got)}")
    print()


def print_markdown(results: Sequence[Result]) -> None:
    header = "| code |" + "".join(f" {r.name} P | {r.name} R |" for r in results)
    print(header)
    print("| --- |" + " ---: | ---: |" * len(results))
    for code in LABELLED_CODES:
        cells = "".join(
            f" {_ratio(r.counts[code].precision)} | {_ratio(r.counts[code].recall)} |"
            for r in results
        )
        print(f"| `{code}` |{cells}")
    print()
    print(
        "Items: "
        + ", ".join(f"{r.name} {r.items} ({r.exact} exactly right)" for r in results)
        + "."
    )
    print()
    print("| set | code | TP | FP | FN |")
    print("| --- | --- | ---: | ---: | ---: |")
    for r in results:
        for code, c in r.counts.items():
            print(f"| {r.name} | `{code}` | {c.tp} | {c.fp} | {c.fn} |")


def setup_django() -> None:
    os.environ.setdefault("KURS_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurs.settings")
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)

    import django

    django.setup()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", choices=(*SET_NAMES, "all"), default="all")
    parser.add_argument("--show-errors", action="store_true", help="list misclassified items")
    parser.add_argument("--markdown", action="store_true", help="print a table for RESULTS.md")
    args = parser.parse_args(argv)

    names = SET_NAMES if args.set == "all" else (args.set,)
    try:
        sets = {name: load_set(SET_DIR / f"{name}.yaml") for name in names}
    except SetError as exc:
        print(f"coach_eval: {exc}", file=sys.stderr)
        return 2

    setup_django()
    from django.utils import translation

    # Messages do not matter here, but a fixed language keeps the run reproducible.
    translation.activate("en")
    results = [evaluate(name, items, coach_codes) for name, items in sets.items()]
    if len(sets) > 1:
        combined = [item for items in sets.values() for item in items]
        results.append(evaluate("all", combined, coach_codes))

    if args.markdown:
        print_markdown(results)
    else:
        for result in results:
            print_plain(result, show_errors=args.show_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
