"""Limits are checked before the work, name themselves, and can be raised."""

import time

import pytest

from calculator import Calculator, LimitError, Limits, evaluate


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
