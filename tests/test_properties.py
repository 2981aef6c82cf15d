"""Differential property tests: calc agrees with CPython (floats) and fractions.Fraction (exact)."""

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import CalculatorError, evaluate

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ints = st.integers(min_value=0, max_value=10**6).map(str)
decimals = st.decimals(min_value=0, max_value=10**4, places=3, allow_nan=False, allow_infinity=False).map(str)


@st.composite
def expressions(draw, depth=0):
    """(calc text, Python text) pairs using + - * / // % ^ and parentheses."""
    if depth > 4 or draw(st.integers(0, 3)) == 0:
        literal = draw(st.one_of(ints, decimals))
        return literal, literal
    kind = draw(st.sampled_from(["+", "-", "*", "/", "//", "%", "^", "neg", "group"]))
    if kind == "neg":
        calc, py = draw(expressions(depth + 1))
        return f"-({calc})", f"-({py})"
    if kind == "group":
        calc, py = draw(expressions(depth + 1))
        return f"({calc})", f"({py})"
    left_calc, left_py = draw(expressions(depth + 1))
    right_calc, right_py = draw(expressions(depth + 1))
    if kind == "^":
        exponent = draw(st.integers(-3, 4))
        return f"({left_calc}) ^ ({exponent})", f"({left_py}) ** ({exponent})"
    if kind == "//":  # _FD: Python's // (a Fraction's // gives an int; calc's exact values stay fractions)
        return f"({left_calc}) // ({right_calc})", f"_FD({left_py}, {right_py})"
    return f"({left_calc}) {kind} ({right_calc})", f"({left_py}) {kind} ({right_py})"


def python_value(text, exact):
    namespace = {"F": Fraction, "_FD": (lambda a, b: Fraction(a // b)) if exact else (lambda a, b: a // b)}
    if exact:
        import re

        text = re.sub(r"(\d+(?:\.\d+)?)", r"F('\1')", text)
    try:
        value = eval(text, namespace)  # noqa: S307 - our own generated arithmetic only
    except (ZeroDivisionError, OverflowError):
        return "error"
    if isinstance(value, complex):
        return "error"
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return "error"
    return value


def calc_value(text, exact):
    try:
        return evaluate(text, exact=exact)
    except CalculatorError:
        return "error"


@SETTINGS
@given(expressions())
def test_agrees_with_cpython(pair):
    calc_text, py_text = pair
    expected = python_value(py_text, exact=False)
    got = calc_value(calc_text, exact=False)
    # python_value counts inf and nan as failures, as calc does; otherwise values and types agree
    assert got == expected, (calc_text, got, expected)
    assert type(got) is type(expected), (calc_text, got, expected)


@SETTINGS
@given(expressions())
def test_exact_mode_agrees_with_fractions(pair):
    calc_text, py_text = pair
    expected = python_value(py_text, exact=True)
    got = calc_value(calc_text, exact=True)
    assert got == expected, (calc_text, got, expected)


@SETTINGS
@given(st.text(max_size=60))
def test_any_text_gives_a_value_or_a_calculator_error(text):
    try:
        evaluate(text)
    except CalculatorError as error:
        assert error.line >= 1 and error.column >= 1
        assert error.message
