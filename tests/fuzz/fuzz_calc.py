#!/usr/bin/env python3
"""Fuzz target for calc: any input is a number or a well-formed CalculatorError, never anything else.

With atheris installed (``pip install atheris``) this is a coverage-guided libFuzzer target:

    .venv/bin/python tests/fuzz/fuzz_calc.py -max_total_time=60 [-timeout=5] [CORPUS_DIR ...]

Without atheris (or with ``--random``) it feeds random bytes through the same checks, in a worker
process that a watchdog restarts when one input takes longer than ``--timeout`` seconds:

    .venv/bin/python tests/fuzz/fuzz_calc.py --random --seconds 60 [--seed N] [--timeout 5]
    .venv/bin/python tests/fuzz/fuzz_calc.py --replay crash-1234abcd ...

Each input's bytes choose how they become calc text: decoded as UTF-8 (bad bytes become lone
surrogates), read as code points (anything up to U+10FFFF, surrogates included), as a soup of
calc's tokens, or as a small program of definitions and expressions built from the grammar; one
bit chooses exact mode. What counts as a failure (a "crash"):

* any exception other than calculator.CalculatorError, while evaluating or formatting the value;
* an exact result with more decimal digits than Limits().max_digits;
* a CalculatorError that is not one of the documented classes, whose ``code``/``str()`` disagree
  with its class/``message``, whose line/column is outside the input, or whose message shows an
  internal word ($END, Token, Traceback, lark, set_int_max_str_digits, ...) the input did not;
* a float result that is inf or nan, or a result that is neither a number nor (when the last
  statement is a definition) the function defined;
* an input still running after the timeout (libFuzzer ``-timeout``, or ``--timeout`` here).

This file is not collected by pytest (no ``test_`` prefix); see tests/fuzz/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import multiprocessing
import os
import random
import re
import sys
import time
import traceback
from fractions import Fraction

try:
    import atheris
except ImportError:  # pragma: no cover - depends on the environment
    atheris = None

_RANDOM_MODE = atheris is None or any(arg in ("--random", "--replay") or arg.startswith("--replay=") for arg in sys.argv[1:])
if _RANDOM_MODE or __name__ != "__main__":
    import calculator
    from calculator.display import format_value
    from calculator.evaluator import UserFunction
    from calculator.functions import BUILTINS
else:  # coverage guidance: atheris instruments the modules imported inside this block
    with atheris.instrument_imports(exclude=["calculator._parse_table"]):  # the parser tables: slow, little gain
        import calculator
        from calculator.display import format_value
        from calculator.evaluator import UserFunction
        from calculator.functions import BUILTINS

DOCUMENTED = {
    "CalculatorError", "CalcSyntaxError", "UnknownNameError", "ArgumentError", "AssignmentError",
    "CalcMathError", "DivisionByZeroError", "DomainError", "NumberTooLargeError", "LimitError",
}  # fmt: skip
MAX_DIGITS = calculator.Limits().max_digits
INTERNAL_WORDS = re.compile(
    r"\$END|\bToken\b|Unexpected(?:Token|Characters|EOF)|__ANON|Traceback|\blark\b|_parse_table"
    r"|set_int_max_str_digits|integer string conversion|internal error|object at 0x|NoneType"
)

# -- bytes -> calc text ----------------------------------------------------------------------

TOKENS = (
    list("0123456789")
    + ["10", "99999", "1.5", ".5", "1e3", "1e308", "1e-320", "2.5", "0x1f", "0b101", "0o17", "1_000", "170", "1000"]
    + ["x", "y", "f", "g", "a", "ans", "_", "pi", "e", "tau"]
    + sorted(BUILTINS)
    + ["+", "-", "*", "/", "//", "%", "^", "**", "!", "(", ")", ",", "=", ";", "#", " ", "\n"]
    + ["\u00a0", "\u2212", "\u00d7", "\x00", "\ud800", "\uff13", "\u0663", "\u00b2", "\r", "\t", "'", "[", ".", "__import__"]
)
NUMBERS = ["0", "1", "2", "3", "7", "10", "0.5", "2.5", "1e308", "1e-320", "1e300", "0x10", "0b11", "1_000", "99999",
           "170", "1000", "10^100", "2^64", "10^99999", "1/3", "0.0", "12345678901234567890", "1e99999", "25205"]
NAMES = ["x", "y", "pi", "e", "tau", "ans", "a"]
BINARY = ["+", "-", "*", "/", "//", "%", "^", "**"]
FUNCTIONS = sorted(BUILTINS) + ["f", "g"]


class Bytes:
    """A cursor over the input: small choices read from its bytes (zeros once it runs out)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        self.pos += 1
        return self.data[self.pos - 1]

    def pick(self, options: list):
        return options[self.byte() % len(options)]


