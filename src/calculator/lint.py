"""Ambiguity warnings: where calc's reading and a common other reading give different values.

Each rule finds a shape in the tree the user did not parenthesise, builds the other reading as a
tree, and evaluates both with the session's evaluator and limits (nothing is assigned). A warning
is given only when the values differ, or when one reading fails and the other does not.

Rules (stable codes):
  unary-minus-power   -2^2      is -(2^2) = -4, not (-2)^2 = 4
  power-tower         2^3^2     is 2^(3^2) = 512, not (2^3)^2 = 64
  division-chain      1/2*x     is (1/2)*x, not 1/(2*x); 8/2/2 is (8/2)/2, not 8/(2/2)
  power-factorial     2^3!      is 2^(3!) = 64, not (2^3)! = 40320
  double-factorial    5!!       is (5!)! = 120!, not the double factorial 5*3*1 = 15
  unit-fraction       1/2 m     is (1/2) m = 0.5 m, not 1/(2 m) = 0.5 m^-1
  float-equality      0.1 + 0.2 == 0.3   is false with floats (0.1 + 0.2 is 0.30000000000000004),
                      true with the decimals exactly: use --exact or a tolerance

float-equality is judged differently: both readings are the same text, in two number modes. Each
comparison (==, !=, and <, <=, >, >= at a near-tie) whose operands are floats is computed again
with every decimal exact (literals from their text, variables from their full value, the decimal
that --digits full shows, as --exact would); a warning when the answers differ. None in exact or
precision mode, none when no float is involved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from fractions import Fraction

from .errors import CalculatorError, UnknownNameError
from .evaluator import OPERATIONS
from .explain import reading
from .functions import CONSTANTS
from .parser import parse_statement
from .source import Statement
from .tree import children

if TYPE_CHECKING:
    from .session import Calculator

__all__ = ["LintWarning", "lint_statement"]

_DIVISIONS = ("divide", "floor_divide")
_AFTER_DIVISION = ("multiply", "divide", "floor_divide", "modulo")


class LintWarning(NamedTuple):
    """One ambiguity: the span, calc's reading and the other one, each with its value."""

    code: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    source: str  # the span as written
    reading: str  # as calc reads it
    value: Any  # None when it could not be computed
    other_reading: str
    other_value: Any
    other_error: str | None  # why the other reading fails, if it does

    @property
    def severity(self) -> str:
        return "warning"


def lint_statement(calc: "Calculator", statement: Statement) -> list[LintWarning]:
    """The warnings for one statement; a statement that does not parse has none."""
    try:
        tree = parse_statement(statement.text)
    except CalculatorError:
        return []
    root = tree[1] if tree[0] == "expression" else tree[2]
    found: list[LintWarning] = []
    exact: list = []  # the session with exact decimals, made once when a comparison needs it
    todo = [root]
    while todo:
        node = todo.pop()
        kind = node[0]
        other = _other_reading(node)
        if other is not None:
            warning = _warning(calc, statement, node, *other)
            if warning is not None:
                found.append(warning)
        if kind == "compare":
            found.extend(_float_comparisons(calc, statement, node, exact))
        todo.extend(reversed(children(node)))
    return found


def _other_reading(node: tuple) -> tuple[str, tuple] | None:
    """(rule code, the other reading's tree) if ``node`` is an ambiguous shape."""
    kind = node[0]
    if kind in ("negate", "positive") and node[3][0] == "power":  # -a^b
        power = node[3]
        return "unary-minus-power", ("power", node[1], node[2], (kind, node[1], power[3][2], power[3]), power[4], power[5])
    if kind == "power" and node[4][0] == "power":  # a^b^c
        inner = node[4]
        left = ("power", node[1], inner[3][2], node[3], inner[3], node[5])
        return "power-tower", ("power", node[1], node[2], left, inner[4], inner[5])
    if kind == "power" and node[4][0] == "factorial":  # a^b!
        return "power-factorial", ("factorial", node[1], node[2], ("power", node[1], node[4][3][2], node[3], node[4][3], node[5]))
    if kind == "factorial" and node[3][0] == "factorial":  # n!!
        return "double-factorial", _double_factorial(node)
    if kind == "quantity" and node[3][0] == "divide":  # 1/2 m: a fraction of a unit, or one over 2 m
        fraction = node[3]
        denominator = fraction[4]
        per = ("quantity", denominator[1], node[2], denominator, node[4])
        return "unit-fraction", ("divide", node[1], node[2], fraction[3], per, fraction[5])
    if kind == "divide" and node[4][0] == "quantity" and node[4][3][0] == "number" and _plain_arithmetic(node[3]):
        # 2 * 1/2 m is (2 * 1) / (2 m): the fraction was meant as the magnitude, (2 * 1/2) m
        quantity = node[4]
        fraction = ("divide", node[1], quantity[3][2], node[3], quantity[3], node[5])
        return "unit-fraction", ("quantity", node[1], node[2], fraction, quantity[4])
    if kind in _AFTER_DIVISION and node[3][0] in _DIVISIONS:  # a/b*c
        inner = node[3]
        right = (kind, inner[4][1], node[2], inner[4], node[4], node[5])
        return "division-chain", (inner[0], node[1], node[2], inner[3], right, inner[5])
    return None


