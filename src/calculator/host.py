"""Functions from Python: what an application hands calc with ``Calculator(functions=...)``.

Each becomes a ``Builtin`` (the same record the builtin table holds), so compile_tree checks
its arity where the call is written, explain records it by name and parse-once calls it from
its generated code. The arity comes from the signature: defaults make arguments optional,
``*args`` makes the function variadic. What it returns is held to calc's rules: a number or a
boolean, a finite float, an int within the digit limit. Whatever it raises becomes a
HostFunctionError at the call, with the original exception as its ``__cause__``.
"""

from __future__ import annotations

import math
from fractions import Fraction
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Mapping

from .errors import AssignmentError, HostFunctionError
from .functions import BUILTINS, CONSTANTS, Builtin
from .limits import Limits

__all__ = ["host_functions", "KEYWORDS"]

#: calc's own words, which no name can be
KEYWORDS = frozenset({"if", "then", "else", "and", "or", "not", "true", "false"})
_RESULTS = (int, float, Fraction)


def host_functions(functions: Mapping[str, Callable[..., Any]] | None, limits: Limits) -> dict[str, Builtin]:
    """The host's functions as Builtins; refuses a name that would replace one of calc's."""
    table: dict[str, Builtin] = {}
    if not functions:
        return table
    for name, function in (functions or {}).items():
        _check_name(name)
        if not callable(function):
            raise AssignmentError(f"host function '{name}' is not callable, but {type(function).__name__}")
        low, high = _arity(name, function)
        params = ", ".join(f"x{i + 1}" for i in range(low)) + (", ..." if high is None else "")
        table[name] = Builtin(
            name, _checked_call(name, function, limits), low, high, f"given by the application ({_described(function)})",
            params=params or "", host=True,
        )
    return table


def _check_name(name: str) -> None:
    if name in BUILTINS or name in CONSTANTS:
        what = "builtin function" if name in BUILTINS else "constant"
        raise AssignmentError(f"host function '{name}' would replace calc's {what} '{name}'; give it another name")
    if name in ("ans", "_"):
        raise AssignmentError(f"host function '{name}' would replace the last result '{name}'; give it another name")
    if not (isinstance(name, str) and name.isidentifier() and name.isascii()) or name in KEYWORDS:
        raise AssignmentError(f"host function name {name!r} is not a calc name (ASCII letters, digits and '_', not a keyword)")


def _arity(name: str, function: Callable[..., Any]) -> tuple[int, int | None]:
    import inspect  # only when an application gives functions: it costs start-up time

    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # some C functions have none: any number of arguments
        return 0, None
    low, high = 0, 0
    for parameter in signature.parameters.values():
        if parameter.kind is parameter.VAR_POSITIONAL:
            high = None
        elif parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            if high is not None:
                high += 1
            if parameter.default is parameter.empty:
                low += 1
        elif parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            raise AssignmentError(f"host function '{name}' needs the keyword argument '{parameter.name}', which calc cannot pass")
    return low, high


def _checked_call(name: str, function: Callable[..., Any], limits: Limits) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        try:
            result = function(*args)
        except Exception as exc:  # noqa: BLE001 - whatever the host raises, calc reports it
            detail = str(exc) or type(exc).__name__
            raise HostFunctionError(f"{name}() failed: {detail}") from exc
        kind = result.__class__
        if kind is bool:
            return result
        if kind not in _RESULTS and not isinstance(result, _RESULTS):
            raise HostFunctionError(f"{name}() returned {_described(result)}, not a number or a boolean")
        if isinstance(result, float) and not math.isfinite(result):
            raise HostFunctionError(f"{name}() returned {result!r}, not a finite number")
        if isinstance(result, int) and result.bit_length() > 64:
            limits.check_digits(result.bit_length() * 0.30102999566398120)  # held like any result
        elif isinstance(result, Fraction) and max(result.numerator.bit_length(), result.denominator.bit_length()) > 64:
            limits.check_digits(max(result.numerator.bit_length(), result.denominator.bit_length()) * 0.30102999566398120)
        return result

    call.__name__ = call.__qualname__ = name
    call.__wrapped__ = function  # type: ignore[attr-defined]
    return call


def _described(value: Any) -> str:
    if callable(value):
        return getattr(value, "__qualname__", type(value).__name__)
    return f"a {type(value).__name__}"
