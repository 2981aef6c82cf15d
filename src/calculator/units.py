"""Physical units, from pint, loaded the first time a unit appears.

calc's own parser reads the units (``9 km / 2 h -> m/s``); pint supplies what a unit *is*: its
definition, dimension and conversion factor. Quantities are pint ``Quantity`` objects and flow
through the same OPERATIONS functions as numbers (pint's operators do the unit algebra); this
module turns unit leaves of the tree into pint units, words pint's failures in calc's terms,
writes a quantity back as calc input, and gives the builtins that mean something for a quantity
their unit-aware form.

One registry serves every number mode: its definitions are exact fractions (``inch = 2.54 cm``
is 127/50 cm), so exact mode converts exactly; float mode gives quantities float magnitudes,
and a conversion of a float is computed exactly and rounded once.

Importing this module does not import pint: ``registry()`` does, on first use.
"""

from __future__ import annotations

import math
from fractions import Fraction
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Iterable

from . import _state
from .errors import CalculatorError, DomainError, UnitError, DimensionError, UnknownNameError
from .limits import MAX_UNIT_POWER
from .tree import COMPARISONS

__all__ = [
    "registry", "loaded", "unit_spellings", "is_quantity", "one", "format_quantity", "unit_named", "unit_of", "with_unit", "convert", "unit_text",
    "written", "translate", "call_builtin", "comparable", "describe", "COMMON_UNITS", "MAX_UNIT_POWER",
]


_registry: Any = None


def registry() -> Any:
    """calc's pint UnitRegistry (created on first use; pint's cache makes later starts fast)."""
    global _registry
    if _registry is None:
        import pint

        # exact definitions (the reduction of km*min/h to km is calc's own: see reduced)
        options = {"non_int_type": Fraction}
        try:  # the parsed definitions, cached in the user's cache folder: 0.3 s → 0.04 s
            made = pint.UnitRegistry(cache_folder=":auto:", **options)
        except Exception:  # noqa: BLE001 - an unwritable cache folder: parse the definitions
            made = pint.UnitRegistry(**options)
        made.Quantity.__getattr__ = _magnitude_attributes(made.Quantity.__getattr__)
        # a quantity is true when its magnitude is (pint refuses to say for 0 degC), so that a
        # division tests its divisor with a plain 'not b'
        made.Quantity.__bool__ = lambda q: bool(q._magnitude)
        # pint's own formatter cannot write a Fraction power before Python 3.12: calc's text serves
        made.Quantity.__str__ = made.Quantity.__format__ = _text
        made.Quantity.__repr__ = lambda q: f"<Quantity({q._magnitude!r}, '{unit_text(q._units)}')>"
        made.Unit.__str__ = made.Unit.__format__ = lambda u, spec="": unit_text(u._units)
        made.Unit.__repr__ = lambda u: f"<Unit('{unit_text(u._units)}')>"
        _registry = made
        _state.units_in_use = True  # the evaluator now looks for quantities among a builtin's arguments
    return _registry


def _text(quantity: Any, spec: str = "") -> str:
    """str() of a quantity for a library's user: its magnitude as Python writes it, its unit as
    calc does (calc's own output goes through calculator.display)."""
    return format_quantity(quantity, str)


def _magnitude_attributes(lend: Any) -> Any:
    """pint lends a quantity its magnitude's attributes; not mpmath's _mpf_, through which
    mpmath would take a quantity of precision mode for a plain number and drop its unit."""

    def __getattr__(self: Any, item: str) -> Any:
        if item.startswith("_mp"):
            raise AttributeError(item)
        return lend(self, item)

    return __getattr__


def loaded() -> bool:
    """Whether the registry exists (pint imported): the prompt's colouring asks without waiting."""
    return _registry is not None


_all_spellings: list[str] = []


def unit_spellings() -> list[str]:
    """Every unit name, alias and ASCII symbol pint knows (without prefixes), sorted: completion."""
    if not _all_spellings:
        _all_spellings.extend(_spellings(registry()))
    return _all_spellings


def is_quantity(value: Any) -> bool:
    """True for a pint quantity (of any registry), without importing pint."""
    return hasattr(value, "_units") and hasattr(value, "_magnitude")


