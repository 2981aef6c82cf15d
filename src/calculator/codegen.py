"""A parsed expression, compiled once into a Python function: the fast path of Expression.

The function is generated from calc's own checked tree, never from the user's text: every
operation is a call of an OPERATIONS function (or a builtin's), every number a constant object,
every variable a plain local read from the mapping it is given; conditionals, and/or and
comparison chains become Python's own conditional expressions, with the same short circuits.

Two bodies are generated. The *plain* one calls the basic/advanced functions directly, without
the size checks of calculator.limits: at compile time every node gets a bound on the bits of
any integer it can produce, given variables that are finite floats or ints of at most 64 bits,
and an operation whose bound is small (at most ``PLAIN_BITS``, and safely under max_digits)
cannot need its check. Variables are checked once on entry; anything else — a big int, a
Fraction, a boolean — takes the *guarded* body, which calls every operation behind its checks.
Anything unusual in either (an unknown name, a value of the wrong type, an error of any kind)
leaves the fast path; the caller then runs the postfix program, which reports the error with
its position. Deep trees and calls of user functions are not compiled at all.
"""

from __future__ import annotations

import ast
import copy
import re
from fractions import Fraction
from keyword import iskeyword
from typing import Any, Callable, Mapping

from .errors import CalculatorError
from .evaluator import _TYPED_KINDS, OPERATIONS, Dispatch, _literal, as_exact, exact_results, is_number, quantity_literal
from .functions import BUILTINS, CONSTANTS, Builtin
from .limits import CHEAP_BITS, begin_work
from .tree import UNARY_KINDS, children

__all__ = ["compile_function", "MAX_DEPTH", "PLAIN_BITS", "Located"]

#: deeper trees stay on the postfix program (Python's own compiler recurses on depth)
MAX_DEPTH = 60
#: integers of up to this many bits are cheap enough to compute without a size check: the bound
#: below which the work account charges nothing either, so skipping the checks skips no charge
PLAIN_BITS = CHEAP_BITS
_NUMBERS = frozenset({int, float, Fraction})
_SMALL_INT = 2**63
#: builtins whose result is a float whatever their arguments (bound 0: never an int)
_FLOAT_RESULTS = frozenset(
    "sqrt cbrt exp ln log log2 log10 sin cos tan asin acos atan atan2 sinh cosh tanh degrees radians hypot".split()
)
#: builtins that turn a float into an int: up to 1024 bits (1.8e308)
_TO_INT = frozenset({"floor", "ceil", "trunc", "round"})


class _Unsupported(Exception):
    pass


class Located(Exception):
    """An error of a host function, already placed at its call: the caller raises it as it is,
    instead of running the expression again on the postfix program (which would call the
    application's function a second time)."""

    def __init__(self, error: CalculatorError) -> None:
        super().__init__(error.message)
        self.error = error


def _located(call: Callable[..., Any], node: tuple) -> Callable[..., Any]:
    start, end = node[1], node[2]

    def at_call(*args: Any) -> Any:
        try:
            return call(*args)
        except CalculatorError as error:
            raise Located(error.at(start, end)) from error.__cause__

    return at_call


def _not_a_boolean() -> None:
    """A condition, or an operand of and/or, that is not true or false: the postfix program
    (which the caller falls back to) reports it with its position."""
    raise TypeError("not a boolean")


