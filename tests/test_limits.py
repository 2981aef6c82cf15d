"""Limits are checked before the work, name themselves, and can be raised."""

import time

import pytest

import calculator
from calculator import Calculator, LimitError, Limits, evaluate
from support import run_calc


@pytest.mark.parametrize(
    "text, column, fragment",
    [
        ("9^9^9^9", 3, "the result would have about 369,693,100 digits, over the max_digits limit of 100,000"),
        ("2^400000", 1, "the result would have about 120,412 digits, over the max_digits limit of 100,000"),
        ("100000!", 1, "the result would have about 456,574 digits"),
        ("factorial(30000)", 1, "the result would have about 121,288 digits"),
        ("(10^60000) * (10^60000)", 1, "the result would have about 120,001 digits"),
        ("comb(10^6, 5 * 10^5)", 1, "the result would have about 301,027 digits"),
        ("lcm(10^60000 + 1, 10^60000 + 3)", 1, "digits, over the max_digits limit"),
    ],
)
def test_size_estimates_refuse_before_computing(text, column, fragment):
    started = time.perf_counter()
    with pytest.raises(LimitError) as info:
        evaluate(text)
    elapsed = time.perf_counter() - started
    assert fragment in info.value.message and info.value.column == column
    assert "(raise it with --max-digits N or Limits(max_digits=N))" in info.value.message
    assert info.value.code == "limit-exceeded"
    assert elapsed < 5  # refused by estimate (microseconds), not by computing for minutes


def test_just_under_the_digit_limit_is_computed_in_full():
    session = Calculator()
    assert len(session.format(session.evaluate("10^99999"))) == 100_000


def test_limits_can_be_raised_and_lowered():
    assert evaluate("2^400000", limits=Limits(max_digits=200_000)).bit_length() == 400_001
    with pytest.raises(LimitError, match="max_digits limit of 10 "):
        evaluate("2^40", limits=Limits(max_digits=10))


def test_nesting_limit():
    assert evaluate("(" * 900 + "1" + ")" * 900) == 1
    with pytest.raises(LimitError) as info:
        evaluate("(" * 1001 + "1" + ")" * 1001)
    assert "over the max_nesting limit of 1,000" in info.value.message
    assert info.value.column == 1001
    with pytest.raises(LimitError, match="max_nesting limit of 5 "):
        evaluate("sqrt(sqrt(sqrt(sqrt(sqrt(sqrt(1))))))", limits=Limits(max_nesting=5))


def test_long_chains_and_deep_unary_need_no_recursion():
    assert evaluate("+".join(["1"] * 49_000)) == 49_000
    assert evaluate("-" * 50_001 + "1") == -1
    assert evaluate("2" + "^1" * 10_000) == 2


def test_input_length_limit():
    with pytest.raises(LimitError) as info:
        evaluate("1+" * 60_000 + "1")
    assert info.value.message.startswith("the line is too long, over the max_input_length limit of 100,000")
    assert evaluate("1+1", limits=Limits(max_input_length=3)) == 2


def test_user_function_call_depth():
    session = Calculator()
    session.evaluate("f(x) = g(x); g(x) = f(x)")
    with pytest.raises(LimitError) as info:
        session.evaluate("1 + f(1)")
    assert "over the max_call_depth limit of 10,000" in info.value.message
    assert info.value.column == 5
    session = Calculator(limits=Limits(max_call_depth=3))
    session.evaluate("a(x) = x + 1; b(x) = a(x) * 2; c(x) = b(x) + a(x); d(x) = c(x)")
    assert session.evaluate("c(1)") == 6
    with pytest.raises(LimitError):
        session.evaluate("d(1)")


# -- work per statement: estimated before each big operation, accumulated, deterministic --------

def test_forty_big_combinations_are_refused_at_the_one_that_overdraws_the_account():
    text = " + ".join(["comb(10^5, 5*10^4)"] * 40)
    for _ in range(2):  # the same verdict every time: no clock involved
        with pytest.raises(LimitError) as info:
            evaluate(text)
        assert info.value.column == text.index("comb", 6 * len("comb(10^5, 5*10^4) + ")) + 1  # the 7th
        assert "over the max_work limit of 1,000,000 (raise it with --max-work N or Limits(max_work=N))" in info.value.message
    assert evaluate(" + ".join(["comb(10^5, 5*10^4)"] * 6)) > 0  # six fit in the account


def test_work_is_counted_per_statement_and_per_evaluation():
    session = Calculator()
    for _ in range(7):  # each statement has its own account (seven in one would overdraw it)
        assert session.evaluate("comb(10^5, 5*10^4) > 0") is True
    expression = calculator.parse("comb(n, n // 2) + 1")
    for _ in range(7):  # and each evaluation of a parsed expression
        assert expression.evaluate(n=10**5) > 0


def test_long_division_and_user_calls_are_charged():
    division = " + ".join(["(2^330000-1) // (2^165000-7)"] * 60)
    with pytest.raises(LimitError) as info:
        evaluate(division)
    assert "max_work" in info.value.message
    assert evaluate("(2^330000-1) // (2^165000-7) > 0") is True
    tight = Limits(max_work=100)  # 5 units a call
    with pytest.raises(LimitError) as info:
        evaluate("d(n) = if n == 0 then 0 else d(n - 1); d(50)", limits=tight)
    assert "max_work" in info.value.message


def test_the_work_limit_is_a_flag():
    result = run_calc("--max-work", "100000000", "-e", "comb(330000, 165000) > 0")
    assert (result.stdout, result.returncode) == (b"true\n", 0)
    refused = run_calc("-e", "comb(330000, 165000) > 0")
    assert b"over the max_work limit of 1,000,000" in refused.stderr and refused.returncode == 1


def test_exact_literals_are_charged_as_they_are_written_out():
    many = "+".join(["1e99999"] * 200)  # each is 10**99999 written out, at compile time
    with pytest.raises(LimitError) as info:
        evaluate(many, exact=True)
    assert "max_work" in info.value.message and info.value.column > 1
    session = Calculator(exact=True)
    for _ in range(50):  # a charge outside a statement's account does not pile up
        session.evaluate("g(x) = x + 1e9999")
    assert session.evaluate("g(0) > 0") is True
