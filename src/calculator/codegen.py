"""A parsed expression, compiled once into a Python function: the fast path of Expression.

The function is generated from calc's own checked tree, never from the user's text: every
operation is a call of the same dispatch the evaluator uses (the OPERATIONS functions behind
their size checks), every number a constant object, every variable a plain local read from the
mapping it is given; conditionals, and/or and comparison chains become Python's own conditional
expressions, with the same short circuits. Anything unusual — an unknown name, a value of the
wrong type, an error of any kind — leaves the fast path; the caller then runs the postfix
program, which reports the error with its position. Deep trees and calls of user functions are
not compiled at all.
"""

from __future__ import annotations

import ast
from fractions import Fraction
from typing import Any, Callable, Mapping

from .errors import CalculatorError
from .evaluator import _TYPED_KINDS, OPERATIONS, Dispatch, _literal, as_exact, exact_results, is_number
from .functions import BUILTINS, CONSTANTS, Builtin
from .tree import UNARY_KINDS, children

__all__ = ["compile_function", "MAX_DEPTH", "Located"]

#: deeper trees stay on the postfix program (Python's own compiler recurses on depth)
MAX_DEPTH = 60
_NUMBERS = frozenset({int, float, Fraction})


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


def compile_function(tree: tuple, dispatch: Dispatch, exact: bool, host: Mapping[str, Builtin] | None = None) -> Callable[[Any], Any] | None:
    """``f(names)`` computing ``tree``, or None when the tree is not worth or fit for compiling.

    ``host``: the application's functions (calculator.host), called like builtins.
    """
    if _depth(tree) > MAX_DEPTH:
        return None
    namespace: dict[str, Any] = {"_NUMBERS": _NUMBERS, "_as_exact": as_exact, "_fail": _not_a_boolean, "_host": host or {}}
    variables: dict[str, str] = {}
    try:
        body = _expression(tree, dispatch, exact, namespace, variables)
    except _Unsupported:
        return None
    statements: list[ast.stmt] = []
    for name, local in variables.items():
        # v = names["x"]; a value that is not a finite int, float or Fraction leaves the fast path
        value: ast.expr = ast.Subscript(_load("names"), ast.Constant(name), ast.Load())
        if exact is True:  # an int variable is a Fraction in exact mode, as in the postfix program
            value = ast.Call(_load("_as_exact"), [value], [])
        statements.append(ast.Assign([_store(local)], value))
        bad = ast.BoolOp(
            ast.Or(),
            [
                ast.Compare(_attr(local, "__class__"), [ast.NotIn()], [_load("_NUMBERS")]),
                ast.BoolOp(ast.And(), [ast.Compare(_attr(local, "__class__"), [ast.Is()], [_load("float")]),
                                       ast.BinOp(_load(local), ast.Sub(), _load(local))]),
            ],
        )
        statements.append(ast.If(bad, [ast.Raise(ast.Call(_load("TypeError"), [], []), None)], []))
    statements.append(ast.Return(body))
    function = ast.FunctionDef(
        name="compiled_expression",
        args=ast.arguments(posonlyargs=[], args=[ast.arg("names")], kwonlyargs=[], kw_defaults=[], defaults=[]),
        body=statements,
        decorator_list=[],
    )
    module = ast.fix_missing_locations(ast.Module(body=[function], type_ignores=[]))
    exec(compile(module, "<calc expression>", "exec"), namespace)  # noqa: S102 - our own AST
    return namespace["compiled_expression"]


def _expression(node: tuple, dispatch: Dispatch, exact: bool, namespace: dict, variables: dict) -> ast.expr:
    kind = node[0]
    if kind == "number":
        return _constant(_literal(node, exact), namespace)
    if kind == "name":
        name = node[3]
        if name in CONSTANTS:
            return _constant(CONSTANTS[name], namespace)
        local = variables.setdefault(name, f"v{len(variables)}")
        return _load(local)
    if kind == "group":
        return _expression(node[3], dispatch, exact, namespace, variables)
    if kind == "boolean":
        return ast.Constant(node[3])
    if kind in _CONTROL:
        return _CONTROL[kind](node, dispatch, exact, namespace, variables)
    if kind in OPERATIONS:
        function = _fresh("_op", namespace)
        guarded = namespace[function] = dispatch.operation(kind, node)
        operands = [node[3]] if kind in UNARY_KINDS else [node[3], node[4]]
        if kind not in _TYPED_KINDS and not all(is_number(o, True) for o in operands):
            # an operand that may be a boolean (a conditional's value): the checked function
            guarded = namespace[function] = dispatch.numbers_only(kind, guarded, kind)
        args = [_expression(o, dispatch, exact, namespace, variables) for o in operands]
        plain = getattr(guarded, "skip_guard_for_floats", None)
        if plain is None:
            return ast.Call(_load(function), args, [])
        # The size check only matters when neither operand is a float: decide that inline and
        # call the operation itself, saving the guard's call on the common float path.
        plain_name = _fresh("_plain", namespace)
        namespace[plain_name] = plain
        # one pair of temporaries per operation: siblings of the same kind must not share them
        left, right = _fresh("_t", namespace), _fresh("_t", namespace)
        is_float = lambda name, value: ast.Compare(  # noqa: E731
            ast.Attribute(ast.NamedExpr(_store(name), value), "__class__", ast.Load()), [ast.Is()], [_load("float")]
        )
        either = ast.BinOp(is_float(left, args[0]), ast.BitOr(), is_float(right, args[1]))  # both evaluated, in order
        return ast.IfExp(
            either,
            ast.Call(_load(plain_name), [_load(left), _load(right)], []),
            ast.Call(_load(function), [_load(left), _load(right)], []),
        )
    if kind == "call" and (node[3] in BUILTINS or node[3] in namespace["_host"]):
        builtin = BUILTINS.get(node[3]) or namespace["_host"][node[3]]
        count = len(node[4])
        if count < builtin.min_args or (builtin.max_args is not None and count > builtin.max_args):
            raise _Unsupported  # the postfix compiler reports the arity error
        function = _fresh("_fn", namespace)
        call = dispatch.builtin(builtin, node)
        if builtin.host:
            call = _located(call, node)
        elif not all(is_number(a, True) for a in node[4]):
            call = dispatch.numbers_only(f"{builtin.name}()", call, builtin)
        namespace[function] = exact_results(call) if exact is True else call
        return ast.Call(_load(function), [_expression(a, dispatch, exact, namespace, variables) for a in node[4]], [])
    raise _Unsupported  # user functions: their definitions can change between evaluations


