"""Explain, ambiguity warnings and --json: views over the one parser and evaluator."""

import json
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest

import calculator
from calculator import Calculator, Step
from calculator.explain import reading
from calculator.parser import parse_statement
from support import run_calc

SCHEMA = json.loads((Path(calculator.__file__).parent / "output.schema.json").read_text())


# -- explain ---------------------------------------------------------------------------------

def test_explain_returns_steps_as_data():
    steps = calculator.explain("2 + 3 * 4")
    assert list(steps) == [
        Step("advanced.multiply", (3, 4), 12, 1, 5),
        Step("basic.add", (2, 12), 14, 1, 1),
    ]
    assert steps.readings == ["2 + (3 * 4)"] and steps.value == 14 and steps.error is None


def test_explain_names_builtins_and_nests_user_functions():
    session = Calculator()
    session.evaluate("f(x) = x^2 + 1")
    steps = session.explain("y = f(3) + sqrt(16)")
    assert [(s.function, s.args, s.result, s.column, s.depth) for s in steps] == [
        ("f", (3,), 10, 5, 0),
        ("advanced.power", (3, 2), 9, 5, 1),
        ("basic.add", (9, 1), 10, 5, 1),
        ("functions.sqrt", (16,), 4.0, 12, 0),
        ("basic.add", (10, 4.0), 14.0, 5, 0),
    ]
    assert session.variables["y"] == 14.0  # explain runs for real


def test_explain_keeps_the_steps_up_to_a_failure():
    steps = calculator.explain("2 * 3 - 7 % 0", variables=None)
    assert [(s.function, s.failed) for s in steps] == [("advanced.multiply", False), ("advanced.modulo", True)]
    assert steps.error.message == "Cannot divide by zero" and steps.error.column == 9


@pytest.mark.parametrize(
    "text, expected",
    [("2 + 3 * 4", "2 + (3 * 4)"), ("-2^2", "-(2 ^ 2)"), ("2^3^2", "2 ^ (3 ^ 2)"), ("(1+2)*3", "(1 + 2) * 3"),
     ("-x!", "-(x!)"), ("max(1+2, 3)", "max(1 + 2, 3)"), ("1 - 2 - 3", "(1 - 2) - 3"), ("((4))", "4")],
)
def test_reading_writes_every_implied_parenthesis(text, expected):
    assert reading(parse_statement(text)[1]) == expected


def test_reading_of_a_very_deep_tree_does_not_recurse():
    assert reading(parse_statement("-" * 20000 + "1")[1]) == "-(" * 19999 + "-1" + ")" * 19999


@pytest.mark.parametrize(
    "text, expected, compact",
    [
        ("true", "true", "true"),
        ("1 < x <= 9", "1 < x <= 9", "1<x<=9"),
        ("1 < x + 1 < 9", "1 < (x + 1) < 9", "1<(x+1)<9"),
        ("-x == 2^3", "(-x) == (2 ^ 3)", "(-x)==(2^3)"),
        ("(1 < 2) == true", "(1 < 2) == true", "(1<2)==true"),
        ("not a == b", "not (a == b)", "not (a==b)"),
        ("not not true", "not (not true)", "not (not true)"),
        ("a or b and c", "a or (b and c)", "a or (b and c)"),
        ("a and b or c", "(a and b) or c", "(a and b) or c"),
        ("a and b and c", "(a and b) and c", "(a and b) and c"),
        ("x > 0 and not y", "(x > 0) and (not y)", "(x>0) and (not y)"),
        ("if x < 0 then -x else x", "if x < 0 then -x else x", "if x<0 then -x else x"),
        ("if c then 1 else 2 + 3", "if c then 1 else (2 + 3)", "if c then 1 else (2+3)"),
        ("if a then 1 else if b then 2 else 3", "if a then 1 else if b then 2 else 3", "if a then 1 else if b then 2 else 3"),
        ("if a then 1 else (if b then 2 else 3)", "if a then 1 else if b then 2 else 3", "if a then 1 else if b then 2 else 3"),
        ("if a then if b then 1 else 2 else 3", "if a then (if b then 1 else 2) else 3", "if a then (if b then 1 else 2) else 3"),
        ("if (if a then b else c) then 1 else 2", "if (if a then b else c) then 1 else 2", "if (if a then b else c) then 1 else 2"),
        ("1 + (if c then 2 else 3)", "1 + (if c then 2 else 3)", "1+(if c then 2 else 3)"),
        ("f(if a then 1 else 2)", "f(if a then 1 else 2)", "f(if a then 1 else 2)"),
    ],
)
def test_reading_of_logic_and_conditionals(text, expected, compact):
    tree = parse_statement(text)[1]
    assert reading(tree) == expected
    assert reading(tree, compact=True) == compact


