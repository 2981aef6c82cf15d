"""Tree → value, without recursion.

``OPERATIONS`` is the one table from grammar alias to the function of calculator.basic or
calculator.advanced that implements it. ``compile_tree`` flattens a tree into a postfix program
(iteratively, checking nesting and binding each operation through a ``Dispatch``), and ``run``
executes a program with a value stack. Deep input costs list length, never Python stack.

A ``Dispatch`` decides what is called for each operation: the plain one adds only the size
checks of calculator.limits before the operations that can grow numbers fast; a recording one
(calculator.explain) wraps each call to write down its step. The loop in ``run`` is the same.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Iterable, Mapping, Sequence

from . import advanced, basic
from .basic import TOO_LARGE
from .errors import (
    ArgumentError,
    CalcMathError,
    CalculatorError,
    DivisionByZeroError,
    DomainError,
    LimitError,
    NumberTooLargeError,
    UnknownNameError,
)
from .functions import BUILTINS, CONSTANTS, Builtin
from .limits import Limits

__all__ = ["OPERATIONS", "GUARDS", "Dispatch", "compile_tree", "run", "UserFunction", "free_names"]

OPERATIONS: dict[str, Callable[..., Any]] = {
    "add": basic.add,
    "subtract": basic.subtract,
    "negate": basic.negate,
    "positive": basic.positive,
    "multiply": advanced.multiply,
    "divide": advanced.divide,
    "floor_divide": advanced.floor_divide,
    "modulo": advanced.modulo,
    "power": advanced.power,
    "factorial": advanced.factorial,
}

#: operations whose result can outgrow memory: the Limits method that estimates it first
GUARDS: dict[str, str] = {
    "multiply": "check_multiply", "power": "check_power", "factorial": "check_factorial",
    # exact fractions: a sum's denominator is the product of both, so it grows like a product
    "add": "check_sum", "subtract": "check_sum", "modulo": "check_sum", "floor_divide": "check_sum",
    "divide": "check_fraction_quotient",
}
_FRACTION_GUARDS = frozenset({"check_sum", "check_fraction_quotient"})

UNARY_KINDS = frozenset({"negate", "positive", "factorial"})

# Instruction opcodes: (opcode, argument, node). node gives the position when something fails.
# LOAD_EXACT is exact mode's LOAD: a name's int becomes a Fraction, so / of two ints is exact.
PUSH, LOAD, PARAM, UNARY, BINARY, BUILTIN, USER, LOAD_EXACT = range(8)


def as_exact(value: Any) -> Any:
    """Exact mode's view of a value from outside the program (a name, a builtin's result): an int
    is a Fraction like every literal, so that ``/`` of two of them is exact wherever they came from."""
    return Fraction(value) if value.__class__ is int else value


def exact_results(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its int results made Fractions (see as_exact); explain still names it."""

    def exactly(*args: Any) -> Any:
        r = function(*args)
        return Fraction(r) if r.__class__ is int else r

    exactly.__wrapped__ = function  # type: ignore[attr-defined]
    return exactly


class UserFunction:
    """A function the user defined: ``name(params) = body``."""

    __slots__ = ("name", "params", "body", "source", "_programs")

    def __init__(self, name: str, params: tuple[str, ...], body: tuple, source: str) -> None:
        self.name = name
        self.params = params
        self.body = body
        self.source = source  # the body's text, as typed
        self._programs: dict[tuple[int, bool], list] = {}

    def program(self, dispatch: "Dispatch", exact: bool) -> list:
        if not dispatch.cacheable:  # a recording dispatch lives for one explanation
            return compile_tree(self.body, dispatch, exact, self.params)
        key = (id(dispatch), exact)
        program = self._programs.get(key)
        if program is None:
            program = self._programs[key] = compile_tree(self.body, dispatch, exact, self.params)
        return program

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(self.params)})"


