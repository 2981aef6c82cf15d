"""Evaluation: Python's numeric meaning, sessions, user functions, exact mode, runtime errors."""

import math
from fractions import Fraction

import pytest

import calculator
from calculator import (
    ArgumentError,
    AssignmentError,
    Calculator,
    DivisionByZeroError,
    DomainError,
    NumberTooLargeError,
    UnknownNameError,
    evaluate,
)


@pytest.mark.parametrize(
    "text, value",
    [
        ("2 + 3 * 4", 14), ("-3^2", -9), ("2^3^2", 512), ("2^-2", 0.25), ("4!^2", 576), ("-4!", -24),
        ("9/3", 3.0), ("-9//4", -3), ("-9 % 4", 3), ("7 % -3", -2), ("2**10", 1024), ("10 - 2 - 3", 5),
        ("2^100", 2**100), ("0.1 + 0.2", 0.1 + 0.2), ("1e16", 1e16), ("+-+1", -1), ("3!!", 720),
        ("sqrt(16)", 4.0), ("cbrt(-27)", -3.0), ("abs(-2.5)", 2.5), ("round(2.5)", 2), ("round(2.675, 2)", 2.67),
        ("floor(-2.5)", -3), ("ceil(2.1)", 3), ("trunc(-2.7)", -2), ("exp(0)", 1.0), ("ln(e)", 1.0),
        ("log(8, 2)", 3.0), ("log(100)", math.log(100)), ("log2(1024)", 10.0), ("log10(1000)", 3.0),
        ("sin(0)", 0.0), ("cos(0)", 1.0), ("tan(0)", 0.0), ("asin(1)", math.pi / 2), ("acos(1)", 0.0),
        ("atan(1)", math.pi / 4), ("atan2(1, 1)", math.pi / 4), ("sinh(0)", 0.0), ("cosh(0)", 1.0),
        ("tanh(0)", 0.0), ("degrees(pi)", 180.0), ("radians(180)", math.pi), ("hypot(3, 4)", 5.0),
        ("min(3, 1, 2)", 1), ("max(3, 1, 2, 7)", 7), ("gcd(12, 18)", 6), ("lcm(4, 6)", 12),
        ("factorial(5)", 120), ("comb(5, 2)", 10), ("perm(5, 2)", 20), ("perm(4)", 24),
        ("pi", math.pi), ("e", math.e), ("tau", math.tau), ("4.0!", 24),
    ],
)
def test_values(text, value):
    result = evaluate(text)
    assert result == value and type(result) is type(value), (text, result)


def test_session_keeps_variables_functions_and_ans():
    session = Calculator()
    assert session.evaluate("x = 2^10") == 1024
    assert session.evaluate("f(a, b) = a * b + x") == session.functions["f"]
    assert session.evaluate("f(2, 3)") == 1030
    assert session.evaluate("ans + 1") == 1031
    assert session.evaluate("_ * 2") == 2062
    assert session.variables == {"x": 1024}


def test_statements_on_one_line_and_several_lines():
    assert evaluate("a = 2; b = 3; a * b") == 6
    assert evaluate("a = 2\nb = a + 1 # three\n\n  a * b  ") == 6


def test_assignment_does_not_change_ans():
    session = Calculator()
    session.evaluate("5")
    session.evaluate("y = 7")
    assert session.evaluate("ans") == 5


def test_failed_assignment_leaves_the_name_undefined():
    session = Calculator()
    outcomes = list(session.run("r = 1/0\nr + 1"))
    assert isinstance(outcomes[0].error, DivisionByZeroError)
    assert isinstance(outcomes[1].error, UnknownNameError)
    assert outcomes[1].error.message == "unknown name 'r'"