def test_reading_of_10000_deep_logic_does_not_recurse():
    chain = "".join(f"if x == {i} then {i} else " for i in range(10_000)) + "0"
    assert reading(parse_statement(chain)[1]) == chain  # an else-if chain stays flat
    nots = "not " * 10_000 + "true"
    assert reading(parse_statement(nots)[1]) == "not (" * 9_999 + "not true" + ")" * 9_999
    nested = "if true then " * 10_000 + "1" + " else 2" * 10_000
    assert reading(parse_statement(nested)[1]) == "if true then (" * 9_999 + "if true then 1 else 2" + ") else 2" * 9_999


def test_explain_records_comparisons_and_the_branch_an_if_took():
    steps = calculator.explain("if 1 < 2 then 3 else 4")
    assert list(steps) == [Step("basic.less", (1, 2), True, 1, 4), Step("if", (True,), "then", 1, 4)]
    assert steps.readings == ["if 1 < 2 then 3 else 4"] and steps.value == 3
    steps = calculator.explain("x = 5; if x < 0 then -x else x * 2")
    assert [(s.function, s.args, s.result, s.column) for s in steps] == [
        ("basic.less", (5, 0), False, 11), ("if", (False,), "else", 11), ("advanced.multiply", (5, 2), 10, 30),
    ]


def test_explain_records_a_short_circuit_and_nothing_of_the_side_skipped():
    steps = calculator.explain("false and 1/0 > 0")
    assert list(steps) == [Step("and", (False,), False, 1, 1)] and steps.value is False
    steps = calculator.explain("1 > 2 or 3 < 4")  # not decided by the left: the right side runs
    assert [s.function for s in steps] == ["basic.greater", "basic.less"] and steps.value is True
    steps = calculator.explain("1 < 2 or 1/0 > 0")
    assert [(s.function, s.args, s.result, s.column) for s in steps] == [("basic.less", (1, 2), True, 1), ("or", (True,), True, 1)]


def test_explain_a_recursive_function_shows_each_branch_at_its_depth():
    result = run_calc("--explain", "-e", "f(n) = if n <= 1 then 1 else n * f(n - 1)", "-e", "f(2) == 2", "-e", "true or 1 / 0 > 0")
    assert result.stdout.decode() == (
        "f(n) = if n <= 1 then 1 else (n * f(n - 1))\n"
        "f(2) == 2\n"
        "  f(2) = 2\n"
        "    basic.less_equal(2, 1) = false\n"
        "    if false → else\n"
        "    basic.subtract(2, 1) = 1\n"
        "    f(1) = 1\n"
        "      basic.less_equal(1, 1) = true\n"
        "      if true → then\n"
        "    advanced.multiply(2, 1) = 2\n"
        "  basic.equal(2, 2) = true\n"
        "= true\n"
        "true or ((1 / 0) > 0)\n"
        "  true or … → true (the right side is not evaluated)\n"
        "= true\n"
    )
    assert result.stderr == b"" and result.returncode == 0


def test_explain_a_condition_that_is_no_boolean_records_no_branch():
    steps = calculator.explain("if 2 + 2 then 1 else 0")
    assert [s.function for s in steps] == ["basic.add"]
    assert steps.error.code == "type-error" and steps.error.column == 4


def test_explain_at_the_prompt_reads_logic():
    from calculator.commands import _explain

    assert _explain(Calculator(), "not 1 < 2").splitlines() == [
        "not (1 < 2)", "  basic.less(1, 2) = true", "  basic.logical_not(true) = false", "= false",
    ]