class Dispatch:
    """What each operation calls: the OPERATIONS function, after its size check if it has one."""

    #: programs compiled against this dispatch may be kept (shared dispatches live for ever)
    cacheable = True

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._operations = {kind: self._guarded(OPERATIONS[kind], GUARDS.get(kind)) for kind in OPERATIONS}
        self._builtins = {b: self._guarded(b.function, b.guard) for b in BUILTINS.values()}

    def _guarded(self, function: Callable[..., Any], guard: str | None) -> Callable[..., Any]:
        if guard is None:
            return function
        check = getattr(self.limits, guard)
        if guard in _FRACTION_GUARDS:

            def checked_fractions(a: Any, b: Any) -> Any:
                if a.__class__ is Fraction or b.__class__ is Fraction:  # only fractions grow here
                    check(a, b)
                return function(a, b)

            checked_fractions.__wrapped__ = function  # type: ignore[attr-defined]
            checked_fractions.skip_guard_for_floats = function  # type: ignore[attr-defined]  # see codegen
            return checked_fractions
        if guard in ("check_multiply", "check_power"):

            def checked_pair(a: Any, b: Any) -> Any:
                if a.__class__ is not float and b.__class__ is not float:  # floats cannot grow unboundedly
                    check(a, b)
                return function(a, b)

            checked_pair.__wrapped__ = function  # type: ignore[attr-defined]
            checked_pair.skip_guard_for_floats = function  # type: ignore[attr-defined]  # see codegen
            return checked_pair

        def checked(*args: Any) -> Any:
            check(*args)
            return function(*args)

        checked.__wrapped__ = function  # type: ignore[attr-defined]
        return checked

    # Hooks a recording dispatch overrides; `node` is where the operation stands in the source.
    def operation(self, kind: str, node: tuple) -> Callable[..., Any]:
        return self._operations[kind]

    def builtin(self, builtin: Builtin, node: tuple) -> Callable[..., Any]:
        function = self._builtins.get(builtin)
        if function is None:  # another number mode's version of the builtin
            function = self._builtins[builtin] = self._guarded(builtin.function, builtin.guard)
        return function

    def call_user(self, function: UserFunction, args: tuple, node: tuple, body: Callable[[], Any]) -> Any:
        return body()


def compile_tree(tree: tuple, dispatch: Dispatch, exact: bool, params: Sequence[str] = ()) -> list:
    """Flatten ``tree`` into a postfix program, iteratively. Checks nesting and builtin arity."""
    program: list = []
    emit = program.append
    max_nesting = dispatch.limits.max_nesting
    builtins = getattr(exact, "builtins", BUILTINS)  # precision mode brings its own
    load = LOAD_EXACT if exact is True else LOAD
    todo: list = [(tree, 0)]
    pop, push = todo.pop, todo.append
    while todo:
        item, depth = pop()
        kind = item[0]
        if kind.__class__ is int:  # an instruction whose operands are already emitted
            emit(item)
            continue
        if kind == "number":
            if item[3].__class__ is int and item[3].bit_length() > 64:
                _check_int_literal(item, dispatch.limits)
            elif exact is True and item[3].__class__ is float:
                _check_exact_literal(item, dispatch.limits)
            emit((PUSH, _literal(item, exact), item))
        elif kind == "name":
            name = item[3]
            if name in params:
                emit((PARAM, params.index(name), item))
            else:
                emit((load, name, item))
        elif kind in OPERATIONS:
            if kind in UNARY_KINDS:
                push(((UNARY, dispatch.operation(kind, item), item), depth))
                push((item[3], depth))
            else:
                push(((BINARY, dispatch.operation(kind, item), item), depth))
                push((item[4], depth))
                push((item[3], depth))
        elif kind == "group":
            if depth >= max_nesting:
                raise _too_deep(dispatch.limits, item)
            push((item[3], depth + 1))
        elif kind == "call":
            if depth >= max_nesting:
                raise _too_deep(dispatch.limits, item)
            name, args = item[3], item[4]
            builtin = builtins.get(name)
            if builtin is not None:
                _check_arity(builtin, len(args), item)
                function = dispatch.builtin(builtin, item)
                if exact is True:
                    function = exact_results(function)
                push(((BUILTIN, (function, len(args), builtin), item), depth))
            else:
                push(((USER, (name, len(args)), item), depth))
            for arg in reversed(args):
                push((arg, depth + 1))
        else:  # pragma: no cover - the parser makes no other kinds
            raise CalculatorError(f"internal error: unknown node {kind!r}")
    return program


def _literal(node: tuple, mode: Any) -> Any:
    """A number literal's value in the number mode: False (floats), True (exact) or a Precision."""
    value, text = node[3], node[4]
    if mode is True:
        return Fraction(value) if value.__class__ is int else Fraction(text.replace("_", ""))
    if mode is not False:
        return mode.literal(value, text)
    if value.__class__ is float and value - value:
        raise NumberTooLargeError(f"{text} is too large for a float (--exact reads it exactly)", start=node[1], end=node[2])
    return value