@pytest.mark.parametrize(
    "text, error, column, message",
    [
        ("2 * 3 - 7 % 0", DivisionByZeroError, 9, "Cannot divide by zero"),
        ("1 / 0", DivisionByZeroError, 1, "Cannot divide by zero"),
        ("5 // (2 - 2)", DivisionByZeroError, 1, "Cannot divide by zero"),
        ("sqroot(2)", UnknownNameError, 1, "unknown function 'sqroot'; did you mean 'sqrt'?"),
        ("1 + pj", UnknownNameError, 5, "unknown name 'pj'; did you mean 'pi'?"),
        ("aqrt(4)", UnknownNameError, 1, "unknown function 'aqrt'; did you mean 'sqrt'?"),
        ("x + 1", UnknownNameError, 1, "unknown name 'x'"),  # not 'max': a suggestion must look like a typo
        ("print(2)", UnknownNameError, 1, "unknown function 'print'"),  # not 'sin'
        ("quit", UnknownNameError, 1, "unknown name 'quit'"),  # not 'sqrt'
        ("True", UnknownNameError, 1, "unknown name 'True'; calc writes true"),
        ("2 + pow(2, 3)", UnknownNameError, 5, "unknown function 'pow'; calc writes x^y (or x**y)"),
        ("int(2.5)", UnknownNameError, 1, "unknown function 'int'; calc writes trunc(x), floor(x) or round(x)"),
        ("ln(-1)", DomainError, 1, "ln(-1) is undefined: x must be > 0"),
        ("acos(3)", DomainError, 1, "acos(3) is undefined: x must be between -1 and 1"),
        ("(-27)^(1/3)", DomainError, 1, "a negative number raised to a non-integer power has no real value"),
        ("2.5!", DomainError, 1, "factorial needs a whole number, not 2.5"),
        ("(-1)!", DomainError, 1, "factorial needs a non-negative whole number, not -1"),
        ("1e308 * 10", NumberTooLargeError, 1, "the result is too large for a float"),
        ("exp(1000)", NumberTooLargeError, 1, "exp: the number is too large for a float"),
        ("1e400", NumberTooLargeError, 1, "1e400 is too large for a float (--exact reads it exactly)"),
        ("sin(1, 2)", ArgumentError, 1, "sin() takes 1 argument, not 2"),
        ("pi = 3", AssignmentError, 1, "cannot assign to the constant 'pi'"),
        ("sqrt = 3", AssignmentError, 1, "cannot assign to the builtin function 'sqrt'"),
        ("sqrt(x) = 3", AssignmentError, 1, "cannot assign to the builtin function 'sqrt'"),
        ("1 + 1 = 2", AssignmentError, 1, "can only assign to a name (x = ...) or define a function (f(x) = ...)"),
        ("ans", UnknownNameError, 1, "'ans' has no value yet: it is the last result, and there is none"),
        ("sqrt + 1", UnknownNameError, 1, "'sqrt' is a function; call it as sqrt(...)"),
    ],
)
def test_runtime_errors_point_at_the_failing_operation(text, error, column, message):
    with pytest.raises(error) as info:
        evaluate(text)
    assert (info.value.line, info.value.column, info.value.message) == (1, column, message)


def test_error_on_a_later_line_has_that_line():
    with pytest.raises(DivisionByZeroError) as info:
        evaluate("x = 1\n\ny = 2; z = x / (y - 2)")
    assert (info.value.line, info.value.column) == (3, 12)


def test_error_inside_a_user_function_points_at_the_call():
    session = Calculator()
    session.evaluate("g(x) = 1 / x")
    with pytest.raises(DivisionByZeroError) as info:
        session.evaluate("2 + g(0)")
    assert info.value.column == 5
    assert info.value.message == "Cannot divide by zero (in g(x) = 1 / x)"


def test_user_function_arity_and_unknown_functions():
    session = Calculator()
    session.evaluate("f(x) = x + 1")
    with pytest.raises(ArgumentError, match=r"f\(x\) takes 1 argument, not 2"):
        session.evaluate("f(1, 2)")
    with pytest.raises(UnknownNameError, match="unknown function 'ff'; did you mean 'f'?"):
        session.evaluate("ff(1)")


def test_parameters_shadow_variables_but_not_builtins():
    session = Calculator()
    session.evaluate("x = 100")
    session.evaluate("f(x) = x * 2")
    assert session.evaluate("f(3)") == 6
    with pytest.raises(AssignmentError, match="'pi' cannot be a parameter"):
        session.evaluate("g(pi) = pi")


def test_functions_see_variables_at_call_time():
    session = Calculator()
    session.evaluate("f(x) = x * k")
    session.evaluate("k = 3")
    assert session.evaluate("f(2)") == 6