def test_explain_on_the_command_line():
    result = run_calc("--explain", "-e", "2 + 3 * 4", "-e", "2 * 3 - 7 % 0")
    assert result.stdout.decode() == (
        "2 + (3 * 4)\n  advanced.multiply(3, 4) = 12\n  basic.add(2, 12) = 14\n= 14\n"
        "(2 * 3) - (7 % 0)\n  advanced.multiply(2, 3) = 6\n  advanced.modulo(7, 0) fails\n"
    )
    assert result.stderr.decode().startswith("<expr>:1:9: error: Cannot divide by zero\n")
    assert result.returncode == 1


def test_tracing_off_uses_the_plain_dispatch():
    from calculator.evaluator import Dispatch, compile_tree
    from calculator.limits import DEFAULT_LIMITS

    program = compile_tree(parse_statement("2 * x")[1], Dispatch(DEFAULT_LIMITS), False, known={"x": 3})
    # the plain dispatch's multiply is the guarded basic/advanced function, no recorder around it
    assert program[-1][1].__wrapped__ is calculator.advanced.multiply
    # a name that may hold a boolean adds only the type check around the same function
    program = compile_tree(parse_statement("2 * x")[1], Dispatch(DEFAULT_LIMITS), False)
    assert program[-1][1].__wrapped__.__wrapped__ is calculator.advanced.multiply


# -- lint ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, code, column, message",
    [
        ("-2^2", "unary-minus-power", 1, "-2^2 is read as -(2^2) = -4, not (-2)^2 = 4"),
        ("2^3^2", "power-tower", 1, "2^3^2 is read as 2^(3^2) = 512, not (2^3)^2 = 64"),
        ("1 + 1/2*4", "division-chain", 5, "1/2*4 is read as (1/2)*4 = 2.0, not 1/(2*4) = 0.125"),
        ("8/2/2", "division-chain", 1, "8/2/2 is read as (8/2)/2 = 2.0, not 8/(2/2) = 8.0"),
        ("9//2%4", "division-chain", 1, "9//2%4 is read as (9//2)%4 = 0, not 9//(2%4) = 4"),
        ("2^3!", "power-factorial", 1, "2^3! is read as 2^(3!) = 64, not (2^3)! = 40320"),
        ("x = 3; 1/2*x", "division-chain", 8, "1/2*x is read as (1/2)*x = 1.5, not 1/(2*x) = 0.166666666666667"),
        ("f(x) = -x^2", "unary-minus-power", 8, "-x^2 is read as -(x^2), not (-x)^2"),
        ("2^-1^2.5", "unary-minus-power", 3, "-1^2.5 is read as -(1^2.5) = -1.0, not (-1)^2.5 (which fails: a negative number raised to a non-integer power has no real value)"),
        ("10^10^2", "power-tower", 1, "10^10^2 is read as 10^(10^2) = 1.00000000000000e+100 (101 digits), not (10^10)^2 = 100000000000000000000"),
    ],
)
def test_ambiguity_warnings(text, code, column, message):
    warnings = calculator.lint(text)
    assert [(w.code, w.column, w.message) for w in warnings] == [(code, column, message)]


def test_other_reading_that_fails_is_said():
    (warning,) = calculator.lint("(-8)^2^(1/2) ")
    assert warning.other_error is None or warning.other_error
    (warning,) = calculator.lint("-2^0.5")
    assert warning.message == "-2^0.5 is read as -(2^0.5) = -1.4142135623731, not (-2)^0.5 (which fails: a negative number raised to a non-integer power has no real value)"


@pytest.mark.parametrize("text", ["-2^3", "(-2)^2", "-(2^2)", "2^(3^2)", "(1/2)*x", "1/(2*x)", "4/2*1", "2^2^1", "8/2", "-x", "4/2/1"])
def test_no_warning_when_both_readings_agree_or_parentheses_were_written(text):
    assert calculator.lint(text, {"x": 3}) == []


EXACT = "computed exactly (--exact); or compare with a tolerance"


