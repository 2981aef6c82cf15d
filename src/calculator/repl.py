"""The interactive ``calc>`` prompt, on prompt_toolkit (the only module that imports it).

One Calculator session; persistent history appended entry by entry; completion of builtins,
constants, the session's names and ':' commands; colouring from the grammar's own tokens; and a
live preview of the value in the bottom toolbar while the line is a side-effect-free expression.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterable, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.lexers import Lexer
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.styles import Style

from .commands import COMMANDS, Page, Quit, run_command
from .display import format_preview
from .errors import render
from .functions import BUILTINS, CONSTANT_SUMMARIES, CONSTANTS
from .lalr import KEYWORDS
from .parser import tokens
from .session import Calculator, Outcome

__all__ = ["run_repl", "make_session", "history_path", "CalcCompleter", "CalcLexer", "SafeFileHistory", "Prompt"]

PROMPT = "calc> "
HISTORY_CAP = 10_000  # entries kept; the file is compacted when it holds twice as many

STYLE = Style.from_dict(
    {
        "number": "ansicyan",
        "operator": "ansiyellow",
        "name": "",
        "function": "ansigreen",
        "unit": "ansiblue",
        "keyword": "ansimagenta bold",
        "unknown": "ansired underline",
        "comment": "ansibrightblack italic",
        "error": "bg:ansired ansiwhite",
        "command": "ansimagenta",
        "bottom-toolbar": "noreverse ansibrightblack",
        "preview": "bold",
    }
)


def history_path(environ: dict[str, str] | os._Environ = os.environ) -> Path | None:
    """Where history lives: $CALC_HISTORY, else $XDG_STATE_HOME/calc/history; None if disabled."""
    if "CALC_HISTORY" in environ:
        return Path(environ["CALC_HISTORY"]).expanduser() if environ["CALC_HISTORY"] else None
    state = environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "calc" / "history"


class SafeFileHistory(FileHistory):
    """prompt_toolkit's FileHistory (one append per entry, so a crash loses nothing), plus:
    the directory is created on first use, the file is capped, and a history that cannot be
    written warns once and the prompt goes on without it. Unreadable bytes load as U+FFFD."""

    def __init__(self, path: Path, warn: Any = None, cap: int = HISTORY_CAP) -> None:
        self.cap = cap
        self.failed = False
        self._warn = warn or (lambda message: print(message, file=sys.stderr))
        super().__init__(str(path))

    def load_history_strings(self) -> Iterable[str]:
        try:
            strings = list(super().load_history_strings())  # newest first
        except OSError as exc:
            self._fail(f"cannot read the history {self.filename}: {exc.strerror or exc}")
            return []
        if len(strings) > 2 * self.cap:
            self._compact(strings[: self.cap])
        return strings[: self.cap]

    def store_string(self, string: str) -> None:
        if self.failed:
            return
        try:
            path = Path(self.filename)
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():  # private, as shells keep theirs: the history holds what was typed
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
            super().store_string(string)
        except OSError as exc:
            self._fail(f"cannot write the history {self.filename}: {exc.strerror or exc}; going on without it")

    def _compact(self, newest_first: list[str]) -> None:
        """Rewrite the file with only the newest entries: beside it, then rename (atomic)."""
        path = Path(self.filename)
        temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
        try:
            with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
                for entry in reversed(newest_first):
                    f.write("\n# compacted\n" + "".join(f"+{line}\n" for line in entry.split("\n")))
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)

    def _fail(self, message: str) -> None:
        if not self.failed:
            self.failed = True
            self._warn(f"calc: warning: {message}")


class CalcCompleter(Completer):
    """Builtins (inserting 'sqrt('), constants, the session's variables and functions, commands."""

    def __init__(self, calc: Calculator) -> None:
        self.calc = calc

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor
        if text.lstrip().startswith(":") and " " not in text.strip():
            word = text.strip()
            for name, (_, summary) in COMMANDS.items():
                if name.startswith(word):
                    yield Completion(name, -len(word), display_meta=summary)
            return
        word = _LAST_WORD.search(text).group(0)  # prompt_toolkit's word would be 'm/' after m/
        if _UNIT_PLACE.search(text[: len(text) - len(word)] if word else text):
            yield from _keyword_completions(word)  # 1 < 2 an|d
            yield from _unit_completions(word)  # after a number or 'to': a unit, from pint's names
            return
        if not word or word[0].isdigit():
            return
        for name, builtin in BUILTINS.items():
            if name.startswith(word):
                yield Completion(name + "(", -len(word), display=name, display_meta=builtin.summary)
        for name in CONSTANTS:
            if name.startswith(word):
                yield Completion(name, -len(word), display_meta=CONSTANT_SUMMARIES[name])
        for name, value in self.calc.variables.items():
            if name.startswith(word):
                yield Completion(name, -len(word), display_meta=format_preview(value, 30))
        for name, function in self.calc.functions.items():
            if name.startswith(word):
                yield Completion(name + "(", -len(word), display=function.signature, display_meta=function.source)
        for name, host in self.calc.host.items():
            if name.startswith(word):
                yield Completion(name + "(", -len(word), display=host.signature, display_meta=host.summary)
        yield from _keyword_completions(word)


