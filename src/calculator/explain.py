"""Explain: how a result was computed, as data.

A ``RecordingDispatch`` is the evaluator's ordinary dispatch with every operation wrapped to write
down a ``Step`` (qualified function, arguments, result, position). The evaluator is unchanged and
the plain dispatch has no wrapper, so tracing costs nothing when it is off. The control flow the
evaluator runs as jumps is written down too, through the ``branch`` hook: ``Step("if", (true,),
"then")`` for the branch an ``if`` took, ``Step("and", (false,), false)`` when an ``and``/``or``
is decided by its left side and skips its right.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

from .display import DEFAULT_DISPLAY, format_value
from .evaluator import OPERATIONS, Dispatch, UserFunction
from .functions import Builtin
from .limits import Limits
from .units import written

__all__ = ["Step", "Explanation", "RecordingDispatch", "reading", "statement_reading", "render_explanation"]

SYMBOLS = {
    "add": "+", "subtract": "-", "multiply": "*", "divide": "/", "floor_divide": "//", "modulo": "%", "power": "^",
}
PREFIX = {"negate": "-", "positive": "+"}
COMPARISON_SYMBOLS = {
    "less": "<", "less_equal": "<=", "greater": ">", "greater_equal": ">=", "equal": "==", "not_equal": "!=",
}
#: and/or as words (always spaced, even in compact readings)
KEYWORDS = {"logical_and": "and", "logical_or": "or"}
#: Step.function of the control-flow steps (keywords: never a function's name)
BRANCHES = ("if", "and", "or")
_ATOMIC = ("number", "name", "call", "boolean")


class Step(NamedTuple):
    """One call made while evaluating: ``function(*args) = result``."""

    # qualified name: "advanced.multiply", "functions.sqrt", or a user function "f"; or a branch:
    # "if" (args: the condition, result: "then" or "else"), "and"/"or" decided by the left side
    # (args: that side, result: the value; the right side is not evaluated)
    function: str
    args: tuple
    result: Any  # None if the call failed
    line: int
    column: int
    depth: int = 0  # 1 and more: inside user functions
    failed: bool = False


class Explanation(list):
    """The steps of one or more statements (a list of Step), with what they came to."""

    def __init__(self) -> None:
        super().__init__()
        self.readings: list[str] = []  # each statement as calc reads it, implied parentheses written out
        self.value: Any = None
        self.error: Any = None


def _qualified(function: Callable[..., Any]) -> str:
    return f"{function.__module__.rsplit('.', 1)[-1]}.{function.__name__}"


class RecordingDispatch(Dispatch):
    """The ordinary dispatch, each call also written down as a Step."""

    cacheable = False

    def __init__(self, limits: Limits, steps: list) -> None:
        super().__init__(limits)
        self.steps = steps
        self.line = 1
        self.offset = 0  # the statement's offset in its line
        self.depth = 0
        self._call_column: int | None = None  # inside a user function: the call's column
        self._calls: list[tuple[int, int | None]] = []  # the open calls: (step index, outer column)

    def restart(self, mark: int) -> None:
        """The statement runs again (precision mode, at more working digits): forget its steps
        after ``mark`` and the calls it left open."""
        del self.steps[mark:]
        self.depth = 0
        self._call_column = None
        self._calls.clear()

    def _position(self, node: tuple) -> int:
        return self._call_column if self._call_column is not None else self.offset + node[1] + 1

    def _recorder(self, name: str, function: Callable[..., Any], node: tuple) -> Callable[..., Any]:
        steps = self.steps

        def record(*args: Any) -> Any:
            index = len(steps)
            steps.append(Step(name, args, None, self.line, self._position(node), self.depth, True))
            result = function(*args)
            steps[index] = steps[index]._replace(result=result, failed=False)
            return result

        return record

    def operation(self, kind: str, node: tuple) -> Callable[..., Any]:
        return self._recorder(_qualified(OPERATIONS[kind]), super().operation(kind, node), node)

    def builtin(self, builtin: Builtin, node: tuple) -> Callable[..., Any]:
        return self._recorder(builtin.qualname, super().builtin(builtin, node), node)

    traces_calls = True

    def enter_user(self, function: UserFunction, args: tuple, node: tuple) -> None:
        column = self._position(node)
        self._calls.append((len(self.steps), self._call_column))
        self.steps.append(Step(function.name, args, None, self.line, column, self.depth, True))
        self.depth += 1
        self._call_column = column

    def leave_user(self, function: UserFunction, result: Any) -> None:
        index, self._call_column = self._calls.pop()
        self.depth -= 1
        self.steps[index] = self.steps[index]._replace(result=result, failed=False)

    def branch(self, word: str, value: bool, node: tuple) -> None:
        if word == "if":  # node: the condition
            self.steps.append(Step("if", (value,), "then" if value else "else", self.line, self._position(node), self.depth))
        else:  # and/or decided by its left side (node), the right side skipped
            self.steps.append(Step(word, (value,), value, self.line, self._position(node), self.depth))


def reading(tree: tuple, compact: bool = False) -> str:
    """``tree`` written back with every implied parenthesis: ``2 + (3 * 4)``, ``-(2 ^ 2)``,
    ``(x > 0) and (not (y == 1))``, ``if c then a else (b + 1)``.

    An operand is parenthesised unless it is a number, name, call or boolean. In a conditional the
    keywords delimit the condition and the then-branch (parenthesised only when they are
    conditionals themselves); the else-branch is parenthesised to show where it ends, except an
    ``else if`` chain, which stays flat however long. Iterative, so any depth prints. ``compact``
    drops the blanks around operator symbols (``-(2^2)``); keywords keep theirs.
    """
    space = "" if compact else " "
    out: list[str] = []
    todo: list = [(tree, False)]
    while todo:
        entry = todo.pop()
        if isinstance(entry, str):
            out.append(entry)
            continue
        item, wrap = entry
        kind = item[0]
        while kind == "group":  # the user's own parentheses: implied ones are written anyway
            item = item[3]
            kind = item[0]
        if kind == "number":
            out.append(item[4])
        elif kind == "name":
            out.append(item[3])
        elif kind == "boolean":
            out.append("true" if item[3] else "false")
        elif kind == "unit":
            out.append(unit_reading(item))
        elif kind == "call":
            parts: list = [f"{item[3]}("]
            for i, arg in enumerate(item[4]):
                if i:
                    parts.append(", ")
                parts.append((arg, False))
            parts.append(")")
            todo.extend(reversed(parts))
        else:
            if kind in PREFIX:
                parts = [PREFIX[kind], (item[3], not _atomic(item[3]))]
            elif kind == "logical_not":
                parts = ["not ", (item[3], not _atomic(item[3]))]
            elif kind == "factorial":
                parts = [(item[3], not _atomic(item[3])), "!"]
            elif kind == "compare":
                parts = [(item[3][0], not _atomic(item[3][0]))]
                for operand, link in zip(item[3][1:], item[4]):
                    parts.append(f"{space}{COMPARISON_SYMBOLS[link]}{space}")
                    parts.append((operand, not _atomic(operand)))
            elif kind == "quantity":  # 381/1250 m reads (381 / 1250) m: the fraction is the magnitude
                parts = [(item[3], not _atomic(item[3])), " ", (item[4], False)]
            elif kind == "convert":
                parts = [(item[3], not _atomic(item[3])), " to ", (item[4], False)]
            elif kind == "conditional":
                condition, then, otherwise = item[3], item[4], item[5]
                parts = ["if ", (condition, _is_conditional(condition)), " then ", (then, _is_conditional(then)), " else "]
                while _is_conditional(otherwise):  # else if …: one flat chain, however long
                    otherwise = _unwrap(otherwise)
                    parts += ["if ", (otherwise[3], _is_conditional(otherwise[3])), " then ", (otherwise[4], _is_conditional(otherwise[4])), " else "]
                    otherwise = otherwise[5]
                parts.append((otherwise, not _atomic(otherwise)))
            else:
                symbol = f" {KEYWORDS[kind]} " if kind in KEYWORDS else f"{space}{SYMBOLS[kind]}{space}"
                parts = [(item[3], not _atomic(item[3])), symbol, (item[4], not _atomic(item[4]))]
            if wrap:
                parts = ["(", *parts, ")"]
            todo.extend(reversed(parts))
    return "".join(out)


def unit_reading(leaf: tuple) -> str:
    """A unit leaf as written: ``km/h^2``, ``kg*m/s^2``, ``s^-1``, ``m^(1/3)``."""
    return written((name, power) for name, power, _, _ in leaf[3])


def statement_reading(statement: tuple, compact: bool = False) -> str:
    """A parsed statement as calc reads it (assignments and definitions included)."""
    if statement[0] == "expression":
        return reading(statement[1], compact)
    target = statement[1]
    left = target[3] if target[0] == "name" else reading(target, compact)
    return f"{left} = {reading(statement[2], compact)}"


def _unwrap(node: tuple) -> tuple:
    while node[0] == "group":
        node = node[3]
    return node


def _atomic(node: tuple) -> bool:
    return _unwrap(node)[0] in _ATOMIC


def _is_conditional(node: tuple) -> bool:
    return _unwrap(node)[0] == "conditional"


def _shown(value: Any) -> str:
    return format_value(value, DEFAULT_DISPLAY)


def render_explanation(
    explanation: Explanation,
    source_reading: str,
    format_number: Callable[[Any], str] = _shown,
    full_number: Callable[[Any], str] = format_value,
) -> list[str]:
    """The lines the CLI and the prompt print for one statement's explanation.

    Results are written as the display shows them (``format_number``), followed by the full value
    where it differs: ``basic.add(0.1, 0.2) = 0.3 (full value 0.30000000000000004)``. Arguments
    are written in full (``full_number``): they are what the function computed with.
    """

    def result(value: Any) -> str:
        shown, full = format_number(value), full_number(value)
        return shown if shown == full else f"{shown} (full value {full})"

    lines = [source_reading]
    for step in explanation:
        if step.function in BRANCHES:
            lines.append(f"{'  ' * (step.depth + 1)}{_branch_text(step, format_number)}")
            continue
        args = ", ".join(full_number(a) for a in step.args)
        outcome = " fails" if step.failed else f" = {result(step.result)}"
        lines.append(f"{'  ' * (step.depth + 1)}{step.function}({args}){outcome}")
    if explanation.error is None and explanation.value is not None:
        lines.append(f"= {result(explanation.value)}")
    return lines


def _branch_text(step: Step, format_number: Callable[[Any], str]) -> str:
    """``if true → then``; ``false and … → false`` (the right side skipped)."""
    value = format_number(step.args[0])
    if step.function == "if":
        return f"if {value} → {step.result}"
    return f"{value} {step.function} … → {format_number(step.result)} (the right side is not evaluated)"
