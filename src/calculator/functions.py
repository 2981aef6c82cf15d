"""Builtin functions and constants: one table each, name → what it does.

Functions take and return plain Python numbers. Exact inputs (int, Fraction) stay exact where the
answer is exact (abs, floor, round, gcd, sqrt of a perfect square fraction, …); everything else
falls back to floats, as the math module computes them.
"""

from __future__ import annotations

import math
from fractions import Fraction
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable, NamedTuple
else:
    from ._records import NamedTuple

from .advanced import as_integer, factorial

__all__ = ["Builtin", "BUILTINS", "CONSTANTS", "CONSTANT_SUMMARIES", "EXAMPLES", "RESERVED", "RESULT_NAMES"]


class Builtin(NamedTuple):
    name: str
    function: Callable[..., Any]
    min_args: int
    max_args: int | None  # None: any number
    summary: str
    #: what the inputs must be, said when math rejects them (ValueError)
    domain: str = ""
    #: the calculator.limits.Limits method that estimates the result's size first
    guard: str | None = None

    @property
    def qualname(self) -> str:
        """The name explain shows: the module that holds the function (a host function: its name)."""
        if self.host:
            return self.name
        return f"{self.function.__module__.rsplit('.', 1)[-1]}.{self.function.__name__}"

    #: how the arguments are written in help, e.g. "x[, base]"
    params: str = "x"
    #: given by the host application (Calculator(functions=...)): explain names it as it is
    host: bool = False

    @property
    def signature(self) -> str:
        return f"{self.name}({self.params})"

    def undefined(self, args: Any) -> Any:
        """The DomainError for ``args`` outside this function's domain: sqrt(-4) is undefined."""
        from .display import format_value
        from .errors import DomainError

        shown = ", ".join(format_value(a) for a in args)
        domain = f": {self.domain}" if self.domain else ""
        return DomainError(f"{self.name}({shown}) is undefined{domain}")


def sqrt(x: Any) -> Any:
    """Square root; exact for a perfect-square fraction (exact mode)."""
    if isinstance(x, Fraction) and x >= 0:
        n, d = math.isqrt(x.numerator), math.isqrt(x.denominator)
        if n * n == x.numerator and d * d == x.denominator:
            return Fraction(n, d)
    return math.sqrt(x)


def cbrt(x: Any) -> Any:
    """Cube root, real for negative numbers too, correctly rounded; exact for a perfect-cube fraction."""
    if isinstance(x, Fraction):
        n, d = _icbrt(abs(x.numerator)), _icbrt(x.denominator)
        if n is not None and d is not None:
            return Fraction(n if x >= 0 else -n, d)
    value = float(x)  # OverflowError for an int beyond floats: the evaluator words it
    if value == 0.0 or value - value:
        return value
    root = _nearest_cube_root(Fraction(abs(x)) if not isinstance(x, float) else Fraction(abs(value)), abs(value))
    return math.copysign(root, value)


def _nearest_cube_root(exact: Fraction, value: float) -> float:
    """The double nearest the real cube root of ``exact`` (> 0): a libm-quality guess, then moved
    while the exact midpoint to a neighbour lies on the root's other side (midpoints are dyadic,
    so a cube never ties and the comparison is exact)."""
    guess = getattr(math, "cbrt", None)  # Python 3.11+
    y = guess(value) if guess is not None else value ** (1 / 3)
    for toward in (math.inf, 0.0):
        while True:
            neighbour = math.nextafter(y, toward)
            if neighbour == y or neighbour == 0.0:
                break
            middle = (Fraction(y) + Fraction(neighbour)) / 2
            beyond = exact > middle**3 if toward == math.inf else exact < middle**3
            if not beyond:
                break
            y = neighbour
    return y


def _icbrt(n: int) -> int | None:
    if n.bit_length() > 3000:
        return None
    r = round(n ** (1 / 3)) if n < 2**1000 else None
    if r is None:
        return None
    for c in (r - 1, r, r + 1):
        if c >= 0 and c**3 == n:
            return c
    return None


