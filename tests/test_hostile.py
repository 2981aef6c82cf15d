"""Hostile inputs: a catalog of inputs meant to break calc, each with its exact expected outcome.

The promise under test: ``calculator.evaluate(text)`` (and ``Calculator().evaluate``,
``calculator.parse(text).evaluate()``) either returns a number or raises a
``calculator.CalculatorError`` subclass carrying ``line``, ``column`` (1-based), ``message`` and
``code``; never another exception (RecursionError, OverflowError, ValueError, MemoryError,
TypeError, ...), never a hang, and with the default ``calculator.Limits`` an answer in about a
second.

How the catalog runs
--------------------
Every catalog case (and every property-test example) is evaluated in a forked child process
(``outcome_of``), so a case that hangs inside C code (``math.comb``, ``10**n``, ``str(int)``),
which no Python-level signal can interrupt, fails its own test instead of freezing the suite.
The child's answer is then compared with the expected value, or error class + message
substring + line + column, in the parent.

The child is given ``CALC_HOSTILE_WATCHDOG`` seconds (default 10) before it is killed and the
case reported as a hang. That is a hang guard, ten times the promised second, not a
performance assertion: this file makes no timing assertions. To see how long each case takes,
run this file as a script, which prints every case's time, slowest first:

    .venv/bin/python tests/test_hostile.py          # table of all cases, slowest first
    .venv/bin/python tests/test_hostile.py 20       # only the 20 slowest

Property tests (hypothesis) run ``CALC_FUZZ_EXAMPLES`` examples each (default 300); for a long
run set e.g. ``CALC_FUZZ_EXAMPLES=100000``. tests/fuzz/fuzz_calc.py is the coverage-guided
(atheris) fuzz target; see tests/fuzz/README.md.
"""

from __future__ import annotations

import builtins
import math
import multiprocessing
import os
import re
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st

import calculator
from calculator import (
    ArgumentError,
    AssignmentError,
    CalcMathError,
    CalcTypeError,
    CalcSyntaxError,
    CalculatorError,
    DivisionByZeroError,
    DomainError,
    LimitError,
    NumberTooLargeError,
    UnknownNameError,
)
from calculator.display import format_value
from calculator.errors import DimensionError, UnitError
from calculator.units import registry
from calculator.evaluator import UserFunction
from calculator.functions import BUILTINS

WATCHDOG = float(os.environ.get("CALC_HOSTILE_WATCHDOG", "10"))

# Any unknown name asks pint whether it is a unit: load the registry once here, so that the
# forked children evaluating each input share it instead of each loading it again.
registry()
FUZZ_EXAMPLES = int(os.environ.get("CALC_FUZZ_EXAMPLES", "300"))

#: Words that belong to Python or to the parser generator, never to a message a user reads.
INTERNAL_WORDS = re.compile(
    r"\$END|\bToken\b|Unexpected(?:Token|Characters|EOF)|__ANON|Traceback|\blark\b|_parse_table"
    r"|set_int_max_str_digits|integer string conversion|internal error|object at 0x|NoneType"
    r"|\bpint\.|PlainQuantity|\bQuantity\b|UnitsContainer|Dimensionality|OffsetUnitCalculus|dimensionless"
)

ERROR_CLASSES = {
    cls.__name__: cls
    for cls in (
        CalculatorError,
        CalcSyntaxError,
        UnknownNameError,
        ArgumentError,
        AssignmentError,
        CalcMathError,
        DivisionByZeroError,
        DomainError,
        NumberTooLargeError,
        LimitError,
        CalcTypeError,
        UnitError,
        DimensionError,
    )
}


# =============================================================================================
# Running one input, isolated
# =============================================================================================


def _evaluate_here(
    text: str, exact: bool = False, api: str = "evaluate", variables: Mapping | None = None, limits: Mapping | None = None
) -> dict:
    """Evaluate ``text`` in this process; describe what happened as a plain, picklable dict.

    ``limits``: Limits fields to change from the defaults (None: the defaults)."""
    start = time.perf_counter()
    stage = "evaluate"
    try:
        chosen = calculator.Limits(**limits) if limits else None
        if api == "parse":
            value = calculator.parse(text, exact=exact, limits=chosen).evaluate(variables or {})
        elif api == "session":
            value = calculator.Calculator(exact=exact, variables=variables, limits=chosen).evaluate(text)
        else:
            value = calculator.evaluate(text, variables, exact=exact, limits=chosen)
        seconds = time.perf_counter() - start
        stage = "format"
        shown = format_value(value)
    except CalculatorError as error:
        seconds = time.perf_counter() - start
        return {
            "kind": "error",
            "class": type(error).__name__,
            "known_class": type(error).__name__ in ERROR_CLASSES,
            "message": error.message,
            "str": str(error),
            "line": error.line,
            "column": error.column,
            "code": error.code,
            "class_code": type(error).code,
            "seconds": seconds,
            "stage": stage,
        }
    except BaseException as exc:  # noqa: BLE001 - the point is to catch whatever escapes
        try:
            message = str(exc)[:2000]
        except BaseException:  # noqa: BLE001
            message = "<str() failed>"
        return {
            "kind": "escape",
            "class": type(exc).__name__,
            "message": message,
            "traceback": traceback.format_exc()[-6000:],
            "seconds": time.perf_counter() - start,
            "stage": stage,
        }
    if isinstance(value, UserFunction):  # the last statement defined a function: that is its outcome
        return {"kind": "definition", "value": value.signature, "seconds": seconds, "stage": stage}
    unit = None
    if hasattr(value, "_magnitude"):  # a quantity: its number keeps every promise a number does
        from calculator.units import unit_text

        value, unit = value.magnitude, unit_text(value.units)
    if value.__class__ not in (int, float, Fraction, bool):
        value = f"<not a number: {type(value).__name__}>"
    return {"kind": "value", "value": value, "unit": unit, "shown_length": len(shown), "seconds": seconds, "stage": stage}


def _child(connection: Any, text: str, exact: bool, api: str, variables: Mapping | None, limits: Mapping | None) -> None:
    connection.send(_evaluate_here(text, exact, api, variables, limits))
    connection.close()


_FORK = "fork" in multiprocessing.get_all_start_methods()


def outcome_of(
    text: str,
    *,
    exact: bool = False,
    api: str = "evaluate",
    variables: Mapping | None = None,
    limits: Mapping | None = None,
    watchdog: float = WATCHDOG,
) -> dict:
    """What evaluating ``text`` does, measured in a forked child that is killed after ``watchdog`` s."""
    if not _FORK:  # pragma: no cover - Windows: no hang guard, evaluate in this process
        return _evaluate_here(text, exact, api, variables, limits)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, text, exact, api, variables, limits), daemon=True)
    process.start()
    sender.close()
    try:
        if receiver.poll(watchdog):
            try:
                return receiver.recv()
            except EOFError:
                process.join(5)
                return {"kind": "died", "exitcode": process.exitcode, "seconds": math.nan}
        return {"kind": "hang", "seconds": watchdog}
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


MAX_DIGITS = calculator.Limits().max_digits


def exact_digits(value: Any) -> float:
    """About how many decimal digits the largest part of an exact value has (0 for floats)."""
    if isinstance(value, Fraction):
        return max(exact_digits(value.numerator), exact_digits(value.denominator))
    if isinstance(value, int):
        return value.bit_length() * 0.3010299956639812
    return 0.0


