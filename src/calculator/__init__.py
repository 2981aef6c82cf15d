"""calc: an exact, safe and fast expression calculator.

    >>> import calculator
    >>> calculator.evaluate("2 + 3 * 4")
    14
    >>> calculator.parse("x^2 + 1").evaluate(x=3)
    10

The tutorial's names stay where they were: ``from calculator import add, subtract, multiply,
divide, basic, advanced``.
"""

from __future__ import annotations

import sys
from types import ModuleType
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

#: public name → the module that defines it; imported on first use (PEP 562), so that
#: ``import calculator`` and ``calc -e`` load only what they use
_EXPORTS = {
    "evaluate": "api", "parse": "api", "explain": "api", "lint": "api",
    "Calculator": "session", "Expression": "expression", "Outcome": "session",
    "Step": "explain", "Explanation": "explain", "LintWarning": "lint", "Limits": "limits",
    "CalculatorError": "errors", "CalcSyntaxError": "errors", "CalcTypeError": "errors",
    "UnknownNameError": "errors", "ArgumentError": "errors", "AssignmentError": "errors",
    "CalcMathError": "errors", "DivisionByZeroError": "errors", "DomainError": "errors",
    "NumberTooLargeError": "errors", "LimitError": "errors", "HostFunctionError": "errors",
    "UnitError": "errors", "DimensionError": "errors",
    "add": "basic", "subtract": "basic", "multiply": "advanced", "divide": "advanced",
}
_MODULES = ("basic", "advanced")

__all__ = ["__version__", *_EXPORTS, *_MODULES]


def __getattr__(name: str) -> Any:
    from importlib import import_module

    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in _MODULES:
        value = import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'calculator' has no attribute {name!r}")
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(ModuleType):
    """The functions explain() and lint() share their names with the modules calculator.explain
    and calculator.lint, and importing a module sets the package attribute of its name: here
    that attribute stays the function (the modules are in sys.modules all the same)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("explain", "lint") and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # what type checkers and IDEs see
    from . import advanced, basic
    from .advanced import divide, multiply
    from .basic import add, subtract
    from .errors import (
        ArgumentError,
        AssignmentError,
        CalcMathError,
        CalcSyntaxError,
        CalcTypeError,
        CalculatorError,
        DivisionByZeroError,
        DomainError,
        HostFunctionError,
        LimitError,
        NumberTooLargeError,
        UnknownNameError,
        UnitError,
        DimensionError,
    )
    from .explain import Explanation, Step
    from .limits import Limits
    from .lint import LintWarning
    from .api import evaluate, explain, lint, parse
    from .expression import Expression
    from .session import Calculator, Outcome
