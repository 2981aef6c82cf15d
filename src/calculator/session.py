"""Sessions: ``Calculator``, whose variables, user functions and ``ans`` persist across calls.

The CLI, the prompt and the library drive the same class. Parsed-once expressions live in
calculator.expression, the module-level functions (evaluate, parse, …) in calculator.api.
"""

from __future__ import annotations

import re
from fractions import Fraction
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Mapping

from .display import DEFAULT_DISPLAY, FULL, Display, check_display, format_value
from .errors import AssignmentError, CalcSyntaxError, CalculatorError, LimitError
from .evaluator import Context, Dispatch, UserFunction, checked_value, compile_tree, dispatch_for, run
from .functions import BUILTINS, CONSTANTS, RESERVED, RESULT_NAMES, Builtin
from .host import host_functions
from .limits import DEFAULT_LIMITS, Limits, begin_work, end_work
from .parser import parse_statement
from .source import Statement, split_lines, split_statements

if TYPE_CHECKING:
    from .explain import Explanation
    from .expression import Expression
    from .lint import LintWarning

__all__ = ["Calculator", "Outcome"]


class Outcome:
    """What one statement did: a value, an assignment, a definition, or an error."""

    __slots__ = ("statement", "kind", "value", "name", "error", "warnings", "explanation")

    def __init__(
        self,
        statement: Statement,
        kind: str,  # "value", "assignment", "definition" or "error"
        value: Any = None,
        name: str | None = None,
        error: CalculatorError | None = None,
    ) -> None:
        self.statement, self.kind, self.value, self.name, self.error = statement, kind, value, name, error
        self.warnings: list[LintWarning] = []  # filled when linting was asked for
        self.explanation: Explanation | None = None  # filled when explaining was asked for

    def __repr__(self) -> str:
        shown = f"error={self.error!r}" if self.error is not None else f"value={self.value!r}"
        return f"Outcome({self.kind}, {self.statement.text!r}, {shown})"

    @property
    def ok(self) -> bool:
        return self.error is None