def compile_function(
    tree: tuple,
    dispatch: Dispatch,
    exact: bool,
    host: Mapping[str, Builtin] | None = None,
    fallback: Callable[[Exception, Any, Any], Any] | None = None,
) -> Callable[..., Any] | None:
    """``f(names)`` computing ``tree``, or None when the tree is not worth or fit for compiling.

    ``host``: the application's functions (calculator.host), called like builtins. With
    ``fallback``, the function is called as Expression.evaluate is, ``f(variables=None, /,
    **more)`` (variables that are plain Python names become keyword parameters, see
    _keyword_evaluate), and any exception goes to ``fallback(error, variables, more)``: the
    compiled function is Expression.evaluate itself.
    """
    if _depth(tree) > MAX_DEPTH:
        return None
    namespace: dict[str, Any] = {
        "_NUMBERS": _NUMBERS, "_as_exact": as_exact, "_fail": _not_a_boolean, "_fallback": fallback, "_begin_work": begin_work,
    }
    try:
        compiler = _Compiler(dispatch, exact, host, namespace, plain=False)
        functions = [compiler.function("guarded_expression", tree, guarded_entry=True)]
        # the plain body: float mode only (exact values are fractions, whose sizes are not bounded
        # by the bits of their inputs), and only where a 64-bit variable is itself under the limit
        if exact is False and _plain_limit(dispatch) >= 64:
            compiler = _Compiler(dispatch, exact, host, namespace, plain=True)
            functions.append(compiler.function("compiled_expression", tree, guarded_entry=False))
    except _Unsupported:
        return None
    public = functions[-1]
    keywords = list(compiler.variables)
    if fallback is not None:
        if keywords and all(_PARAMETER.fullmatch(k) and not iskeyword(k) and k not in _TAKEN for k in keywords):
            functions.append(_keyword_evaluate(public, keywords))
            public = functions[-1]
        else:
            _as_evaluate(public)
    module = ast.fix_missing_locations(ast.Module(body=functions, type_ignores=[]))
    namespace["_MISSING"] = _MISSING
    exec(compile(module, "<calc expression>", "exec"), namespace)  # noqa: S102 - our own AST
    if public.name == "evaluate_expression":
        namespace["_general"] = _general(namespace[functions[-2].name], fallback)  # type: ignore[arg-type]
    return namespace[public.name]


#: a variable that is a plain Python name becomes a keyword parameter of the compiled function
_PARAMETER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_MISSING = object()  # a keyword the caller did not give
#: names the generated code itself reads: a variable of that name keeps the mapping-based call
_TAKEN = frozenset({
    "float", "int", "bool", "TypeError", "Exception", "names", "variables", "more", "error",
    "guarded_expression", "compiled_expression", "evaluate_expression",
})


def _keyword_evaluate(function: ast.FunctionDef, keywords: list[str]) -> ast.FunctionDef:
    """``evaluate_expression(variables=None, /, *, x=_MISSING, **more)``: called as
    ``evaluate(x=2)`` the values arrive in locals and no mapping is built (the common call);
    ``evaluate(mapping)`` hands the mapping to the mapping-based function as it is; a mix of
    both goes through _general, which merges them."""

    class Direct(ast.NodeTransformer):
        def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
            if isinstance(node.value, ast.Name) and node.value.id == "names" and isinstance(node.slice, ast.Constant):
                return _load(node.slice.value)
            return self.generic_visit(node)

        def visit_Name(self, node: ast.Name) -> ast.AST:
            if node.id == "names":  # leaving for the guarded body: the mapping, built only then
                return given()
            return node

    def given() -> ast.Dict:
        """``{"x": x, ...}``: the keyword values as a mapping."""
        return ast.Dict([ast.Constant(k) for k in keywords], [_load(k) for k in keywords])

    body = [Direct().visit(copy.deepcopy(statement)) for statement in function.body]
    every = [ast.Compare(_load(k), [ast.IsNot()], [_load("_MISSING")]) for k in keywords]
    no_mapping = ast.Compare(_load("variables"), [ast.Is()], [ast.Constant(None)])
    direct = ast.BoolOp(ast.And(), [no_mapping, _not(_load("more")), *every])
    handler = ast.ExceptHandler(
        _load("Exception"), "error", [ast.Return(ast.Call(_load("_fallback"), [_load("error"), ast.Constant(None), given()], []))]
    )
    return ast.FunctionDef(
        name="evaluate_expression",
        args=ast.arguments(
            posonlyargs=[ast.arg("variables")], args=[], vararg=None,
            kwonlyargs=[ast.arg(k) for k in keywords], kw_defaults=[_load("_MISSING") for _ in keywords],
            kwarg=ast.arg("more"), defaults=[ast.Constant(None)],
        ),
        body=[
            ast.If(direct, [ast.Try(body, [handler], [], [])], []),
            # evaluate(mapping): the mapping as it is, to the mapping-based function
            ast.If(
                ast.BoolOp(ast.And(), [_not(_load("more")), *[ast.Compare(_load(k), [ast.Is()], [_load("_MISSING")]) for k in keywords]]),
                [ast.Try(
                    [ast.Return(ast.Call(_load(function.name), [_load("variables")], []))],
                    [ast.ExceptHandler(_load("Exception"), "error", [ast.Return(ast.Call(
                        _load("_fallback"), [_load("error"), _load("variables"), ast.Dict([], [])], []))])],
                    [], [],
                )],
                [],
            ),
            ast.Return(ast.Call(_load("_general"), [_load("variables"), _load("more"), given()], [])),
        ],
        decorator_list=[],
    )