def _check_int_literal(node: tuple, limits: Limits) -> None:
    """A literal (0xfff…) is held to the same digit limit as a result."""
    try:
        limits.check_digits(node[3].bit_length() * 0.30102999566398120)
    except LimitError as error:
        raise error.at(node[1], node[2]) from None


def _check_exact_literal(node: tuple, limits: Limits) -> None:
    """1e99999999999 is exact in exact mode: count its digits before Fraction writes them out."""
    mantissa, _, exponent = node[4].lower().replace("_", "").partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    if not digits:
        return  # zero
    scale = int(exponent or 0) - len(fraction)  # the value is int(digits) * 10**scale
    stripped = digits.rstrip("0")
    scale += len(digits) - len(stripped)
    # numerator digits, or the denominator 10**-scale's (it keeps them: no factor 10 is left to cancel)
    size = len(stripped) + scale if scale >= 0 else max(len(stripped), 1 - scale)
    if size > limits.max_digits:
        error = limits.refuse(f"the number {node[4]} would have {size:,} digits", "max_digits", "--max-digits")
        raise error.at(node[1], node[2])


def _check_arity(builtin: Builtin, count: int, node: tuple) -> None:
    low, high = builtin.min_args, builtin.max_args
    if low <= count and (high is None or count <= high):
        return
    if high is None:
        wanted = f"at least {low} argument{'s' if low != 1 else ''}"
    elif low == high:
        wanted = f"{low} argument{'s' if low != 1 else ''}"
    else:
        wanted = f"{low} to {high} arguments"
    raise ArgumentError(f"{builtin.name}() takes {wanted}, not {count}", start=node[1], end=node[2])


def _too_deep(limits: Limits, node: tuple) -> LimitError:
    error = limits.refuse("parentheses and calls nest too deeply", "max_nesting", "--max-nesting")
    return error.at(node[1], node[2])  # type: ignore[return-value]


class Context:
    """What a running program reads: the session's names, user functions, and call depth."""

    __slots__ = ("names", "functions", "dispatch", "exact", "depth", "calls")

    def __init__(self, names: Mapping[str, Any], functions: Mapping[str, UserFunction], dispatch: Dispatch, exact: bool) -> None:
        self.names = names
        self.functions = functions
        self.dispatch = dispatch
        self.exact = exact
        self.depth = 0
        self.calls = 0  # user-function calls so far in this evaluation


def run(program: list, context: Context, args: tuple = ()) -> Any:
    """Execute a postfix program. Every failure leaves as a CalculatorError placed on its node."""
    stack: list = []
    push, pop = stack.append, stack.pop
    names = context.names
    instr: Any = None
    try:
        for instr in program:
            op = instr[0]
            if op == PUSH:
                push(instr[1])
            elif op == BINARY:
                b = pop()
                stack[-1] = instr[1](stack[-1], b)  # the operations refuse inf themselves
            elif op == LOAD:
                try:
                    push(names[instr[1]])
                except KeyError:
                    raise _unknown_name(instr[1], context) from None
            elif op == UNARY:
                stack[-1] = instr[1](stack[-1])
            elif op == PARAM:
                push(args[instr[1]])
            elif op == BUILTIN:
                function, count, _ = instr[1]
                call_args = stack[len(stack) - count :]
                del stack[len(stack) - count :]
                try:
                    r = function(*call_args)
                except ValueError:
                    raise _domain_error(instr[1][2], call_args) from None
                if r.__class__ is float and r - r:  # no builtin returns inf or nan
                    raise NumberTooLargeError(TOO_LARGE)
                push(r)
            elif op == LOAD_EXACT:
                try:
                    value = names[instr[1]]
                except KeyError:
                    raise _unknown_name(instr[1], context) from None
                push(Fraction(value) if value.__class__ is int else value)
            else:  # USER
                name, count = instr[1]
                call_args = tuple(stack[len(stack) - count :])
                del stack[len(stack) - count :]
                push(_call_user(name, call_args, instr[2], context))
        return stack[-1]
    except CalculatorError as error:
        if instr is not None:
            error.at(instr[2][1], instr[2][2])
        raise
    except Exception as exc:  # noqa: BLE001 - every failure must leave as a CalculatorError
        raise _translate(exc, instr).at(instr[2][1], instr[2][2]) from None


