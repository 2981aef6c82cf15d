"""calc sheets: write each line's result into a calc file, and check those results later.

``annotate_text`` appends each statement line's result as a comment, in one aligned column::

    food = 300 * 2            # => 600
    rent = 1200  # per month  # => 1200
    monthly = 12 / 0          # => error: Cannot divide by zero

``check_text`` evaluates the same text and compares every ``# => EXPECTED`` with the line's
result, so a sheet (or the calc blocks of a README) doubles as a test.

The rules:

* **The annotation** starts at the first ``#`` followed by ``=>`` (blanks between them allowed)
  and runs to the end of the line. It belongs to calc: annotating replaces it, and evaluation
  never sees it. Everything before it, code and the user's own comment (``x = 2  # rent``), is
  kept as it is, with trailing blanks trimmed. Annotating twice gives the same text.
* **Alignment**: the annotations of a file (of one calc block, in Markdown) start in one column,
  two spaces past the widest kept text among the annotated lines.
* **A line's result** is the first error among its statements if one fails (the error is what the
  reader needs to see), else the value of its last statement that has one: ``a = 2; a * 3`` shows
  ``6``, as ``ans`` would. Assignments have their value; definitions (``f(x) = x^2``) have none,
  so a line of definitions only is left unannotated (a stale annotation on it is removed).
* **Which lines**: only lines with at least one statement. Blank and comment-only lines are never
  changed, and a ``# =>`` on a comment-only line is an ordinary comment, not an expectation.
* **Checking** ``# => EXPECTED`` against the result, one check per line:

  - ``error`` matches any error; ``error: TEXT`` an error whose message contains TEXT.
  - A result that calc shows as exactly EXPECTED (in the session's display settings) matches, so
    what ``--annotate`` wrote checks clean, even where the shown float is rounded at a place
    before its ``.0`` (``123456789012345.67`` shows as ``123456789012346.0``).
  - Otherwise EXPECTED is read by calc itself, as one expression in exact mode with a fresh
    session (``7/4``, ``0xff``, ``1_000``, ``-2.5``, ``true`` all work). Integers and fractions then
    compare exactly; a boolean matches only a boolean (``1 < 2 # => 1`` fails). A float compares with the digits written: when EXPECTED is a decimal (``3.1416``,
    ``1.5e-07``), the float's full value must round to it at the place of its last written digit
    (``pi # => 3.1416`` and ``0.1 + 0.2 # => 0.3`` pass, ``1/3 # => 0.34`` fails; a tie such as
    ``0.125 # => 0.13`` passes either way). Any other EXPECTED (``3``, ``7/4``, ``sqrt(2)``) asks
    for the float nearest its value: ``9/3 # => 3`` passes, ``2.6 # => 3`` fails.
  - Expecting a value fails on a line that errs (``expected 3, got error: Cannot divide by
    zero``) or that only defines functions (``expected 3, got no value (a definition)``).
    An empty expectation, or one calc cannot read, is a failure of its own, shown at the
    expectation.
  - A failure is a :class:`CheckFailed` at the line, pointing at the statement whose result was
    compared: ``sheet.calc:4:1: error: expected 361, got 360``.

* **Markdown** (``.md``, ``.markdown``): only fenced blocks whose info string starts with the
  word ``calc`` (```` ```calc ````, ``~~~calc``) are read; prose and other blocks are left as they
  are. The fences follow CommonMark (indented at most 3 spaces, closed by the same character at
  least as many times; an unclosed block runs to the end). All calc blocks of a document share one
  session, in order, and line numbers are those of the Markdown file.
* The text's line ends (LF or CRLF, line by line), a leading BOM and a missing final newline are
  kept as they were.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Iterator

from .errors import CalculatorError
from .limits import Limits
from .session import Calculator, Outcome

__all__ = [
    "CheckFailed",
    "SheetResult",
    "annotate_text",
    "check_text",
    "write_in_place",
    "is_markdown",
    "MARKDOWN_SUFFIXES",
]

MARKDOWN_SUFFIXES = (".md", ".markdown")

#: what introduces an annotation (and what annotate writes: "# => ")
_MARKER = re.compile(r"#[ \t]*=>")
_ERROR_EXPECTATION = re.compile(r"error(?:\s*:(?P<text>.*))?", re.DOTALL)
# A decimal literal as calc reads it, optionally signed: its last written digit sets the
# precision a float is compared at.
_DECIMAL = re.compile(
    r"\s*[+-]?\s*(?P<int>\d[\d_]*)?(?P<point>\.(?P<frac>\d[\d_]*)?)?(?:[eE](?P<exp>[+-]?\d[\d_]*))?\s*"
)
# Exponents in literals: calc's exact mode builds 10**exponent, so a huge one is refused first.
_EXPONENT = re.compile(r"(?<=[\d.])[eE][+-]?(\d[\d_]*)")
_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)")


class CheckFailed(CalculatorError):
    """A line's result differs from the ``# => EXPECTED`` written on it."""

    code = "check-failed"