def source_lines(text: str) -> list[str]:
    """Lines as calc splits them: on \\n, a \\r before it dropped."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def short(text: str, width: int = 90) -> str:
    shown = repr(text)
    return shown if len(shown) <= width else f"{shown[: width - 30]}...{shown[-20:]} ({len(text):,} chars)"


def assert_contract(text: str, outcome: dict) -> None:
    """The promise for any input: a number, or a well-formed CalculatorError; nothing else."""
    kind = outcome["kind"]
    if currently_in_test_context():  # statistics for the property tests (--hypothesis-show-statistics)
        event(f"outcome: {outcome.get('class', kind)}")
    if kind == "hang":
        pytest.fail(f"{short(text)}: no answer within {outcome['seconds']:.0f} s (hang guard)")
    if kind == "died":
        pytest.fail(f"{short(text)}: the evaluating process died (exit code {outcome['exitcode']})")
    if kind == "escape":
        pytest.fail(
            f"{short(text)}: {outcome['class']} escaped while {outcome['stage']}-ing: {outcome['message'][:500]}\n"
            f"{outcome['traceback']}"
        )
    if kind == "definition":
        return
    if kind == "value":
        value = outcome["value"]
        assert not (isinstance(value, str)), f"{short(text)}: returned {value}"
        if isinstance(value, float):
            assert math.isfinite(value), f"{short(text)}: returned {value!r}"
        digits = exact_digits(value)
        assert digits <= MAX_DIGITS + 1, f"{short(text)}: an exact result of about {digits:,.0f} digits, over max_digits"
        return
    assert kind == "error"
    where = f"{short(text)} -> {outcome['class']}: {outcome['message'][:300]!r}"
    assert outcome["known_class"], f"{where}: not one of the documented CalculatorError classes"
    assert outcome["code"] == outcome["class_code"], f"{where}: code {outcome['code']!r}"
    assert outcome["str"] == outcome["message"], f"{where}: str(error) != error.message"
    assert outcome["message"].strip(), f"{where}: empty message"
    leaked = [m.group() for m in INTERNAL_WORDS.finditer(outcome["message"]) if m.group() not in text]
    assert not leaked, f"{where}: the message shows internal words {leaked}"
    lines = source_lines(text)
    line, column = outcome["line"], outcome["column"]
    assert isinstance(line, int) and isinstance(column, int), f"{where}: line/column {line!r}:{column!r}"
    assert 1 <= line <= len(lines), f"{where}: line {line} of {len(lines)}"
    assert 1 <= column <= len(lines[line - 1]) + 1, f"{where}: column {column}, line has {len(lines[line - 1])} chars"


# =============================================================================================
# Expected outcomes
# =============================================================================================


@dataclass(frozen=True)
class Value:
    """The input evaluates to ``value`` (same type; floats compared with their sign)."""

    value: Any
    approx: bool = False  # transcendental results: equal to 12 significant digits

    def matches(self, outcome: dict) -> str | None:
        if outcome["kind"] != "value":
            return f"expected the value {_show(self.value)}, got {_got(outcome)}"
        got = outcome["value"]
        if got.__class__ is not self.value.__class__:
            return f"expected a {type(self.value).__name__} {_show(self.value)}, got a {type(got).__name__} {_show(got)}"
        if self.approx:
            ok = math.isclose(got, self.value, rel_tol=1e-12)
        else:
            ok = got == self.value
            if ok and isinstance(got, float):
                ok = math.copysign(1.0, got) == math.copysign(1.0, self.value)
        return None if ok else f"expected the value {_show(self.value)}, got {_show(got)}"


@dataclass(frozen=True)
class Error:
    """The input raises exactly ``cls``, its message containing ``message``, at line:column."""

    cls: type
    message: str
    column: int
    line: int = 1
    absent: tuple[str, ...] = ()  # substrings the message must not contain

    def matches(self, outcome: dict) -> str | None:
        wanted = f"{self.cls.__name__} at {self.line}:{self.column} with {self.message!r}"
        if outcome["kind"] != "error":
            return f"expected {wanted}, got {_got(outcome)}"
        got = f"{outcome['class']} at {outcome['line']}:{outcome['column']}: {outcome['message'][:300]!r}"
        if outcome["class"] != self.cls.__name__ or self.message not in outcome["message"]:
            return f"expected {wanted}, got {got}"
        if (outcome["line"], outcome["column"]) != (self.line, self.column):
            return f"expected {wanted}, got {got}"
        for word in self.absent:
            if word in outcome["message"]:
                return f"expected a message without {word!r}, got {got}"
        return None


@dataclass(frozen=True)
class Measure:
    """The input evaluates to a quantity: ``value`` (as Value compares it) of ``unit`` (as calc writes it)."""

    value: Any
    unit: str

    def matches(self, outcome: dict) -> str | None:
        problem = Value(self.value).matches(outcome)
        if problem is None and outcome.get("unit") != self.unit:
            return f"expected the unit {self.unit!r}, got {outcome.get('unit')!r}"
        return problem


@dataclass(frozen=True)
class Either:
    """Any one of several outcomes is correct (e.g. a value computed smartly, or a LimitError)."""

    options: tuple

    def matches(self, outcome: dict) -> str | None:
        problems = [option.matches(outcome) for option in self.options]
        return None if None in problems else " / or ".join(problems)


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expect: Value | Error | Either
    exact: bool = False
    api: str = "evaluate"  # "evaluate": calculator.evaluate; "parse": calculator.parse(...).evaluate(...)
    variables: Mapping | None = None
    why: str = ""  # what the expectation rests on, shown when the case fails
    limits: Mapping | None = None  # Limits fields changed from the defaults, e.g. {"max_nesting": 20_000}


def _got(outcome: dict) -> str:
    kind = outcome["kind"]
    if kind in ("value", "definition"):
        return f"the {kind} {_show(outcome['value'])}"
    if kind == "error":
        return f"{outcome['class']} at {outcome['line']}:{outcome['column']}: {outcome['message'][:300]!r}"
    if kind == "escape":
        return f"{outcome['class']} escaping: {outcome['message'][:300]!r}"
    return f"no answer ({kind})"


def _show(value: Any) -> str:
    if isinstance(value, int) and value.bit_length() > 200:
        return f"<int with {len(format_value(abs(value))):,} digits>"
    if isinstance(value, Fraction) and max(value.numerator.bit_length(), value.denominator.bit_length()) > 200:
        return f"<fraction of {value.numerator.bit_length()}/{value.denominator.bit_length()} bits>"
    return repr(value)


# =============================================================================================
# The catalog
# =============================================================================================

DIGITS = "max_digits"
NESTING_LIMIT = "max_nesting"
CALL_DEPTH = "max_call_depth"
TOO_LONG = "the line is too long"
FLOAT = "too large for a float"
NOT_STRINGS = "calc has numbers, not strings"


def parens(depth: int, inner: str = "1") -> str:
    return "(" * depth + inner + ")" * depth


def calls(name: str, depth: int, inner: str = "1") -> str:
    return f"{name}(" * depth + inner + ")" * depth


def call_chain(count: int) -> str:
    """f0(x) = x + 1, then f{k}(x) = f{k-1}(x) + 1: calling f{count-1} nests ``count`` user calls."""
    lines = ["f0(x) = x + 1"] + [f"f{k}(x) = f{k - 1}(x) + 1" for k in range(1, count)]
    return "\n".join(lines) + f"\nf{count - 1}(0)"


def doubling_chain(levels: int) -> str:
    """f{k}(x) = f{k-1}(f{k-1}(x)): f{levels}(0) makes 2**levels calls, though it nests only ``levels`` deep."""
    definitions = ["f0(x) = x + 1"] + [f"f{k}(x) = f{k - 1}(f{k - 1}(x))" for k in range(1, levels + 1)]
    return "; ".join(definitions) + f"; f{levels}(0)"


def column_of(text: str, part: str) -> int:
    return text.index(part) + 1


FORTY_COMBS = " + ".join(["comb(10^5, 5*10^4)"] * 40)
LONG_DIVISIONS = " + ".join(["(2^330000-1) // (2^165000-7)"] * 60)
WORK = "max_work"

SIZE_BOMBS = [
    # under every size limit, but each term takes time: the statement's account of work refuses
    Case("forty-big-combinations", FORTY_COMBS, Error(LimitError, WORK, column_of(FORTY_COMBS, "comb") + 6 * 21),
         why="each comb(10^5, 5*10^4) takes about 0.15 s: the 7th would overdraw max_work"),
    Case("one-huge-combination", "comb(330000, 165000)", Error(LimitError, WORK, 1), why="about a second on its own"),
    Case("sixty-long-divisions", LONG_DIVISIONS, Error(LimitError, WORK, 23 * 31 + 2),
         why="each term costs its two powers and a long division: the 24th term's 2^330000 overdraws the account"),
    Case("products-of-big-numbers", "x = 2^160000 - 1; " + "+".join(["x*x"] * 200), Error(LimitError, WORK, 18 + 123 * 4 + 1),
         why="each product of two 160,000-bit numbers costs about 8,100 units: the 124th overdraws"),
    Case("power-tower-9", "9^9^9^9", Error(LimitError, DIGITS, 3),
         why="9^9 is computed, then 9^387420489 (the power starting at column 3) is refused"),
    Case("power-tower-2", "2^2^2^2^2^2", Error(LimitError, "far too many digits", 1)),
    Case("power-tower-2-max", "2^2^2^2^2", Value(2**65536)),
    Case("factorial-100000", "100000!", Error(LimitError, DIGITS, 1)),
    Case("factorial-call-10^6", "factorial(10^6)", Error(LimitError, DIGITS, 1)),
    Case("factorial-25205", "25205!", Value(math.factorial(25205)), why="99,996 digits: under the limit"),
    Case("factorial-25206", "25206!", Error(LimitError, DIGITS, 1), why="100,001 digits: over the limit"),
    Case("factorial-float-1e20", "1e20!", Error(LimitError, "far too many digits", 1)),
    Case("factorial-of-huge", "(10^99999)!", Error(LimitError, "far too many digits", 1)),
    Case("factorial-chain", "3!!!!!", Error(LimitError, "far too many digits", 1),
         why="3!=6, 6!=720, 720! has 1,747 digits, (720!)! is refused"),
    Case("comb-10^6", "comb(10^6, 5*10^5)", Error(LimitError, DIGITS, 1)),
    Case("perm-10^6", "perm(10^6, 5*10^5)", Error(LimitError, DIGITS, 1)),
    Case("perm-one-arg", "perm(10^100)", Error(LimitError, "far too many digits", 1)),
    Case("comb-2^62", "comb(2^62, 2^40)", Error(LimitError, DIGITS, 1)),
    Case("comb-small-k", "comb(10^100, 2)", Value(10**100 * (10**100 - 1) // 2)),
    Case("comb-10^100-10^50", "comb(10^100, 10^50)", Error(LimitError, DIGITS, 1),
         why="C(10^100, 10^50) has ~5e51 digits: a max_digits refusal, not a float overflow"),
    Case("perm-10^100-10^50", "perm(10^100, 10^50)", Error(LimitError, DIGITS, 1),
         why="P(10^100, 10^50) has ~1e52 digits: a max_digits refusal, not a float overflow"),
    Case("comb-10^25-10^7", "comb(10^25, 10^7)", Error(LimitError, DIGITS, 1),
         why="~1.8e8 digits; the estimate must not cancel out in floating point"),
    Case("comb-10^22-10^6", "comb(10^22, 10^6)", Error(LimitError, DIGITS, 1), why="~1.6e7 digits"),
    Case("comb-10^25-10^5", "comb(10^25, 10^5)", Error(LimitError, DIGITS, 1), why="~2.0e6 digits"),
    Case("comb-10^400-10^5", "comb(10^400, 10^5)", Error(LimitError, DIGITS, 1),
         why="~4e7 digits; log10(n!) of a 400-digit n is inf, and inf - inf must not let it through"),
    Case("perm-10^22-10^6", "perm(10^22, 10^6)", Error(LimitError, DIGITS, 1), why="2.2e7 digits"),
    Case("perm-10^100-99999", "perm(10^100, 99999)", Error(LimitError, DIGITS, 1), why="~1e7 digits"),
    Case("square-of-10^50000", "x = 10^50000; x*x", Error(LimitError, DIGITS, 15), why="10^100000 has 100,001 digits"),
    Case("square-of-10^49999", "x = 10^49999; x*x", Value(10**99998)),
    Case("long-product-ok", "x = 10^20000; x*x*x*x", Value(10**80000)),
    Case("long-product-over", "x = 10^20000; x*x*x*x*x", Error(LimitError, DIGITS, 15)),
    Case("10^99999", "10^99999", Value(10**99999), why="100,000 digits: exactly the limit"),
    Case("10^100001", "10^100001", Error(LimitError, DIGITS, 1)),
    Case("10^100000", "10^100000", Error(LimitError, DIGITS, 1),
         why="10^100000 has 100,001 decimal digits, one over max_digits=100,000"),
    Case("(10^50000)^2", "(10^50000)^2", Error(LimitError, DIGITS, 1),
         why="10^100000 has 100,001 decimal digits, one over max_digits=100,000"),
    Case("3^209590", "3^209590", Value(3**209590), why="100,000 digits"),
    Case("3^209591", "3^209591", Error(LimitError, DIGITS, 1), why="100,001 digits"),
    Case("9*10^99999", "10^99999 * 9", Either((Value(9 * 10**99999), Error(LimitError, DIGITS, 1, absent=("about 100,000 digits",)))),
         why="9*10^99999 has exactly 100,000 digits: allowed; if refused, the message must not say "
             "'about 100,000 digits, over the limit of 100,000'"),
    Case("2^(2^64)", "2^(2^64)", Error(LimitError, "far too many digits", 1)),
    Case("2^-(2^64)", "2^(-2^64)", Either((Value(0.0), Error(LimitError, DIGITS, 1))), why="a float underflowing to 0.0, or a refusal"),
    Case("0.5^(2^64)", "0.5^(2^64)", Value(0.0), why="a float power underflows to 0.0"),
    Case("(-1)^(10^100)", "(-1)^(10^100)", Value(1)),
    Case("1^(10^1000)", "1^(10^1000)", Value(1)),
    Case("lcm-over", "lcm(10^60000, 10^60000+1)", Error(LimitError, DIGITS, 1)),
    Case("lcm-ok", "lcm(10^40000, 10^40000+1)", Value(10**40000 * (10**40000 + 1))),
    Case("gcd-huge", "gcd(10^99999, 10^99998)", Value(10**99998)),
    Case("sqrt-huge", "sqrt(10^99999)", Error(NumberTooLargeError, "sqrt: the number is too large for a float", 1)),
    Case("ln-huge", "ln(10^99999)", Value(99999 * math.log(10), approx=True)),
    Case("log10-huge", "log10(10^99999)", Value(99999.0, approx=True)),
    Case("huge-plus-float", "10^99999 + 0.5", Error(NumberTooLargeError, "add: the number is too large for a float", 1)),
    Case("huge-true-divide", "10^99999 / 3", Error(NumberTooLargeError, "divide: the number is too large for a float", 1)),
    Case("huge-over-huge", "10^99999 / 10^99998", Value(10.0)),
    Case("huge-floor-divide", "10^99999 // 7", Value(10**99999 // 7)),
    Case("huge-modulo", "10^99999 % 7", Value(10**99999 % 7)),
    Case("huge-cancel", "10^99999 - 10^99999", Value(0)),
    Case("round-huge-negative-digits", "round(10^99999, -99999)", Value(10**99999)),
    Case("round-1-minus-10^7", "round(1, -10^7)", Value(0),
         why="rounding 1 to the nearest 10^10000000 is 0; computing 10^10000000 first is not needed"),
    Case("round-1-minus-10^9", "round(1, -10^9)", Value(0)),
    Case("round-7-minus-10^308", "round(7, -10^308)", Value(0)),
    Case("round-10-minus-2^64", "round(10, -2^64)", Value(0)),
    Case("round-float-minus-10^9", "round(1.5, -10^9)", Value(0.0)),
    Case("round-float-10^30", "round(2.5, 10^30)", Value(2.5)),
    Case("user-fn-x^10-chain", "f(x) = x^10; g(x) = f(f(f(f(f(x))))); g(2)", Value(2**100000)),
    Case("user-fn-x^10-chain-over", "f(x) = x^10; g(x) = f(f(f(f(f(x))))); g(g(2))", Error(LimitError, DIGITS, 39)),
    Case("user-fn-x^10-levels", "\n".join(["f0(x) = x^10"] + [f"f{k}(x) = f{k - 1}(x)^10" for k in range(1, 10)]) + "\nf9(2)",
         Error(LimitError, DIGITS, 1, line=11)),
    Case("user-fn-squaring", "f(x) = x*x; " + calls("f", 20, "2"), Error(LimitError, DIGITS, 15),
         why="2^(2^19) is the first square over the limit: the second call from the outside, at column 15"),
    Case("user-fn-sqrt-huge", "f(x) = sqrt(x); f(10^99999)",
         Error(NumberTooLargeError, "sqrt: the number is too large for a float (in f(x) = sqrt(x))", 17)),
]

FLOATS = [
    Case("overflow-multiply", "1e308*10", Error(NumberTooLargeError, "the result is too large for a float", 1)),
    Case("overflow-add", "1e308 + 1e308", Error(NumberTooLargeError, FLOAT, 1)),
    Case("overflow-negative", "-1e308 - 1e308", Error(NumberTooLargeError, FLOAT, 1)),
    Case("overflow-divide-tiny", "1 / 5e-324", Error(NumberTooLargeError, FLOAT, 1)),
    Case("overflow-floor-divide", "1e308 // 1e-308", Error(NumberTooLargeError, FLOAT, 1)),
    Case("overflow-exp", "exp(1000)", Error(NumberTooLargeError, "exp: the number is too large for a float", 1)),
    Case("exp-709", "exp(709)", Value(math.exp(709), approx=True)),
    Case("overflow-exp-710", "exp(710)", Error(NumberTooLargeError, FLOAT, 1)),
    Case("overflow-power", "2.0^5000", Error(NumberTooLargeError, "power: the number is too large for a float", 1)),
    Case("overflow-power-1024", "2.0^1024", Error(NumberTooLargeError, FLOAT, 1)),
    Case("power-1023", "2.0^1023", Value(2.0**1023)),
    Case("overflow-cosh", "cosh(1000)", Error(NumberTooLargeError, "cosh: the number is too large for a float", 1)),
    Case("overflow-literal", "1e400", Error(NumberTooLargeError, "1e400 is too large for a float", 1)),
    Case("overflow-inside-call", "sin(1e308*10)", Error(NumberTooLargeError, FLOAT, 5)),
    Case("overflow-int-to-float", "10^400 / 1e-10", Error(NumberTooLargeError, "divide: the number is too large for a float", 1)),
    Case("overflow-degrees", "degrees(1e308)", Error(NumberTooLargeError, FLOAT, 1)),
    Case("overflow-float-power-big-exponent", "1.0000001 ^ 10^12", Error(NumberTooLargeError, FLOAT, 1)),
    Case("hypot-near-max", "hypot(1e308, 1e308)", Value(math.hypot(1e308, 1e308))),
    Case("underflow-divide", "1e-320/1e10", Value(0.0), why="underflow to 0.0 is a value, not an error"),
    Case("underflow-multiply", "1e-320*1e-10", Value(0.0)),
    Case("underflow-halve-min", "5e-324/2", Value(0.0)),
    Case("subnormal-min", "2^-1074", Value(5e-324)),
    Case("underflow-exp", "exp(-1000)", Value(0.0)),
    Case("underflow-int-power", "10^-400", Value(0.0)),
    Case("underflow-float-power", "0.5^100000", Value(0.0)),
    Case("negative-zero", "-0.0", Value(-0.0)),
    Case("zero-to-zero", "0^0", Value(1)),
]

DOMAIN = [
    Case("ln-0", "ln(0)", Error(DomainError, "ln(0) is undefined: x must be > 0", 1)),
    Case("ln-negative", "ln(-1)", Error(DomainError, "ln(-1) is undefined: x must be > 0", 1)),
    Case("ln-in-sum", "1 + ln(0)", Error(DomainError, "ln(0) is undefined", 5)),
    Case("sqrt-negative", "sqrt(-1)", Error(DomainError, "sqrt(-1) is undefined: x must be >= 0", 1)),
    Case("acos-2", "acos(2)", Error(DomainError, "acos(2) is undefined: x must be between -1 and 1", 1)),
    Case("asin-minus-2", "asin(-2)", Error(DomainError, "asin(-2) is undefined: x must be between -1 and 1", 1)),
    Case("acos-just-over", "acos(1.0000001)", Error(DomainError, "acos(1.0000001) is undefined", 1)),
    Case("log-base-1", "log(1, 1)", Error(DomainError, "log(1, 1) is undefined: x must be > 0, base > 0 and not 1", 1)),
    Case("log-base-0", "log(10, 0)", Error(DomainError, "log(10, 0) is undefined", 1)),
    Case("log2-0", "log2(0)", Error(DomainError, "log2(0) is undefined: x must be > 0", 1)),
    Case("log10-negative", "log10(-1)", Error(DomainError, "log10(-1) is undefined: x must be > 0", 1)),
    Case("cube-root-by-power", "(-8)^(1/3)", Error(DomainError, "a negative number raised to a non-integer power has no real value", 1)),
    Case("negative-float-half-power", "(-1.5)^0.5", Error(DomainError, "no real value", 1)),
    Case("zero-to-minus-1", "0^-1", Error(DivisionByZeroError, "Cannot divide by zero (0 raised to a negative power)", 1)),
    Case("zero-float-to-minus-half", "0.0^-0.5", Error(DivisionByZeroError, "Cannot divide by zero", 1)),
    Case("factorial-2.5", "2.5!", Error(DomainError, "factorial needs a whole number, not 2.5", 1)),
    Case("factorial-minus-1", "(-1)!", Error(DomainError, "factorial needs a non-negative whole number, not -1", 1)),
    Case("factorial-call-2.5", "factorial(2.5)", Error(DomainError, "factorial(2.5) is undefined", 1)),
    Case("minus-factorial", "-4!", Value(-24)),
    Case("factorial-of-huge-negative", "(-10^99999)!",
         Error(DomainError, "factorial needs a non-negative whole number", 1, absent=("4300",)),
         why="the message must not leak CPython's int-to-str limit ('Exceeds the limit (4300 digits)...')"),
    Case("divide-by-zero", "1/0", Error(DivisionByZeroError, "Cannot divide by zero", 1)),
    Case("floor-divide-by-zero", "1//0", Error(DivisionByZeroError, "Cannot divide by zero", 1)),
    Case("modulo-by-zero", "1%0", Error(DivisionByZeroError, "Cannot divide by zero", 1)),
    Case("divide-by-negative-zero", "1/-0.0", Error(DivisionByZeroError, "Cannot divide by zero", 1)),
    Case("modulo-by-zero-column", "2 * 3 - 7 % 0", Error(DivisionByZeroError, "Cannot divide by zero", 9)),
    Case("gcd-fraction", "gcd(1.5, 2)", Error(DomainError, "gcd(1.5, 2) is undefined", 1)),
    Case("comb-negative", "comb(-1, 2)", Error(DomainError, "comb(-1, 2) is undefined", 1)),
    Case("round-digits-fraction", "round(1.5, 0.5)", Error(DomainError, "round(1.5, 0.5) is undefined", 1)),
    Case("sqrt-arity", "sqrt(1, 2)", Error(ArgumentError, "sqrt() takes 1 argument, not 2", 1)),
    Case("max-no-args", "max()", Error(ArgumentError, "max() takes at least 1 argument, not 0", 1)),
    Case("log-arity", "log(1, 2, 3)", Error(ArgumentError, "log() takes 1 to 2 arguments, not 3", 1)),
    Case("user-arity", "f(x) = x; f(1, 2)", Error(ArgumentError, "f(x) takes 1 argument, not 2", 11)),
]

P100K = parens(100_000)
P49999 = parens(49_999)
SQRT2000 = calls("sqrt", 2000)
NEST_USER_1001 = "f(x) = x + 1; " + calls("f", 1001, "0")

NESTING = [
    Case("parens-100000", P100K, Error(LimitError, TOO_LONG, 1),
         why="200,001 characters: over max_input_length before any parsing"),
    Case("parens-49999", P49999, Error(LimitError, NESTING_LIMIT, 1001),
         why="99,999 characters fit; the 1,001st '(' is over max_nesting"),
    Case("parens-900", parens(900), Value(1)),
    Case("parens-1000", parens(1000), Value(1)),
    Case("parens-1001", parens(1001), Error(LimitError, "parentheses and calls nest too deeply, over the max_nesting limit of 1,000", 1001)),
    Case("open-parens-100000", "(" * 100_000, Error(CalcSyntaxError, "expected a number, name or '(' after '('", 100_001)),
    Case("open-parens-1001", "(" * 1001 + "1", Error(CalcSyntaxError, "expected ')' to close '('", 1003)),
    Case("close-parens-1001", "1" + ")" * 1001, Error(CalcSyntaxError, "unmatched ')'", 2)),
    Case("unary-minus-50000", "-" * 50_000 + "1", Value(1), why="evaluation is iterative"),
    Case("unary-minus-50001", "-" * 50_001 + "1", Value(-1)),
    Case("unary-plus-99999", "+" * 99_999 + "1", Value(1)),
    Case("unary-mixed", "-+" * 25_000 + "1", Value(1)),
    Case("unary-then-power", "-" * 40_000 + "2^2", Value(4)),
    Case("power-chain-10000", "2" + "^1" * 10_000, Value(2)),
    Case("power-chain-49999", "2" + "^1" * 49_999, Value(2)),
    Case("starstar-chain", "2" + "**1" * 30_000, Value(2)),
    Case("factorial-postfix-99999", "1" + "!" * 99_999, Value(1)),
    Case("sqrt-nested-2000", SQRT2000, Error(LimitError, NESTING_LIMIT, 5001), why="the 1,001st 'sqrt(' starts at column 5001"),
    Case("sqrt-nested-1000", calls("sqrt", 1000), Value(1.0)),
    Case("sqrt-nested-500", calls("sqrt", 500, "16"), Value(1.0)),
    Case("parens-and-calls-1000", "(sqrt(" * 500 + "1" + "))" * 500, Value(1.0)),
    Case("parens-and-calls-1002", "(sqrt(" * 501 + "1" + "))" * 501, Error(LimitError, NESTING_LIMIT, 3001),
         why="the 1,001st level is the 501st '(', at column 3001"),
    Case("user-calls-nested-1000", "f(x) = x + 1; " + calls("f", 1000, "0"), Value(1000)),
    Case("user-calls-nested-1001", NEST_USER_1001, Error(LimitError, NESTING_LIMIT, 15 + 2 * 1000)),
]

LONG = [
    Case("line-1MB", "1" * 1_000_000, Error(LimitError, "the line is too long, over the max_input_length limit of 100,000", 1)),
    Case("line-1MB-sum", "1+" * 500_000 + "1", Error(LimitError, TOO_LONG, 1)),
    Case("line-100001", "1" * 100_001, Error(LimitError, TOO_LONG, 1)),
    Case("line-100000-literal", "1" * 100_000, Value((10**100_000 - 1) // 9), why="a 100,000-digit literal fits"),
    Case("second-line-too-long", "1\n" + "1" * 100_001, Error(LimitError, TOO_LONG, 1, line=2)),
    Case("sum-49000", "+".join(["1"] * 49_000), Value(49_000)),
    Case("sum-50000", "+".join(["1"] * 50_000), Value(50_000)),
    Case("product-49000", "*".join(["2"] * 49_000), Value(2**49_000)),
    Case("call-49000-args", "max(" + ",".join(["1"] * 49_000) + ")", Value(1)),
    Case("statements-49999", ";".join(["1"] * 49_999), Value(1)),
    Case("lines-100000", "\n".join(["1"] * 100_000), Value(1)),
    Case("literal-99999-digits", "9" * 99_999, Value(10**99_999 - 1)),
    Case("underscored-literal", "1" + "_1" * 49_999, Value((10**50_000 - 1) // 9)),
    Case("float-literal-long-fraction", "1." + "0" * 99_990, Value(1.0)),
    Case("float-literal-tiny", "0." + "0" * 99_990 + "1", Value(0.0)),
    Case("float-literal-huge-exponent", "1e" + "9" * 99_990, Error(NumberTooLargeError, FLOAT, 1)),
    Case("hex-literal-over-max-digits", "0x" + "f" * 99_998, Error(LimitError, DIGITS, 1),
         why="16^99998 - 1 has 120,410 decimal digits: an exact result over max_digits=100,000"),
]

CHAIN_201 = call_chain(201)
BOMB = doubling_chain(30)

RECURSION = [
    Case("mutual-recursion", "f(x) = g(x); g(x) = f(x); f(1)",
         Error(LimitError, "calls of user functions nest more than 10,000 deep (does the recursion reach its base case?), "
               "over the max_call_depth limit of 10,000", 27)),
    Case("three-way-recursion", "f(x) = g(x)+1; g(x) = h(x)+1; h(x) = f(x)+1; f(1)", Error(LimitError, CALL_DEPTH, 46)),
    Case("self-recursion", "f(x) = f(x); 2 * f(1)", Error(LimitError, CALL_DEPTH, 18)),
    Case("self-recursion-without-base", "f(x) = 1 + f(x - 1); f(3)", Error(LimitError, CALL_DEPTH, 22)),
    Case("self-recursion-with-base", "f(x) = if x <= 0 then 0 else 1 + f(x - 1); f(5000)", Value(5000)),
    Case("recursion-9999-deep", "d(n) = if n == 0 then 0 else 1 + d(n - 1); d(9999)", Value(9999),
         why="d(9999) nests 10,000 calls: exactly the default max_call_depth"),
    Case("recursion-10001-deep", "d(n) = if n == 0 then 0 else 1 + d(n - 1); d(10000)", Error(LimitError, CALL_DEPTH, 44)),
    Case("runaway-recursion-10^8", "down(n) = if n == 0 then 0 else down(n - 1); down(10^8)", Error(LimitError, CALL_DEPTH, 46)),
    Case("recursion-bomb", "b(n) = if n == 0 then 1 else b(n - 1) + b(n - 1); b(40)", Error(LimitError, "max_calls", 51),
         why="2^41 calls, only 41 deep: refused by the count of calls, not the depth"),
    Case("mutual-recursion-with-base", "even(n) = if n == 0 then true else odd(n - 1); "
         "odd(n) = if n == 0 then false else even(n - 1); even(5001)", Value(False)),
    Case("recursion-by-redefinition", "g(x) = 1; f(x) = g(x); g(x) = f(x); f(1)", Error(LimitError, CALL_DEPTH, 37)),
    Case("call-depth-200", call_chain(200), Value(200)),
    Case("call-depth-201", CHAIN_201, Value(201), why="the old limit of 200 is 10,000 now that recursion can end"),
    Case("call-bomb-2^30", BOMB,
         Either((Value(2**30), Error(LimitError, "limit", column_of(BOMB, "f30(0)")))),
         why="f30(0) nests only 31 calls deep but makes 2^30 calls: answer 2^30 quickly or refuse with a LimitError"),
    Case("undefined-in-body", "f(x) = g(x); f(1)", Error(UnknownNameError, "unknown function 'g'", 14)),
    Case("arity-error-in-body", "f(x) = sqrt(0, 0)\nf(0)",
         Either((Error(ArgumentError, "sqrt() takes 1 argument, not 2", 8), Error(ArgumentError, "sqrt() takes 1 argument, not 2", 1, line=2))),
         why="refused where sqrt(0, 0) is written (line 1, column 8) or at the call f(0) (line 2, column 1); "
             "never at a column of line 2 that only means something on line 1"),
    Case("arity-error-in-body-same-line", "f(x) = sqrt(0, 0); f(0)",
         Either((Error(ArgumentError, "sqrt() takes 1 argument, not 2", 8), Error(ArgumentError, "sqrt() takes 1 argument, not 2", 20)))),
    Case("nesting-error-in-body", "f(x) = " + parens(1001, "x") + "\nf(1)",
         Either((Error(LimitError, NESTING_LIMIT, 1008), Error(LimitError, NESTING_LIMIT, 1, line=2))),
         why="the 1,001st '(' of the body is at line 1, column 1008; or point at the call f(1)"),
    Case("variable-called", "x = 1; x(2)", Error(UnknownNameError, "'x' is a variable, not a function", 8)),
    Case("function-used-as-variable", "f(x) = x; f + 1", Error(UnknownNameError, "'f' is a function; call it as f(x)", 11)),
]

UNICODE = [
    Case("arabic-indic-digit", "1 + \u0663", Error(CalcSyntaxError, "unexpected digit '\u0663' (U+0663 ARABIC-INDIC DIGIT THREE)", 5)),
    Case("fullwidth-digit", "\uff13 + 1", Error(CalcSyntaxError, "(U+FF13 FULLWIDTH DIGIT THREE); calc reads only the ASCII digits", 1)),
    Case("superscript-two", "2\u00b2", Error(CalcSyntaxError, "unexpected character '\u00b2'", 2)),
    Case("no-break-space", "1\u00a0+ 1", Error(CalcSyntaxError, "U+00A0 NO-BREAK SPACE", 2)),
    Case("zero-width-space", "1 +\u200b1", Error(CalcSyntaxError, "U+200B ZERO WIDTH SPACE", 4)),
    Case("byte-order-mark", "\ufeff1", Error(CalcSyntaxError, "U+FEFF", 1)),
    Case("minus-sign", "5 \u2212 3", Error(CalcSyntaxError, "(U+2212 MINUS SIGN); use '-'", 3)),
    Case("en-dash", "5 \u2013 3", Error(CalcSyntaxError, "(U+2013 EN DASH); use '-'", 3)),
    Case("multiplication-sign", "2 \u00d7 3", Error(CalcSyntaxError, "(U+00D7 MULTIPLICATION SIGN); use '*'", 3)),
    Case("division-sign", "6 \u00f7 2", Error(CalcSyntaxError, "(U+00F7 DIVISION SIGN); use '/'", 3)),
    Case("middle-dot", "2 \u00b7 3", Error(CalcSyntaxError, "(U+00B7 MIDDLE DOT); use '*'", 3)),
    Case("dot-operator", "2 \u22c5 3", Error(CalcSyntaxError, "use '*'", 3)),
    Case("fraction-slash", "1\u20442", Error(CalcSyntaxError, "use '/'", 2)),
    Case("fullwidth-paren", "\uff08 1 \uff09", Error(CalcSyntaxError, "use '('", 1)),
    Case("fullwidth-plus", "1 \uff0b 1", Error(CalcSyntaxError, "use '+'", 3)),
    Case("greek-pi", "\u03c0", Error(CalcSyntaxError, "unexpected character '\u03c0' (U+03C0 GREEK SMALL LETTER PI); use 'pi'", 1)),
    Case("cyrillic-a", "\u0430 = 1", Error(CalcSyntaxError, "U+0430 CYRILLIC SMALL LETTER A", 1)),
    Case("accented-name", "caf\u00e9 = 1", Error(CalcSyntaxError, "unexpected letter '\u00e9'", 4)),
    Case("combining-accent", "x\u0301 = 1", Error(CalcSyntaxError, "unexpected character", 2)),
    Case("square-root-sign", "\u221a4", Error(CalcSyntaxError, "unexpected character '\u221a'", 1)),
    Case("emoji", "1 + \U0001f600", Error(CalcSyntaxError, "unexpected character", 5)),
]

CONTROL = [
    Case("nul-at-end", "1 + 2\x00", Error(CalcSyntaxError, "unexpected control character U+0000", 6)),
    Case("nul-alone", "\x00", Error(CalcSyntaxError, "U+0000", 1)),
    Case("nul-after-number", "1\x00", Error(CalcSyntaxError, "U+0000", 2)),
    Case("soh", "1 + \x01", Error(CalcSyntaxError, "U+0001", 5)),
    Case("escape-sequence", "1\x1b[31m", Error(CalcSyntaxError, "U+001B", 2)),
    Case("delete", "\x7f", Error(CalcSyntaxError, "U+007F", 1)),
    Case("lone-carriage-return", "1\r+1", Error(CalcSyntaxError, "U+000D", 2)),
    Case("vertical-tab", "1\x0b+1", Error(CalcSyntaxError, "U+000B", 2)),
    Case("form-feed", "1\x0c+1", Error(CalcSyntaxError, "U+000C", 2)),
    Case("line-separator", "1\u2028+1", Error(CalcSyntaxError, "U+2028", 2)),
    Case("next-line", "1\x85+1", Error(CalcSyntaxError, "U+0085", 2)),
    Case("lone-surrogate-high", "\ud800", Error(CalcSyntaxError, "U+D800", 1)),
    Case("lone-surrogate-low", "1 + \udfff", Error(CalcSyntaxError, "U+DFFF", 5)),
    Case("surrogate-pair-as-two", "\udbff\udfff", Error(CalcSyntaxError, "U+DBFF", 1)),
    Case("spaces-then-bad-character", "1 +" + " " * 40 + "`", Error(CalcSyntaxError, "unexpected character '`'", 44),
         why="a run of blanks before a character no token starts with must cost linear time, not 2^n backtracking"),
    Case("tabs-then-bad-character", "1 +" + "\t" * 40 + "$", Error(CalcSyntaxError, "unexpected character '$'", 44)),
    Case("blanks-then-lookalike", "2" + " \t" * 30 + "\u00d7 3", Error(CalcSyntaxError, "use '*'", 62)),
    Case("blanks-then-lone-dot", "1 +" + " " * 40 + ".", Error(CalcSyntaxError, "unexpected character '.'", 44)),
    Case("blanks-then-quote", "x =" + " " * 60 + "'a'", Error(CalcSyntaxError, NOT_STRINGS, 64)),
    Case("many-blanks-then-number", "1 +" + " " * 99_000 + "2", Value(3)),
    Case("crlf-lines", "1\r\n2", Value(2)),
    Case("error-on-second-line", "1\n2 +\n3", Error(CalcSyntaxError, "expected a number, name or '(' after '+'", 4, line=2)),
    Case("tabs", "1\t+\t1", Value(2)),
    Case("empty", "", Error(CalcSyntaxError, "empty expression", 1)),
    Case("only-comment", "# 1 + 1", Error(CalcSyntaxError, "empty expression", 1)),
    Case("only-semicolons", ";;", Error(CalcSyntaxError, "empty expression", 1)),
]

ESCAPES = [
    Case("dunder-import-call", "__import__('os')", Error(CalcSyntaxError, NOT_STRINGS, 12)),
    Case("dunder-import-system", "__import__('os').system('true')", Error(CalcSyntaxError, NOT_STRINGS, 12)),
    Case("tuple-class", "().__class__", Error(CalcSyntaxError, "expected a number, name or '(' before ')'", 2)),
    Case("name-class", "x.__class__", Error(CalcSyntaxError, "unexpected character '.'", 2)),
    Case("attribute", "os.system", Error(CalcSyntaxError, "calc names have no attributes", 3)),
    Case("number-attribute", "(1).real", Error(CalcSyntaxError, "calc names have no attributes", 4)),
    Case("double-quotes", '"a"', Error(CalcSyntaxError, NOT_STRINGS, 1)),
    Case("single-quotes", "'a'", Error(CalcSyntaxError, NOT_STRINGS, 1)),
    Case("f-string", 'f"x"', Error(CalcSyntaxError, NOT_STRINGS, 2)),
    Case("list-index", "[1][0]", Error(CalcSyntaxError, "unexpected character '['; use '(' and ')' to group", 1)),
    Case("dict", "{}", Error(CalcSyntaxError, "unexpected character '{'", 1)),
    Case("subscript", "a[0]", Error(CalcSyntaxError, "unexpected character '['", 2)),
    Case("lambda", "lambda: 1", Error(CalcSyntaxError, "unexpected character ':'", 7)),
    Case("walrus", "x := 1", Error(CalcSyntaxError, "unexpected character ':'", 3)),
    Case("eval-call", "eval(1)", Error(UnknownNameError, "unknown function 'eval'", 1)),
    Case("exec-name", "exec", Error(UnknownNameError, "unknown name 'exec'", 1)),
    Case("exec-call", "exec(1)", Error(UnknownNameError, "unknown function 'exec'", 1)),
    Case("open-name", "open", Error(UnknownNameError, "unknown name 'open'", 1)),
    Case("open-call", "open(1)", Error(UnknownNameError, "unknown function 'open'", 1)),
    Case("globals-call", "globals()", Error(UnknownNameError, "unknown function 'globals'", 1)),
    Case("print-call", "print(1)", Error(UnknownNameError, "unknown function 'print'", 1)),
    Case("getattr-call", "getattr(1, 2)", Error(UnknownNameError, "unknown function 'getattr'", 1)),
    Case("breakpoint-call", "breakpoint()", Error(UnknownNameError, "unknown function 'breakpoint'", 1)),
    Case("dunder-import-name", "__import__", Error(UnknownNameError, "unknown name '__import__'", 1)),
    Case("dunder-builtins", "__builtins__", Error(UnknownNameError, "unknown name '__builtins__'", 1)),
    Case("dunder-class", "__class__", Error(UnknownNameError, "unknown name '__class__'", 1)),
    Case("dunder-names-are-plain-names", "__import__(x) = x + 1; __class__ = 5; __import__(__class__)", Value(6)),
    Case("conditional-expression", "1 if 1 else 2", Error(CalcSyntaxError, "calc writes a conditional as if c then a else b", 3)),
    Case("and", "1 and 2", Error(CalcTypeError, "'and' needs true or false, not the number 1", 1)),
    Case("matmul", "@", Error(CalcSyntaxError, "unexpected character '@'", 1)),
    Case("matmul-infix", "1 @ 2", Error(CalcSyntaxError, "unexpected character '@'", 3)),
    Case("dollar", "$", Error(CalcSyntaxError, "unexpected character '$'", 1)),
    Case("backslash", "\\", Error(CalcSyntaxError, "unexpected character '\\'", 1)),
    Case("backslash-infix", "1 \\ 2", Error(CalcSyntaxError, "unexpected character '\\'", 3)),
    Case("comparison", "1 < 2", Value(True)),
    Case("equality", "1 == 1", Value(True)),
    Case("bitwise-not", "~1", Error(CalcSyntaxError, "unexpected character '~'", 1)),
    Case("augmented-assignment", "a += 1", Error(CalcSyntaxError, "calc has no '+='; write a = a + 1", 4)),
    Case("tuple", "1,2", Error(CalcSyntaxError, "unexpected ','", 2)),
    Case("comment-hides-code", "1 # __import__('os')", Value(1)),
    Case("import-statement", "import os", Error(CalcSyntaxError, "calc needs no import", 8),
         why="at the name after 'import'; not \"expected a number ... after 't'\""),
    Case("not-operator", "not 1", Error(CalcTypeError, "'not' needs true or false, not the number 1", 1),
         why="not is calc's logical not; a number is no condition"),
    Case("two-names", "x y", Error(CalcSyntaxError, "missing operator before 'y'", 3),
         why="'x y' is the implicit multiplication '1 2' is: the message must say so, not 'expected a number after x'"),
    Case("function-without-parens", "sqrt 4", Error(CalcSyntaxError, "'4'", 6, absent=("after 't'", "expected a number")),
         why="after 'sqrt' a number is exactly what is there; the message must not ask for one"),
    # a name right after a number is a unit; a variable there is the missing operator it always was
    Case("implicit-multiplication", "2x", Error(UnknownNameError, "unknown unit 'x': a name right after a number is a unit, and calc has no implicit multiplication", 2)),
    Case("implicit-multiplication-variable", "x = 3; 2x", Error(CalcSyntaxError, "missing operator before 'x': calc has no implicit multiplication; write 2*x", 9)),
]

SHADOWING = [
    Case("assign-pi", "pi = 3", Error(AssignmentError, "cannot assign to the constant 'pi'", 1)),
    Case("assign-e", "e = 2", Error(AssignmentError, "cannot assign to the constant 'e'", 1)),
    Case("assign-tau", "tau = 6", Error(AssignmentError, "cannot assign to the constant 'tau'", 1)),
    Case("assign-sqrt", "sqrt = 1", Error(AssignmentError, "cannot assign to the builtin function 'sqrt'", 1)),
    Case("assign-ans", "ans = 1", Error(AssignmentError, "cannot assign to 'ans': calc sets it to the last result", 1)),
    Case("assign-underscore", "_ = 1", Error(AssignmentError, "cannot assign to '_'", 1)),
    Case("define-sin", "sin(x) = x", Error(AssignmentError, "cannot assign to the builtin function 'sin'", 1)),
    Case("define-max", "max(x) = x", Error(AssignmentError, "cannot assign to the builtin function 'max'", 1)),
    Case("parameter-pi", "f(pi) = 1", Error(AssignmentError, "'pi' cannot be a parameter: it is a builtin name", 3)),
    Case("parameter-sqrt", "f(sqrt) = 1", Error(AssignmentError, "'sqrt' cannot be a parameter", 3)),
    Case("parameter-ans", "f(ans) = 1", Error(AssignmentError, "'ans' cannot be a parameter", 3)),
    Case("parameter-twice", "f(x, x) = 1", Error(AssignmentError, "parameter 'x' appears twice", 6)),
    Case("parameter-number", "f(1) = 2", Error(AssignmentError, "the parameters of f() must be names", 3)),
    Case("assign-to-number", "1 = 2", Error(AssignmentError, "can only assign to a name", 1)),
    Case("assign-to-sum", "x + 1 = 2", Error(AssignmentError, "can only assign to a name", 1)),
    Case("assign-chain", "x = y = 1", Error(CalcSyntaxError, "a statement has at most one '='", 7)),
    Case("assign-pi-second-statement", "x = 1; pi = 3", Error(AssignmentError, "cannot assign to the constant 'pi'", 8)),
    Case("pi-unchanged", "x = pi; x", Value(math.pi)),
    Case("ans-before-any-result", "ans", Error(UnknownNameError, "'ans' has no value yet", 1)),
    Case("ans-after-result", "2; _ + 1", Value(3)),
]

EXACT = [
    Case("exact-tenths", "0.1 + 0.2", Value(Fraction(3, 10)), exact=True),
    Case("exact-underflow-is-exact", "1e-320/1e10", Value(Fraction(1, 10**330)), exact=True),
    Case("exact-literal-1e99999", "1e99999", Value(Fraction(10**99999)), exact=True),
    Case("exact-literal-1e100001", "1e100001", Error(LimitError, DIGITS, 1), exact=True,
         why="10^100001 has 100,002 digits: over max_digits"),
    Case("exact-literal-1e999999999", "1e999999999", Error(LimitError, DIGITS, 1), exact=True,
         why="reading the literal exactly would build a billion-digit integer"),
    Case("exact-literal-1e-999999999", "1e-999999999", Error(LimitError, DIGITS, 1), exact=True),
    Case("exact-half-power", "0.5^100000", Value(Fraction(1, 2**100000)), exact=True),
    Case("exact-third-power-over", "(1/3)^(10^6)", Error(LimitError, DIGITS, 1), exact=True),
    Case("exact-tiny-fraction", "1/(10^99999)", Value(Fraction(1, 10**99999)), exact=True),
    Case("exact-negative-root", "(-8)^(1/3)", Error(DomainError, "no real value", 1), exact=True),
    Case("exact-sqrt-huge-square", "sqrt(10^400)", Value(Fraction(10**200)), exact=True),
    Case("exact-round-10^6-digits", "round(1/3, 10^6)", Error(LimitError, DIGITS, 1), exact=True,
         why="1/3 to a million decimals is a fraction with a million-digit denominator"),
    Case("exact-round-2^64-digits", "round(1, 2^64)", Value(Fraction(1)), exact=True,
         why="1 rounded to any number of decimals is 1; 10^(2^64) must not be computed"),
    Case("exact-round-minus-10^7", "round(1/3, -10^7)", Value(Fraction(0)), exact=True),
    Case("exact-round-whole-minus-10^9", "round(1, -10^9)", Value(Fraction(0)), exact=True,
         why="1 to the nearest 10^1000000000 is 0, in exact mode as in float mode; 10^(10^9) must not be built"),
    Case("exact-round-whole-minus-2^64", "round(9, -2^64)", Value(Fraction(0)), exact=True),
    Case("exact-literal-mantissa-digits", "1000e99999", Error(LimitError, DIGITS, 1), exact=True,
         why="1000e99999 is 10^100002: 100,003 digits; the mantissa's digits count too, not only the exponent"),
    Case("exact-literal-mantissa-digits-2", "123456789e99992", Error(LimitError, DIGITS, 1), exact=True,
         why="123456789 * 10^99992 has 100,001 digits"),
    Case("exact-literal-mantissa-negative-exponent", "1000e-100000", Value(Fraction(1, 10**99997)), exact=True,
         why="1000e-100000 is 1/10^99997: a denominator of 99,998 digits, within max_digits"),
    Case("exact-fraction-sum-over-digits", "1/(10^50000+1) + 1/(10^50000+3)", Error(LimitError, DIGITS, 1), exact=True,
         why="the sum's denominator (10^50000+1)(10^50000+3) has 100,001 digits: adding fractions multiplies denominators"),
    Case("exact-fraction-sum-bomb", " + ".join(f"1/(10^50000+{k})" for k in range(1, 80, 2)), Error(LimitError, DIGITS, 1),
         exact=True, why="40 terms of 712 characters would build a 2,000,000-digit denominator (26 s today) unless refused"),
    Case("exact-fraction-modulo-over-digits", "1/(10^50000+1) % (1/(10^50000+3))", Error(LimitError, DIGITS, 1), exact=True,
         why="the remainder's denominator is the product of both: 100,001 digits"),
    Case("exact-subtract-over-digits", "99999 - 99999/10^99999", Error(LimitError, DIGITS, 1), exact=True,
         why="(99999*10^99999 - 99999)/10^99999: a numerator of 100,004 digits"),
    Case("exact-2.5-factorial", "2.5!", Error(DomainError, "factorial needs a whole number, not 5/2", 1), exact=True),
]

API = [
    Case("parse-value", "x^2 + 3*x", Value(10**20 + 3 * 10**10), api="parse", variables={"x": 10**10}),
    Case("parse-huge-variable", "x^2 + 3*x", Error(LimitError, DIGITS, 1), api="parse", variables={"x": 10**60000}),
    Case("parse-deep", parens(1001, "x"), Error(LimitError, NESTING_LIMIT, 1001), api="parse", variables={"x": 1}),
    Case("parse-two-statements", "1; 2", Error(CalcSyntaxError, "parse() reads one expression, not several statements", 4), api="parse"),
    Case("parse-assignment", "x = 1", Error(AssignmentError, "parse() reads one expression", 3), api="parse"),
    Case("parse-empty", "", Error(CalcSyntaxError, "empty expression", 1), api="parse"),
    Case("parse-1MB", "1" * 1_000_000, Error(LimitError, TOO_LONG, 1), api="parse"),
    Case("parse-bool-variable", "x", Value(True), api="parse", variables={"x": True}),
    Case("parse-string-variable", "x", Error(AssignmentError, "variable 'x' must be a number or a boolean, not str", 1), api="parse", variables={"x": "1"}),
    Case("variable-inf", "x", Error(AssignmentError, "variable 'x' must be finite", 1), variables={"x": math.inf}),
    Case("variable-nan", "x", Error(AssignmentError, "variable 'x' must be finite", 1), variables={"x": math.nan}),
    Case("variable-complex", "x", Error(AssignmentError, "must be a number or a boolean, not complex", 1), variables={"x": 1j}),
    Case("variable-pi", "1", Error(AssignmentError, "cannot assign to the constant 'pi'", 1), variables={"pi": 3}),
    Case("variable-bad-name", "1", Error(AssignmentError, "'1x' is not a valid name", 1), variables={"1x": 1}),
    Case("variable-unicode-name", "1", Error(AssignmentError, "'\u00e9' is not a valid name", 1), variables={"\u00e9": 1}),
    Case("variable-dunder-name", "__import__ + 1", Value(2), variables={"__import__": 1}),
    Case("session-api", "f(x) = x^2; f(12)", Value(144), api="session"),
]

def else_if_chain(arms: int) -> str:
    """x = 5; if x<0 then 0 else if x<0 then 0 else … 1: a piecewise table of ``arms`` cases."""
    return "x = 5; " + "if x<0 then 0 else " * arms + "1"


ELSE_IF_1000 = else_if_chain(1000)
ELSE_IF_5000 = else_if_chain(5000)
AND_1002 = " and ".join(["true"] * 1002)
TOWER = "9^9^9^9"

LOGIC = [
    # the branch not taken costs nothing, however huge
    Case("if-false-hides-a-tower", f"if false then {TOWER} else 1", Value(1)),
    Case("if-true-hides-a-tower", f"if 1 < 2 then 1 else {TOWER}", Value(1)),
    Case("if-taken-branch-is-refused", f"if true then {TOWER} else 1", Error(LimitError, DIGITS, 16),
         why="the branch that runs is held to the limits: 9^387420489 starts at column 16"),
    Case("or-hides-comb", "true or comb(10^6, 5*10^5) > 0", Value(True)),
    Case("and-hides-factorial", "false and 100000! > 0", Value(False)),
    Case("and-hides-division-by-zero", "1 > 2 and 1/0 > 0", Value(False)),
    Case("chain-hides-the-rest", f"2 < 1 < {TOWER} < 1/0", Value(False), why="a false link skips the rest of the chain"),
    Case("condition-hides-in-recursion", f"f(n) = if n == 0 then 0 else if n < 0 then {TOWER} else f(n - 1); f(1000)", Value(0)),
    Case("if-condition-refused", f"if {TOWER} > 0 then 1 else 2", Error(LimitError, DIGITS, 6)),
    Case("recursion-bomb-in-the-branch-not-taken", "b(n) = if n == 0 then 1 else b(n - 1) + b(n - 1); if false then b(40) else 7", Value(7)),
    # else-if chains: right-nested, one level per arm
    Case("else-if-999", else_if_chain(999), Value(1)),
    Case("else-if-1000", ELSE_IF_1000, Value(1),
         why="an else-if table is flat like a long sum: its arms do not count as nesting"),
    Case("else-if-5000", ELSE_IF_5000, Value(1), why="95,007 characters fit in max_input_length"),
    Case("else-if-10000", else_if_chain(10_000), Error(LimitError, TOO_LONG, 1),
         why="10,000 arms need at least 17 characters each: over max_input_length before any parsing"),
    Case("else-if-10000-raised-limits", else_if_chain(10_000), Value(1),
         limits={"max_input_length": 300_000},
         why="with room for it, a 10,000-arm table compiles and runs without Python recursion"),
    Case("then-nested-1000", "if true then " * 1000 + "1" + " else 2" * 1000, Value(1)),
    Case("then-nested-1001", "if true then " * 1001 + "1" + " else 2" * 1001, Error(LimitError, NESTING_LIMIT, 13_001),
         why="conditionals nested in the then-branch nest like parentheses"),
    Case("conditions-nested-999", "if " * 999 + "true" + " then true else false" * 999, Value(True)),
    # not, and, or
    Case("not-10000", "not " * 10_000 + "true", Value(True), why="not is a unary operator: no nesting limit, iterative"),
    Case("not-24999", "not " * 24_999 + "true", Value(False)),
    Case("not-of-a-number-deep", "not " * 10_000 + "1", Error(CalcTypeError, "'not' needs true or false, not the number 1", 39_997)),
    Case("and-1001", " and ".join(["true"] * 1001), Value(True)),
    Case("and-1002", AND_1002, Value(True), why="a run of and is flat like a long sum: no nesting limit"),
    Case("or-1002", " or ".join(["false"] * 1002), Value(False)),
    Case("and-11000", " and ".join(["true"] * 11_000), Value(True)),
    Case("and-of-a-number-late", " and ".join(["true"] * 1000) + " and 1", Error(CalcTypeError, "'and' needs true or false", 9001)),
    # comparison chains
    Case("compare-chain-49999", "1" + "<1" * 49_998, Value(False),
         why="49,999 operands in 99,997 characters: parsed in linear time (it took 9.5 s when each link copied the chain)"),
    Case("compare-chain-33334-all-true", "1" + "==1" * 33_333, Value(True), why="100,000 characters; every link runs"),
    Case("compare-chain-100000-over-length", "1" + "==1" * 99_999, Error(LimitError, TOO_LONG, 1)),
    Case("compare-chain-100000", "1" + "==1" * 99_999, Value(True), limits={"max_input_length": 300_000},
         why="100,000 operands, every link evaluated once"),
    Case("compare-chain-type-error-at-the-end", "1" + "<2" * 40_000 + "<true", Value(False),
         why="1 < 2 < 2 is false at the second link: the boolean at the end is never compared"),
    Case("compare-chain-type-error", "1" + "<=1" * 30_000 + "<true", Error(CalcTypeError, "'<' compares numbers, not the boolean true", 90_001),
         why="the failing link starts at its left operand, the last 1"),
    Case("compare-huge-numbers", "10^99999 < 10^99999 + 1 < 2 * 10^99999", Value(True)),
    Case("compare-huge-int-with-float", "10^99999 > 1e308", Value(True), why="int and float compare exactly, no conversion to float"),
    Case("compare-huge-fraction", "1/(10^99999) > 0", Value(True), exact=True),
    # types
    Case("boolean-arithmetic-deep", "(" * 999 + "true" + " + 1)" * 999, Error(CalcTypeError, "'+' needs numbers, not the boolean true", 1000),
         why="the innermost sum, true + 1, starts at column 1,000"),
]

UNIT_POWER = "a unit's power must be at most 100"

UNITS = [
    # a unit's power is bounded; a magnitude is held to the limits a number is held to
    Case("unit-power-tower", "m^(10^9)", Error(UnitError, f"{UNIT_POWER}, not 1000000000", 1)),
    Case("unit-power-literal", "2 m^1000000000", Error(UnitError, f"{UNIT_POWER}, not 1000000000", 3)),
    Case("unit-power-in-target", "1 m to km^101", Error(UnitError, f"{UNIT_POWER}, not 101", 8)),
    Case("quantity-power-exact", "(10 m)^(10^6)", Either((Error(UnitError, UNIT_POWER, 1), Error(LimitError, DIGITS, 1))), exact=True,
         why="refused, by the magnitude's size or the unit's power, before 10^1000000 is computed"),
    Case("quantity-power-100", "(10 m)^100", Measure(Fraction(10**100), "m^100"), exact=True),
    Case("quantity-product-over-digits", "x = 10^60000 * 1 m; x * x", Error(LimitError, DIGITS, 21), exact=True),
    Case("quantity-power-over-digits", "x = 10^2000 * 1 m; x^60", Error(LimitError, DIGITS, 20), exact=True),
    Case("quantity-float-overflow", "1e308 m * 10", Error(NumberTooLargeError, "too large for a float", 1)),
    Case("conversion-float-overflow", "1e308 km to nm", Error(NumberTooLargeError, "too large for a float", 1),
         why="the exact conversion is 1e320 nm: no float holds it"),
    Case("quantity-literal-overflow", "1e400 m", Error(NumberTooLargeError, "too large for a float", 1)),
    Case("conversion-chain-5000", "1 km" + " to m to km" * 2500, Measure(1.0, "km"),
         why="a conversion chain is left-recursive: flat, like a long sum"),
    Case("unit-product-300", "1 m" + "*m" * 299, Measure(1.0, "m^300"),
         why="a product of units is arithmetic, not a power: no bound but the line's length"),
    # names: long, odd, Python's own
    Case("unit-name-30000-letters", "2 " + "volume" * 5000, Error(UnknownNameError, "unknown unit 'volumevolume", 3),
         why="no unit is longer than 64 letters: pint is not asked to split 30,000 into prefix and unit"),
    Case("bare-name-30000-letters", "volume" * 5000, Error(UnknownNameError, "unknown name 'volumevolume", 1)),
    Case("dunder-unit", "3 __class__", Error(UnknownNameError, "unknown unit '__class__'", 3)),
    Case("dunder-target", "3 m to __import__", Error(UnknownNameError, "unknown unit '__import__'", 8)),
    Case("pint-syntax-in-target", "3 m to [m]", Error(CalcSyntaxError, "unexpected character '['", 8),
         why="a target is calc's grammar (names, * / ^), never handed to pint's parser as text"),
    # meaning: dimensions, offsets, booleans
    Case("add-dimensions", "3 m + 2 s", Error(DimensionError, "cannot add a length (m) and a time (s): the dimensions differ", 1)),
    Case("offset-times-two", "40 degC * 2", Error(UnitError, "temperature on an offset scale", 1)),
    Case("unit-in-exponent", "2^(3 m)", Error(DimensionError, "an exponent must be a plain number, not a length (m)", 1)),
    Case("boolean-to-unit", "true to m", Error(DimensionError, "cannot convert the boolean true to a unit", 1)),
    Case("sqrt-negative-area", "sqrt(-4 m^2)", Error(DomainError, "sqrt(-4 m^2) is undefined", 1)),
    Case("divide-by-zero-seconds", "1 m / (0 s)", Error(DivisionByZeroError, "Cannot divide by zero", 1)),
    Case("exact-conversion", "1 mi to km", Measure(Fraction(25146, 15625), "km"), exact=True),
    Case("float-conversion-rounded-once", "40 degC to degF", Measure(104.0, "degF")),
]

CATALOG: list[Case] = (
    SIZE_BOMBS + FLOATS + DOMAIN + NESTING + LONG + RECURSION + UNICODE + CONTROL + ESCAPES + SHADOWING + EXACT + API + LOGIC + UNITS
)

assert len({case.id for case in CATALOG}) == len(CATALOG), "case ids must be unique"

#: case id -> seconds the evaluation took in its child process (filled as the cases run)
TIMINGS: dict[str, float] = {}


@pytest.mark.parametrize("case", CATALOG, ids=[case.id for case in CATALOG])
def test_hostile_input(case: Case) -> None:
    outcome = outcome_of(case.text, exact=case.exact, api=case.api, variables=case.variables, limits=case.limits)
    TIMINGS[case.id] = outcome["seconds"]
    assert_contract(case.text, outcome)
    problem = case.expect.matches(outcome)
    if problem:
        why = f"\n  (why: {case.why})" if case.why else ""
        raised = f" [limits {case.limits}]" if case.limits else ""
        pytest.fail(f"{case.id}: {short(case.text)}{' [exact]' if case.exact else ''}{raised}: {problem}{why}")


# =============================================================================================
# Nothing runs but arithmetic
# =============================================================================================


def test_escape_attempts_touch_no_python_machinery(monkeypatch: pytest.MonkeyPatch) -> None:
    """While the escape attempts run, eval/exec/open/compile/os.system/subprocess are tripwires."""
    touched: list[str] = []

    def tripwire(name: str):
        def call(*args: Any, **kwargs: Any) -> None:
            touched.append(name)
            raise AssertionError(f"calc called {name}")

        return call

    for name in ("eval", "exec", "open", "compile", "breakpoint", "input"):
        monkeypatch.setattr(builtins, name, tripwire(name))
    monkeypatch.setattr(os, "system", tripwire("os.system"))
    monkeypatch.setattr(subprocess, "Popen", tripwire("subprocess.Popen"))
    for case in ESCAPES:
        outcome = _evaluate_here(case.text)
        assert outcome["kind"] in ("value", "error"), f"{case.id}: {outcome}"
    assert touched == []


# =============================================================================================
# Integers are printed in full without touching sys.set_int_max_str_digits
# =============================================================================================

_LIMITED = hasattr(sys, "get_int_max_str_digits") and sys.get_int_max_str_digits() != 0


def test_5000_digit_literal_and_10_pow_5000_print_in_full() -> None:
    before = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None
    session = calculator.Calculator()
    literal = session.evaluate("9" * 5000)
    assert literal == 10**5000 - 1
    assert session.format(literal) == "9" * 5000
    power = session.evaluate("10^5000")
    assert power == 10**5000
    assert session.format(power) == "1" + "0" * 5000
    assert format_value(power) == "1" + "0" * 5000
    assert session.format(session.evaluate("-10^5000 + 1")) == "-" + "9" * 5000
    big = session.evaluate("10^99999")
    assert format_value(big) == "1" + "0" * 99999
    exact = calculator.evaluate("1/10^5000", exact=True)
    assert format_value(exact) == "1/1" + "0" * 5000
    if before is not None:
        assert sys.get_int_max_str_digits() == before, "calc changed the process-wide int max str digits"
    if _LIMITED:
        with pytest.raises(ValueError):
            str(10**5000)  # the process-wide limit is still in force for everyone else


# =============================================================================================
# Threads
# =============================================================================================


def test_one_expression_evaluated_from_8_threads() -> None:
    expression = calculator.parse("x^2 + 3*x")
    barrier = threading.Barrier(8)
    failures: list[str] = []

    def work(index: int) -> None:
        barrier.wait()
        for step in range(2000):
            x = index * 100_000 + step
            for value in (x, x + 0.5, Fraction(x, 7)):
                got = expression.evaluate(x=value)
                if got != value**2 + 3 * value:
                    failures.append(f"thread {index}: x={value!r} gave {got!r}")
        try:
            expression.evaluate(x=10**60000)
        except LimitError:
            pass
        else:  # pragma: no cover
            failures.append(f"thread {index}: no LimitError")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert expression.variables == ("x",)


def test_separate_calculators_in_threads_share_nothing() -> None:
    barrier = threading.Barrier(8)
    results: dict[int, tuple] = {}
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            session = calculator.Calculator()
            session.evaluate(f"x = {index}; f(y) = y * {index + 1}")
            barrier.wait()
            for _ in range(500):
                session.evaluate("x = x + 1")
            results[index] = (session.evaluate("x"), session.evaluate("f(2)"), session.ans, sorted(session.variables))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for index in range(8):
        assert results[index] == (index + 500, 2 * (index + 1), 2 * (index + 1), ["x"])
    with pytest.raises(UnknownNameError):
        calculator.Calculator().evaluate("x")


# =============================================================================================
# Properties: any text, token soup, generated expressions
# =============================================================================================

PROPERTY_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

any_character = st.characters(exclude_categories=())  # every code point: NUL, controls, lone surrogates
calc_characters = st.sampled_from(list("0123456789.eExXbBoO_abcfgxyz+-*/%^!(),=;# \t\n\r\u00a0\u2212\x00"))

texts = st.one_of(
    st.text(any_character, max_size=300),
    st.text(calc_characters, max_size=300),
    # long strings: a short piece repeated up to 150,000 characters, over and under the line limit
    st.builds(lambda piece, times: piece * times, st.text(calc_characters | any_character, min_size=1, max_size=12), st.integers(1, 12_500)),
)


@PROPERTY_SETTINGS
@given(text=texts, exact=st.booleans())
def test_any_text_is_a_value_or_a_calculator_error(text: str, exact: bool) -> None:
    assert_contract(text, outcome_of(text, exact=exact))


TOKENS = (
    list("0123456789")
    + ["10", "99999", "1.5", ".5", "1e3", "1e308", "1e-320", "2.5", "0x1f", "0b101", "0o17", "1_000", "170", "1000"]
    + ["x", "y", "f", "g", "a", "ans", "_", "pi", "e", "tau"]
    + list(BUILTINS)
    + ["+", "-", "*", "/", "//", "%", "^", "**", "!", "(", ")", ",", "=", ";", "#", " ", "\n"]
    + ["<", "<=", ">", ">=", "==", "!=", "if", "then", "else", "and", "or", "not", "true", "false"]
)


@PROPERTY_SETTINGS
@given(tokens=st.lists(st.sampled_from(TOKENS), max_size=60), spaced=st.booleans(), exact=st.booleans())
def test_token_soup_is_a_value_or_a_calculator_error(tokens: list[str], spaced: bool, exact: bool) -> None:
    text = (" " if spaced else "").join(tokens)
    assert_contract(text, outcome_of(text, exact=exact))


NUMBERS = ["0", "1", "2", "3", "7", "10", "0.5", "2.5", "-1", "1e308", "1e-320", "1e300", "0x10", "0b11", "1_000",
           "99999", "170", "1000", "10^100", "2^64", "1/3", "0.0", "12345678901234567890"]
BINARY = ["+", "-", "*", "/", "//", "%", "^", "**"]
FUNCTIONS = list(BUILTINS) + ["f", "g"]
LOGIC_BINARY = ["<", "<=", ">", ">=", "==", "!=", "and", "or"]


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, op, b: f"{a} {op} {b}", children, st.sampled_from(BINARY), children),
        children.map(lambda c: f"({c})"),
        st.builds(lambda sign, c: sign + c, st.sampled_from("-+"), children),
        children.map(lambda c: f"{c}!"),
        st.builds(lambda name, args: f"{name}({', '.join(args)})", st.sampled_from(FUNCTIONS), st.lists(children, min_size=1, max_size=3)),
        # the logic language: conditions are often numbers here, so type errors are exercised too
        st.builds(lambda a, op, b: f"{a} {op} {b}", children, st.sampled_from(LOGIC_BINARY), children),
        children.map(lambda c: f"not {c}"),
        st.builds(lambda c, a, b: f"(if {c} then {a} else {b})", children, children, children),
    )


expressions = st.recursive(st.sampled_from(NUMBERS + ["x", "y", "pi", "e", "tau", "ans", "true", "false"]), _extend, max_leaves=20)


@PROPERTY_SETTINGS
@given(x=expressions, y=expressions, f=expressions, op=st.sampled_from(BINARY), last=expressions, exact=st.booleans())
def test_generated_programs_are_a_value_or_a_calculator_error(x: str, y: str, f: str, op: str, last: str, exact: bool) -> None:
    text = f"x = {x}\ny = {y}\nf(x) = {f}\ng(x, y) = f(x) {op} y\n{last}"
    assert_contract(text, outcome_of(text, exact=exact))


# =============================================================================================
# Timing table (not a test): python tests/test_hostile.py [N]
# =============================================================================================


def _timing_report(limit: int | None = None) -> None:
    rows = []
    for case in CATALOG:
        outcome = outcome_of(case.text, exact=case.exact, api=case.api, variables=case.variables, limits=case.limits)
        if outcome["kind"] in ("hang", "died", "escape"):
            verdict = outcome["kind"].upper()
        else:
            verdict = "ok" if case.expect.matches(outcome) is None else "WRONG"
        rows.append((outcome["seconds"], case.id, verdict))
    rows.sort(reverse=True)
    print(f"{len(CATALOG)} catalog cases; hang guard {WATCHDOG:g} s")
    for seconds, name, verdict in rows[:limit]:
        print(f"{seconds:9.4f} s  {verdict:6}  {name}")
    slow = [row for row in rows if row[0] > 1.0]
    print(f"slowest: {rows[0][1]} ({rows[0][0]:.3f} s); over 1 s: {len(slow)}")


if __name__ == "__main__":
    _timing_report(int(sys.argv[1]) if len(sys.argv) > 1 else None)
