"""calc's performance benchmark: throughput, start-up, parse-once speed and memory.

On a seeded workload of about 20,000 arithmetic lines (ints, decimals, + - * /, small powers,
nested parentheses) it measures:

* correctness first: ``calc FILE`` must print exactly what CPython computes for every line, or
  the run stops; a fast wrong answer does not count;
* file throughput: wall time of the whole ``calc FILE`` process against a CPython process running
  ``eval(compile(line))`` per line, a process reusing one ``simpleeval.SimpleEval``, and ``bc -l``;
* start-up: ``calc -e 1+1`` against ``python -c "print(1+1)"`` on the same interpreter;
* parse once, evaluate many: ``calculator.parse(...).evaluate(x=...)`` against CPython ``eval``
  of a compiled code object, in this process;
* memory: peak RSS of ``calc FILE`` on the workload and on a file ten times as long.

It prints one table with the project's targets and writes tests/benchmarks/results/latest.json.
It is not part of the test suite. From the repository root:

    .venv/bin/python tests/benchmarks/run_benchmarks.py            # full run, under a minute on 2 cores
    .venv/bin/python tests/benchmarks/run_benchmarks.py --quick    # fewer repetitions

simpleeval comes with the ``bench`` extra: ``.venv/bin/pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import hashlib
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
SEED = 20240601
WORKLOAD_LINES = 20_000
MEMORY_FACTOR = 10
MAX_DEPTH = 3  # parentheses nested in parentheses
GROUP_CHANCE = 0.25
# Lines whose intermediate values leave these bounds are dropped (see _checked and _expression).
MAX_MAGNITUDE = 1e50
MIN_MAGNITUDE = 1e-12
MIN_DIVISOR = 1e-9
CANCELLATION = 1e-9
MAX_POWER_BASE = 4_000_000  # simpleeval refuses a larger base (its MAX_POWER)
EXPONENTS = (2, 2, 2, 3, 3, 0, 1, -1, -2)
PARSE_ONCE_CALC = "x^2 + 3*x - 1/(x+1)"
PARSE_ONCE_PYTHON = "x**2 + 3*x - 1/(x+1)"
PARSE_ONCE_VALUES = 40_000
UNIT_LINES = 5_000
#: unit conversions, as calc writes them and as pint's own parser reads them (its juxtaposition
#: binds looser than /, so a quotient's denominator is bracketed); {a} and {b} are numbers
UNIT_FORMS = [
    ("{a} km / {b} h to m/s", "({a} km) / ({b} h)", "m/s"),
    ("{a} ft + {b} in to cm", "{a} ft + {b} in", "cm"),
    ("{a} degC to degF", "Q_({a}, 'degC')", "degF"),
    ("{a} lb to kg", "{a} lb", "kg"),
    ("{a} mi/h to km/h", "{a} mi/h", "km/h"),
    ("{a} kWh / {b} h to W", "({a} kWh) / ({b} h)", "W"),
]
PINT_SCRIPT = """\
import sys
import pint
ureg = pint.UnitRegistry()
Q_ = ureg.Quantity
write = sys.stdout.write
for line in open(sys.argv[1]):
    expression, _, target = line.rstrip("\\n").partition(" | ")
    value = eval(expression, {"Q_": Q_}) if expression.startswith("Q_") else ureg.parse_expression(expression)
    write(repr(value.to(target).magnitude) + "\\n")
"""
GNU_TIME = "/usr/bin/time"

# The reference processes print every result as calc does (repr), so all do the same I/O.
EVAL_SCRIPT = """\
import sys

namespace = {"__builtins__": {}}
write = sys.stdout.write
with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        write(repr(eval(compile(line, "<l>", "eval"), namespace)) + "\\n")
"""

# The same, for lines whose value may be a boolean: printed true/false, as calc prints them.
SHOWN = 'def shown(v):\n    return ("true" if v else "false") if v is True or v is False else repr(v)\n'
EVAL_LOGIC_SCRIPT = EVAL_SCRIPT.replace("import sys\n", "import sys\n" + SHOWN).replace("write(repr(", "write(shown(")

SIMPLEEVAL_SCRIPT = """\
import sys

from simpleeval import SimpleEval

evaluator = SimpleEval()
write = sys.stdout.write
with open(sys.argv[1], encoding="utf-8") as lines:
    for line in lines:
        write(repr(evaluator.eval(line)) + "\\n")