@pytest.mark.parametrize(
    "text, column, message",
    [
        ("0.1 + 0.2 == 0.3", 1, f"0.1 + 0.2 == 0.3 is false with floats, where 0.1 + 0.2 is 0.30000000000000004, but true {EXACT}: abs(0.1 + 0.2 - 0.3) < 1e-9"),
        ("0.1 * 3 != 0.3", 1, f"0.1 * 3 != 0.3 is true with floats, where 0.1 * 3 is 0.30000000000000004, but false {EXACT}: abs(0.1 * 3 - 0.3) >= 1e-9"),
        ("0.3 == 0.1 + 0.2", 1, f"0.3 == 0.1 + 0.2 is false with floats, where 0.1 + 0.2 is 0.30000000000000004, but true {EXACT}: abs(0.3 - (0.1 + 0.2)) < 1e-9"),
        ("x = 0.1; x * 3 == 0.3", 10, f"x * 3 == 0.3 is false with floats, where x * 3 is 0.30000000000000004, but true {EXACT}: abs(x * 3 - 0.3) < 1e-9"),
        ("1/10 + 2/10 <= 3/10", 1, f"1/10 + 2/10 <= 3/10 is false with floats, where 1/10 + 2/10 is 0.30000000000000004, but true {EXACT}: 1/10 + 2/10 <= 3/10 + 1e-9"),
        ("0 < 0.1 + 0.2 == 0.3 < 1", 5, f"0.1 + 0.2 == 0.3 is false with floats, where 0.1 + 0.2 is 0.30000000000000004, but true {EXACT}: abs(0.1 + 0.2 - 0.3) < 1e-9"),
        ("if 0.1 + 0.2 == 0.3 then 1 else 2", 4, f"0.1 + 0.2 == 0.3 is false with floats, where 0.1 + 0.2 is 0.30000000000000004, but true {EXACT}: abs(0.1 + 0.2 - 0.3) < 1e-9"),
        ("not 0.7 + 0.1 == 0.8", 5, f"0.7 + 0.1 == 0.8 is false with floats, where 0.7 + 0.1 is 0.7999999999999999, but true {EXACT}: abs(0.7 + 0.1 - 0.8) < 1e-9"),
        ("2/3 == 0.6666666666666666", 1, f"2/3 == 0.6666666666666666 is true with floats, where 2/3 is 0.6666666666666666, but false {EXACT}: abs(2/3 - 0.6666666666666666) < 1e-9"),
    ],
)
def test_float_equality_warnings(text, column, message):
    warnings = calculator.lint(text)
    assert [(w.code, w.column, w.message) for w in warnings] == [("float-equality", column, message)]


def test_float_equality_carries_both_readings_and_values():
    (warning,) = calculator.lint("0.1 + 0.2 == 0.3")
    assert (warning.end_column, warning.source, warning.reading, warning.value) == (17, "0.1 + 0.2 == 0.3", "(0.1+0.2)==0.3", False)
    assert (warning.other_reading, warning.other_value) == ("(0.1+0.2)==0.3 with exact decimals (--exact)", True)


@pytest.mark.parametrize(
    "text",
    ["1 + 2 == 3", "0.5 + 0.25 == 0.75", "(1/3) * 3 == 1", "sqrt(2)^2 == 2", "0.1 + 0.2 < 1", "1 < 2 < 3",
     "not 1 == 2", "true == (1 < 2)", "0.1 + 0.2 >= 0.3", "f(y) = y + 0.2 == 0.3", "x = 1; x / 10 == 0.1", "(1 < 2) == true"],
)
def test_no_float_equality_where_floats_and_exact_decimals_agree(text):
    assert [w.code for w in calculator.lint(text)] == []


def test_no_float_equality_in_exact_or_precision_mode():
    assert calculator.lint("0.1 + 0.2 == 0.3", exact=True) == []
    assert Calculator(precision=30).lint("0.1 + 0.2 == 0.3") == []
    assert calculator.lint("0.1 + 0.2 == 0.3", exact=False) != []


def test_lint_looks_inside_comparisons_and_every_branch():
    assert [(w.code, w.column) for w in calculator.lint("-2^2 < 0")] == [("unary-minus-power", 1)]
    assert [(w.code, w.column) for w in calculator.lint("if true then 2^3^2 else -2^2")] == [("power-tower", 14), ("unary-minus-power", 25)]


def test_lint_codes_are_documented_and_in_the_schema():
    import importlib

    lint_module = importlib.import_module("calculator.lint")  # the attribute calculator.lint is the function
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    codes = SCHEMA["$defs"]["warning"]["properties"]["code"]["enum"]
    assert "float-equality" in codes
    for code in codes:
        assert f"| `{code}` |" in readme, code
        assert f"  {code} " in lint_module.__doc__, code


