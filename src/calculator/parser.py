"""Text → tree. One statement at a time; every failure becomes a CalcSyntaxError with a position.

The LALR parser is generated from grammar/calc.lark (see grammar/generate_parser.py), so parsing
does not import lark. Its callbacks build calc's tree while the parser reduces, so no parse tree
is built and nothing recurses, however deeply the input nests.

A tree node is a tuple ``(kind, start, end, *operands)`` (see calculator.tree): ``kind`` is the
grammar's alias (and the evaluator's dispatch key), ``start``/``end`` are character offsets in the
statement. A statement is ``("expression", tree)`` or ``("assignment", target, tree, equals_offset)``.
"""

from __future__ import annotations

import operator
import re
from typing import Any

from . import _generated_parser as _lark
from .display import int_from_text
from .errors import CalcSyntaxError

__all__ = ["parse_statement", "Node", "Statement", "grammar_text"]

Node = tuple
Statement = tuple


class _TreeBuilder(_lark.Transformer):
    """Reduction callbacks: each receives the children (tokens and nodes) of one grammar rule."""

    def expression(self, c: list) -> Statement:
        return ("expression", c[0])

    def assignment(self, c: list) -> Statement:
        return ("assignment", c[0], c[2], c[1].start_pos)

    def _binary(kind: str):  # type: ignore[misc]
        def build(self: Any, c: list) -> Node:
            left, op, right = c
            return (kind, left[1], right[2], left, right, op.start_pos)

        build.__name__ = kind
        return build

    add = _binary("add")
    subtract = _binary("subtract")
    multiply = _binary("multiply")
    divide = _binary("divide")
    floor_divide = _binary("floor_divide")
    modulo = _binary("modulo")
    power = _binary("power")

    def _comparison(kind: str):  # type: ignore[misc]
        def build(self: Any, c: list) -> Node:
            left, op, right = c
            if left[0] == "compare":  # 1 < x < 9: one chain, each operand evaluated once
                return ("compare", left[1], right[2], left[3] + (right,), left[4] + (kind,), left[5] + (op.start_pos,))
            return ("compare", left[1], right[2], (left, right), (kind,), (op.start_pos,))

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
        return ("logical_not", c[0].start_pos, c[1][2], c[1])

    def conditional(self, c: list) -> Node:
        return ("conditional", c[0].start_pos, c[5][2], c[1], c[3], c[5])

    def boolean(self, c: list) -> Node:
        token = c[0]
        return ("boolean", token.start_pos, token.end_pos, token.type == "TRUE")

    def negate(self, c: list) -> Node:
        return ("negate", c[0].start_pos, c[1][2], c[1])

    def positive(self, c: list) -> Node:
        return ("positive", c[0].start_pos, c[1][2], c[1])

    def factorial(self, c: list) -> Node:
        return ("factorial", c[0][1], c[1].end_pos, c[0])

    def number(self, c: list) -> Node:
        token = c[0]
        return ("number", token.start_pos, token.end_pos, _number_value(token.value), token.value)

    def name(self, c: list) -> Node:
        token = c[0]
        return ("name", token.start_pos, token.end_pos, token.value)

    def call(self, c: list) -> Node:
        args = c[2] if len(c) == 4 else ()
        return ("call", c[0].start_pos, c[-1].end_pos, c[0].value, args)

    def arguments(self, c: list) -> tuple:
        return tuple(c[::2])  # drop the commas

    def group(self, c: list) -> Node:
        return ("group", c[0].start_pos, c[2].end_pos, c[1])


def _number_value(text: str) -> int | float:
    """A literal's value: ints exact (any length), decimals as floats (exact mode re-reads the text)."""
    if text[:2] in ("0x", "0X", "0b", "0B", "0o", "0O"):
        return int(text, 0)
    if "." in text or "e" in text or "E" in text:
        return float(text)
    return int_from_text(text)


class _Token:
    """What the parser needs of a token, and no more: lark's Token (a str subclass with eight
    attributes) costs more to make than the rest of a token's trip through the parser."""

    __slots__ = ("type", "value", "start_pos", "end_pos")
    line = end_line = 1
    column = end_column = None

    def __init__(self, type_: str, value: str, start: int, end: int) -> None:
        self.type = type_
        self.value = value
        self.start_pos = start
        self.end_pos = end

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"


class _Lexer:
    """One regular expression built from the grammar's own terminals, in lark's priority order,
    with the ignored blanks folded in front of every token: one match per token."""

    def __init__(self, basic_lexer: Any) -> None:
        # Keywords (if, and, true, ...) also match NAME: lark's own analysis drops them from the
        # terminals and turns a NAME into a keyword by its full text; so does this lexer.
        terminals, callbacks = _lark._create_unless(basic_lexer.terminals, basic_lexer.g_regex_flags, re, False)
        self._keywords = {kind: {t.pattern.value: t.name for t in c.scanner.terminals} for kind, c in callbacks.items()}
        ignored = [t for t in terminals if t.name in basic_lexer.ignore_types]
        blanks = "|".join(t.pattern.to_regexp() for t in ignored)
        alternatives = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals if t not in ignored)
        # One optional run of blanks ([ \t]+ already takes the whole run). A repeated group,
        # (?:[ \t]+)*, would backtrack exponentially over blanks before a bad character.
        self._match = re.compile(f"(?:{blanks})?(?:{alternatives})").match
        self._blanks = re.compile(f"(?:{blanks})?").match
        self._basic = basic_lexer

    def lex(self, lexer_state: Any, parser_state: Any) -> Any:
        text = lexer_state.text.text
        match, end, pos = self._match, len(text), 0
        keywords = self._keywords
        while pos < end:
            m = match(text, pos)
            if m is None:
                pos = self._blanks(text, pos).end()
                if pos == end:
                    return
                raise _lark.UnexpectedCharacters(text, pos, 1, pos + 1, allowed=None, state=parser_state)
            kind = m.lastgroup
            pos = m.end()
            value = m.group(kind)
            start = m.start(kind)
            if kind in keywords:
                kind = keywords[kind].get(value, kind)
            yield _Token(kind, value, start, pos)


