"""The colour rules of kurs.strategy.colors, as examples and as properties.

No database: these are the greens, yellows and reds a strategy meeting looks at, so
each rule in the module docstring has a test here that fails when it is broken.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kurs.goals.scoring import PaceThresholds, Status
from kurs.strategy.colors import combine, item_status, measure_progress, measure_status

RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2}
COLOURS = [Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK]

colours = st.sampled_from(COLOURS)
any_status = st.sampled_from(list(Status))
statuses = st.lists(any_status, max_size=12)
overrides = st.sampled_from([s.value for s in COLOURS])
values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
optional_values = st.none() | values
fractions01 = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


# combine: the colour of a method or play from the objectives that carry it -----------


@pytest.mark.parametrize(
    ("linked", "expected"),
    [
        ([], Status.NOT_STARTED),
        ([Status.NOT_STARTED, Status.NOT_STARTED], Status.NOT_STARTED),
        ([Status.ON_TRACK], Status.ON_TRACK),
        # One yellow among greens does not paint the method yellow...
        ([Status.ON_TRACK, Status.ON_TRACK, Status.ON_TRACK, Status.AT_RISK], Status.ON_TRACK),
        # ...but a half-red method is not green.
        ([Status.ON_TRACK, Status.OFF_TRACK], Status.AT_RISK),
        ([Status.AT_RISK, Status.OFF_TRACK], Status.OFF_TRACK),  # mean 0.5
        ([Status.ON_TRACK, Status.OFF_TRACK, Status.OFF_TRACK], Status.OFF_TRACK),  # 0.67
        ([Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.OFF_TRACK], Status.AT_RISK),
        (["on_track", "at_risk"], Status.ON_TRACK),  # plain strings from the database
    ],
)
def test_combine_examples(linked, expected):
    assert combine(linked) is expected


@given(colours, st.integers(min_value=1, max_value=10))
def test_combine_of_one_colour_is_that_colour(colour, times):
    assert combine([colour] * times) is colour


@given(statuses, st.randoms())
def test_combine_ignores_order(linked, random):
    shuffled = list(linked)
    random.shuffle(shuffled)
    assert combine(shuffled) is combine(linked)


@given(statuses, st.integers(min_value=0, max_value=11), colours)
def test_improving_one_input_never_makes_it_worse(linked, index, better):
    coloured = [s for s in linked if s is not Status.NOT_STARTED]
    if not coloured:
        coloured = [Status.OFF_TRACK]
    index %= len(coloured)
    if RANK[better] < RANK[coloured[index]]:
        return
    improved = list(coloured)
    improved[index] = better
    assert RANK[combine(improved)] >= RANK[combine(coloured)]


@given(statuses, st.integers(min_value=1, max_value=5))
def test_goals_not_started_change_nothing(linked, extra):
    assert combine([*linked, *[Status.NOT_STARTED] * extra]) is combine(linked)


@given(statuses)
def test_combine_is_always_a_status_between_the_worst_and_the_best(linked):
    result = combine(linked)
    assert result in set(Status)
    coloured = [RANK[s] for s in linked if s is not Status.NOT_STARTED]
    if coloured:
        assert min(coloured) <= RANK[result] <= max(coloured)
    else:
        assert result is Status.NOT_STARTED


# item_status: hand-set, measure, linked goals ---------------------------------------


@given(overrides, statuses, st.none() | any_status)
def test_a_hand_set_colour_always_wins(override, linked, measure):
    assert item_status(override=override, linked=linked, measure=measure) is Status(override)


@given(statuses, any_status)
def test_a_measure_shows_its_own_colour(linked, measure):
    assert item_status(override="", linked=linked, measure=measure) is measure


@given(statuses)
def test_without_a_measure_the_linked_goals_decide(linked):
    assert item_status(override="", linked=linked) is combine(linked)


def test_an_item_with_nothing_linked_is_grey():
    assert item_status(override="") is Status.NOT_STARTED


# measure_progress and measure_status: a measure updated by hand ----------------------


@pytest.mark.parametrize(
    ("start", "target", "current", "expected"),
    [
        (10, 20, 15, 0.5),
        (10, 20, 25, 1.0),  # beyond the target is done, not more
        (10, 20, 5, 0.0),  # below the start is no progress, not negative
        (10, 20, None, 0.0),  # no value yet: still at the start
        (20, 10, 15, 0.5),  # a decreasing measure (churn down from 20 to 10)
        (20, 10, 8, 1.0),
        (20, 10, 25, 0.0),
        (10, 10, 10, None),  # start == target: nothing to measure
        (None, 20, 15, None),
        (10, None, 15, None),
    ],
)
def test_measure_progress_examples(start, target, current, expected):
    assert measure_progress(start=start, target=target, current=current) == expected


@given(values, values, optional_values)
def test_measure_progress_is_none_or_in_0_1(start, target, current):
    progress = measure_progress(start=start, target=target, current=current)
    if start == target:
        assert progress is None
    else:
        assert progress is not None and 0.0 <= progress <= 1.0


@given(values, values, values)
def test_a_decreasing_measure_mirrors_an_increasing_one(start, target, current):
    forward = measure_progress(start=start, target=target, current=current)
    mirrored = measure_progress(start=-start, target=-target, current=-current)
    assert forward == mirrored


@given(values, fractions01, st.booleans())
def test_a_measure_whose_target_is_its_start_stays_grey(value, elapsed, started):
    status = measure_status(
        start=value, target=value, current=value, elapsed=elapsed, started=started
    )
    assert status is Status.NOT_STARTED


@given(optional_values, optional_values, optional_values, fractions01)
def test_a_measure_nobody_updated_is_grey(start, target, current, elapsed):
    status = measure_status(
        start=start, target=target, current=current, elapsed=elapsed, started=False
    )
    assert status is Status.NOT_STARTED


@pytest.mark.parametrize(
    ("start", "target", "current", "elapsed", "expected"),
    [
        (10, 20, 15, 0.5, Status.ON_TRACK),
        (10, 20, 14, 0.5, Status.ON_TRACK),  # 10 points behind pace is still green...
        (10, 20, 13, 0.5, Status.AT_RISK),  # ...20 points behind is yellow
        (10, 20, 12, 0.5, Status.OFF_TRACK),  # 30 points behind is red
        (20, 10, 15, 0.5, Status.ON_TRACK),  # decreasing
        (20, 10, 19, 0.5, Status.OFF_TRACK),
        (10, 20, None, 0.5, Status.OFF_TRACK),  # started, then the value was cleared
        (None, 20, 15, 0.5, Status.NOT_STARTED),
    ],
)
def test_measure_status_by_pace(start, target, current, elapsed, expected):
    status = measure_status(
        start=start, target=target, current=current, elapsed=elapsed, started=True
    )
    assert status is expected


def test_measure_status_uses_the_organizations_thresholds():
    strict = PaceThresholds(at_risk_gap=0.0, off_track_gap=0.05)
    status = measure_status(
        start=0, target=100, current=45, elapsed=0.5, started=True, thresholds=strict
    )
    assert status is Status.AT_RISK


@given(values, values, values, values, fractions01)
def test_coming_closer_to_the_target_never_makes_a_measure_worse(
    start, target, current, closer, elapsed
):
    if start == target:
        return
    # `closer` is at least as far along from start towards target as `current`.
    if (closer - current) * (target - start) < 0:
        current, closer = closer, current
    before = measure_status(
        start=start, target=target, current=current, elapsed=elapsed, started=True
    )
    after = measure_status(
        start=start, target=target, current=closer, elapsed=elapsed, started=True
    )
    assert RANK[after] >= RANK[before]