@dataclass
class SheetResult:
    """What ``check_text`` found."""

    #: lines that carried an expectation
    checks: int = 0
    #: (the failure, located at its line and column; the whole source line, for the caret)
    failures: list[tuple[CheckFailed, str]] = field(default_factory=list)
    #: failing statements on lines that expected to fail: not errors to report
    expected_errors: list[Outcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def unexpected_errors(self, outcomes: Iterable[Outcome]) -> list[Outcome]:
        """The failing outcomes to report as ordinary errors: all but the expected ones."""
        expected = {id(outcome) for outcome in self.expected_errors}
        return [o for o in outcomes if o.error is not None and id(o) not in expected]

    def add(self, other: "SheetResult") -> None:
        """Fold in the result of another file checked in the same run."""
        self.checks += other.checks
        self.failures.extend(other.failures)
        self.expected_errors.extend(other.expected_errors)

    def summary(self) -> str:
        """``12 checks, 1 failed``."""
        return f"{self.checks} check{'' if self.checks == 1 else 's'}, {len(self.failures)} failed"


# -- the text: lines, calc lines, blocks --------------------------------------------------------


@dataclass
class _Line:
    """One line that calc reads."""

    index: int  # in _Document.lines
    text: str  # without its line end
    kept: str  # the code and the user's comment: the line without the annotation, right-trimmed
    expectation: str | None  # the text after "# =>", stripped; None without an annotation
    expectation_span: tuple[int, int]  # where it is in the line (the marker's place, when empty)

    @property
    def number(self) -> int:
        return self.index + 1


def _read_line(index: int, text: str) -> _Line:
    marker = _MARKER.search(text)
    if marker is None:
        return _Line(index, text, text.rstrip(), None, (len(text), len(text)))
    after = text[marker.end() :]
    expectation = after.strip()
    if expectation:
        start = marker.end() + after.index(expectation[0])
        span = (start, start + len(expectation))
    else:
        span = marker.span()
    return _Line(index, text, text[: marker.start()].rstrip(), expectation, span)


class _Document:
    """A text split into lines that remembers its BOM and each line's end, to rebuild it."""

    def __init__(self, text: str, markdown: bool) -> None:
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        pieces = text[len(self.bom) :].split("\n")
        self.returns = [piece.endswith("\r") for piece in pieces]
        self.lines = [piece[:-1] if cr else piece for piece, cr in zip(pieces, self.returns)]
        indexes = _calc_blocks(self.lines) if markdown else [range(len(self.lines))]
        #: the calc lines, grouped in the blocks whose annotations align
        self.blocks = [[_read_line(i, self.lines[i]) for i in block] for block in indexes]

    def calc_lines(self) -> Iterator[_Line]:
        for block in self.blocks:
            yield from block

    def text(self) -> str:
        return self.bom + "\n".join(line + ("\r" if cr else "") for line, cr in zip(self.lines, self.returns))


def _calc_blocks(lines: list[str]) -> list[range]:
    """The line indexes of the content of each fenced code block tagged calc."""
    blocks: list[range] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.fullmatch(lines[index])
        index += 1
        if opening is None:
            continue
        fence, info = opening["fence"], opening["info"]
        if fence[0] == "`" and "`" in info:  # CommonMark: not a fence, inline code
            continue
        start = index
        while index < len(lines):
            closing = _FENCE.fullmatch(lines[index])
            if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence) and not closing["info"].strip():
                break
            index += 1
        words = info.split()
        if words and words[0] == "calc":
            blocks.append(range(start, index))
        index += 1  # past the closing fence
    return blocks


# -- evaluation -----------------------------------------------------------------------------------


