"""Precision mode (--precision N) prints no digit it did not compute.

An integer result is exact: from an integer, from a decimal whose integer part fits in the N
digits, or from the statement run again at enough working digits; refused only when the limits
forbid those digits or the decimal comes from a variable (which holds N digits). A decimal prints
with at most N significant digits; --json calls a decimal a float. The references are mpmath at
twice the digits and more, in a context of the test's own.
"""

import json
import math
from pathlib import Path

import jsonschema
import mpmath
import pytest

import calculator
from calculator import Calculator, LimitError, Limits
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
    "text, compute",
    [
        ("floor(pi * 10^10)", lambda ctx: ctx.floor(ctx.pi * 10**10)),  # was refused (and before, 31415926784)
        ("ceil(pi * 10^10)", lambda ctx: ctx.ceil(ctx.pi * 10**10)),
        ("round(-pi * 10^10)", lambda ctx: ctx.nint(-ctx.pi * 10**10)),
        ("trunc(-e * 10^20)", lambda ctx: ctx.ceil(-ctx.e * 10**20)),
        ("trunc(123456.7)", lambda ctx: 123456),
        ("floor(1e30)", lambda ctx: 10**30),  # the literal, read again to enough digits
        ("floor(sqrt(2) * 10^40)", lambda ctx: ctx.floor(ctx.sqrt(2) * 10**40)),
        ("floor(exp(1000))", lambda ctx: ctx.floor(ctx.exp(1000))),  # 435 digits
        ("round(tau * 10^300)", lambda ctx: ctx.nint(2 * ctx.pi * 10**300)),
        ("floor(floor(pi * 10^10) * pi * 10^20)", lambda ctx: ctx.floor(ctx.floor(ctx.pi * 10**10) * ctx.pi * 10**20)),
        ("gcd(1e30, 10)", lambda ctx: 10),  # was refused; before, 2
        ("comb(123456.0, 2)", lambda ctx: math.comb(123456, 2)),
        ("if floor(pi * 10^10) == 31415926535 then 1 else 0", lambda ctx: 1),
    ],
)
def test_an_integer_part_beyond_the_precision_is_computed_at_more_working_digits(text, compute):
    ctx = mpmath.MPContext()
    ctx.dps = 1000
    expected = int(compute(ctx))
    value = Calculator(precision=5).evaluate(text)
    assert isinstance(value, int) and value == expected
    assert shown(5, text) == str(expected)


def test_the_factorial_operator_of_a_decimal_is_exact():
    # 1235.0 at 2 digits is 1236 or 1234 in binary; its factorial was that number's
    assert shown(2, "1235.0!") == str(math.factorial(1235))
    assert shown(2, "(1.5 * 2)!") == "6"


def test_the_rest_of_the_statement_is_still_n_digits():
    ctx = mpmath.MPContext()
    ctx.dps = 60
    assert shown(5, "floor(pi * 10^10) / 7") == "4.488e+9" == ctx.nstr(ctx.floor(ctx.pi * 10**10) / 7, 5)
    assert shown(5, "floor(pi * 10^10) + 0.5") == "3.1416e+10"
    assert shown(5, "sqrt(2) + 0 * floor(pi * 10^10)") == "1.4142"
    session = Calculator(precision=5)
    value = session.evaluate("x = floor(pi * 10^10) / 7")
    assert value.context.dps == 5 and session.evaluate("x") is value  # a value of the session's precision
    assert session.format(session.evaluate("x * 7")) == "3.1416e+10"


def test_user_functions_run_again_at_more_working_digits_too():
    session = Calculator(precision=5)
    session.evaluate("f(t) = floor(t * 10^10)")
    session.evaluate("g(t) = f(t) + floor(t * 10^20)")
    assert session.evaluate("f(pi)") == 31415926535
    assert session.evaluate("g(e)") == 27182818284 + 271828182845904523536


def test_explain_keeps_the_steps_of_the_run_that_counted():
    explanation = Calculator(precision=5).explain("floor(pi * 10^10)")
    assert explanation.error is None and explanation.value == 31415926535
    assert [step.function for step in explanation] == ["advanced.power", "advanced.multiply", "precision.floor"]
    assert not any(step.failed for step in explanation)
    assert explanation[-1].result == 31415926535


def refusal(text: str, session: Calculator) -> LimitError:
    with pytest.raises(LimitError) as info:
        session.evaluate(text)
    assert info.value.code == "limit-exceeded"
    return info.value


def test_a_decimal_from_a_variable_has_only_its_digits():
    session = Calculator(precision=5)
    session.evaluate("x = pi * 10^10")
    session.evaluate("y = 2.5")
    error = refusal("floor(x)", session)
    assert error.message == (
        "floor() needs all 11 digits of the integer part of 3.1416e+10, but x is a decimal kept to 5 significant"
        " digits (compute x with --precision 11 or more, or Calculator(precision=11))"
    )
    assert (error.column, error.end_column) == (1, 9)
    assert refusal("1 + floor(x * y)", session).message == (
        "floor() needs all 11 digits of the integer part of 7.854e+10, but x and y are decimals kept to 5"
        " significant digits (compute x and y with --precision 11 or more, or Calculator(precision=11))"
    )
    session.evaluate("f(t) = floor(t * y * 10^10)")  # a function reading a variable
    error = refusal("2 * f(1)", session)
    assert error.message.startswith("floor() needs all 11 digits of the integer part of 2.5e+10, but y is a decimal")
    assert (error.column, error.end_column) == (5, 9)  # the call, as for any error inside a function
    session.evaluate("pi * 10^10")
    assert "but ans is a decimal kept to 5 significant digits" in refusal("round(ans)", session).message
    session = Calculator(precision=2)
    session.evaluate("z = 1235.0")
    assert refusal("z!", session).message == (
        "an integer from a decimal needs all 4 digits of the integer part of 1.2e+3, but z is a decimal kept to 2"
        " significant digits (compute z with --precision 4 or more, or Calculator(precision=4))"
    )


