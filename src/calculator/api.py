"""The module-level entry points: ``calculator.evaluate``, ``parse``, ``explain``, ``lint``.

Each makes a fresh session (or Expression) for one call; nothing persists between calls.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Mapping

    from .explain import Explanation
    from .lint import LintWarning

from .expression import Expression
from .limits import Limits
from .session import Calculator

__all__ = ["evaluate", "parse", "explain", "lint"]


if TYPE_CHECKING:
    Functions = Mapping[str, Callable[..., Any]]


def evaluate(
    text: str,
    variables: Mapping[str, Any] | None = None,
    *,
    exact: bool = False,
    limits: Limits | None = None,
    functions: Functions | None = None,
) -> Any:
    """Evaluate ``text`` (one or more statements) and return the last one's value.

    ``functions``: Python functions the text may call by name (``{"tax": tax}``).
    """
    return Calculator(exact=exact, limits=limits, variables=variables, functions=functions).evaluate(text)


def explain(
    text: str, variables: Mapping[str, Any] | None = None, *, exact: bool = False, limits: Limits | None = None,
    functions: Functions | None = None,
) -> "Explanation":
    """How ``text`` is computed: a list of Step(function, args, result, line, column, ...)."""
    return Calculator(exact=exact, limits=limits, variables=variables, functions=functions).explain(text)


def lint(
    text: str, variables: Mapping[str, Any] | None = None, *, exact: bool = False, limits: Limits | None = None,
    functions: Functions | None = None,
) -> list["LintWarning"]:
    """Where a reader could expect another value: warnings with both readings and their values."""
    return Calculator(exact=exact, limits=limits, variables=variables, functions=functions).lint(text)


def parse(text: str, *, exact: bool = False, limits: Limits | None = None, functions: Functions | None = None) -> Expression:
    """Parse one expression once, to evaluate it many times: ``parse("x^2").evaluate(x=3)``."""
    return Expression(text, exact=exact, limits=limits, functions=functions)
