"""Request helpers shared by the views."""

from __future__ import annotations

from typing import Any

from django.http import Http404

# Larger offsets than any list could have; beyond the database's integer range they
# would fail in SQL instead of giving an empty page.
MAX_OFFSET = 2**31 - 1


def int_or_404(value: Any) -> int:
    """An id from a URL or form field; anything that is not one is "not found"."""
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    if not 0 < number <= 2**63 - 1:
        raise Http404
    return number


def offset_param(value: Any) -> int:
    """A list offset from the query string: bad values mean the first page."""
    try:
        return min(max(0, int(value)), MAX_OFFSET)
    except (TypeError, ValueError):
        return 0
