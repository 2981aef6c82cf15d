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

import math
from fractions import Fraction
from itertools import islice
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Mapping, Sequence

from . import _state, advanced, basic
from .basic import TOO_LARGE
from .errors import (
    ArgumentError,
    AssignmentError,
    CalcSyntaxError,
    CalcMathError,
    CalculatorError,
    DivisionByZeroError,
    DomainError,
    CalcTypeError,
    LimitError,
    NumberTooLargeError,
    UnknownNameError,
)
from .functions import BUILTINS, CONSTANTS, RESULT_NAMES, Builtin
from .limits import CHEAP_BITS, Limits
from .tree import COMPARISONS, LOGIC, UNARY_KINDS, children

__all__ = [
    "OPERATIONS", "GUARDS", "Dispatch", "compile_tree", "run", "UserFunction", "free_names", "is_number",
    "dispatch_for", "checked_value",
]

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
    # comparisons and not: order and truth, next to the additive basics (see basic.py)
    "less": basic.less,
    "less_equal": basic.less_equal,
    "greater": basic.greater,
    "greater_equal": basic.greater_equal,
    "equal": basic.equal,
    "not_equal": basic.not_equal,
    "logical_not": basic.logical_not,
    # a quantity to another unit (x to m/s): a product with an exact factor, so it is advanced's;
    # and a magnitude given its unit (381/1250 m: the fraction is computed first)
    "convert": advanced.convert,
    "quantity": advanced.quantity,
}

#: operations whose result can outgrow memory: the Limits method that estimates it first
GUARDS: dict[str, str] = {
    "multiply": "check_multiply", "power": "check_power", "factorial": "check_factorial",
    # exact fractions: a sum's denominator is the product of both, so it grows like a product
    "add": "check_sum", "subtract": "check_sum", "modulo": "check_sum", "floor_divide": "check_sum",
    "divide": "check_fraction_quotient",
}
_FRACTION_GUARDS = frozenset({"check_sum", "check_fraction_quotient"})

#: operations that check their operands' types themselves (the others take numbers only)
_TYPED_KINDS = frozenset(COMPARISONS) | {"logical_not"}
#: nodes that can only be numbers: literals and arithmetic (which refuses booleans)
_NUMERIC_KINDS = frozenset({"number"}) | (frozenset(OPERATIONS) - _TYPED_KINDS)

# Instruction opcodes: (opcode, argument, node). node gives the position when something fails.
# LOAD_EXACT is exact mode's LOAD: a name's int becomes a Fraction, so / of two ints is exact.
# The jumps skip forward over the instructions of a branch not taken (argument: how many).
PUSH, LOAD, PARAM, UNARY, BINARY, BUILTIN, USER, LOAD_EXACT = range(8)
COMPARE, JUMP_IF_FALSE, JUMP, AND_JUMP, OR_JUMP, CHECK_BOOL = range(8, 14)
_MARK = -1  # compile time only: an action that places or patches a jump


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
        self._programs: dict[tuple, list] = {}

    def program(self, dispatch: "Dispatch", exact: bool, host: Mapping[str, Builtin] | None = None) -> list:
        # a recording dispatch lives for one explanation: its programs are kept on it, not here
        programs = self._programs if dispatch.cacheable else dispatch.programs
        key = (id(dispatch) if dispatch.cacheable else id(self), exact, id(host) if host else 0)
        program = programs.get(key)
        if program is None:
            program = programs[key] = compile_tree(self.body, dispatch, exact, self.params, host=host)
        return program

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(self.params)})"