def test_float_equality_on_the_command_line_and_in_json():
    result = run_calc("--lint", "-e", "0.1 + 0.2 == 0.3")
    assert result.stdout == b"false\n" and result.returncode == 0
    assert result.stderr.decode() == (
        f"<expr>:1:1: warning: 0.1 + 0.2 == 0.3 is false with floats, where 0.1 + 0.2 is 0.30000000000000004, but true {EXACT}: "
        "abs(0.1 + 0.2 - 0.3) < 1e-9\n    1 | 0.1 + 0.2 == 0.3\n      | ^~~~~~~~~~~~~~~~\n"
    )
    assert run_calc("--lint", "--exact", "-e", "0.1 + 0.2 == 0.3").stderr == b""
    result, objects = json_lines("--lint", "-e", "0.1 + 0.2 == 0.3")
    assert objects[0]["warnings"][0]["code"] == "float-equality"
    assert (objects[0]["warnings"][0]["value"], objects[0]["warnings"][0]["other_value"]) == ("false", "true")


def test_lint_leaves_the_session_alone():
    session = Calculator()
    session.lint("x = 3; 1/2*x")
    assert session.variables == {}


def test_lint_and_strict_on_the_command_line():
    result = run_calc("--lint", "-e", "-2^2")
    assert result.stdout == b"-4\n" and result.returncode == 0
    assert result.stderr.decode() == "<expr>:1:1: warning: -2^2 is read as -(2^2) = -4, not (-2)^2 = 4\n    1 | -2^2\n      | ^~~~\n"
    assert run_calc("-e", "-2^2").stderr == b""  # warnings only with --lint
    assert run_calc("--strict", "-e", "-2^2").returncode == 1
    assert run_calc("--strict", "-e", "(-2)^2").returncode == 0


# -- --json ----------------------------------------------------------------------------------

def json_lines(*args, **kwargs):
    result = run_calc("--json", *args, **kwargs)
    objects = [json.loads(line) for line in result.stdout.decode().splitlines()]
    for obj in objects:
        jsonschema.validate(obj, SCHEMA)
    return result, objects


def test_json_lines_validate_and_carry_values_as_text(tmp_path):
    (tmp_path / "a.calc").write_text("x = 2^100\nf(x) = x + 1\n7/4\n1/0\n0.5 * 3\n")
    result, objects = json_lines("--exact", "a.calc", cwd=tmp_path)
    assert result.stderr == b"" and result.returncode == 1
    assert objects == [
        {"source": "x = 2^100", "file": "a.calc", "line": 1, "column": 1, "name": "x", "value": str(2**100), "display": str(2**100), "type": "int"},
        {"source": "f(x) = x + 1", "file": "a.calc", "line": 2, "column": 1, "name": "f", "defined": "f(x) = x + 1"},
        {"source": "7/4", "file": "a.calc", "line": 3, "column": 1, "value": "7/4", "display": "7/4", "type": "fraction"},
        {"source": "1/0", "file": "a.calc", "line": 4, "column": 1, "error": {
            "code": "division-by-zero", "message": "Cannot divide by zero", "line": 4, "column": 1, "end_line": 4, "end_column": 4}},
        {"source": "0.5 * 3", "file": "a.calc", "line": 5, "column": 1, "value": "3/2", "display": "3/2", "type": "fraction"},
    ]


def test_json_statements_on_one_line_lint_and_explain():
    result, objects = json_lines("--lint", "--explain", "-e", "a = 1; -2^2 ; sqroot(1)")
    assert [o["column"] for o in objects] == [1, 8, 15]
    assert objects[1]["warnings"][0]["code"] == "unary-minus-power"
    assert objects[1]["steps"] == [
        {"function": "advanced.power", "args": ["2", "2"], "result": "4", "line": 1, "column": 9, "depth": 0},
        {"function": "basic.negate", "args": ["4"], "result": "-4", "line": 1, "column": 8, "depth": 0},
    ]
    assert objects[2]["error"]["code"] == "unknown-name"
    assert objects[2]["error"]["message"] == "unknown function 'sqroot'; did you mean 'sqrt'?"


