"""calc's LALR driver (calculator.lalr) against Lark's own runtime on the same grammar.

Lark builds the table; calc runs it with its own short loop. Here Lark's parser, with calc's
tree builder as its transformer, parses the same statements: the trees must be identical, and
so must every syntax error's message and position (both worded by calculator.parser).
"""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import CalcSyntaxError
from calculator.functions import BUILTINS
from calculator.parser import _TreeBuilder, _unexpected_character, _unexpected_token, grammar_text, parse_statement
from test_parse_once import conditions, expressions

lark = pytest.importorskip("lark")

SETTINGS = settings(
    max_examples=int(os.environ.get("CALC_PROPERTY_EXAMPLES", 500)), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


class _LarkBuilder(lark.Transformer):
    """calc's builder, fed by Lark: Lark's Tokens become calc's (type, text, start, end) tuples."""

    def __default__(self, data, children, meta):  # pragma: no cover - every rule has a callback
        raise AssertionError(f"no callback for {data}")


def _adapt(method):
    def call(self, children):
        return method([(c.type, c.value, c.start_pos, c.end_pos) if isinstance(c, lark.Token) else c for c in children])

    return call


_builder = _TreeBuilder()
for _name in dir(_builder):
    if not _name.startswith("_"):
        setattr(_LarkBuilder, _name, _adapt(getattr(_builder, _name)))

REFERENCE = lark.Lark(grammar_text(), parser="lalr", lexer="basic", transformer=_LarkBuilder())


def reference(text):
    """What Lark's runtime makes of ``text``: the tree, or (message, start) of the error."""
    try:
        return REFERENCE.parse(text)
    except lark.exceptions.UnexpectedCharacters as exc:
        error = _unexpected_character(text, exc.pos_in_stream)
    except lark.exceptions.UnexpectedToken as exc:
        error = _unexpected_token(text, exc)
    return ("error", error.message, error.start)


def ours(text):
    try:
        return parse_statement(text)
    except CalcSyntaxError as error:
        return ("error", error.message, error.start)


def flat(tree):
    """The tree as a flat list, walked without recursion (deep trees compare too)."""
    out, todo = [], [tree]
    while todo:
        item = todo.pop()
        if isinstance(item, (tuple, list)):
            out.append(("(", type(item).__name__, len(item)))
            todo.extend(reversed(item))
        else:
            out.append(item)
    return out


def same(text):
    assert flat(ours(text)) == flat(reference(text)), text


EXAMPLES = [
    "1+2*3", "-x^2^-y!", "f(a, b) = a // b % 2", "max(1, (2), 0x_1f, .5e-3)", "g()", "2 ** 3", "x = 3",
    "1 < x <= 9 != y", "if a then b else if c then d else e", "not a == b and c or d", "true", "false or not true",
    "f(n) = if n <= 1 then 1 else n * f(n - 1)", "5!=3", "5! = 3", "iffy + notx", "  1  +\t2 ",
    # errors
    "", "   ", "1 +", "(1", "1 2", "x y", "1 @ 2", "1 if 1 else 2", "if 1 < 2 then 3", "if x", "if x then 1 2",
    "sqrt 4", "a = = 1", "1,2", ")", "f(1,)", "2x", "1 == ", "not", "if", "true false", "1 000", "sqrt(2)x",
    "×", "1 ** ** 2", "f(x) = ", "= 3", "((((", "))))",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_driver_agrees_with_lark(text):
    same(text)


def test_driver_agrees_with_lark_on_the_hostile_catalog():
    from test_hostile import CATALOG

    from calculator.source import split_lines, split_statements

    count = 0
    for case in CATALOG:
        if len(case.text) > 20_000:  # Lark's runtime is slower; the long ones are depth and width
            continue
        for number, line in enumerate(split_lines(case.text), 1):
            for statement in split_statements(line, number):
                same(statement.text)
                count += 1
    assert count > 300


def test_driver_handles_deep_and_long_input_like_lark():
    for text in ("(" * 5000 + "1" + ")" * 5000, "+".join(["1"] * 20000), "if true then " * 2000 + "1" + " else 2" * 2000, "max(" + ",".join(["1"] * 5000) + ")"):
        same(text)


TOKENS = (
    ["0", "1", "2.5", ".5", "1e3", "0x1f", "1_000", "x", "y", "f", "ans", "pi"]
    + list(BUILTINS)[:6]
    + ["+", "-", "*", "/", "//", "%", "^", "**", "!", "(", ")", ",", "=", " ", "<", "<=", ">", ">=", "==", "!="]
    + ["if", "then", "else", "and", "or", "not", "true", "false", "@", "\u2212"]
)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=30), st.booleans())
def test_driver_agrees_with_lark_on_token_soup(tokens, spaced):
    same((" " if spaced else "").join(tokens))


@SETTINGS
@given(st.one_of(expressions(), conditions()))
def test_driver_agrees_with_lark_on_generated_expressions(pair):
    same(pair[0])
