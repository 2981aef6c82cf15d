"""Precision mode (--precision N) prints no digit it did not compute.

An integer result is exact, or comes from a decimal whose integer part fits in the N digits, or is
refused; a decimal prints with at most N significant digits; --json calls a decimal a float.
The references are mpmath at twice the digits and more, in a context of the test's own.
"""

import json
from pathlib import Path

import jsonschema
import mpmath
import pytest

import calculator
from calculator import Calculator, LimitError
from support import run_calc

SCHEMA = json.loads((Path(calculator.__file__).parent / "output.schema.json").read_text())


def shown(precision: int, text: str, **settings) -> str:
    session = Calculator(precision=precision, **settings)
    return session.format(session.evaluate(text))


def reference(digits: int, compute) -> str:
    """``compute(ctx)`` at 2N + 20 digits, written to N significant digits."""
    ctx = mpmath.MPContext()
    ctx.dps = 2 * digits + 20
    return ctx.nstr(compute(ctx), digits)


# -- sqrt of an integer --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "digits, text, root",
    [
        (5, "sqrt(10^20)", 10**10),
        (50, "sqrt(10^400)", 10**200),
        (5, "sqrt(16)", 4),
        (30, "sqrt((2^127 - 1)^2)", 2**127 - 1),
    ],
)
def test_sqrt_of_a_perfect_square_is_its_exact_root(digits, text, root):
    value = Calculator(precision=digits).evaluate(text)
    assert isinstance(value, int) and value == root
    assert shown(digits, text) == str(root)


@pytest.mark.parametrize(
    "digits, text, n, expected",
    [
        (5, "sqrt(10^20 + 1)", 10**20 + 1, "1.0e+10"),  # was 10000007168
        (50, "sqrt(10^400 + 1)", 10**400 + 1, "1.0e+200"),  # was 200 digits of the binary rounding
        (30, "sqrt(2^127)", 2**127, "13043817825332782212.3495718063"),
        (30, "sqrt(10^40 + 10^25)", 10**40 + 10**25, "100000000000000050000.0"),
    ],
)
def test_sqrt_of_another_integer_is_a_decimal_of_n_digits(digits, text, n, expected):
    assert shown(digits, text) == expected == reference(digits, lambda ctx: ctx.sqrt(n))
    assert not isinstance(Calculator(precision=digits).evaluate(text), int)


# -- floor, ceil, round, trunc ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("floor(10^30 + 1)", 10**30 + 1),  # was 1000000468394648575362629369856
        ("ceil(10^30 + 1)", 10**30 + 1),
        ("round(10^30 + 1)", 10**30 + 1),
        ("trunc(-(10^30 + 1))", -(10**30 + 1)),
        ("round(123456789, -2)", 123456800),  # was 1.2346e+8
        ("round(10^30 + 1, 2)", 10**30 + 1),
        ("round(-(10^30 + 51), -2)", -(10**30 + 100)),
    ],
)
def test_floor_ceil_round_trunc_of_an_integer_are_exact(text, expected):
    value = Calculator(precision=5).evaluate(text)
    assert isinstance(value, int) and value == expected
    assert shown(5, text) == str(expected)


@pytest.mark.parametrize(
    "text, compute",
    [
        ("floor(pi * 10^10)", lambda ctx: ctx.floor(ctx.pi * 10**10)),
        ("ceil(pi * 10^10)", lambda ctx: ctx.ceil(ctx.pi * 10**10)),
        ("round(pi * 10^10)", lambda ctx: ctx.nint(ctx.pi * 10**10)),
        ("trunc(-pi * 10^10)", lambda ctx: ctx.ceil(-ctx.pi * 10**10)),
        ("floor(sqrt(2) * 10^11)", lambda ctx: ctx.floor(ctx.sqrt(2) * 10**11)),
        ("round(-999999999999.5)", lambda ctx: ctx.mpf(-1000000000000)),  # 12 digits, halves to even
    ],
)
def test_floor_ceil_round_trunc_of_a_decimal_within_the_precision(text, compute):
    ctx = mpmath.MPContext()
    ctx.dps = 60
    expected = int(compute(ctx))
    assert Calculator(precision=12).evaluate(text) == expected
    assert shown(12, text) == str(expected)