def test_json_error_codes_are_the_documented_ones():
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    codes = SCHEMA["$defs"]["error"]["properties"]["code"]["enum"]
    for code in codes:
        assert f"`{code}`" in readme, code
    texts = ["1 +", "nope", "sin(1, 2)", "pi = 1", "1/0", "ln(-1)", "1e308*10", "9^9^9", "if 1 then 2 else 3",
             "40 degC * 2", "3 m + 2 s"]
    result, objects = json_lines(*[a for t in texts for a in ("-e", t)])
    assert [o["error"]["code"] for o in objects] == [
        "syntax-error", "unknown-name", "wrong-arguments", "invalid-assignment", "division-by-zero",
        "domain-error", "number-too-large", "limit-exceeded", "type-error", "unit-error", "dimension-error",
    ]
    types = SCHEMA["properties"]["type"]["enum"]
    assert types == ["int", "float", "fraction", "bool", "quantity"]
    for kind in types:
        assert f"`{kind}`" in readme, kind


def test_json_of_booleans_type_errors_and_branch_steps_validates():
    result, objects = json_lines("--explain", "-e", "1 < 2", "-e", "true + 1", "-e", "if false then 1 else 2", "-e", "false and true")
    assert result.returncode == 1 and result.stderr == b""
    assert objects[0]["value"] == "true" and objects[0]["type"] == "bool"
    assert objects[0]["steps"] == [{"function": "basic.less", "args": ["1", "2"], "result": "true", "line": 1, "column": 1, "depth": 0}]
    assert objects[1]["error"] == {
        "code": "type-error", "line": 1, "column": 1, "end_line": 1, "end_column": 9,
        "message": "'+' needs numbers, not the boolean true; to count a condition as a number, write (if c then 1 else 0)",
    }
    assert objects[2]["steps"] == [{"function": "if", "args": ["false"], "result": "else", "line": 1, "column": 4, "depth": 0}]
    assert objects[2]["value"] == "2" and objects[2]["type"] == "int"
    assert objects[3]["steps"] == [{"function": "and", "args": ["false"], "result": "false", "line": 1, "column": 1, "depth": 0}]


def test_json_keeps_stderr_for_unusable_files(tmp_path):
    result = run_calc("--json", "missing.calc", cwd=tmp_path)
    assert result.stdout == b"" and result.returncode == 2
    assert result.stderr == b"calc: error: missing.calc: no such file\n"


# -- full values beside what calc shows ----------------------------------------------------------

def test_json_value_is_the_full_value_and_display_what_calc_shows():
    # --digits changes what is shown, never the value; --base and --group apply to both
    result, objects = json_lines("--digits", "3", "--base", "hex", "--group", "-e", "1/3", "-e", "2^32 - 1", "-e", "1 < 2")
    assert result.returncode == 0 and result.stderr == b""
    assert [(o["value"], o["display"], o["type"]) for o in objects] == [
        ("0.3333333333333333", "0.333", "float"), ("0xffff_ffff", "0xffff_ffff", "int"), ("true", "true", "bool"),
    ]


def test_json_steps_and_warnings_carry_full_values():
    result, objects = json_lines("--digits", "3", "--explain", "--lint", "-e", "1/3 * 3", "-e", "1/2*0.3")
    assert [(s["function"], s["args"], s["result"]) for s in objects[0]["steps"]] == [
        ("advanced.divide", ["1", "3"], "0.3333333333333333"), ("advanced.multiply", ["0.3333333333333333", "3"], "1.0"),
    ]
    (warning,) = objects[1]["warnings"]
    assert (warning["value"], warning["other_value"]) == ("0.15", "1.6666666666666667")
    assert warning["message"] == "1/2*0.3 is read as (1/2)*0.3 = 0.15, not 1/(2*0.3) = 1.67"


