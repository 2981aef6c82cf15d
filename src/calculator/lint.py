"""Ambiguity warnings: where calc's reading and a common other reading give different values.

Each rule finds a shape in the tree the user did not parenthesise, builds the other reading as a
tree, and evaluates both with the session's evaluator and limits (nothing is assigned). A warning
is given only when the values differ, or when one reading fails and the other does not.

Rules (stable codes):
  unary-minus-power   -2^2      is -(2^2) = -4, not (-2)^2 = 4
  power-tower         2^3^2     is 2^(3^2) = 512, not (2^3)^2 = 64
  division-chain      1/2*x     is (1/2)*x, not 1/(2*x); 8/2/2 is (8/2)/2, not 8/(2/2)
  power-factorial     2^3!      is 2^(3!) = 64, not (2^3)! = 40320
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import CalculatorError, UnknownNameError
from .explain import reading
from .parser import parse_statement
from .source import Statement

if TYPE_CHECKING:
    from .session import Calculator

__all__ = ["LintWarning", "lint_statement"]

_DIVISIONS = ("divide", "floor_divide")
_AFTER_DIVISION = ("multiply", "divide", "floor_divide", "modulo")


class LintWarning(NamedTuple):
    """One ambiguity: the span, calc's reading and the other one, each with its value."""

    code: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    source: str  # the span as written
    reading: str  # as calc reads it
    value: Any  # None when it could not be computed
    other_reading: str
    other_value: Any
    other_error: str | None  # why the other reading fails, if it does

    @property
    def severity(self) -> str:
        return "warning"


def lint_statement(calc: "Calculator", statement: Statement) -> list[LintWarning]:
    """The warnings for one statement; a statement that does not parse has none."""
    try:
        tree = parse_statement(statement.text)
    except CalculatorError:
        return []
    root = tree[1] if tree[0] == "expression" else tree[2]
    found: list[LintWarning] = []
    todo = [root]
    while todo:
        node = todo.pop()
        kind = node[0]
        other = _other_reading(node)
        if other is not None:
            warning = _warning(calc, statement, node, *other)
            if warning is not None:
                found.append(warning)
        if kind == "call":
            todo.extend(reversed(node[4]))
        else:
            todo.extend(child for child in reversed(node[3:5]) if isinstance(child, tuple))
    return found


def _other_reading(node: tuple) -> tuple[str, tuple] | None:
    """(rule code, the other reading's tree) if ``node`` is an ambiguous shape."""
    kind = node[0]
    if kind in ("negate", "positive") and node[3][0] == "power":  # -a^b
        power = node[3]
        return "unary-minus-power", ("power", node[1], node[2], (kind, node[1], power[3][2], power[3]), power[4], power[5])
    if kind == "power" and node[4][0] == "power":  # a^b^c
        inner = node[4]
        left = ("power", node[1], inner[3][2], node[3], inner[3], node[5])
        return "power-tower", ("power", node[1], node[2], left, inner[4], inner[5])
    if kind == "power" and node[4][0] == "factorial":  # a^b!
        return "power-factorial", ("factorial", node[1], node[2], ("power", node[1], node[4][3][2], node[3], node[4][3], node[5]))
    if kind in _AFTER_DIVISION and node[3][0] in _DIVISIONS:  # a/b*c
        inner = node[3]
        right = (kind, inner[4][1], node[2], inner[4], node[4], node[5])
        return "division-chain", (inner[0], node[1], node[2], inner[3], right, inner[5])
    return None


def _warning(calc: "Calculator", statement: Statement, node: tuple, code: str, other: tuple) -> LintWarning | None:
    value, error = _evaluate(calc, node)
    other_value, other_error = _evaluate(calc, other)
    if isinstance(error, UnknownNameError) or isinstance(other_error, UnknownNameError):
        value = other_value = None  # a function body or a typo: the shape alone is worth saying
        error = other_error = None
    elif error is None and other_error is None and _same(value, other_value):
        return None
    elif error is not None and other_error is not None:
        return None  # both fail: nothing to choose between
    source = statement.text[node[1] : node[2]]
    ours = reading(node, compact=True)
    theirs = reading(other, compact=True)
    message = f"{source} is read as {ours}{_shown(calc, value, error)}, not {theirs}{_shown(calc, other_value, other_error)}"
    column = statement.offset + node[1] + 1
    return LintWarning(
        code, message, statement.line, column, statement.line, statement.offset + node[2] + 1,
        source, ours, value, theirs, other_value, other_error.message if other_error else None,
    )


def _evaluate(calc: "Calculator", tree: tuple) -> tuple[Any, CalculatorError | None]:
    try:
        return calc._value(tree), None  # the session's names and limits; nothing is assigned
    except CalculatorError as error:
        return None, error


def _same(a: Any, b: Any) -> bool:
    return bool(a == b)


def _shown(calc: "Calculator", value: Any, error: CalculatorError | None) -> str:
    if error is not None:
        return f" (which fails: {error.message})"
    if value is None:
        return ""
    return f" = {calc.format(value)}"