def one(mode: Any) -> Any:
    """1 in the number mode: a float (float mode), a Fraction (exact) or precision mode's 1."""
    if mode is True:
        return Fraction(1)
    if mode is False:
        return 1.0
    return mode.mpf(1)


_units_named: dict[str, Any] = {}
#: no unit's name (prefix, unit and plural 's' together) is longer
_LONGEST_NAME = 64


def unit_named(name: str) -> Any:
    """The pint unit ``name`` stands for, or None when no unit is called that."""
    unit = _units_named.get(name)
    if unit is None:
        if len(name) > _LONGEST_NAME:
            return None  # pint would try every split of a 30,000-letter name into prefix and unit
        reg = registry()
        try:
            if name not in reg:
                return None
            unit = reg.Unit(name)
        except Exception:  # noqa: BLE001 - pint refuses some spellings it half-knows
            return None
        _units_named[name] = unit
    return unit


def unit_value(name: str, mode: Any) -> Any:
    """A bare unit name as a value: one of that unit (``km/h`` is 1 km / 1 h), or None."""
    unit = unit_named(name)
    return None if unit is None else registry().Quantity(one(mode), unit)


def unit_of(leaf: tuple, after_number: bool = False) -> Any:
    """The pint unit a ``("unit", s, e, factors)`` leaf spells. Unknown names and powers beyond
    MAX_UNIT_POWER are errors at their place in the statement."""
    reg = registry()
    unit = reg.Unit("")  # dimensionless: the product starts here
    for name, power, start, end in leaf[3]:
        named = unit_named(name)
        if named is None:
            raise unknown_unit(name, after_number).at(start, end)
        if abs(power) > MAX_UNIT_POWER:
            raise UnitError(f"a unit's power must be at most {MAX_UNIT_POWER}, not {power}").at(start, leaf[2])
        unit = unit * named ** (int(power) if power == int(power) else power)
    return unit


def unknown_unit(name: str, after_number: bool = False) -> UnknownNameError:
    """'name' is neither a variable nor a unit: say so, with the nearest unit names (after a
    number, where it may have been meant as a factor, say why it was read as a unit)."""
    import difflib  # only on the error path

    close = difflib.get_close_matches(name, unit_spellings(), n=3, cutoff=0.6) if 2 < len(name) <= _LONGEST_NAME else []
    if close:
        return UnknownNameError(f"unknown unit '{name}'; did you mean {' or '.join(repr(c) for c in close)}?")
    if not after_number:
        return UnknownNameError(f"unknown unit '{name}'")
    return UnknownNameError(
        f"unknown unit '{name}': a name right after a number is a unit, and calc has no implicit multiplication"
    )


def _spellings(reg: Any) -> list[str]:
    names = set(reg._units)
    for definition in reg._units.values():
        names.update(a for a in definition.aliases if a.isascii())
        if definition.symbol and definition.symbol.isascii():
            names.add(definition.symbol)
    return sorted(n for n in names if n.isidentifier())


def with_unit(magnitude: Any, unit: Any) -> Any:
    """A quantity: ``magnitude`` of ``unit`` (a magnitude that is already a quantity is scaled)."""
    return registry().Quantity(magnitude, unit) if not is_quantity(magnitude) else magnitude * unit


_dimensions: dict[str, Any] = {}


def _dimension(name: str) -> Any:
    dimension = _dimensions.get(name)
    if dimension is None:
        dimension = _dimensions[name] = registry().get_dimensionality(name)
    return dimension


def reduced(quantity: Any) -> Any:
    """A product or quotient with one unit per dimension, the first one written: km/h * 30 min
    is km, 1 m * 1 ft is m^2, 1 m / 1 cm is 100; beside a dimensioned unit, a ratio or an angle
    is its number (10 percent * 200 m is 20 m), alone it stays (30 deg * 2 is 60 deg)."""
    names = quantity._units
    if len(names) < 2:
        return quantity
    if not quantity.dimensionality:  # 1 L / 1 m^3, 1 Hz * 1 s: the units cancel, a number is left
        return _exactly(quantity, quantity.to(""))
    dimensioned = any(_dimension(name) for name in names)
    chosen: dict[Any, str] = {}
    target = registry().Unit("")
    changed = False
    for name, power in names.items():
        dimension = _dimension(name)
        if not dimension and dimensioned:
            changed = True  # folded into the number
            continue
        unit = chosen.setdefault(dimension, name) if dimension else name
        changed = changed or unit != name
        target = target * unit_named(unit) ** power
    return _exactly(quantity, quantity.to(target)) if changed else quantity


