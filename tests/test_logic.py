"""The logic language: booleans, comparisons, and/or/not, if/then/else, recursion.

Examples with their values, type errors and syntax errors with messages and columns, saved sessions
that hold booleans and piecewise or recursive functions, and property tests that compare generated
boolean/conditional expressions with CPython (floats) and fractions.Fraction (exact mode).
"""

import re
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calculator
from calculator import CalcSyntaxError, CalcTypeError, Calculator, CalculatorError, evaluate
from support import run_calc

TAX = (
    "tax(income) = if income <= 10000 then 0 else if income <= 40000 then (income - 10000) * 0.2 "
    "else 6000 + (income - 40000) * 0.4"
)


# -- values ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, value",
    [
        ("true", True), ("false", False),
        ("1 < 2", True), ("2 <= 2", True), ("3 > 4", False), ("4 >= 5", False),
        ("1 == 1.0", True), ("1 != 1", False), ("0.5 == 1/2", True),
        ("1 < 2 < 3", True), ("1 < 3 < 2", False), ("3 > 2 > 1 >= 1", True), ("1 < 2 == 2 != 3", True),
        ("1 < 3 > 2", True),  # as in Python: 1 < 3 and 3 > 2
        ("true == true", True), ("true != false", True), ("(1 < 2) == (2 < 3)", True),
        ("not true", False), ("not not true", True), ("not 1 == 2", True),  # not (1 == 2)
        ("true and false", False), ("false or true", True),
        ("true or false and false", True),  # and binds tighter: true or (false and false)
        ("not false and false", False),  # not binds tighter than and: (not false) and false
        ("if 1 < 2 then 10 else 20", 10), ("if 1 > 2 then 10 else 20", 20),
        ("if false then 1 else if false then 2 else 3", 3),
        ("2 + (if true then 1 else 0)", 3),
        ("if true then 1 else 2 + 3", 1), ("if false then 1 else 2 + 3", 5),  # the else branch takes the sum
        ("if 1 < 2 then true else false", True),
        ("x = 3; 1 < x < 9", True), ("x = 3; 1 < x + 7 < 9", False),
        ("flag = 1 < 2; flag and true", True),
        ("2 < 3 and 3 < 4 or 1 / 0 > 0", True),
    ],
)
def test_values(text, value):
    got = evaluate(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    "text", ["false and 1/0 > 0", "true or 1/0 > 0", "if false then 1/0 else 2", "if true then 2 else ln(-1)",
             "1 > 2 < 1/0", "false and 9^9^9^9 > 0", "true or comb(10^6, 5*10^5) > 0", "if false then undefined_name else 2"],
)
def test_the_branch_not_taken_never_runs(text):
    assert evaluate(text) in (False, True, 2)


def test_each_operand_of_a_chain_is_evaluated_once():
    steps = calculator.explain("1 < 2 + 3 < 9")
    assert [s.function for s in steps] == ["basic.add", "basic.less", "basic.less"]


def test_recursion_piecewise_and_mutual():
    session = Calculator()
    session.evaluate(TAX)
    assert [session.evaluate(f"tax({n})") for n in (5000, 10000, 25000, 40000, 50000)] == [0, 0, 3000.0, 6000.0, 10000.0]
    session.evaluate("fact(n) = if n <= 1 then 1 else n * fact(n - 1)")
    assert session.evaluate("fact(25)") == 15511210043330985984000000
    session.evaluate("fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)")
    assert session.evaluate("fib(20)") == 6765
    session.evaluate("even(n) = if n == 0 then true else odd(n - 1); odd(n) = if n == 0 then false else even(n - 1)")
    assert session.evaluate("even(10)") is True and session.evaluate("odd(7)") is True and session.evaluate("even(9999)") is False


def test_exact_mode_compares_the_decimals_exactly():
    assert evaluate("0.1 + 0.2 == 0.3") is False
    assert evaluate("0.1 + 0.2 == 0.3", exact=True) is True
    assert evaluate("if 1/3 * 3 == 1 then 1/2 else 0", exact=True) == Fraction(1, 2)


def test_booleans_print_as_true_and_false():
    result = run_calc("-e", "1 < 2", "-e", "not true", "-e", "flag = 2 > 1", "-e", "flag")
    assert result.stdout == b"true\nfalse\ntrue\n" and result.returncode == 0  # an assignment prints nothing


# -- type errors and syntax errors -------------------------------------------------------------

NEEDS_NUMBERS = "needs numbers, not the boolean true; to count a condition as a number, write (if c then 1 else 0)"


