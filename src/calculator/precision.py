"""Precision mode: decimals, constants and builtins to N significant digits, with mpmath.

Imported only when the mode is on (``--precision N``, ``Calculator(precision=N)``), so the
default start-up never pays for mpmath. Each mode has its own mpmath context: the library never
touches mpmath's global precision.

The values change, the dispatch does not: decimals are ``mpf`` numbers of this context, and
integers are an ``int`` subclass whose true division and negative powers give ``mpf`` instead of
Python floats, so ``1/3`` has N digits while ``2^100`` stays an exact integer. The same
OPERATIONS functions of basic and advanced compute with them.

An integer result is exact or refused, never made up: ``sqrt`` of an integer is an integer only
for a perfect square (else a decimal of N digits); ``floor``, ``ceil``, ``round`` and ``trunc``
of an integer give it exactly, and of a decimal only when its integer part fits in N digits (an
mpf beyond that is a rounded value whose last digits were never computed). gcd, lcm, comb, perm
and factorial refuse such a decimal the same way.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, Callable

from .advanced import as_integer
from .errors import LimitError
from .functions import BUILTINS, Builtin, round_

__all__ = ["Precision"]


class Precision:
    """The number mode for N significant digits."""

    def __init__(self, digits: int) -> None:
        import mpmath

        self.digits = digits
        self.ctx = ctx = mpmath.MPContext()
        ctx.dps = digits
        self.mpf = ctx.mpf
        self.Int = _int_type(ctx)
        self.constants: dict[str, Any] = {"pi": +ctx.pi, "e": +ctx.e, "tau": 2 * ctx.pi}
        self.builtins: dict[str, Builtin] = {name: self._builtin(b) for name, b in BUILTINS.items()}

    def __repr__(self) -> str:
        return f"Precision({self.digits})"

    def literal(self, value: Any, text: str) -> Any:
        if value.__class__ is int:
            return self.Int(value)
        return self.mpf(text.replace("_", ""))

    def convert(self, value: Any) -> Any:
        """A value from outside (a variable) in this mode's terms."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value if not hasattr(value, "numerator") else self.mpf(value.numerator) / value.denominator
        return self.Int(value) if isinstance(value, int) else self.mpf(value)

    def is_number(self, value: Any) -> bool:
        return isinstance(value, self.ctx.mpf)

    def format(self, value: Any, digits: int | None = None) -> str:
        """``value`` to ``digits`` significant digits, never more than this mode computes."""
        return self.ctx.nstr(value, min(digits or self.digits, self.digits))

    def _builtin(self, builtin: Builtin) -> Builtin:
        precise = _PRECISE.get(builtin.name)
        exact = builtin.function  # gcd, factorial, abs, min, ... work on these values as they are
        ctx, Int = self.ctx, self.Int
        name, whole_args = builtin.name, builtin.name in _WHOLE_ARGUMENTS

        def call(*args: Any) -> Any:
            if whole_args:  # gcd(1e30, 10): the whole number's last digits were never computed
                for arg in args:
                    if isinstance(arg, ctx.mpf) and ctx.isint(arg):
                        _check_integer_part(ctx, name, arg)
            result = precise(ctx, *args) if precise is not None else exact(*args)
            if isinstance(result, ctx.mpc) or (isinstance(result, ctx.mpf) and not ctx.isfinite(result)):
                raise ValueError("no real, finite value")  # the evaluator words it with the domain
            return Int(result) if isinstance(result, int) else result

        call.__name__ = call.__qualname__ = builtin.name
        call.__module__ = __name__ if precise is not None else exact.__module__
        return builtin._replace(function=call)


def _int_type(ctx: Any) -> type:
    """int, except that / and negative powers give this context's mpf instead of a float."""

    class Int(int):
        __slots__ = ()

        def __truediv__(self, other: Any) -> Any:
            return ctx.mpf(int(self)) / other

        def __rtruediv__(self, other: Any) -> Any:
            return other / ctx.mpf(int(self))

        def __pow__(self, other: Any, modulo: Any = None) -> Any:
            if isinstance(other, int) and other >= 0:
                return Int(int(self) ** int(other))
            return ctx.mpf(int(self)) ** other

        def __rpow__(self, other: Any) -> Any:
            return Int(int(other) ** int(self)) if isinstance(other, int) and self >= 0 else ctx.mpf(other) ** int(self)

        def _wrap(name: str) -> Callable[..., Any]:  # type: ignore[misc]
            method = getattr(int, name)

            def wrapped(self: Any, *args: Any) -> Any:
                result = method(self, *args)
                if result is NotImplemented:  # an mpf on the other side: compute as mpf
                    return getattr(ctx.mpf(int(self)), name)(*args)
                return Int(result) if result.__class__ is int else result

            wrapped.__name__ = name
            return wrapped

        for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__floordiv__",
                      "__rfloordiv__", "__mod__", "__rmod__", "__neg__", "__pos__", "__abs__"):
            locals()[_name] = _wrap(_name)
        del _name, _wrap

    return Int


