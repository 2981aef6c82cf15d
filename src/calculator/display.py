"""Value → text: the one place that decides how calc writes a number.

Every number calc prints can be read back as input: ints in full (however many digits, without
touching the process-wide ``sys.set_int_max_str_digits``), floats as Python's shortest repr,
fractions as ``7/4``.
"""

from __future__ import annotations

import decimal
from fractions import Fraction
from typing import Any

__all__ = ["format_value", "int_to_text", "int_from_text", "value_type"]

# CPython refuses str(int) beyond 4300 digits unless the process-wide limit is raised; below this
# size the plain conversion is the fastest, above it Decimal converts without that limit.
_PLAIN_DIGITS = 4000
_BITS_PER_DIGIT = 3.3219280948873626


def int_to_text(n: int) -> str:
    """All the decimal digits of ``n``."""
    if n.bit_length() < _PLAIN_DIGITS * _BITS_PER_DIGIT:
        return str(n)
    return format(decimal.Decimal(n), "f")


def int_from_text(text: str) -> int:
    """Decimal digits (underscores allowed) → int, for any length."""
    if len(text) < _PLAIN_DIGITS:
        return int(text)
    return int(decimal.Decimal(text))


def format_value(value: Any) -> str:
    """The text calc prints for ``value``."""
    kind = value.__class__
    if kind is int:
        return int_to_text(value)
    if kind is float:
        return repr(value)
    if kind is Fraction:
        if value.denominator == 1:
            return int_to_text(value.numerator)
        return f"{int_to_text(value.numerator)}/{int_to_text(value.denominator)}"
    if kind is bool:
        return "1" if value else "0"
    return str(value)


def format_preview(value: Any, width: int = 60) -> str:
    """A short form for a live preview: a huge integer as its leading digits and its length."""
    if value.__class__ is int and value.bit_length() > width * _BITS_PER_DIGIT:
        digits = int(value.bit_length() / _BITS_PER_DIGIT) + 1
        if abs(value) < 10 ** (digits - 1):
            digits -= 1
        lead = int_to_text(abs(value) // 10 ** (digits - 15))
        sign = "-" if value < 0 else ""
        return f"{sign}{lead[0]}.{lead[1:]}e+{digits - 1} ({digits:,} digits)"
    text = format_value(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def value_type(value: Any) -> str:
    """The kind of number, as JSON output names it: int, float or fraction."""
    if isinstance(value, Fraction):
        return "int" if value.denominator == 1 else "fraction"
    if isinstance(value, float):
        return "float"
    return "int"