@pytest.mark.parametrize(
    "text, column, message",
    [
        ("true + 1", 1, "'+' " + NEEDS_NUMBERS),
        ("x = true; x * 2", 11, "'*' " + NEEDS_NUMBERS),
        ("-true", 1, "unary '-' " + NEEDS_NUMBERS),
        ("sqrt(true)", 1, "sqrt() " + NEEDS_NUMBERS),
        ("1 < true", 1, "'<' compares numbers, not the boolean true"),
        ("(1 < 2) < 3", 1, "'<' compares numbers, not the boolean true"),
        ("1 == true", 1, "'==' compares two numbers or two booleans, not a boolean with a number"),
        ("1 < 2 > 0 == true", 9, "'==' compares two numbers or two booleans, not a boolean with a number"),
        ("if 1 then 2 else 3", 4, "the condition of 'if' needs true or false, not the number 1; compare it, as in if x != 0 then …"),
        ("1 and true", 1, "'and' needs true or false, not the number 1; compare it, as in x != 0 and …"),
        ("true and 1", 10, "'and' needs true or false, not the number 1; compare it, as in x != 0 and …"),
        ("false or 2", 10, "'or' needs true or false, not the number 2; compare it, as in x != 0 or …"),
        ("not 1", 1, "'not' needs true or false, not the number 1; compare it, as in not (x == 0)"),
        ("f(n) = if n then 1 else 0; f(2)", 28, "the condition of 'if' needs true or false, not the number 2; compare it, "
         "as in if x != 0 then … (in f(n) = if n then 1 else 0)"),
    ],
)
def test_type_errors(text, column, message):
    with pytest.raises(CalcTypeError) as caught:
        evaluate(text)
    assert (caught.value.column, caught.value.message) == (column, message)
    assert caught.value.code == "type-error"


@pytest.mark.parametrize(
    "text, column, message",
    [
        ("if 1 < 2 then 3", 16, "expected 'else': an if needs both branches, as in if c then a else b"),
        ("f(x) = if x < 0 then 0", 23, "expected 'else': an if needs both branches, as in if c then a else b"),
        ("if 1 < 2 3 else 4", 10, "expected 'then' before '3', as in if c then a else b"),
        ("if true else 2", 9, "expected 'then' before 'else', as in if c then a else b"),
        ("1 if true else 2", 3, "unexpected 'if': calc writes a conditional as if c then a else b"),
        ("if true then 1 else", 20, "expected a number, name or '(' after 'else'"),
        ("1 <", 4, "expected a number, name or '(' after '<'"),
    ],
)
def test_syntax_errors(text, column, message):
    with pytest.raises(CalcSyntaxError) as caught:
        evaluate(text)
    assert (caught.value.column, caught.value.message) == (column, message)


# -- sessions: save and load -------------------------------------------------------------------

def test_save_and_load_round_trip_booleans_and_piecewise_recursive_functions():
    session = Calculator()
    session.evaluate(f"flag = true; off = 1 > 2; rate = 0.1; {TAX}")
    session.evaluate("fact(n) = if n <= 1 then 1 else n * fact(n - 1)")
    session.evaluate("even(n) = if n == 0 then true else odd(n - 1); odd(n) = if n == 0 then false else even(n - 1)")
    text = session.save_text()
    assert text.splitlines()[1:] == [
        "flag = true",
        "off = false",
        "rate = 0.1  # float",
        TAX,
        "fact(n) = if n <= 1 then 1 else n * fact(n - 1)",
        "even(n) = if n == 0 then true else odd(n - 1)",
        "odd(n) = if n == 0 then false else even(n - 1)",
    ]
    for exact in (False, True):
        loaded = Calculator(exact=exact)
        assert loaded.load_text(text) == []
        assert loaded.variables == {"flag": True, "off": False, "rate": 0.1}
        assert type(loaded.variables["flag"]) is bool
        assert loaded.evaluate("tax(50000)") == 10000 and loaded.evaluate("fact(20)") == 2432902008176640000
        assert loaded.evaluate("even(10) and not odd(10) and flag and not off") is True
        assert loaded.save_text() == text


def test_calc_i_reads_a_saved_session_with_booleans(tmp_path):
    session = Calculator()
    session.evaluate(f"flag = 2 > 1; {TAX}; fact(n) = if n <= 1 then 1 else n * fact(n - 1)")
    (tmp_path / "saved.calc").write_text(session.save_text())
    result = run_calc("-i", "saved.calc", input="flag\nnot flag\ntax(25000)\nfact(10)\n", cwd=tmp_path)
    assert result.stderr == b""
    assert result.stdout.decode().splitlines() == ["true", "false", "3000.0", "3628800"]


# -- property tests: calc against CPython and Fraction -----------------------------------------

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ints = st.integers(min_value=0, max_value=20).map(str)
decimals = st.decimals(min_value=0, max_value=20, places=1, allow_nan=False, allow_infinity=False).map(str)
COMPARE = ["<", "<=", ">", ">=", "==", "!="]