def _general(function: Callable[[Any], Any], fallback: Any) -> Callable[..., Any]:
    """Any call but the plain keyword one: one mapping of every value given, then the function."""

    def general(variables: Any, more: Any, given: dict) -> Any:
        names = {**(variables or {}), **more}
        names.update((k, v) for k, v in given.items() if v is not _MISSING)
        try:
            return function(names)
        except Exception as error:  # noqa: BLE001 - the postfix program reports it
            return fallback(error, None, names)

    return general


def _as_evaluate(function: ast.FunctionDef) -> None:
    """Turn ``f(names)`` into ``f(variables=None, /, **more)`` handing exceptions to _fallback."""
    merged = ast.IfExp(
        ast.Compare(_load("variables"), [ast.Is()], [ast.Constant(None)]),
        _load("more"),
        ast.IfExp(_load("more"), ast.Dict([None, None], [_load("variables"), _load("more")]), _load("variables")),
    )
    handler = ast.ExceptHandler(
        _load("Exception"), "error",
        [ast.Return(ast.Call(_load("_fallback"), [_load("error"), _load("variables"), _load("more")], []))],
    )
    function.args = ast.arguments(
        posonlyargs=[ast.arg("variables")], args=[], vararg=None, kwonlyargs=[], kw_defaults=[],
        kwarg=ast.arg("more"), defaults=[ast.Constant(None)],
    )
    function.body = [ast.Assign([_store("names")], merged), ast.Try(function.body, [handler], [], [])]


def _plain_limit(dispatch: Dispatch) -> int:
    """Bits an unchecked integer may have: PLAIN_BITS, or less when max_digits is smaller."""
    return min(PLAIN_BITS, int((dispatch.limits.max_digits - 1) * 3.3219280948873622))


