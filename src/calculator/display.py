"""Value → text: the one place that decides how calc writes a number.

Every number calc prints can be read back as input: ints in full (however many digits, without
touching the process-wide ``sys.set_int_max_str_digits``), fractions as ``7/4``, and floats as a
desk calculator shows them: Python's shortest repr when it has at most 15 significant digits, else
rounded to 15 (``0.1 + 0.2`` shows ``0.3``). Only the text is rounded, never the value; the full
value (the shortest repr, which reads back as the same float) is one setting away: ``digits="full"``.
"""

from __future__ import annotations

import decimal
from fractions import Fraction
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Literal, NamedTuple
else:
    from ._records import NamedTuple

__all__ = ["Display", "DEFAULT_DISPLAY", "FULL", "FULL_DISPLAY", "format_value", "display_float", "format_preview", "int_to_text", "int_from_text", "value_type"]

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


class Display(NamedTuple):
    """How numbers are written. Every form reads back as calc input."""

    #: significant digits of floats: None (Python's shortest round-trip form, rounded to 15
    #: significant digits when it is longer), N, or FULL (the shortest round-trip form: every digit)
    digits: int | Literal["full"] | None = None
    #: 10, 16, 8 or 2: integers as 255, 0xff, 0o377, 0b11111111 (non-integers stay decimal)
    base: int = 10
    #: "auto" (Python's choice), "sci" (1.2345e+05) or "eng" (exponent a multiple of 3)
    notation: str = "auto"
    #: digit groups with '_': 1_234_567
    group: bool = False


#: the digits setting that shows a float's full value
FULL = "full"
#: how a session writes numbers unless told otherwise
DEFAULT_DISPLAY = Display()
#: every digit: the text reads back as exactly the same number (format_value's default)
FULL_DISPLAY = Display(digits=FULL)
#: significant digits every double holds reliably (DBL_DIG): any 15-digit decimal survives the
#: trip through a float and back, while a 16th and 17th digit are often binary noise
SHOWN_DIGITS = 15
_INFINITY = float("inf")
BASES = {10: "dec", 16: "hex", 8: "oct", 2: "bin"}
NOTATIONS = ("auto", "sci", "eng")


MAX_DISPLAY_DIGITS = 1000


def check_display(display: Display) -> Display:
    """``display`` if its settings make sense, else ValueError saying which does not."""
    digits = display.digits
    if digits is not None and digits != FULL:
        if digits.__class__ is not int:
            raise ValueError(f"digits must be a whole number or {FULL!r}, not {digits!r}")
        if not 1 <= digits <= MAX_DISPLAY_DIGITS:
            raise ValueError(f"digits must be between 1 and {MAX_DISPLAY_DIGITS}, not {digits}")
    if display.base not in BASES:
        raise ValueError(f"base must be 10, 16, 8 or 2, not {display.base}")
    if display.notation not in NOTATIONS:
        raise ValueError(f"format must be auto, sci or eng, not {display.notation!r}")
    return display


def format_value(value: Any, display: Display = FULL_DISPLAY) -> str:
    """The text calc prints for ``value`` with ``display``; by default the full value, which
    reads back as exactly the same number (error messages and saved sessions need that)."""
    kind = value.__class__
    if kind is float:
        if display is DEFAULT_DISPLAY:
            return display_float(value)
        return repr(value) if display is FULL_DISPLAY else _format_float(value, display)
    if kind is int:
        if display is DEFAULT_DISPLAY or display is FULL_DISPLAY:
            return int_to_text(value)
        return _format_int(value, display)
    if kind is Fraction:
        if value.denominator == 1:
            return format_value(value.numerator, display)
        numerator = _format_int(value.numerator, display._replace(base=10))
        return f"{numerator}/{_format_int(value.denominator, display._replace(base=10))}"
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, int):  # precision mode's integers
        return format_value(int(value), display)
    if hasattr(value, "_units"):  # a quantity (pint is loaded): its number as above, then its unit
        from .units import format_quantity

        return format_quantity(value, lambda number: format_value(number, display))
    context = getattr(value, "context", None)
    if context is not None and hasattr(context, "nstr"):  # precision mode's mpf: its digits, no more
        digits = display.digits if isinstance(display.digits, int) else context.dps
        return context.nstr(value, min(digits, context.dps))
    return str(value)


def _format_int(n: int, display: Display) -> str:
    if display.base != 10:
        spec = {16: "x", 8: "o", 2: "b"}[display.base]
        digits = format(abs(n), f"_{spec}" if display.group else spec)
        return f"{'-' if n < 0 else ''}0{spec}{digits}"
    text = int_to_text(n)
    return _grouped(text) if display.group else text


def _grouped(text: str) -> str:
    """'-1234567' → '-1_234_567' (calc reads underscores between digits)."""
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("-")
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sign + "_".join(groups)


