"""Additive operations, comparisons and truth (the tutorial's ``calculator.basic``, grown).

The comparisons and ``logical_not`` live here beside add and subtract: like them they are the
elementary, never-growing operations of the language (advanced holds those that can grow a
number fast and need size checks). Types are checked, never coerced: numbers compare with
numbers, booleans only for (in)equality with booleans, and ``not`` takes a boolean.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

from .errors import CalcTypeError, NumberTooLargeError

__all__ = [
    "add", "subtract", "negate", "positive", "TOO_LARGE",
    "check_quantity", "less", "less_equal", "greater", "greater_equal", "equal", "not_equal", "logical_not",
]

TOO_LARGE = "the result is too large for a float"


def add(a: Any, b: Any) -> Any:
    """a + b (a float result beyond the largest double is an error, never inf; inf - inf is
    nan, so ``r - r`` is non-zero only for those)"""
    r = a + b
    if r.__class__ is float:
        if r - r:
            raise NumberTooLargeError(TOO_LARGE)
        return r
    if r.__class__ is int:
        return r
    return check_quantity(r)  # a Fraction, precision mode's decimal, a quantity


def subtract(a: Any, b: Any) -> Any:
    """a - b (a float result beyond the largest double is an error, never inf)"""
    r = a - b
    if r.__class__ is float:
        if r - r:
            raise NumberTooLargeError(TOO_LARGE)
        return r
    if r.__class__ is int:
        return r
    return check_quantity(r)  # a Fraction, precision mode's decimal, a quantity


def check_quantity(r: Any) -> Any:
    """A result that is neither int nor float: a quantity's float magnitude is held to the rule
    every float is held to, and a quantity whose units cancelled (1 m / 1 cm) is its number."""
    magnitude = getattr(r, "_magnitude", None)
    if magnitude is None:
        return r  # a Fraction, precision mode's decimal
    if magnitude.__class__ is float and magnitude - magnitude:
        raise NumberTooLargeError(TOO_LARGE)
    return r if r._units else magnitude


def negate(a: Any) -> Any:
    """-a"""
    return -a


def positive(a: Any) -> Any:
    """+a"""
    return +a


def less(a: Any, b: Any) -> bool:
    """a < b, for numbers (and quantities of one dimension)"""
    if a.__class__ not in _PLAIN or b.__class__ not in _PLAIN:
        a, b = _ordered("<", a, b)
    return bool(a < b)


def less_equal(a: Any, b: Any) -> bool:
    """a <= b, for numbers"""
    if a.__class__ not in _PLAIN or b.__class__ not in _PLAIN:
        a, b = _ordered("<=", a, b)
    return bool(a <= b)


def greater(a: Any, b: Any) -> bool:
    """a > b, for numbers"""
    if a.__class__ not in _PLAIN or b.__class__ not in _PLAIN:
        a, b = _ordered(">", a, b)
    return bool(a > b)


def greater_equal(a: Any, b: Any) -> bool:
    """a >= b, for numbers"""
    if a.__class__ not in _PLAIN or b.__class__ not in _PLAIN:
        a, b = _ordered(">=", a, b)
    return bool(a >= b)


def equal(a: Any, b: Any) -> bool:
    """a == b: numbers by value (4 == 4.0), booleans with booleans"""
    if a.__class__ not in _PLAIN or b.__class__ not in _PLAIN:
        a, b = _alike("==", a, b)
    return bool(a == b)


def not_equal(a: Any, b: Any) -> bool:
    """a != b: numbers by value, booleans with booleans"""
    if a.__class__ not in _PLAIN or b.__class__ not in _PLAIN:
        a, b = _alike("!=", a, b)
    return bool(a != b)


def logical_not(a: Any) -> bool:
    """not a, for a boolean"""
    if a.__class__ is not bool:
        raise CalcTypeError(not_a_condition("not", a))
    return not a


#: operands compared as they are; any other (a Fraction, a boolean, a quantity) is looked at first
_PLAIN = frozenset({int, float})


def _ordered(symbol: str, a: Any, b: Any) -> tuple[Any, Any]:
    if a.__class__ is bool or b.__class__ is bool:
        raise CalcTypeError(f"'{symbol}' compares numbers, not {_kind(a if a.__class__ is bool else b)}")
    return _quantities(a, b)


def _alike(symbol: str, a: Any, b: Any) -> tuple[Any, Any]:
    if (a.__class__ is bool) is not (b.__class__ is bool):
        raise CalcTypeError(f"'{symbol}' compares two numbers or two booleans, not a boolean with a number")
    return _quantities(a, b)


def _quantities(a: Any, b: Any) -> tuple[Any, Any]:
    """Two quantities as numbers in one unit (calculator.units.comparable); others as they are."""
    if hasattr(a, "_units") or hasattr(b, "_units"):
        from .units import comparable

        return comparable(a, b)
    return a, b


def _kind(value: Any) -> str:
    if value.__class__ is bool:
        return f"the boolean {'true' if value else 'false'}"
    from .display import format_preview  # display imports nothing of ours at module level

    return f"the number {format_preview(value, 30)}"


#: how an operation is named in a type error
_WORDS = {
    "add": "'+'", "subtract": "'-'", "multiply": "'*'", "divide": "'/'", "floor_divide": "'//'", "modulo": "'%'",
    "power": "'^'", "negate": "unary '-'", "positive": "unary '+'", "factorial": "'!'",
}


def not_a_number(what: str, value: Any) -> str:
    """The message for a boolean given to arithmetic (``what``: an operation's alias or 'f()')."""
    return (
        f"{_WORDS.get(what, what)} needs numbers, not {_kind(value)}; "
        "to count a condition as a number, write (if c then 1 else 0)"
    )


def not_a_condition(what: str, value: Any) -> str:
    """The message for a number where true or false belongs (``what``: if, and, or, not)."""
    example = {"if": "if x != 0 then …", "not": "not (x == 0)"}.get(what, f"x != 0 {what} …")
    role = "the condition of 'if'" if what == "if" else f"'{what}'"
    return f"{role} needs true or false, not {_kind(value)}; compare it, as in {example}"