@st.composite
def numbers(draw, depth=0):
    """(calc, Python) text pairs of number-valued expressions, some holding conditionals."""
    if depth > 3 or draw(st.integers(0, 2)) == 0:
        literal = draw(st.one_of(ints, decimals))
        return literal, literal
    kind = draw(st.sampled_from(["+", "-", "*", "/", "neg", "if"]))
    if kind == "neg":
        calc, py = draw(numbers(depth + 1))
        return f"-({calc})", f"-({py})"
    if kind == "if":  # a conditional as an operand needs its parentheses in both languages
        c_calc, c_py = draw(conditions(depth + 1))
        a_calc, a_py = draw(numbers(depth + 1))
        b_calc, b_py = draw(numbers(depth + 1))
        return f"(if {c_calc} then {a_calc} else {b_calc})", f"({a_py} if {c_py} else {b_py})"
    a_calc, a_py = draw(numbers(depth + 1))
    b_calc, b_py = draw(numbers(depth + 1))
    return f"{a_calc} {kind} ({b_calc})", f"{a_py} {kind} ({b_py})"


@st.composite
def conditions(draw, depth=0):
    """(calc, Python) pairs of boolean-valued expressions, written without needless parentheses:
    both languages give or, and, not, comparisons and arithmetic the same precedence."""
    if depth > 3:
        word = draw(st.sampled_from(["true", "false"]))
        return word, word.capitalize()
    kind = draw(st.sampled_from(["literal", "chain", "chain", "not", "and", "or", "paren", "bool-eq", "if"]))
    if kind == "literal":
        word = draw(st.sampled_from(["true", "false"]))
        return word, word.capitalize()
    if kind == "chain":  # 1 < x <= 9 …: chained as in Python
        first = draw(numbers(depth + 1))
        calc, py = [first[0]], [first[1]]
        for _ in range(draw(st.integers(1, 3))):
            op = draw(st.sampled_from(COMPARE))
            n_calc, n_py = draw(numbers(depth + 1))
            calc += [op, n_calc]
            py += [op, n_py]
        return " ".join(calc), " ".join(py)
    if kind == "not":
        calc, py = draw(conditions(depth + 1))
        return f"not {calc}", f"not {py}"  # not binds looser than comparisons, tighter than and/or
    if kind in ("and", "or"):
        a_calc, a_py = draw(conditions(depth + 1))
        b_calc, b_py = draw(conditions(depth + 1))
        return f"{a_calc} {kind} {b_calc}", f"{a_py} {kind} {b_py}"
    if kind == "bool-eq":  # booleans compare with booleans
        a_calc, a_py = draw(conditions(depth + 1))
        b_calc, b_py = draw(conditions(depth + 1))
        op = draw(st.sampled_from(["==", "!="]))
        return f"({a_calc}) {op} ({b_calc})", f"({a_py}) {op} ({b_py})"
    if kind == "if":
        c_calc, c_py = draw(conditions(depth + 1))
        a_calc, a_py = draw(conditions(depth + 1))
        b_calc, b_py = draw(conditions(depth + 1))
        return f"(if {c_calc} then {a_calc} else {b_calc})", f"({a_py} if {c_py} else {b_py})"
    calc, py = draw(conditions(depth + 1))
    return f"({calc})", f"({py})"


@st.composite
def programs(draw):
    """A whole line: a condition, a number, or a top-level else-if chain of either."""
    kind = draw(st.sampled_from(["condition", "number", "chain"]))
    if kind == "condition":
        return draw(conditions())
    if kind == "number":
        return draw(numbers())
    arms = draw(st.lists(st.tuples(conditions(1), numbers(1)), min_size=1, max_size=4))
    last_calc, last_py = draw(numbers(1))
    calc = " else ".join(f"if {c[0]} then {n[0]}" for c, n in arms) + f" else {last_calc}"
    py = " else ".join(f"{n[1]} if {c[1]}" for c, n in arms) + f" else {last_py}"
    return calc, py


def python_value(text, exact):
    if exact:
        text = re.sub(r"(\d+(?:\.\d+)?)", r"F('\1')", text)
    try:
        return eval(text, {"F": Fraction})  # noqa: S307 - our own generated expressions only
    except ZeroDivisionError:
        return "error"


def calc_value(text, exact):
    try:
        return evaluate(text, exact=exact)
    except CalculatorError as error:
        assert error.code == "division-by-zero", (text, error)  # the only error the generator can make
        return "error"


@SETTINGS
@given(programs())
def test_logic_agrees_with_cpython(pair):
    calc_text, py_text = pair
    expected = python_value(py_text, exact=False)
    got = calc_value(calc_text, exact=False)
    assert got == expected and type(got) is type(expected), (calc_text, py_text, got, expected)


@SETTINGS
@given(programs())
def test_logic_in_exact_mode_agrees_with_fractions(pair):
    calc_text, py_text = pair
    expected = python_value(py_text, exact=True)
    got = calc_value(calc_text, exact=True)
    assert got == expected, (calc_text, py_text, got, expected)
    assert (type(got) is bool) is (type(expected) is bool), (calc_text, got, expected)


@SETTINGS
@given(programs())
def test_explain_reading_reads_back_to_the_same_value(pair):
    from calculator.explain import reading
    from calculator.parser import parse_statement

    calc_text = pair[0]
    shown = reading(parse_statement(calc_text)[1])
    for exact in (False, True):
        assert calc_value(shown, exact) == calc_value(calc_text, exact), (calc_text, shown)
