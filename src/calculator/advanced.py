"""Multiplicative operations and beyond (the tutorial's ``calculator.advanced``, grown).

These are plain functions on Python numbers (int, float, Fraction). The size limits are checked
by the evaluator *before* it calls them (see calculator.limits); here live only the rules of
arithmetic: Python's meaning of / // % **, and no silent inf, nan or complex results.
"""

from __future__ import annotations

import math
from fractions import Fraction
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

from .basic import TOO_LARGE, check_quantity
from .errors import DivisionByZeroError, DomainError, NumberTooLargeError
from .limits import MAX_UNIT_POWER

__all__ = ["multiply", "divide", "floor_divide", "modulo", "power", "factorial", "quantity", "convert", "as_integer"]

DIVIDE_BY_ZERO = "Cannot divide by zero"
_REAL = frozenset({int, float, Fraction})


def multiply(a: Any, b: Any) -> Any:
    """a * b (a float result beyond the largest double is an error, never inf)"""
    r = a * b
    if r.__class__ is float:
        if r - r:
            raise NumberTooLargeError(TOO_LARGE)
        return r
    if r.__class__ is int:
        return r
    return check_quantity(_reduced(r))  # a Fraction, precision mode's decimal, a quantity


def divide(a: Any, b: Any) -> Any:
    """a / b, true division. Raises ZeroDivisionError("Cannot divide by zero") for b == 0.

    The tutorial returned that sentence as a string; a string would flow on into later
    arithmetic, so calc raises it instead (DivisionByZeroError is a ZeroDivisionError).
    """
    if not b:  # (a quantity's truth is its magnitude's: calculator.units)
        raise DivisionByZeroError(DIVIDE_BY_ZERO)
    r = a / b
    if r.__class__ is float:
        if r - r:
            raise NumberTooLargeError(TOO_LARGE)
        return r
    if r.__class__ is int:
        return r
    return check_quantity(_reduced(r))  # a Fraction, precision mode's decimal, a quantity


def floor_divide(a: Any, b: Any) -> Any:
    """a // b, rounding toward negative infinity as Python does (-9 // 4 == -3)."""
    if not b:  # (a quantity's truth is its magnitude's: calculator.units)
        raise DivisionByZeroError(DIVIDE_BY_ZERO)
    r = a // b
    if r.__class__ is float and r - r:
        raise NumberTooLargeError(TOO_LARGE)
    if r.__class__ is int and (a.__class__ is Fraction or b.__class__ is Fraction):
        return Fraction(r)  # Python's Fraction // gives an int; exact values stay fractions
    if hasattr(r, "_magnitude"):  # 7 m // 2 m is the number 3
        return check_quantity(r)
    return r


def modulo(a: Any, b: Any) -> Any:
    """a % b, with the sign of the divisor as in Python (-9 % 4 == 3)."""
    if not b:  # (a quantity's truth is its magnitude's: calculator.units)
        raise DivisionByZeroError(DIVIDE_BY_ZERO)
    r = a % b
    return check_quantity(r) if hasattr(r, "_magnitude") else r


def power(a: Any, b: Any) -> Any:
    """a ** b, refusing results that are not real, finite numbers. A unit's power is at most
    calculator.limits.MAX_UNIT_POWER (m^(10^9) is refused, not built)."""
    try:
        r = a**b
    except ZeroDivisionError:
        raise DivisionByZeroError("Cannot divide by zero (0 raised to a negative power)") from None
    except TypeError:  # precision mode's decimal as a unit's power (pint takes fractions)
        if not hasattr(a, "_units"):
            raise
        r = _unit_power(a, b)
    kind = r.__class__
    if kind is float:
        if r - r:
            raise NumberTooLargeError(TOO_LARGE)
        return r
    if kind in _REAL:
        return r
    if hasattr(r, "_magnitude"):  # a quantity: its unit's power checked, its magnitude held to the same rules
        if r._units and (b.__class__ is not int or not -MAX_UNIT_POWER <= b <= MAX_UNIT_POWER):
            r = _unit_power(a, b)
        magnitude = r._magnitude
        if magnitude.__class__ is complex or (magnitude.__class__ not in _REAL and getattr(magnitude, "imag", 0)):
            raise DomainError(_NO_REAL_POWER)
        return check_quantity(r)
    if kind is complex or r.imag:  # a negative number to a fractional power
        raise DomainError(_NO_REAL_POWER)
    return r


_NO_REAL_POWER = "a negative number raised to a non-integer power has no real value"


def _reduced(r: Any) -> Any:
    """A quantity product with one unit per dimension (calculator.units.reduced); others as they are."""
    if r.__class__ is Fraction or not hasattr(r, "_units"):
        return r
    from .units import reduced

    return reduced(r)


def _unit_power(a: Any, b: Any) -> Any:
    """a ** b for a quantity a: the power at most MAX_UNIT_POWER (m^(10^9) is refused), and a fraction
    of denominator at most 1000 (m^(1/3), also from a float or precision mode's decimal)."""
    from .units import UnitError, describe

    if hasattr(b, "_units"):
        raise UnitError(f"an exponent must be a plain number, not {describe(b)}")
    if b.__class__ is bool or not abs(b) <= MAX_UNIT_POWER:
        raise UnitError(f"a unit's power must be at most {MAX_UNIT_POWER}, not {_show(b)}")
    if not isinstance(b, int):
        b = Fraction(b if isinstance(b, (float, Fraction)) else str(b)).limit_denominator(1000)
    return a**b


def quantity(a: Any, b: Any) -> Any:
    """a of the unit b: 381/1250 m (a quantity of a fraction written before its unit)."""
    from .units import with_unit

    return with_unit(a, b)


def convert(a: Any, b: Any) -> Any:
    """a to b: the quantity ``a`` in the unit ``b`` (exact factors; see calculator.units.convert)."""
    from .units import convert as to_unit  # pint only when units are in use

    return to_unit(a, b)


def factorial(n: Any) -> int:
    """n! for a non-negative integer n (an integral float such as 4.0 counts as 4)."""
    result = math.factorial(as_integer(n, "factorial", non_negative=True))
    # an int subclass (precision mode's integers) stays that kind of integer
    return n.__class__(result) if isinstance(n, int) and n.__class__ is not int else result


def as_integer(x: Any, what: str, *, non_negative: bool = False) -> int:
    """``x`` as an int when it is a whole number, else a DomainError naming ``what``."""
    if isinstance(x, bool) or not _is_integral(x):
        raise DomainError(f"{what} needs a whole number, not {_show(x)}")
    n = int(x)
    if non_negative and n < 0:
        raise DomainError(f"{what} needs a non-negative whole number, not {_show(n)}")
    return n


def _is_integral(x: Any) -> bool:
    if isinstance(x, int):
        return True
    if isinstance(x, Fraction):
        return x.denominator == 1
    if isinstance(x, float):
        return x.is_integer()
    try:  # other real numbers (precision mode's mpf)
        return bool(x == int(x))
    except (TypeError, ValueError, OverflowError):
        return False


def _show(x: Any) -> str:
    """A number for a message: short, whatever its size."""
    from .display import format_preview  # display imports nothing of ours at module level

    return format_preview(x, 30)
