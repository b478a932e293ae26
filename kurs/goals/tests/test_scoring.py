"""The scoring rules of kurs.goals.scoring, as examples and as properties.

No database: these are the numbers people see on every objective, so each rule in the
module docstring has a test here that fails when the rule is broken.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kurs.goals.scoring import (
    DEFAULT_THRESHOLDS,
    Band,
    Metric,
    PaceThresholds,
    Status,
    expected_value,
    grade_band,
    is_success,
    key_result_progress,
    pace_status,
    round_grade,
    weighted_progress,
)

# Values people type into a key result: finite, and well inside a double's range.
values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
steps = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)
fractions01 = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
weights = st.floats(min_value=0.01, max_value=100.0, allow_nan=False)
progress_items = st.lists(st.tuples(fractions01, weights), min_size=1, max_size=12)
scores = st.floats(min_value=-0.5, max_value=1.5, allow_nan=False)

STATUS_RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2}
BAND_RANK = {Band.RED: 0, Band.YELLOW: 1, Band.GREEN: 2}


@st.composite
def increasing(draw: st.DrawFn) -> tuple[float, float]:
    start = draw(values)
    target = start + draw(steps)
    assume(target > start)
    return start, target


@st.composite
def decreasing(draw: st.DrawFn) -> tuple[float, float]:
    start = draw(values)
    target = start - draw(steps)
    assume(target < start)
    return start, target


@st.composite
def thresholds(draw: st.DrawFn) -> PaceThresholds:
    low, high = sorted((draw(fractions01), draw(fractions01)))
    return PaceThresholds(at_risk_gap=low, off_track_gap=high)


def exact_progress(start: float, target: float, current: float) -> float:
    """The documented formula in exact arithmetic, clamped to [0, 1]."""
    ratio = (Fraction(current) - Fraction(start)) / (Fraction(target) - Fraction(start))
    return float(min(Fraction(1), max(Fraction(0), ratio)))


# Key result progress: increase / decrease -------------------------------------------


@pytest.mark.parametrize(
    ("metric", "start", "target", "current", "expected"),
    [
        ("increase", 12, 20, 12, 0.0),
        ("increase", 12, 20, 16, 0.5),
        ("increase", 12, 20, 20, 1.0),
        ("increase", 12, 20, 25, 1.0),  # beyond the target counts as done, not more
        ("increase", 12, 20, 5, 0.0),  # below the start is no progress, not negative
        ("increase", -10, 10, 0, 0.5),
        ("decrease", 40, 10, 40, 0.0),
        ("decrease", 40, 10, 25, 0.5),
        ("decrease", 40, 10, 10, 1.0),
        ("decrease", 40, 10, 0, 1.0),
        ("decrease", 40, 10, 55, 0.0),
        # Found by hypothesis: halving subnormal bounds made them equal (division by zero).
        ("increase", 0.0, 5e-324, 5e-324, 1.0),
        ("decrease", 5e-324, 0.0, 0.0, 1.0),
    ],
)
def test_linear_progress_examples(metric, start, target, current, expected):
    assert key_result_progress(
        metric, start=start, target=target, current=current
    ) == pytest.approx(expected)


def test_no_check_in_yet_means_no_progress():
    assert key_result_progress("increase", start=12, target=20, current=None) == 0.0
    assert key_result_progress("decrease", start=40, target=10, current=None) == 0.0


@given(increasing(), values)
def test_increase_matches_formula_and_stays_in_unit_interval(bounds, current):
    start, target = bounds
    progress = key_result_progress(Metric.INCREASE, start=start, target=target, current=current)
    assert 0.0 <= progress <= 1.0
    assert progress == pytest.approx(exact_progress(start, target, current), rel=1e-9, abs=1e-9)


@given(decreasing(), values)
def test_decrease_matches_formula_and_stays_in_unit_interval(bounds, current):
    start, target = bounds
    progress = key_result_progress(Metric.DECREASE, start=start, target=target, current=current)
    assert 0.0 <= progress <= 1.0
    assert progress == pytest.approx(exact_progress(start, target, current), rel=1e-9, abs=1e-9)


@given(
    st.one_of(
        increasing().map(lambda b: ("increase", b)), decreasing().map(lambda b: ("decrease", b))
    )
)
def test_reaching_the_target_is_one_and_staying_at_the_start_is_zero(case):
    metric, (start, target) = case
    assert key_result_progress(metric, start=start, target=target, current=target) == 1.0
    assert key_result_progress(metric, start=start, target=target, current=start) == 0.0


@given(increasing(), values, values)
def test_increase_is_non_decreasing_in_current(bounds, a, b):
    start, target = bounds
    low, high = sorted((a, b))
    assert key_result_progress(
        "increase", start=start, target=target, current=low
    ) <= key_result_progress("increase", start=start, target=target, current=high)


@given(decreasing(), values, values)
def test_decrease_is_non_increasing_in_current(bounds, a, b):
    start, target = bounds
    low, high = sorted((a, b))
    assert key_result_progress(
        "decrease", start=start, target=target, current=low
    ) >= key_result_progress("decrease", start=start, target=target, current=high)


@given(st.sampled_from(["increase", "decrease"]), values, st.one_of(st.none(), values))
def test_target_equal_to_start_is_rejected(metric, start, current):
    with pytest.raises(ValueError, match="target must differ"):
        key_result_progress(metric, start=start, target=start, current=current)


@pytest.mark.parametrize(
    ("metric", "start", "target", "message"),
    [
        ("increase", 20, 12, "target above its start"),
        ("decrease", 10, 40, "target below its start"),
        ("increase", None, 20, "start is required"),
        ("increase", 12, None, "target is required"),
        ("milestone", 0, None, "target is required"),
    ],
)
def test_inconsistent_key_results_are_rejected(metric, start, target, message):
    with pytest.raises(ValueError, match=message):
        key_result_progress(metric, start=start, target=target, current=15)


def test_unknown_metric_is_rejected():
    with pytest.raises(ValueError):
        key_result_progress("percent", start=0, target=1, current=1)


# Key result progress: range / milestone ----------------------------------------------


@given(values, values, values)
def test_range_is_one_exactly_when_inside(a, b, current):
    low, high = sorted((a, b))
    progress = key_result_progress(
        Metric.RANGE, start=None, target=None, current=current, range_min=low, range_max=high
    )
    assert progress == (1.0 if low <= current <= high else 0.0)


@pytest.mark.parametrize(
    ("current", "expected"),
    [(95, 1.0), (97.5, 1.0), (99, 1.0), (94.99, 0.0), (99.01, 0.0), (None, 0.0)],
)
def test_range_examples_include_both_ends(current, expected):
    assert (
        key_result_progress(
            "range", start=None, target=None, current=current, range_min=95, range_max=99
        )
        == expected
    )


@pytest.mark.parametrize(("low", "high"), [(99, 95), (None, 99), (95, None)])
def test_range_needs_min_not_above_max(low, high):
    with pytest.raises(ValueError, match="range_min <= range_max"):
        key_result_progress(
            "range", start=None, target=None, current=97, range_min=low, range_max=high
        )


@given(values, st.one_of(st.none(), values))
def test_milestone_is_zero_or_one(target, current):
    progress = key_result_progress(Metric.MILESTONE, start=0, target=target, current=current)
    assert progress == (1.0 if current is not None and current >= target else 0.0)


@pytest.mark.parametrize(("current", "expected"), [(None, 0.0), (0, 0.0), (0.99, 0.0), (1, 1.0)])
def test_milestone_examples(current, expected):
    assert key_result_progress("milestone", start=0, target=1, current=current) == expected


# Objective progress --------------------------------------------------------------------


@given(progress_items)
def test_weighted_progress_lies_between_the_smallest_and_largest_input(items):
    result = weighted_progress(items)
    progresses = [p for p, _w in items]
    assert min(progresses) - 1e-12 <= result <= max(progresses) + 1e-12
    assert 0.0 <= result <= 1.0


@given(fractions01, weights)
def test_weighted_progress_of_one_item_is_that_item(progress, weight):
    assert weighted_progress([(progress, weight)]) == pytest.approx(progress, abs=1e-12)


@given(progress_items, st.floats(min_value=0.01, max_value=100.0))
def test_weighted_progress_ignores_the_scale_of_the_weights(items, factor):
    scaled = [(p, w * factor) for p, w in items]
    assert weighted_progress(scaled) == pytest.approx(weighted_progress(items), abs=1e-9)


@given(progress_items)
def test_weighted_progress_counts_every_item_it_is_given(items):
    # A done item weighing as much as all others together pulls the mean halfway to 1.
    before = weighted_progress(items)
    total = sum(w for _p, w in items)
    assert weighted_progress([*items, (1.0, total)]) == pytest.approx((before + 1) / 2)
    assert weighted_progress([*items, (0.0, total)]) == pytest.approx(before / 2)


def test_weighted_progress_examples():
    assert weighted_progress([(0.5, 1), (0.0, 3)]) == pytest.approx(0.125)
    assert weighted_progress([(1.0, 2), (0.5, 2)]) == pytest.approx(0.75)
    # Inputs outside [0, 1] are clamped before weighing.
    assert weighted_progress([(1.5, 1), (-1.0, 1)]) == pytest.approx(0.5)


def test_weighted_progress_without_anything_to_weigh_is_zero():
    assert weighted_progress([]) == 0.0
    assert weighted_progress([(0.8, 0.0)]) == 0.0


def test_negative_weights_are_rejected():
    with pytest.raises(ValueError, match="negative"):
        weighted_progress([(0.5, 1.0), (0.5, -1.0)])


# Status (pace) -------------------------------------------------------------------------


@given(fractions01, fractions01, thresholds())
def test_not_started_until_the_first_check_in(progress, elapsed, limits):
    assert pace_status(progress, elapsed, started=False, thresholds=limits) is Status.NOT_STARTED


@given(fractions01, fractions01, thresholds())
def test_at_or_ahead_of_pace_is_on_track(a, b, limits):
    elapsed, progress = sorted((a, b))
    assert pace_status(progress, elapsed, started=True, thresholds=limits) is Status.ON_TRACK


@given(fractions01, fractions01, fractions01, thresholds())
def test_more_progress_never_gives_a_worse_status(a, b, elapsed, limits):
    low, high = sorted((a, b))
    worse = pace_status(low, elapsed, started=True, thresholds=limits)
    better = pace_status(high, elapsed, started=True, thresholds=limits)
    assert STATUS_RANK[better] >= STATUS_RANK[worse]


@given(fractions01, fractions01, fractions01, thresholds())
def test_more_elapsed_time_never_gives_a_better_status(progress, a, b, limits):
    earlier, later = sorted((a, b))
    assert (
        STATUS_RANK[pace_status(progress, later, started=True, thresholds=limits)]
        <= STATUS_RANK[pace_status(progress, earlier, started=True, thresholds=limits)]
    )


@given(fractions01, fractions01, thresholds())
def test_status_follows_the_thresholds(progress, elapsed, limits):
    gap = elapsed - progress
    status = pace_status(progress, elapsed, started=True, thresholds=limits)
    margin = 1e-6  # stay clear of the float tolerance at the boundaries
    if gap <= limits.at_risk_gap - margin:
        assert status is Status.ON_TRACK
    elif limits.at_risk_gap + margin < gap <= limits.off_track_gap - margin:
        assert status is Status.AT_RISK
    elif gap > limits.off_track_gap + margin:
        assert status is Status.OFF_TRACK


@pytest.mark.parametrize(
    ("progress", "elapsed", "expected"),
    [
        (0.5, 0.5, Status.ON_TRACK),
        (0.2, 0.3, Status.ON_TRACK),  # exactly 10 points behind: still on track
        (0.2, 0.31, Status.AT_RISK),
        (0.2, 0.45, Status.AT_RISK),  # exactly 25 points behind: at risk, not off track
        (0.2, 0.46, Status.OFF_TRACK),
        (0.0, 1.0, Status.OFF_TRACK),
        (1.0, 0.0, Status.ON_TRACK),
    ],
)
def test_default_thresholds_examples(progress, elapsed, expected):
    assert pace_status(progress, elapsed, started=True) is expected


def test_defaults_are_ten_and_twenty_five_points():
    assert (DEFAULT_THRESHOLDS.at_risk_gap, DEFAULT_THRESHOLDS.off_track_gap) == (0.10, 0.25)


def test_an_admins_stricter_thresholds_change_the_status():
    strict = PaceThresholds(at_risk_gap=0.0, off_track_gap=0.05)
    assert pace_status(0.45, 0.5, started=True) is Status.ON_TRACK
    assert pace_status(0.45, 0.5, started=True, thresholds=strict) is Status.AT_RISK
    assert pace_status(0.4, 0.5, started=True, thresholds=strict) is Status.OFF_TRACK


@pytest.mark.parametrize(("at_risk", "off_track"), [(-0.1, 0.2), (0.3, 0.2), (0.1, 1.1)])
def test_thresholds_must_be_ordered_within_zero_and_one(at_risk, off_track):
    with pytest.raises(ValueError, match="thresholds"):
        PaceThresholds(at_risk_gap=at_risk, off_track_gap=off_track)


@pytest.mark.parametrize(("at_risk", "off_track"), [(0, 0), (0.2, 0.2), (1, 1), (0, 1)])
def test_edge_thresholds_are_allowed(at_risk, off_track):
    assert PaceThresholds(at_risk_gap=at_risk, off_track_gap=off_track).off_track_gap == off_track


def test_every_status_has_a_colour():
    assert {status.colour for status in Status} == {"grey", "green", "yellow", "red"}


# Grades --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (0.0, 0.0),
        (0.04, 0.0),
        (0.05, 0.1),
        (0.25, 0.3),
        (0.349, 0.3),
        (0.35, 0.4),
        (0.65, 0.7),
        (0.7, 0.7),
        (0.94, 0.9),
        (1.0, 1.0),
        (1.3, 1.0),
        (-0.2, 0.0),
    ],
)
def test_round_grade_examples(score, grade):
    assert round_grade(score) == grade


@given(scores)
def test_round_grade_is_the_nearest_tenth_in_range(score):
    grade = round_grade(score)
    assert 0.0 <= grade <= 1.0
    assert grade == round(grade * 10) / 10
    assert abs(grade - min(1.0, max(0.0, score))) <= 0.05 + 1e-9


@given(scores, scores)
def test_round_grade_is_monotonic(a, b):
    low, high = sorted((a, b))
    assert round_grade(low) <= round_grade(high)


@pytest.mark.parametrize(
    ("grade", "band"),
    [
        (0.0, Band.RED),
        (0.1, Band.RED),
        (0.2, Band.RED),
        (0.3, Band.RED),
        (0.4, Band.YELLOW),
        (0.5, Band.YELLOW),
        (0.6, Band.YELLOW),
        (0.7, Band.GREEN),
        (0.8, Band.GREEN),
        (0.9, Band.GREEN),
        (1.0, Band.GREEN),
    ],
)
def test_aspirational_bands(grade, band):
    assert grade_band(grade, committed=False) is band


@pytest.mark.parametrize(
    ("grade", "band"),
    [
        (0.0, Band.RED),
        (0.3, Band.RED),
        (0.6, Band.RED),
        (0.7, Band.YELLOW),
        (0.8, Band.YELLOW),
        (0.9, Band.YELLOW),
        (1.0, Band.GREEN),
    ],
)
def test_committed_bands(grade, band):
    assert grade_band(grade, committed=True) is band


def test_band_follows_the_rounded_grade_that_is_shown():
    # 0.35 shows as 0.4 and is yellow; 0.34 shows as 0.3 and is red.
    assert grade_band(0.35, committed=False) is Band.YELLOW
    assert grade_band(0.34, committed=False) is Band.RED
    assert grade_band(0.649, committed=False) is Band.YELLOW
    assert grade_band(0.94, committed=True) is Band.YELLOW


def test_success_means_green():
    assert is_success(0.7, committed=False)
    assert not is_success(0.6, committed=False)
    assert not is_success(0.9, committed=True)
    assert is_success(1.0, committed=True)


@given(scores, scores, st.booleans())
def test_band_is_monotonic_in_the_score(a, b, committed):
    low, high = sorted((a, b))
    assert (
        BAND_RANK[grade_band(low, committed=committed)]
        <= BAND_RANK[grade_band(high, committed=committed)]
    )


@given(scores)
def test_committed_goals_are_never_graded_better_than_aspirational_ones(score):
    assert (
        BAND_RANK[grade_band(score, committed=True)]
        <= BAND_RANK[grade_band(score, committed=False)]
    )


# Pace line -------------------------------------------------------------------------------


def test_expected_value_follows_the_straight_line_from_start_to_target():
    assert expected_value(12, 20, 0.0) == 12
    assert expected_value(12, 20, 0.5) == pytest.approx(16)
    assert expected_value(12, 20, 1.0) == pytest.approx(20)
    assert expected_value(40, 10, 0.5) == pytest.approx(25)
    # Outside the cycle the line does not extend beyond start and target.
    assert expected_value(12, 20, 1.5) == pytest.approx(20)
    assert expected_value(12, 20, -0.5) == 12