def _keyword_completions(word: str) -> Iterable[Completion]:
    if word:
        for keyword in KEYWORDS:
            if keyword.startswith(word) and keyword != word:
                yield Completion(keyword + " ", -len(word), display=keyword, display_meta="calc's language")


import re  # noqa: E402 - kept beside its uses

#: a whole line that a Python user types to leave or ask for help: exit, quit(), help(sqrt)
_PYTHON_WORD = re.compile(r"\s*(exit|quit|help)\s*(?:\(\s*([A-Za-z_]\w*)?\s*\))?\s*")


def _python_command(calc: Calculator, line: str) -> re.Match[str] | None:
    """The match of a line that is exit, quit or help (as Python's REPL takes them), unless
    the session gave the word a meaning of its own."""
    match = _PYTHON_WORD.fullmatch(line)
    if match is None or any(match.group(1) in names for names in (calc.variables, calc.functions, calc.host)):
        return None
    return match


_LAST_WORD = re.compile(r"[A-Za-z0-9_]*$")
#: where a unit is written: right after a number (9 km), or after 'to'/'->' (and its * / ^)
_UNIT_PLACE = re.compile(r"(?:(?<![A-Za-z_])[0-9][0-9_.]*(?:[eE][+-]?[0-9_]+)?\s*|(?:\bto|->)\s*(?:[A-Za-z_]\w*(?:\^-?[0-9.]+)?\s*[*/]\s*)*)$")


def _unit_completions(word: str) -> Iterable[Completion]:
    """The common units first (with their dimension), then every other name pint knows."""
    from .units import COMMON_UNITS, unit_spellings

    seen = set()
    for dimension, names in COMMON_UNITS.items():
        for name in names:
            if name.startswith(word) and name.isidentifier() and name not in seen:
                seen.add(name)
                yield Completion(name, -len(word), display_meta=dimension)
    if word:
        for name in unit_spellings():
            if name.startswith(word) and name not in seen:
                seen.add(name)
                yield Completion(name, -len(word), display_meta="unit")

_TOKEN_STYLES = {"NUMBER": "class:number", "NAME": "class:name", "ERROR": "class:error"}
_TOKEN_STYLES.update((kind, "class:keyword") for kind in KEYWORDS.values())  # if, and, true, ...


