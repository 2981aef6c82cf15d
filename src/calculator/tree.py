"""calc's tree, as calculator.parser builds it: tuples ``(kind, start, end, *operands)``.

``kind`` is the grammar's alias. Leaves: ``("number", s, e, value, text)``, ``("boolean", s, e,
value)``, ``("name", s, e, name)``. ``("call", s, e, name, args)``; ``("group", s, e, inner)`` for
parentheses the user wrote; unary operators ``(kind, s, e, operand)``; binary operators and
``logical_and``/``logical_or`` ``(kind, s, e, left, right, operator_offset)``;
``("conditional", s, e, condition, then, else)``; a comparison chain ``1 < x <= 9`` is one
``("compare", s, e, operands, kinds, operator_offsets)`` (lists: n operands, n - 1 kinds and
offsets; the parser extends a chain in place, so a long chain costs linear time). Units:
``("quantity", s, e, number, unit)`` for ``9 km``, ``("convert", s, e, value, unit, operator_offset)``
for ``x to m/s``, and the unit itself is a leaf ``("unit", s, e, factors)``, factors a tuple of
``(name, exponent, s, e)`` (``km/h^2`` is ``(("km", 1, ..), ("h", -2, ..))``). Every walk over a tree asks
:func:`children`, so a new kind of node is described here once.
"""

from __future__ import annotations

__all__ = ["children", "COMPARISONS", "LOGIC", "UNARY_KINDS"]

#: the comparison operators a "compare" node chains, in the grammar's words
COMPARISONS = ("less", "less_equal", "greater", "greater_equal", "equal", "not_equal")
#: short-circuit operators: control flow, not table entries
LOGIC = ("logical_and", "logical_or")
UNARY_KINDS = frozenset({"negate", "positive", "factorial", "logical_not"})
_LEAVES = frozenset({"number", "boolean", "name", "unit"})


def children(node: tuple) -> tuple:
    """The nodes directly inside ``node``, left to right."""
    kind = node[0]
    if kind in _LEAVES:
        return ()
    if kind == "call":
        return node[4]
    if kind == "compare":
        return node[3]
    if kind == "conditional":
        return node[3:6]
    if kind == "group" or kind in UNARY_KINDS:
        return (node[3],)
    return (node[3], node[4])