@pytest.mark.parametrize(
    "text, value",
    [
        ("0.1 + 0.2", Fraction(3, 10)), ("7/4", Fraction(7, 4)), ("9/3", 3), ("1/3 + 1/6", Fraction(1, 2)),
        ("2^-2", Fraction(1, 4)), ("sqrt(16/9)", Fraction(4, 3)), ("1e400 / 1e399", 10), ("-9 // 4", -3),
        ("cbrt(-8/27)", Fraction(-2, 3)), ("5!", 120), ("gcd(12, 18)", 6), ("round(7/4, 1)", Fraction(9, 5)),
    ],
)
def test_exact_mode(text, value):
    assert evaluate(text, exact=True) == value


def test_exact_mode_prints_fractions_and_falls_back_to_floats():
    session = Calculator(exact=True)
    assert session.format(session.evaluate("7/4")) == "7/4"
    assert session.format(session.evaluate("6/3")) == "2"
    assert isinstance(session.evaluate("sqrt(2)"), float)


def test_big_results_print_in_full_without_touching_the_process_limit():
    import sys

    before = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None
    session = Calculator()
    text = session.format(session.evaluate("10^5000 + 1"))
    assert text == "1" + "0" * 4999 + "1"
    if before is not None:
        assert sys.get_int_max_str_digits() == before


def test_expression_parsed_once_evaluated_many_times():
    expression = calculator.parse("x^2 + 3*x - 1/(x+1)")
    assert expression.variables == ("x",)
    for x in (0, 1, 2.5, -3):
        assert expression.evaluate(x=x) == x**2 + 3 * x - 1 / (x + 1)
    assert expression.evaluate({"x": 2}) == 4 + 6 - 1 / 3
    with pytest.raises(UnknownNameError):
        expression.evaluate()
    with pytest.raises(DivisionByZeroError) as info:
        expression.evaluate(x=-1)
    assert info.value.column == 13  # the start of 1/(x+1)


def test_parse_rejects_statements_that_are_not_one_expression():
    with pytest.raises(AssignmentError):
        calculator.parse("x = 1")
    with pytest.raises(calculator.CalcSyntaxError):
        calculator.parse("1; 2")


def test_variables_must_be_finite_numbers():
    with pytest.raises(AssignmentError):
        evaluate("x", {"x": "1"})
    with pytest.raises(AssignmentError):
        evaluate("x", {"x": float("nan")})
    assert evaluate("x * 2", {"x": Fraction(1, 3)}) == Fraction(2, 3)


def test_import_calculator_does_not_import_prompt_toolkit_or_lark():
    import subprocess
    import sys

    code = "import sys, calculator; calculator.evaluate('1+1'); print(sorted(m for m in sys.modules if m.split('.')[0] in ('prompt_toolkit', 'lark')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_parsed_expressions_keep_the_limits_and_positions_on_the_fast_path():
    product = calculator.parse("1 + x * y")
    assert product._fast is not None  # compiled
    assert product.evaluate(x=2.5, y=4) == 11.0
    assert product.evaluate(x=3, y=4) == 13
    with pytest.raises(calculator.LimitError) as info:
        product.evaluate(x=10**60000, y=10**60000)
    assert info.value.column == 5
    power = calculator.parse("x ^ y")
    assert power.evaluate(x=2, y=10) == 1024
    with pytest.raises(calculator.LimitError):
        power.evaluate(x=10, y=10**6)
    with pytest.raises(calculator.NumberTooLargeError):
        power.evaluate(x=10.0, y=400)
    with pytest.raises(calculator.AssignmentError):
        product.evaluate(x="1", y=2)


# -- cbrt is correctly rounded: the double nearest the real cube root ---------------------------

def _nearest_cube_root(x):
    import mpmath

    with mpmath.workprec(300):
        root = mpmath.cbrt(mpmath.mpf(abs(x)))
        return math.copysign(float(root), x)


@pytest.mark.parametrize("x", [0.001, 1e-300, 2.0, 3.0, 10.0, 0.3, 1e300, 5e-324, -0.001, -9.0, 64.0, -125.0, 2**60 + 1])
def test_cbrt_is_correctly_rounded(x):
    assert evaluate(f"cbrt({x!r})") == _nearest_cube_root(x)


def test_cbrt_is_correctly_rounded_on_random_doubles():
    import random

    rng = random.Random(17)
    for _ in range(3000):
        x = rng.choice([rng.random(), rng.uniform(-1e6, 1e6), 10 ** rng.uniform(-300, 300)])
        assert calculator.functions.cbrt(x) == _nearest_cube_root(x), x
    assert evaluate("cbrt(0.001)") == 0.1 and evaluate("cbrt(-27)") == -3.0
