"""Text → tree. One statement at a time; every failure becomes a CalcSyntaxError with a position.

Lark builds the LALR table from grammar/calc.lark at build time (grammar/generate_parser.py) and
calc's driver (calculator.lalr) runs it, so parsing does not import lark. The builder's methods
make calc's tree while the parser reduces, so no parse tree is built and nothing recurses,
however deeply the input nests. Tokens are tuples ``(type, text, start, end)``.

A tree node is a tuple ``(kind, start, end, *operands)`` (see calculator.tree): ``kind`` is the
grammar's alias (and the evaluator's dispatch key), ``start``/``end`` are character offsets in the
statement. A statement is ``("expression", tree)`` or ``("assignment", target, tree, equals_offset)``.
"""

from __future__ import annotations

import re
from fractions import Fraction
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable

from . import lalr
from .display import int_from_text
from .errors import CalcSyntaxError

__all__ = ["parse_statement", "Node", "Statement", "grammar_text"]

Node = tuple
Statement = tuple


class _TreeBuilder:
    """Reduction callbacks: each receives the children (tokens and nodes) of one grammar rule."""

    def expression(self, c: list) -> Statement:
        return ("expression", c[0])

    def assignment(self, c: list) -> Statement:
        return ("assignment", c[0], c[2], c[1][2])

    def _binary(kind: str):  # type: ignore[misc]
        def build(self: Any, c: list) -> Node:
            left, op, right = c
            return (kind, left[1], right[2], left, right, op[2])

        build.__name__ = kind
        return build

    add = _binary("add")
    subtract = _binary("subtract")
    multiply = _binary("multiply")
    def divide(self, c: list) -> Node:
        left, op, right = c
        if right[0] == "quantity" and right[3][0] == "number" and _literal_or_negated(left):
            # 381/1250 m is one quantity, (381/1250) m: how calc writes an exact one, read back
            magnitude = ("divide", left[1], right[3][2], left, right[3], op[2])
            return ("quantity", left[1], right[2], magnitude, right[4])
        return ("divide", left[1], right[2], left, right, op[2])
    floor_divide = _binary("floor_divide")
    modulo = _binary("modulo")
    power = _binary("power")

    def _comparison(kind: str):  # type: ignore[misc]
        def build(self: Any, c: list) -> Node:
            left, op, right = c
            if left[0] == "compare":  # 1 < x < 9: one chain, each operand evaluated once
                # The left chain is this reduction's alone (LALR consumes it once): extend its lists
                # in place, so a chain of n operands costs n appends, not n copies of a growing tuple.
                operands, kinds, offsets = left[3], left[4], left[5]
                operands.append(right)
                kinds.append(kind)
                offsets.append(op[2])
                return ("compare", left[1], right[2], operands, kinds, offsets)
            return ("compare", left[1], right[2], [left, right], [kind], [op[2]])

        build.__name__ = kind
        return build

    less = _comparison("less")
    less_equal = _comparison("less_equal")
    greater = _comparison("greater")
    greater_equal = _comparison("greater_equal")
    equal = _comparison("equal")
    not_equal = _comparison("not_equal")
    logical_and = _binary("logical_and")
    logical_or = _binary("logical_or")

    def logical_not(self, c: list) -> Node:
        return ("logical_not", c[0][2], c[1][2], c[1])

    def conditional(self, c: list) -> Node:
        return ("conditional", c[0][2], c[5][2], c[1], c[3], c[5])

    def boolean(self, c: list) -> Node:
        token = c[0]
        return ("boolean", token[2], token[3], token[0] == "TRUE")

    def negate(self, c: list) -> Node:
        return ("negate", c[0][2], c[1][2], c[1])

    def positive(self, c: list) -> Node:
        return ("positive", c[0][2], c[1][2], c[1])

    def factorial(self, c: list) -> Node:
        return ("factorial", c[0][1], c[1][3], c[0])

    def number(self, c: list) -> Node:
        token = c[0]
        text = token[1]
        # plain digits are most literals: int() at once (a long run needs int_from_text)
        value = int(text) if len(text) < 20 and text.isdigit() else _number_value(text)
        return ("number", token[2], token[3], value, text)

    def name(self, c: list) -> Node:
        token = c[0]
        return ("name", token[2], token[3], token[1])

    def call(self, c: list) -> Node:
        args = tuple(c[2]) if len(c) == 4 else ()
        return ("call", c[0][2], c[-1][3], c[0][1], args)

    def first_argument(self, c: list) -> list:
        return [c[0]]

    def more_arguments(self, c: list) -> list:
        c[0].append(c[2])  # one list for all the arguments: a long call stays linear
        return c[0]

    def group(self, c: list) -> Node:
        return ("group", c[0][2], c[2][3], c[1])

    # -- units: a unit is one leaf, ("unit", s, e, factors), factors ((name, exponent, s, e), ...)

    def quantity(self, c: list) -> Node:
        number, unit = self.number(c[:1]), c[1]
        return ("quantity", number[1], unit[2], number, unit)

    def convert(self, c: list) -> Node:
        value, op, unit = c
        return ("convert", value[1], unit[2], value, unit, op[2])

    def unit_name(self, c: list) -> Node:
        token = c[0]
        return ("unit", token[2], token[3], ((token[1], 1, token[2], token[3]),))

    def unit_multiply(self, c: list) -> Node:
        left, _, right = c
        return ("unit", left[1], right[2], left[3] + right[3])

    def unit_divide(self, c: list) -> Node:
        left, _, right = c
        return ("unit", left[1], right[2], left[3] + tuple((n, -p, s, e) for n, p, s, e in right[3]))

    def unit_raise(self, c: list) -> Node:
        unit, _, exponent = c
        power = exponent[3]
        return ("unit", unit[1], exponent[2], tuple((n, p * power, s, e) for n, p, s, e in unit[3]))

    def unit_group(self, c: list) -> Node:
        return ("unit", c[0][2], c[2][3], c[1][3])

    def unit_exponent(self, c: list) -> Node:
        """2, -2, 0.5 (the float's exact value, as pint keeps a float power), (1/3), (-1/3)."""
        numbers = [Fraction(_number_value(t[1])) for t in c if t[0] == "NUMBER"]
        if len(numbers) == 2 and not numbers[1]:
            raise CalcSyntaxError("a unit's power cannot divide by zero", start=c[0][2], end=c[-1][3])
        value = numbers[0] if len(numbers) == 1 else numbers[0] / numbers[1]
        if value.denominator > 1000:  # 0.3333333333333333 is 1/3: a unit's power is a small fraction
            value = value.limit_denominator(1000)
        if any(t[0] == "MINUS" for t in c):
            value = -value
        return ("exponent", c[0][2], c[-1][3], value)