"""


SIMPLEEVAL_LOGIC_SCRIPT = SIMPLEEVAL_SCRIPT.replace("import sys\n", "import sys\n" + SHOWN).replace("write(repr(", "write(shown(")


class BenchmarkError(Exception):
    """The benchmark cannot give a meaningful answer (wrong results, missing tool)."""


# -- workload -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    calc: str  # calc syntax, power is ^
    python: str  # the same expression in Python syntax, power is **


class Reject(Exception):
    """The expression being built is unfit for the workload; start another."""


# An expression's calc text and its value, computed as CPython would, to vet the line as it grows.
Built = tuple[str, "float | int"]


def _checked(value: float | int) -> float | int:
    # Ordinary magnitudes only: far from float overflow (calc refuses inf, where CPython would
    # carry it on), and nothing bc's 20 decimal places would round to zero.
    if value and not MIN_MAGNITUDE <= abs(value) <= MAX_MAGNITUDE:  # also rejects nan
        raise Reject
    return value


def _number(rng: random.Random) -> Built:
    if rng.random() < 0.55:
        text = str(rng.randint(0, 10**6) if rng.random() < 0.1 else rng.randint(0, 999))
        return text, int(text)
    fraction = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 3)))
    whole = "" if rng.random() < 0.05 else str(rng.randint(0, 999))  # ".5" reads the same everywhere
    text = f"{whole}.{fraction}"
    return text, float(text)


def _primary(rng: random.Random, depth: int) -> Built:
    if depth < MAX_DEPTH and rng.random() < GROUP_CHANCE:
        text, value = _expression(rng, depth + 1)
        return f"({text})", value
    return _number(rng)


def _factor(rng: random.Random, depth: int) -> Built:
    # A minus never stands right before a power: bc would read -2^2 as (-2)^2.
    text, value = _primary(rng, depth)
    roll = rng.random()
    if roll < 0.15:
        return "-" + text, -value
    if roll < 0.35:
        exponent = rng.choice(EXPONENTS)
        if abs(value) > MAX_POWER_BASE or (exponent < 0 and abs(value) < MIN_DIVISOR):
            raise Reject
        try:
            return f"{text}^{exponent}", _checked(value**exponent)
        except ArithmeticError:
            raise Reject from None
    return text, value


def _term(rng: random.Random, depth: int) -> Built:
    text, value = _factor(rng, depth)
    for _ in range(rng.randint(0, 1)):
        operator = rng.choice("*/")
        right, operand = _factor(rng, depth)
        text += (f" {operator} " if rng.random() < 0.5 else operator) + right
        if operator == "*":
            value = _checked(value * operand)
        elif abs(operand) < MIN_DIVISOR:  # zero for CPython, or for bc
            raise Reject
        else:
            value = _checked(value / operand)
    return text, value


def _expression(rng: random.Random, depth: int = 0) -> Built:
    count = rng.randint(2, 3) if depth == 0 else rng.randint(1, 2)
    text, value = _term(rng, depth)
    for _ in range(count - 1):
        operator = rng.choice("+-")
        right, operand = _term(rng, depth)
        text += f" {operator} " + right  # always spaced: bc reads "3--5" as a decrement
        result = value + operand if operator == "+" else value - operand
        # Float rounding left over from a cancellation: exactly zero for bc, so drop the line.
        if result and abs(result) < CANCELLATION * max(abs(value), abs(operand)):
            raise Reject
        value = _checked(result)
    return text, value


def generate_workload(count: int, seed: int = SEED) -> list[Line]:
    """``count`` lines; the same seed always gives the same lines (a longer run extends a shorter)."""
    rng = random.Random(seed)
    lines: list[Line] = []
    while len(lines) < count:
        try:
            text, _ = _expression(rng)
        except Reject:
            continue
        lines.append(Line(text, text.replace("^", "**")))
    return lines


COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


def _condition(rng: random.Random) -> tuple[str, str, bool]:
    """A comparison of two arithmetic expressions, maybe negated or joined by and/or."""
    (left, a), (right, b) = _expression(rng, MAX_DEPTH - 1), _expression(rng, MAX_DEPTH - 1)
    op = rng.choice(COMPARISONS)
    value = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op]
    calc, python = f"{left} {op} {right}", f"{left.replace('^', '**')} {op} {right.replace('^', '**')}"
    roll = rng.random()
    if roll < 0.2:
        return f"not {calc}", f"not {python}", not value
    if roll < 0.5:
        word = rng.choice(("and", "or"))
        other_calc, other_python, other = _condition(rng)
        joined = (value and other) if word == "and" else (value or other)
        return f"{calc} {word} {other_calc}", f"{python} {word} {other_python}", joined
    return calc, python, value


def generate_logic_workload(count: int, seed: int = SEED) -> list[Line]:
    """Lines with conditionals: ``if C then A else B``, and comparisons joined by and/or/not."""
    rng = random.Random(seed + 1)
    lines: list[Line] = []
    while len(lines) < count:
        try:
            condition, python_condition, _ = _condition(rng)
            if rng.random() < 0.6:
                (then, _), (otherwise, _) = _expression(rng), _expression(rng)
                lines.append(Line(
                    f"if {condition} then {then} else {otherwise}",
                    f"({then.replace('^', '**')}) if {python_condition} else ({otherwise.replace('^', '**')})",
                ))
            else:
                lines.append(Line(condition, python_condition))
        except Reject:
            continue
    return lines


def shown(value: object) -> str:
    """A value as calc prints it: booleans true/false, numbers as repr."""
    return ("true" if value else "false") if isinstance(value, bool) else repr(value)


def python_answers(lines: Sequence[Line]) -> list[str]:
    """What CPython's own eval gives for each line, printed as calc prints numbers."""
    namespace: dict = {"__builtins__": {}}
    return [shown(eval(compile(line.python, "<workload>", "eval"), namespace)) for line in lines]


