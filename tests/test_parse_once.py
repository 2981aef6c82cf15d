"""Parse once, evaluate many: ``parse(text).evaluate(...)`` must give what ``evaluate`` gives.

The compiled fast path (calculator.codegen) and the postfix program are two ways to run one tree;
a differential property test holds them to each other and to CPython / fractions.Fraction on
generated expressions with variables, nesting, every operator and every builtin.
"""

import math
import os
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calculator
from calculator import CalculatorError, evaluate, parse
from calculator.functions import BUILTINS

#: CALC_PROPERTY_EXAMPLES=100000 for a long run
SETTINGS = settings(max_examples=int(os.environ.get("CALC_PROPERTY_EXAMPLES", 400)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
VARIABLES = ("a", "b", "c", "d")


def _whole(x):
    if isinstance(x, bool) or not (isinstance(x, int) or (isinstance(x, float) and x.is_integer()) or (isinstance(x, Fraction) and x.denominator == 1)):
        raise ValueError("not whole")
    return int(x)


def _natural(x):
    n = _whole(x)
    if n < 0:
        raise ValueError("negative")
    return n


def _cbrt(x):
    """The correctly rounded real cube root (calc's promise), via 60 digits of mpmath."""
    import mpmath

    with mpmath.workdps(60):
        return math.copysign(float(mpmath.cbrt(mpmath.mpf(abs(float(x))))), float(x))


#: CPython's meaning of each builtin, for the reference value (arity: low, high)
PYTHON_BUILTINS = {
    "sqrt": (math.sqrt, 1, 1), "abs": (abs, 1, 1), "round": (round, 1, 1), "floor": (math.floor, 1, 1),
    "ceil": (math.ceil, 1, 1), "trunc": (math.trunc, 1, 1), "exp": (math.exp, 1, 1), "ln": (math.log, 1, 1),
    "log": (math.log, 1, 2), "log2": (math.log2, 1, 1), "log10": (math.log10, 1, 1), "sin": (math.sin, 1, 1),
    "cos": (math.cos, 1, 1), "tan": (math.tan, 1, 1), "asin": (math.asin, 1, 1), "acos": (math.acos, 1, 1),
    "atan": (math.atan, 1, 1), "atan2": (math.atan2, 2, 2), "sinh": (math.sinh, 1, 1), "cosh": (math.cosh, 1, 1),
    "tanh": (math.tanh, 1, 1), "degrees": (math.degrees, 1, 1), "radians": (math.radians, 1, 1),
    "hypot": (math.hypot, 1, 3), "min": (min, 1, 3), "max": (max, 1, 3),
    "gcd": (lambda *xs: math.gcd(*map(_whole, xs)), 1, 3), "lcm": (lambda *xs: math.lcm(*map(_whole, xs)), 1, 3),
    "factorial": (lambda n: math.factorial(_natural(n)), 1, 1),
    "comb": (lambda n, k: math.comb(_natural(n), _natural(k)), 2, 2),
    "perm": (lambda n, k: math.perm(_natural(n), _natural(k)), 2, 2),
    "cbrt": (_cbrt, 1, 1),
}


def test_every_builtin_is_generated():
    assert set(PYTHON_BUILTINS) == set(BUILTINS)


small = st.integers(min_value=0, max_value=12).map(str)
ints = st.integers(min_value=0, max_value=10**6).map(str)
decimals = st.decimals(min_value=0, max_value=10**3, places=2, allow_nan=False, allow_infinity=False).map(str)
names = st.sampled_from(VARIABLES)


@st.composite
def expressions(draw, depth=0):
    """(calc text, Python text) pairs: + - * / // % ^ unary -, !, builtins, variables, nesting."""
    if depth > 4 or draw(st.integers(0, 3)) == 0:
        leaf = draw(st.one_of(ints, decimals, names, names))
        return leaf, leaf
    kind = draw(st.sampled_from(["+", "-", "*", "/", "//", "%", "^", "neg", "group", "!", "call", "call", "if"]))
    if kind == "if":
        condition = draw(conditions(depth + 1))
        (then_calc, then_py), (else_calc, else_py) = draw(expressions(depth + 1)), draw(expressions(depth + 1))
        return f"(if {condition[0]} then {then_calc} else {else_calc})", f"(({then_py}) if {condition[1]} else ({else_py}))"
    if kind == "neg":
        calc, py = draw(expressions(depth + 1))
        return f"-({calc})", f"-({py})"
    if kind == "group":
        calc, py = draw(expressions(depth + 1))
        return f"({calc})", f"({py})"
    if kind == "!":  # small literals only: the reference has no size limit
        n = draw(small)
        return f"{n}!", f"_FACT({n})"
    if kind == "call":
        name = draw(st.sampled_from(sorted(PYTHON_BUILTINS)))
        _, low, high = PYTHON_BUILTINS[name]
        count = draw(st.integers(low, high))
        if name in ("factorial", "comb", "perm", "gcd", "lcm"):  # whole numbers, small: no limits in play
            args = [(n, n) for n in draw(st.lists(small, min_size=count, max_size=count))]
        else:
            args = [draw(expressions(depth + 1)) for _ in range(count)]
        return f"{name}({', '.join(a for a, _ in args)})", f"_F_{name}({', '.join(p for _, p in args)})"
    left_calc, left_py = draw(expressions(depth + 1))
    if kind == "^":
        exponent = draw(st.integers(-3, 4))
        return f"({left_calc}) ^ ({exponent})", f"({left_py}) ** ({exponent})"
    right_calc, right_py = draw(expressions(depth + 1))
    return f"({left_calc}) {kind} ({right_calc})", f"({left_py}) {kind} ({right_py})"


COMPARISONS = ["<", "<=", ">", ">=", "==", "!="]


@st.composite
def conditions(draw, depth=0):
    """(calc, Python) boolean expressions: comparison chains, and, or, not, true, false."""
    kind = draw(st.sampled_from(["cmp", "cmp", "cmp", "and", "or", "not", "literal"] if depth < 4 else ["cmp", "literal"]))
    if kind == "literal":
        value = draw(st.booleans())
        return ("true" if value else "false"), str(value)
    if kind == "cmp":
        operands = [draw(expressions(depth + 2)) for _ in range(draw(st.integers(2, 3)))]
        calc, py = operands[0]
        for operand in operands[1:]:
            op = draw(st.sampled_from(COMPARISONS))
            calc, py = f"{calc} {op} ({operand[0]})", f"{py} {op} ({operand[1]})"
        return f"({calc})", f"({py})"
    if kind == "not":
        inner = draw(conditions(depth + 1))
        return f"(not {inner[0]})", f"(not {inner[1]})"
    left, right = draw(conditions(depth + 1)), draw(conditions(depth + 1))
    word = "and" if kind == "and" else "or"
    return f"({left[0]} {word} {right[0]})", f"({left[1]} {word} {right[1]})"


@SETTINGS
@given(conditions(), st.fixed_dictionaries({name: st.integers(-5, 5) for name in VARIABLES}))
def test_conditions_agree_across_paths_and_with_cpython(pair, variables):
    calc_text, py_text = pair
    expression = parse(calc_text)
    assert expression._fast is not None  # conditions compile into the fast path, no fallback
    once = outcome(lambda: expression.evaluate(variables))
    whole = outcome(lambda: evaluate(calc_text, variables))
    assert once == whole and type(once) is type(whole), (calc_text, variables, once, whole)
    expected = python_value(py_text, variables, exact=False)
    if whole.__class__ is tuple or expected == "error":
        return
    assert whole is expected, (calc_text, variables, whole, expected)


variable_values = st.fixed_dictionaries(
    {name: st.one_of(st.integers(-50, 50), st.floats(-50, 50, allow_nan=False).map(lambda x: round(x, 2))) for name in VARIABLES}
)


def python_value(text, variables, exact):
    namespace = {f"_F_{name}": function for name, (function, _, _) in PYTHON_BUILTINS.items()}
    namespace["_FACT"] = math.factorial
    namespace["_FD"] = lambda a, b: Fraction(a // b)
    if exact:
        import re

        text = re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)", r"F('\1')", text)
        namespace["F"] = Fraction
        variables = {k: Fraction(str(v)) if isinstance(v, float) else Fraction(v) for k, v in variables.items()}
    namespace.update(variables)
    try:
        value = eval(text, namespace)  # noqa: S307 - our own generated arithmetic only
    except (ZeroDivisionError, OverflowError, ValueError, TypeError):
        return "error"
    if isinstance(value, complex) or (isinstance(value, float) and not math.isfinite(value)):
        return "error"
    return value


def outcome(function):
    try:
        return function()
    except CalculatorError as error:
        return ("error", error.code, error.line, error.column)


def close(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


@SETTINGS
@given(expressions(), variable_values)
def test_parse_once_agrees_with_evaluate_and_cpython(pair, variables):
    calc_text, py_text = pair
    once = outcome(lambda: parse(calc_text).evaluate(variables))
    twice = parse(calc_text)
    whole = outcome(lambda: evaluate(calc_text, variables))
    # the two paths of calc agree exactly: value, type, or the same error at the same place
    assert once == whole, (calc_text, variables, once, whole)
    assert type(once) is type(whole), (calc_text, once, whole)
    assert outcome(lambda: twice.evaluate(variables)) == once  # evaluating again changes nothing
    expected = python_value(py_text, variables, exact=False)
    if whole.__class__ is tuple or expected == "error":
        return  # calc's limits and Python's exceptions differ in wording, not in the values checked above
    assert close(whole, expected), (calc_text, variables, whole, expected)


ARITHMETIC = st.sampled_from(["+", "-", "*", "/", "//", "%"])


@st.composite
def exact_expressions(draw, depth=0):
    if depth > 4 or draw(st.integers(0, 2)) == 0:
        leaf = draw(st.one_of(ints, decimals, names))
        return leaf, leaf
    op = draw(ARITHMETIC)
    left, right = draw(exact_expressions(depth + 1)), draw(exact_expressions(depth + 1))
    if op == "//":  # Python's Fraction // gives an int; calc's exact values stay fractions
        return f"({left[0]}) // ({right[0]})", f"_FD({left[1]}, {right[1]})"
    return f"({left[0]}) {op} ({right[0]})", f"({left[1]}) {op} ({right[1]})"


@SETTINGS
@given(exact_expressions(), st.fixed_dictionaries({name: st.integers(-50, 50) for name in VARIABLES}))
def test_exact_parse_once_agrees_with_fractions(pair, variables):
    calc_text, py_text = pair
    once = outcome(lambda: parse(calc_text, exact=True).evaluate(variables))
    whole = outcome(lambda: evaluate(calc_text, variables, exact=True))
    assert once == whole, (calc_text, variables, once, whole)
    expected = python_value(py_text, variables, exact=True)
    if expected == "error":
        assert whole[0] == "error", (calc_text, whole)
        return
    assert whole == expected and isinstance(whole, Fraction), (calc_text, variables, whole, expected)


# The reports that found the bug, kept as plain examples.
@pytest.mark.parametrize(
    "text, variables, expected",
    [
        ("2*3 + 4*5 + 6*7", {}, 68),
        ("a - b - c*d", {"a": 10, "b": 1, "c": 2, "d": 3}, 3),
        ("a*b + c*d", {"a": 1.5, "b": 2, "c": 3, "d": 4.5}, 16.5),
        ("2^a + 3^b + 4^c", {"a": 2, "b": 2, "c": 2}, 29),
        ("sqrt(a) + sqrt(b) * sqrt(c)", {"a": 4, "b": 9, "c": 16}, 14.0),
    ],
)
def test_sibling_operations_keep_their_own_operands(text, variables, expected):
    value = parse(text).evaluate(variables)
    assert value == expected and type(value) is type(expected)


def test_a_session_parse_agrees_with_the_session():
    session = calculator.Calculator()
    session.evaluate("f(x) = x*2 + 1")
    expression = session.parse("f(a) * 3 + a*a")
    assert expression.evaluate(a=4) == session.evaluate("a = 4; f(a) * 3 + a*a") == 43


def test_no_builtin_returns_inf_on_any_path():
    # degrees(1e308) is inf in the math module; both of calc's paths refuse it
    for run in (lambda: evaluate("degrees(x)", {"x": 1e308}), lambda: parse("degrees(x)").evaluate(x=1e308)):
        with pytest.raises(calculator.NumberTooLargeError):
            run()


# -- the plain body: no size checks where the bounds prove them needless -----------------------

def test_plain_body_gives_exact_ints_at_the_edge_of_64_bits():
    big = 2**63 - 1
    assert parse("x^5 - x*x + (x // 7) % 5").evaluate(x=big) == big**5 - big * big + (big // 7) % 5
    assert parse("x^100").evaluate(x=big) == big**100  # 6,300 bits: the checked path, same answer
    assert parse("x + 1").evaluate(x=2**63) == 2**63 + 1  # over 64 bits: the guarded body


def test_plain_body_keeps_the_checks_that_depend_on_values():
    with pytest.raises(calculator.LimitError) as info:
        parse("1 + 2^x").evaluate(x=10**6)  # the exponent is a variable: its check stays
    assert info.value.column == 5
    with pytest.raises(calculator.LimitError):
        parse("x!").evaluate(x=10**6)
    with pytest.raises(calculator.LimitError):
        parse("comb(x, x // 2)").evaluate(x=10**6)


def test_plain_body_respects_a_small_digit_limit():
    tight = calculator.Limits(max_digits=30)
    for text, x in (("x^3", 2**62), ("x * x * x * x", 2**40), ("(x + 1)^2 * x", 2**50)):
        with pytest.raises(calculator.LimitError):  # about 56, 49 and 46 digits
            evaluate(text, {"x": x}, limits=tight)
        with pytest.raises(calculator.LimitError):
            parse(text, limits=tight).evaluate(x=x)
    assert parse("x * x", limits=tight).evaluate(x=2**40) == 2**80  # 25 digits: allowed


def test_booleans_and_fractions_take_the_checked_paths():
    assert parse("if x then y * 2 else 0").evaluate(x=True, y=21) == 42
    assert parse("x * 3").evaluate(x=Fraction(1, 3)) == 1
    with pytest.raises(calculator.CalcTypeError):
        parse("x + 1").evaluate(x=True)


def test_every_way_of_passing_variables_gives_the_same_value():
    expression = parse("x^2 + 3*y - 1/(x+1)")
    want = 2**2 + 3 * 5 - 1 / 3
    assert expression.evaluate(x=2, y=5) == expression.evaluate({"x": 2, "y": 5}) == want
    assert expression.evaluate({"x": 2}, y=5) == expression.evaluate({"x": 9, "y": 5}, x=2) == want  # keywords win
    with pytest.raises(calculator.UnknownNameError):
        expression.evaluate(x=2)
    for name in ("float", "more", "names", "lambda"):  # names the generated code uses itself
        assert parse(f"{name} * 2").evaluate({name: 21}) == 42