def _literal_or_negated(node: Node) -> bool:
    return node[0] == "number" or (node[0] == "negate" and node[3][0] == "number")


def _number_value(text: str) -> int | float:
    """A literal's value: ints exact (any length), decimals as floats (exact mode re-reads the text)."""
    if text[:2] in ("0x", "0X", "0b", "0B", "0o", "0O"):
        return int(text, 0)
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int_from_text(text)


class _Token:
    """A token as the error messages read it (the parser's tokens are plain tuples)."""

    __slots__ = ("type", "value", "start_pos", "end_pos")

    def __init__(self, type_: str, value: str, start: int, end: int) -> None:
        self.type = type_
        self.value = value
        self.start_pos = start
        self.end_pos = end

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"


class _Unexpected:
    """What _unexpected_token reads of a parse error: the token and the expected types."""

    def __init__(self, token: Any, expected: set[str]) -> None:
        self.token, self.expected = token, expected


_parser: Any = None


def _get_parser() -> Any:
    global _parser
    if _parser is None:
        _parser = lalr.Parser(_TreeBuilder())
    return _parser


def parse_statement(text: str, defined: Callable[[str], bool] | None = None) -> Statement:
    """Parse one statement (no ';', no comment) into a tree, or raise CalcSyntaxError.

    ``defined`` tells whether a name has a value (a session's names): a missing-operator hint
    proposes ``2*x`` only for an ``x`` that is defined.
    """
    try:
        return _get_parser().parse(text)
    except lalr.UnexpectedCharacter as exc:
        raise _unexpected_character(text, exc.position) from None
    except lalr.UnexpectedToken as exc:
        raise _unexpected_token(text, _Unexpected(_Token(*exc.token), exc.expected), defined) from None


