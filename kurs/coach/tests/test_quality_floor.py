"""The coach's precision and recall on the whole labelled set must not fall below a floor.

bench/coach_eval.py reports the exact numbers (bench/RESULTS.md); this test only stops a
change to the language rules from quietly making the coach worse. The floor sits below
today's numbers so that labelling debates do not break the build, and well above what a
coach that guesses would reach.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "coach_eval.py"

# Per error code, on all labelled files together.
MIN_PRECISION = 0.85
MIN_RECALL = 0.80
# The hint and the warning are simpler word rules.
MIN_OTHER = 0.80


def _coach_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("coach_eval", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("coach_eval", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result():
    coach_eval = _coach_eval()
    items = [
        item
        for name in coach_eval.SET_NAMES
        for item in coach_eval.load_set(coach_eval.SET_DIR / f"{name}.yaml")
    ]
    assert len(items) >= 150
    return coach_eval, coach_eval.evaluate("all", items, coach_eval.coach_codes)


@pytest.mark.parametrize(
    "code", ["OBJ_NOT_QUALITATIVE", "OBJ_NO_DIRECTION", "KR_NOT_MEASURABLE", "KR_IS_TASK"]
)
def test_error_codes_are_precise_and_find_most_cases(result, code):
    _, outcome = result
    counts = outcome.counts[code]
    assert counts.tp >= 20, "too few labelled cases to measure"
    assert counts.precision >= MIN_PRECISION, (code, counts)
    assert counts.recall >= MIN_RECALL, (code, counts)


@pytest.mark.parametrize("code", ["KR_PERCENT_NO_BASE", "BONUS_LINK"])
def test_hint_and_warning_codes(result, code):
    _, outcome = result
    counts = outcome.counts[code]
    assert counts.precision >= MIN_OTHER, (code, counts)
    assert counts.recall >= MIN_OTHER, (code, counts)


def test_most_good_statements_get_no_error(result):
    """A coach that flags good OKRs is ignored: at most 1 in 10 good items gets an error."""
    coach_eval, outcome = result
    wrong = [
        item
        for item, got in outcome.errors
        if not item.expect and got & set(coach_eval.ERROR_CODES)
    ]
    good = sum(
        1
        for name in coach_eval.SET_NAMES
        for item in coach_eval.load_set(coach_eval.SET_DIR / f"{name}.yaml")
        if not item.expect
    )
    assert len(wrong) <= good // 10, [item.title for item in wrong]
