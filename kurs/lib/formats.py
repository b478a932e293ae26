"""Numbers as people read them, in the active language."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format


def format_number(value: Any) -> str:
    """Up to two decimals, none when whole, grouped: 1.234,5 in German, 1,234.5 in English."""
    if value is None or value == "":
        return "–"
    number = float(value)
    if number.is_integer():
        return number_format(int(number), use_l10n=True, force_grouping=True)
    text = number_format(round(number, 2), decimal_pos=2, use_l10n=True, force_grouping=True)
    # "1,50" reads better as "1,5"; a number that rounds to whole loses its separator too.
    return text.rstrip("0").rstrip(".,")
