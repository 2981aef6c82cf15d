"""Units: quantities, conversions, names, errors, numbers modes and every view (calculator.units)."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculator
from calculator import Calculator, evaluate
from calculator.errors import CalcSyntaxError, DimensionError, UnitError, UnknownNameError
from support import run_calc


def shown(text: str, **options) -> str:
    calc = Calculator(**options)
    return calc.format(calc.evaluate(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("9 km / 2 h -> m/s", "1.25 m/s"),
        ("9 km / 2 h", "4.5 km/h"),
        ("72 km/h", "72 km/h"),
        ("72 km/h to m/s", "20 m/s"),
        ("2.5 m/s^2", "2.5 m/s^2"),
        ("3 ft + 18 in", "4.5 ft"),
        ("500 mL to L", "0.5 l"),
        ("40 degC to degF", "104 degF"),
        ("-40 degC to degF", "-40 degF"),
        ("300 K to degC", "26.85 degC"),  # exact conversion: pint in floats gives 26.850000000000023
        ("0.0 degC to K", "273.15 K"),
        ("3 km + 250 m to m", "3250 m"),
        ("90 min to h", "1.5 h"),
        ("3 in to cm", "7.62 cm"),
        ("2 m^2", "2 m^2"),
        ("3 km * 3 km to m^2", "9000000 m^2"),
        ("5 s^-1", "5 s^-1"),
        ("1 kg*m/s^2 to N", "1 N"),
        ("(9 km / 2 h) * 30 min", "2.25 km"),  # one unit per dimension, the first written
        ("1 m * 1 ft", "0.3048 m^2"),
        ("30 deg * 2", "60 deg"),  # an angle alone stays an angle ...
        ("30 deg * 2 m", "1.0471975511966 m"),  # ... beside a length it is its number (radians)
        ("10 percent * 200 m", "20 m"),
        ("1 m / 1 cm", "100.0"),  # units that cancel leave a plain number
        ("2 m * 3 m", "6 m^2"),
        ("1/2 m", "0.5 m"),  # a fraction of literals before a unit is the magnitude
        ("-381/1250 m", "-0.3048 m"),
        ("if 2 > 1 then 1 m else 2 m to cm", "100 cm"),  # 'to' binds loosest: after the whole if
        ("x = 3 km; x to m", "3000 m"),
        ("f(d) = d / 2 h; f(9 km) to m/s", "1.25 m/s"),
    ],
)
def test_quantities_and_conversions(text, expected):
    assert shown(text) == expected


def test_a_quantity_is_a_pint_quantity_with_magnitude_and_units():
    value = evaluate("3 km + 250 m to m")
    assert value.magnitude == 3250.0 and value.magnitude.__class__ is float
    assert str(value.units) == "m" and str(value) == "3250 m"  # written as calc writes it
    assert repr(evaluate("1 m^2")) == "<Quantity(1.0, 'm^2')>"
    assert evaluate("9 km / 2 h -> m/s").m_as("km/h") == pytest.approx(4.5)


def test_exact_mode_converts_with_exact_factors():
    assert shown("1 ft to m", exact=True) == "381/1250 m"
    assert evaluate("1 ft to m", exact=True).magnitude == Fraction(381, 1250)
    assert shown("3 ft + 18 in", exact=True) == "9/2 ft"
    assert shown("1 mi^3 to m^3", exact=True) == "8140980127813632/1953125 m^3"
    # what exact mode prints reads back as the same value
    assert evaluate("381/1250 m", exact=True) == evaluate("1 ft to m", exact=True)
    # a conversion through pi (degrees to radians) is a decimal, not a fraction of 50-digit numbers
    assert shown("30 deg to rad", exact=True) == "0.523598775598299 rad"  # a float, shown to 15 digits
    assert evaluate("30 deg to rad", exact=True).magnitude == 0.5235987755982989


def test_a_float_is_converted_exactly_and_rounded_once():
    assert evaluate("40 degC to degF").magnitude == 104.0  # pint's float arithmetic: 103.99999999999993
    assert evaluate("0.1 ft to in").magnitude == 1.2  # the decimal as written, converted exactly (pint: 1.2000000000000002)
    assert evaluate("-273.15 degC to K").magnitude == 0.0  # pint in floats: 2.2737367544323206e-14


def test_precision_mode_magnitudes_are_its_decimals():
    calc = Calculator(precision=30)
    assert calc.format(calc.evaluate("1 ft to m")) == "0.3048 m"
    assert calc.format(calc.evaluate("sqrt(2 m^2)")) == "1.41421356237309504880168872421 m"
    assert calc.format(calc.evaluate("1/3 m")) == "0.333333333333333333333333333333 m"
    assert calc.format(calc.evaluate("9 km / 2 h -> m/s")) == "1.25 m/s"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("m = 4; m * 3", "12"),  # a variable wins over the metre
        ("min(4, 2)", "2"),  # a builtin called with '(' wins over the minute
        ("5 min to s", "300 s"),  # ... and a bare min is the minute
        ("e", "2.71828182845905"),  # a constant wins over the elementary charge
        ("h = 2; 3 km / h", "1.5 km"),  # a bare name: the variable
        ("m = 5; 10 km to m", "10000 m"),  # after 'to', a name is always a unit
        ("g = 9.81; 2 kg * g", "19.62 kg"),
    ],
)
def test_variables_builtins_and_constants_win_over_units_of_the_same_name(text, expected):
    assert shown(text) == expected


@pytest.mark.parametrize(
    "text, error, message, column",
    [
        ("3 m + 2 s", DimensionError, "cannot add a length (m) and a time (s): the dimensions differ", 1),
        ("3 km to h", DimensionError, "cannot convert a length (km) to a time (h): the dimensions differ", 1),
        ("1 + (3 m < 2 s)", DimensionError, "cannot compare a length (m) and a time (s): the dimensions differ", 6),
        ("3 m + 2", DimensionError, "cannot add a length (m) and a number: the dimensions differ", 1),
        ("9 km/h to N", DimensionError, "cannot convert a speed (km/h) to a force (N): the dimensions differ", 1),
        ("2 kmh", UnknownNameError, "unknown unit 'kmh'; did you mean", 3),
        ("3 km to metre + 1", CalcSyntaxError, "unexpected '+'", 15),
        ("h = 2; 3 km / 1 h", CalcSyntaxError, "missing operator before 'h': calc has no implicit multiplication; write 1*h", 17),
        ("3 km to meterz", UnknownNameError, "unknown unit 'meterz'; did you mean 'meter'", 9),
        ("40 degC + 10 degC", UnitError, "cannot add a temperature on an offset scale", 1),
        ("40 degC * 2", UnitError, "temperature on an offset scale", 1),
        ("m^(10^9)", UnitError, "a unit's power must be at most 100, not 1000000000", 1),
        ("2 m^200", UnitError, "a unit's power must be at most 100, not 200", 3),
        ("3 km to m^(1/0)", CalcSyntaxError, "a unit's power cannot divide by zero", 11),
        ("2^(3 m)", UnitError, "an exponent must be a plain number, not a length (m)", 1),
        ("x = 3; 2 x", CalcSyntaxError, "missing operator before 'x': calc has no implicit multiplication; write 2*x", 10),
        ("2 pi", CalcSyntaxError, "missing operator before 'pi': calc has no implicit multiplication; write 2*pi", 3),
        ("f(m) = 2 m", CalcSyntaxError, "missing operator before 'm'", 10),
        ("2x", UnknownNameError, "unknown unit 'x': a name right after a number is a unit, and calc has no implicit multiplication", 2),
        ("2 sqrt(4)", CalcSyntaxError, "write 2*sqrt(...)", 7),
        ("true to m", DimensionError, "cannot convert the boolean true to a unit", 1),
    ],
)
def test_unit_errors_are_calcs_own_with_positions(text, error, message, column):
    with pytest.raises(error) as info:
        Calculator().evaluate(text)
    assert message in info.value.message
    assert info.value.column == column
    assert "pint" not in info.value.message.lower() and "Cannot convert" not in info.value.message


def test_dimension_errors_say_dimension():
    with pytest.raises(DimensionError) as info:
        evaluate("3 m + 2 s")
    assert "dimension" in info.value.message and info.value.code == "dimension-error"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("sqrt(49 m^2)", "7 m"),
        ("cbrt(27 m^3)", "3 m"),
        ("abs(-3 m)", "3 m"),
        ("round(2.567 m, 1)", "2.6 m"),
        ("floor(2.5 m)", "2 m"),
        ("min(3 m, 200 cm)", "200 cm"),
        ("max(1 h, 59 min)", "1 h"),
        ("hypot(3 m, 400 cm)", "5 m"),
        ("sin(30 deg)", "0.5"),  # shown to 15 digits: 0.49999999999999994 in full
        ("cos(0.5 turn)", "-1.0"),
    ],
)
def test_builtins_that_mean_something_for_quantities(text, expected):
    assert shown(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("sin(2 m)", "sin() takes a plain number or an angle, not a length (m)"),
        ("exp(3 s)", "exp() takes a plain number, not a time (s)"),
        ("min(3 m, 2 s)", "min() takes quantities of one dimension, not a length (m) and a time (s)"),
        ("min(3 m, 2)", "min() takes quantities of one dimension, not a length (m) and a number"),
        ("gcd(4 m, 2)", "gcd needs a whole number, not a length (m)"),
        ("factorial(3 m)", "factorial needs a whole number, not a length (m)"),
        ("(3 m)!", "factorial needs a whole number, not 3 m"),
    ],
)
def test_other_builtins_refuse_quantities_clearly(text, message):
    with pytest.raises(calculator.CalculatorError) as info:
        evaluate(text)
    assert message in info.value.message


def test_parse_once_takes_quantity_variables_and_unit_names():
    expression = calculator.parse("x * 2 to m")
    assert expression.evaluate(x=evaluate("3 km")).magnitude == 6000.0
    import pint

    own = pint.UnitRegistry()  # a quantity of the application's own registry is taken by its unit
    assert calculator.parse("x + 1 m").evaluate(x=own.Quantity(2, "meter")).magnitude == 3.0
    speed = calculator.parse("72 km/h to m/s")
    assert speed.variables == ("h",)  # a free name: given, a variable; not given, the unit it names
    assert speed.evaluate().magnitude == 20.0
    with pytest.raises(DimensionError):  # given, h is the number 2: 72 km / 2 is no speed
        speed.evaluate(h=2)


def test_explain_shows_the_operations_on_quantities():
    result = run_calc("--explain", "-e", "2 km + 300 m to m")
    assert result.stdout.decode().splitlines() == [
        "((2 km) + (300 m)) to m",
        "  basic.add(2 km, 300 m) = 2.3 km",
        "  advanced.convert(2.3 km, m) = 2300 m",
        "= 2300 m",
    ]


def test_lint_warns_that_a_fraction_before_a_unit_is_the_magnitude():
    result = run_calc("--lint", "-e", "1/2 m")
    err = result.stderr.decode()
    assert "1/2 m is read as (1/2) m = 0.5 m, not 1/(2 m) = 0.5 m^-1" in err
    assert result.stdout.decode() == "0.5 m\n"


def test_lint_warns_when_a_product_before_a_fraction_makes_it_a_quotient():
    err = run_calc("--lint", "-e", "2 * 1/2 m").stderr.decode()
    assert "2 * 1/2 m is read as (2*1)/(2 m) = 1 m^-1, not ((2*1)/2) m = 1 m" in err
    assert run_calc("--lint", "-e", "9 km / 2 h").stderr == b""  # a quantity over a quantity: one reading


def test_comparisons_of_quantities_convert_exactly_and_refuse_across_dimensions():
    assert evaluate("10 degC == 50 degF") is True  # pint in floats: False
    assert evaluate("1 m == 100 cm") is True and evaluate("3 m < 2 ft") is False
    assert evaluate("3 m > 0") is True and evaluate("50 percent > 0.4") is True
    for text, message in [
        ("3 m == 3 s", "cannot compare a length (m) and a time (s): the dimensions differ"),
        ("3 m == 3", "cannot compare a length (m) and a number: the dimensions differ"),
        ("1 degC < 2 delta_degC", "a temperature on an offset scale and a difference do not mix"),
    ]:
        with pytest.raises(calculator.CalculatorError) as info:
            evaluate(text)
        assert message in info.value.message, text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("radians(30 deg)", "0.523598775598299"),  # an angle read as such, not converted twice
        ("degrees(1 rad)", "57.2957795130823"),
        ("floor(30 deg)", "30 deg"),  # the unit stays, as for every other unit
        ("ceil(1 ppm)", "1 ppm"),
        ("1 L / 1 m^3", "0.001"),  # units that cancel, whatever their names
        ("1 J / (1 N * 1 m)", "1.0"),
        ("1 mph / (1 km/h)", "1.609344"),
        ("7 m // 2 m", "3.0"),
        ("(2 m)^(1/3)", "1.25992104989487 m^(1/3)"),  # a unit's power is a small fraction
        ("1 m^0.3333333333333333", "1 m^(1/3)"),
        ("1 elementary_charge", "1 elementary_charge"),  # never 'e', calc's Euler number
        ("-273.15 degC to K", "0 K"),
    ],
)
def test_what_a_second_reader_found(text, expected):
    assert shown(text) == expected


@pytest.mark.parametrize(
    "text, mode, expected",
    [
        ("(8 m^3)^(1/3)", {"precision": 30}, "2 m"),
        ("degrees(30 deg)", {"precision": 20}, "30.0"),
        ("ceil(1 ppm)", {"precision": 20}, "1 ppm"),
        ("100 degF to degC", {"exact": True}, "340/9 degC"),
        ("340/9 degC", {"exact": True}, "340/9 degC"),  # what exact mode prints for a temperature reads back
        ("30 deg * 2 m", {"exact": True}, "1.0471975511966 m"),  # through pi: a decimal
    ],
)
def test_modes_agree_on_units(text, mode, expected):
    assert shown(text, **mode) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("(-8 m^3)^(1/3)", "a negative number raised to a non-integer power has no real value"),
        ("(-4 m^2)^0.5", "a negative number raised to a non-integer power has no real value"),
        ("degrees(2.5 m)", "degrees() takes a plain number or an angle, not a length (m)"),
        ("round(3 m, 2 m)", "round()'s second argument is a plain number, not a length (m)"),
    ],
)
def test_no_complex_magnitudes_and_clear_refusals(text, message):
    for mode in ({}, {"exact": True}, {"precision": 20}):
        with pytest.raises(calculator.CalculatorError) as info:
            Calculator(**mode).evaluate(text)
        assert info.value.message == message, mode


def test_a_quantity_of_a_unit_calc_does_not_know_is_refused_in_calcs_words():
    import pint

    own = pint.UnitRegistry()
    own.define("smoot = 1.7018 m")
    with pytest.raises(calculator.CalculatorError) as info:
        calculator.parse("x to m").evaluate(x=own.Quantity(1, "smoot"))
    assert "smoot" in info.value.message and "not one calc knows" in info.value.message
    assert "registry" not in info.value.message


def test_json_gives_the_magnitude_and_the_unit():
    result = run_calc("--json", "-e", "9 km / 2 h", "-e", "3 m + 2 s")
    first, second = (json.loads(line) for line in result.stdout.decode().splitlines())
    assert first["type"] == "quantity" and first["value"] == "4.5 km/h"
    assert first["magnitude"] == "4.5" and first["unit"] == "km/h"
    assert second["error"]["code"] == "dimension-error"


def test_display_settings_apply_to_the_magnitude():
    assert run_calc("--digits", "3", "-e", "10 km / 3 h").stdout.decode() == "3.33 km/h\n"
    assert run_calc("--group", "-e", "3 km * 3 km to m^2").stdout.decode() == "9_000_000 m^2\n"
    assert run_calc("--format", "sci", "-e", "1 au to m").stdout.decode() == "1.495978707e+11 m\n"


@pytest.mark.parametrize(
    "text",
    ["9 km / 2 h", "72 km/h", "2.5 m/s^2", "1 kg*m/s^2", "5 s^-1", "3 m^-1*s^-1", "40 degC", "10 delta_degC",
     "2 m^0.5", "2 m^(1/3)", "1 yr", "3 um", "2 ohm", "1 acre", "1e+20 m"],
)
def test_what_calc_prints_for_a_quantity_reads_back_as_the_same_quantity(text):
    for exact in (False, True):
        calc = Calculator(exact=exact)
        value = calc.evaluate(text)
        again = Calculator(exact=exact).evaluate(calc.format(value))
        assert again == value and again.units == value.units, (text, calc.format(value))


def test_saved_quantities_load_as_saved(tmp_path):
    calc = Calculator(exact=True)
    calc.evaluate("d = 1 ft to m; v = 9 km / 2 h")
    path = tmp_path / "session.calc"
    path.write_text(calc.save_text())
    loaded = Calculator()
    loaded.load_text(path.read_text())
    assert loaded.variables["d"].magnitude == Fraction(381, 1250) and str(loaded.variables["d"].units) == "m"
    assert loaded.variables["v"].magnitude == Fraction(9, 2) and loaded.format(loaded.variables["v"]) == "9/2 km/h"
    assert "d = 381/1250 m  # exact" in path.read_text()


def test_limits_hold_for_magnitudes():
    with pytest.raises(calculator.LimitError):
        Calculator(exact=True).evaluate("x = 10^60000 * 1 m; x * x")
    with pytest.raises(calculator.LimitError):
        Calculator(exact=True).evaluate("x = 10^2000; (x * 1 m) ^ 60")
    with pytest.raises(calculator.NumberTooLargeError):
        evaluate("1e308 m * 10")


def test_import_and_plain_arithmetic_never_import_pint():
    code = (
        "import sys, calculator\n"
        "calculator.evaluate('2 + 3 * 4'); calculator.parse('x^2').evaluate(x=3)\n"
        "calculator.Calculator(exact=True).evaluate('1/3 + (if 1 < 2 then 1 else 0)')\n"
        "print('pint' in sys.modules)\n"
        "calculator.evaluate('1 m')\n"
        "print('pint' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]
    cli = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "calculator", "-e", "2 + 2"], capture_output=True, text=True, check=True
    )
    assert cli.stdout == "4\n" and " pint" not in cli.stderr


def test_the_common_units_are_all_units_pint_knows():
    from calculator.units import COMMON_UNITS, unit_of
    from calculator.parser import parse_statement

    for names in COMMON_UNITS.values():
        for name in names:
            tree = parse_statement(f"1 to {name}")[1]
            assert unit_of(tree[4]) is not None, name


def test_units_command_and_help_topic_list_the_common_units():
    from calculator.commands import run_command

    calc = Calculator()
    listing = run_command(calc, ":units")
    assert listing == run_command(calc, ":help units")
    assert "  length           m km cm mm um nm in ft yd mi nmi au ly" in listing.splitlines()
    assert max(len(line) for line in listing.splitlines()) <= 79
    overview = run_command(calc, ":help").splitlines()
    assert any(line.split()[:6] == ["9", "km", "/", "2", "h", "to"] and "1.25 m/s" in line for line in overview)


def test_the_prompt_colours_units_and_completes_them_after_a_number():
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from calculator.repl import CalcCompleter, CalcLexer, Prompt

    calc = Calculator()
    calc.evaluate("m = 4")
    styles = [(s, t) for s, t in CalcLexer(calc).fragments("9 km / 2 h to m/s") if t.strip()]
    assert styles[1] == ("class:unit", "km") and styles[4] == ("class:unit", "h")
    assert styles[6] == ("class:unit", "m") and styles[8] == ("class:unit", "s")  # after 'to': units
    styles = [(s, t) for s, t in CalcLexer(calc).fragments("m * 2 m") if t.strip()]
    assert styles[0] == ("class:name", "m") and styles[-1] == ("class:unit", "m")  # the variable, then the metre
    words = lambda text: [c.text for c in CalcCompleter(calc).get_completions(Document(text), CompleteEvent())]  # noqa: E731
    assert words("3 k")[:3] == ["km", "kg", "kn"]
    assert "mph" in words("60 mi/h to mp") and "m/s" not in words("3 k")
    assert words("sq") == ["sqrt("]  # no number before: builtins, not units
    assert Prompt(calc).wait_for_preview("9 km / 2 h to m/s") == "= 1.25 m/s"


@pytest.mark.skipif(__import__("shutil").which("tmux") is None, reason="tmux is not installed")
def test_units_at_a_real_prompt(tmp_path):
    from support import Tmux

    tmux = Tmux(tmp_path)
    try:
        tmux.start(size=(80, 30))
        tmux.keys("3 hec", "Tab")  # after a number, Tab completes the unit
        tmux.wait_for("calc> 3 hectare")
        tmux.keys(" to m^2", "Enter")
        tmux.wait_for("\n30000 m^2\n")
        tmux.keys("9 km / 2 h to m/s")
        tmux.wait_for("= 1.25 m/s")  # the preview, before Enter
        tmux.keys("Enter")
        tmux.wait_for("\n1.25 m/s\n")
        tmux.keys("3 m + 2 s", "Enter")
        screen = tmux.wait_for("error: cannot add a length (m) and a time (s): the dimensions differ")
        assert "Traceback" not in screen
        tmux.keys("C-d")
    finally:
        tmux.kill()


PAIRS = [("km", "mi"), ("ft", "m"), ("h", "s"), ("lb", "kg"), ("degC", "degF"), ("K", "degC"), ("km/h", "m/s"),
         ("kWh", "J"), ("acre", "m^2"), ("gal", "L"), ("psi", "Pa"), ("deg", "rad"), ("mi/h", "kn"), ("degF", "K")]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PAIRS), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda x: abs(x) > 1e-6))
def test_conversions_agree_with_pint(pair, x):
    """calc converts a float exactly and rounds once; pint steps through floats: within a few ulps."""
    import pint

    source, target = pair
    ours = evaluate(f"{x!r} {source} to {target}")
    theirs = _pint().Quantity(x, source).to(target).magnitude
    assert ours.magnitude == pytest.approx(theirs, rel=1e-12, abs=1e-9)
    exact = evaluate(f"{x!r} {source} to {target}", exact=True)
    if target != "rad" and source != "deg":  # through pi: a decimal in exact mode too
        assert exact.magnitude == _pint(Fraction).Quantity(Fraction(repr(x)), source).to(target).magnitude
    del pint


_registries: dict = {}


def _pint(kind=float):
    import pint

    if kind not in _registries:
        _registries[kind] = pint.UnitRegistry(non_int_type=kind)
    return _registries[kind]


def test_an_annotated_units_sheet_passes_check():
    from calculator.sheets import annotate_text, check_text

    text = "d = 42.195 km\nd / (2 h + 1 min) to km/h\n1 ft to m\n40 degC to degF\nsqrt(2 m^2)\n"
    annotated = annotate_text(text, Calculator())
    assert "# => 20.9231404958678 km/h" in annotated and "# => 104 degF" in annotated
    result, outcomes = check_text(annotated, Calculator())
    assert result.failures == [] and result.checks == 5
    assert all(outcome.error is None for outcome in outcomes)
    exact = annotate_text("1 ft to m\n3 ft + 18 in\n", Calculator(exact=True))
    assert "# => 381/1250 m" in exact and "# => 9/2 ft" in exact
    result, _ = check_text(exact, Calculator(exact=True))
    assert result.failures == [] and result.checks == 2
    wrong, _ = check_text("1 ft to m  # => 0.3049 m\n1 ft to m  # => 30.48 cm\n", Calculator())
    assert [error.line for error, _ in wrong.failures] == [1]  # another unit of the dimension matches its exact value


_UNITS = ["m", "km", "s", "h", "min", "kg", "degC", "degF", "K", "delta_degC", "deg", "L", "ft", "N", "percent"]
_OPS = ["+", "-", "*", "/", "//", "%", "^", "<", "=="]
_FUNCTIONS = {"sqrt": 1, "abs": 1, "round": 2, "floor": 1, "min": 2, "hypot": 2, "sin": 1, "exp": 1, "factorial": 1, "gcd": 2}


@st.composite
def unit_expressions(draw, depth=0):
    choice = draw(st.integers(0, 9 if depth < 3 else 3))
    if choice <= 1:
        return f"{draw(st.sampled_from(['2', '0.5', '0', '-1', '1e3', '1/3']))} {draw(st.sampled_from(_UNITS))}"
    if choice == 2:
        return draw(st.sampled_from(_UNITS + ["2", "0", "true"]))
    if choice == 3:
        return f"{draw(unit_expressions(depth + 1))} to {draw(st.sampled_from(_UNITS))}"
    if choice <= 5:
        name = draw(st.sampled_from(sorted(_FUNCTIONS)))
        return f"{name}({', '.join(draw(unit_expressions(depth + 1)) for _ in range(_FUNCTIONS[name]))})"
    return f"({draw(unit_expressions(depth + 1))} {draw(st.sampled_from(_OPS))} {draw(unit_expressions(depth + 1))})"


@settings(max_examples=300, deadline=None)
@given(unit_expressions(), st.sampled_from([{}, {"exact": True}, {"precision": 20}]))
def test_any_unit_expression_is_a_value_or_calcs_own_error(text, mode):
    """Whatever is combined, in any mode: a number, a quantity or a CalculatorError in calc's
    words — never pint's text or type, never an internal error."""
    calc = Calculator(**mode)
    try:
        value = calc.evaluate(text)
    except calculator.CalculatorError as error:
        assert "internal error" not in error.message, text
        assert "pint" not in error.message.lower() and "Quantity" not in error.message, (text, error.message)
        assert "dimensionless" not in error.message and "Dimensionality" not in error.message, (text, error.message)
        return
    exact_number = not mode or isinstance(getattr(value, "_magnitude", None), (int, Fraction))  # exact mode's floats read back as fractions
    if hasattr(value, "_magnitude") and "precision" not in mode and exact_number:  # what calc writes in full reads back
        full = calc.format_full(value)
        again = Calculator(**mode).evaluate(full)
        assert again.units == value.units and (again.magnitude == value.magnitude or again.magnitude != again.magnitude), (text, full)


def test_a_host_quantity_with_an_int_magnitude_takes_the_modes_numbers():
    import pint

    own = pint.UnitRegistry()
    value = calculator.parse("x * 2 to m").evaluate(x=own.Quantity(3, "ft"))
    assert value.magnitude == 1.8288 and value.magnitude.__class__ is float  # not Fraction(1143, 625)
    exact = calculator.parse("x * 2 to m", exact=True).evaluate(x=own.Quantity(3, "ft"))
    assert exact.magnitude == Fraction(1143, 625)
    calc = Calculator()
    calc.set_variable("d", own.Quantity(40, "degC"))
    assert calc.format(calc.evaluate("d to degF")) == "104 degF"


def test_a_temperature_and_a_temperature_difference_are_said_apart():
    with pytest.raises(UnitError) as info:
        evaluate("10 degC to delta_degC")
    assert info.value.message == (
        "cannot convert a temperature (degC) to a temperature (delta_degC): a temperature on an offset scale "
        "and a temperature difference are different things (10 degC - 0 degC is 10 delta_degC)"
    )
    assert shown("10 degC - 0 degC") == "10 delta_degC"