def _log2(ctx: Any, x: Any) -> Any:
    return ctx.log(x, 2)


#: builtins that take whole numbers: a decimal argument must be one, to its last digit
_WHOLE_ARGUMENTS = frozenset({"gcd", "lcm", "factorial", "comb", "perm"})


@lru_cache(maxsize=16)
def _digits_bound(digits: int) -> int:
    return 10**digits


def _check_integer_part(ctx: Any, name: str, x: Any) -> None:
    """Refuse to make an integer of ``x`` (an mpf) when its integer part has more digits than
    this precision computes: they would be the binary rounding's digits, not the value's."""
    if abs(x) < _digits_bound(ctx.dps):
        return
    shown = ctx.nstr(x, min(ctx.dps, 15))  # 3.1416e+10: its exponent counts the digits
    mantissa, _, exponent = shown.partition("e")
    digits = int(exponent) + 1 if exponent else len(mantissa.lstrip("-").partition(".")[0])
    digits = max(digits, ctx.dps + 1)
    raise LimitError(
        f"{name}() needs all {digits:,} digits of the integer part of {shown}, but this precision"
        f" keeps {ctx.dps:,} significant digits (use --precision {digits} or more, or Calculator(precision={digits}))"
    )


def _integer(rounding: str) -> Callable[..., int]:
    """floor, ceil or trunc: an integer stays itself; a decimal is rounded when its integer
    part is within the precision, else refused (see _check_integer_part)."""

    def to_integer(ctx: Any, x: Any) -> int:
        if isinstance(x, int):
            return int(x)
        if isinstance(x, ctx.mpf):
            _check_integer_part(ctx, rounding, x)
        if rounding == "trunc":
            return int(ctx.floor(x)) if x >= 0 else int(ctx.ceil(x))
        return int(ctx.floor(x) if rounding == "floor" else ctx.ceil(x))

    return to_integer


def _round(ctx: Any, x: Any, n: Any = None) -> Any:
    if isinstance(x, int):  # exactly, as without precision: round(123456789, -2) is 123456800
        return round_(int(x), n)
    if n is None:
        if isinstance(x, ctx.mpf):
            _check_integer_part(ctx, "round", x)
        return int(ctx.nint(x))
    scale = ctx.mpf(10) ** as_integer(n, "round's digits")
    return ctx.nint(x * scale) / scale  # a decimal of N digits, as x is


def _log(ctx: Any, x: Any, base: Any = None) -> Any:
    if base is not None and base == 1:
        raise ValueError("base 1")
    return ctx.log(x) if base is None else ctx.log(x, base)


def _hypot(ctx: Any, *xs: Any) -> Any:
    return ctx.sqrt(ctx.fsum(ctx.mpf(x) ** 2 for x in xs))


def _sqrt(ctx: Any, x: Any) -> Any:
    if x < 0:
        raise ValueError("negative")
    if isinstance(x, int):  # a perfect square's root exactly; any other root to N digits
        root = math.isqrt(x)
        if root * root == x:
            return root
    return ctx.sqrt(x)


_PRECISE: dict[str, Callable[..., Any]] = {
    "sqrt": _sqrt,
    "cbrt": lambda ctx, x: ctx.cbrt(x) if x >= 0 else -ctx.cbrt(-x),
    "exp": lambda ctx, x: ctx.exp(x),
    "ln": lambda ctx, x: ctx.ln(x),
    "log": _log,
    "log2": _log2,
    "log10": lambda ctx, x: ctx.log10(x),
    "sin": lambda ctx, x: ctx.sin(x),
    "cos": lambda ctx, x: ctx.cos(x),
    "tan": lambda ctx, x: ctx.tan(x),
    "asin": lambda ctx, x: ctx.asin(x),
    "acos": lambda ctx, x: ctx.acos(x),
    "atan": lambda ctx, x: ctx.atan(x),
    "atan2": lambda ctx, y, x: ctx.atan2(y, x),
    "sinh": lambda ctx, x: ctx.sinh(x),
    "cosh": lambda ctx, x: ctx.cosh(x),
    "tanh": lambda ctx, x: ctx.tanh(x),
    "degrees": lambda ctx, x: ctx.degrees(x),
    "radians": lambda ctx, x: ctx.radians(x),
    "hypot": _hypot,
    "round": _round,
    "floor": _integer("floor"),
    "ceil": _integer("ceil"),
    "trunc": _integer("trunc"),
}