class Calculator:
    """A calc session: variables, user functions and ``ans`` that persist between calls."""

    def __init__(
        self,
        *,
        exact: bool = False,
        limits: Limits | None = None,
        variables: Mapping[str, Any] | None = None,
        digits: int | str | None = None,
        base: int = 10,
        notation: str = "auto",
        group: bool = False,
        precision: int | None = None,
        functions: Mapping[str, Callable[..., Any]] | None = None,
    ) -> None:
        """``functions``: Python functions calc may call by name, e.g. ``{"tax": tax}`` (their
        arity comes from the signature; they may not replace a builtin or a constant).
        ``digits``: the significant digits floats are shown with: N, None (at most 15) or
        "full" (every digit)."""
        self._exact = exact
        self._precision: Any = None
        self._host_given = dict(functions or {})
        self.limits = limits if limits is not None else DEFAULT_LIMITS
        self.display = Display(digits, base, notation, group)
        self._names: dict[str, Any] = dict(CONSTANTS)
        self.functions: dict[str, UserFunction] = {}
        #: whether the prompt shows lint warnings (:lint on|off, calc --no-lint)
        self.show_warnings = True
        self.precision = precision
        for name, value in (variables or {}).items():
            self.set_variable(name, value)

    # -- state ------------------------------------------------------------------------------

    @property
    def limits(self) -> Limits:
        return self._limits

    @limits.setter
    def limits(self, limits: Limits) -> None:
        self._limits = limits
        self._dispatch = dispatch_for(limits)
        #: the host's functions as calc calls them (checked against these limits)
        self.host: dict[str, Builtin] = host_functions(self._host_given, limits)

    @property
    def variables(self) -> dict[str, Any]:
        """The user's variables (not the constants, not ``ans``)."""
        return {k: v for k, v in self._names.items() if k not in CONSTANTS and k not in RESULT_NAMES}

    @property
    def ans(self) -> Any:
        return self._names.get("ans")

    def set_variable(self, name: str, value: Any) -> None:
        """Set a variable from Python, with the same rules as ``name = value`` in calc."""
        _check_target(name, 0, len(name))
        self._check_not_host(name, 0, len(name))
        self._names[name] = checked_value(name, value, self._mode())
        self.functions.pop(name, None)

    def save_text(self) -> str:
        """The session's variables and functions as a calc file that :load / ``calc -i`` reads back.

        Values are written exactly, each marked with the number mode that reads it back as it
        was, whatever mode is on when loading: ints in full (any mode), floats in their shortest
        round-trip form (``# float``), fractions as ``n/d`` (``# exact``), precision-mode numbers
        with every digit they carry (``# precision N``). Variables come first: a definition's
        body is only read when the function is called.
        """
        lines = ["# calc session: load it with :load FILE or calc -i FILE"]
        for name, value in self.variables.items():
            text, mode = _saved_value(value)
            lines.append(f"{name} = {text}" + (f"  # {mode}" if mode else ""))
        for function in self.functions.values():
            lines.append(f"{function.signature} = {function.source}")
        return "\n".join(lines) + "\n"

    def load_text(self, text: str) -> list[Outcome]:
        """Run a saved session (see save_text) in this one; returns the failures.

        A line marked ``# float``, ``# exact`` or ``# precision N`` is read in that number mode;
        other lines in the session's own.
        """
        failures = []
        modes: dict[str, Any] = {}
        for number, line in enumerate(split_lines(text), 1):
            saved = self._exact, self._precision
            marker = _SAVED_MODE.search(line)
            try:
                if marker is not None:
                    self._exact, self._precision = self._saved_mode(marker.group(1), modes)
                failures.extend(o for o in self.run_line(line, number) if o.error is not None)
            except CalculatorError as error:  # a precision over the limit
                failures.append(Outcome(Statement(line, number, 0, line), "error", error=error.locate(number, 0)))
            finally:
                self._exact, self._precision = saved
        return failures

    def _saved_mode(self, marker: str, modes: dict[str, Any]) -> tuple[bool, Any]:
        """(exact, precision) for a save file's mode marker; Precision objects made once per load."""
        if marker == "float":
            return False, None
        if marker == "exact":
            return True, None
        if marker not in modes:
            digits = self._checked_precision(int(marker.split()[1]))  # the same checks as :precision N
            from .precision import Precision  # mpmath only when a saved value needs it

            modes[marker] = Precision(digits)
        return False, modes[marker]

    def clear(self) -> None:
        """Forget variables, functions and ``ans``."""
        self._names = dict(CONSTANTS)
        if self._precision is not None:
            self._names.update(self._precision.constants)
        self.functions.clear()

    # -- evaluation ---------------------------------------------------------------------------

    def evaluate(self, text: str) -> Any:
        """Run every statement of ``text``; return the last statement's value.

        Raises the first CalculatorError, with its line and column in ``text``.
        """
        last: Outcome | None = None
        for outcome in self.run(text):
            if outcome.error is not None:
                raise outcome.error
            last = outcome
        if last is None:
            raise CalcSyntaxError("empty expression", start=0)
        return last.value

    def run(self, text: str, first_line: int = 1) -> Iterator[Outcome]:
        """Run ``text`` statement by statement; failures are yielded, never raised."""
        for number, line in enumerate(split_lines(text), first_line):
            yield from self.run_line(line, number)

    def run_line(self, line: str, number: int = 1, *, explain: bool = False, lint: bool = False) -> Iterator[Outcome]:
        """Run the statements of one line of input.

        With ``explain``, each outcome carries the Explanation of its statement; with ``lint``,
        the ambiguity warnings of its statement (judged before it ran).
        """
        if len(line) > self._limits.max_input_length:
            error = self._limits.line_too_long()
            yield Outcome(Statement(line, number, 0, line), "error", error=error.locate(number, 0))
            return
        for statement in split_statements(line, number):
            warnings = self._lint_one(statement) if lint else []
            if explain:
                from .explain import Explanation  # only when explaining

                explanation = Explanation()
                outcome = self.explain_statement(statement, explanation)
                explanation.error = outcome.error
                explanation.value = outcome.value if outcome.kind in ("value", "assignment") else None
                outcome.explanation = explanation
            else:
                outcome = self.run_statement(statement)
            outcome.warnings = warnings
            yield outcome

    def _is_defined(self, name: str) -> bool:
        """Whether ``name`` has a meaning here (syntax-error hints propose only such names)."""
        if name in self._names or name in self.functions or name in BUILTINS or name in self.host:
            return True
        from .units import unit_named  # only on a syntax error's path: (1/2) m names the metre

        return unit_named(name) is not None

    def run_statement(self, statement: Statement, dispatch: Dispatch | None = None) -> Outcome:
        """Run one statement (through ``dispatch``, e.g. a recording one, if given)."""
        try:
            return self._execute(statement, parse_statement(statement.text, self._is_defined), dispatch or self._dispatch)
        except CalculatorError as error:
            return Outcome(statement, "error", error=error.locate(statement.line, statement.offset))
        except RecursionError:  # only if the caller's own stack was nearly full
            error = LimitError("the calculation nests too deeply for this thread's stack", start=0)
            return Outcome(statement, "error", error=error.locate(statement.line, statement.offset))

    def _execute(self, statement: Statement, tree: tuple, dispatch: Dispatch) -> Outcome:
        if tree[0] == "expression":
            value = self._value(tree[1], dispatch)
            self._names["ans"] = self._names["_"] = value
            return Outcome(statement, "value", value)
        target, body = tree[1], tree[2]
        if target[0] == "name":
            name = target[3]
            _check_target(name, target[1], target[2])
            self._check_not_host(name, target[1], target[2])
            if name in self.functions:  # a name is a variable or a function, not one then silently the other
                raise AssignmentError(
                    f"'{name}' is already the function {self.functions[name].signature}; give the variable another name",
                    start=target[1], end=target[2],
                )
            value = self._value(body, dispatch)
            self._names[name] = value
            self.functions.pop(name, None)
            return Outcome(statement, "assignment", value, name=name)
        if target[0] == "call":
            function = _define(target, body, statement.text)
            self._check_not_host(function.name, target[1], target[1] + len(function.name))
            if function.name in self.variables:
                raise AssignmentError(
                    f"'{function.name}' is already a variable ({self.format(self._names[function.name])}); "
                    "give the function another name",
                    start=target[1], end=target[1] + len(function.name),
                )
            saved = begin_work()
            try:
                compile_tree(body, dispatch, self._mode(), function.params, host=self.host)  # arity and nesting, here and now
            finally:
                end_work(saved)
            self.functions[function.name] = function
            self._names.pop(function.name, None)
            return Outcome(statement, "definition", function, name=function.name)
        raise AssignmentError(
            "can only assign to a name (x = ...) or define a function (f(x) = ...)", start=target[1], end=target[2]
        )

    def _value(self, tree: tuple, dispatch: Dispatch | None = None) -> Any:
        dispatch = dispatch or self._dispatch
        saved = begin_work()  # the statement's account of work (Limits.max_work): compiling too
        try:
            if self._precision is None:
                return self._run_tree(tree, dispatch, self._mode(), self._names)
            # precision mode may run the statement again at more working digits (an integer part
            # longer than N digits), in the same account; an explanation keeps the last run's steps
            mark = len(dispatch.steps) if hasattr(dispatch, "restart") else None  # a RecordingDispatch

            def attempt(mode: Any, names: Mapping[str, Any]) -> Any:
                if mark is not None:
                    dispatch.restart(mark)  # type: ignore[attr-defined]
                return self._run_tree(tree, dispatch, mode, names)

            return self._precision.evaluate(attempt, tree, self._names, self.functions, self._limits)
        finally:
            end_work(saved)

    def _run_tree(self, tree: tuple, dispatch: Dispatch, mode: Any, names: Mapping[str, Any]) -> Any:
        context = Context(names, self.functions, dispatch, mode, self.host)
        # the names cannot change while the statement runs: arithmetic on numbers skips type checks
        return run(compile_tree(tree, dispatch, mode, known=names, host=self.host), context)

    def _check_not_host(self, name: str, start: int, end: int) -> None:
        if name in self.host:
            raise AssignmentError(f"cannot assign to '{name}': it is a function the application gave calc", start=start, end=end)

    # -- explain and lint: views over the same parser and evaluator ----------------------------

    def explain(self, text: str) -> "Explanation":
        """Run ``text`` and return every call it made, as Step objects (see calculator.explain).

        Runs for real (assignments assign). Stops at the first failing statement; its steps up
        to the failure are kept and ``.error`` holds the error.
        """
        from .explain import Explanation  # only when explaining

        explanation = Explanation()
        for number, line in enumerate(split_lines(text), 1):
            for statement in split_statements(line, number):
                outcome = self.explain_statement(statement, explanation)
                if outcome.error is not None:
                    explanation.error = outcome.error
                    return explanation
                explanation.value = outcome.value
        return explanation

    def explain_statement(self, statement: Statement, explanation: "Explanation") -> Outcome:
        """Run one statement, appending its steps and its reading to ``explanation``."""
        from .explain import RecordingDispatch, statement_reading  # only when explaining

        dispatch = RecordingDispatch(self._limits, explanation)
        dispatch.line, dispatch.offset = statement.line, statement.offset
        try:
            explanation.readings.append(statement_reading(parse_statement(statement.text)))
        except CalculatorError:
            explanation.readings.append(statement.text)
        return self.run_statement(statement, dispatch)

    def lint(self, text: str) -> list["LintWarning"]:
        """Ambiguity warnings for ``text`` (see calculator.lint).

        The statements run on a copy of the session, so ``x = 3; 1/2*x`` knows x, and this
        session is left as it was.
        """
        scratch = self.copy()
        warnings: list[LintWarning] = []
        for outcome in (o for number, line in enumerate(split_lines(text), 1) for o in scratch.run_line(line, number, lint=True)):
            warnings.extend(outcome.warnings)
        return warnings

    def _lint_one(self, statement: Statement) -> list["LintWarning"]:
        from .lint import lint_statement  # only when linting

        return lint_statement(self, statement)

    def copy(self) -> "Calculator":
        """An independent session with the same variables, functions, ans and settings."""
        other = Calculator(exact=self.exact, limits=self._limits, precision=self.precision, functions=self._host_given)
        other.display = self.display
        other.show_warnings = self.show_warnings
        other._names = dict(self._names)
        other.functions = dict(self.functions)
        return other

    def preview(self, text: str) -> Any:
        """The value ``text`` would have, if it is one expression without side effects; else None.

        Nothing in the session changes (not even ``ans``), and the session's limits apply, so a
        preview of ``9^9^9^9`` is refused in microseconds.
        """
        statements = list(split_statements(text)) if "\n" not in text else []
        if len(statements) != 1 or len(text) > self._limits.max_input_length:
            return None
        try:
            tree = parse_statement(statements[0].text)
            if tree[0] != "expression":
                return None
            return self._value(tree[1])
        except (CalculatorError, RecursionError):
            return None

    @property
    def exact(self) -> bool:
        """Exact mode: decimals and / give fractions. Turning it on turns precision mode off."""
        return self._exact

    @exact.setter
    def exact(self, on: bool) -> None:
        self._exact = bool(on)
        if on and self._precision is not None:
            self.precision = None

    @property
    def precision(self) -> int | None:
        """Significant digits of decimals and builtins (None: Python floats). Uses mpmath."""
        return None if self._precision is None else self._precision.digits

    @precision.setter
    def precision(self, digits: int | None) -> None:
        if digits is None:
            self._precision = None
            self._names.update(CONSTANTS)
            return
        from .precision import Precision  # mpmath only when this mode is on

        self._precision = Precision(self._checked_precision(digits))
        self._exact = False  # one number mode at a time
        self._names.update(self._precision.constants)

    def _checked_precision(self, digits: int) -> int:
        if digits < 1:
            raise LimitError(f"precision must be at least 1 digit, not {digits} (or off: precision=None, :precision off)")
        if digits > self._limits.max_precision:
            raise self._limits.refuse(f"{digits:,} digits of precision", "max_precision", "--max-precision")
        return digits

    def _mode(self) -> Any:
        """The number mode the evaluator compiles for: a Precision, True (exact) or False."""
        return self._precision if self._precision is not None else self.exact

    @property
    def display(self) -> Display:
        """How this session writes numbers (digits, base, notation, grouping)."""
        return self._display

    @display.setter
    def display(self, display: Display) -> None:
        check_display(display)
        self._display = DEFAULT_DISPLAY if display == DEFAULT_DISPLAY else display  # format_value's fast path
        self._full_display = display._replace(digits=FULL)

    def format(self, value: Any) -> str:
        """The text calc prints for a value, in this session's display settings."""
        return format_value(value, self._display)

    def format_full(self, value: Any) -> str:
        """The text for a value in this session's display settings but with every digit, so it
        reads back as exactly the same number (for --json, and beside a rounded display)."""
        return format_value(value, self._full_display)

    def parse(self, text: str) -> "Expression":
        """Parse ``text`` once; its evaluations see this session's functions and variables."""
        from .expression import Expression

        return Expression(text, exact=self.exact, limits=self._limits, session=self, functions=self._host_given)


