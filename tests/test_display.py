"""Every number calc prints is calc input that reads back as the same number (a float shown
rounded to 15 significant digits: as a float within half a unit of its 15th digit)."""

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator import evaluate
from calculator import Calculator
from calculator.display import (
    DEFAULT_DISPLAY, FULL, Display, check_display, display_float, format_preview, format_value, int_from_text, int_to_text,
)


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
    """format_value's default is the full value: it reads back as exactly the same float."""
    assert evaluate(format_value(x)) == x or (x == 0 and evaluate(format_value(x)) == 0)


@pytest.mark.parametrize(
    "value, shown",
    [
        (0.1 + 0.2, "0.3"),                        # 0.30000000000000004
        (1.1 * 1.1, "1.21"),                       # 1.2100000000000002
        (math.cos(math.pi / 3), "0.5"),            # 0.5000000000000001
        (math.sin(math.pi / 6), "0.5"),            # 0.49999999999999994
        (19.99 * 7 * 1.2, "167.916"),              # 167.91599999999997
        (2 / 3, "0.666666666666667"),              # 0.6666666666666666
        (104.00000000000001, "104.0"),             # keeps the .0 of a float
        (-(0.1 + 0.2), "-0.3"),
        (1e16 + 2, "1e+16"),                       # 1.0000000000000002e+16: Python's exponent style
        (1.2345678901234567e-20, "1.23456789012346e-20"),
        (123456789012345.67, "123456789012346.0"),
        (0.1 + 0.2 - 0.3, "5.55111512312578e-17"),  # a real difference is never rounded away
        (1.7976931348623157e308, "1.7976931348623157e+308"),  # rounding up would overflow: in full
    ],
)
def test_floats_show_at_most_15_significant_digits(value, shown):
    assert display_float(value) == shown
    assert format_value(value, DEFAULT_DISPLAY) == shown == Calculator().format(value)
    assert format_value(value, Display(digits=FULL)) == repr(value)


@pytest.mark.parametrize(
    "value", [9 / 3, 1e16, 0.1, 1e-05, 0.25, 123456.789, 1.5e-07, 5e-324, 2.0**-1074 * 3, 12345678901234.5, -0.0, 0.0]
)
def test_floats_of_15_digits_or_fewer_show_as_before(value):
    assert display_float(value) == repr(value)


def significant_digits(x: float) -> int:
    mantissa = repr(x).partition("e")[0]
    return len(mantissa.replace(".", "").lstrip("-0").rstrip("0"))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_the_display_of_any_float_reads_back_within_its_15th_digit(x):
    shown = display_float(x)
    back = evaluate(shown)
    assert back.__class__ is float
    # the text is within half a unit of the 15th significant digit (5e-15 relative), its
    # float within half an ulp more
    assert abs(back - x) <= 5e-15 * abs(x) + math.ulp(x)
    if significant_digits(x) <= 15:
        assert shown == repr(x)  # nothing to round: what calc always showed
    elif abs(x) < 1.797693134862315e308:  # above, 15 digits would round past the largest float
        assert significant_digits(back) <= 15
    else:
        assert shown == repr(x)


def test_digits_settings_are_checked():
    assert check_display(Display(digits=FULL)).digits == "full"
    with pytest.raises(ValueError, match="digits must be a whole number or 'full', not 'all'"):
        check_display(Display(digits="all"))
    with pytest.raises(ValueError, match="digits must be between 1 and 1000, not 0"):
        check_display(Display(digits=0))


@given(st.integers(), st.integers(min_value=1))
def test_exact_fractions_read_back(n, d):
    value = Fraction(n, d)
    assert evaluate(format_value(value), exact=True) == value


def test_preview_abbreviates_huge_integers():
    assert format_preview(10**5000 * 3) == "3.00000000000000e+5000 (5,001 digits)"
    assert format_preview(-(2**1000)) == "-1.07150860718626e+301 (302 digits)"
    assert format_preview(Fraction(1, 3)) == "1/3 ≈ 0.333333333333333"  # the preview adds the decimal value, as calc shows it