def absolute(x: Any) -> Any:
    return abs(x)


def round_(x: Any, n: Any = None) -> Any:
    if n is None:
        return round(x)
    n = as_integer(n, "round's digits")
    if n < 0 and isinstance(x, (int, Fraction)) and -n > int(abs(x)).bit_length() * 0.302 + 1:
        return x.__class__(0)  # |x| < 10**-n / 2 rounds to 0; Python would build 10**-n first
    if isinstance(x, Fraction) and x.denominator == 1:
        return Fraction(round(x.numerator, n))  # a whole number: no 10**n for positive n
    return round(x, n)


def floor(x: Any) -> int:
    return math.floor(x)


def ceil(x: Any) -> int:
    return math.ceil(x)


def trunc(x: Any) -> int:
    return math.trunc(x)


def exp(x: Any) -> float:
    return math.exp(x)


def ln(x: Any) -> float:
    return math.log(x)


def log(x: Any, base: Any = None) -> float:
    if base is None:
        return math.log(x)
    if base == 1:
        raise ValueError("base 1")
    return math.log(x, base)


def log2(x: Any) -> float:
    return math.log2(x)


def log10(x: Any) -> float:
    return math.log10(x)


def hypot(*xs: Any) -> float:
    r = math.hypot(*xs)
    if r - r:  # math.hypot overflows to inf instead of raising
        raise OverflowError
    return r


def minimum(*xs: Any) -> Any:
    return min(xs)


def maximum(*xs: Any) -> Any:
    return max(xs)


def gcd(*xs: Any) -> int:
    return math.gcd(*(as_integer(x, "gcd") for x in xs))


def lcm(*xs: Any) -> int:
    return math.lcm(*(as_integer(x, "lcm") for x in xs))


def comb(n: Any, k: Any) -> int:
    return math.comb(as_integer(n, "comb", non_negative=True), as_integer(k, "comb", non_negative=True))


def perm(n: Any, k: Any = None) -> int:
    k = None if k is None else as_integer(k, "perm", non_negative=True)
    return math.perm(as_integer(n, "perm", non_negative=True), k)


def _math(name: str) -> Callable[..., Any]:
    """A math-module function under its calc name, reported as functions.<name>."""
    target = getattr(math, name)

    def call(*args: Any) -> Any:
        r = target(*args)
        if r - r:  # degrees(1e308) is inf in the math module: no calc function returns one
            raise OverflowError(f"{name}: the result is too large for a float")
        return r

    call.__name__ = call.__qualname__ = name
    return call


