"""``:help`` at the prompt: an overview that fits one screen, and topics and names for more.

The descriptions come from the tables that define the things described (BUILTINS and
CONSTANT_SUMMARIES in functions.py, COMMANDS in commands.py, which hands its table to
help_text), and every example's value is
computed by calc when help is asked for, so help cannot drift from what calc does.
"""

from __future__ import annotations

import textwrap
from typing import Callable, Iterable, Mapping

from .functions import BUILTINS, CONSTANT_SUMMARIES, CONSTANTS, EXAMPLES
from .session import Calculator

__all__ = ["TOPICS", "help_text"]

#: lines stay within 79 columns, so an 80-column terminal shows each on one row
WIDTH = 79

#: the overview's tour of the language: (what to type, a note); calc computes each value
_TOUR = [
    ("2 + 3 * 4", "* / // % before + -"),
    ("2^10 + 5!", "^ (or **) a power, ! a factorial"),
    ("-3^2", "^ binds tighter than a minus sign"),
    ("7 / 2; 7 // 2; 7 % 2", "';' separates, '#' starts a comment"),
    ("0xff + 1_000 + 2.5e3", "hex 0x, binary 0b, digit groups, exponent"),
    ("x = 2^10", "a variable; ans (or _) is the last result"),
    ("f(x) = x^2 + 1", "a function of your own"),
    ("f(3) + sqrt(16)", "builtins and constants: :help functions"),
    ("x >= 1000 and x != 5", "comparisons < <= > >= == !="),
    ("not (x > 5 or false)", "and, or, not, true, false"),
    ("if x > 10 then 1 else 0", "a condition"),
    ("9 km / 2 h to m/s", "units and conversions: :help units"),
]

_KEYS = [
    ("Enter", "evaluate the line (a pasted block: each line in turn)"),
    ("Tab", "complete builtins, constants, your names, keywords and :commands"),
    ("Up / Down", "walk the history of earlier sessions and this one"),
    ("Ctrl-R", "search the history (Ctrl-R again: the next match)"),
    ("Right", "accept the grey suggestion from history (also Ctrl-E, Ctrl-F)"),
    ("Ctrl-C", "abandon the line, or the evaluation running (the session stays)"),
    ("Ctrl-D", "leave calc (on an empty line), as :quit does"),
    ("Ctrl-L", "clear the screen"),
]


def _scratch(calc: Calculator) -> Calculator:
    """A session with the user's settings but none of their names, for computing examples:
    the results read as the user would see them, and their session (ans too) stays as it was."""
    scratch = calc.copy()
    scratch.clear()
    return scratch


def _shown(scratch: Calculator, line: str) -> str:
    """What the prompt would show for ``line``: each statement's value, '; ' between them."""
    shown = []
    for outcome in scratch.run_line(line):
        if outcome.error is not None:
            return f"error: {outcome.error.message}"
        if outcome.kind == "value":
            shown.append(scratch.format(outcome.value))
    return "; ".join(shown)


def _columns(rows: Iterable[tuple[str, str]], width: int = 0) -> list[str]:
    """Rows as two columns (the first ``width`` wide, or as wide as it needs); a long second
    column wraps under itself."""
    rows = list(rows)
    width = max([width] + [len(left) + 2 for left, _ in rows])
    lines = []
    for left, right in rows:
        lead = f"  {left:<{width}}"
        lines.extend(textwrap.wrap(right, WIDTH, initial_indent=lead, subsequent_indent=" " * len(lead)) or [lead.rstrip()])
    return lines


def _usage(name: str, summary: str) -> tuple[str, str]:
    """A command's table entry as (usage, description): 'FILE: write …' → (':save FILE', 'write …')."""
    arguments, colon, text = summary.partition(": ")
    if not colon or " " in arguments:
        return name, summary
    return f"{name} {arguments}", text


#: a command's name → its one-line description (commands.COMMANDS, as help_text is given it)
Commands = Mapping[str, str]