def _call_user(name: str, args: tuple, node: tuple, context: Context) -> Any:
    function = context.functions.get(name)
    if function is None:
        if name in context.names:
            raise UnknownNameError(f"'{name}' is a variable, not a function")
        raise _unknown_name(name, context, function=True)
    if len(args) != len(function.params):
        count = len(function.params)
        raise ArgumentError(f"{function.signature} takes {count} argument{'s' if count != 1 else ''}, not {len(args)}")
    limits = context.dispatch.limits
    if context.depth >= limits.max_call_depth:
        raise limits.refuse(f"calls of user functions nest more than {limits.max_call_depth:,} deep", "max_call_depth", "--max-call-depth")
    context.calls += 1
    if context.calls > limits.max_calls:  # f(x) = g(g(x)) ten levels down is 2^10 calls
        raise limits.refuse(f"more than {limits.max_calls:,} calls of user functions", "max_calls", "--max-calls")
    context.depth += 1
    try:
        program = function.program(context.dispatch, context.exact)
        return context.dispatch.call_user(function, args, node, lambda: run(program, context, args))
    except CalculatorError as error:
        # The position inside the body means nothing on the caller's line: point at the call,
        # and name the function the failure happened in (only the innermost one).
        if isinstance(error, LimitError) or getattr(error, "in_function", False):
            message = error.message
        else:
            message = f"{error.message} (in {function.signature} = {function.source})"
        moved = type(error)(message)
        moved.in_function = True  # type: ignore[attr-defined]
        raise moved from None
    finally:
        context.depth -= 1


def _translate(exc: BaseException, instr: Any) -> CalculatorError:
    """Python's arithmetic exceptions → calc's, worded for a person."""
    where = _operation_name(instr)
    if isinstance(exc, ZeroDivisionError):
        return DivisionByZeroError(advanced.DIVIDE_BY_ZERO)
    if isinstance(exc, OverflowError):
        return NumberTooLargeError(f"{where}: the number is too large for a float" if where else "the number is too large for a float")
    if isinstance(exc, ValueError):
        return DomainError(f"{where}: {exc}" if where else str(exc))
    if isinstance(exc, (RecursionError, MemoryError)):
        return LimitError("the calculation is too large to finish")
    if isinstance(exc, TypeError):
        return CalcMathError(f"{where}: unsupported operand" if where else "unsupported operand")
    return CalculatorError(f"internal error: {type(exc).__name__}: {exc}")


def _domain_error(builtin: Builtin, args: list) -> DomainError:
    from .display import format_value

    shown = ", ".join(format_value(a) for a in args)
    domain = f": {builtin.domain}" if builtin.domain else ""
    return DomainError(f"{builtin.name}({shown}) is undefined{domain}")


def _operation_name(instr: Any) -> str:
    if instr is None:
        return ""
    node = instr[2]
    return node[3] if node[0] == "call" else node[0].replace("_", " ")


def _unknown_name(name: str, context: Context, function: bool = False) -> UnknownNameError:
    if name in ("ans", "_") and not function:
        return UnknownNameError(f"'{name}' has no value yet: it is the last result, and there is none")
    if name in BUILTINS and not function:
        return UnknownNameError(f"'{name}' is a function; call it as {BUILTINS[name].name}(...)")
    known: Iterable[str] = list(BUILTINS) + list(context.functions) if function else [
        n for n in context.names if not n.startswith("__")
    ] + list(BUILTINS)
    import difflib  # only when a name is unknown

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    what = "function" if function else "name"
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return UnknownNameError(f"unknown {what} '{name}'{hint}")


def free_names(tree: tuple) -> list[str]:
    """Names a tree reads (in order of first appearance), other than constants and functions."""
    seen: dict[str, None] = {}
    todo = [tree]
    while todo:
        node = todo.pop()
        kind = node[0]
        if kind == "name":
            if node[3] not in CONSTANTS:
                seen[node[3]] = None
        elif kind == "call":
            todo.extend(reversed(node[4]))
        elif kind == "group" or kind in UNARY_KINDS:
            todo.append(node[3])
        elif kind in OPERATIONS:
            todo.append(node[4])
            todo.append(node[3])
    return list(seen)