def _plain_arithmetic(node: tuple) -> bool:
    """Numbers and operators only (no name, call or unit): what could be a unit's magnitude."""
    todo = [node]
    while todo:
        item = todo.pop()
        if item[0] not in ("number", "group", "negate", "positive") and item[0] not in _AFTER_DIVISION + ("add", "subtract", "power"):
            return False
        todo.extend(children(item))
    return True


def _double_factorial(node: tuple) -> tuple:
    """n*(n-2)*(n-4)*…: the double factorial of a small literal n, as a tree; else the name
    of a function no one has, so the warning says the shape without a value."""
    operand, start, end = node[3][3], node[1], node[2]
    n = operand[3] if operand[0] == "number" and operand[3].__class__ is int and operand[3] <= 300 else None
    if n is None:
        return ("call", start, end, "double_factorial", (operand,))
    tree: tuple = ("number", start, end, max(n, 1), str(max(n, 1)))
    for factor in range(n - 2, 1, -2):
        tree = ("multiply", start, end, tree, ("number", start, end, factor, str(factor)), start)
    return tree


def _warning(calc: "Calculator", statement: Statement, node: tuple, code: str, other: tuple) -> LintWarning | None:
    value, error = _evaluate(calc, node)
    other_value, other_error = _evaluate(calc, other)
    if isinstance(error, UnknownNameError) or isinstance(other_error, UnknownNameError):
        value = other_value = None  # a function body or a typo: the shape alone is worth saying
        error = other_error = None
    elif error is None and other_error is None and _same(value, other_value):
        return None
    elif error is not None and other_error is not None:
        return None  # both fail: nothing to choose between
    source = statement.text[node[1] : node[2]]
    ours = reading(node, compact=True)
    theirs = reading(other, compact=True)
    if code == "double-factorial":  # n*(n-2)*…*1, said as what the reader meant
        operand = node[3][3]
        if other[0] == "call":
            name = reading(operand, compact=True)
            theirs = f"the double factorial {name}*({name}-2)*…"
        else:
            theirs = "the double factorial " + "*".join(str(f) for f in range(operand[3], 0, -2))
    shown = _shown(calc, value, error), _shown(calc, other_value, other_error)
    if shown[0] == shown[1] and shown[0]:  # values that differ past the 15th digit: show every digit
        shown = _shown(calc, value, error, full=True), _shown(calc, other_value, other_error, full=True)
    message = f"{source} is read as {ours}{shown[0]}, not {theirs}{shown[1]}"
    column = statement.offset + node[1] + 1
    return LintWarning(
        code, message, statement.line, column, statement.line, statement.offset + node[2] + 1,
        source, ours, value, theirs, other_value, other_error.message if other_error else None,
    )


def _evaluate(calc: "Calculator", tree: tuple) -> tuple[Any, CalculatorError | None]:
    try:
        return calc._value(tree), None  # the session's names and limits; nothing is assigned
    except CalculatorError as error:
        return None, error


def _same(a: Any, b: Any) -> bool:
    return bool(a == b)