class Dispatch:
    """What each operation calls: the OPERATIONS function, after its size check if it has one."""

    #: programs compiled against this dispatch may be kept (shared dispatches live for ever)
    cacheable = True

    #: enter_user / leave_user are called around each user-function call (a recording dispatch)
    traces_calls = False

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._operations = {kind: self._guarded(OPERATIONS[kind], GUARDS.get(kind)) for kind in OPERATIONS}
        self._builtins = {b: self._guarded(b.function, b.guard) for b in BUILTINS.values()}
        self._numbers_only: dict[Any, Callable[..., Any]] = {}
        self.programs: dict = {}  # user-function programs of a dispatch that is not cacheable

    def _guarded(self, function: Callable[..., Any], guard: str | None) -> Callable[..., Any]:
        if guard is None:
            return function
        check = getattr(self.limits, guard)
        if guard in _FRACTION_GUARDS:
            divides = function in (advanced.floor_divide, advanced.modulo)
            charge_division = self.limits.charge_division

            def checked_fractions(a: Any, b: Any) -> Any:
                if a.__class__ is Fraction or b.__class__ is Fraction:  # only fractions grow here
                    check(a, b)
                elif divides and a.__class__ is int and a.bit_length() > CHEAP_BITS and b.__class__ is int:
                    charge_division(a, b)  # a big int's long division takes time, not space
                elif a.__class__ is not float and a.__class__ is not int and hasattr(a, "_magnitude"):
                    check(a, b)  # a quantity: its magnitude is a number like any other
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
        if builtin.host:  # the application's own: checked by its wrapper, not kept here
            return builtin.function
        function = self._builtins.get(builtin)
        if function is None:  # another number mode's version of the builtin
            function = self._builtins[builtin] = self._guarded(builtin.function, builtin.guard)
        return function

    def enter_user(self, function: UserFunction, args: tuple, node: tuple) -> None:
        """A user function is called (only when ``traces_calls``)."""

    def leave_user(self, function: UserFunction, result: Any) -> None:
        """It returned ``result`` (only when ``traces_calls``)."""

    def branch(self, word: str, value: bool, node: tuple) -> None:
        """An ``if`` took a branch, or an ``and``/``or`` skipped its right side because its left
        side (``node``) decided it (only when ``traces_calls``)."""

    def numbers_only(self, what: str, function: Callable[..., Any], key: Any = None) -> Callable[..., Any]:
        """``function`` refusing booleans (for operands the compiler cannot prove are numbers).

        ``key`` caches the wrapper (a plain dispatch's functions live as long as it does).
        """
        wrapper = self._numbers_only.get(key) if key is not None else None
        if wrapper is None:
            wrapper = _numbers_only(what, function)
            if key is not None and self.cacheable:
                self._numbers_only[key] = wrapper
        return wrapper