class CalcLexer(Lexer):
    """Colours a line with the grammar's own tokens; unknown names and comments stand out."""

    def __init__(self, calc: Calculator) -> None:
        self.calc = calc

    def lex_document(self, document: Document) -> Any:
        lines = document.lines

        def get_line(number: int) -> FormattedText:
            return self.fragments(lines[number]) if number < len(lines) else FormattedText([])

        return get_line

    def fragments(self, line: str) -> FormattedText:
        if line.lstrip().startswith(":") or _python_command(self.calc, line):
            return FormattedText([("class:command", line)])
        code, hash_, comment = line.partition("#")
        out: list[tuple[str, str]] = []
        position = 0
        previous = ""
        converting = False  # after 'to' or '->', every name is a unit
        for kind, start, end in tokens(code):
            if start > position:
                out.append(("", code[position:start]))
            converting = converting or kind in ("TO", "ARROW")
            unit = kind == "NAME" and (previous == "NUMBER" or converting)
            out.append(("class:unit" if unit else self._style(kind, code[start:end], code), code[start:end]))
            position, previous = end, kind
        if position < len(code):
            out.append(("", code[position:]))
        if hash_:
            out.append(("class:comment", hash_ + comment))
        return FormattedText(out)

    def _style(self, kind: str, text: str, code: str) -> str:
        if kind == "NAME":
            if text in BUILTINS or text in self.calc.functions or text in self.calc.host:
                return "class:function"
            known = text in CONSTANTS or text in self.calc.variables or text in ("ans", "_")
            if not known and _is_loaded_unit(text):
                return "class:unit"  # km/h: a name that is nothing else is a unit
            # in an assignment or definition, new names (the target, parameters) are expected
            return "class:name" if known or "=" in code else "class:unknown"
        return _TOKEN_STYLES.get(kind, "class:operator")


def _is_loaded_unit(name: str) -> bool:
    """A unit name, asked only once pint is loaded (colouring must never wait for it)."""
    from . import units

    return units.loaded() and units.unit_named(name) is not None


#: previews run under a small account of work (about 20 ms) and few user calls: a preview is
#: a courtesy, and a line that needs more is simply not previewed until Enter
PREVIEW_WORK = 20_000
PREVIEW_CALLS = 2_000


class Prompt:
    """The prompt's logic, separate from the terminal loop so tests can drive it."""

    def __init__(self, calc: Calculator, color: bool = True) -> None:
        self.calc = calc
        self.color = color
        self._previewer = Previewer(self.preview)
        #: the terminal's columns, read at each answer; None: lines are never wrapped
        self.width: Callable[[], int] | None = None

    def handle(self, text: str) -> str:
        """What to print after the user enters ``text`` (results, errors with carets). A pasted
        block runs line by line, so its ':' commands and its exit run where they stand."""
        lines = text.split("\n")
        if len(lines) == 1:
            return self._line(text, 1, single=True)
        out: list[str] = []
        for number, line in enumerate(lines, 1):
            try:
                out.append(self._line(line, number, single=False))
            except Quit:
                raise Quit("\n".join(o for o in out if o)) from None  # what ran before it is shown
        return "\n".join(o for o in out if o)

    def _line(self, line: str, number: int, single: bool) -> str:
        self._previewer.forget()  # a line may change ans, names or settings: old previews are stale
        line = self._as_command(line)
        if line.strip().startswith(":"):
            return run_command(self.calc, line)
        out: list[str] = []
        for outcome in self.calc.run_line(line, number, lint=self.calc.show_warnings):
            out.append(self._show(outcome, single))
            out.extend(self._dim(self._wrap(f"warning: {w.message}")) for w in outcome.warnings)
        return "\n".join(o for o in out if o)

    def _as_command(self, text: str) -> str:
        """exit, quit, help as Python's REPL takes them (with or without '()'; help(sqrt)) are
        the prompt's commands, unless the session gave the word a meaning of its own."""
        match = _python_command(self.calc, text)
        if match is None:
            return text
        return ":help " + (match.group(2) or "") if match.group(1) == "help" else ":quit"

    def _dim(self, text: str) -> str:
        return f"\x1b[2m{text}\x1b[0m" if self.color else text

    def _show(self, outcome: Outcome, single: bool) -> str:
        if outcome.error is None:
            return self.calc.format(outcome.value) if outcome.kind == "value" else ""
        error = outcome.error
        if single:  # the caret goes under the line as typed after the prompt
            caret = " " * (len(PROMPT) + error.column - 1) + "^"
            return f"{caret}\n{self._wrap(f'error: {error.message}')}"
        return render(error, outcome.statement.source_line, "<input>", color=False)

    def _wrap(self, text: str) -> str:
        """``text`` ('error: …') folded between words to the terminal's width, continued under
        its first word: the terminal itself would cut words and numbers in two."""
        width = self.width() if self.width is not None else 0
        if width < 20 or len(text) <= width or "\n" in text:
            return text
        import textwrap

        indent = " " * (text.index(": ") + 2)
        return textwrap.fill(text, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)

    def toolbar(self, text: str) -> str:
        """The live preview for the line being typed, if it is ready ('' until then, and when
        there is nothing to show). It is computed on another thread: typing never waits."""
        return self._previewer.get(text, self.snapshot)

    def snapshot(self) -> Calculator:
        """The session as a preview may read it: a copy, under the preview's small limits."""
        copy = self.calc.copy()
        copy.limits = copy.limits._replace(
            max_work=min(copy.limits.max_work, PREVIEW_WORK), max_calls=min(copy.limits.max_calls, PREVIEW_CALLS)
        )
        return copy

    @staticmethod
    def preview(calc: Calculator, text: str) -> str:
        """The preview of ``text`` in ``calc`` (a snapshot), computed now."""
        if not text.strip() or text.lstrip().startswith(":"):
            return ""
        value = calc.preview(text)
        if value is None:
            return ""
        shown = f"= {format_preview(value, display=calc.display)}"
        warnings = calc.lint(text) if calc.show_warnings else []
        if warnings:
            shown += f"    warning: {warnings[0].message}"
        return shown

    def wait_for_preview(self, text: str, timeout: float = 10.0) -> str:
        """The preview of ``text`` once it is computed (for tests and scripts)."""
        return self._previewer.wait(text, self.snapshot, timeout)

    @property
    def on_preview(self) -> Callable[[], None]:
        return self._previewer.on_ready

    @on_preview.setter
    def on_preview(self, callback: Callable[[], None]) -> None:
        self._previewer.on_ready = callback