def _exactly(before: Any, after: Any) -> Any:
    """A conversion's result, as a decimal when it went through pint's 50-digit pi."""
    if before._magnitude.__class__ is Fraction and _inexact_factor(before._magnitude, after._magnitude):
        return registry().Quantity(float(after._magnitude), after._units)
    return after


def convert(value: Any, target: Any) -> Any:
    """``value to target``. A float magnitude is converted exactly (the factors are exact
    fractions) and rounded once, so 40 degC to degF is 104.0, not 103.99999999999993."""
    reg = registry()
    if not is_quantity(value):
        if value.__class__ is bool:
            raise DimensionError(f"cannot convert the boolean {'true' if value else 'false'} to a unit")
        value = reg.Quantity(value, "")  # a plain number is dimensionless: 0.25 to percent
    elif value._REGISTRY is not reg:
        value = adopt(value)
    magnitude = value._magnitude
    if magnitude.__class__ is float and math.isfinite(magnitude):
        # the decimal the float shows (-273.15 degC is exactly 0 K), converted exactly, rounded once
        exact = reg.Quantity(Fraction(repr(magnitude)), value._units).to(target)
        return reg.Quantity(float(exact._magnitude), exact._units)
    return _exactly(value, value.to(target))


def _inexact_factor(before: Fraction, after: Any) -> bool:
    """True when a conversion went through pint's 50-digit pi (degrees to radians): exact mode
    shows that as a decimal, not a fraction of 50-digit numbers. Exact definitions have small
    denominators (an inch is 127/50 cm), so their factors add few bits to the denominator."""
    return after.__class__ is Fraction and after.denominator.bit_length() > before.denominator.bit_length() + 120


def comparable(a: Any, b: Any) -> tuple[Any, Any]:
    """Two operands of a comparison as plain numbers in one unit: b converted to a's unit the
    way a conversion is (exactly, rounded once), so 10 degC == 50 degF. Across dimensions, or
    a quantity with a plain number other than 0, it is a DimensionError, never a silent false."""
    reg = registry()
    a, b = (adopt(x) if is_quantity(x) and x._REGISTRY is not reg else x for x in (a, b))
    if is_quantity(a) and is_quantity(b):
        if a.dimensionality != b.dimensionality:
            raise DimensionError(f"cannot compare {describe(a)} and {describe(b)}: the dimensions differ")
        try:
            return a._magnitude, convert(b, a._units)._magnitude
        except CalculatorError:
            raise
        except Exception as exc:  # noqa: BLE001 - 1 degC and 2 delta_degC: pint's error, worded
            raise translate(exc, "less") from None
    quantity, number = (a, b) if is_quantity(a) else (b, a)
    if quantity.dimensionless:  # 50 percent > 0.4
        value = quantity.m_as("")
    elif number == 0:  # the sign of a quantity: 3 m > 0
        value = quantity._magnitude
    else:
        raise DimensionError(f"cannot compare {describe(a)} and {describe(b)}: the dimensions differ")
    return (value, number) if quantity is a else (number, value)


def adopt(value: Any) -> Any:
    """A quantity of another pint registry as one of calc's (by its unit's name)."""
    units = value.units
    try:
        return registry().Quantity(value.magnitude, registry().Unit(str(units)))  # its name, read by calc's pint
    except Exception:  # noqa: BLE001 - a unit only the application's registry defines
        raise UnitError(f"the unit {units} is not one calc knows") from None


# -- writing a quantity as calc input ------------------------------------------------------------

#: symbols pint gives that read badly (year's symbol is 'a')
_PREFERRED = {"year": "yr"}
_symbols: dict[str, str] = {}
#: names calc gives a meaning of its own: a unit is never written as one of them
_CALCS_OWN = frozenset({"e", "pi", "tau", "ans", "_", "if", "then", "else", "and", "or", "not", "true", "false", "to"})


