"""Numbers your way: display settings, precision beyond a double, sessions you keep."""

import math
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calculator
from calculator import Calculator, LimitError, Limits, evaluate
from calculator.commands import run_command
from support import run_calc
from test_properties import expressions


# -- display -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "settings_, text, shown",
    [
        ({"digits": 5}, "1/3", "0.33333"),
        ({"digits": 5}, "2.0", "2.0"),
        ({"digits": 3}, "123456.0", "1.23e+05"),
        ({"base": 16}, "255", "0xff"),
        ({"base": 16}, "-255", "-0xff"),
        ({"base": 8}, "15", "0o17"),
        ({"base": 2}, "10", "0b1010"),
        ({"base": 16}, "2.5", "2.5"),
        ({"notation": "sci"}, "123450.0", "1.2345e+05"),
        ({"notation": "eng"}, "123450.0", "123.45e+03"),
        ({"notation": "eng"}, "0.000123", "123.0e-06"),
        ({"notation": "sci", "digits": 3}, "pi", "3.14e+00"),
        ({"group": True}, "1234567", "1_234_567"),
        ({"group": True}, "-1234567.25", "-1_234_567.25"),
        ({"group": True, "base": 2}, "255", "0b1111_1111"),
    ],
)
def test_display_settings_and_every_form_reads_back(settings_, text, shown):
    session = Calculator(**settings_)
    value = session.evaluate(text)
    assert session.format(value) == shown
    digits = settings_.get("digits") or 16
    assert evaluate(shown) == pytest.approx(value, rel=0.5 * 10 ** (1 - digits))


def test_display_settings_from_flags_and_commands():
    assert run_calc("--digits", "5", "-e", "1/3", "--base", "hex", "-e", "255", "--group", "-e", "2^20").stdout == b"0.33333\n0xff\n0x10_0000\n"
    assert run_calc("--format", "eng", "-e", "12345.678").stdout == b"12.345678e+03\n"
    session = Calculator()
    assert run_command(session, ":digits 4") == "digits 4, base dec, format auto, group off"
    assert run_command(session, ":base hex") == "digits 4, base hex, format auto, group off"
    assert run_command(session, ":group on") == "digits 4, base hex, format auto, group on"
    assert run_command(session, ":format sci") == "digits 4, base hex, format sci, group on"
    assert session.format(session.evaluate("2^16 - 1")) == "0xffff"
    assert run_command(session, ":digits 0") == "digits must be between 1 and 1000, not 0"
    assert run_command(session, ":base 7") == "usage: :base hex|oct|bin|dec"
    with pytest.raises(ValueError):
        Calculator(base=7)


@pytest.mark.parametrize(
    "settings_, text, shown",
    [
        ({}, "0.1 + 0.2", "0.3"),
        ({"digits": "full"}, "0.1 + 0.2", "0.30000000000000004"),
        ({"digits": 17}, "0.1 + 0.2", "0.30000000000000004"),
        ({"digits": 17}, "0.1", "0.10000000000000001"),
        ({"digits": 16}, "2/3", "0.6666666666666666"),
        ({"digits": 5}, "0.1 + 0.2", "0.3"),
        ({"notation": "sci"}, "0.1 + 0.2", "3.0e-01"),
        ({"notation": "sci", "digits": "full"}, "0.1 + 0.2", "3.0000000000000004e-01"),
        ({"notation": "sci"}, "2/3 * 1e20", "6.66666666666667e+19"),
        ({"notation": "eng"}, "0.1 + 0.2 - 0.3", "55.5111512312578e-18"),
        ({"notation": "eng", "digits": "full"}, "0.1 + 0.2 - 0.3", "55.51115123125783e-18"),
        ({"group": True}, "1234567.8 * 3", "3_703_703.4"),
        ({"group": True, "digits": "full"}, "1234567.8 * 3", "3_703_703.4000000004"),
        ({"base": 16}, "0.1 + 0.2", "0.3"),
        ({"base": 16, "digits": "full"}, "255 + 0 * 0.5", "255.0"),
        ({"base": 16, "digits": "full"}, "255", "0xff"),
    ],
)
def test_floats_show_15_digits_unless_told_and_settings_combine(settings_, text, shown):
    session = Calculator(**settings_)
    value = session.evaluate(text)
    assert session.format(value) == shown
    assert value == eval(text.replace("^", "**"))  # the value keeps every bit
    back = evaluate(shown)
    if settings_.get("digits") in ("full", 17):
        assert back == value
    else:
        assert back == pytest.approx(value, rel=5e-15)