def write_lines(path: Path, texts: Sequence[str]) -> Path:
    path.write_text("".join(text + "\n" for text in texts), encoding="utf-8")
    return path


# -- running processes ---------------------------------------------------------------------------


_installed: list[str] = []


def calc_command() -> list[str]:
    """``calc`` from the project's wheel, installed in a throwaway venv: the process users run.

    Not the editable install: this environment sets PYTHONDONTWRITEBYTECODE, so an editable
    install recompiles the generated parser on every start, while pip byte-compiles a wheel.
    --no-deps is enough: ``calc FILE`` and ``calc -e`` import neither lark nor prompt_toolkit;
    pint (and what it needs) is installed beside it for the units figures.
    """
    if not _installed:
        root = Path(__file__).resolve().parents[2]
        place = Path(tempfile.mkdtemp(prefix="calc-bench-wheel-"))
        atexit.register(shutil.rmtree, place, True)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(place / "dist"), str(root)], **quiet)
        subprocess.run([sys.executable, "-m", "venv", str(place / "venv")], **quiet)
        wheels = [str(w) for w in (place / "dist").glob("*.whl")]
        subprocess.run([str(place / "venv" / "bin" / "pip"), "install", "-q", "--no-deps", *wheels], **quiet)
        subprocess.run([str(place / "venv" / "bin" / "pip"), "install", "-q", "pint"], **quiet)
        _installed.append(str(place / "venv" / "bin" / "calc"))
    return list(_installed)


def child_env() -> dict[str, str]:
    env = dict(os.environ, NO_COLOR="1", BC_LINE_LENGTH="0")  # bc: one result per line
    env.pop("PYTHONSTARTUP", None)
    return env


@dataclass
class Run:
    seconds: float
    returncode: int
    stderr: str


def timed_run(command: Sequence[str], stdout: Path | None = None) -> Run:
    """Wall time of one whole process, stdout to a file (or discarded), stdin empty."""
    with open(stdout, "wb") if stdout else contextlib.nullcontext(subprocess.DEVNULL) as out:
        start = time.perf_counter()
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE, env=child_env())
        seconds = time.perf_counter() - start
    return Run(seconds, done.returncode, done.stderr.decode("utf-8", "replace"))


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- correctness ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    lines: list[Line]
    expected: list[str]  # CPython's answers, as calc prints numbers
    calc_file: Path
    python_file: Path


def calc_problems(workload: Workload, stdout: str, stderr: str) -> list[str]:
    """Every line where ``calc FILE`` did not print CPython's answer (a failing line prints nothing)."""
    pattern = re.compile(rf"^{re.escape(str(workload.calc_file))}:(\d+):\d+: error: (.*)$", re.MULTILINE)
    errors = {int(match[1]): match[2] for match in pattern.finditer(stderr)}
    answers = iter(stdout.splitlines())
    problems = []
    for number, (line, expected) in enumerate(zip(workload.lines, workload.expected), 1):
        got = f"error: {errors[number]}" if number in errors else next(answers, "<no output>")
        if got != expected and got != as_calc_shows(expected):
            problems.append(f"line {number}: {line.calc}\n    calc:    {got}\n    CPython: {expected}")
    extra = list(answers)
    if extra:
        problems.append(f"{len(extra)} more output lines than input lines, the first: {extra[0]}")
    if stderr.strip() and not errors:
        problems.append(f"calc wrote to stderr: {stderr.strip()[:500]}")
    return problems


def as_calc_shows(answer: str) -> str:
    """CPython's float as calc shows it by default (15 significant digits at most), so that the
    check reads calc's normal output; other answers as they are."""
    from calculator.display import display_float

    try:
        value = float(answer)
    except ValueError:
        return answer
    return display_float(value) if ("." in answer or "e" in answer) else answer


def check_calc(workload: Workload, stdout: Path, run: Run) -> None:
    problems = calc_problems(workload, stdout.read_text(encoding="utf-8"), run.stderr)
    if problems:
        shown = "\n".join(problems[:10])
        more = f"\n... and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise BenchmarkError(
            f"calc and CPython disagree on {len(problems)} of {len(workload.lines)} lines; "
            f"no speed is reported for wrong answers.\n{shown}{more}"
        )


def check_same_answers(name: str, workload: Workload, stdout: Path, run: Run) -> None:
    """A reference must compute the workload too, or its time means nothing."""
    answers = stdout.read_text(encoding="utf-8").splitlines()
    if run.returncode != 0 or answers != workload.expected:
        raise BenchmarkError(f"{name} did not reproduce CPython's answers (status {run.returncode}): {run.stderr[:500]}")