def _symbol(name: str) -> str:
    """A unit's shortest ASCII spelling that calc reads back: km, h, degC, um, ohm."""
    text = _symbols.get(name)
    if text is None:
        reg = registry()
        text = _PREFERRED.get(name) or reg.get_symbol(name)
        if text in _CALCS_OWN:  # 'e' is Euler's number in calc, not the elementary charge
            text = name
        if not (text.isascii() and text.isidentifier()):
            prefix, base, _ = reg.parse_unit_name(name)[0]
            text = _ascii(reg._prefixes[prefix], "") + _ascii(reg._units[base], base) if prefix else _ascii(reg._units[base], base)
        _symbols[name] = text
    return text


def _ascii(definition: Any, fallback: str) -> str:
    if definition.symbol and definition.symbol.isascii() and definition.symbol.isidentifier():
        return definition.symbol
    spellings = [a for a in (*definition.aliases, definition.name) if a and a.isascii() and a.isidentifier()]
    return min(spellings, key=len) if spellings else fallback


def _power(text: str, power: Any) -> str:
    if power == 1:
        return text
    if power == int(power):
        return f"{text}^{int(power)}"
    power = Fraction(power)
    as_decimal = float(power)
    if Fraction(as_decimal) == power and abs(power) >= Fraction(1, 1000):  # m^0.5; a float's power
        return f"{text}^{as_decimal!r}"
    return f"{text}^({power})"  # m^(1/3)


def unit_text(units: Any) -> str:
    """Units as calc writes them after a number: ``km/h``, ``m/s^2``, ``kg*m^2``, ``s^-1``."""
    units = getattr(units, "_units", units)  # a Unit, or its UnitsContainer
    return written((_symbol(name), power) for name, power in units.items())


def written(factors: Iterable[tuple[str, Any]]) -> str:
    """Names with powers as calc reads them back: numerator with '*', each denominator after a
    '/' (``kg*m/s^2``), and negative powers when there is no numerator (``s^-1``)."""
    items = [(name, power) for name, power in factors if power]
    above = [_power(name, power) for name, power in items if power > 0]
    if not above:
        return "*".join(_power(name, power) for name, power in items)
    return "*".join(above) + "".join(f"/{_power(name, -power)}" for name, power in items if power < 0)


# -- dimensions, named as a person says them ------------------------------------------------------

_NAMED = {
    (("[length]", 1),): "length",
    (("[time]", 1),): "time",
    (("[mass]", 1),): "mass",
    (("[temperature]", 1),): "temperature",
    (("[current]", 1),): "electric current",
    (("[substance]", 1),): "amount of substance",
    (("[luminosity]", 1),): "luminous intensity",
    (("[length]", 2),): "area",
    (("[length]", 3),): "volume",
    (("[length]", 1), ("[time]", -1)): "speed",
    (("[length]", 1), ("[time]", -2)): "acceleration",
    (("[time]", -1),): "frequency",
    (("[length]", 1), ("[mass]", 1), ("[time]", -2)): "force",
    (("[length]", 2), ("[mass]", 1), ("[time]", -2)): "energy",
    (("[length]", 2), ("[mass]", 1), ("[time]", -3)): "power",
    (("[length]", -1), ("[mass]", 1), ("[time]", -2)): "pressure",
    (("[length]", -3), ("[mass]", 1)): "density",
    (("[current]", 1), ("[time]", 1)): "electric charge",
    (("[current]", -1), ("[length]", 2), ("[mass]", 1), ("[time]", -3)): "voltage",
}


def dimension_name(units: Any) -> str:
    """'length', 'speed', or the dimension's formula (length^2/time^3) when it has no name."""
    dimensions = registry().get_dimensionality(units)
    key = tuple(sorted((d, int(p) if p == int(p) else p) for d, p in dimensions.items() if p))
    if not key:
        return "number"
    named = _NAMED.get(key)
    if named:
        return named
    return unit_text_of_dimensions(key)


def unit_text_of_dimensions(key: Iterable[tuple[str, Any]]) -> str:
    above = [_power(d.strip("[]"), p) for d, p in key if p > 0]
    below = [_power(d.strip("[]"), -p) for d, p in key if p < 0]
    text = "*".join(above) or "1"
    return text + "".join(f"/{b}" for b in below)