def test_digits_full_and_17_from_flags_and_commands():
    assert run_calc("-e", "0.1 + 0.2", "-e", "2/3").stdout == b"0.3\n0.666666666666667\n"
    assert run_calc("--digits", "full", "-e", "0.1 + 0.2", "-e", "2/3").stdout == b"0.30000000000000004\n0.6666666666666666\n"
    assert run_calc("--digits", "17", "-e", "0.1 + 0.2", "-e", "0.1").stdout == b"0.30000000000000004\n0.10000000000000001\n"
    result = run_calc("--digits", "fully", "-e", "1")
    assert result.returncode == 2 and result.stderr.decode().endswith("argument --digits: expected a whole number or full, not 'fully'\n")
    session = Calculator()
    session.evaluate("x = 0.1 + 0.2")
    assert run_command(session, ":digits") == "digits auto, base dec, format auto, group off"
    assert run_command(session, ":vars") == "x = 0.3"
    assert run_command(session, ":digits full") == "digits full, base dec, format auto, group off"
    assert run_command(session, ":vars") == "x = 0.30000000000000004"
    assert run_command(session, ":digits 17") == "digits 17, base dec, format auto, group off"
    assert run_command(session, ":digits off") == "digits auto, base dec, format auto, group off"
    assert run_command(session, ":digits all") == "usage: :digits N|full|off"
    assert Calculator(digits="full").format(0.1 + 0.2) == "0.30000000000000004"
    with pytest.raises(ValueError, match="digits must be a whole number or 'full', not 'all'"):
        Calculator(digits="all")


def test_only_the_text_is_rounded_never_the_value(tmp_path):
    assert evaluate("0.1 + 0.2") == 0.30000000000000004
    assert calculator.parse("x * 3").evaluate(x=0.1) == 0.30000000000000004
    session = Calculator()
    assert session.format(session.evaluate("x = 0.1 + 0.2")) == "0.3"
    assert session.format(session.evaluate("0.1 * 3")) == "0.3" and session.ans == 0.30000000000000004
    assert session.variables["x"] == 0.30000000000000004 and session.evaluate("ans * 10") == 3.0000000000000004
    assert session.evaluate("x == 0.3") is False and session.evaluate("x - 0.3") == 5.551115123125783e-17
    assert "x = 0.30000000000000004  # float" in session.save_text()  # :save keeps every digit
    path = tmp_path / "session.calc"
    run_command(session, f":save {path}")
    restored = Calculator()
    run_command(restored, f":load {path}")
    assert restored.variables["x"] == 0.30000000000000004


def test_exact_and_precision_modes_show_as_before():
    assert run_calc("--exact", "-e", "0.1 + 0.2", "-e", "2/3").stdout == b"3/10\n2/3\n"
    assert run_calc("--precision", "20", "-e", "0.1 + 0.2", "-e", "2/3").stdout == b"0.3\n0.66666666666666666667\n"
    assert run_calc("--precision", "20", "--digits", "full", "-e", "2/3").stdout == b"0.66666666666666666667\n"
    assert run_calc("--precision", "20", "--digits", "5", "-e", "2/3").stdout == b"0.66667\n"


# -- precision ---------------------------------------------------------------------------------