def _run(calc: Calculator, line: _Line) -> list[Outcome]:
    """The line's outcomes. calc reads the line without its annotation (so writing one never
    changes a result, nor pushes the line over the length limit); carets show the whole line."""
    outcomes = []
    for outcome in calc.run_line(line.kept, line.number):
        statement = outcome.statement._replace(source_line=line.text)
        outcomes.append(Outcome(statement, outcome.kind, outcome.value, outcome.name, outcome.error))
    return outcomes


def _line_result(outcomes: list[Outcome]) -> Outcome | None:
    """The outcome a line shows: its first error, else its last value or assignment."""
    for outcome in outcomes:
        if outcome.error is not None:
            return outcome
    valued = [o for o in outcomes if o.kind in ("value", "assignment")]
    return valued[-1] if valued else None


def _one_line(message: str) -> str:
    return " ".join(message.splitlines())


def _shown(outcome: Outcome | None, calc: Calculator) -> str:
    if outcome is None:
        return "no value (a definition)"
    if outcome.error is not None:
        return f"error: {_one_line(outcome.error.message)}"
    return calc.format(outcome.value)


def _got(outcome: Outcome | None, calc: Calculator) -> str:
    """The result a failed check names: as calc shows it, and its full value if that differs."""
    shown = _shown(outcome, calc)
    if outcome is None or outcome.error is not None:
        return shown
    full = calc.format_full(outcome.value)
    return shown if full == shown else f"{shown} (full value {full})"


# -- annotate -------------------------------------------------------------------------------------


def annotate_text(text: str, calc: Calculator, *, markdown: bool = False) -> str:
    """``text`` with each statement line's result written after it as ``# => result``."""
    document = _Document(text, markdown)
    for block in document.blocks:
        shown: dict[int, str | None] = {}
        for line in block:
            outcomes = _run(calc, line)
            if outcomes:
                result = _line_result(outcomes)
                shown[line.index] = None if result is None else _shown(result, calc)
        annotated = [line.kept for line in block if shown.get(line.index) is not None]
        column = max(map(len, annotated), default=0) + 2
        for line in block:
            if line.index not in shown:
                continue  # blank or comment only: never touched
            result_text = shown[line.index]
            if result_text is not None:
                document.lines[line.index] = f"{line.kept.ljust(column)}# => {result_text}"
            elif line.expectation is not None:
                document.lines[line.index] = line.kept  # definitions only: drop the stale annotation
    return document.text()


# -- check ----------------------------------------------------------------------------------------


def check_text(text: str, calc: Calculator, *, markdown: bool = False) -> tuple[SheetResult, list[Outcome]]:
    """Evaluate ``text`` and compare each ``# => EXPECTED`` with its line's result.

    Returns what the check found and every outcome, in order (the caller reports the errors that
    were not expected: ``result.unexpected_errors(outcomes)``).
    """
    document = _Document(text, markdown)
    result = SheetResult()
    everything: list[Outcome] = []
    for line in document.calc_lines():
        outcomes = _run(calc, line)
        everything.extend(outcomes)
        if not outcomes or line.expectation is None:
            continue
        result.checks += 1
        failure = _check_line(line, outcomes, calc)
        if failure is not None:
            result.failures.append((failure, line.text))
        # passed: any error on the line is the one it expected; failed: the failure names it
        # ("expected 5, got error: ..."), so it is not reported a second time
        result.expected_errors.extend(o for o in outcomes if o.error is not None)
    return result, everything


def _check_line(line: _Line, outcomes: list[Outcome], calc: Calculator) -> CheckFailed | None:
    """The failure of the line's expectation, or None when its result matches."""
    expected = line.expectation
    assert expected is not None
    if not expected:
        return _failure("nothing to compare after '# =>'", line.number, line.expectation_span)
    actual = _line_result(outcomes)
    error_expected = _ERROR_EXPECTATION.fullmatch(expected)
    if error_expected is not None:
        wanted = (error_expected["text"] or "").strip()
        if actual is not None and actual.error is not None and wanted in _one_line(actual.error.message):
            return None
    else:
        if actual is not None and actual.error is None and calc.format(actual.value) == expected:
            return None  # calc shows exactly the expected text, as --annotate wrote it
        try:
            value = _read_expected(expected, calc.limits)
        except CalculatorError as error:
            message = f"cannot read the expected value '{expected}': {_one_line(error.message)}"
            return _failure(message, line.number, line.expectation_span)
        if actual is not None and actual.error is None and _matches(actual.value, value, expected):
            return None
    # Shown at the statement whose result was compared (the last one, on a line of definitions).
    statement = (actual or outcomes[-1]).statement
    span = (statement.offset, statement.offset + len(statement.text))
    return _failure(f"expected {expected}, got {_got(actual, calc)}", line.number, span)