# -- error messages in words a person knows ---------------------------------------------------

_TOKEN_WORDS = {
    "NUMBER": "a number",
    "NAME": "a name",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "EQUAL": "'='",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'*'",
    "SLASH": "'/'",
    "DSLASH": "'//'",
    "PERCENT": "'%'",
    "POWER": "'^'",
    "BANG": "'!'",
    "LESS": "'<'",
    "LESS_EQUAL": "'<='",
    "GREATER": "'>'",
    "GREATER_EQUAL": "'>='",
    "EQUAL_EQUAL": "'=='",
    "NOT_EQUAL": "'!='",
    "IF": "'if'",
    "THEN": "'then'",
    "ELSE": "'else'",
    "AND": "'and'",
    "OR": "'or'",
    "NOT": "'not'",
    "TRUE": "true",
    "FALSE": "false",
    "TO": "'to'",
    "ARROW": "'->'",
    "$END": "the end",
}
#: tokens that continue an expression after an operand (said together as "an operator")
_OPERATORS = {
    "PLUS", "MINUS", "STAR", "SLASH", "DSLASH", "PERCENT", "POWER", "BANG",
    "LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL", "EQUAL_EQUAL", "NOT_EQUAL", "AND", "OR",
}
_OPERAND_START = {"NUMBER", "NAME", "LPAR", "TRUE", "FALSE", "IF", "NOT"}
_LOOKALIKES = {
    "\u2212": "-", "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\ufe63": "-", "\uff0d": "-",
    "\u00d7": "*", "\u22c5": "*", "\u00b7": "*", "\u2217": "*", "\uff0a": "*",
    "\u00f7": "/", "\u2215": "/", "\u2044": "/", "\uff0f": "/",
    "\uff0b": "+", "\u02c6": "^", "\uff08": "(", "\uff09": ")", "\uff1d": "=", "\u2019": "'",
    "\u00b2": "^2", "\u00b3": "^3",  # x² is x^2
    "\u221a": "sqrt(…)", "\u03c0": "pi", "\u03c4": "tau",  # √2, π, τ
}
#: what other languages write with these characters, in calc's words
_OTHER_LANGUAGES = {
    "&": "calc writes 'and' (true and false)",
    "||": "calc writes 'or' (true or false)",
    "|": "for an absolute value, write abs(x)",
    ":=": "calc assigns with '=' (x = 3)",
}
_LAST_OPERAND = re.compile(r"(?:[A-Za-z0-9_.]+|\))!*$")
_LAST_TOKEN = re.compile(r"(?:[A-Za-z0-9_.]+|\*\*|//|[<>=!]=|\S)$")
_KEYWORDS = frozenset({"if", "then", "else", "and", "or", "not", "true", "false", "to"})


_DIGITS = re.compile(r"[0-9]+")


def _short(text: str, width: int = 20) -> str:
    """A token as a message shows it: a 5,000-digit literal is not echoed whole."""
    return text if len(text) <= width else f"{text[:width]}… ({len(text):,} characters)"


def _left_operand(before: str) -> str:
    """The operand that ends ``before``: a name or number with its '!'s, or a parenthesised
    group with the name of the function it calls (``sqrt(2)``), found by matching brackets."""
    end = len(before)
    i = end
    while i > 0 and before[i - 1] == "!":
        i -= 1
    if i > 0 and before[i - 1] == ")":
        depth = 0
        while i > 0:
            i -= 1
            depth += {")": 1, "(": -1}.get(before[i], 0)
            if depth == 0:
                break
    while i > 0 and (before[i - 1].isalnum() or before[i - 1] in "_."):
        i -= 1
    return before[i:end]


def _waiting(before: str) -> str | None:
    """What the innermost open construct of ``before`` waits for: 'then', 'else', ')' or None.

    (The LALR table's expected tokens merge every context a state serves, so they cannot say.)
    """
    open_: list[str] = []
    for word in re.findall(r"[A-Za-z_][A-Za-z_0-9]*|[()]", before):
        if word in ("(", "if"):
            open_.append(")" if word == "(" else "then")
        elif word == ")" and open_ and open_[-1] == ")":
            open_.pop()
        elif word == "then" and open_ and open_[-1] == "then":
            open_[-1] = "else"
        elif word == "else" and open_ and open_[-1] == "else":
            open_.pop()
    return open_[-1] if open_ else None