def _expression(cursor: Bytes, depth: int = 0) -> str:
    kind = cursor.byte() % (8 if depth < 6 and cursor.pos < len(cursor.data) else 2)
    if kind == 0:
        return cursor.pick(NUMBERS)
    if kind == 1:
        return cursor.pick(NAMES)
    if kind == 2:
        return f"({_expression(cursor, depth + 1)})"
    if kind == 3:
        return cursor.pick(["-", "+"]) + _expression(cursor, depth + 1)
    if kind == 4:
        return _expression(cursor, depth + 1) + "!"
    if kind == 5:
        args = ", ".join(_expression(cursor, depth + 1) for _ in range(1 + cursor.byte() % 3))
        return f"{cursor.pick(FUNCTIONS)}({args})"
    return f"{_expression(cursor, depth + 1)} {cursor.pick(BINARY)} {_expression(cursor, depth + 1)}"


def text_of(data: bytes) -> tuple[str, bool]:
    """The calc text an input stands for, and whether to evaluate it in exact mode."""
    if not data:
        return "", False
    head, body = data[0], data[1:]
    exact = bool(head & 0x80)
    mode = head % 5
    if mode == 0:
        return body.decode("utf-8", errors="surrogateescape"), exact
    if mode == 1:  # three bytes per code point: every code point, lone surrogates included
        points = [int.from_bytes(body[i : i + 3], "little") % 0x110000 for i in range(0, len(body) - 2, 3)]
        return "".join(map(chr, points)), exact
    if mode == 2:
        return "".join(TOKENS[b % len(TOKENS)] for b in body), exact
    if mode == 3:  # a short text repeated: long lines, deep nesting, long chains
        if len(body) < 3:
            return body.decode("latin-1"), exact
        piece = body[2:].decode("utf-8", errors="surrogateescape")
        times = min(int.from_bytes(body[:2], "little") * 4, 250_000 // len(piece))  # at most ~250,000 chars
        return piece * times, exact
    cursor = Bytes(body)
    lines = [f"x = {_expression(cursor)}", f"y = {_expression(cursor)}", f"f(a) = {_expression(cursor)}",
             f"g(a, b) = f(a) {cursor.pick(BINARY)} b", _expression(cursor)]  # fmt: skip
    return "\n".join(lines), exact


# -- the check ---------------------------------------------------------------------------------


class ContractViolation(AssertionError):
    """calc broke its promise on this input."""


def check_text(text: str, exact: bool = False) -> str:
    """Evaluate ``text``; return the outcome's kind, or raise (the failure) if calc broke its promise."""
    try:
        value = calculator.Calculator(exact=exact).evaluate(text)
        format_value(value)
    except calculator.CalculatorError as error:
        _check_error(text, error)
        return type(error).__name__
    if isinstance(value, UserFunction):
        return "definition"  # the last statement defined a function
    if hasattr(value, "_magnitude"):  # a quantity: its number keeps every promise a number does
        value = value.magnitude
    if value.__class__ not in (int, float, Fraction):
        raise ContractViolation(f"returned {type(value).__name__}, not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ContractViolation(f"returned {value!r}")
    parts = (value.numerator, value.denominator) if isinstance(value, Fraction) else (value,) if isinstance(value, int) else ()
    digits = max((part.bit_length() * 0.3010299956639812 for part in parts), default=0)
    if digits > MAX_DIGITS + 1:
        raise ContractViolation(f"an exact result of about {digits:,.0f} digits, over max_digits={MAX_DIGITS:,}")
    return "value"


def _check_error(text: str, error: Exception) -> None:
    name = type(error).__name__
    if name not in DOCUMENTED:
        raise ContractViolation(f"undocumented error class {name}")
    if error.code != type(error).code or str(error) != error.message or not error.message.strip():
        raise ContractViolation(f"{name}: code/str/message disagree: {error.code!r} {error.message!r}")
    leaked = [m.group() for m in INTERNAL_WORDS.finditer(error.message) if m.group() not in text]
    if leaked:
        raise ContractViolation(f"{name} message shows internal words {leaked}: {error.message[:300]!r}")
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if not (isinstance(error.line, int) and 1 <= error.line <= len(lines)):
        raise ContractViolation(f"{name} at line {error.line!r} of {len(lines)}")
    if not (isinstance(error.column, int) and 1 <= error.column <= len(lines[error.line - 1]) + 1):
        raise ContractViolation(f"{name} at column {error.column!r}; line {error.line} has {len(lines[error.line - 1])} chars")


def check_one(data: bytes) -> str:
    text, exact = text_of(data)
    return check_text(text, exact)


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris looks for
    check_one(data)


# -- without atheris: random inputs in a watched worker ---------------------------------------

SEEDS = [
    b"\x049^9^9^9", b"\x04comb(10^25, 10^7)", b"\x04round(1, -10^9)", b"\x84round(1/3, 10^6)", b"\x801e999999999",
    b"\x00f(x) = g(x); g(x) = f(x); f(1)", b"\x00(" * 3, b"\x00" + "\u0663\u2212\u00d7".encode(), b"\x00x y",
]  # fmt: skip


def random_input(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.1:  # a known-interesting input with a few bytes flipped
        data = bytearray(rng.choice(SEEDS))
        for _ in range(rng.randint(0, 3)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    size = rng.choice([4, 16, 64, 256]) if roll < 0.97 else rng.randint(1000, 40_000)
    return rng.randbytes(rng.randint(0, size))


def _worker(connection, seed: int) -> None:
    rng = random.Random(seed)
    while True:
        data = random_input(rng)
        connection.send(("start", data))
        try:
            kind = check_one(data)
        except BaseException as failure:  # noqa: BLE001 - every failure is reported
            connection.send(("crash", data, f"{type(failure).__name__}: {failure}"[:2000], traceback.format_exc()[-4000:]))
            kind = "crash"
        connection.send(("done", kind))


def run_random(seconds: float, seed: int, timeout: float, artifacts: str | None) -> int:
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    deadline = time.monotonic() + seconds
    executions, failures, slowest = 0, 0, (0.0, b"")
    kinds: dict[str, int] = {}
    worker_seed = seed
    last_report = time.monotonic()
    while time.monotonic() < deadline:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(sender, worker_seed), daemon=True)
        process.start()
        sender.close()
        worker_seed += 1
        current, started = b"", time.monotonic()
        try:
            while time.monotonic() < deadline:
                if not receiver.poll(timeout):
                    failures += 1
                    _report("timeout", current, f"no answer within {timeout:g} s", "", artifacts)
                    break
                try:
                    message = receiver.recv()
                except EOFError:
                    failures += 1
                    _report("crash", current, f"the worker died (exit code {process.exitcode})", "", artifacts)
                    break
                if message[0] == "start":
                    current, started = message[1], time.monotonic()
                elif message[0] == "done":
                    executions += 1
                    kinds[message[1]] = kinds.get(message[1], 0) + 1
                    elapsed = time.monotonic() - started
                    if elapsed > slowest[0]:
                        slowest = (elapsed, current)
                else:
                    failures += 1
                    _report("crash", message[1], message[2], message[3], artifacts)
                if time.monotonic() - last_report > 10:
                    last_report = time.monotonic()
                    print(f"#{executions} executions, {failures} failures", flush=True)
        finally:
            if process.is_alive():
                process.kill()
            process.join()
            receiver.close()
    text, exact = text_of(slowest[1])
    print(f"done: {executions} executions in {seconds:g} s (seed {seed}), {failures} failures")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])))
    print(f"slowest input: {slowest[0]:.3f} s: {text[:120]!r}{' [exact]' if exact else ''}")
    return 1 if failures else 0