def display_float(x: float) -> str:
    """``x`` as calc shows it by default: its shortest round-trip form (``repr``) when that has at
    most 15 significant digits, else rounded to 15, in the same style (``0.30000000000000004`` →
    ``0.3``, ``104.00000000000001`` → ``104.0``, ``2/3`` → ``0.666666666666667``).

    The rounding is relative, so a real difference is never shown as 0 (``0.1 + 0.2 - 0.3`` is
    ``5.55111512312578e-17``), and the text is within half a unit in the 15th significant digit
    of ``x`` (5e-15 relative). Near the largest float, where 15 digits would round past it, the
    text is the full repr.
    """
    text = repr(x)
    # at most 16 characters (one is a point or an 'e'): at most 15 digits, nothing to round
    if len(text) <= SHOWN_DIGITS + 1 or _significant_digits(text) <= SHOWN_DIGITS:
        return text
    # The float nearest the 15-digit rounding: its repr is those digits without trailing zeros
    # (DBL_DIG), written as Python writes floats (1e+16, 104.0).
    rounded = float(format(x, f".{SHOWN_DIGITS}g"))
    if rounded == _INFINITY or rounded == -_INFINITY:  # the largest floats round up past the last one
        return text
    return repr(rounded)


def _significant_digits(text: str) -> int:
    """The significant digits of a float's repr: '0.30000000000000004' → 17, '1200.0' → 2."""
    mantissa = text.partition("e")[0]
    return len(mantissa.replace(".", "").lstrip("-0").rstrip("0"))


def _float_text(x: float, digits: int | str | None) -> str:
    """``x`` to ``digits`` significant digits (None: display_float, FULL: repr), Python's notation."""
    if digits is None:
        return display_float(x)
    if isinstance(digits, str):  # FULL
        return repr(x)
    text = format(x, f".{digits}g")
    if not any(c in text for c in ".en"):
        text += ".0"  # keep it a float when read back: 2.0, not 2
    return text


def _format_float(x: float, display: Display) -> str:
    if display.notation == "auto":
        text = _float_text(x, display.digits)
    else:
        text = _scientific(x, display.digits, engineering=display.notation == "eng")
    if display.group:
        mantissa, e, exponent = text.partition("e")
        whole, dot, fraction = mantissa.partition(".")
        text = _grouped(whole) + dot + fraction + e + exponent
    return text


def _scientific(x: float, digits: int | str | None, engineering: bool) -> str:
    """1.2345e+05, or with an exponent that is a multiple of 3 (123.45e+03)."""
    # N digits are all written, trailing zeros too; otherwise the digits the auto notation shows
    d = decimal.Decimal(format(x, f".{max(digits, 1) - 1}e") if isinstance(digits, int) else _float_text(x, digits))
    if not d:
        return "0.0e+00"
    sign, digit_tuple, exponent = d.normalize().as_tuple()
    shown = "".join(map(str, digit_tuple))
    if isinstance(digits, int):
        shown = shown.ljust(digits, "0")
    power = exponent + len(digit_tuple) - 1  # of the first digit
    lead = 1
    if engineering:
        lead = power % 3 + 1
        power -= power % 3
        shown = shown.ljust(lead, "0")
    mantissa = shown[:lead] + "." + (shown[lead:] or "0")
    return f"{'-' if sign else ''}{mantissa}e{power:+03d}"


def format_preview(value: Any, width: int = 60, display: Display = DEFAULT_DISPLAY) -> str:
    """A short form for a live preview: a huge integer as its leading digits and its length."""
    if value.__class__ is int and value.bit_length() > width * _BITS_PER_DIGIT:
        digits = int(value.bit_length() / _BITS_PER_DIGIT) + 1
        if abs(value) < 10 ** (digits - 1):
            digits -= 1
        lead = int_to_text(abs(value) // 10 ** (digits - 15))
        sign = "-" if value < 0 else ""
        return f"{sign}{lead[0]}.{lead[1:]}e+{digits - 1} ({digits:,} digits)"
    text = format_value(value, display)
    if value.__class__ is Fraction and value.denominator != 1:
        text += f" ≈ {format_value(value.numerator / value.denominator, display)}"
    return text if len(text) <= width else text[: width - 1] + "…"


def value_type(value: Any) -> str:
    """The kind of value, as JSON output names it: int, float, fraction, bool or quantity.

    Precision mode's decimals (mpmath's mpf, binary floating point of N digits) are floats too.
    """
    if value.__class__ is bool:
        return "bool"
    if isinstance(value, Fraction):
        return "int" if value.denominator == 1 else "fraction"
    if isinstance(value, int):  # and precision mode's integers
        return "int"
    if hasattr(value, "_units"):
        return "quantity"
    return "float"
