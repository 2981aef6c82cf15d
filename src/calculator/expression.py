"""One expression, parsed and compiled once, to evaluate many times with different variables."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Mapping

    from .session import Calculator

from .errors import AssignmentError, CalcSyntaxError, CalculatorError
from .evaluator import Context, UserFunction, checked_value, compile_tree, dispatch_for, free_names, run
from .functions import CONSTANTS, RESERVED
from .host import host_functions
from .limits import DEFAULT_LIMITS, Limits, begin_work, end_work
from .parser import parse_statement
from .source import Statement, split_lines, split_statements

__all__ = ["Expression"]


class Expression:
    """One expression, parsed and compiled once; ``evaluate`` it with different variables.

    Safe to evaluate from several threads at once: each evaluation has its own stack.
    """

    def __init__(
        self,
        text: str,
        *,
        exact: bool = False,
        limits: Limits | None = None,
        session: Calculator | None = None,
        functions: Mapping[str, Callable[..., Any]] | None = None,
    ) -> None:
        self.text = text
        self.exact = exact
        self.limits = limits if limits is not None else DEFAULT_LIMITS
        self._session = session
        self._host = session.host if session is not None else host_functions(functions, self.limits)
        statement = _single_statement(text, self.limits)
        try:
            tree = parse_statement(statement.text)
            if tree[0] != "expression":
                raise AssignmentError(
                    "parse() reads one expression; use a Calculator for assignments and definitions",
                    start=tree[3],
                )
            self.tree = tree[1]
            self._dispatch = dispatch_for(self.limits)
            # a session's expression reads numbers in the session's mode (precision mode's too)
            self._mode: Any = session._mode() if session is not None else exact
            self._program = compile_tree(self.tree, self._dispatch, self._mode, host=self._host)
            if session is None:
                from .codegen import Located, compile_function  # ast, only for parsed expressions

                self._located = Located
                self._fast = compile_function(self.tree, self._dispatch, exact, self._host, fallback=self._fallback)
            else:
                self._fast = None
        except CalculatorError as error:
            raise error.locate(statement.line, statement.offset) from None
        self._statement = statement
        if self._fast is not None:  # evaluate is the compiled function itself: one call
            self.evaluate = self._fast  # type: ignore[method-assign]
        #: the free names the expression reads, in order of appearance
        self.variables: tuple[str, ...] = tuple(n for n in free_names(self.tree) if n not in RESERVED)

    def evaluate(self, variables: Mapping[str, Any] | None = None, /, **more: Any) -> Any:
        """The expression's value with ``variables`` (a mapping, or keyword arguments).

        (When the expression compiles, each instance's ``evaluate`` is its compiled function,
        which runs the program below only when something is unusual.)
        """
        return self._run_program(variables, more)

    def _run_program(self, variables: Mapping[str, Any] | None, more: Mapping[str, Any]) -> Any:
        """The postfix program: every value checked, every error placed."""
        if self._session is not None:
            names = dict(self._session._names)
            functions: Mapping[str, UserFunction] = self._session.functions
        else:
            names = dict(CONSTANTS)
            functions = {}
        for source in (variables, more):
            if source:
                for name, value in source.items():
                    names[name] = checked_value(name, value, self._mode)
        saved = begin_work()
        try:
            return run(self._program, Context(names, functions, self._dispatch, self._mode, self._host))
        except CalculatorError as error:
            raise error.locate(self._statement.line, self._statement.offset) from None
        finally:
            end_work(saved)

    def _fallback(self, error: Exception, variables: Mapping[str, Any] | None, more: Mapping[str, Any]) -> Any:
        """Where the compiled function sends any exception: a host function's error is placed
        already (and must not run again); anything else is for the postfix program to say."""
        if error.__class__ is self._located:
            raise error.error.locate(self._statement.line, self._statement.offset) from error.__cause__  # type: ignore[attr-defined]
        return self._run_program(variables, more)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


def _single_statement(text: str, limits: Limits) -> Statement:
    statements = []
    for number, line in enumerate(split_lines(text), 1):
        if len(line) > limits.max_input_length:
            error = limits.line_too_long()
            raise error.locate(number, 0)
        statements.extend(split_statements(line, number))
    if len(statements) != 1:
        if not statements:
            raise CalcSyntaxError("empty expression", start=0).locate(1, 0)
        second = statements[1]
        raise CalcSyntaxError("parse() reads one expression, not several statements", start=0).locate(second.line, second.offset)
    return statements[0]