class _Compiler:
    """One body: ``plain`` calls unchecked functions where the bounds allow it."""

    def __init__(self, dispatch: Dispatch, exact: bool, host: Mapping[str, Builtin] | None, namespace: dict, plain: bool) -> None:
        self.dispatch, self.exact, self.host, self.namespace, self.plain = dispatch, exact, host or {}, namespace, plain
        self.limit = _plain_limit(dispatch) if plain else -1
        self.variables: dict[str, str] = {}
        self.checked = False  # whether any operation goes through its size check (which charges work)

    def function(self, name: str, tree: tuple, guarded_entry: bool) -> ast.FunctionDef:
        body, _ = self.expression(tree)
        statements: list[ast.stmt] = []
        for variable, local in self.variables.items():
            value: ast.expr = ast.Subscript(_load("names"), ast.Constant(variable), ast.Load())
            if self.exact is True:  # an int variable is a Fraction in exact mode, as in the postfix program
                value = ast.Call(_load("_as_exact"), [value], [])
            statements.append(ast.Assign([_store(local)], value))
            statements.append(ast.If(_not(self.entry_check(local, guarded_entry)), [self.leave(guarded_entry)], []))
        if self.checked:  # a new account of work for this evaluation (Limits.max_work)
            statements.insert(0, ast.Expr(ast.Call(_load("_begin_work"), [], [])))
        statements.append(ast.Return(body))
        return ast.FunctionDef(
            name=name,
            args=ast.arguments(posonlyargs=[], args=[ast.arg("names")], kwonlyargs=[], kw_defaults=[], defaults=[]),
            body=statements,
            decorator_list=[],
        )

    @staticmethod
    def entry_check(local: str, guarded: bool) -> ast.expr:
        """Guarded body: a finite int, float or Fraction. Plain body: a finite float or an int
        of at most 64 bits (so every bound computed from it holds)."""
        finite_float = ast.BoolOp(ast.And(), [_class_is(local, "float"), _equals_zero(ast.BinOp(_load(local), ast.Sub(), _load(local)))])
        if guarded:
            fraction_or_int = ast.Compare(_attr(local, "__class__"), [ast.In()], [_load("_NUMBERS")])
            not_float = ast.Compare(_attr(local, "__class__"), [ast.IsNot()], [_load("float")])
            return ast.BoolOp(ast.Or(), [finite_float, ast.BoolOp(ast.And(), [fraction_or_int, not_float])])
        small = ast.Compare(ast.Constant(-_SMALL_INT), [ast.LtE(), ast.Lt()], [_load(local), ast.Constant(_SMALL_INT)])
        return ast.BoolOp(ast.Or(), [finite_float, ast.BoolOp(ast.And(), [_class_is(local, "int"), small])])

    @staticmethod
    def leave(guarded: bool) -> ast.stmt:
        if guarded:  # to the postfix program, which says what is wrong and where
            return ast.Raise(ast.Call(_load("TypeError"), [], []), None)
        return ast.Return(ast.Call(_load("guarded_expression"), [_load("names")], []))

    # -- nodes: each gives (Python expression, bound on the bits of an int it can be, or None) --

    def expression(self, node: tuple) -> tuple[ast.expr, int | None]:
        kind = node[0]
        if kind == "number":
            value = _literal(node, self.exact)
            return self.constant(value), (value.bit_length() if value.__class__ is int else 0)
        if kind == "name":
            name = node[3]
            if name in CONSTANTS:
                return self.constant(CONSTANTS[name]), 0
            local = self.variables.setdefault(name, f"_v{len(self.variables)}")
            return _load(local), 64
        if kind == "group":
            return self.expression(node[3])
        if kind == "boolean":
            return ast.Constant(node[3]), 0
        if kind == "conditional":
            return self.conditional(node)
        if kind == "quantity":  # 9 km: a constant, like a number (a fraction of a unit: the program)
            if node[3][0] != "number":
                raise _Unsupported
            return self.constant(quantity_literal(node, self.exact, self.dispatch.limits)), None
        if kind == "convert":  # x to m/s: the conversion, called with its unit
            from .units import unit_of

            value, _ = self.expression(node[3])
            self.checked = True
            convert = self.bind("_op", self.dispatch.operation("convert", node))
            return ast.Call(convert, [value, self.bind("_k", unit_of(node[4]))], []), None
        if kind in ("logical_and", "logical_or"):
            return self.logic(node), 0
        if kind == "compare":
            return self.compare(node), 0
        if kind in OPERATIONS:
            return self.operation(node)
        if kind == "call":
            return self.call(node)
        raise _Unsupported  # pragma: no cover - the parser makes no other kinds

    def operation(self, node: tuple) -> tuple[ast.expr, int | None]:
        kind = node[0]
        operands = [node[3]] if kind in UNARY_KINDS else [node[3], node[4]]
        compiled = [self.expression(o) for o in operands]
        args = [a for a, _ in compiled]
        typed = kind in _TYPED_KINDS or all(is_number(o, True) for o in operands)
        bits = _operation_bits(kind, node, [b for _, b in compiled]) if typed else None
        if self.plain and bits is not None and bits <= self.limit:
            return ast.Call(self.bind("_plain", OPERATIONS[kind]), args, []), bits
        guarded = self.dispatch.operation(kind, node)
        self.checked = True
        if not typed:  # an operand that may be a boolean (a conditional's value): the checked function
            guarded = self.dispatch.numbers_only(kind, guarded, kind)
        function = self.bind("_op", guarded)
        plain = getattr(guarded, "skip_guard_for_floats", None)
        if plain is None:
            return ast.Call(function, args, []), None
        # The size check only matters when neither operand is a float: decide that inline and
        # call the operation itself, saving the guard's call on the float path.
        plain_name = self.bind("_plain", plain)
        left, right = self.fresh("_t"), self.fresh("_t")  # a pair per operation: siblings must not share
        either = ast.BinOp(_class_is_stored(left, args[0], "float"), ast.BitOr(), _class_is_stored(right, args[1], "float"))
        return ast.IfExp(either, ast.Call(plain_name, [_load(left), _load(right)], []), ast.Call(function, [_load(left), _load(right)], [])), None

    def call(self, node: tuple) -> tuple[ast.expr, int | None]:
        name, arg_nodes = node[3], node[4]
        builtin = BUILTINS.get(name) or self.host.get(name)
        if builtin is None:
            raise _Unsupported  # user functions: their definitions can change between evaluations
        if len(arg_nodes) < builtin.min_args or (builtin.max_args is not None and len(arg_nodes) > builtin.max_args):
            raise _Unsupported  # the postfix compiler reports the arity error
        if not builtin.host and any(_has_units(a) for a in arg_nodes):
            raise _Unsupported  # radians(30 deg): what a quantity means to a builtin is the program's to decide
        compiled = [self.expression(a) for a in arg_nodes]
        args = [a for a, _ in compiled]
        call = self.dispatch.builtin(builtin, node)
        typed = all(is_number(a, True) for a in arg_nodes)
        bits: int | None = None
        self.checked = self.checked or builtin.guard is not None
        if builtin.host:
            call = _located(call, node)
        elif not typed:
            call = self.dispatch.numbers_only(f"{builtin.name}()", call, builtin)
        else:
            bits = _builtin_bits(name, [b for _, b in compiled])
            if self.plain and bits is not None and bits <= self.limit:
                call = builtin.function  # the same function, without its size check
        if self.exact is True:
            call = exact_results(call)
        return ast.Call(self.bind("_fn", call), args, []), bits

    def conditional(self, node: tuple) -> tuple[ast.expr, int | None]:
        """``A if c is True else B if c is False else <fail>``: only the chosen branch runs."""
        (condition, _), (then, then_bits), (otherwise, else_bits) = (self.expression(n) for n in node[3:6])
        name = self.fresh("_c")
        test = ast.Compare(ast.NamedExpr(_store(name), condition), [ast.Is()], [ast.Constant(True)])
        bits = None if then_bits is None or else_bits is None else max(then_bits, else_bits)
        return ast.IfExp(test, then, ast.IfExp(_is(name, False), otherwise, _fail())), bits

    def logic(self, node: tuple) -> ast.expr:
        """and/or with their short circuit; both sides must be booleans."""
        left, _ = self.expression(node[3])
        right_value, _ = self.expression(node[4])
        right_name = self.fresh("_b")
        right = ast.IfExp(_class_is_stored(right_name, right_value, "bool"), _load(right_name), _fail())
        name = self.fresh("_l")
        is_or = node[0] == "logical_or"
        decided = ast.Compare(ast.NamedExpr(_store(name), left), [ast.Is()], [ast.Constant(is_or)])
        return ast.IfExp(decided, ast.Constant(is_or), ast.IfExp(_is(name, not is_or), right, _fail()))

    def compare(self, node: tuple) -> ast.expr:
        """``f1(a, t := b) and f2(t, c)``: each operand evaluated once, a false link ends the chain."""
        operands, kinds = node[3], node[4]
        links: list[ast.expr] = []
        left, _ = self.expression(operands[0])
        for i, kind in enumerate(kinds):
            link = (kind, operands[i][1], operands[i + 1][2], operands[i], operands[i + 1], node[5][i])
            function = self.bind("_op", self.dispatch.operation(kind, link))
            right, _ = self.expression(operands[i + 1])
            if i < len(kinds) - 1:
                kept = self.fresh("_k")
                links.append(ast.Call(function, [left, ast.NamedExpr(_store(kept), right)], []))
                left = _load(kept)
            else:
                links.append(ast.Call(function, [left, right], []))
        return links[0] if len(links) == 1 else ast.BoolOp(ast.And(), links)

    # -- names in the generated module ---------------------------------------------------------

    def fresh(self, prefix: str) -> str:
        """A name used nowhere else in the module (numbered by a counter in the namespace)."""
        count = self.namespace["_names_made"] = self.namespace.get("_names_made", 0) + 1
        return f"{prefix}{count}"

    def bind(self, prefix: str, value: Any) -> ast.Name:
        name = self.fresh(prefix)
        self.namespace[name] = value
        return _load(name)

    def constant(self, value: Any) -> ast.expr:
        if value.__class__ in (int, float) and (value.__class__ is float or value.bit_length() < 64):
            return ast.Constant(value)
        return self.bind("_k", value)  # big ints and fractions: bound objects, no text round trip


