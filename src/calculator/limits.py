"""Safety limits and the size estimates made *before* an expensive operation.

Every check here is cheap (bit lengths and logarithms), and runs before the work it guards, so a
hostile input costs microseconds to refuse rather than minutes to compute.
"""

from __future__ import annotations

import math
from _thread import _local
from fractions import Fraction
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, NamedTuple
else:
    from ._records import NamedTuple

from .errors import LimitError

__all__ = ["Limits", "DEFAULT_LIMITS"]

_LOG10_2 = math.log10(2)


class Limits(NamedTuple):
    """What calc refuses to do. Raise a limit with ``Limits(max_digits=1_000_000)`` or the CLI flag."""

    #: characters in one line of input
    max_input_length: int = 100_000
    #: parentheses and function calls nested inside each other
    max_nesting: int = 1_000
    #: decimal digits of an exact result (integer, or numerator/denominator of a fraction)
    max_digits: int = 100_000
    #: user functions calling user functions (recursion); each level costs about 0.3 KB
    max_call_depth: int = 10_000
    #: calls of user functions in one statement
    max_calls: int = 100_000
    #: significant digits in precision mode (--precision)
    max_precision: int = 10_000
    #: work in one statement, in units of about a microsecond of big-number arithmetic,
    #: estimated from bit lengths before each big operation (deterministic: no clock)
    max_work: int = 1_000_000

    def refuse(self, what: str, limit_name: str, flag: str) -> LimitError:
        """A LimitError that says what was refused, which limit, and how to raise it."""
        limit = getattr(self, limit_name)
        return LimitError(
            f"{what}, over the {limit_name} limit of {limit:,} (raise it with {flag} N or Limits({limit_name}=N))"
        )

    def line_too_long(self) -> LimitError:
        return self.refuse("the line is too long", "max_input_length", "--max-input-length")

    def charge(self, units: float) -> None:
        """Add ``units`` of work to this statement's account; refuse what would overdraw it."""
        opened = getattr(_meter, "spent", None)
        spent = (opened or 0.0) + units
        if spent > self.max_work:
            raise self.refuse(f"the statement would take about {_about_units(spent)} units of work", "max_work", "--max-work")
        if opened is not None:  # outside any statement's account a charge is judged alone
            _meter.spent = spent

    def check_digits(self, log10_size: float) -> None:
        """Refuse a result whose magnitude is about 10 ** log10_size if it has too many digits."""
        if log10_size >= self.max_digits:  # digits = floor(log10) + 1
            raise self.refuse(f"the result would have {_about(log10_size)} digits", "max_digits", "--max-digits")

    # -- estimates, one per operation that can grow a number fast -------------------------

    def check_multiply(self, a: Any, b: Any) -> None:
        left = a.bit_length() if a.__class__ is int else _bits(a)
        right = b.bit_length() if b.__class__ is int else _bits(b)
        bits = left + right
        if bits > 64:
            self.check_digits(bits * _LOG10_2)
            if bits > CHEAP_BITS:
                self.charge(_multiply_work(left, right) * (1 if a.__class__ is int and b.__class__ is int else 4))

    def check_sum(self, a: Any, b: Any) -> None:
        """a + b, a - b, a % b, a // b of fractions: about the sizes of a product."""
        self._check_fraction(_bits(a) + _bits(b) + 1)

    def charge_digits(self, digits: float) -> None:
        """Writing out an exact number of ``digits`` digits (a power of ten and a product)."""
        self._charge_result(digits, 1.0)

    def charge_division(self, a: int, b: int) -> None:
        """// and % of big ints: CPython's long division is quadratic."""
        a_bits, b_bits = a.bit_length(), b.bit_length()
        if a_bits > b_bits:
            self.charge((a_bits - b_bits) / 30.0 * (b_bits / 30.0) * 0.00125)

    def check_fraction_quotient(self, a: Any, b: Any) -> None:
        """a / b of fractions: a's numerator times b's denominator over a's denominator times b's
        numerator (floats among them are exact fractions of at most 1,100 bits)."""
        a, b = getattr(a, "_magnitude", a), getattr(b, "_magnitude", b)  # quantities: their numbers
        if a.__class__ is float or b.__class__ is float or not (isinstance(a, (int, Fraction)) and isinstance(b, (int, Fraction))):
            return  # the result is a float (or precision mode's decimal)
        a, b = Fraction(a), Fraction(b)
        bits = max(
            a.numerator.bit_length() + b.denominator.bit_length(),
            a.denominator.bit_length() + b.numerator.bit_length(),
        )
        self._check_fraction(bits)

    def _check_fraction(self, bits: int) -> None:
        """An exact-fraction step whose parts have about ``bits`` bits: their digits, and their
        work (three products and a gcd, which is quadratic)."""
        if bits > 64:
            self.check_digits(bits * _LOG10_2)
            if bits > CHEAP_BITS:
                self.charge(3 * _multiply_work(bits // 2, bits // 2) + _gcd_work(bits))

    def check_power(self, a: Any, b: Any) -> None:
        a = getattr(a, "_magnitude", a)  # a quantity's number grows as a number does
        if a.__class__ is int and b.__class__ is int and (b < 0 or a.bit_length() * b <= 256 <= self.max_digits * 3):
            return  # small enough to skip the estimate (a negative power of an int is a float)
        if b.__class__ is float or not isinstance(b, (int, Fraction)) or not isinstance(a, (int, Fraction)):
            return  # float arithmetic overflows cleanly (OverflowError), it cannot grow without bound
        if isinstance(b, Fraction) and b.denominator != 1:
            return  # a fractional power goes through floats
        a = Fraction(a)
        largest = max(abs(a.numerator), a.denominator)
        if largest <= 1:
            return  # 0, 1, -1 to any power
        exponent = abs(int(b))
        if exponent.bit_length() > 64:
            self.check_digits(math.inf)
        digits = exponent * math.log10(largest)
        self.check_digits(digits)
        self._charge_result(digits, 0.5 if a.denominator == 1 else 2)  # squarings: the last ones dominate

    def check_factorial(self, n: Any) -> None:
        n = _real(n)
        if isinstance(n, (int, float, Fraction)) and n > 1:
            digits = _log10_factorial(n)
            self.check_digits(digits)
            self._charge_result(digits, 0.7)

    def _charge_result(self, digits: float, per_product: float) -> None:
        """Charge an operation that costs ``per_product`` multiplications of its result's size."""
        bits = digits / _LOG10_2
        if bits > CHEAP_BITS:
            self.charge(per_product * _multiply_work(bits / 2, bits / 2))

    def check_comb(self, n: Any, k: Any) -> None:
        n, k = _real(n), _real(k)
        if _all_numbers(n, k) and n > 1 and 0 <= k <= n:
            k = min(k, n - k)
            if n < _LGAMMA_EXACT:
                digits = _log10_factorial(n) - _log10_factorial(k) - _log10_factorial(n - k)
            elif k > 0:  # lgamma differences cancel out at this size: C(n, k) <= (e*n/k)^k
                digits = _log10_power(k, _log10(n) - _log10(k) + math.log10(math.e))
            else:
                return
            self.check_digits(digits)
            self._charge_result(digits, 120)  # math.comb: measured at about 40 squarings of its result

    def check_perm(self, n: Any, k: Any = None) -> None:
        if k is None:
            self.check_factorial(n)
            return
        n, k = _real(n), _real(k)
        if _all_numbers(n, k) and n > 1 and 0 <= k <= n:
            if n < _LGAMMA_EXACT:
                digits = _log10_factorial(n) - _log10_factorial(n - k)
            elif k > 0:  # P(n, k) <= n^k
                digits = _log10_power(k, _log10(n))
            else:
                return
            self.check_digits(digits)
            self._charge_result(digits, 3)

    def check_round(self, x: Any, n: Any = None) -> None:
        if isinstance(x, Fraction) and x.denominator != 1 and isinstance(n, (int, Fraction)) and n > 0:
            self.check_digits(float(min(n, 10**18)))  # a fraction rounded to n decimals has about n digits

    def check_lcm(self, *args: Any) -> None:
        digits = sum(_bits(a) for a in args) * _LOG10_2
        self.check_digits(digits)
        self._charge_result(digits, 3)


#: the largest power a unit may be raised to: m^(10^9) is an error, not a unit of huge factors
MAX_UNIT_POWER = 100

#: this statement's work so far, per thread (one Limits and one Dispatch serve every thread)
_meter = _local()
#: products smaller than this are not worth accounting for (a few microseconds at most)
CHEAP_BITS = 4096


def begin_work() -> float | None:
    """Start a statement's account, before it is compiled (returns the one it interrupts, for a
    nested evaluation to give back with end_work)."""
    saved = getattr(_meter, "spent", None)
    _meter.spent = 0.0
    return saved


def end_work(saved: float | None) -> None:
    _meter.spent = saved


def _multiply_work(a_bits: float, b_bits: float) -> float:
    """Units (about a microsecond each) to multiply ints of these sizes: Karatsuba on the
    smaller, times how many of it fit in the larger (fitted on CPython 3.11's int * int)."""
    small, large = (a_bits, b_bits) if a_bits <= b_bits else (b_bits, a_bits)
    small = max(small, 30.0)
    return (large / small) * (small / 30.0) ** 1.585 * 0.01


def _gcd_work(bits: float) -> float:
    """Units for a gcd (quadratic in CPython)."""
    return (bits / 30.0) ** 2 * 0.002


def _about_units(units: float) -> str:
    return f"{units:,.0f}" if units < 1e18 else "far too many"


DEFAULT_LIMITS = Limits()

#: below this, lgamma's float keeps enough digits for differences of log-factorials
_LGAMMA_EXACT = 10**15


def _log10(x: Any) -> float:
    return math.log10(x) if x > 0 else 0.0


def _log10_power(count: Any, log10_each: float) -> float:
    """log10 of a product of ``count`` factors of 10**log10_each, without float overflow."""
    if count.bit_length() > 1000 if isinstance(count, int) else count > 1e300:
        return math.inf
    return float(count) * log10_each


def _real(x: Any) -> Any:
    """Precision mode's mpf as a float (its size is what the estimates need); others as they are."""
    if x.__class__ in (int, float, Fraction, bool) or isinstance(x, (int, float, Fraction)):
        return x
    try:
        return float(x)
    except (TypeError, ValueError, OverflowError):
        return x


def _all_numbers(*xs: Any) -> bool:
    return all(isinstance(x, (int, float, Fraction)) for x in xs)


def _bits(x: Any) -> int:
    """Bits of an exact number's largest part (a quantity's: its magnitude's); floats are
    bounded already."""
    if isinstance(x, int):
        return x.bit_length()
    if isinstance(x, Fraction):
        return max(x.numerator.bit_length(), x.denominator.bit_length())
    magnitude = getattr(x, "_magnitude", None)
    return 0 if magnitude is None else _bits(magnitude)


def _log10_factorial(n: Any) -> float:
    n = float(n) if not isinstance(n, int) or n.bit_length() < 1000 else math.inf
    if n == math.inf:
        return math.inf
    return math.lgamma(n + 1) / math.log(10)


def _about(log10_size: float) -> str:
    if log10_size == math.inf or log10_size > 1e18:
        return "far too many"
    return f"about {math.floor(log10_size) + 1:,}"