def _unexpected_character(text: str, pos: int) -> CalcSyntaxError:
    import unicodedata  # only on the error path

    char = text[pos]
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    described = f"{code} {name}".strip()
    if char in _LOOKALIKES:
        message = f"unexpected character '{char}' ({described}); use '{_LOOKALIKES[char]}'"
    elif unicodedata.category(char) == "Nd":
        message = f"unexpected digit '{char}' ({described}); calc reads only the ASCII digits 0-9"
    elif char.isspace() or unicodedata.category(char) in ("Cf", "Zs"):
        message = f"unexpected invisible character {described}; use a plain space"
    elif not char.isprintable():
        message = f"unexpected control character {code}"
    elif char in "\"'":
        message = f"unexpected character {char!r}: calc has numbers, not strings"
    elif text[pos : pos + 2] in _OTHER_LANGUAGES or char in _OTHER_LANGUAGES:
        message = f"unexpected character '{char}': {_OTHER_LANGUAGES.get(text[pos : pos + 2]) or _OTHER_LANGUAGES[char]}"
    elif char in "[]{}":
        message = f"unexpected character '{char}'; use '(' and ')' to group"
    elif char == "." and pos + 1 < len(text) and text[pos + 1].isalpha():
        module = re.search(r"[A-Za-z_]\w*$", text[:pos])
        attribute = re.match(r"[A-Za-z_]\w*", text[pos + 1 :])
        if module and module.group(0) in ("math", "cmath", "np", "numpy") and attribute:  # math.sqrt(2)
            message = f"unexpected '.': calc's functions are built in; write {attribute.group(0)}(…) without '{module.group(0)}.'"
        else:
            message = "unexpected '.': calc names have no attributes"
    elif char.isalpha():
        message = f"unexpected letter '{char}' ({described}); names use the ASCII letters, digits and '_'"
    else:
        message = f"unexpected character '{char}'"
    return CalcSyntaxError(message, start=pos, end=pos + 1)


#: words other calculators and languages use as operators, and calc's symbol for each
_OPERATOR_WORDS = {"mod": "%", "div": "//", "x": "*", "times": "*", "plus": "+", "minus": "-", "over": "/", "pow": "^"}
#: an operator word that ends the text before an unexpected operand (where its hint points)
_OPERATOR_WORD_BEFORE = re.compile(r"(?<![A-Za-z_0-9])(" + "|".join(["of", *_OPERATOR_WORDS]) + r")$")
#: compound assignments (x += 1) that calc writes out
_COMPOUND = re.compile(r"(?:\*\*|//|[-+*/%^])$")


def _word_hint(before: str, kind: str, token: Any, rest: str) -> str | None:
    """A message for an operator written as a word, or another language's habit, else None.
    ``rest``: the text after the unexpected token."""
    words = re.findall(r"[A-Za-z_][A-Za-z_0-9]*|\S", before)
    last = words[-1] if words else ""
    right = _short(token.value) if kind != "$END" else "…"
    following = _short(rest.strip()) or "…"
    if kind == "NAME" and words == ["let"]:
        return f"calc needs no 'let': write {right} {following}"
    if kind in ("NUMBER", "NAME", "LPAR") and last in _OPERATOR_WORDS and len(words) > 1:
        left = _left_operand(before[: len(before) - len(last)].rstrip())
        if left:  # 7 mod 3
            return f"'{last}' is not an operator in calc; write {_short(left)} {_OPERATOR_WORDS[last]} {right}"
    if kind in ("NUMBER", "NAME", "LPAR") and last == "of" and len(words) > 1 and words[-2] == "%":
        number = _left_operand(before[: len(before) - 2].rstrip()[:-1].rstrip())
        return (
            f"'%' is the remainder in calc (7 % 3 is 1); for {number or 'p'} percent of {right}, "
            f"write {number or 'p'}/100 * {right}"
        )
    if kind == "NAME" and token.value in _OPERATOR_WORDS and token.value != "x" and _LAST_OPERAND.search(before):
        symbol = _OPERATOR_WORDS[token.value]  # a mod 3 (x after an operand is more often a name: 2 x)
        return f"'{token.value}' is not an operator in calc; write {_short(_left_operand(before))} {symbol} {following}"
    if kind == "NAME" and words[:1] == ["import"]:
        return "calc needs no import: its functions (sqrt, sin, log, …) are built in, :help functions lists them"
    if kind == "NAME" and token.value in ("in", "as") and _LAST_OPERAND.search(before) and rest.strip():
        return f"to convert, write {_short(before)} to {following}"  # 5 km in miles (qalc's, numbat's -> too)
    if kind == "NAME" and token.value == "xor":
        return "calc has no xor: for two conditions, a != b is true when exactly one is"
    if kind == "$END" and last == "%":
        number = _left_operand(before[:-1].rstrip())
        return f"expected a number after '%': '%' is the remainder in calc (7 % 3 is 1); for {number or 'p'} percent, write {number or 'p'}/100"
    if kind == "EQUAL" and _COMPOUND.search(before):
        op = _COMPOUND.search(before).group(0)
        name = _left_operand(before[: len(before) - len(op)].rstrip()) or "x"
        return f"calc has no '{op}='; write {name} = {name} {op} {following}"
    if kind == "EQUAL" and _waiting(before) in ("then", "else"):
        return "'=' assigns; to compare, write =="
    if kind == "BANG" and not _LAST_OPERAND.search(before):
        return "unexpected '!': calc's '!' is the factorial (5!); for a negation, write not x"
    return None