def _operation_bits(kind: str, node: tuple, bits: list[int | None]) -> int | None:
    """A bound on the bits of an int ``kind`` can give from operands with these bounds (None:
    no bound). Floats are bound 0: an operation with a float operand gives a float."""
    if any(b is None for b in bits):
        return None
    if kind in ("less", "less_equal", "greater", "greater_equal", "equal", "not_equal", "logical_not", "divide"):
        return 0  # a boolean, or true division (a float in float mode)
    if kind in ("negate", "positive"):
        return bits[0]
    if kind in ("add", "subtract"):
        return max(bits) + 1
    if kind == "multiply":
        return bits[0] + bits[1]
    if kind in ("floor_divide", "modulo"):
        return max(bits)
    if kind == "power":
        if bits[0] == 0:
            return 0  # a float base: a float (or an error)
        exponent = _literal_int(node[4])
        if exponent is None:
            return None  # the size depends on a value: keep the check
        return 0 if exponent < 0 else bits[0] * exponent
    return None  # factorial: keep the check


def _builtin_bits(name: str, bits: list[int | None]) -> int | None:
    if any(b is None for b in bits):
        return None
    if name in _FLOAT_RESULTS:
        return 0
    if name in _TO_INT and len(bits) == 1:
        return max(bits[0], 1024)
    if name in ("abs", "min", "max", "gcd"):
        return max(bits)
    return None  # round(x, n), lcm, comb, perm, factorial: keep their checks


