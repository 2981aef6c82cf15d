"""Additive operations (the tutorial's ``calculator.basic``, grown)."""

from __future__ import annotations

from typing import Any

from .errors import NumberTooLargeError

__all__ = ["add", "subtract", "negate", "positive", "TOO_LARGE"]

TOO_LARGE = "the result is too large for a float"


def add(a: Any, b: Any) -> Any:
    """a + b (a float result beyond the largest double is an error, never inf)"""
    r = a + b
    if r.__class__ is float and r - r:  # inf - inf is nan: only non-finite floats get here
        raise NumberTooLargeError(TOO_LARGE)
    return r


def subtract(a: Any, b: Any) -> Any:
    """a - b (a float result beyond the largest double is an error, never inf)"""
    r = a - b
    if r.__class__ is float and r - r:
        raise NumberTooLargeError(TOO_LARGE)
    return r


def negate(a: Any) -> Any:
    """-a"""
    return -a


def positive(a: Any) -> Any:
    """+a"""
    return +a