def _numbers_only(what: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def numbers_only(*args: Any) -> Any:
        for arg in args:
            if arg.__class__ is bool:
                raise CalcTypeError(basic.not_a_number(what, arg))
        return function(*args)

    numbers_only.__wrapped__ = function  # type: ignore[attr-defined]
    return numbers_only


def is_number(node: tuple, known: Any) -> bool:
    """True when ``node`` can only be a number (so its consumer needs no type check).

    ``known``: True when every name is a number (codegen checks them on entry), a mapping of the
    names as they are while this program runs, or None when names may hold anything.
    """
    while node[0] == "group":
        node = node[3]
    kind = node[0]
    if kind in _NUMERIC_KINDS:
        return True  # arithmetic refuses booleans, so what it gives is a number
    if kind == "call":
        return node[3] in BUILTINS
    if kind == "name":
        name = node[3]
        if name in CONSTANTS or known is True:
            return True
        return known is not None and name in known and known[name].__class__ is not bool
    return False


_dispatches: dict[Limits, Dispatch] = {}


def dispatch_for(limits: Limits) -> Dispatch:
    """One shared Dispatch per Limits value (a Dispatch holds no per-session state)."""
    dispatch = _dispatches.get(limits)
    if dispatch is None:
        dispatch = _dispatches[limits] = Dispatch(limits)
    return dispatch


def checked_value(name: str, value: Any, mode: Any = None) -> Any:
    """A variable's value from Python, as calc takes it: a number or a boolean, finite; a
    quantity of calc's registry, whose int magnitude becomes the number ``mode`` gives quantities
    (a float, a Fraction in exact mode, precision mode's decimal), as a literal's would."""
    if value.__class__ is bool:
        return value
    if hasattr(value, "_units") and hasattr(value, "_magnitude"):  # a pint quantity (pint is imported)
        from .units import adopt, one, registry

        checked_value(name, value.magnitude)
        if value._REGISTRY is not registry():
            value = adopt(value)
        if value._magnitude.__class__ is int and mode is not None:
            value = registry().Quantity(value._magnitude * one(mode), value._units)
        return value
    if not isinstance(value, (int, float, Fraction)):
        raise AssignmentError(f"variable '{name}' must be a number or a boolean, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise AssignmentError(f"variable '{name}' must be finite, not {value!r}")
    return value


def compile_tree(
    tree: tuple,
    dispatch: Dispatch,
    exact: bool,
    params: Sequence[str] = (),
    known: Any = None,
    host: Mapping[str, Builtin] | None = None,
) -> list:
    """Flatten ``tree`` into a postfix program, iteratively. Checks nesting and builtin arity.

    ``known``: the names as they will be while the program runs (see is_number), so that
    arithmetic on names that hold numbers skips the boolean check. ``host``: the functions the
    application gave (calculator.host), called like builtins.
    """
    program: list = []
    emit = program.append
    max_nesting = dispatch.limits.max_nesting
    builtins = getattr(exact, "builtins", BUILTINS)  # precision mode brings its own
    load = LOAD_EXACT if exact is True else LOAD
    # the plain dispatch's table, read directly (a recording dispatch wraps each operation)
    plain = dispatch._operations if dispatch.__class__ is Dispatch else None
    todo: list = [(tree, 0)]
    pop, push = todo.pop, todo.append
    while todo:
        item, depth = pop()
        kind = item[0]
        if kind.__class__ is int:  # an instruction whose operands are already emitted
            if kind == _MARK:
                item[1]()
            else:
                emit(item)
            continue
        if kind == "number":
            value = item[3]
            if value.__class__ is int:
                if value.bit_length() > 64:
                    _check_int_literal(item, dispatch.limits)
                if exact is not False:
                    value = _literal(item, exact)
            elif exact is not False or value - value:  # another mode's value, or a float's inf
                if exact is True:
                    _check_exact_literal(item, dispatch.limits)  # and charges writing out its digits
                value = _literal(item, exact)
            emit((PUSH, value, item))
        elif kind == "name":
            name = item[3]
            if name in params:
                emit((PARAM, params.index(name), item))
            else:
                emit((load, name, item))
        elif kind == "quantity":  # 9 km: a constant, or (from 381/1250 m) a magnitude times its unit
            value = quantity_literal(item, exact, dispatch.limits, known, params)
            if item[3][0] == "number":
                emit((PUSH, value, item))
            else:  # 340/9 degC: the magnitude computed, then given its unit (not multiplied: degC)
                push(((BINARY, dispatch.operation("quantity", item), item), depth))
                push(((PUSH, value._units, item[4]), depth))
                push((item[3], depth))
        elif kind == "convert":  # x to m/s: the value, the target unit, then the conversion
            from .units import unit_of

            target = unit_of(item[4])
            push(((BINARY, dispatch.operation("convert", item), item), depth))
            push(((PUSH, target, item[4]), depth))
            push((item[3], depth))
        elif kind in OPERATIONS:
            function = plain[kind] if plain is not None else dispatch.operation(kind, item)
            if kind in UNARY_KINDS:
                if kind not in _TYPED_KINDS and not (item[3][0] in _NUMERIC_KINDS or is_number(item[3], known)):
                    function = dispatch.numbers_only(kind, function, kind)
                push(((UNARY, function, item), depth))
                push((item[3], depth))
            else:
                left, right = item[3], item[4]
                if not (
                    (left[0] in _NUMERIC_KINDS or is_number(left, known)) and (right[0] in _NUMERIC_KINDS or is_number(right, known))
                ):
                    function = dispatch.numbers_only(kind, function, kind)
                push(((BINARY, function, item), depth))
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
            if builtin is None and host:
                builtin = host.get(name)
            if builtin is not None:
                _check_arity(builtin, len(args), item)
                function = dispatch.builtin(builtin, item)
                if not builtin.host and not all(is_number(arg, known) for arg in args):
                    function = dispatch.numbers_only(f"{name}()", function, builtin)
                if exact is True:
                    function = exact_results(function)
                push(((BUILTIN, (function, len(args), builtin), item), depth))
            else:
                push(((USER, (name, len(args)), item), depth))
            for arg in reversed(args):
                push((arg, depth + 1))
        elif kind == "boolean":
            emit((PUSH, item[3], item))
        else:
            if depth >= max_nesting:  # conditionals and logic nest like parentheses ...
                raise _too_deep(dispatch.limits, item)
            # ... except along a chain: an else-if table or a run of and/or is flat, like a long
            # sum (nothing recurses on it), so its else branch / left side keeps this depth
            flat = item[5] if kind == "conditional" else item[3] if kind in LOGIC else None
            for entry in reversed(_control_flow(item, dispatch, program)):
                if entry[0].__class__ is str:
                    push((entry, depth if entry is flat else depth + 1))
                else:
                    push((entry, depth))
    return program


def _control_flow(item: tuple, dispatch: Dispatch, program: list) -> list:
    """What a conditional, an and/or or a comparison chain compiles to, in order: the operand
    trees, with actions between them that place the jumps and patch their lengths once the
    code they skip has been emitted."""
    kind = item[0]
    placed: list[int] = []

    def place(opcode: int, argument: Any = None, node: tuple = item) -> tuple:
        def action() -> None:
            placed.append(len(program))
            program.append((opcode, argument, node))

        return (_MARK, action)

    def patch(index: int, opcode: int, argument: Any = None) -> tuple:
        """Set the skip of the jump placed index-th: to here (where the next instruction goes)."""

        def action() -> None:
            at = placed[index]
            skip = len(program) - at - 1
            program[at] = (opcode, skip if argument is None else (argument, skip), program[at][2])

        return (_MARK, action)

    if kind == "conditional":
        # condition, JUMP_IF_FALSE → else, then, JUMP → end, else
        return [item[3], place(JUMP_IF_FALSE, node=item[3]), item[4], place(JUMP), patch(0, JUMP_IF_FALSE), item[5], patch(1, JUMP)]
    if kind in ("logical_and", "logical_or"):
        # left, AND_JUMP/OR_JUMP → end (keeping the left value), right, CHECK_BOOL
        opcode = AND_JUMP if kind == "logical_and" else OR_JUMP
        check = (_MARK, lambda: program.append((CHECK_BOOL, kind, item[4])))
        return [item[3], place(opcode, node=item[3]), item[4], check, patch(0, opcode)]
    if kind == "compare":
        # a, b, COMPARE(less, skip → end), c, COMPARE(less, None): a false link skips the rest
        operands, kinds, offsets = item[3], item[4], item[5]
        links = len(kinds)
        entries: list = [operands[0]]
        # each link a node of its own, as if binary: errors and explain point at its operator
        nodes = [(kinds[i], operands[i][1], operands[i + 1][2], operands[i], operands[i + 1], offsets[i]) for i in range(links)]
        functions = [dispatch.operation(k, node) for k, node in zip(kinds, nodes)]
        for i in range(links):
            entries.append(operands[i + 1])
            if i < links - 1:
                entries.append(place(COMPARE, node=nodes[i]))
            else:
                entries.append((_MARK, lambda: program.append((COMPARE, (functions[-1], None), nodes[-1]))))
        entries.extend(patch(i, COMPARE, functions[i]) for i in range(links - 1))
        return entries
    raise CalculatorError(f"internal error: unknown node {kind!r}")  # pragma: no cover


def quantity_literal(node: tuple, mode: Any, limits: Limits, known: Any = None, params: Sequence[str] = ()) -> Any:
    """A quantity node's value when its magnitude is a number literal (``9 km``); for any other
    magnitude (``381/1250 m``), one of its unit, which the magnitude multiplies. Float mode's
    magnitudes are floats. A name that is a variable, parameter or constant is not a unit:
    ``2 x`` stays the missing operator it always was."""
    from .units import one, registry, unit_of

    name, _, start, end = node[4][3][0]
    if name in params or name in CONSTANTS or (known is not None and known is not True and name in known):
        number = node[3][4] if node[3][0] == "number" else "…"
        raise CalcSyntaxError(
            f"missing operator before '{name}': calc has no implicit multiplication; write {number}*{name}",
            start=start, end=end,
        )
    unit = unit_of(node[4], after_number=True)
    magnitude = node[3]
    if magnitude[0] != "number":
        return registry().Quantity(one(mode), unit)
    value = magnitude[3]
    if value.__class__ is int and value.bit_length() > 64:
        _check_int_literal(magnitude, limits)
    elif value.__class__ is float and mode is True:
        _check_exact_literal(magnitude, limits)
    value = _literal(magnitude, mode)
    if mode is not True and mode is not False and isinstance(value, int):
        value = mode.mpf(value)  # precision mode's magnitudes are its decimals, as float mode's are floats
    elif value.__class__ is int:  # float mode: quantities have float magnitudes
        try:
            value = float(value)
        except OverflowError:
            raise NumberTooLargeError(f"{magnitude[4]} is too large for a float", start=magnitude[1], end=magnitude[2]) from None
    return registry().Quantity(value, unit)


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
    if size > 1000:  # 1e99999 is 10**99999 written out: a power's work, charged like one
        try:
            limits.charge_digits(size)
        except LimitError as error:
            raise error.at(node[1], node[2]) from None


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

    __slots__ = ("names", "functions", "dispatch", "exact", "depth", "calls", "host")

    def __init__(
        self,
        names: Mapping[str, Any],
        functions: Mapping[str, UserFunction],
        dispatch: Dispatch,
        exact: bool,
        host: Mapping[str, Builtin] | None = None,
    ) -> None:
        self.names = names
        self.functions = functions
        self.dispatch = dispatch
        self.exact = exact
        self.host = host
        self.depth = 0
        self.calls = 0  # user-function calls so far in this evaluation


def run(program: list, context: Context, args: tuple = ()) -> Any:
    """Execute a postfix program. Every failure leaves as a CalculatorError placed on its node.

    A call of a user function does not recurse in Python: the caller's frame (its place in its
    program, its stack and arguments) is kept on a list and the callee's program runs in the
    same loop, so recursion 10,000 deep costs a list of 10,000 frames, not Python's stack.
    """
    stack: list = []
    push, pop = stack.append, stack.pop
    names = context.names
    frames: list = []  # callers waiting for a user function: (iterator, stack, args, instr, function)
    iterator = iter(program)
    instr: Any = None
    try:
        while True:
            for instr in iterator:
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
                        push(_unit_or_unknown(instr[1], context))
                elif op == UNARY:
                    stack[-1] = instr[1](stack[-1])
                elif op == PARAM:
                    push(args[instr[1]])
                elif op == BUILTIN:
                    function, count, builtin = instr[1]
                    call_args = stack[len(stack) - count :]
                    del stack[len(stack) - count :]
                    if _state.units_in_use and not builtin.host and any(hasattr(a, "_units") for a in call_args):
                        from .units import call_builtin  # sqrt(49 m^2): the unit's meaning first

                        r = call_builtin(builtin, function, call_args)
                    else:
                        try:
                            r = function(*call_args)
                        except ValueError:
                            raise builtin.undefined(call_args) from None
                    if r.__class__ is float and r - r:  # no builtin returns inf or nan
                        raise NumberTooLargeError(TOO_LARGE)
                    push(r)
                elif op == LOAD_EXACT:
                    try:
                        value = names[instr[1]]
                    except KeyError:
                        value = _unit_or_unknown(instr[1], context)
                    push(Fraction(value) if value.__class__ is int else value)
                elif op == COMPARE:
                    function, skip = instr[1]
                    b = pop()
                    r = function(stack[-1], b)
                    if skip is None:  # the chain's last link
                        stack[-1] = r
                    elif r:
                        stack[-1] = b  # the next link's left operand, evaluated once
                    else:
                        stack[-1] = False
                        next(islice(iterator, skip, skip), None)
                elif op == JUMP_IF_FALSE:
                    condition = pop()
                    if condition is False:
                        next(islice(iterator, instr[1], instr[1]), None)
                    elif condition is not True:
                        raise CalcTypeError(basic.not_a_condition("if", condition))
                    if context.dispatch.traces_calls:
                        context.dispatch.branch("if", condition, instr[2])
                elif op == JUMP:
                    next(islice(iterator, instr[1], instr[1]), None)
                elif op == AND_JUMP or op == OR_JUMP:
                    left = stack[-1]
                    if left.__class__ is not bool:
                        raise CalcTypeError(basic.not_a_condition("and" if op == AND_JUMP else "or", left))
                    if left is (op == OR_JUMP):  # false and …, true or …: decided, skip the right
                        next(islice(iterator, instr[1], instr[1]), None)
                        if context.dispatch.traces_calls:
                            context.dispatch.branch("and" if op == AND_JUMP else "or", left, instr[2])
                    else:
                        pop()
                elif op == CHECK_BOOL:
                    if stack[-1].__class__ is not bool:
                        raise CalcTypeError(basic.not_a_condition("and" if instr[1] == "logical_and" else "or", stack[-1]))
                else:  # USER: run the callee's program in this loop
                    name, count = instr[1]
                    call_args = tuple(stack[len(stack) - count :])
                    del stack[len(stack) - count :]
                    function = _enter_user(name, call_args, instr[2], context)
                    frames.append((iterator, stack, args, instr, function))
                    stack, args = [], call_args
                    push, pop = stack.append, stack.pop
                    iterator = iter(function.program(context.dispatch, context.exact, context.host))
                    break
            else:  # this program ended: its value goes back to the caller, if any
                result = stack[-1]
                if not frames:
                    return result
                iterator, stack, args, instr, function = frames.pop()
                push, pop = stack.append, stack.pop
                context.depth -= 1
                if context.dispatch.traces_calls:
                    context.dispatch.leave_user(function, result)
                push(result)
    except CalculatorError as error:  # the cause stays: a host function's own exception
        raise _from_frames(error, instr, frames, context) from error.__cause__
    except Exception as exc:  # noqa: BLE001 - every failure must leave as a CalculatorError
        error = _translate(exc, instr)
        raise _from_frames(error, instr, frames, context) from None


def _from_frames(error: CalculatorError, instr: Any, frames: list, context: Context) -> CalculatorError:
    """Place an error: inside user functions, at the outermost call (the position that means
    something on the caller's line), naming the innermost function it happened in."""
    if not frames:
        if instr is not None:
            error.at(instr[2][1], instr[2][2])
        return error
    context.depth -= len(frames)
    function = frames[-1][4]
    if isinstance(error, LimitError) or getattr(error, "in_function", False):
        message = error.message
    else:
        message = f"{error.message} (in {function.signature} = {function.source})"
    moved = type(error)(message)
    moved.in_function = True  # type: ignore[attr-defined]
    node = frames[0][3][2]
    return moved.at(node[1], node[2])


#: work units a call of a user function costs (about 5 microseconds: frames and a program)
_CALL_WORK = 5


def _enter_user(name: str, args: tuple, node: tuple, context: Context) -> UserFunction:
    """The user function a call runs, after its arity and the call limits are checked."""
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
        raise limits.refuse(
            f"calls of user functions nest more than {limits.max_call_depth:,} deep (does the recursion reach its base case?)",
            "max_call_depth",
            "--max-call-depth",
        )
    context.calls += 1
    limits.charge(_CALL_WORK)
    if context.calls > limits.max_calls:  # f(x) = g(g(x)) ten levels down is 2^10 calls
        raise limits.refuse(f"more than {limits.max_calls:,} calls of user functions", "max_calls", "--max-calls")
    context.depth += 1
    if context.dispatch.traces_calls:
        context.dispatch.enter_user(function, args, node)
    return function


def _translate(exc: BaseException, instr: Any) -> CalculatorError:
    """Python's arithmetic exceptions → calc's, worded for a person."""
    where = _operation_name(instr)
    if type(exc).__module__.startswith("pint"):  # units in use: pint's error in calc's words
        from .units import translate

        return translate(exc, where.replace(" ", "_"))
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


def _operation_name(instr: Any) -> str:
    if instr is None:
        return ""
    node = instr[2]
    return node[3] if node[0] == "call" else node[0].replace("_", " ")


def _unit_or_unknown(name: str, context: Context) -> Any:
    """A name that is nothing else is a unit (``km/h``): one of it, in the statement's mode."""
    if name not in RESULT_NAMES:  # ans before a first result: its own message, never a unit
        from .units import unit_value

        value = unit_value(name, context.exact)
        if value is not None:
            return value
    raise _unknown_name(name, context)



#: Python's spelling of what calc writes otherwise, for the Python user's first tries
_PYTHON_SPELLINGS = {"True": "true", "False": "false", "pow": "x^y (or x**y)", "int": "trunc(x), floor(x) or round(x)"}


def _unknown_name(name: str, context: Context, function: bool = False) -> UnknownNameError:
    if name in ("ans", "_") and not function:
        return UnknownNameError(f"'{name}' has no value yet: it is the last result, and there is none")
    if not function and (name in BUILTINS or name in context.functions or (context.host and name in context.host)):
        user = context.functions.get(name)
        call = user.signature if user is not None else f"{name}(...)"
        return UnknownNameError(f"'{name}' is a function; call it as {call}")
    known: Iterable[str] = list(BUILTINS) + list(context.functions) + list(context.host or ()) if function else [
        n for n in context.names if not n.startswith("__")
    ] + list(BUILTINS)
    close = _closest(name, list(known))
    what = "function" if function else "name"
    hint = f"; did you mean '{close}'?" if close else ""
    if name in _PYTHON_SPELLINGS:
        hint = f"; calc writes {_PYTHON_SPELLINGS[name]}"
    return UnknownNameError(f"unknown {what} '{name}'{hint}")


def _closest(name: str, known: list[str]) -> str | None:
    """The known name ``name`` is likely a typo of: a close one, with the same first letter
    unless it is very close (so 'x' is no typo of 'max', nor 'print' of 'sin')."""
    import difflib  # only when a name is unknown

    for candidate in difflib.get_close_matches(name, known, n=5, cutoff=0.5):
        if candidate[0] == name[0] or difflib.SequenceMatcher(None, name, candidate).ratio() >= 0.75:
            return candidate
    return None


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
        else:
            todo.extend(reversed(children(node)))
    return list(seen)