class Previewer:
    """Computes previews on one worker thread, the newest request first: a request replaces
    any older one still waiting, and a result is shown only for the text it was computed for."""

    def __init__(self, compute: Callable[[Calculator, str], str]) -> None:
        self._compute = compute
        self._done: tuple[str, str] = ("", "")  # (text, preview) of the last one computed
        self._wanted: tuple[str, Calculator, int] | None = None
        self._generation = 0  # bumped when the session changes; a result from before is dropped
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self.on_ready: Callable[[], None] = lambda: None  # the prompt redraws its toolbar

    def get(self, text: str, snapshot: Callable[[], Calculator]) -> str:
        with self._changed:
            if self._done[0] == text:
                return self._done[1]
            if self._wanted is None or self._wanted[0] != text or self._wanted[2] != self._generation:
                self._wanted = (text, snapshot(), self._generation)
                self._changed.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="calc-preview", daemon=True)
                self._thread.start()
        return ""

    def forget(self) -> None:
        """The session changed: no preview computed before now may be shown."""
        with self._changed:
            self._done = ("", "")
            self._generation += 1

    def wait(self, text: str, snapshot: Callable[[], Calculator], timeout: float) -> str:
        self.get(text, snapshot)
        with self._changed:
            self._changed.wait_for(lambda: self._done[0] == text, timeout)
            return self._done[1] if self._done[0] == text else ""

    def _work(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._wanted is not None)
                text, calc, generation = self._wanted  # type: ignore[misc]
                self._wanted = None
            try:
                shown = self._compute(calc, text)
            except Exception:  # noqa: BLE001 - a preview never disturbs the prompt
                shown = ""
            with self._changed:
                if generation == self._generation:  # else the session changed while it ran
                    self._done = (text, shown)
                self._changed.notify_all()
            self.on_ready()


