"""``typing.NamedTuple``'s class syntax at run time, without importing typing (3 ms of every
start). Type checkers see typing.NamedTuple itself (see the modules that import this)."""

from __future__ import annotations

from collections import namedtuple

__all__ = ["NamedTuple"]


class _Record(type):
    def __new__(mcls, name: str, bases: tuple, namespace: dict):  # type: ignore[no-untyped-def]
        if not bases:  # NamedTuple itself
            return super().__new__(mcls, name, bases, namespace)
        fields = list(namespace.get("__annotations__", {}))  # in the order written
        defaults = [namespace[f] for f in fields if f in namespace]
        base = namedtuple(name, fields, defaults=defaults, module=namespace.get("__module__"))  # type: ignore[misc]
        body = {k: v for k, v in namespace.items() if k not in fields and k != "__annotations__"}
        body["__slots__"] = ()
        return type(name, (base,), body)


class NamedTuple(metaclass=_Record):
    """Subclass with annotated fields (and defaults), as with typing.NamedTuple."""
