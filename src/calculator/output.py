"""``--json``: one JSON object per statement (JSON Lines), as output.schema.json describes.

Values travel as text, so big integers and fractions survive any JSON parser: ``"value"`` is the
full value, which reads back as exactly the same number (a float with every digit:
``0.30000000000000004``), ``"display"`` the text calc shows for it (``0.3``); ``"type"`` says which
kind of number it is. The values of warnings and of explained steps are full values too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .display import value_type

if TYPE_CHECKING:
    from .explain import Explanation
    from .session import Calculator, Outcome

__all__ = ["json_line", "outcome_object"]


def outcome_object(outcome: "Outcome", path: str, calc: "Calculator", explanation: "Explanation | None" = None) -> dict[str, Any]:
    statement = outcome.statement
    obj: dict[str, Any] = {
        "source": statement.text,
        "file": path,
        "line": statement.line,
        "column": statement.offset + 1,
    }
    error = outcome.error
    if error is not None:
        obj["error"] = {
            "code": error.code,
            "message": error.message,
            "line": error.line,
            "column": error.column,
            "end_line": error.end_line,
            "end_column": error.end_column,
        }
    elif outcome.kind == "definition":
        function = outcome.value
        obj["name"] = outcome.name
        obj["defined"] = f"{function.signature} = {function.source}"
    else:
        if outcome.kind == "assignment":
            obj["name"] = outcome.name
        obj["value"] = calc.format_full(outcome.value)
        obj["display"] = calc.format(outcome.value)
        obj["type"] = value_type(outcome.value)
        if obj["type"] == "quantity":  # the number and the unit apart, for a program to read
            from .units import unit_text

            obj["magnitude"] = calc.format_full(outcome.value.magnitude)
            obj["unit"] = unit_text(outcome.value.units)
    if outcome.warnings:
        obj["warnings"] = [
            {
                "code": w.code, "message": w.message, "line": w.line, "column": w.column,
                "end_line": w.end_line, "end_column": w.end_column,
                "reading": w.reading, "value": None if w.value is None else calc.format_full(w.value),
                "other_reading": w.other_reading,
                "other_value": None if w.other_value is None else calc.format_full(w.other_value),
            }
            for w in outcome.warnings
        ]
    if explanation is not None:
        obj["steps"] = [
            {
                "function": step.function,
                "args": [calc.format_full(a) for a in step.args],
                "result": None if step.failed else calc.format_full(step.result),
                "line": step.line,
                "column": step.column,
                "depth": step.depth,
            }
            for step in explanation
        ]
    return obj


def json_line(outcome: "Outcome", path: str, calc: "Calculator", explanation: "Explanation | None" = None) -> str:
    return json.dumps(outcome_object(outcome, path, calc, explanation), ensure_ascii=False)