@pytest.mark.parametrize(
    "text, message",
    [
        ("floor(pi * 10^10)", "floor() needs all 11 digits of the integer part of 3.1416e+10"),  # was 31415926784
        ("ceil(pi * 10^10)", "ceil() needs all 11 digits of the integer part of 3.1416e+10"),
        ("round(-pi * 10^10)", "round() needs all 11 digits of the integer part of -3.1416e+10"),
        ("trunc(123456.7)", "trunc() needs all 6 digits of the integer part of 1.2346e+5"),
        ("floor(1e30)", "floor() needs all 31 digits of the integer part of 1.0e+30"),
        ("gcd(1e30, 10)", "gcd() needs all 31 digits of the integer part of 1.0e+30"),  # was 2
        ("comb(123456.0, 2)", "comb() needs all 6 digits of the integer part of 1.2346e+5"),
    ],
)
def test_an_integer_part_beyond_the_precision_is_refused(text, message):
    with pytest.raises(LimitError) as info:
        Calculator(precision=5).evaluate(text)
    digits = message.split("all ")[1].split()[0]
    assert info.value.message == (
        f"{message}, but this precision keeps 5 significant digits"
        f" (use --precision {digits} or more, or Calculator(precision={digits}))"
    )
    assert info.value.code == "limit-exceeded"
    assert Calculator(precision=int(digits)).evaluate(text) is not None  # the advice works


def test_an_integer_part_within_the_precision_is_not_refused():
    assert shown(5, "floor(99999.7)") == "99999"
    assert shown(5, "round(99999.7)") == "100000"
    assert shown(5, "ceil(-99999.7)") == "-99999"
    assert shown(5, "gcd(12.0, 18)") == "6"
    assert shown(5, "round(pi * 10^10, -5)") == "3.1416e+10"  # a decimal of 5 digits, not an integer


def test_cli_prints_no_invented_digits():
    result = run_calc("--precision", "5", "-e", "sqrt(10^20+1)", "-e", "sqrt(10^20)", "-e", "floor(pi*10^4)")
    assert (result.stdout, result.stderr, result.returncode) == (b"1.0e+10\n10000000000\n31415\n", b"", 0)
    result = run_calc("--precision", "5", "-e", "floor(pi*10^10)")
    assert result.stdout == b"" and result.returncode == 1
    assert result.stderr.decode() == (
        "<expr>:1:1: error: floor() needs all 11 digits of the integer part of 3.1416e+10, but this precision keeps"
        " 5 significant digits (use --precision 11 or more, or Calculator(precision=11))\n"
        "    1 | floor(pi*10^10)\n"
        "      | ^\n"
    )
    assert run_calc("--precision", "11", "-e", "floor(pi*10^10)").stdout == b"31415926535\n"


# -- display and JSON ------------------------------------------------------------------------------

def test_display_digits_never_exceed_the_precision():
    assert shown(5, "1/3", digits=20) == "0.33333"  # was 0.33333349227905273438: the binary rounding
    assert shown(5, "pi", digits=20) == "3.1416"
    assert shown(50, "1/3", digits=10) == "0.3333333333"
    assert shown(5, "2^70", digits=3) == str(2**70)  # integers stay whole


def test_json_calls_a_precision_decimal_a_float():
    result = run_calc("--json", "--precision", "5", "-e", "1/3", "-e", "2^10", "-e", "sqrt(16)", "-e", "sqrt(2)^2",
                      "-e", "1 < 2", "-e", "x = sqrt(10^20+1)")
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    for obj in objects:
        jsonschema.validate(obj, SCHEMA)
    assert [(o["value"], o["type"]) for o in objects] == [
        ("0.33333", "float"), ("1024", "int"), ("4", "int"), ("2.0", "float"), ("true", "bool"), ("1.0e+10", "float"),
    ]



def test_precision_decimals_are_held_to_the_size_limits_too():
    for text in ("30000.0!", "factorial(30000.0)", "comb(10^6 * 1.0, 5*10^5)", "perm(40000.0)"):
        with pytest.raises(calculator.LimitError) as info:
            calculator.Calculator(precision=6).evaluate(text)
        assert "max_digits" in info.value.message, text