def check_line_count(name: str, workload: Workload, stdout: Path, run: Run) -> None:
    """bc works to 20 decimal places, so check only that it read and answered every line."""
    answers = stdout.read_text(encoding="utf-8").splitlines()
    if run.returncode != 0 or run.stderr.strip() or len(answers) != len(workload.lines):
        raise BenchmarkError(
            f"{name} printed {len(answers)} answers for {len(workload.lines)} lines: {run.stderr[:500]}"
        )


# -- measurements --------------------------------------------------------------------------------


@dataclass
class Contender:
    name: str
    command: list[str]
    check: Callable[[Path, Run], None]
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def file_throughput(contenders: Sequence[Contender], rounds: int, scratch: Path) -> None:
    """One checked warm-up run each, then ``rounds`` timed rounds taken in turn to share the noise."""
    output = scratch / "output.txt"
    for contender in contenders:
        progress(f"  checking {contender.name}")
        contender.check(output, timed_run(contender.command, output))
    for number in range(rounds):
        progress(f"  round {number + 1}/{rounds}")
        for contender in contenders:
            contender.seconds.append(timed_run(contender.command, output).seconds)


def start_up(runs: int) -> tuple[list[float], list[float]]:
    """Seconds for ``calc -e 1+1`` and for ``python -c "print(1+1)"``, alternating."""
    calc = calc_command() + ["-e", "1+1"]
    python = [str(Path(calc_command()[0]).with_name("python")), "-c", "print(1+1)"]  # the same venv and interpreter
    answer = subprocess.run(calc, capture_output=True, text=True, env=child_env())
    if answer.stdout != "2\n":
        raise BenchmarkError(f"calc -e 1+1 printed {answer.stdout!r} {answer.stderr!r}")
    calc_seconds, python_seconds = [], []
    for _ in range(runs):
        calc_seconds.append(timed_run(calc).seconds)
        python_seconds.append(timed_run(python).seconds)
    return calc_seconds, python_seconds


def best_of(repeats: int, function: Callable[[], object]) -> float:
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


PARSE_ONCE_INPUTS = {
    "floats": [i * 0.25 + 0.5 for i in range(PARSE_ONCE_VALUES)],  # never -1
    "ints": list(range(PARSE_ONCE_VALUES)),
}


