"""The ``calc`` command: argv → sources (-e, files, stdin) → one session → stdout / stderr.

Results go to stdout, one per line, and nothing else does; diagnostics go to stderr in the
``file:line:column: error: message`` form with the line and a caret. Input streams line by line,
so a file of any length runs in constant memory.
"""

from __future__ import annotations

import argparse
import io
import os
import stat
import sys
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import IO, Iterator, Sequence

from . import __version__
from .errors import CalculatorError, render
from .limits import Limits
from .session import Calculator, Outcome

__all__ = ["main", "run"]

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 70, 130, 141

EXAMPLES = """\
examples:
  calc -e '2 + 3 * 4'                  14
  calc -e 'x = 2^10' -e 'x - 24'       1000
  calc -e '0.1 + 0.2'                  0.3 (floats show at most 15 significant digits)
  calc --digits full -e '0.1 + 0.2'    0.30000000000000004 (every digit of the float)
  calc --exact -e '0.1 + 0.2'          3/10
  calc budget.calc                     evaluate a file, one result per line
  printf '1/3\\n2^0.5\\n' | calc         read standard input
  calc -q checks.calc || echo failed   only the exit status
  calc --precision 50 -e 'sqrt(2)'     1.4142135623730950488016887242096980785696718753769
  calc --base hex --group -e '2^32-1'  0xffff_ffff
  calc --explain -e '2 + 3 * 4'        how it was computed, step by step
  calc --lint -e '-2^2'                -4, and a warning that (-2)^2 is 4
  calc --json budget.calc              one JSON object per statement
  calc --annotate --in-place sheet.calc   write each result beside its line
  calc --check README.md               compare results with their '# => expected'
  calc -i setup.calc                   run the file, then open the prompt

exit status: 0 all fine, 1 an expression failed (or a --check, or a --strict warning),
2 bad command line or unusable file, 130 interrupted, 141 the reader of the output went away.
Documentation: README.md.
"""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, told the width as shutil would say it: argparse imports shutil
    (and with it bz2 and lzma, 3 ms) to ask, once for every option added."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


