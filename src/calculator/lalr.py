"""calc's LALR(1) driver: Lark's table (calculator/_parse_table.py), run by one short loop.

Lark analyses grammar/calc.lark at build time (grammar/generate_parser.py); this module only
runs the result. One regular expression (the grammar's terminals in Lark's order, blanks folded
in front of each) reads the tokens; each reduction calls the builder's method named by the
rule's alias, so no parse tree is built. Unit reductions (``?rule: child``, two thirds of all
reductions) were collapsed at build time: a chain of them is one look-up of the state to go to,
by the state under the child (the child is already the value). Tokens are tuples ``(type, text,
start, end)``. tests/test_driver.py holds this loop to Lark's own runtime.
"""

from __future__ import annotations

import re
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator

from . import _parse_table as table

__all__ = ["Parser", "UnexpectedToken", "UnexpectedCharacter", "END_OF_INPUT", "KEYWORDS"]

END_OF_INPUT = "$END"


class UnexpectedToken(Exception):
    """``token`` cannot follow what came before; ``expected`` are the token types that could."""

    def __init__(self, token: tuple, expected: set[str]) -> None:
        super().__init__(f"unexpected {token[0]}")
        self.token = token
        self.expected = expected


class UnexpectedCharacter(Exception):
    """No token starts at ``position``."""

    def __init__(self, position: int) -> None:
        super().__init__(f"no token at {position}")
        self.position = position


_match = re.compile(table.TOKEN_PATTERN).match
_blanks = re.compile(table.BLANKS_PATTERN).match
_keywords = table.KEYWORDS.get("NAME", {})
#: the grammar's words (if, then, else, and, or, not, true, false), as the table has them
KEYWORDS: dict[str, str] = dict(_keywords)


def tokens(text: str) -> Iterator[tuple]:
    """The tokens of ``text``, then the end; UnexpectedCharacter where none can be read."""
    match, keywords, end, pos = _match, _keywords, len(text), 0
    while pos < end:
        m = match(text, pos)
        if m is None:
            pos = _blanks(text, pos).end()
            if pos == end:
                break
            raise UnexpectedCharacter(pos)
        kind = m.lastgroup
        value = m.group(kind)
        start = m.start(kind)
        pos = m.end()
        if kind == "NAME":
            kind = keywords.get(value, kind)
        yield (kind, value, start, pos)
    yield (END_OF_INPUT, "", end, end)


class Parser:
    """Parses with the table, building values with ``builder``'s methods (one per rule alias)."""

    def __init__(self, builder: Any) -> None:
        # unit rules (callback None) never reach the loop: their reductions are collapsed
        self._rules: list[tuple[str, int, Callable[[list], Any] | None]] = [
            (origin, size, None if callback is None else getattr(builder, callback))
            for origin, size, callback in table.RULES
        ]

    def parse(self, text: str) -> Any:
        state = table.START
        states, values = [state], []
        rows, rules, end_state = table.STATES, self._rules, table.END
        match, keywords, end, pos = _match, _keywords, len(text), 0
        while True:
            # the next token (the lexer inline: this loop is calc's hottest)
            m = match(text, pos) if pos < end else None
            if m is not None:
                kind = m.lastgroup
                start, pos = m.span(kind)  # the token ends the match: blanks only lead it
                value = text[start:pos]
                if kind == "NAME":
                    kind = keywords.get(value, kind)
                token: tuple = (kind, value, start, pos)
            else:
                if pos < end:
                    pos = _blanks(text, pos).end()
                    if pos < end:
                        raise UnexpectedCharacter(pos)
                kind = END_OF_INPUT
                token = (kind, "", end, end)
            while True:  # ``state`` is always states[-1]
                action = rows[state].get(kind)
                if action is None:
                    raise UnexpectedToken(token, {symbol for symbol in rows[state] if symbol.isupper()})
                if action.__class__ is dict:  # unit reductions: the value stays, the state moves
                    state = states[-1] = action[states[-2]]
                    continue
                if action >= 0:  # shift
                    states.append(action)
                    values.append(token)
                    state = action
                    break
                origin, size, callback = rules[-1 - action]
                children = values[-size:]
                del values[-size:]
                del states[-size:]
                values.append(callback(children))
                state = rows[states[-1]][origin]
                states.append(state)
                if state == end_state and kind == END_OF_INPUT:
                    return values[-1]