def _unexpected_token(text: str, exc: Any, defined: Callable[[str], bool] | None = None) -> CalcSyntaxError:
    token = exc.token
    expected = set(exc.expected)
    kind = token.type
    before = text[: token.start_pos].rstrip(" \t") if kind != "$END" else text.rstrip(" \t")
    if "NAME" in expected and _ends_with_number(before):
        expected.discard("NAME")  # a unit may follow a number (9 km), but no operand starts there
    prev = _LAST_OPERAND.search(before)
    last = _LAST_TOKEN.search(before)
    after = f" after '{last.group(0)}'" if last else ""
    if kind == "$END":
        pos = len(before)
        hint = _word_hint(before, kind, token, "")
        if hint is not None:
            return CalcSyntaxError(hint, start=pos, end=pos + 1)
        if "ELSE" in expected and _waiting(before) == "else":
            message = "expected 'else': an if needs both branches, as in if c then a else b"
        elif "THEN" in expected and not (expected & _OPERAND_START) and _waiting(before) == "then":
            message = "expected 'then' after the condition, as in if c then a else b"
        elif expected & _OPERAND_START:
            message = f"expected a number, name or '('{after}" if before else "empty expression"
        elif "RPAR" in expected:
            message = "expected ')' to close '('"
        else:
            message = f"unexpected end; expected {_words(expected)}"
        return CalcSyntaxError(message, start=pos, end=pos + 1)
    pos = token.start_pos
    shown = _short(token.value)
    hint = _word_hint(before, kind, token, text[token.end_pos :])
    if hint is not None:
        word = _OPERATOR_WORD_BEFORE.search(before)  # 7 mod 3, 20% of 150: the caret under the word
        if word and kind in ("NUMBER", "NAME", "LPAR"):
            return CalcSyntaxError(hint, start=word.start(1), end=word.end(1))
        return CalcSyntaxError(hint, start=pos, end=token.end_pos)
    if kind == "COMMA" and _waiting(before) is None and _ends_with_number(before) and text[token.end_pos : token.end_pos + 1].isdigit():
        number = _left_operand(before)  # 3,5: a decimal comma
        decimals = re.match(r"[0-9]+", text[token.end_pos :]).group(0)  # type: ignore[union-attr]
        message = f"unexpected ',': calc writes decimals with '.', as in {_short(number)}.{_short(decimals)} (commas separate a function's arguments)"
        return CalcSyntaxError(message, start=pos, end=token.end_pos)
    if kind == "IF" and prev:  # Python's "a if c else b"
        message = "unexpected 'if': calc writes a conditional as if c then a else b"
    elif kind == "ELSE" and "THEN" in expected:
        message = "expected 'then' before 'else', as in if c then a else b"
    elif kind != "THEN" and "THEN" in expected and not (expected & _OPERAND_START) and _waiting(before) == "then":
        message = f"expected 'then' before '{shown}', as in if c then a else b"
    elif kind != "ELSE" and "ELSE" in expected and not (expected & _OPERAND_START) and _waiting(before) == "else":
        message = f"expected 'else' before '{shown}': an if needs both branches, as in if c then a else b"
    elif kind in ("NAME", "NUMBER", "LPAR", "TRUE", "FALSE", "NOT") and prev:  # an operand right after an operand
        left = _left_operand(before)
        if kind == "LPAR" and _number_then_name(before):
            number, name = _number_then_name(before)  # 2 sqrt(4): a quantity's unit cannot be called
            hint = f"write {_short(number)}*{name}(...)"
        elif kind == "LPAR":
            hint = "put '*' before '('"
        elif kind == "NUMBER" and _DIGITS.fullmatch(left) and _DIGITS.fullmatch(token.value):
            hint = f"to group digits, write {_short(left)}_{shown}"  # 1 000 is 1_000 in calc
        elif left in _KEYWORDS:
            hint = "an operator must join them"
        elif left in _builtin_names():
            hint = f"to call {left}, write {left}({shown})"
        else:
            unknown = _undefined(left, token.value if kind == "NAME" else "", defined)
            hint = f"'{unknown}' is not defined" if unknown else f"write {_short(left)}*{shown}"
        message = f"missing operator before '{shown}': calc has no implicit multiplication; {hint}"
    elif kind == "RPAR":
        message = "unmatched ')'" if "RPAR" not in expected and not (expected & _OPERAND_START) else f"expected a number, name or '(' before ')'"
    elif kind == "EQUAL":
        message = "unexpected '=': a statement has at most one '=' (x = expr, or f(x) = expr)"
    elif kind == "COMMA":
        message = "unexpected ',': commas separate the arguments of a function call"
    elif expected & _OPERAND_START:
        message = f"expected a number, name or '('{after}, not '{shown}'"
    else:
        message = f"unexpected '{shown}'; expected {_words(expected)}"
    return CalcSyntaxError(message, start=pos, end=token.end_pos)