def _columns() -> int:
    """shutil.get_terminal_size().columns: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="calc",
        description="An exact, safe expression calculator. With no FILE and a terminal, opens the calc> prompt.",
        epilog=EXAMPLES,
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="files to evaluate in order, in one session ('-' is standard input)")
    parser.add_argument("-e", "--expression", action="append", default=[], metavar="EXPR", help="evaluate EXPR (repeatable; runs before the files)")
    parser.add_argument("--exact", action="store_true", help="exact arithmetic: decimals and / give fractions (0.1 + 0.2 = 3/10)")
    parser.add_argument("-i", "--interactive", action="store_true", help="after -e and the files, open the prompt in the same session (stdin not a terminal: keep reading it)")
    parser.add_argument("--vi", action="store_true", help="vi editing keys at the prompt (also CALC_EDITING_MODE=vi)")
    parser.add_argument("-x", "--stop-on-error", action="store_true", help="stop at the first failing statement")
    parser.add_argument("-q", "--quiet", action="store_true", help="print no results; only errors and the exit status")
    numbers = parser.add_argument_group("how numbers are written (each reads back as input)")
    numbers.add_argument("--digits", type=_digits, metavar="N|full", help="floats rounded to N significant digits, or every digit (full); by default at most 15")
    numbers.add_argument("--base", type=_base, default=10, metavar="B", help="integers in base 16, 8, 2 or 10 (also hex, oct, bin, dec)")
    numbers.add_argument("--format", dest="notation", choices=("auto", "sci", "eng"), default="auto", help="notation of floats: scientific, engineering, or Python's choice (default)")
    numbers.add_argument("--group", action="store_true", help="digit groups with '_': 1_234_567")
    numbers.add_argument("--precision", type=_positive_int, metavar="N", help="decimals, constants and builtins to N significant digits (mpmath; at most --max-precision)")
    views = parser.add_argument_group("views of the same evaluation")
    views.add_argument("--explain", action="store_true", help="show each expression as calc reads it and every operation it ran")
    views.add_argument("--lint", action="store_true", help="warn (on stderr) where a reader could expect another value: -2^2, 2^3^2, 1/2*x")
    views.add_argument("--strict", action="store_true", help="like --lint, and any warning makes the exit status 1")
    views.add_argument("--no-lint", action="store_true", help="no warnings at the prompt (also :lint off)")
    views.add_argument("--json", action="store_true", help="one JSON object per statement on stdout (results and errors), nothing else")
    sheets = parser.add_argument_group("calc-sheets (.calc files and ```calc blocks in Markdown)")
    sheets.add_argument("--annotate", action="store_true", help="print each FILE with every result as a '# => value' comment")
    sheets.add_argument("--in-place", action="store_true", help="with --annotate: rewrite the files instead of printing them")
    sheets.add_argument("--check", action="store_true", help="compare every result with its '# => expected' comment; a mismatch fails")
    limits = parser.add_argument_group("limits (see README, Safety)")
    defaults = Limits()
    for field, help_text in (
        ("max_digits", "digits of an exact result"),
        ("max_input_length", "characters in one line"),
        ("max_nesting", "parentheses and calls nested in each other"),
        ("max_call_depth", "user functions calling user functions"),
        ("max_calls", "calls of user functions in one statement"),
        ("max_precision", "digits --precision may ask for"),
        ("max_work", "big-number work in one statement, in units of about a microsecond"),
    ):
        limits.add_argument(
            "--" + field.replace("_", "-"), type=_positive_int, metavar="N", default=getattr(defaults, field),
            help=f"{help_text} (default {getattr(defaults, field):,})",
        )
    parser.add_argument("--version", action="version", version=f"calc {__version__}")
    return parser


def _attach_expressions(argv: list[str]) -> list[str]:
    """``-e -2^2`` means the expression -2^2: attach each -e's value so argparse cannot take an
    expression that starts with '-' for an option."""
    out: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg in ("-e", "--expression"):
            value = next(args, None)
            out.append(arg if value is None else f"--expression={value}")
        elif arg == "--":
            out.append(arg)
            out.extend(args)
        else:
            out.append(arg)
    return out


def _base(text: str) -> int:
    from .display import BASES

    names = {name: base for base, name in BASES.items()} | {str(base): base for base in BASES}
    if text not in names:
        raise argparse.ArgumentTypeError(f"expected 16, 8, 2 or 10 (or hex, oct, bin, dec), not {text!r}")
    return names[text]


def _digits(text: str) -> int | str:
    """--digits N, or --digits full: the shortest form that reads back as the same float."""
    from .display import FULL

    if text == FULL:
        return FULL
    return _positive_int(text, f" or {FULL}")


def _positive_int(text: str, other: str = "") -> int:
    """A whole number >= 1 (1_000 and 1,000 allowed); ``other``: what else the option takes."""
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number{other}, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1{other}, not {value}")
    return value


def make_calculator(options: argparse.Namespace) -> Calculator:
    """The session the options describe (shared by the file mode and the prompt)."""
    limits = Limits(
        max_digits=options.max_digits,
        max_input_length=options.max_input_length,
        max_nesting=options.max_nesting,
        max_call_depth=options.max_call_depth,
        max_calls=options.max_calls,
        max_precision=options.max_precision,
        max_work=options.max_work,
    )
    calculator = Calculator(
        exact=options.exact, limits=limits, digits=options.digits, base=options.base,
        notation=options.notation, group=options.group, precision=options.precision,
    )
    calculator.show_warnings = not options.no_lint
    return calculator


class _Run:
    """One invocation: the session, the output streams and what went wrong so far."""

    def __init__(self, options: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> None:
        self.calculator = make_calculator(options)
        self.options = options
        self.out = stdout
        self.err = stderr
        self.color = _wants_color(stderr)
        self.status = EXIT_OK
        self.stopped = False

    def fail(self, status: int) -> None:
        self.status = max(self.status, status)
        if self.options.stop_on_error:
            self.stopped = True

    def report(self, outcome: Outcome, path: str) -> None:
        explanation = outcome.explanation
        if self.options.json:
            from .output import json_line  # json only when asked for

            self.out.write(json_line(outcome, path, self.calculator, explanation) + "\n")
            if outcome.error is not None or (self.options.strict and outcome.warnings):
                self.fail(EXIT_FAILED)
            return
        if explanation is not None and not self.options.quiet:
            from .explain import render_explanation  # only with --explain

            for line in render_explanation(explanation, explanation.readings[-1] if explanation.readings else outcome.statement.text, self.calculator.format, self.calculator.format_full):
                self.out.write(line + "\n")
        for warning in outcome.warnings:
            self.out.flush()
            self.err.write(render(warning, outcome.statement.source_line, path, severity="warning", span=True, color=self.color) + "\n")
            if self.options.strict:
                self.fail(EXIT_FAILED)
        if outcome.error is not None:
            self.out.flush()  # keep results and errors in order on a shared terminal
            self.err.write(render(outcome.error, outcome.statement.source_line, path, color=self.color) + "\n")
            self.fail(EXIT_FAILED)
        elif outcome.kind == "value" and not self.options.quiet and explanation is None:
            self.out.write(self.calculator.format(outcome.value) + "\n")

    def source(self, lines: Iterator[tuple[int, str | None]], path: str, flush: bool) -> None:
        lint = self.options.lint or self.options.strict
        for number, line in lines:
            if line is None:
                self.err.write(f"{path}:{number}: error: the line is not valid UTF-8; skipped it\n")
                self.fail(EXIT_UNUSABLE)
            else:
                for outcome in self.calculator.run_line(line, number, explain=self.options.explain, lint=lint):
                    self.report(outcome, path)
                    if self.stopped:
                        return
            if flush:
                self.out.flush()
            if self.stopped:
                return

    def usage_error(self, message: str) -> None:
        self.err.write(f"calc: error: {message}\n")
        self.fail(EXIT_UNUSABLE)


def read_lines(stream: IO[bytes], max_length: int) -> Iterator[tuple[int, str | None]]:
    """Numbered lines of a byte stream, decoded as UTF-8 (None for a line that is not).

    A BOM at the start and CR before LF are dropped; a line longer than ``max_length`` is not
    held in memory: its first ``max_length + 1`` characters stand for it (the limit reports it).
    """
    number = 0
    while True:
        raw = stream.readline(max_length * 4 + 8)
        if not raw:
            return
        number += 1
        if not raw.endswith(b"\n"):
            rest = stream.readline(1)
            if rest:  # an overlong line: skip to its end, keep only the beginning
                while rest and not rest.endswith(b"\n"):
                    rest = stream.readline(65536)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        raw = raw.rstrip(b"\n")
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start >= max_length * 3:  # the cut fell inside the overlong line's last character
                yield number, raw[: exc.start].decode("utf-8")
            else:
                yield number, None


def _wants_color(stream: IO[str]) -> bool:
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def _is_regular_file(stream: IO[bytes]) -> bool:
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return False


def _stdout_writer() -> IO[str]:
    """A buffered UTF-8 writer on fd 1: calc flushes when it means to, not on every write."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return sys.stdout
    sys.stdout.flush()
    return open(fd, "w", encoding="utf-8", errors="replace", buffering=1 << 16, closefd=False, newline="\n")


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run calc with ``argv``; return the exit status. Never raises (but SystemExit from --help)."""
    err = stderr or sys.stderr
    parser = _parser()
    try:
        options = parser.parse_args(_attach_expressions(sys.argv[1:] if argv is None else list(argv)))
        if options.exact and options.precision:
            parser.error("--exact and --precision are two number modes: choose one")
    except SystemExit as exit_:
        return int(exit_.code or 0)
    in_stream = stdin if stdin is not None else sys.stdin.buffer
    terminal = stdin is None and _isatty(sys.stdin)
    if terminal and not options.files and not options.expression:
        try:
            calc = make_calculator(options)
        except (CalculatorError, ValueError) as error:
            err.write(f"calc: error: {error}\n")
            return EXIT_UNUSABLE
        from .repl import run_repl  # prompt_toolkit only when the prompt is about to start

        return run_repl(calc, vi=options.vi)
    out = stdout if stdout is not None else _stdout_writer()
    try:
        session = _Run(options, out, err)
    except (CalculatorError, ValueError) as error:  # a setting out of range: --precision, --digits
        err.write(f"calc: error: {error}\n")
        return EXIT_UNUSABLE
    try:
        if options.annotate or options.check:
            return _run_sheets(session, options, in_stream)
        _run_sources(session, options, in_stream)
        out.flush()
        if options.interactive and not session.stopped:
            if terminal:
                from .repl import run_repl

                status = run_repl(session.calculator, vi=options.vi)
                return max(status, session.status)
            if "-" not in options.files:  # go on with standard input, in the same session
                session.source(read_lines(in_stream, session.calculator.limits.max_input_length), "<stdin>", flush=not _is_regular_file(in_stream))
                out.flush()
    except KeyboardInterrupt:
        _quiet_flush(out)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # stdout on a full disk, a closed descriptor, ...
        _silence_stdout()
        err.write(f"calc: error: cannot write the results: {exc.strerror or exc}\n")
        return EXIT_UNUSABLE
    return session.status


def _run_sources(session: _Run, options: argparse.Namespace, stdin: IO[bytes]) -> None:
    max_length = session.calculator.limits.max_input_length
    for expression in options.expression:
        lines = ((n, line) for n, line in enumerate(expression.split("\n"), 1))
        session.source(lines, "<expr>", flush=False)
        if session.stopped:
            return
    files = options.files or ([] if options.expression or options.interactive else ["-"])
    for path in files:
        if path == "-":
            session.source(read_lines(stdin, max_length), "<stdin>", flush=not _is_regular_file(stdin))
        else:
            try:
                with open(path, "rb") as stream:
                    session.source(read_lines(stream, max_length), path, flush=False)
            except OSError as exc:
                session.usage_error(_cannot_read(path, exc))
        if session.stopped:
            return


def _run_sheets(session: _Run, options: argparse.Namespace, stdin: IO[bytes]) -> int:
    """--annotate / --check over the files (Markdown: their ```calc blocks), in one session."""
    from . import sheets

    if options.annotate and options.check:
        session.usage_error("--annotate and --check do not go together: annotate, then check")
        return session.status
    if options.in_place and not options.annotate:
        session.usage_error("--in-place goes with --annotate")
        return session.status
    paths = options.files or ["-"]
    if options.in_place and "-" in paths:
        session.usage_error("--in-place needs files, not standard input")
        return session.status
    total = sheets.SheetResult()
    calc = session.calculator
    for expression in options.expression:  # -e sets the scene before the sheets
        session.source(((n, line) for n, line in enumerate(expression.split("\n"), 1)), "<expr>", flush=False)
    for path in paths:
        text = _read_text(session, path, stdin)
        if text is None:
            continue
        markdown = sheets.is_markdown(path)
        shown = "<stdin>" if path == "-" else path
        if options.annotate:
            annotated = sheets.annotate_text(text, calc, markdown=markdown)
            if options.in_place:
                try:
                    sheets.write_in_place(path, annotated)
                except OSError as exc:
                    session.usage_error(f"{path}: cannot rewrite: {exc.strerror or exc}")
            else:
                session.out.write(annotated)
            continue
        result, outcomes = sheets.check_text(text, calc, markdown=markdown)
        for outcome in result.unexpected_errors(outcomes):
            session.report(outcome, shown)
        for failure, source_line in result.failures:
            session.out.flush()
            session.err.write(render(failure, source_line, shown, color=session.color) + "\n")
            session.fail(EXIT_FAILED)
        total.add(result)
    if options.check:
        session.err.write(total.summary() + "\n")
    session.out.flush()
    return session.status


def _read_text(session: _Run, path: str, stdin: IO[bytes]) -> str | None:
    """A whole sheet as text, or None after saying why it cannot be used."""
    try:
        if path == "-":
            data = stdin.read()
        else:
            with open(path, "rb") as stream:
                data = stream.read()
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        session.usage_error(f"{path}: not UTF-8 (byte {exc.start + 1})")
    except OSError as exc:
        session.usage_error(_cannot_read(path, exc))
    return None


def _cannot_read(path: str, exc: OSError) -> str:
    """Why a file cannot be used, in words (the message names the file)."""
    if isinstance(exc, IsADirectoryError):
        return f"{path}: is a directory"
    if isinstance(exc, FileNotFoundError):
        if any(c in path for c in "+*^()") or path.replace(".", "", 1).isdigit():
            return f"{path}: no such file; to evaluate it, write calc -e '{path}'"  # calc 2+2
        return f"{path}: no such file"
    if isinstance(exc, PermissionError):
        return f"{path}: permission denied"
    return f"{path}: cannot read: {exc.strerror or exc}"


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _quiet_flush(out: IO[str]) -> None:
    try:
        out.flush()
    except OSError:
        _silence_stdout()


def _silence_stdout() -> None:
    """After a failed write, point fd 1 at /dev/null so the interpreter's exit flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def run() -> None:
    """Console-script entry point. A bug in calc becomes one line and status 70, not a traceback."""
    try:
        status = main()
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        _quiet_flush(sys.stdout)
        sys.stderr.write(f"calc: internal error (please report it): {type(exc).__name__}: {exc}\n")
        status = EXIT_INTERNAL
    sys.exit(status)
