"""Precision mode: decimals, constants and builtins to N significant digits, with mpmath.

Imported only when the mode is on (``--precision N``, ``Calculator(precision=N)``), so the
default start-up never pays for mpmath. Each mode has its own mpmath context: the library never
touches mpmath's global precision.

The values change, the dispatch does not: decimals are ``mpf`` numbers of this context, and
integers are an ``int`` subclass whose true division and negative powers give ``mpf`` instead of
Python floats, so ``1/3`` has N digits while ``2^100`` stays an exact integer. The same
OPERATIONS functions of basic and advanced compute with them.

An integer result is exact, never made up: ``sqrt`` of an integer is an integer only for a
perfect square (else a decimal of N digits); ``floor``, ``ceil``, ``round`` and ``trunc`` of an
integer give it exactly. Of a decimal whose integer part is longer than N digits (an mpf whose
last digits were never computed) they raise NeedsDigits, as do gcd, lcm, comb, perm, factorial
and ``n!``; the Calculator then runs the statement again at enough working digits (see
``Precision.evaluate``), and refuses only when the limits forbid those digits or the decimal
comes from a variable that holds N digits.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Mapping

from .advanced import as_integer
from .errors import LimitError
from .functions import BUILTINS, CONSTANTS, Builtin, round_
from .tree import children

if TYPE_CHECKING:
    from .evaluator import UserFunction
    from .limits import Limits

__all__ = ["Precision", "NeedsDigits"]

#: working digits beyond an integer part, so that its last digit is settled by the digits after it
GUARD_DIGITS = 10


class NeedsDigits(LimitError):
    """An integer was asked of a decimal whose integer part has more digits than its precision
    computed. ``Precision.evaluate`` catches it and runs the statement again at more digits;
    anywhere else it is the refusal its message says.

    ``what`` (``floor() needs all 11 digits of the integer part of 3.1416e+10``) and ``digits``
    (11) are read back from the message, so they survive the evaluator's re-raising of an error
    from inside a user function (which keeps only the message)."""

    def __init__(self, message: str, **where: Any) -> None:
        super().__init__(message, **where)
        self.what = message.partition(_BUT_KEEPS)[0]
        count = self.what.partition(" needs all ")[2].partition(" ")[0]
        self.digits = int(count.replace(",", "")) if count.replace(",", "").isdigit() else None


_BUT_KEEPS = ", but this precision keeps"


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
        _check_int_conversions(ctx)
        self._working: dict[int, Precision] = {}  # the modes of more working digits, made once each

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

    def evaluate(
        self,
        attempt: Callable[["Precision", Mapping[str, Any]], Any],
        tree: tuple,
        names: Mapping[str, Any],
        functions: Mapping[str, "UserFunction"],
        limits: "Limits",
    ) -> Any:
        """The value of one statement, ``attempt(mode, names)`` in this mode, with integers that
        are exact: when a decimal's integer part is longer than these digits (NeedsDigits), the
        statement runs again in a mode of enough working digits (the integer part and
        GUARD_DIGITS more), and its value comes back as a value of this mode (a decimal of N
        digits, an integer as it is). Refused (a LimitError placed where the integer was asked)
        when those digits are over max_precision or max_digits, or when the decimal is computed
        from a variable, which holds only N digits: running the statement again cannot give it
        more."""
        try:
            return attempt(self, names)
        except NeedsDigits as need:
            refusal = need
        working = self.digits
        while True:
            short = [  # variables whose decimals have fewer digits than the integer part
                name for name in _decimals_read(_node_at(tree, refusal.start, refusal.end), names, functions)
                if names[name].context.dps < (refusal.digits or self.digits + 1)
            ]
            if short:
                raise _from_variables(refusal, short, names)
            needed = refusal.digits or 0
            if needed > limits.max_precision or working >= limits.max_precision:
                raise limits.refuse(refusal.what, "max_precision", "--max-precision").at(refusal.start, refusal.end)
            if needed > limits.max_digits:  # the integer itself would be too long
                raise limits.refuse(refusal.what, "max_digits", "--max-digits").at(refusal.start, refusal.end)
            target = needed + GUARD_DIGITS if needed else 2 * working
            working = max(min(_working_digits(target), limits.max_precision), working + 1)
            mode = self._working.get(working)
            if mode is None:
                mode = self._working[working] = Precision(working)
            try:
                return self._adopt(attempt(mode, mode._adopt_names(names)))
            except NeedsDigits as need:  # another integer part, longer still
                refusal = need

    def _adopt_names(self, names: Mapping[str, Any]) -> dict[str, Any]:
        """The session's names as values of this working mode: its own constants (pi to these
        digits); integers and decimals keep their values (a variable's decimal has no more digits
        than it had, which is why ``evaluate`` refuses one that is too short)."""
        adopted = {name: self._adopt(value) for name, value in names.items()}
        adopted.update(self.constants)
        return adopted

    def _adopt(self, value: Any) -> Any:
        """A number of another precision as a value of this one: an integer as it is, a decimal
        rounded to these digits."""
        if value.__class__ is bool:
            return value
        if isinstance(value, int):
            return self.Int(value)
        if isinstance(value, self.ctx.mpf) or not hasattr(value, "_mpf_"):
            return value
        return self.mpf(value)

    def format(self, value: Any, digits: int | None = None) -> str:
        """``value`` to ``digits`` significant digits, never more than this mode computes."""
        if hasattr(value, "_units"):  # a quantity: its magnitude so, then its unit
            from .units import format_quantity

            return format_quantity(value, lambda magnitude: self.format(magnitude, digits))
        return self.ctx.nstr(value, min(digits or self.digits, self.digits))

    def _builtin(self, builtin: Builtin) -> Builtin:
        precise = _PRECISE.get(builtin.name)
        exact = builtin.function  # gcd, factorial, abs, min, ... work on these values as they are
        ctx, Int = self.ctx, self.Int
        name, whole_args = builtin.name, builtin.name in _WHOLE_ARGUMENTS

        def call(*args: Any) -> Any:
            if whole_args:  # gcd(1e30, 10): the whole number's last digits were never computed
                for arg in args:
                    if hasattr(arg, "_mpf_") and ctx.isint(arg):
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


def _check_integer_part(ctx: Any, name: str | None, x: Any) -> None:
    """Refuse to make an integer of ``x`` (an mpf) when its integer part has more digits than
    this precision computes: they would be the binary rounding's digits, not the value's.
    ``name``: the function asking (None: an operator such as ``!``)."""
    if abs(x) < _digits_bound(ctx.dps):
        return
    shown = ctx.nstr(x, min(ctx.dps, 15))  # 3.1416e+10: its exponent counts the digits
    mantissa, _, exponent = shown.partition("e")
    digits = int(exponent) + 1 if exponent else len(mantissa.lstrip("-").partition(".")[0])
    digits = max(digits, ctx.dps + 1)
    what = f"{name}() needs" if name else "an integer from a decimal needs"
    raise NeedsDigits(
        f"{what} all {digits:,} digits of the integer part of {shown}{_BUT_KEEPS} {ctx.dps:,} significant digits"
        f" (use --precision {digits} or more, or Calculator(precision={digits}))"
    )


def _check_int_conversions(ctx: Any) -> None:
    """int() of this context's mpf checks its integer part first, so that no path (``n!``, a
    whole-number argument) turns a rounded decimal into an integer with made-up digits. The mpf
    class is this context's own: other mpmath users are not affected."""
    to_int = ctx.mpf.__int__

    def __int__(x: Any) -> int:
        if ctx.isfinite(x):
            _check_integer_part(ctx, None, x)
        return to_int(x)

    ctx.mpf.__int__ = __int__