def _undefined(left: str, right: str, defined: Callable[[str], bool] | None) -> str | None:
    """The first of the names around a missing operator that has no value (never proposed as a
    factor); None when both are numbers, calls or defined names, or nothing says what is."""
    if defined is None:
        return None
    for word in (left, right):
        if word.isidentifier() and not defined(word):
            return word
    return None


def _ends_with_number(before: str) -> bool:
    match = _LAST_OPERAND.search(before)
    return match is not None and match.group(0)[0] in "0123456789."


def _number_then_name(before: str) -> tuple[str, str] | None:
    """The number and name that end ``before`` (``2 sqrt``), read by the grammar's own lexer."""
    try:
        found = [(kind, text) for kind, text, _, _ in lalr.tokens(before) if kind != lalr.END_OF_INPUT]
    except lalr.UnexpectedCharacter:
        return None
    if len(found) >= 2 and found[-2][0] == "NUMBER" and found[-1][0] == "NAME":
        return found[-2][1], found[-1][1]
    return None


def _builtin_names() -> Any:
    from .functions import BUILTINS  # only on the error path

    return BUILTINS


def _words(expected: set[str]) -> str:
    if {"PLUS", "STAR"} <= expected:  # after an operand: any operator continues it
        expected = (expected - _OPERATORS) | {"an operator"}
    words = sorted({_TOKEN_WORDS.get(t, t) for t in expected})
    return ", ".join(words[:-1]) + (" or " if len(words) > 1 else "") + words[-1]


def grammar_text() -> str:
    """The grammar this parser was generated from, as shipped in the package (calculator.grammar)."""
    from importlib.resources import files

    return files("calculator.grammar").joinpath("calc.lark").read_text(encoding="utf-8")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The grammar's tokens in ``text`` as (type, start, end); an unreadable rest is one "ERROR".

    For colouring input as it is typed: the same terminals the parser reads, no second lexer.
    """
    found: list[tuple[str, int, int]] = []
    try:
        for kind, _, start, end in lalr.tokens(text):
            if kind != lalr.END_OF_INPUT:
                found.append((kind, start, end))
    except lalr.UnexpectedCharacter as exc:
        found.append(("ERROR", exc.position, len(text)))
    return found