def _named(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    function.__name__ = function.__qualname__ = name
    return function


_TABLE = [
    # name, function, min args, max args, summary, domain, guard[, params]
    ("sqrt", sqrt, 1, 1, "square root", "x must be >= 0", None),
    ("cbrt", cbrt, 1, 1, "cube root (real, also of negative numbers)", "", None),
    ("abs", _named(absolute, "abs"), 1, 1, "absolute value", "", None),
    ("round", _named(round_, "round"), 1, 2, "round to n decimals (default 0), halves to even", "", "check_round", "x[, n]"),
    ("floor", floor, 1, 1, "largest integer <= x", "", None),
    ("ceil", ceil, 1, 1, "smallest integer >= x", "", None),
    ("trunc", trunc, 1, 1, "integer part of x, toward zero", "", None),
    ("exp", exp, 1, 1, "e raised to x", "", None),
    ("ln", ln, 1, 1, "natural logarithm", "x must be > 0", None),
    ("log", log, 1, 2, "logarithm, natural or to the given base", "x must be > 0, base > 0 and not 1", None, "x[, base]"),
    ("log2", log2, 1, 1, "base-2 logarithm", "x must be > 0", None),
    ("log10", log10, 1, 1, "base-10 logarithm", "x must be > 0", None),
    ("sin", _math("sin"), 1, 1, "sine (radians)", "x must be finite", None),
    ("cos", _math("cos"), 1, 1, "cosine (radians)", "x must be finite", None),
    ("tan", _math("tan"), 1, 1, "tangent (radians)", "x must be finite", None),
    ("asin", _math("asin"), 1, 1, "arc sine, in radians", "x must be between -1 and 1", None),
    ("acos", _math("acos"), 1, 1, "arc cosine, in radians", "x must be between -1 and 1", None),
    ("atan", _math("atan"), 1, 1, "arc tangent, in radians", "", None),
    ("atan2", _math("atan2"), 2, 2, "angle of the point (x, y), in radians", "", None, "y, x"),
    ("sinh", _math("sinh"), 1, 1, "hyperbolic sine", "", None),
    ("cosh", _math("cosh"), 1, 1, "hyperbolic cosine", "", None),
    ("tanh", _math("tanh"), 1, 1, "hyperbolic tangent", "", None),
    ("degrees", _math("degrees"), 1, 1, "radians to degrees", "", None),
    ("radians", _math("radians"), 1, 1, "degrees to radians", "", None),
    ("hypot", hypot, 1, None, "Euclidean length sqrt(x^2 + y^2 + ...)", "", None, "x, ..."),
    ("min", _named(minimum, "min"), 1, None, "smallest argument", "", None, "x, ..."),
    ("max", _named(maximum, "max"), 1, None, "largest argument", "", None, "x, ..."),
    ("gcd", gcd, 1, None, "greatest common divisor of whole numbers", "", None, "n, ..."),
    ("lcm", lcm, 1, None, "least common multiple of whole numbers", "", "check_lcm", "n, ..."),
    ("factorial", factorial, 1, 1, "n! (also written n!)", "", "check_factorial", "n"),
    ("comb", comb, 2, 2, "ways to choose k of n, unordered", "", "check_comb", "n, k"),
    ("perm", perm, 1, 2, "ways to choose k of n, ordered", "", "check_perm", "n[, k]"),
]

BUILTINS: dict[str, Builtin] = {row[0]: Builtin(*row) for row in _TABLE}

#: one call per builtin for ``:help NAME``; calc computes its value when help is asked for
EXAMPLES: dict[str, str] = {
    "sqrt": "sqrt(2)", "cbrt": "cbrt(-27)", "abs": "abs(-4.5)", "round": "round(3.14159, 2)",
    "floor": "floor(-2.5)", "ceil": "ceil(2.1)", "trunc": "trunc(-2.7)", "exp": "exp(1)",
    "ln": "ln(e)", "log": "log(8, 2)", "log2": "log2(1024)", "log10": "log10(1000)",
    "sin": "sin(pi / 2)", "cos": "cos(pi)", "tan": "tan(1)", "asin": "asin(1)", "acos": "acos(-1)",
    "atan": "atan(1)", "atan2": "atan2(1, -1)", "sinh": "sinh(1)", "cosh": "cosh(0)",
    "tanh": "tanh(1)", "degrees": "degrees(pi)", "radians": "radians(180)", "hypot": "hypot(3, 4)",
    "min": "min(3, 1, 2)", "max": "max(3, 1, 2)", "gcd": "gcd(12, 18)", "lcm": "lcm(4, 6)",
    "factorial": "factorial(5)", "comb": "comb(5, 2)", "perm": "perm(5, 2)",
}

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e, "tau": math.tau}
#: names set by calc itself: the last result
RESULT_NAMES = ("ans", "_")
#: names a user cannot assign or use as a parameter
RESERVED = frozenset(CONSTANTS) | frozenset(BUILTINS) | frozenset(RESULT_NAMES)

CONSTANT_SUMMARIES: dict[str, str] = {
    "pi": "ratio of a circle's circumference to its diameter, 3.14159…",
    "e": "Euler's number, 2.71828…",
    "tau": "2*pi, 6.28318…",
}