def test_the_schema_asks_for_display_beside_value_and_nowhere_else():
    base = {"source": "1", "file": "<expr>", "line": 1, "column": 1}
    jsonschema.validate({**base, "value": "1", "display": "1", "type": "int"}, SCHEMA)
    for wrong in (
        {**base, "value": "1", "type": "int"},  # display missing
        {**base, "error": {"code": "error", "message": "m", "line": 1, "column": 1, "end_line": 1, "end_column": 2}, "display": "1"},
        {**base, "name": "f", "defined": "f(x) = x", "display": "1"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, SCHEMA)


def test_explain_writes_the_full_value_beside_a_rounded_result():
    from calculator.commands import _explain

    # the result as shown, the arguments as computed
    assert _explain(Calculator(digits=3), "1/3*3").splitlines() == [
        "(1 / 3) * 3",
        "  advanced.divide(1, 3) = 0.333 (full value 0.3333333333333333)",
        "  advanced.multiply(0.3333333333333333, 3) = 1.0",
        "= 1.0",
    ]
    # with every digit shown there is nothing to add
    assert _explain(Calculator(digits="full"), "0.1 + 0.2").splitlines() == [
        "0.1 + 0.2", "  basic.add(0.1, 0.2) = 0.30000000000000004", "= 0.30000000000000004",
    ]
    result = run_calc("--explain", "--digits", "2", "-e", "x = 2/3")
    assert result.stdout.decode() == "x = 2 / 3\n  advanced.divide(2, 3) = 0.67 (full value 0.6666666666666666)\n= 0.67 (full value 0.6666666666666666)\n"


# -- floats shown to 15 digits by default ----------------------------------------------------------

def test_json_of_floats_by_default_value_in_full_display_rounded():
    result, objects = json_lines("-e", "0.1 + 0.2", "-e", "x = 2/3", "-e", "0.1 + 0.2 - 0.3", "-e", "2^10", "-e", "0.1 + 0.2 == 0.3")
    assert result.returncode == 0 and result.stderr == b""
    assert [(o["value"], o["display"], o["type"]) for o in objects] == [
        ("0.30000000000000004", "0.3", "float"),
        ("0.6666666666666666", "0.666666666666667", "float"),
        ("5.551115123125783e-17", "5.55111512312578e-17", "float"),
        ("1024", "1024", "int"),
        ("false", "false", "bool"),
    ]
    assert [float(o["value"]) for o in objects[:3]] == [0.1 + 0.2, 2 / 3, 0.1 + 0.2 - 0.3]  # no precision lost
    result, objects = json_lines("--explain", "-e", "0.1 + 0.2 - 0.3")
    assert [(s["function"], s["args"], s["result"]) for s in objects[0]["steps"]] == [
        ("basic.add", ["0.1", "0.2"], "0.30000000000000004"),
        ("basic.subtract", ["0.30000000000000004", "0.3"], "5.551115123125783e-17"),
    ]


def test_explain_by_default_adds_the_full_value_to_a_rounded_result():
    from calculator.commands import _explain

    assert _explain(Calculator(), "0.1 + 0.2 - 0.3").splitlines() == [
        "(0.1 + 0.2) - 0.3",
        "  basic.add(0.1, 0.2) = 0.3 (full value 0.30000000000000004)",
        "  basic.subtract(0.30000000000000004, 0.3) = 5.55111512312578e-17 (full value 5.551115123125783e-17)",
        "= 5.55111512312578e-17 (full value 5.551115123125783e-17)",
    ]
    assert _explain(Calculator(), "2 * 0.25").splitlines() == ["2 * 0.25", "  advanced.multiply(2, 0.25) = 0.5", "= 0.5"]


def test_readings_that_differ_past_the_15th_digit_are_shown_in_full():
    (warning,) = calculator.lint("3.84^2^2")
    assert warning.message == "3.84^2^2 is read as 3.84^(2^2) = 217.43271935999996, not (3.84^2)^2 = 217.43271936"
    assert (warning.value, warning.other_value) == (3.84 ** 4, (3.84**2) ** 2)
    (warning,) = calculator.lint("x = 1/3; 1/2*x")
    assert (warning.value, warning.other_value) == (1 / 6, 1.5)  # the values keep every bit
    assert warning.message == "1/2*x is read as (1/2)*x = 0.166666666666667, not 1/(2*x) = 1.5"


def test_float_equality_names_the_full_float_whatever_the_digits():
    for session in (Calculator(), Calculator(digits=3)):
        (warning,) = session.lint("0.1 + 0.2 == 0.3")
        assert warning.message.startswith("0.1 + 0.2 == 0.3 is false with floats, where 0.1 + 0.2 is 0.30000000000000004,")


def test_a_domain_error_names_the_full_argument():
    with pytest.raises(calculator.DomainError, match=r"acos\(1.0000000000000002\) is undefined"):
        calculator.evaluate("acos(1 + 2.220446049250313e-16)")