def _working_digits(needed: int) -> int:
    """The working digits for ``needed``: the first of 10, 14, 20, 28, 40, 57, 80, … (ratios of
    about 1.4) not below it, so that a session makes few working modes, each compiled once."""
    step = 2
    while (digits := round(10 * 2 ** (step / 2))) < needed:
        step += 1
    return digits


def _node_at(tree: tuple, start: int | None, end: int | None) -> tuple:
    """The outermost node of ``tree`` spanning start:end (where an error was placed), else the tree."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if node[1] == start and node[2] == end:
            return node
        todo.extend(children(node))
    return tree


def _decimals_read(node: tuple, names: Mapping[str, Any], functions: Mapping[str, "UserFunction"]) -> list[str]:
    """The variables holding decimals that ``node`` reads, also through the user functions it
    calls (their bodies read the session's names too), in order of appearance."""
    found: dict[str, None] = {}
    entered: set[str] = set()
    todo: list[tuple[tuple, tuple]] = [(node, ())]
    while todo:
        item, params = todo.pop()
        kind = item[0]
        if kind == "name":
            name = item[3]
            value = names.get(name)
            if name not in params and name not in CONSTANTS and hasattr(value, "_mpf_"):
                found[name] = None
            continue
        if kind == "call" and item[3] in functions and item[3] not in entered:
            entered.add(item[3])
            function = functions[item[3]]
            todo.append((function.body, function.params))
        todo.extend((child, params) for child in reversed(children(item)))
    return list(found)


def _from_variables(refusal: NeedsDigits, short: list[str], names: Mapping[str, Any]) -> LimitError:
    """The refusal when the decimal comes from variables: their digits are all there is."""
    digits = refusal.digits
    subject = f"{short[0]} is a decimal" if len(short) == 1 else f"{_listed(short)} are decimals"
    kept = {names[name].context.dps for name in short}
    held = f"{kept.pop():,}" if len(kept) == 1 else f"fewer than {digits:,}"
    return LimitError(
        f"{refusal.what}, but {subject} kept to {held} significant digits"
        f" (compute {_listed(short)} with --precision {digits} or more, or Calculator(precision={digits}))",
        start=refusal.start, end=refusal.end,
    )


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _integer(rounding: str) -> Callable[..., int]:
    """floor, ceil or trunc: an integer stays itself; a decimal is rounded when its integer
    part is within the precision, else refused (see _check_integer_part)."""

    def to_integer(ctx: Any, x: Any) -> int:
        if isinstance(x, int):
            return int(x)
        if hasattr(x, "_mpf_"):  # an mpf, also of another precision (a variable)
            _check_integer_part(ctx, rounding, x)
        if rounding == "trunc":
            return int(ctx.floor(x)) if x >= 0 else int(ctx.ceil(x))
        return int(ctx.floor(x) if rounding == "floor" else ctx.ceil(x))

    return to_integer


def _round(ctx: Any, x: Any, n: Any = None) -> Any:
    if isinstance(x, int):  # exactly, as without precision: round(123456789, -2) is 123456800
        return round_(int(x), n)
    if n is None:
        if hasattr(x, "_mpf_"):
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