class _Rule:
    """A grammar rule as the LALR loop uses it, hashed by identity: lark's Rule hashes and
    compares in Python, and the loop looks a rule up in the callbacks on every reduction."""

    __slots__ = ("origin", "expansion", "alias")

    def __init__(self, rule: Any) -> None:
        self.origin, self.expansion, self.alias = rule.origin, rule.expansion, rule.alias


def _streamline(lalr: Any) -> None:
    """Swap identity-hashed rules into the parse table, and let '?rule' alternatives that only
    pass their one child on do it with a C-level getter instead of lark's wrapper."""
    fast: dict = {}
    callbacks = {}
    for rule, callback in lalr.callbacks.items():
        fast[rule] = _Rule(rule)
        unit = isinstance(callback, _lark.ExpandSingleChild) and rule.alias is None and len(rule.expansion) == 1
        callbacks[fast[rule]] = operator.itemgetter(0) if unit else callback
    table = lalr.parse_table
    for actions in table.states.values():
        for token_type, (action, argument) in actions.items():
            if action is _lark.Reduce:
                actions[token_type] = (action, fast[argument])
    lalr.callbacks = callbacks


_parser: Any = None


def _get_parser() -> Any:
    global _parser
    if _parser is None:
        parser = _lark.Lark_StandAlone(transformer=_TreeBuilder())
        frontend = parser.parser
        frontend.lexer = _Lexer(frontend.lexer)
        _streamline(frontend.parser.parser)
        _parser = parser
    return _parser


def parse_statement(text: str) -> Statement:
    """Parse one statement (no ';', no comment) into a tree, or raise CalcSyntaxError."""
    try:
        return _get_parser().parse(text)
    except _lark.UnexpectedCharacters as exc:
        raise _unexpected_character(text, exc.pos_in_stream) from None
    except _lark.UnexpectedToken as exc:
        raise _unexpected_token(text, exc) from None
    except _lark.UnexpectedEOF:  # pragma: no cover - the LALR parser reports $END as a token
        raise CalcSyntaxError("unexpected end of input", start=len(text)) from None


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
}
_LAST_OPERAND = re.compile(r"(?:[A-Za-z0-9_.]+|\))!*$")
_LAST_TOKEN = re.compile(r"(?:[A-Za-z0-9_.]+|\*\*|//|[<>=!]=|\S)$")
_KEYWORDS = frozenset({"if", "then", "else", "and", "or", "not", "true", "false"})


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
    elif char in "[]{}":
        message = f"unexpected character '{char}'; use '(' and ')' to group"
    elif char == "." and pos + 1 < len(text) and text[pos + 1].isalpha():
        message = "unexpected '.': calc names have no attributes"
    elif char.isalpha():
        message = f"unexpected letter '{char}' ({described}); names use the ASCII letters, digits and '_'"
    else:
        message = f"unexpected character '{char}'"
    return CalcSyntaxError(message, start=pos, end=pos + 1)


def _unexpected_token(text: str, exc: Any) -> CalcSyntaxError:
    token = exc.token
    expected = set(exc.expected)
    kind = token.type
    before = text[: token.start_pos].rstrip(" \t") if kind != "$END" else text.rstrip(" \t")
    prev = _LAST_OPERAND.search(before)
    last = _LAST_TOKEN.search(before)
    after = f" after '{last.group(0)}'" if last else ""
    if kind == "$END":
        pos = len(before)
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
    shown = token.value
    if kind == "IF" and prev:  # Python's "a if c else b"
        message = "unexpected 'if': calc writes a conditional as if c then a else b"
    elif kind == "ELSE" and "THEN" in expected:
        message = "expected 'then' before 'else', as in if c then a else b"
    elif kind != "THEN" and "THEN" in expected and not (expected & _OPERAND_START) and _waiting(before) == "then":
        message = f"expected 'then' before '{shown}', as in if c then a else b"
    elif kind != "ELSE" and "ELSE" in expected and not (expected & _OPERAND_START) and _waiting(before) == "else":
        message = f"expected 'else' before '{shown}': an if needs both branches, as in if c then a else b"
    elif kind in ("NAME", "NUMBER", "LPAR", "TRUE", "FALSE", "NOT") and prev:  # an operand right after an operand
        left = prev.group(0)
        if kind == "LPAR":
            hint = "put '*' before '('"
        elif left in _KEYWORDS:
            hint = "an operator must join them"
        elif left in _builtin_names():
            hint = f"to call {left}, write {left}({shown})"
        else:
            hint = f"write {left}*{shown}"
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
        for token in _get_parser().parser.lexer.lex(_lark.LexerState(_lark.TextSlice.cast_from(text)), None):
            found.append((token.type, token.start_pos, token.end_pos))
    except _lark.UnexpectedCharacters as exc:
        found.append(("ERROR", exc.pos_in_stream, len(text)))
    return found