def test_a_variable_outside_the_integer_part_does_not_stop_it():
    session = Calculator(precision=5)
    session.evaluate("x = 2.5")
    assert session.format(session.evaluate("floor(pi * 10^10) + x")) == "3.1416e+10"
    assert session.evaluate("floor(pi * 10^10) + floor(x)") == 31415926537


def test_a_variable_with_enough_digits_gives_them():
    session = Calculator(precision=30)
    session.evaluate("x = pi * 10^10")
    session.precision = 5  # x keeps its 30 digits
    assert session.evaluate("floor(x)") == 31415926535


def test_working_digits_are_held_to_the_limits():
    session = Calculator(precision=5, limits=Limits(max_precision=20))
    assert session.evaluate("floor(pi * 10^19)") == 31415926535897932384
    error = refusal("1 + floor(pi * 10^20)", session)
    assert error.message == (
        "floor() needs all 21 digits of the integer part of 3.1416e+20, over the max_precision limit of 20"
        " (raise it with --max-precision N or Limits(max_precision=N))"
    )
    assert (error.column, error.end_column) == (5, 22)
    assert refusal("floor(exp(10^6))", Calculator(precision=5)).message == (
        "floor() needs all 434,295 digits of the integer part of 3.0332e+434294, over the max_precision limit of"
        " 10,000 (raise it with --max-precision N or Limits(max_precision=N))"
    )
    assert refusal("floor(exp(50))", Calculator(precision=5, limits=Limits(max_digits=15))).message == (
        "floor() needs all 22 digits of the integer part of 5.1847e+21, over the max_digits limit of 15"
        " (raise it with --max-digits N or Limits(max_digits=N))"
    )


def test_no_process_wide_mpmath_setting_changes():
    before = mpmath.mp.dps
    Calculator(precision=5).evaluate("floor(pi * 10^40) + floor(exp(100))")
    assert mpmath.mp.dps == before
    assert "__int__" not in vars(type(mpmath.mpf(1)))  # only precision mode's own contexts check int()
    assert int(mpmath.mpf(2) ** 100) == 2**100


def test_an_integer_part_within_the_precision_is_not_refused():
    assert shown(5, "floor(99999.7)") == "99999"
    assert shown(5, "round(99999.7)") == "100000"
    assert shown(5, "ceil(-99999.7)") == "-99999"
    assert shown(5, "gcd(12.0, 18)") == "6"
    assert shown(5, "round(pi * 10^10, -5)") == "3.1416e+10"  # a decimal of 5 digits, not an integer


def test_cli_prints_no_invented_digits():
    result = run_calc("--precision", "5", "-e", "sqrt(10^20+1)", "-e", "sqrt(10^20)", "-e", "floor(pi*10^4)",
                      "-e", "floor(pi*10^10)")
    assert (result.stdout, result.stderr, result.returncode) == (b"1.0e+10\n10000000000\n31415\n31415926535\n", b"", 0)
    result = run_calc("--precision", "5", "-e", "x = pi*10^10", "-e", "2 + floor(x)")
    assert result.stdout == b"" and result.returncode == 1
    assert result.stderr.decode() == (
        "<expr>:1:5: error: floor() needs all 11 digits of the integer part of 3.1416e+10, but x is a decimal kept"
        " to 5 significant digits (compute x with --precision 11 or more, or Calculator(precision=11))\n"
        "    1 | 2 + floor(x)\n"
        "      |     ^\n"
    )
    assert run_calc("--precision", "11", "-e", "x = pi*10^10", "-e", "floor(x)").stdout == b"31415926535\n"


# -- display and JSON ------------------------------------------------------------------------------

def test_display_digits_never_exceed_the_precision():
    assert shown(5, "1/3", digits=20) == "0.33333"  # was 0.33333349227905273438: the binary rounding
    assert shown(5, "pi", digits=20) == "3.1416"
    assert shown(50, "1/3", digits=10) == "0.3333333333"
    assert shown(5, "2^70", digits=3) == str(2**70)  # integers stay whole


def test_json_calls_a_precision_decimal_a_float():
    result = run_calc("--json", "--precision", "5", "-e", "1/3", "-e", "2^10", "-e", "sqrt(16)", "-e", "sqrt(2)^2",
                      "-e", "1 < 2", "-e", "x = sqrt(10^20+1)", "-e", "floor(pi*10^10)", "-e", "floor(pi*10^10)/7")
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    for obj in objects:
        jsonschema.validate(obj, SCHEMA)
    assert [(o["value"], o["type"]) for o in objects] == [
        ("0.33333", "float"), ("1024", "int"), ("4", "int"), ("2.0", "float"), ("true", "bool"), ("1.0e+10", "float"),
        ("31415926535", "int"), ("4.488e+9", "float"),
    ]



def test_precision_decimals_are_held_to_the_size_limits_too():
    for text in ("30000.0!", "factorial(30000.0)", "comb(10^6 * 1.0, 5*10^5)", "perm(40000.0)"):
        with pytest.raises(calculator.LimitError) as info:
            calculator.Calculator(precision=6).evaluate(text)
        assert "max_digits" in info.value.message, text


def test_a_sessions_parsed_expression_reads_numbers_in_its_mode():
    session = Calculator(precision=5)
    assert session.format(session.parse("1/3").evaluate()) == "0.33333"
    assert session.format(session.parse("x/3").evaluate(x=1)) == session.format(session.evaluate("1/3"))
