"""Functions from Python: Calculator(functions=...), evaluate/parse/explain/lint(functions=...)."""

import math
from fractions import Fraction

import pytest

import calculator
from calculator import (
    ArgumentError,
    AssignmentError,
    CalcTypeError,
    Calculator,
    HostFunctionError,
    LimitError,
    UnknownNameError,
    evaluate,
    parse,
)


def tax(income, rate=0.2):
    return income * rate


def total(*amounts):
    return sum(amounts)


def fails(x):
    raise RuntimeError(f"no rate for {x}")


def is_member(customer_id):
    return customer_id in (7, 11)


HOST = {"tax": tax, "total": total, "fails": fails, "is_member": is_member}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("tax(100)", 20.0),
        ("tax(100, 0.5)", 50.0),
        ("total(1, 2, 3) + total()", 6),
        ("if is_member(7) then tax(100) else 0", 20.0),
        ("is_member(8) or total(2, 2) == 4", True),
        ("price(x) = x + tax(x); price(10)", 12.0),
    ],
)
def test_host_functions_are_called_like_builtins(text, expected):
    value = evaluate(text, functions=HOST)
    assert value == expected and type(value) is type(expected)


def test_arity_comes_from_the_signature_and_is_checked_where_the_call_is_written():
    with pytest.raises(ArgumentError) as info:
        evaluate("1 + tax(1, 2, 3)", functions=HOST)
    assert (info.value.column, info.value.message) == (5, "tax() takes 1 to 2 arguments, not 3")
    with pytest.raises(ArgumentError) as info:
        Calculator(functions=HOST).evaluate("f(x) = tax()")  # at definition, like a builtin
    assert (info.value.column, info.value.message) == (8, "tax() takes 1 to 2 arguments, not 0")
    with pytest.raises(ArgumentError):
        parse("tax()", functions=HOST)


def test_an_exception_becomes_a_host_error_at_the_call_with_its_cause():
    for run in (lambda: evaluate("2 * fails(3)", functions=HOST), lambda: parse("2 * fails(x)", functions=HOST).evaluate(x=3)):
        with pytest.raises(HostFunctionError) as info:
            run()
        error = info.value
        assert (error.code, error.line, error.column, error.message) == ("host-error", 1, 5, "fails() failed: no rate for 3")
        assert isinstance(error.__cause__, RuntimeError) and str(error.__cause__) == "no rate for 3"


def test_a_failing_host_function_is_called_once_by_parse_once():
    calls = []

    def counted(x):
        calls.append(x)
        raise ValueError("bad")

    with pytest.raises(HostFunctionError):
        parse("1 + counted(x)", functions={"counted": counted}).evaluate(x=1)
    assert calls == [1]


@pytest.mark.parametrize(
    "result, message",
    [
        ("text", "bad() returned a str, not a number or a boolean"),
        (None, "bad() returned a NoneType, not a number or a boolean"),
        (float("inf"), "bad() returned inf, not a finite number"),
        (float("nan"), "bad() returned nan, not a finite number"),
        (1j, "bad() returned a complex, not a number or a boolean"),
    ],
)
def test_a_result_that_is_not_a_number_or_a_boolean_is_a_host_error(result, message):
    with pytest.raises(HostFunctionError) as info:
        evaluate("1 + bad()", functions={"bad": lambda: result})
    assert (info.value.message, info.value.column) == (message, 5)


def test_a_huge_result_is_held_to_the_digit_limit():
    with pytest.raises(LimitError) as info:
        evaluate("huge() + 1", functions={"huge": lambda: 10**200_000})
    assert "max_digits" in info.value.message and info.value.column == 1


def test_host_names_cannot_replace_calc_names_silently():
    for name in ("sqrt", "pi", "ans", "if", "true", "2x"):
        with pytest.raises(AssignmentError):
            Calculator(functions={name: abs})
    session = Calculator(functions=HOST)
    for text in ("tax = 3", "tax(x) = x"):
        with pytest.raises(AssignmentError) as info:
            session.evaluate(text)
        assert info.value.message == "cannot assign to 'tax': it is a function the application gave calc"
    with pytest.raises(AssignmentError):
        Calculator(functions={"needs": lambda *, rate: rate})  # a keyword calc cannot pass


def test_booleans_returned_are_booleans_and_type_checked():
    assert evaluate("is_member(7)", functions=HOST) is True
    with pytest.raises(CalcTypeError) as info:
        evaluate("is_member(7) + 1", functions=HOST)
    assert info.value.message.startswith("'+' needs numbers, not the boolean true")


def test_exact_mode_divides_host_ints_exactly():
    value = evaluate("n / three()", {"n": 8}, exact=True, functions={"three": lambda: 3})
    assert value == Fraction(8, 3) and type(value) is Fraction


def test_explain_records_host_calls_by_name():
    steps = calculator.explain("tax(10) + 1", functions=HOST)
    assert [(s.function, s.args, s.result) for s in steps] == [("tax", (10,), 2.0), ("basic.add", (2.0, 1), 3.0)]


def test_parse_once_calls_host_functions_from_its_compiled_code():
    expression = parse("if is_member(x) then tax(price) else price", functions=HOST)
    assert expression._fast is not None
    assert [expression.evaluate(x=x, price=100) for x in (7, 8)] == [20.0, 100]
    assert expression.variables == ("x", "price")


def test_unknown_names_suggest_host_functions():
    with pytest.raises(UnknownNameError) as info:
        evaluate("taks(1)", functions=HOST)
    assert info.value.message == "unknown function 'taks'; did you mean 'tax'?"


def test_lint_and_copy_keep_the_host_functions():
    assert calculator.lint("tax(8)/2*x", {"x": 2}, functions=HOST)[0].code == "division-chain"
    session = Calculator(functions=HOST)
    assert session.copy().evaluate("tax(5)") == 1.0
    assert math.isclose(session.parse("tax(x)").evaluate(x=3), 0.6)