def _report(kind: str, data: bytes, what: str, trace: str, artifacts: str | None) -> None:
    text, exact = text_of(data)
    name = f"{kind}-{hashlib.sha1(data).hexdigest()[:16]}"
    print(f"\n== {name}: {what}\n   input: {text[:300]!r}{' [exact]' if exact else ''} ({len(text)} chars)\n{trace}", flush=True)
    if artifacts:
        os.makedirs(artifacts, exist_ok=True)
        with open(os.path.join(artifacts, name), "wb") as file:
            file.write(data)


def replay(paths: list[str]) -> int:
    status = 0
    for path in paths:
        with open(path, "rb") as file:
            data = file.read()
        text, exact = text_of(data)
        started = time.perf_counter()
        try:
            kind = check_one(data)
            print(f"{path}: {kind} in {time.perf_counter() - started:.3f} s: {text[:120]!r}")
        except BaseException:  # noqa: BLE001
            status = 1
            print(f"{path}: FAILED on {text[:300]!r}{' [exact]' if exact else ''}\n{traceback.format_exc()}")
    return status


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], add_help=True)
    parser.add_argument("--random", action="store_true", help="random inputs, even if atheris is installed")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run (random mode)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (random mode)")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds one input may take (random mode)")
    parser.add_argument("--artifacts", default=None, help="directory to save failing inputs in (random mode)")
    parser.add_argument("--replay", nargs="+", metavar="FILE", help="run saved inputs and report")
    options, rest = parser.parse_known_args(argv[1:])
    if options.replay:
        return replay(options.replay)
    if atheris is None or options.random:
        if atheris is None and not options.random:
            print("atheris is not installed: random mode (pip install atheris for coverage-guided fuzzing)")
        seed = options.seed if options.seed is not None else random.randrange(2**32)
        return run_random(options.seconds, seed, options.timeout, options.artifacts)
    libfuzzer_args = [argv[0]] + rest
    if not any(arg.startswith("-timeout=") for arg in rest):
        libfuzzer_args.append("-timeout=5")  # an input running longer is a hang: report it, don't wait 20 minutes
    atheris.Setup(libfuzzer_args, TestOneInput)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
