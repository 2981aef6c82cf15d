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
)
from .limits import Limits
from .explain import Explanation, Step
from .lint import LintWarning
from .session import Calculator, Expression, Outcome, evaluate, explain, lint, parse

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "evaluate",
    "parse",
    "explain",
    "lint",
    "Step",
    "Explanation",
    "LintWarning",
    "Calculator",
    "Expression",
    "Outcome",
    "Limits",
    "CalculatorError",
    "CalcSyntaxError",
    "CalcTypeError",
    "UnknownNameError",
    "ArgumentError",
    "AssignmentError",
    "CalcMathError",
    "DivisionByZeroError",
    "DomainError",
    "NumberTooLargeError",
    "LimitError",
    "HostFunctionError",
    "add",
    "subtract",
    "multiply",
    "divide",
    "basic",
    "advanced",
]
