"""A key result's history as SVG coordinates: check-in values and the expected pace line.

Pure functions over plain values; the template draws the SVG (no JavaScript library).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: str  # "x,y x,y ..." for <polyline>
    dots: list[tuple[float, float]]
    pace: tuple[float, float, float, float] | None  # x1, y1, x2, y2
    band: tuple[float, float] | None  # y and height of the target range, for range key results
    today_x: float | None
    y_labels: list[tuple[float, float]] = field(default_factory=list)  # (y, value)
    x_labels: list[tuple[float, dt.date]] = field(default_factory=list)  # (x, date)


def build_chart(
    *,
    start_date: dt.date,
    end_date: dt.date,
    today: dt.date,
    history: list[tuple[dt.date, float]],
    start: float | None,
    target: float | None,
    range_min: float | None = None,
    range_max: float | None = None,
    width: int = 600,
    height: int = 180,
    pad: int = 28,
) -> Chart:
    values = [v for _d, v in history]
    for extra in (start, target, range_min, range_max):
        if extra is not None:
            values.append(extra)
    low = min(values) if values else 0.0
    high = max(values) if values else 1.0
    if high == low:
        high, low = high + 1, low - 1
    margin = (high - low) * 0.08
    low, high = low - margin, high + margin
    days = max((end_date - start_date).days, 1)

    def x(day: dt.date) -> float:
        fraction = min(1.0, max(0.0, (day - start_date).days / days))
        return round(pad + fraction * (width - 2 * pad), 1)

    def y(value: float) -> float:
        return round(height - pad - (value - low) / (high - low) * (height - 2 * pad), 1)

    series = [(x(day), y(value)) for day, value in history]
    if start is not None and history:
        series.insert(0, (x(start_date), y(start)))
    pace = None
    if start is not None and target is not None and range_min is None:
        pace = (x(start_date), y(start), x(end_date), y(target))
    band = None
    if range_min is not None and range_max is not None:
        band = (y(range_max), round(y(range_min) - y(range_max), 1))
    today_x = x(today) if start_date <= today <= end_date else None
    labels = [(y(v), v) for v in sorted({low + margin, high - margin})]
    # The cycle's first and last day, and the first of each month in between.
    days_marked = [start_date]
    month = dt.date(start_date.year, start_date.month, 1)
    while month.year < dt.MAXYEAR or month.month < 12:
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if month >= end_date:
            break
        if (month - start_date).days >= 20 and (end_date - month).days >= 20:
            days_marked.append(month)
    days_marked.append(end_date)
    return Chart(
        width=width,
        height=height,
        points=" ".join(f"{px},{py}" for px, py in series),
        dots=series[1:] if start is not None and history else series,
        pace=pace,
        band=band,
        today_x=today_x,
        y_labels=labels,
        x_labels=[(x(day), day) for day in days_marked],
    )