def overview(calc: Calculator, commands: Commands) -> str:
    """``:help``: the language in examples, the commands, where to read more (at most 20 lines)."""
    scratch = _scratch(calc)
    tour = [(line, _shown(scratch, line), note) for line, note in _TOUR]
    typed = max(len(line) for line, _, _ in tour) + 2
    value = max(len(shown) for _, shown, _ in tour) + 2
    lines = ["calc: type an expression, press Enter. For example (you type, calc shows):"]
    lines += [f"  {line:<{typed}}{shown:<{value}}{note}".rstrip() for line, shown, note in tour]
    lines += [""] + textwrap.wrap(" ".join(commands), WIDTH, initial_indent="commands: ", subsequent_indent=" " * 10)
    lines.append("more: :help functions, :help commands, :help keys, :help units, :help sqrt")
    return "\n".join(lines)


def functions_text(calc: Calculator, commands: Commands) -> str:
    """``:help functions``: every builtin with its signature, and the constants."""
    width = max(len(b.signature) for b in BUILTINS.values()) + 2  # constants align with them
    lines = ["functions (:help NAME shows one with an example):"]
    lines += _columns((b.signature, b.summary) for b in BUILTINS.values())
    lines += ["constants:"] + _columns(((name, CONSTANT_SUMMARIES[name]) for name in CONSTANTS), width)
    return "\n".join(lines)


def commands_text(calc: Calculator, commands: Commands) -> str:
    heading = "commands (:help NAME shows one; a prefix naming only one is enough, as :q):"
    return "\n".join([heading] + _columns(_usage(name, summary) for name, summary in commands.items()))


def keys_text(calc: Calculator, commands: Commands) -> str:
    return "\n".join(
        ["keys (emacs style; vi style with calc --vi or CALC_EDITING_MODE=vi):"]
        + _columns(_KEYS)
        + ["As you type, the line below the prompt previews the value (not assignments)."]
    )


def units_text(calc: Calculator, commands: Commands) -> str:
    """``:help units`` (and ``:units``): how units are written, and the common ones by dimension."""
    from .units import COMMON_UNITS

    lines = [
        "units: a number and its unit are one quantity (9 km / 2 h is 4.5 km/h); EXPR to",
        "UNIT (or -> UNIT) converts: 9 km / 2 h to m/s. Units multiply, divide and take",
        "powers (m/s^2); a variable or constant wins over a unit of the same name.",
        "Common units (pint knows about a thousand more, with prefixes and plurals):",
    ]
    lines += _columns((dimension, " ".join(names)) for dimension, names in COMMON_UNITS.items())
    return "\n".join(lines)


#: :help TOPIC → the function writing it; a new topic is one more entry
TOPICS: dict[str, Callable[[Calculator, Commands], str]] = {
    "functions": functions_text,
    "commands": commands_text,
    "keys": keys_text,
    "units": units_text,
}


def _example(calc: Calculator, text: str) -> str:
    return f"  calc> {text}\n  {_shown(_scratch(calc), text)}"


def _builtin(calc: Calculator, name: str) -> str:
    builtin = BUILTINS[name]
    domain = f"; {builtin.domain}" if builtin.domain else ""
    return f"{builtin.signature}: {builtin.summary}{domain}\n{_example(calc, EXAMPLES[name])}"


def _constant(calc: Calculator, name: str) -> str:
    return f"{name}: {CONSTANT_SUMMARIES[name]}\n{_example(calc, name)}"


def _command(name: str, commands: Commands) -> str:
    usage, text = _usage(name, commands[name])
    return f"{usage}: {text}"


def help_text(calc: Calculator, topic: str = "", commands: Commands | None = None) -> str:
    """The text of ``:help`` followed by ``topic``: the overview, a topic, or one name.
    ``commands``: the prompt's commands and their descriptions."""
    commands = commands or {}
    if not topic:
        return overview(calc, commands)
    if topic in TOPICS:
        return TOPICS[topic](calc, commands)
    if topic in BUILTINS:
        return _builtin(calc, topic)
    if topic in CONSTANTS:
        return _constant(calc, topic)
    command = topic if topic.startswith(":") else f":{topic}"
    if command in commands:
        return _command(command, commands)
    return _unknown(topic, commands)


def _unknown(topic: str, commands: Commands) -> str:
    import difflib

    known = [*TOPICS, *BUILTINS, *CONSTANTS, *commands]
    close = difflib.get_close_matches(topic, known, n=1, cutoff=0.6)
    hint = f"did you mean ':help {close[0]}'?" if close else ":help lists what there is"
    return f"no help on '{topic}'; {hint}"