def format_quantity(value: Any, format_number: Any) -> str:
    """``1.25 m/s``: the magnitude as calc writes numbers, a space, the unit; a dimensionless
    quantity is its number; a unit alone (explain's conversion target) is its text."""
    text = unit_text(value._units)
    if not hasattr(value, "_magnitude"):
        return text
    number = format_number(value._magnitude)
    if number.endswith(".0") and not isinstance(value._magnitude, (int, Fraction)):
        number = number[:-2]  # float and precision modes' magnitudes are decimals anyway: 72 km/h reads back the same
    return f"{number} {text}" if text else number


def describe(value: Any) -> str:
    """A value as an error message names it: 'a length (km)', 'a speed (m/s)', 'a number'."""
    if not hasattr(value, "_units"):
        return "a number"  # a plain number
    units = value._units if is_quantity(value) else value
    dimension = dimension_name(units)
    if dimension == "number":
        text = unit_text(units)
        return f"a number ({text})" if text else "a number"
    article = "an" if dimension[0] in "aeiou" else "a"
    return f"{article} {dimension} ({unit_text(units)})"


# -- pint's failures in calc's words ---------------------------------------------------------------

_VERBS = {
    "add": "add", "subtract": "subtract", "modulo": "take '%' of", "floor_divide": "take '//' of",
    "convert": "convert", "min": "compare", "max": "compare", "hypot": "combine",
}


def translate(exc: BaseException, operation: str) -> CalculatorError:
    """A pint exception raised by ``operation`` (an OPERATIONS alias or a builtin's name) as
    calc's error. No pint text or type reaches the user."""
    kind = type(exc).__name__
    verb = _VERBS.get(operation, "compare" if operation in COMPARISONS else operation.replace("_", " "))
    if kind == "DimensionalityError":
        first, second = _units_of(exc.units1), _units_of(exc.units2)
        if operation == "convert" and dimension_name(first) == dimension_name(second):  # degC, delta_degC
            return UnitError(
                f"cannot convert {describe(first)} to {describe(second)}: a temperature on an offset scale "
                "and a temperature difference are different things (10 degC - 0 degC is 10 delta_degC)"
            )
        if operation == "convert":
            return DimensionError(f"cannot convert {describe(first)} to {describe(second)}: the dimensions differ")
        if operation == "power":
            return DimensionError(
                f"an exponent must be a plain number, not {describe(first)} (a number and its unit are one "
                "quantity, so 10^3 m is 10^(3 m): write 10^3 * 1 m)"
            )
        if describe(first).split(" (")[0] == describe(second).split(" (")[0]:  # degC and delta_degC
            return UnitError(
                f"cannot {verb} {describe(first)} and {describe(second)}: a temperature on an offset scale "
                "and a difference do not mix this way (convert to K first)"
            )
        if operation in _VERBS or operation in COMPARISONS:
            return DimensionError(f"cannot {verb} {describe(first)} and {describe(second)}: the dimensions differ")
        return DimensionError(f"{operation}: {describe(first)} where a plain number belongs (the dimensions differ)")
    if kind == "OffsetUnitCalculusError":
        return UnitError(
            f"cannot {verb} a temperature on an offset scale (degC, degF) this way: add a difference "
            "(10 delta_degC), or convert to K first"
        )
    return UnitError(f"{verb}: not defined for these units")




def _units_of(units: Any) -> Any:
    """pint gives an error's units as a UnitsContainer or as text ('dimensionless')."""
    reg = registry()
    if isinstance(units, str):
        return reg.Unit(units if units != "dimensionless" else "")
    return reg.Unit(units)


# -- builtins that mean something for a quantity --------------------------------------------------


def call_builtin(builtin: Any, function: Any, args: list) -> Any:
    """A builtin called with a quantity among its arguments, which is decided here before the
    number-only function sees it: roots take the root of the unit too; abs, round, floor, ceil
    and trunc keep the unit; min, max and hypot need one dimension; radians and degrees read an
    angle; the others take plain numbers, and a dimensionless quantity (30 deg, 50 percent) is
    its number (angles in radians)."""
    try:
        return _on_quantities(builtin.name, function, args)
    except CalculatorError:
        raise
    except ValueError:  # sqrt(-4 m^2): outside the function's domain, said as for numbers
        raise builtin.undefined(args) from None


