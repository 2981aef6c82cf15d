"""The prompt's ':' commands, as plain functions of a session (no terminal needed).

Each command returns the text to show; ``:quit`` raises ``Quit``. The prompt (repl.py) and its
plain fallback share them, and tests call them directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .display import BASES, FULL, NOTATIONS
from .session import Calculator

__all__ = ["COMMANDS", "Page", "Quit", "run_command"]


class Quit(Exception):
    """The user asked to leave the prompt."""


class Page(str):
    """Text to read rather than a result (help): the prompt shows it through a pager when it is
    taller than the terminal."""


def _help(calc: Calculator, arg: str) -> str:
    from .help import help_text  # the help's text is built only when asked for

    return Page(help_text(calc, arg, SUMMARIES))


def _units(calc: Calculator, arg: str) -> str:
    from .help import help_text

    return Page(help_text(calc, "units", SUMMARIES))


def _vars(calc: Calculator, arg: str) -> str:
    variables = calc.variables
    if not variables:
        return "no variables yet (set one with: x = 42)"
    width = max(len(n) for n in variables)
    return "\n".join(f"{name.ljust(width)} = {calc.format(value)}" for name, value in variables.items())


def _funcs(calc: Calculator, arg: str) -> str:
    if not calc.functions:
        return "no functions yet (define one with: f(x) = x^2 + 1)"
    return "\n".join(f"{f.signature} = {f.source}" for f in calc.functions.values())


def _switch(command: str, attribute: str, what: str) -> Callable[[Calculator, str], str]:
    """An on|off command over one of the session's attributes; with no argument, it says which."""

    def run(calc: Calculator, arg: str) -> str:
        if arg not in ("on", "off", ""):
            return f"usage: :{command} on|off"
        if arg:
            setattr(calc, attribute, arg == "on")
        return f"{what} {'on' if getattr(calc, attribute) else 'off'}"

    return run


_exact = _switch("exact", "exact", "exact mode is")
_lint = _switch("lint", "show_warnings", "lint warnings are")


def _explain(calc: Calculator, arg: str) -> str:
    from .errors import render
    from .explain import render_explanation

    if not arg:
        return "usage: :explain EXPR   (shows how calc reads EXPR and every operation it runs)"
    shown: list[str] = []
    for outcome in calc.run_line(arg, explain=True):
        explanation = outcome.explanation
        reading = explanation.readings[-1] if explanation is not None and explanation.readings else outcome.statement.text
        shown.extend(render_explanation(explanation, reading, calc.format, calc.format_full) if explanation is not None else [])
        if outcome.error is not None:
            shown.append(render(outcome.error, outcome.statement.source_line, "<input>"))
    return "\n".join(shown)


def _setting(calc: Calculator, field: str, value: object) -> str:
    try:
        calc.display = calc.display._replace(**{field: value})
    except ValueError as error:
        return str(error)
    return _show_display(calc)


def _show_display(calc: Calculator) -> str:
    d = calc.display
    digits = "auto" if d.digits is None else str(d.digits)  # auto: at most 15 significant digits
    return f"digits {digits}, base {BASES[d.base]}, format {d.notation}, group {'on' if d.group else 'off'}"


def _digits(calc: Calculator, arg: str) -> str:
    if not arg:
        return _show_display(calc)
    if arg in ("off", "auto"):
        return _setting(calc, "digits", None)
    if arg in (FULL, "shortest"):  # Python's shortest round-trip form: every digit of the float
        return _setting(calc, "digits", FULL)
    if not arg.isdigit():
        return "usage: :digits N|full|off"
    return _setting(calc, "digits", int(arg))


def _base(calc: Calculator, arg: str) -> str:
    names = {name: base for base, name in BASES.items()} | {str(b): b for b in BASES}
    if arg not in names:
        return "usage: :base hex|oct|bin|dec" if arg else _show_display(calc)
    return _setting(calc, "base", names[arg])


def _format(calc: Calculator, arg: str) -> str:
    if arg not in NOTATIONS:
        return "usage: :format auto|sci|eng" if arg else _show_display(calc)
    return _setting(calc, "notation", arg)


