"""Additive operations (the tutorial's ``calculator.basic``, grown)."""

from __future__ import annotations

from typing import Any

__all__ = ["add", "subtract", "negate", "positive"]


def add(a: Any, b: Any) -> Any:
    """a + b"""
    return a + b


def subtract(a: Any, b: Any) -> Any:
    """a - b"""
    return a - b


def negate(a: Any) -> Any:
    """-a"""
    return -a


def positive(a: Any) -> Any:
    """+a"""
    return +a