def make_session(calc: Calculator, history: History, **kwargs: Any) -> tuple[PromptSession, Prompt]:
    """The PromptSession and its logic; kwargs go to PromptSession (input=, output= in tests)."""
    color = "NO_COLOR" not in os.environ
    logic = Prompt(calc, color=color)
    session: PromptSession = PromptSession(
        PROMPT,
        history=history,
        auto_suggest=AutoSuggestFromHistory(),
        completer=CalcCompleter(calc),
        complete_while_typing=False,
        lexer=CalcLexer(calc),
        style=STYLE,
        color_depth=None if color else ColorDepth.MONOCHROME,
        bottom_toolbar=lambda: logic.toolbar(session.default_buffer.text),
        enable_history_search=False,  # Up walks the whole history; Ctrl-R searches it
        **kwargs,
    )
    logic.on_preview = lambda: session.app.invalidate()  # draw the preview when it is ready
    logic.width = lambda: session.output.get_size().columns
    return session, logic


def _history(warn: Any = None) -> History:
    path = history_path()
    return SafeFileHistory(path, warn) if path is not None else InMemoryHistory()


def wants_vi(flag: bool, environ: Any = os.environ) -> bool:
    """vi keys: --vi, or CALC_EDITING_MODE=vi (emacs keys otherwise)."""
    return flag or environ.get("CALC_EDITING_MODE", "").lower() == "vi"


def run_repl(calc: Calculator, vi: bool = False) -> int:
    """Run the prompt on ``calc`` until :quit or Ctrl-D (exit status 0)."""
    if os.environ.get("TERM") == "dumb":
        return _plain_loop(calc)
    session, logic = make_session(calc, _history(), vi_mode=wants_vi(vi))
    print("calc — :help for help, Ctrl-D to leave")
    return _serve(session.prompt, logic)


def _plain_loop(calc: Calculator) -> int:
    """A terminal that cannot be driven (TERM=dumb): a plain line loop, same session and output."""

    def read() -> str:
        try:
            return input(PROMPT)
        except (KeyboardInterrupt, EOFError):
            print()  # input() leaves the cursor after the prompt
            raise

    return _serve(read, Prompt(calc, color=False))


def _serve(read: Any, logic: Prompt) -> int:
    """Read, evaluate, print until :quit or Ctrl-D; Ctrl-C abandons the line being typed, or
    the evaluation running (an assignment assigns only once its value is complete)."""
    while True:
        try:
            text = read()
        except KeyboardInterrupt:
            continue
        except EOFError:
            return 0
        try:
            shown = logic.handle(text)
        except Quit as leaving:
            if leaving.args and leaving.args[0]:
                show(leaving.args[0])  # the results of a pasted block before its exit
            return 0
        except KeyboardInterrupt:  # Ctrl-C abandons the evaluation; the session stays as it was
            shown = "\ninterrupted"  # below the '^C' the terminal echoed, not after it
        except Exception as exc:  # noqa: BLE001 - a bug in calc must not end the session
            shown = f"calc: internal error (please report it): {type(exc).__name__}: {exc}"
        if shown:
            show(shown)


#: rows the prompt needs below the output: its own line and the toolbar under it
PROMPT_ROWS = 2


def show(text: str) -> None:
    """Print what the prompt answered; a Page too tall for the terminal goes to a pager."""
    if isinstance(text, Page) and needs_pager(text, sys.stdout):
        import pydoc  # only when paging: slow to import, and it honours $MANPAGER, $PAGER, less

        pydoc.pager(text)
    else:
        print(text, flush=True)


def needs_pager(text: str, out: TextIO) -> bool:
    """True when ``out`` is a terminal and ``text``, with the prompt after it, is taller than
    the terminal (its first lines would scroll away). A pipe or a file is never paged."""
    try:
        if not out.isatty():
            return False
        columns, rows = os.get_terminal_size(out.fileno())
    except (AttributeError, OSError, ValueError):  # no file descriptor (captured), or closed
        return False
    height = sum(max(1, -(-len(line) // max(columns, 1))) for line in text.split("\n"))  # wrapped
    return height + PROMPT_ROWS > rows