_SAVED_MODE = re.compile(r"#\s*(float|exact|precision [0-9]+)\s*$")


def _saved_value(value: Any) -> tuple[str, str]:
    """A variable's value as save_text writes it, and the mode marker that reads it back."""
    if hasattr(value, "_units"):  # a quantity: its magnitude as a number is saved, then its unit
        from .units import unit_text

        text, mode = _saved_value(value.magnitude)
        return f"{text} {unit_text(value._units)}", mode
    if value.__class__ is float:
        return repr(value), "float"
    if value.__class__ is Fraction:
        return format_value(value), "exact"
    if isinstance(value, int):  # ints, and precision mode's int subclass
        return format_value(value), ""
    context = getattr(value, "context", None)  # precision mode's mpf: every bit, in decimal
    if context is not None and hasattr(context, "nstr"):
        digits = int(context.prec * 0.30103) + 2  # enough decimal digits to round-trip the bits
        return context.nstr(value, digits, strip_zeros=False), f"precision {context.dps}"
    return format_value(value), ""


def _check_target(name: str, start: int, end: int) -> None:
    if name in CONSTANTS:
        raise AssignmentError(f"cannot assign to the constant '{name}'", start=start, end=end)
    if name in BUILTINS:
        raise AssignmentError(f"cannot assign to the builtin function '{name}'", start=start, end=end)
    if name in RESULT_NAMES:
        raise AssignmentError(f"cannot assign to '{name}': calc sets it to the last result", start=start, end=end)
    if not name.isidentifier() or not name.isascii():
        raise AssignmentError(f"'{name}' is not a valid name", start=start, end=end)


def _define(target: tuple, body: tuple, text: str) -> UserFunction:
    name, args = target[3], target[4]
    _check_target(name, target[1], target[1] + len(name))
    params: list[str] = []
    for arg in args:
        if arg[0] != "name":
            raise AssignmentError(
                f"the parameters of {name}() must be names, as in {name}(x, y) = ...", start=arg[1], end=arg[2]
            )
        param = arg[3]
        if param in RESERVED:
            raise AssignmentError(f"'{param}' cannot be a parameter: it is a builtin name", start=arg[1], end=arg[2])
        if param in params:
            raise AssignmentError(f"parameter '{param}' appears twice", start=arg[1], end=arg[2])
        params.append(param)
    return UserFunction(name, tuple(params), body, text[body[1] :])
