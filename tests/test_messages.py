"""Messages that say what the user meant: the fixes from trying calc as a careful user would."""

import json

import pytest

import calculator
from calculator import AssignmentError, CalcSyntaxError, Calculator, LimitError, UnknownNameError, evaluate
from calculator.commands import run_command
from calculator.repl import Prompt
from support import run_calc


def test_precision_zero_says_the_least_precision():
    session = Calculator()
    assert run_command(session, ":precision 0") == "precision must be at least 1 digit, not 0 (or off: precision=None, :precision off)"
    with pytest.raises(LimitError) as info:
        Calculator(precision=0)
    assert "over the max_precision" not in info.value.message


def test_a_user_function_used_as_a_name_says_how_to_call_it():
    with pytest.raises(UnknownNameError) as info:
        evaluate("f(x, y) = x * y; 1 + f")
    assert (info.value.message, info.value.column) == ("'f' is a function; call it as f(x, y)", 22)


def test_a_name_is_a_variable_or_a_function_never_silently_the_other():
    session = Calculator()
    session.evaluate("rent = 1200; g(x) = x + 1")
    with pytest.raises(AssignmentError) as info:
        session.evaluate("rent(x) = x")
    assert (info.value.message, info.value.column) == ("'rent' is already a variable (1200); give the function another name", 1)
    with pytest.raises(AssignmentError) as info:
        session.evaluate("g = 3")
    assert info.value.message == "'g' is already the function g(x); give the variable another name"
    assert session.evaluate("rent") == 1200 and session.evaluate("g(1)") == 2
    session.clear()
    assert session.evaluate("rent(x) = x; rent(5)") == 5  # after :clear the name is free


@pytest.mark.parametrize(
    "text, message",
    [
        ("x = 2; sqrt(2)x", "missing operator before 'x': calc has no implicit multiplication; write sqrt(2)*x"),
        ("(1+2)3", "missing operator before '3': calc has no implicit multiplication; write (1+2)*3"),
        ("x = 2; 3! x", "missing operator before 'x': calc has no implicit multiplication; write 3!*x"),
        # never a product with a name that has no value
        ("sqrt(2)x", "missing operator before 'x': calc has no implicit multiplication; 'x' is not defined"),
        ("rate total", "missing operator before 'total': calc has no implicit multiplication; 'rate' is not defined"),
        ("1 000", "missing operator before '000': calc has no implicit multiplication; to group digits, write 1_000"),
    ],
)
def test_missing_operator_hints_name_what_the_user_wrote(text, message):
    with pytest.raises(CalcSyntaxError) as info:
        evaluate(text)
    assert info.value.message == message


def test_an_expression_given_as_a_file_suggests_e():
    result = run_calc("2+2")
    assert result.stderr.decode() == "calc: error: 2+2: no such file; to evaluate it, write calc -e '2+2'\n"
    assert result.returncode == 2
    assert run_calc("budget.calc").stderr.decode() == "calc: error: budget.calc: no such file\n"


def test_check_reports_an_unexpected_error_once(tmp_path):
    sheet = tmp_path / "sheet.calc"
    sheet.write_text("1/0  # => 5\n")
    result = run_calc("--check", str(sheet))
    assert result.stderr.decode().count("Cannot divide by zero") == 1
    assert "expected 5, got error: Cannot divide by zero" in result.stderr.decode()


def test_double_factorial_lint():
    (warning,) = calculator.lint("5!!")
    assert warning.code == "double-factorial" and warning.column == 1
    assert warning.message == "5!! is read as (5!)! = 6.68950291344912e+198 (199 digits), not the double factorial 5*3*1 = 15"
    assert calculator.lint("(5!)!") == [] and calculator.lint("0!!") == []
    result = run_calc("--json", "--lint", "-e", "5!!")
    assert json.loads(result.stdout)["warnings"][0]["code"] == "double-factorial"


def test_lint_warnings_can_be_turned_off_at_the_prompt():
    session = Calculator()
    prompt = Prompt(session, color=False)
    assert prompt.handle("-2^2") == "-4\nwarning: -2^2 is read as -(2^2) = -4, not (-2)^2 = 4"
    assert run_command(session, ":lint off") == "lint warnings are off"
    assert prompt.handle("-2^2") == "-4"
    assert "warning" not in prompt.wait_for_preview("-3^2")
    assert run_command(session, ":lint on") == "lint warnings are on"
    assert "warning" in prompt.handle("-2^2")
    from calculator.cli import _parser, make_calculator

    assert make_calculator(_parser().parse_args(["--no-lint"])).show_warnings is False
    assert make_calculator(_parser().parse_args([])).show_warnings is True


@pytest.mark.parametrize(
    "text, message, column",
    [
        # operators written as words, and other calculators' and languages' habits
        ("7 mod 3", "'mod' is not an operator in calc; write 7 % 3", 3),
        ("a = 7; a mod 3", "'mod' is not an operator in calc; write a % 3", 10),
        ("7 div 2", "'div' is not an operator in calc; write 7 // 2", 3),
        ("3 x 4", "'x' is not an operator in calc; write 3 * 4", 3),
        ("3 times 4", "'times' is not an operator in calc; write 3 * 4", 3),
        ("20% of 150", "'%' is the remainder in calc (7 % 3 is 1); for 20 percent of 150, write 20/100 * 150", 5),
        ("20%", "expected a number after '%': '%' is the remainder in calc (7 % 3 is 1); for 20 percent, write 20/100", 4),
        ("if 1 = 1 then 2 else 3", "'=' assigns; to compare, write ==", 6),
        ("x = 1; x += 1", "calc has no '+='; write x = x + 1", 11),
        ("true && false", "unexpected character '&': calc writes 'and' (true and false)", 6),
        ("true || false", "unexpected character '|': calc writes 'or' (true or false)", 6),
        ("|-3|", "unexpected character '|': for an absolute value, write abs(x)", 1),
        ("!true", "unexpected '!': calc's '!' is the factorial (5!); for a negation, write not x", 1),
        ("x\u00b2", "unexpected character '\u00b2' (U+00B2 SUPERSCRIPT TWO); use '^2'", 2),
        ("3,5", "unexpected ',': calc writes decimals with '.', as in 3.5 (commas separate a function's arguments)", 2),
        ("let x = 3", "calc needs no 'let': write x = 3", 5),
        ("x := 3", "unexpected character ':': calc assigns with '=' (x = 3)", 3),
        ("a = true; b = false; a xor b", "calc has no xor: for two conditions, a != b is true when exactly one is", 24),
        ("sqrt 4", "missing operator before '4': calc has no implicit multiplication; to call sqrt, write sqrt(4)", 6),
        ("import math", "calc needs no import: its functions (sqrt, sin, log, …) are built in, :help functions lists them", 8),
        ("math.sqrt(2)", "unexpected '.': calc's functions are built in; write sqrt(…) without 'math.'", 5),
        ("\u221a2", "unexpected character '\u221a' (U+221A SQUARE ROOT); use 'sqrt(…)'", 1),
        ("2\u03c0", "unexpected character '\u03c0' (U+03C0 GREEK SMALL LETTER PI); use 'pi'", 2),
        ("5 km in miles", "to convert, write 5 km to miles", 6),
    ],
)
def test_look_alikes_get_the_fix_in_calcs_syntax(text, message, column):
    with pytest.raises(CalcSyntaxError) as info:
        Calculator().evaluate(text)
    assert info.value.message == message
    assert info.value.column == column