def _group(calc: Calculator, arg: str) -> str:
    if arg not in ("on", "off"):
        return "usage: :group on|off" if arg else _show_display(calc)
    return _setting(calc, "group", arg == "on")


def _save(calc: Calculator, arg: str) -> str:
    if not arg:
        return "usage: :save FILE"
    path = Path(arg).expanduser()
    try:
        from .sheets import write_in_place

        write_in_place(path, calc.save_text())
    except OSError as error:
        return f"cannot save to {arg}: {error.strerror or error}"
    return f"saved {_count(len(calc.variables), 'variable')} and {_count(len(calc.functions), 'function')} to {arg}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _load(calc: Calculator, arg: str) -> str:
    from .errors import render

    if not arg:
        return "usage: :load FILE"
    try:
        text = Path(arg).expanduser().read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot load {arg}: {getattr(error, 'strerror', None) or error}"
    failures = calc.load_text(text)
    shown = [render(o.error, o.statement.source_line, arg) for o in failures if o.error is not None]
    shown.append(f"loaded {arg}" + (f" ({_count(len(failures), 'line')} failed)" if failures else ""))
    return "\n".join(shown)


def _precision(calc: Calculator, arg: str) -> str:
    from .errors import CalculatorError

    if arg in ("off", "none"):
        calc.precision = None
    elif arg.isdigit():
        try:
            calc.precision = int(arg)
        except CalculatorError as error:
            return error.message
    elif arg:
        return "usage: :precision N|off"
    return f"precision {calc.precision} digits" if calc.precision else "precision off (floats)"


def _clear(calc: Calculator, arg: str) -> str:
    calc.clear()
    return "cleared all variables and functions"


def _quit(calc: Calculator, arg: str) -> str:
    raise Quit


#: name → (handler, one-line description)
COMMANDS: dict[str, tuple[Callable[[Calculator, str], str], str]] = {
    ":help": (_help, "[TOPIC|NAME]: this overview, or more on a topic or a name"),
    ":vars": (_vars, "list your variables"),
    ":funcs": (_funcs, "list your functions"),
    ":units": (_units, "the common units, by dimension (as :help units)"),
    ":exact": (_exact, "on|off: exact fractions instead of floats"),
    ":digits": (_digits, "N|full|off: show floats with N significant digits, or every digit"),
    ":base": (_base, "hex|oct|bin|dec: write integers in another base"),
    ":format": (_format, "auto|sci|eng: notation of floats"),
    ":group": (_group, "on|off: digit groups with '_' (1_234_567)"),
    ":precision": (_precision, "N|off: decimals and builtins to N significant digits"),
    ":explain": (_explain, "EXPR: how calc reads EXPR and each operation it runs"),
    ":lint": (_lint, "on|off: warnings where a reader could expect another value (-2^2, 5!!)"),
    ":save": (_save, "FILE: write your variables and functions as a calc file"),
    ":load": (_load, "FILE: run a calc file in this session"),
    ":clear": (_clear, "forget all variables and functions"),
    ":quit": (_quit, "leave calc (also Ctrl-D)"),
}

#: name → description, what :help shows of each command
SUMMARIES: dict[str, str] = {name: summary for name, (_, summary) in COMMANDS.items()}

#: the commands that take no argument, and refuse one rather than ignore it
_NO_ARGUMENT = frozenset({":vars", ":funcs", ":units", ":clear", ":quit"})


def run_command(calc: Calculator, line: str) -> str:
    """Run one ':' command line and return what to show."""
    name, _, arg = line.strip().partition(" ")
    starting = [command for command in COMMANDS if command.startswith(name) and name != ":"]
    if name not in COMMANDS and len(starting) == 1:  # as in ghci and gdb: ':q' is ':quit'
        name = starting[0]
    if name not in COMMANDS and len(starting) > 1:
        return f"'{name}' could be {', '.join(starting[:-1])} or {starting[-1]}"
    entry = COMMANDS.get(name)
    if entry is None:
        import difflib

        close = difflib.get_close_matches(name, list(COMMANDS), n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else "; :help lists them"
        return f"unknown command '{name}'{hint}"
    if arg.strip() and name in _NO_ARGUMENT:  # ':clear x' must not forget everything
        return f"usage: {name} (no argument)"
    return entry[0](calc, arg.strip())
