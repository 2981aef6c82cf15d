"""Every number calc prints is calc input that reads back as the same number."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator import evaluate
from calculator.display import format_preview, format_value, int_from_text, int_to_text


@pytest.mark.parametrize(
    "value, text",
    [(4.0, "4.0"), (0.1, "0.1"), (1e16, "1e+16"), (1.5e-7, "1.5e-07"), (-0.0, "-0.0"), (12, "12"),
     (Fraction(7, 4), "7/4"), (Fraction(-3, 1), "-3"), (2**70, "1180591620717411303424")],
)
def test_formats(value, text):
    assert format_value(value) == text


def test_big_integers_convert_both_ways_beyond_the_process_limit():
    n = 7**20000  # about 16,900 digits
    text = int_to_text(n)
    assert len(text) == 16902 and int_from_text(text) == n
    assert int_from_text("1_000_" * 1000 + "1") == int("1000" * 1000 + "1")


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_read_back(x):
    assert evaluate(format_value(x)) == x or (x == 0 and evaluate(format_value(x)) == 0)


@given(st.integers(), st.integers(min_value=1))
def test_exact_fractions_read_back(n, d):
    value = Fraction(n, d)
    assert evaluate(format_value(value), exact=True) == value


def test_preview_abbreviates_huge_integers():
    assert format_preview(10**5000 * 3) == "3.00000000000000e+5000 (5,001 digits)"
    assert format_preview(-(2**1000)) == "-1.07150860718626e+301 (302 digits)"
    assert format_preview(Fraction(1, 3)) == "1/3 ≈ 0.3333333333333333"  # the preview adds the decimal value
