"""Parsing: precedence, numbers, and syntax errors in words with positions."""

import subprocess
import sys

import pytest

from calculator import CalcSyntaxError, evaluate
from calculator.parser import parse_statement
from support import ROOT


def shape(node):
    """A tree as nested (kind, ...) without positions, to compare structure."""
    kind = node[0]
    if kind == "number":
        return node[4]
    if kind == "name":
        return node[3]
    if kind == "call":
        return ("call", node[3], tuple(shape(a) for a in node[4]))
    if kind in ("group", "negate", "positive", "factorial"):
        return (kind, shape(node[3]))
    return (kind, shape(node[3]), shape(node[4]))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 + 2 * 3", ("add", "1", ("multiply", "2", "3"))),
        ("1 - 2 - 3", ("subtract", ("subtract", "1", "2"), "3")),
        ("-3^2", ("negate", ("power", "3", "2"))),
        ("2^3^2", ("power", "2", ("power", "3", "2"))),
        ("2^-2", ("power", "2", ("negate", "2"))),
        ("4!^2", ("power", ("factorial", "4"), "2")),
        ("-4!", ("negate", ("factorial", "4"))),
        ("2**3", ("power", "2", "3")),
        ("8 // 3 % 2", ("modulo", ("floor_divide", "8", "3"), "2")),
        ("(1 + 2) * 3", ("multiply", ("group", ("add", "1", "2")), "3")),
        ("max(1, x, 3)", ("call", "max", ("1", "x", "3"))),
        ("+-1", ("positive", ("negate", "1"))),
    ],
)
def test_precedence_and_associativity(text, expected):
    kind, tree = parse_statement(text)
    assert kind == "expression"
    assert shape(tree) == expected


@pytest.mark.parametrize(
    "text, value",
    [
        ("1_000_000", 1000000), ("0xff", 255), ("0XFF", 255), ("0b1010", 10), ("0o17", 15), ("0x_ff", 255),
        ("2.5", 2.5), (".5", 0.5), ("1e3", 1000.0), ("1.5e-3", 0.0015), ("2.", 2.0), ("1E+2", 100.0),
    ],
)
def test_number_literals(text, value):
    result = evaluate(text)
    assert result == value and type(result) is type(value)


def test_huge_integer_literals_are_exact():
    digits = "7" * 5000
    assert evaluate(f"{digits} - {digits[:-1]}0") == 7


@pytest.mark.parametrize(
    "text, column, message",
    [
        ("8 * / 2", 5, "expected a number, name or '(' after '*', not '/'"),
        ("(1 + 2", 7, "expected ')' to close '('"),
        ("1 +", 4, "expected a number, name or '(' after '+'"),
        ("2 sqrt(4)", 7, "missing operator before '(': calc has no implicit multiplication; write 2*sqrt(...)"),
        ("1)", 2, "unmatched ')'"),
        ("x = y = 1", 7, "unexpected '=': a statement has at most one '=' (x = expr, or f(x) = expr)"),
        ("1 \u2212 2", 3, "unexpected character '\u2212' (U+2212 MINUS SIGN); use '-'"),
        ("2 \u00d7 3", 3, "unexpected character '\u00d7' (U+00D7 MULTIPLICATION SIGN); use '*'"),
        ("\u0663 + 1", 1, "unexpected digit '\u0663' (U+0663 ARABIC-INDIC DIGIT THREE); calc reads only the ASCII digits 0-9"),
        ("1\u00a0+ 1", 2, "unexpected invisible character U+00A0 NO-BREAK SPACE; use a plain space"),
        ("1 +\u200b1", 4, "unexpected invisible character U+200B ZERO WIDTH SPACE; use a plain space"),
        ("'a'", 1, "unexpected character \"'\": calc has numbers, not strings"),
        ("a[1]", 2, "unexpected character '['; use '(' and ')' to group"),
        ("x.real", 2, "unexpected '.': calc names have no attributes"),
        ("1\x00", 2, "unexpected control character U+0000"),
        ("f(1,)", 5, "expected a number, name or '(' before ')'"),
    ],
)
def test_syntax_errors_say_what_and_where(text, column, message):
    with pytest.raises(CalcSyntaxError) as info:
        evaluate(text)
    assert (info.value.line, info.value.column, info.value.message) == (1, column, message)
    assert info.value.code == "syntax-error"
    for lark_word in ("$END", "LPAR", "RPAR", "Token", "NUMBER"):
        assert lark_word not in info.value.message


def test_generated_parser_is_fresh():
    result = subprocess.run([sys.executable, str(ROOT / "grammar" / "generate_parser.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
