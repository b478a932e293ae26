"""Progress, status and grades of OKRs, as pure functions over plain values.

Nothing here imports Django, so the rules can be read, property-tested and reused
(API, CLI, importers) without a database.

Rules
-----
Key result progress, in [0, 1]:
  * increase / decrease: (current - start) / (target - start), clamped to [0, 1].
    A target equal to the start is invalid input (ValueError).
  * range: 1 when range_min <= current <= range_max, else 0.
  * milestone: 1 when current >= target (done), else 0.

Objective progress: the weight-weighted mean of its *active* key results' progress;
retired key results are left out by the caller. No active key results: 0.

Status during a cycle (pace): the expected progress is the elapsed fraction of the
cycle. ``gap = elapsed - progress``:
  * on_track   when gap <= at_risk_gap   (default 0.10: at most 10 points behind pace)
  * at_risk    when gap <= off_track_gap (default 0.25)
  * off_track  otherwise
Before the first check-in the status is not_started. An org admin can change both gaps.
Once a cycle is closed, the status follows the grade band below (green = on_track,
yellow = at_risk, red = off_track), so that an aspirational 0.7 does not show red.

Grade at cycle end (0.0-1.0, rounded to one decimal, the classic OKR scale):
  * aspirational objectives: 0.0-0.3 red, 0.4-0.6 yellow, 0.7-1.0 green (0.7 is success);
  * committed objectives are expected to be delivered in full: 1.0 green,
    0.7-0.9 yellow, below 0.7 red.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Metric(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    RANGE = "range"
    MILESTONE = "milestone"


class Status(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self]


class Band(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


STATUS_COLOURS = {
    Status.NOT_STARTED: "grey",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "yellow",
    Status.OFF_TRACK: "red",
}


@dataclass(frozen=True)
class PaceThresholds:
    """How far behind the expected pace a goal may fall before it turns yellow or red."""

    at_risk_gap: float = 0.10
    off_track_gap: float = 0.25

    def __post_init__(self) -> None:
        if not 0 <= self.at_risk_gap <= self.off_track_gap <= 1:
            raise ValueError("thresholds must satisfy 0 <= at_risk_gap <= off_track_gap <= 1")


DEFAULT_THRESHOLDS = PaceThresholds()


def clamp01(value: float) -> float:
    if math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, value))


def key_result_progress(
    metric: Metric | str,
    *,
    start: float | None,
    target: float | None,
    current: float | None,
    range_min: float | None = None,
    range_max: float | None = None,
) -> float:
    """Progress of one key result in [0, 1]; see the module docstring for the rules."""
    metric = Metric(metric)
    if metric is Metric.RANGE:
        if range_min is None or range_max is None or range_min > range_max:
            raise ValueError("a range key result needs range_min <= range_max")
        if current is None:
            return 0.0
        return 1.0 if range_min <= current <= range_max else 0.0
    if target is None:
        raise ValueError("target is required")
    if metric is Metric.MILESTONE:
        return 1.0 if current is not None and current >= target else 0.0
    if start is None:
        raise ValueError("start is required")
    if target == start:
        raise ValueError("target must differ from start")
    if metric is Metric.INCREASE and target < start:
        raise ValueError("an increasing key result needs a target above its start")
    if metric is Metric.DECREASE and target > start:
        raise ValueError("a decreasing key result needs a target below its start")
    value = start if current is None else current
    # Halving every term is exact for floats and keeps the differences finite even
    # for start and target at opposite ends of the float range.
    span = target / 2 - start / 2
    if span == 0:
        # Subnormal start and target (5e-324 and 0) round together when halved; their
        # plain difference is tiny but exact.
        return clamp01((value - start) / (target - start))
    return clamp01((value / 2 - start / 2) / span)


def weighted_progress(items: Iterable[tuple[float, float]]) -> float:
    """Weighted mean of (progress, weight) pairs; 0 when there is nothing to weigh."""
    total = 0.0
    weights = 0.0
    for progress, weight in items:
        if weight < 0:
            raise ValueError("weights cannot be negative")
        total += clamp01(progress) * weight
        weights += weight
    if weights == 0:
        return 0.0
    return clamp01(total / weights)


def pace_status(
    progress: float,
    elapsed: float,
    *,
    started: bool,
    thresholds: PaceThresholds = DEFAULT_THRESHOLDS,
) -> Status:
    """Status from pace: compare progress with the elapsed fraction of the cycle."""
    if not started:
        return Status.NOT_STARTED
    gap = clamp01(elapsed) - clamp01(progress)
    # A small tolerance keeps float noise (0.3 - 0.2 = 0.09999...) on the right side.
    if gap <= thresholds.at_risk_gap + 1e-9:
        return Status.ON_TRACK
    if gap <= thresholds.off_track_gap + 1e-9:
        return Status.AT_RISK
    return Status.OFF_TRACK


def round_grade(score: float) -> float:
    """A final score on the classic 0.0-1.0 scale in steps of 0.1 (half rounds up)."""
    return int(clamp01(score) * 10 + 0.5 + 1e-9) / 10


def grade_band(score: float, *, committed: bool) -> Band:
    """The colour of a final score; committed goals expect 1.0, aspirational ones 0.7."""
    grade = round_grade(score)
    if committed:
        if grade >= 1.0:
            return Band.GREEN
        return Band.YELLOW if grade >= 0.7 else Band.RED
    if grade >= 0.7:
        return Band.GREEN
    return Band.YELLOW if grade >= 0.4 else Band.RED


GRADE_STATUS = {
    Band.GREEN: Status.ON_TRACK,
    Band.YELLOW: Status.AT_RISK,
    Band.RED: Status.OFF_TRACK,
}


def graded_status(score: float, *, committed: bool) -> Status:
    """After the cycle, the status follows the grade: an aspirational 0.7 is a success."""
    return GRADE_STATUS[grade_band(score, committed=committed)]


def is_success(score: float, *, committed: bool) -> bool:
    return grade_band(score, committed=committed) is Band.GREEN


def expected_value(start: float, target: float, elapsed: float) -> float:
    """Where a key result should stand at this point of the cycle (the pace line)."""
    return start + (target - start) * clamp01(elapsed)