def _checked_boolean(value: ast.expr, namespace: dict) -> tuple[str, ast.expr]:
    """(name, test): ``value`` stored in a fresh local, and whether it is a boolean."""
    name = _fresh("_b", namespace)
    return name, ast.Compare(
        ast.Attribute(ast.NamedExpr(_store(name), value), "__class__", ast.Load()), [ast.Is()], [_load("bool")]
    )


def _when(test: ast.expr, value: ast.expr, otherwise: ast.expr) -> ast.IfExp:
    return ast.IfExp(test, value, otherwise)


def _fail() -> ast.Call:
    return ast.Call(_load("_fail"), [], [])


def _is(name: str, value: bool) -> ast.Compare:
    return ast.Compare(_load(name), [ast.Is()], [ast.Constant(value)])


def _conditional(node: tuple, dispatch: Dispatch, exact: bool, namespace: dict, variables: dict) -> ast.expr:
    """``A if c is True else B if c is False else <fail>``: only the chosen branch runs."""
    parts = [_expression(n, dispatch, exact, namespace, variables) for n in node[3:6]]
    condition = _fresh("_c", namespace)
    stored = ast.NamedExpr(_store(condition), parts[0])
    test = ast.Compare(stored, [ast.Is()], [ast.Constant(True)])
    return _when(test, parts[1], _when(_is(condition, False), parts[2], _fail()))


def _logic(node: tuple, dispatch: Dispatch, exact: bool, namespace: dict, variables: dict) -> ast.expr:
    """and/or with their short circuit; both sides must be booleans."""
    left = _expression(node[3], dispatch, exact, namespace, variables)
    right_name, right_test = _checked_boolean(_expression(node[4], dispatch, exact, namespace, variables), namespace)
    right = _when(right_test, _load(right_name), _fail())
    name = _fresh("_l", namespace)
    stored = ast.Compare(ast.NamedExpr(_store(name), left), [ast.Is()], [ast.Constant(node[0] == "logical_or")])
    decided = ast.Constant(node[0] == "logical_or")  # true or …, false and …
    return _when(stored, decided, _when(_is(name, node[0] != "logical_or"), right, _fail()))


def _compare(node: tuple, dispatch: Dispatch, exact: bool, namespace: dict, variables: dict) -> ast.expr:
    """``f1(a, t := b) and f2(t, c)``: each operand evaluated once, a false link ends the chain."""
    operands, kinds = node[3], node[4]
    links: list[ast.expr] = []
    left = _expression(operands[0], dispatch, exact, namespace, variables)
    for i, kind in enumerate(kinds):
        link_node = (kind, operands[i][1], operands[i + 1][2], operands[i], operands[i + 1], node[5][i])
        function = _fresh("_op", namespace)
        namespace[function] = dispatch.operation(kind, link_node)
        right = _expression(operands[i + 1], dispatch, exact, namespace, variables)
        if i < len(kinds) - 1:
            kept = _fresh("_k", namespace)
            links.append(ast.Call(_load(function), [left, ast.NamedExpr(_store(kept), right)], []))
            left = _load(kept)
        else:
            links.append(ast.Call(_load(function), [left, right], []))
    return links[0] if len(links) == 1 else ast.BoolOp(ast.And(), links)


_CONTROL = {"conditional": _conditional, "logical_and": _logic, "logical_or": _logic, "compare": _compare}


def _constant(value: Any, namespace: dict) -> ast.expr:
    if value.__class__ in (int, float) and (value.__class__ is float or value.bit_length() < 64):
        return ast.Constant(value)
    name = _fresh("_k", namespace)  # big ints and fractions: bound objects, no text round trip
    namespace[name] = value
    return _load(name)


def _fresh(prefix: str, namespace: dict) -> str:
    """A name used nowhere else in the generated function (numbered by a counter in ``namespace``)."""
    count = namespace["_names_made"] = namespace.get("_names_made", 0) + 1
    return f"{prefix}{count}"


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
