"""The CalculatorError family: every failure calc reports, with a position and a stable code.

The library raises these; only the edges (cli, repl) render them, through :func:`render`.
Positions are 1-based; ``end_column`` is the column just past the offending span.
"""

from __future__ import annotations

__all__ = [
    "CalculatorError",
    "CalcSyntaxError",
    "UnknownNameError",
    "ArgumentError",
    "AssignmentError",
    "CalcMathError",
    "DivisionByZeroError",
    "DomainError",
    "NumberTooLargeError",
    "LimitError",
    "CalcTypeError",
    "HostFunctionError",
    "UnitError",
    "DimensionError",
    "render",
]


class CalculatorError(Exception):
    """Base of every error calc reports. ``code`` is a stable kebab-case word."""

    code = "error"

    def __init__(
        self,
        message: str,
        *,
        start: int | None = None,
        end: int | None = None,
        line: int = 1,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        # Offsets inside one statement, filled by whoever knows the operation that failed;
        # ``locate`` turns them into the line/column of the whole text.
        self.start = start
        self.end = end
        self.line = line
        self.column = column if column is not None else (start + 1 if start is not None else 1)
        self.end_line = line
        self.end_column = self.column + 1 if end is None or start is None else self.column + max(end - start, 1)

    def at(self, start: int, end: int) -> "CalculatorError":
        """Give the error a span inside its statement unless it already has one."""
        if self.start is None:
            self.start, self.end = start, end
        return self

    def locate(self, line: int, offset: int) -> "CalculatorError":
        """Place the statement-relative span at ``line``, the statement starting at ``offset``."""
        start = self.start or 0
        end = self.end if self.end is not None else start + 1
        self.line = self.end_line = line
        self.column = offset + start + 1
        self.end_column = offset + max(end, start + 1) + 1
        return self

    def __str__(self) -> str:
        return self.message


class CalcSyntaxError(CalculatorError):
    """The text is not a statement of calc's language."""

    code = "syntax-error"


class UnknownNameError(CalculatorError):
    """A variable or function name that is not defined."""

    code = "unknown-name"


class CalcTypeError(CalculatorError):
    """A boolean where a number belongs, or a number where true or false belongs."""

    code = "type-error"


class HostFunctionError(CalculatorError):
    """A function the host application gave calc raised, or returned something not a number
    or a boolean. The original exception is the ``__cause__``."""

    code = "host-error"


class UnitError(CalculatorError):
    """A unit used where it has no meaning: an offset temperature multiplied, a unit raised to a
    huge power, a unit where a plain number belongs."""

    code = "unit-error"


class DimensionError(UnitError):
    """Quantities of different dimensions added, compared or converted (3 m + 2 s, 3 km to h)."""

    code = "dimension-error"


class ArgumentError(CalculatorError):
    """A function called with the wrong number or kind of arguments."""

    code = "wrong-arguments"


class AssignmentError(CalculatorError):
    """An assignment or definition calc refuses (a builtin's name, a non-name target)."""

    code = "invalid-assignment"


class CalcMathError(CalculatorError, ArithmeticError):
    """Arithmetic without a real, finite answer."""

    code = "math-error"


class DivisionByZeroError(CalcMathError, ZeroDivisionError):
    """Division, floor division or modulo by zero (also a ZeroDivisionError, as the seed promised)."""

    code = "division-by-zero"


class DomainError(CalcMathError, ValueError):
    """A function outside its domain: ln(-1), acos(3), (-27)^(1/3), 2.5!."""

    code = "domain-error"


class NumberTooLargeError(CalcMathError, OverflowError):
    """A float result beyond the largest double (about 1.8e308)."""

    code = "number-too-large"


class LimitError(CalculatorError):
    """A safety limit (see calculator.limits.Limits) refused the work before doing it."""

    code = "limit-exceeded"


def _printable(text: str) -> str:
    """The source line as it can be shown: one visible character per character, so carets align."""
    return "".join(c if c == "\t" or c.isprintable() else "\ufffd" for c in text)


_WINDOW = 100


def _window(line: str, column: int) -> tuple[str, int]:
    """A long line cut to about _WINDOW characters around ``column`` (marked with '…')."""
    if len(line) <= _WINDOW:
        return line, column
    start = max(0, min(column - 1 - _WINDOW // 2, len(line) - _WINDOW))
    cut = line[start : start + _WINDOW]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + _WINDOW < len(line) else ""
    return prefix + cut + suffix, column - start + len(prefix)


def render(
    error: CalculatorError,
    source_line: str | None,
    path: str = "<expr>",
    *,
    severity: str = "error",
    span: bool = False,
    color: bool = False,
) -> str:
    """Format ``error`` as ``path:line:col: error: message`` plus the line and a caret under it."""
    bold, red, reset = ("\x1b[1m", "\x1b[31m" if severity == "error" else "\x1b[35m", "\x1b[0m") if color else ("", "", "")
    head = f"{bold}{path}:{error.line}:{error.column}:{reset} {red}{severity}:{reset} {error.message}"
    if source_line is None:
        return head
    shown, column = _window(_printable(source_line), error.column)
    gutter = f"{error.line:5d} | "
    pad = "".join("\t" if c == "\t" else " " for c in shown[: column - 1])
    width = max(error.end_column - error.column, 1) if span else 1
    marker = "^" + "~" * (width - 1)
    return f"{head}\n{gutter}{shown}\n{' ' * (len(gutter) - 2)}| {pad}{red}{marker}{reset}"
