"""Explain: how a result was computed, as data.

A ``RecordingDispatch`` is the evaluator's ordinary dispatch with every operation wrapped to write
down a ``Step`` (qualified function, arguments, result, position). The evaluator is unchanged and
the plain dispatch has no wrapper, so tracing costs nothing when it is off.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

from .display import format_value
from .evaluator import OPERATIONS, UNARY_KINDS, Dispatch, UserFunction
from .functions import Builtin
from .limits import Limits

__all__ = ["Step", "Explanation", "RecordingDispatch", "reading", "statement_reading", "render_explanation"]

SYMBOLS = {
    "add": "+", "subtract": "-", "multiply": "*", "divide": "/", "floor_divide": "//", "modulo": "%", "power": "^",
}
PREFIX = {"negate": "-", "positive": "+"}


class Step(NamedTuple):
    """One call made while evaluating: ``function(*args) = result``."""

    function: str  # qualified name: "advanced.multiply", "functions.sqrt", or a user function "f"
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


def reading(tree: tuple, compact: bool = False) -> str:
    """``tree`` written back with every implied parenthesis: ``2 + (3 * 4)``, ``-(2 ^ 2)``.

    Iterative, so any depth prints. ``compact`` drops the blanks around operators (``-(2^2)``).
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
        elif kind == "call":
            parts: list = [f"{item[3]}("]
            for i, arg in enumerate(item[4]):
                if i:
                    parts.append(", ")
                parts.append((arg, False))
            parts.append(")")
            todo.extend(reversed(parts))
        else:
            atomic = lambda n: _unwrap(n)[0] in ("number", "name", "call")  # noqa: E731
            if kind in PREFIX:
                parts = [PREFIX[kind], (item[3], not atomic(item[3]))]
            elif kind == "factorial":
                parts = [(item[3], not atomic(item[3])), "!"]
            else:
                symbol = f"{space}{SYMBOLS[kind]}{space}"
                parts = [(item[3], not atomic(item[3])), symbol, (item[4], not atomic(item[4]))]
            if wrap:
                parts = ["(", *parts, ")"]
            todo.extend(reversed(parts))
    return "".join(out)


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


def render_explanation(explanation: Explanation, source_reading: str, format_number: Callable[[Any], str] = format_value) -> list[str]:
    """The lines the CLI and the prompt print for one statement's explanation."""
    lines = [source_reading]
    for step in explanation:
        args = ", ".join(format_number(a) for a in step.args)
        result = " fails" if step.failed else f" = {format_number(step.result)}"
        lines.append(f"{'  ' * (step.depth + 1)}{step.function}({args}){result}")
    if explanation.error is None and explanation.value is not None:
        lines.append(f"= {format_number(explanation.value)}")
    return lines