def _failure(message: str, number: int, span: tuple[int, int]) -> CheckFailed:
    failure = CheckFailed(message, start=span[0], end=span[1])
    failure.locate(number, 0)
    return failure


def _read_expected(text: str, limits: Limits) -> Any:
    """EXPECTED as calc reads it: one expression, exact, in a fresh session."""
    for exponent in _EXPONENT.finditer(text):
        # Refused here: the exact reader would compute 10**exponent first, which can take hours.
        digits = exponent[1].replace("_", "").lstrip("0")
        if len(digits) > len(str(limits.max_digits)) or (digits and int(digits) > limits.max_digits):
            raise limits.refuse(f"the exponent {digits} is too large", "max_digits", "--max-digits")
    # Any value calc printed reads back, however long its line.
    reader = Calculator(exact=True, limits=limits._replace(max_input_length=max(limits.max_input_length, len(text))))
    return reader.parse(text).evaluate()


def _matches(actual: Any, expected: Any, expected_text: str) -> bool:
    if (actual.__class__ is bool) is not (expected.__class__ is bool):
        return False  # true is not 1 (Python's True == 1 would say it is)
    if hasattr(actual, "_units") or hasattr(expected, "_units"):
        return _quantities_match(actual, expected, expected_text)
    if actual.__class__ is not float:
        return actual == expected  # int, Fraction: exactly
    unit = _last_digit_unit(expected_text)
    if unit is not None and isinstance(expected, (int, Fraction)):
        # The printed float rounds to EXPECTED at its last digit: within half a unit (either way at a tie).
        return abs(Fraction(repr(actual)) - expected) * 2 <= unit
    if isinstance(expected, float):
        return actual == expected
    try:
        return actual == float(expected)  # the float nearest the exact value
    except OverflowError:
        return False


def _quantities_match(actual: Any, expected: Any, expected_text: str) -> bool:
    """``4.5 km/h`` matches a quantity of that unit whose magnitude matches 4.5 as a number
    does; another unit of the dimension (``1.25 m/s``) matches its exact conversion."""
    if not (hasattr(actual, "_units") and hasattr(expected, "_units")):
        return False
    if actual.units != expected.units:
        try:
            expected = expected.to(actual.units)
        except Exception:  # noqa: BLE001 - another dimension: no match
            return False
        return _matches(actual.magnitude, expected.magnitude, "")  # a float: the one nearest the exact value
    number = expected_text.split()[0] if expected_text.split() else expected_text
    return _matches(actual.magnitude, expected.magnitude, number)


def _last_digit_unit(text: str) -> Fraction | None:
    """The place value of the last digit of a decimal literal (``3.1416`` → 1/10000), else None."""
    match = _DECIMAL.fullmatch(text)
    if match is None or not (match["int"] or match["frac"]) or not (match["point"] or match["exp"]):
        return None
    places = len((match["frac"] or "").replace("_", ""))
    exponent = int(match["exp"].replace("_", "")) if match["exp"] else 0
    return Fraction(10) ** (exponent - places)


# -- files ----------------------------------------------------------------------------------------


def is_markdown(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a Markdown file (by its suffix, in any case)."""
    return os.path.splitext(os.fspath(path))[1].lower() in MARKDOWN_SUFFIXES


def write_in_place(path: str | os.PathLike[str], text: str) -> None:
    """Replace the file at ``path`` with ``text`` (UTF-8), so that it is never half written.

    The text goes to a temporary file in the same directory (same file system, so the rename is
    atomic), is flushed to disk, takes the original's permissions, and only then replaces the
    original. If anything fails first, the original is untouched and the temporary file removed.
    A symbolic link is followed: the file it points to is replaced, the link stays.
    """
    target = os.path.realpath(path)
    directory, name = os.path.split(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o644
    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(directory)


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable (not possible everywhere; then the rename still happened)."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