def parse_once(rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    """For float and for int values of x: seconds to evaluate one parsed expression at every x,
    calc and CPython eval taken in turn for ``rounds`` rounds, after checking they agree."""
    import calculator

    expression = calculator.parse(PARSE_ONCE_CALC)
    code = compile(PARSE_ONCE_PYTHON, "<parse-once>", "eval")
    evaluate = expression.evaluate
    figures = {}
    for kind, xs in PARSE_ONCE_INPUTS.items():

        def run_calc() -> list:
            return [evaluate(x=x) for x in xs]

        def run_eval() -> list:
            return [eval(code, {}, {"x": x}) for x in xs]

        ours, theirs = run_calc(), run_eval()
        if ours != theirs or [type(v) for v in ours] != [type(v) for v in theirs]:
            raise BenchmarkError(f"calculator.parse({PARSE_ONCE_CALC!r}) and CPython disagree on {kind}")
        calc_seconds, eval_seconds = [], []
        for _ in range(rounds):
            calc_seconds.append(best_of(1, run_calc))
            eval_seconds.append(best_of(1, run_eval))
        figures[kind] = (calc_seconds, eval_seconds)
    return figures


def unit_workload(scratch: Path) -> tuple[Path, Path, list[float]]:
    """UNIT_LINES conversions: calc's file, pint's file (expression | target), and pint's answers."""
    import pint

    rng = random.Random(SEED)
    calc_lines, pint_lines = [], []
    for _ in range(UNIT_LINES):
        calc_form, pint_form, target = rng.choice(UNIT_FORMS)
        a, b = round(rng.uniform(1, 500), 2), round(rng.uniform(1, 50), 1)
        calc_lines.append(calc_form.format(a=a, b=b))
        pint_lines.append(f"{pint_form.format(a=a, b=b)} | {target}")
    calc_file = write_lines(scratch / "units.calc", calc_lines)
    pint_file = write_lines(scratch / "units.txt", pint_lines)
    ureg = pint.UnitRegistry()
    answers = []
    for line in pint_lines:
        expression, _, target = line.partition(" | ")
        value = eval(expression, {"Q_": ureg.Quantity}) if expression.startswith("Q_") else ureg.parse_expression(expression)
        answers.append(value.to(target).magnitude)
    return calc_file, pint_file, answers


def check_unit_answers(name: str, answers: list[float], out: Path, run: Run, numbers: Callable[[str], float]) -> None:
    """Every line's magnitude agrees with pint's to 1e-9 (calc converts a float exactly and
    rounds once; pint rounds at each step, so the last digits may differ)."""
    if run.returncode != 0:
        raise BenchmarkError(f"{name} failed on the units file: {run.stderr[:300]!r}")
    got = out.read_text().splitlines()
    if len(got) != len(answers):
        raise BenchmarkError(f"{name} printed {len(got)} lines for {len(answers)} conversions")
    for number, (text, answer) in enumerate(zip(got, answers), 1):
        if not math.isclose(numbers(text), answer, rel_tol=1e-9):
            raise BenchmarkError(f"{name}, line {number}: {text!r}, pint says {answer!r}")


def units_figures(rounds: int, runs: int, scratch: Path) -> dict[str, list[float]]:
    """The first quantity's cost (calc -e '1 km to m' against calc -e '1+1'), pint's own registry
    load, and a file of conversions through calc against the same conversions through pint."""
    calc_file, pint_file, answers = unit_workload(scratch)
    script = write_lines(scratch / "pint_lines.py", [PINT_SCRIPT])
    python = str(Path(calc_command()[0]).with_name("python"))
    calc = Contender("calc", [*calc_command(), str(calc_file)], lambda out, run: check_unit_answers("calc", answers, out, run, lambda t: float(t.split()[0])))
    pint_run = Contender("pint", [python, str(script), str(pint_file)], lambda out, run: check_unit_answers("pint", answers, out, run, float))
    file_throughput([calc, pint_run], rounds, scratch)
    first = [*calc_command(), "-e", "1 km to m"]
    plain = [*calc_command(), "-e", "1+1"]
    registry = [python, "-c", "import pint; pint.UnitRegistry()"]
    if subprocess.run(first, capture_output=True, text=True, env=child_env()).stdout != "1000 m\n":
        raise BenchmarkError("calc -e '1 km to m' did not print 1000 m")
    seconds: dict[str, list[float]] = {"first": [], "plain": [], "pint_registry": []}
    for _ in range(runs):
        seconds["first"].append(timed_run(first).seconds)
        seconds["plain"].append(timed_run(plain).seconds)
        seconds["pint_registry"].append(timed_run(registry).seconds)
    return {"calc_file": calc.seconds, "pint_file": pint_run.seconds, **seconds}


def tracing_cost(workload: "Workload", repeats: int) -> tuple[float, float, float]:
    """Best seconds to run the workload's lines in-process: with the plain dispatch (calc's
    normal path), with explain off asked for explicitly, and with every call recorded."""
    from collections import deque

    import calculator

    texts = [line.calc for line in workload.lines]

    def run(**options: bool) -> None:
        session = calculator.Calculator()
        for number, text in enumerate(texts, 1):
            deque(session.run_line(text, number, **options), maxlen=0)

    return (
        best_of(repeats, lambda: run()),
        best_of(repeats, lambda: run(explain=False)),
        best_of(repeats, lambda: run(explain=True)),
    )


def peak_rss_kib(command: Sequence[str], scratch: Path) -> int:
    """Peak resident set size of one process, in KiB (GNU time, or a fresh Python wrapper)."""
    if os.access(GNU_TIME, os.X_OK):
        report = scratch / "rss.txt"
        wrapped = [GNU_TIME, "-f", "%M", "-o", str(report), *command]
        subprocess.run(wrapped, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=child_env(), check=True)
        return int(report.read_text().split()[-1])
    # Only one child in a fresh process, so RUSAGE_CHILDREN is that child's own peak.
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True)
    return int(done.stdout)


# -- report --------------------------------------------------------------------------------------


@dataclass
class Target:
    higher_is_better: bool
    least: float  # the bar: "at least" (or "at most" when lower is better)
    aim: float

    def verdict(self, ratio: float) -> str:
        def reaches(bar: float) -> bool:
            return ratio >= bar if self.higher_is_better else ratio <= bar

        return "aim met" if reaches(self.aim) else "met" if reaches(self.least) else "NOT met"

    def describe(self) -> tuple[str, str]:
        sign = ">=" if self.higher_is_better else "<="
        return f"{sign} {self.least:g}x", f"{sign} {self.aim:g}x"


@dataclass
class Row:
    measure: str
    calc: str
    reference: str
    ratio: float | None
    meaning: str
    target: Target | None = None

    def cells(self) -> list[str]:
        least, aim = self.target.describe() if self.target else ("-", "-")
        ratio = "-" if self.ratio is None else f"{self.ratio:.2f}x"
        met = self.target.verdict(self.ratio) if self.target and self.ratio is not None else "-"
        return [self.measure, self.calc, self.reference, ratio, self.meaning, least, aim, met]


HEADER = ["measure", "calc", "reference", "ratio", "ratio means", "at least / at most", "aim for", "met"]


def render_table(rows: Sequence[Row]) -> str:
    body = [row.cells() for row in rows]
    widths = [max(len(cells[i]) for cells in [HEADER, *body]) for i in range(len(HEADER))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(HEADER), rule, *(line(cells) for cells in body)])