def _shown(calc: "Calculator", value: Any, error: CalculatorError | None, full: bool = False) -> str:
    if error is not None:
        return f" (which fails: {error.message})"
    if value is None:
        return ""
    shown = calc.format_full(value) if full else calc.format(value)
    if len(shown) > 40:  # 120! in a warning: its size, not its 199 digits
        from .display import format_preview

        shown = format_preview(value, 40, calc.display)
    return f" = {shown}"


# -- float-equality: the same comparison with floats and with exact decimals --------------------

#: how to compare with a tolerance instead, per comparison ({a}, {b}: the operands as written)
_TOLERANCE = {
    "equal": "abs({a} - {b}) < 1e-9", "not_equal": "abs({a} - {b}) >= 1e-9",
    "less": "{a} < {b} - 1e-9", "less_equal": "{a} <= {b} + 1e-9",
    "greater": "{a} > {b} + 1e-9", "greater_equal": "{a} >= {b} - 1e-9",
}


_BOOLEAN_KINDS = frozenset({"boolean", "compare", "logical_and", "logical_or", "logical_not"})


def _float_comparisons(calc: "Calculator", statement: Statement, node: tuple, exact: list) -> list[LintWarning]:
    """float-equality warnings for each link of a comparison chain whose answer with floats is
    not its answer with the decimals exact."""
    if calc.exact or calc.precision is not None:
        return []  # exact mode has no float rounding to warn about; precision mode has its own digits
    found = []
    operands, kinds = node[3], node[4]
    for i, kind in enumerate(kinds):
        left, right = operands[i], operands[i + 1]
        if _unwrap(left)[0] in _BOOLEAN_KINDS or _unwrap(right)[0] in _BOOLEAN_KINDS:
            continue  # true or false, never a float: no need to compute it (nor what it holds, again)
        try:
            a, b = calc._value(left), calc._value(right)
            if a.__class__ is not float and b.__class__ is not float:
                continue  # ints and fractions compare exactly already
            with_floats = OPERATIONS[kind](a, b)
            if not exact:
                exact.append(_exact_session(calc))
            exact_values = exact[0]._value(left), exact[0]._value(right)
            exactly = OPERATIONS[kind](*exact_values)
        except CalculatorError:
            continue  # a type error, an unknown name (a function body), …: nothing to compare
        if with_floats is exactly:
            continue
        found.append(_float_warning(calc, statement, kind, left, right, (a, b), exact_values, with_floats, exactly))
    return found


def _exact_session(calc: "Calculator") -> "Calculator":
    """A copy of the session in exact mode, its float variables read as the decimals calc shows."""
    scratch = calc.copy()
    scratch.exact = True
    for name, value in calc.variables.items():
        if value.__class__ is float and name not in CONSTANTS:
            scratch._names[name] = Fraction(repr(value))
    return scratch


def _float_warning(
    calc: "Calculator", statement: Statement, kind: str, left: tuple, right: tuple,
    values: tuple, exact_values: tuple, with_floats: bool, exactly: bool,
) -> LintWarning:
    text = statement.text
    sides = [text[left[1] : left[2]], text[right[1] : right[2]]]
    start, end = left[1], right[2]
    source = text[start:end]
    # the sides whose float is not their exact value, and what that float is
    where = [
        f"{side} is {calc.format_full(value)}"  # the float's every digit: the point of the warning
        for side, value, exact in zip(sides, values, exact_values)
        if value.__class__ is float and exact.__class__ is not float and Fraction(repr(value)) != exact
    ]
    a, b = sides
    if _unwrap(right)[0] in ("add", "subtract") and kind in ("equal", "not_equal"):
        b = f"({b})"
    tolerance = _TOLERANCE[kind].format(a=a, b=b)
    shown = "true" if with_floats else "false"
    other = "true" if exactly else "false"
    message = (
        f"{source} is {shown} with floats{', where ' + ' and '.join(where) if where else ''}, "
        f"but {other} computed exactly (--exact); or compare with a tolerance: {tolerance}"
    )
    ours = reading(("compare", start, end, [left, right], [kind], [0]), compact=True)
    return LintWarning(
        "float-equality", message, statement.line, statement.offset + start + 1, statement.line,
        statement.offset + end + 1, source, ours, with_floats, f"{ours} with exact decimals (--exact)", exactly, None,
    )


def _unwrap(node: tuple) -> tuple:
    while node[0] == "group":
        node = node[3]
    return node