def _on_quantities(name: str, function: Any, args: list) -> Any:
    reg = registry()
    args = [adopt(a) if is_quantity(a) and a._REGISTRY is not reg else a for a in args]
    first, rest = args[0], args[1:]
    if any(is_quantity(a) for a in rest) and name in _KEEPS_UNIT:
        raise DimensionError(f"{name}()'s second argument is a plain number, not {describe(next(a for a in rest if is_quantity(a)))}")
    if name in ("sqrt", "cbrt") and is_quantity(first):
        root = 2 if name == "sqrt" else 3
        return reg.Quantity(function(first._magnitude), first._units ** Fraction(1, root))
    if name in _KEEPS_UNIT and is_quantity(first):  # round(2.567 m, 1) is 2.6 m
        return reg.Quantity(function(first._magnitude, *rest), first._units)
    if name in ("min", "max", "hypot"):
        if not all(is_quantity(a) and a.dimensionality == first.dimensionality for a in args):
            raise _one_dimension(name, args)
        try:
            magnitudes = [a.m_as(first._units) for a in args]
        except Exception as exc:  # noqa: BLE001 - 1 degC and 1 delta_degC: pint's error, worded
            raise translate(exc, name) from None
        if name == "hypot":
            return reg.Quantity(function(*magnitudes), first._units)
        return args[magnitudes.index(function(*magnitudes))]
    if all(not is_quantity(a) or a.dimensionless for a in args):
        plain = [a.m_as("") if is_quantity(a) else a for a in args]  # an angle in radians, a ratio
        if name == "degrees" or name == "radians":
            return plain[0] if name == "radians" else function(plain[0])
        return function(*plain)
    odd = next(a for a in args if is_quantity(a) and not a.dimensionless)
    angle = " or an angle" if name in ("sin", "cos", "tan", "radians", "degrees") else ""
    if name in _WHOLE:
        raise _whole_number(name, odd)
    raise DimensionError(f"{name}() takes a plain number{angle}, not {describe(odd)}")


#: builtins whose result is in the unit of their (first) argument
_KEEPS_UNIT = frozenset({"abs", "round", "floor", "ceil", "trunc"})


def _one_dimension(name: str, args: list) -> CalculatorError:
    first = args[0]
    other = next(a for a in args[1:] if not (is_quantity(a) and is_quantity(first) and a.dimensionality == first.dimensionality))
    return DimensionError(f"{name}() takes quantities of one dimension, not {describe(first)} and {describe(other)}")


_WHOLE = frozenset({"gcd", "lcm", "comb", "perm", "factorial"})


def _whole_number(name: str, value: Any) -> CalculatorError:
    return DomainError(f"{name} needs a whole number, not {describe(value)}")


# -- what :units lists ---------------------------------------------------------------------------

#: the units most people reach for, by dimension (every name is checked against pint in the tests)
COMMON_UNITS: dict[str, tuple[str, ...]] = {
    "length": ("m", "km", "cm", "mm", "um", "nm", "in", "ft", "yd", "mi", "nmi", "au", "ly"),
    "mass": ("kg", "g", "mg", "t", "lb", "oz"),
    "time": ("s", "ms", "us", "min", "h", "day", "week", "yr"),
    "temperature": ("K", "degC", "degF", "delta_degC", "delta_degF"),
    "area": ("m^2", "km^2", "ha", "acre", "ft^2"),
    "volume": ("L", "mL", "m^3", "gal", "floz", "cup"),
    "speed": ("m/s", "km/h", "mph", "kn", "c"),
    "force, pressure": ("N", "kN", "lbf", "Pa", "kPa", "bar", "atm", "psi"),
    "energy, power": ("J", "kJ", "cal", "kcal", "Wh", "kWh", "eV", "W", "kW", "hp"),
    "electricity": ("A", "V", "ohm", "C", "F", "Ah", "mAh"),
    "angle, ratio": ("rad", "deg", "arcmin", "arcsec", "turn", "percent", "ppm"),
    "data": ("bit", "B", "kB", "MB", "GB", "KiB", "MiB", "GiB"),
}