def per_second(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f} expr/s"


# key in Figures.references → (what the row calls it, whose speed the ratio divides by, target)
THROUGHPUT_ROWS: dict[str, tuple[str, str, Target | None]] = {
    "simpleeval": ("reused simpleeval.SimpleEval", "simpleeval's", Target(True, 0.45, 0.5)),
    "eval": ("CPython eval(compile(line))", "CPython eval's", None),
    "bc": ("bc -l", "bc's", None),
}


def paired_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of the ratios of runs taken in turn (A B A B …): pairs share the noise."""
    return statistics.median(n / d for n, d in zip(numerators, denominators))


def throughput_rows(
    lines: int, calc: Contender, references: dict[str, Contender | None], title: str = "File throughput", keys: Sequence[str] = (),
    targets: bool = True,
) -> list[Row]:
    rows = []
    for key, (label, whose, target) in THROUGHPUT_ROWS.items():
        if keys and key not in keys:
            continue
        reference = references.get(key)
        measure, speed = f"{title} vs {label}", per_second(lines, calc.median)
        if reference is None:
            rows.append(Row(measure, speed, "skipped: not installed", None, ""))
        else:
            ratio = paired_ratio(reference.seconds, calc.seconds)
            meaning = f"calc speed as a fraction of {whose}, median of {len(calc.seconds)} paired rounds (higher is better)"
            rows.append(Row(measure, speed, per_second(lines, reference.median), ratio, meaning, target if targets else None))
    return rows


def write_json(path: Path, data: dict) -> None:
    """Written beside the target and renamed, so an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.tmp")
    partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)


def machine() -> dict[str, object]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpus": os.cpu_count(),
        "python": sys.version,
        "python_executable": sys.executable,
    }


# -- main ----------------------------------------------------------------------------------------


def markdown_table(data: dict) -> str:
    """README's Performance table, from a results file (so the README is never hand-copied)."""
    head = "| measure | calc | reference | ratio | at least / at most | aim for | met |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for row in data["table"]:
        target = row.get("target")
        if target:
            sign = ">=" if target["higher_is_better"] else "<="
            least, aim = f"{sign} {target['least']:g}x", f"{sign} {target['aim']:g}x"
        else:
            least = aim = "-"
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.2f}x"
        lines.append(f"| {row['measure']} | {row['calc']} | {row['reference']} | {ratio} | {least} | {aim} | {row['met']} |")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (for a fast look, not for the record)")
    parser.add_argument("--markdown", action="store_true", help="print README's table from the results file and stop")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"where the JSON goes (default {RESULTS})")
    return parser.parse_args(argv)


def require_simpleeval() -> None:
    try:
        import simpleeval  # noqa: F401
    except ImportError:
        raise BenchmarkError(
            "simpleeval is not installed; it is in the bench extra: .venv/bin/pip install -e '.[bench]'"
        ) from None


def prepare(scratch: Path) -> tuple[Workload, Path]:
    """The workload's files, and a file ten times as long for the memory measure."""
    progress(f"generating {WORKLOAD_LINES * MEMORY_FACTOR:,} lines (seed {SEED})")
    all_lines = generate_workload(WORKLOAD_LINES * MEMORY_FACTOR)
    lines = all_lines[:WORKLOAD_LINES]
    workload = Workload(
        lines,
        python_answers(lines),
        write_lines(scratch / "workload.calc", [line.calc for line in lines]),
        write_lines(scratch / "workload.txt", [line.python for line in lines]),
    )
    return workload, write_lines(scratch / "workload_x10.calc", [line.calc for line in all_lines])


