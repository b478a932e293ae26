"""The coach's labelled set (bench/coach_set) is well-formed, big and balanced enough to measure.

bench/coach_eval.py measures the coach against these files; a broken or lopsided set would
make its numbers meaningless, so the shape and the labelling conventions are tested here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from kurs.coach.findings import CODES

SET_DIR = Path(__file__).resolve().parents[3] / "bench" / "coach_set"
FILES = ("dev.yaml", "holdout.yaml", "fresh.yaml", "fresh2.yaml")

OBJECTIVE_ERRORS = {"OBJ_NOT_QUALITATIVE", "OBJ_NO_DIRECTION"}
KR_ERRORS = {"KR_NOT_MEASURABLE", "KR_IS_TASK"}
ERROR_CODES = OBJECTIVE_ERRORS | KR_ERRORS
LABELLED_CODES = ERROR_CODES | {"KR_PERCENT_NO_BASE", "BONUS_LINK"}
KR_ONLY = KR_ERRORS | {"KR_PERCENT_NO_BASE"}

REQUIRED = {"id", "lang", "kind", "title", "expect"}
OPTIONAL = {"metric", "start", "target", "unit", "note", "source"}
METRICS = {"increase", "decrease", "range", "milestone"}


def load(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((SET_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{name} is not a YAML list"
    return data


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    return [item for name in FILES for item in load(name)]


def test_the_labelled_codes_are_coach_codes():
    assert CODES.keys() >= LABELLED_CODES


@pytest.mark.parametrize("name", FILES)
def test_each_item_follows_the_format(name):
    for item in load(name):
        assert isinstance(item, dict), item
        where = item.get("id", item)
        assert item.keys() >= REQUIRED, f"{where}: missing {REQUIRED - item.keys()}"
        assert item.keys() <= REQUIRED | OPTIONAL, (
            f"{where}: unknown {item.keys() - REQUIRED - OPTIONAL}"
        )
        assert item["lang"] in {"de", "en"}, where
        assert item["kind"] in {"objective", "key_result"}, where
        assert isinstance(item["title"], str) and item["title"].strip(), where
        assert isinstance(item["expect"], list), where
        assert set(item["expect"]) <= LABELLED_CODES, where
        assert len(item["expect"]) == len(set(item["expect"])), f"{where}: a code twice"
        if "metric" in item:
            assert item["kind"] == "key_result", f"{where}: only key results have a metric"
            assert item["metric"] in METRICS, where
        for key in ("start", "target"):
            if key in item:
                assert isinstance(item[key], int | float) and not isinstance(item[key], bool), where
        if "source" in item:
            assert item["source"] == "seed", where


def test_ids_and_titles_are_unique_across_both_files(items):
    ids = Counter(item["id"] for item in items)
    titles = Counter(" ".join(item["title"].lower().split()) for item in items)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [t for t, n in titles.items() if n > 1] == []


def test_the_set_is_big_and_balanced(items):
    # given
    total = len(items)
    languages = Counter(item["lang"] for item in items)
    positives = Counter(code for item in items for code in item["expect"])
    good = sum(1 for item in items if not item["expect"])
    # then
    assert total >= 150
    assert languages["de"] >= 0.4 * total and languages["en"] >= 0.4 * total
    for code in ERROR_CODES:
        assert positives[code] >= 20, code
    assert positives["KR_PERCENT_NO_BASE"] >= 10
    assert positives["BONUS_LINK"] >= 8
    assert good >= 0.3 * total


@pytest.mark.parametrize("name", FILES)
def test_each_file_covers_both_languages_and_every_code(name):
    items = load(name)
    assert {item["lang"] for item in items} == {"de", "en"}
    for code in LABELLED_CODES:
        for lang in ("de", "en"):
            assert any(code in i["expect"] and i["lang"] == lang for i in items), (code, lang)


def test_labels_follow_the_conventions(items):
    for item in items:
        expect = set(item["expect"])
        where = item["id"]
        if item["kind"] == "objective":
            assert not expect & KR_ONLY, f"{where}: key-result code on an objective"
            assert not expect >= OBJECTIVE_ERRORS, f"{where}: both objective errors"
        else:
            assert not expect & OBJECTIVE_ERRORS, f"{where}: objective code on a key result"
            assert not expect >= KR_ERRORS, f"{where}: task and not measurable at once"
            if "KR_PERCENT_NO_BASE" in expect:
                # The hint is for a measurable key result with a relative change and no base.
                assert "KR_NOT_MEASURABLE" not in expect, where
                assert "start" not in item, f"{where}: the structured start is the base"


def test_ids_name_their_language_and_kind(items):
    for item in items:
        prefix = f"{item['lang']}-{'obj' if item['kind'] == 'objective' else 'kr'}-"
        assert item["id"].startswith(prefix), item["id"]


def test_few_items_come_from_the_seeds(items):
    assert sum(1 for item in items if item.get("source") == "seed") <= 20