def _literal_int(node: tuple) -> int | None:
    """The value of an integer literal, possibly signed or parenthesised (2^-3, 2^(10))."""
    sign = 1
    while node[0] in ("group", "negate", "positive"):
        if node[0] == "negate":
            sign = -sign
        node = node[3]
    if node[0] == "number" and node[3].__class__ is int:
        return sign * node[3]
    return None


def _has_units(tree: tuple) -> bool:
    todo = [tree]
    while todo:
        node = todo.pop()
        if node[0] in ("quantity", "convert", "unit"):
            return True
        todo.extend(children(node))
    return False


def _depth(tree: tuple) -> int:
    deepest, todo = 0, [(tree, 1)]
    while todo:
        node, depth = todo.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        todo.extend((child, depth + 1) for child in children(node))
    return deepest


def _load(name: str) -> ast.Name:
    return ast.Name(name, ast.Load())


def _store(name: str) -> ast.Name:
    return ast.Name(name, ast.Store())


def _attr(name: str, attribute: str) -> ast.Attribute:
    return ast.Attribute(_load(name), attribute, ast.Load())


def _class_is(name: str, cls: str) -> ast.Compare:
    return ast.Compare(_attr(name, "__class__"), [ast.Is()], [_load(cls)])


def _class_is_stored(name: str, value: ast.expr, cls: str) -> ast.Compare:
    """``(name := value).__class__ is cls``"""
    return ast.Compare(ast.Attribute(ast.NamedExpr(_store(name), value), "__class__", ast.Load()), [ast.Is()], [_load(cls)])


def _equals_zero(value: ast.expr) -> ast.Compare:
    return ast.Compare(value, [ast.Eq()], [ast.Constant(0.0)])


def _not(value: ast.expr) -> ast.UnaryOp:
    return ast.UnaryOp(ast.Not(), value)


def _is(name: str, value: bool) -> ast.Compare:
    return ast.Compare(_load(name), [ast.Is()], [ast.Constant(value)])


def _fail() -> ast.Call:
    return ast.Call(_load("_fail"), [], [])