def machin_pi(digits: int) -> str:
    """pi by Machin's formula in integer arithmetic: a reference independent of mpmath."""
    scale = 10 ** (digits + 10)

    def arctan_inverse(x: int) -> int:
        total, term, n, sign = 0, scale // x, 1, 1
        while term:
            total += sign * (term // n)
            term //= x * x
            n += 2
            sign = -sign
        return total

    pi = 4 * (4 * arctan_inverse(5) - arctan_inverse(239))
    text = str(pi // 10**10)
    return text[0] + "." + text[1:digits]


def series_e(digits: int) -> str:
    scale = 10 ** (digits + 10)
    total, term, k = 0, scale, 0
    while term:
        total += term
        k += 1
        term //= k
    text = str(total // 10**10)
    return text[0] + "." + text[1:digits]


def test_pi_and_e_to_a_thousand_digits():
    session = Calculator(precision=1010)
    assert session.format(session.evaluate("pi"))[:1001] == machin_pi(1000)
    assert session.format(session.evaluate("e"))[:1001] == series_e(1000)
    assert session.format(session.evaluate("exp(1)"))[:1001] == series_e(1000)
    assert session.format(session.evaluate("4 * atan(1)"))[:1001] == machin_pi(1000)


def test_precision_values():
    session = Calculator(precision=50)
    shown = lambda text: session.format(session.evaluate(text))  # noqa: E731
    assert shown("sqrt(2)") == "1.4142135623730950488016887242096980785696718753769"
    assert shown("0.1 + 0.2") == "0.3"
    assert shown("2^100") == str(2**100)  # ints stay exact ints
    assert shown("1/3") == "0." + "3" * 50
    assert shown("5!/3!") == "20.0"
    assert shown("2^(1/2)") == shown("sqrt(2)")
    assert shown("sin(pi/6)") == "0.5"
    assert shown("x = 1/7; x * 7") == "1.0"


@pytest.mark.parametrize("identity", ["sin(x)^2 + cos(x)^2", "exp(ln(x)) / x", "cosh(x)^2 - sinh(x)^2", "tan(x) * cos(x) / sin(x)"])
def test_precision_identities(identity):
    session = Calculator(precision=60)
    for x in ("0.5", "1.25", "3"):
        session.evaluate(f"x = {x}")
        value = session.evaluate(identity)
        assert abs(value - 1) < 1e-55, (identity, x, value)


def test_precision_errors_and_limits():
    session = Calculator(precision=30)
    with pytest.raises(Exception) as info:
        session.evaluate("ln(-1)")
    assert info.value.message == "ln(-1) is undefined: x must be > 0"
    with pytest.raises(LimitError, match="max_digits"):
        session.evaluate("2^400000")
    with pytest.raises(LimitError, match="max_precision limit of 10,000"):
        Calculator(precision=20_000)
    assert Calculator(precision=20_000, limits=Limits(max_precision=20_000)).precision == 20_000


def test_precision_from_flag_and_command_and_mpmath_only_when_on():
    assert run_calc("--precision", "50", "-e", "sqrt(2)").stdout == b"1.4142135623730950488016887242096980785696718753769\n"
    session = Calculator()
    assert run_command(session, ":precision 20") == "precision 20 digits"
    assert session.format(session.evaluate("1/3")) == "0.33333333333333333333"
    assert run_command(session, ":precision off") == "precision off (floats)"
    assert session.evaluate("1/3") == 1 / 3
    code = "import sys, calculator.cli as c, io; c.main(['-e', '1+1'], stdout=io.StringIO()); print('mpmath' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "False\n"


@settings(max_examples=60, deadline=None)
@given(expressions().filter(lambda pair: "//" not in pair[0] and "%" not in pair[0]))
def test_precision_mode_agrees_with_exact_fractions(pair):
    # // and % jump at whole numbers: 1 // 0.001 is 999 with binary digits (as with floats) and
    # 1000 exactly, however many digits; the continuous operations must agree to 35 digits.
    text = pair[0]
    try:
        exact = evaluate(text, exact=True)
    except Exception:
        exact = None
    try:
        precise = Calculator(precision=40).evaluate(text)
    except Exception:
        precise = None
    if exact is None or precise is None:
        assert exact is None and precise is None, (text, exact, precise)
        return
    scale = max(1, abs(exact))
    assert abs(Fraction(str(precise)) - exact) <= scale * Fraction(1, 10**35), (text, precise, exact)


# -- sessions ------------------------------------------------------------------------------------

def test_save_then_load_gives_the_same_state(tmp_path):
    session = Calculator(exact=True)
    session.evaluate("x = 7/4")
    session.exact = False
    session.evaluate("y = 0.1; z = 2^70; g(t) = t * x + y; h(a, b) = g(a) - b")
    path = tmp_path / "session.calc"
    assert run_command(session, f":save {path}") == f"saved 3 variables and 2 functions to {path}"
    restored = Calculator()
    assert run_command(restored, f":load {path}") == f"loaded {path}"
    assert restored.variables == session.variables
    assert {k: type(v) for k, v in restored.variables.items()} == {"x": Fraction, "y": float, "z": int}
    assert restored.evaluate("h(2, 1)") == session.evaluate("h(2, 1)")
    assert run_command(restored, ":load /nonexistent/file.calc") == "cannot load /nonexistent/file.calc: No such file or directory"


def test_save_and_load_count_in_words_that_agree_with_the_number(tmp_path):
    session = Calculator()
    session.evaluate("x = 1; f(t) = t")
    path = tmp_path / "one.calc"
    assert run_command(session, f":save {path}") == f"saved 1 variable and 1 function to {path}"
    path.write_text("1/0\ny = 2\n")
    assert run_command(Calculator(), f":load {path}").endswith(f"loaded {path} (1 line failed)")


def test_calc_i_runs_files_then_reads_stdin_in_the_same_session(tmp_path):
    (tmp_path / "setup.calc").write_text("rate = 0.5\nf(x) = x * rate\n")
    result = run_calc("-i", "setup.calc", input="f(10)\nrate * 4\n", cwd=tmp_path)
    assert (result.stdout, result.returncode) == (b"5.0\n2.0\n", 0)


@pytest.mark.parametrize("loading_mode", [{}, {"exact": True}, {"precision": 12}])
def test_a_saved_session_loads_as_saved_whatever_the_mode(loading_mode):
    saved = Calculator()
    saved.evaluate("f = 0.1; n = 2^70")
    saved.exact = True
    saved.evaluate("q = 7/4; w = 6/2")
    saved.precision = 40
    saved.evaluate("p = sqrt(2)")
    text = saved.save_text()
    assert "f = 0.1  # float" in text and "q = 7/4  # exact" in text and "  # precision 40" in text
    restored = Calculator(**loading_mode)
    assert restored.load_text(text) == []
    def kinds(variables):  # an int may come back as the loading mode's integer: exact in every mode
        return {k: "int" if isinstance(v, int) or k == "n" and v == int(v) else type(v).__name__ for k, v in variables.items()}

    assert kinds(restored.variables) == kinds(saved.variables) == {"f": "float", "n": "int", "q": "Fraction", "w": "Fraction", "p": "mpf"}
    assert restored.variables == saved.variables
    # every bit of the 40-digit value came back, not the loading mode's digits
    assert restored.variables["p"] == saved.variables["p"] and restored.variables["p"].context.dps == 40
    assert restored.exact == loading_mode.get("exact", False) and restored.precision == loading_mode.get("precision")


# -- exact mode: / of integers is a fraction wherever the integers came from --------------------

@pytest.mark.parametrize(
    "text, variables, expected",
    [
        ("comb(10,3)/comb(10,2)", {}, Fraction(8, 3)),
        ("round(3.5)/round(2.5)", {}, Fraction(2)),
        ("floor(7/2)/ceil(3/2)", {}, Fraction(3, 2)),
        ("n/k", {"n": 8, "k": 3}, Fraction(8, 3)),
        ("(7//2)/(5//2)", {}, Fraction(3, 2)),
        ("gcd(12, 18)/lcm(4, 10)", {}, Fraction(3, 10)),
    ],
)
def test_exact_division_of_integers_from_anywhere(text, variables, expected):
    for value in (evaluate(text, variables, exact=True), calculator.parse(text, exact=True).evaluate(variables)):
        assert value == expected and type(value) is Fraction, (text, value)


def test_exact_division_of_variables_set_in_float_mode():
    session = Calculator()
    session.evaluate("n = 8; k = 3")
    session.exact = True
    assert session.evaluate("n/k") == Fraction(8, 3)
    assert session.evaluate("f(x) = x / k; f(n)") == Fraction(8, 3)


def test_precision_json_types():
    result = run_calc("--precision", "20", "--json", "-e", "1/3", "-e", "2^70", "-e", "sqrt(16)")
    import json

    types = [json.loads(line)["type"] for line in result.stdout.decode().splitlines()]
    assert types == ["float", "int", "int"]
