"""Numbers typed the way people write them, in German and English."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kurs.lib.formats import format_number
from kurs.lib.forms import normalize_number


@pytest.mark.parametrize(
    ("language", "typed", "number"),
    [
        ("de", "12,5", 12.5),
        ("de", "12.5", 12.5),
        ("de", "1.500", 1500),
        ("de", "1.234,5", 1234.5),
        ("de", "-0,75", -0.75),
        ("de", "1 234,5", 1234.5),
        ("en", "12.5", 12.5),
        ("en", "12,5", 12.5),
        ("en", "1,500", 1500),
        ("en", "1,234.5", 1234.5),
        ("en", "1.500", 1.5),
    ],
)
def test_typed_numbers(language, typed, number):
    assert float(normalize_number(typed, language)) == number


@pytest.mark.parametrize("typed", ["1,234,5", "12,,5", "abc", "1.2.3,4,5"])
def test_garbage_stays_garbage(typed):
    with pytest.raises(ValueError):
        float(normalize_number(typed, "de"))


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 2)),
    st.sampled_from(["de", "en"]),
)
def test_what_kurs_shows_reads_back_as_the_same_number(number, language):
    # Kurs shows numbers with grouping and up to two decimals; typing back what is
    # shown must give the same value in both languages.
    with translation.override(language):
        shown = format_number(number)
        assert float(normalize_number(shown, language)) == pytest.approx(number, abs=0.005)
