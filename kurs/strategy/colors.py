"""The colour of a strategy item, as pure functions over plain values (no Django).

Rules
-----
* Set by hand: an item's colour can always be set to green, yellow or red; that wins.
* Methods and plays (automatic): the colours of the objectives that carry them are
  combined by their mean, counting green 2, yellow 1, red 0, so one yellow among many
  greens does not paint the whole method yellow, but a half-red method is not green:
  mean >= 1.5 green, mean >= 0.75 yellow, below that red. Objectives that have not
  started yet are left out; with nothing left the item is grey ("not started").
* Measures and targets (automatic): fed by a key result, the item shows the key
  result's colour. Updated by hand, it is judged by pace over the strategy period,
  like a key result over its cycle (kurs.goals.scoring.pace_status), from the moment
  a current value was first entered.
* Other sections (values, obstacles, omissions) have a colour only when set by hand.
"""

from __future__ import annotations

from collections.abc import Iterable

from kurs.goals import scoring
from kurs.goals.scoring import PaceThresholds, Status

POINTS = {Status.ON_TRACK: 2, Status.AT_RISK: 1, Status.OFF_TRACK: 0}
GREEN_FROM = 1.5
YELLOW_FROM = 0.75


def combine(statuses: Iterable[Status | str]) -> Status:
    """One colour for several linked goals: the mean of their points (see the rules)."""
    points = [POINTS[Status(s)] for s in statuses if Status(s) is not Status.NOT_STARTED]
    if not points:
        return Status.NOT_STARTED
    mean = sum(points) / len(points)
    if mean >= GREEN_FROM:
        return Status.ON_TRACK
    if mean >= YELLOW_FROM:
        return Status.AT_RISK
    return Status.OFF_TRACK


def measure_status(
    *,
    start: float | None,
    target: float | None,
    current: float | None,
    elapsed: float,
    started: bool,
    thresholds: PaceThresholds = scoring.DEFAULT_THRESHOLDS,
) -> Status:
    """The colour of a measure or target updated by hand, by pace over the period."""
    progress = measure_progress(start=start, target=target, current=current)
    if progress is None:
        return Status.NOT_STARTED
    return scoring.pace_status(progress, elapsed, started=started, thresholds=thresholds)


def measure_progress(
    *, start: float | None, target: float | None, current: float | None
) -> float | None:
    """How far a measure has come in [0, 1]; None when start or target is missing or equal."""
    if start is None or target is None or start == target:
        return None
    metric = scoring.Metric.INCREASE if target > start else scoring.Metric.DECREASE
    return scoring.key_result_progress(metric, start=start, target=target, current=current)


def item_status(
    *,
    override: str,
    linked: Iterable[Status | str] = (),
    measure: Status | None = None,
) -> Status:
    """The colour shown: the hand-set one, else the measure's, else the linked goals'."""
    if override:
        return Status(override)
    if measure is not None:
        return measure
    return combine(linked)