def prepare_logic(scratch: Path) -> Workload:
    lines = generate_logic_workload(WORKLOAD_LINES // 2)
    return Workload(
        lines,
        python_answers(lines),
        write_lines(scratch / "logic.calc", [line.calc for line in lines]),
        write_lines(scratch / "logic.txt", [line.python for line in lines]),
    )


def contenders(workload: Workload, scratch: Path, logic: bool = False) -> tuple[Contender, dict[str, Contender | None]]:
    """calc and the references it is timed against (None: bc is not installed, or the
    workload has conditionals, which bc's language writes otherwise)."""
    suffix = "_logic" if logic else ""
    eval_script = write_lines(scratch / f"eval_lines{suffix}.py", [EVAL_LOGIC_SCRIPT if logic else EVAL_SCRIPT])
    simpleeval_script = write_lines(scratch / f"simpleeval_lines{suffix}.py", [SIMPLEEVAL_LOGIC_SCRIPT if logic else SIMPLEEVAL_SCRIPT])
    python_file = str(workload.python_file)
    calc = Contender("calc", [*calc_command(), str(workload.calc_file)], lambda out, run: check_calc(workload, out, run))
    bc = shutil.which("bc")
    references: dict[str, Contender | None] = {
        "simpleeval": Contender(
            "simpleeval",
            [sys.executable, str(simpleeval_script), python_file],
            lambda out, run: check_same_answers("simpleeval", workload, out, run),
        ),
        "eval": Contender(
            "CPython eval",
            [sys.executable, str(eval_script), python_file],
            lambda out, run: check_same_answers("CPython eval", workload, out, run),
        ),
        "bc": Contender(
            "bc -l", [bc, "-l", str(workload.calc_file)], lambda out, run: check_line_count("bc", workload, out, run)
        )
        if bc and not logic
        else None,
    }
    if logic:
        del references["bc"]
    return calc, references


@dataclass
class Figures:
    """Every number the run measured (seconds unless named otherwise)."""

    lines: int
    memory_lines: int
    calc: Contender
    references: dict[str, Contender | None]
    startup_calc: list[float]
    startup_python: list[float]
    parse_once: dict[str, tuple[list[float], list[float]]]
    parse_repeats: int
    rss_kib: int
    rss_long_kib: int
    tracing: tuple[float, float, float] = (0.0, 0.0, 0.0)  # plain, explain off, explain on
    logic_lines: int = 0
    logic_calc: Contender | None = None
    logic_references: dict[str, Contender | None] = field(default_factory=dict)
    units: dict[str, list[float]] = field(default_factory=dict)


def measure(options: argparse.Namespace, scratch: Path) -> tuple[Workload, Figures]:
    rounds, startup_runs, parse_repeats = (2, 6, 3) if options.quick else (7, 31, 9)
    workload, long_file = prepare(scratch)
    calc, references = contenders(workload, scratch)
    lines = len(workload.lines)

    progress(f"file throughput: {lines:,} lines, {rounds} rounds")
    file_throughput([calc, *(c for c in references.values() if c)], rounds, scratch)

    logic = prepare_logic(scratch)
    logic_calc, logic_references = contenders(logic, scratch, logic=True)
    progress(f"file throughput with conditionals: {len(logic.lines):,} lines, {rounds} rounds")
    file_throughput([logic_calc, *(c for c in logic_references.values() if c)], rounds, scratch)

    progress(f"start-up: {startup_runs} runs each")
    startup_calc, startup_python = start_up(startup_runs)

    progress(f"parse once, evaluate {PARSE_ONCE_VALUES:,} times, floats and ints: {parse_repeats} rounds")
    parse_figures = parse_once(parse_repeats)

    progress(f"peak memory: {lines:,} and {lines * MEMORY_FACTOR:,} lines")
    rss = peak_rss_kib([*calc_command(), str(workload.calc_file)], scratch)
    rss_long = peak_rss_kib([*calc_command(), str(long_file)], scratch)

    progress(f"explain's tracing: {lines:,} lines in-process, best of {parse_repeats}")
    tracing = tracing_cost(workload, parse_repeats)

    progress(f"units: {UNIT_LINES:,} conversions, calc and pint, {rounds} rounds; first quantity, {startup_runs // 2} runs")
    units = units_figures(rounds, startup_runs // 2, scratch)
    return workload, Figures(
        lines, lines * MEMORY_FACTOR, calc, references, startup_calc, startup_python,
        parse_figures, parse_repeats, rss, rss_long, tracing, len(logic.lines), logic_calc, logic_references, units,
    )


def table(figures: Figures) -> list[Row]:
    startup_calc = statistics.median(figures.startup_calc)
    startup_python = statistics.median(figures.startup_python)
    parse_rows = []
    for kind, (calc_seconds, eval_seconds) in figures.parse_once.items():
        parse_rows.append(Row(
            f"Parse once, evaluate {PARSE_ONCE_VALUES:,}x ({kind}) vs CPython eval(code)",
            f"{PARSE_ONCE_VALUES / statistics.median(calc_seconds):,.0f} eval/s",
            f"{PARSE_ONCE_VALUES / statistics.median(eval_seconds):,.0f} eval/s",
            paired_ratio(eval_seconds, calc_seconds),
            f"calc speed as a fraction of CPython eval's, median of {len(calc_seconds)} paired rounds (higher is better)",
            Target(True, 0.55, 0.8),
        ))
    logic_rows = (
        throughput_rows(
            figures.logic_lines, figures.logic_calc, figures.logic_references, "Conditionals file", ("simpleeval", "eval"), targets=False
        )
        if figures.logic_calc else []
    )
    return [
        *throughput_rows(figures.lines, figures.calc, figures.references),
        *logic_rows,
        *parse_rows,
        Row(
            "Start-up: calc -e 1+1 vs python -c 'print(1+1)'",
            f"{startup_calc * 1000:.1f} ms",
            f"{startup_python * 1000:.1f} ms",
            paired_ratio(figures.startup_calc, figures.startup_python),
            f"calc time as a multiple of python's, median of {len(figures.startup_calc)} paired runs (lower is better)",
            Target(False, 3, 2.5),
        ),
        Row(
            f"Peak memory: calc FILE, {figures.memory_lines:,} vs {figures.lines:,} lines",
            f"{figures.rss_long_kib / 1024:.1f} MB",
            f"{figures.rss_kib / 1024:.1f} MB",
            figures.rss_long_kib / figures.rss_kib,
            f"peak RSS on {MEMORY_FACTOR}x the lines as a multiple of 1x (lower is better)",
            Target(False, 1.1, 1.1),
        ),
        *unit_rows(figures.units),
        Row(
            "Explain off (explain=False) vs the plain path",
            f"{figures.tracing[1] * 1000:.0f} ms",
            f"{figures.tracing[0] * 1000:.0f} ms",
            figures.tracing[1] / figures.tracing[0],
            "time with tracing off as a multiple of the plain run (1.00x: costs nothing)",
        ),
        Row(
            "Explain on (every call recorded) vs off",
            f"{figures.tracing[2] * 1000:.0f} ms",
            f"{figures.tracing[1] * 1000:.0f} ms",
            figures.tracing[2] / figures.tracing[1],
            "time with tracing on as a multiple of tracing off",
        ),
    ]


def unit_rows(units: dict[str, list[float]]) -> list[Row]:
    if not units:
        return []
    first, plain, registry = (statistics.median(units[k]) for k in ("first", "plain", "pint_registry"))
    return [
        Row(
            f"Units file: {UNIT_LINES:,} conversions, calc FILE vs the same through pint's parser",
            per_second(UNIT_LINES, statistics.median(units["calc_file"])),
            per_second(UNIT_LINES, statistics.median(units["pint_file"])),
            paired_ratio(units["pint_file"], units["calc_file"]),
            f"calc speed as a fraction of pint's, median of {len(units['calc_file'])} paired rounds, both loading pint (higher is better)",
        ),
        Row(
            "First quantity: calc -e '1 km to m' vs calc -e '1+1'",
            f"{first * 1000:.0f} ms",
            f"{plain * 1000:.0f} ms",
            paired_ratio(units["first"], units["plain"]),
            f"the registry load a first unit costs: {(first - plain) * 1000:.0f} ms (pint alone: "
            f"python -c 'import pint; pint.UnitRegistry()' {registry * 1000:.0f} ms, without calc's cache)",
        ),
    ]


def results(options: argparse.Namespace, workload: Workload, figures: Figures, rows: Sequence[Row]) -> dict:
    timed = {"calc": figures.calc, **figures.references}
    return {
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "quick": options.quick,
        "machine": machine(),
        "workload": {
            "seed": SEED,
            "lines": figures.lines,
            "sha256": hashlib.sha256(workload.calc_file.read_bytes()).hexdigest(),
            "memory_lines": figures.memory_lines,
        },
        "file_throughput_seconds": {
            name: {"runs": c.seconds, "median": c.median, "expr_per_second": figures.lines / c.median}
            for name, c in timed.items()
            if c
        },
        "startup_seconds": {
            "calc": {"runs": figures.startup_calc, "median": statistics.median(figures.startup_calc)},
            "python": {"runs": figures.startup_python, "median": statistics.median(figures.startup_python)},
        },
        "parse_once_seconds": {
            "values": PARSE_ONCE_VALUES,
            "rounds": figures.parse_repeats,
            **{kind: {"calc": calc, "eval": ev} for kind, (calc, ev) in figures.parse_once.items()},
        },
        "conditionals_throughput_seconds": {
            name: {"runs": c.seconds, "median": c.median, "expr_per_second": figures.logic_lines / c.median}
            for name, c in {"calc": figures.logic_calc, **figures.logic_references}.items()
            if c
        },
        "units_seconds": figures.units,
        "peak_rss_kib": {"lines": figures.rss_kib, "lines_x10": figures.rss_long_kib},
        "tracing_seconds": dict(zip(("plain", "explain_off", "explain_on"), figures.tracing)),
        "table": [{**asdict(row), "met": row.cells()[-1]} for row in rows],
    }


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    if options.markdown:
        print(markdown_table(json.loads(options.output.read_text(encoding="utf-8"))))
        return 0
    started = time.perf_counter()
    try:
        require_simpleeval()
        with tempfile.TemporaryDirectory(prefix="calc-bench-") as scratch:
            workload, figures = measure(options, Path(scratch))
            rows = table(figures)
            data = results(options, workload, figures, rows)
    except BenchmarkError as error:
        print(f"benchmark stopped: {error}", file=sys.stderr)
        return 1
    data["benchmark_seconds"] = time.perf_counter() - started
    write_json(options.output, data)
    machine_line = f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs"
    print(f"calc benchmark, {data['timestamp']}, {machine_line}{' (--quick)' if options.quick else ''}\n")
    print(render_table(rows))
    print(f"\nWrote {options.output} in {data['benchmark_seconds']:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
