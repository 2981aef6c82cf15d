"""``:help``: an overview that fits a screen, topics, single names, and paging only on a terminal."""

import io
import os
import re
import shutil
import subprocess
import sys

import pytest

from calculator import Calculator
from calculator.commands import COMMANDS, Page, run_command
from calculator.functions import BUILTINS, CONSTANT_SUMMARIES, CONSTANTS, EXAMPLES
from calculator.help import TOPICS
from calculator.repl import Prompt, needs_pager, show
from support import Tmux


def help_(topic: str = "", calc: Calculator | None = None) -> str:
    return run_command(calc or Calculator(), f":help {topic}".rstrip())


def test_the_overview_fits_an_80x24_terminal_and_tours_the_language():
    lines = help_().split("\n")
    assert len(lines) <= 20
    assert max(len(line) for line in lines) <= 79
    # the tour's rows: what to type, the value calc computed for it (none for a definition), a note
    rows = {cells[0]: cells[1:] for cells in (re.split(" {2,}", line.strip()) for line in lines[1:13])}
    values = {typed: cells[0] for typed, cells in rows.items() if len(cells) == 2}
    assert values == {
        "2 + 3 * 4": "14", "2^10 + 5!": "1144", "-3^2": "-9", "7 / 2; 7 // 2; 7 % 2": "3.5; 3; 1",
        "0xff + 1_000 + 2.5e3": "3755.0", "f(3) + sqrt(16)": "14.0", "x >= 1000 and x != 5": "true",
        "not (x > 5 or false)": "false", "if x > 10 then 1 else 0": "1", "9 km / 2 h to m/s": "1.25 m/s",
    }
    assert rows["x = 2^10"] == ["a variable; ans (or _) is the last result"] and "f(x) = x^2 + 1" in rows
    text = "\n".join(lines)
    assert "error" not in text
    assert all(name in text for name in COMMANDS)
    assert all(f":help {topic}" in text for topic in ("functions", "commands", "keys", "units", "sqrt"))


def test_every_topic_is_narrower_than_80_columns():
    for topic in ["", *TOPICS, "sqrt", "pi", ":save"]:
        assert max(len(line) for line in help_(topic).split("\n")) <= 79, topic


def test_help_functions_lists_every_builtin_and_constant_with_its_description():
    lines = [" ".join(line.split()) for line in help_("functions").split("\n")]  # columns closed up
    for builtin in BUILTINS.values():
        assert f"{builtin.signature} {builtin.summary}" in lines, builtin.name
    for name in CONSTANTS:
        assert f"{name} {CONSTANT_SUMMARIES[name]}" in lines, name


def test_help_commands_lists_every_command_with_its_description():
    text = help_("commands")
    flowing = " ".join(text.split())  # a long description wraps onto a second line
    for name, (_, summary) in COMMANDS.items():
        assert f"\n  {name}" in text
        assert summary.split(": ")[-1] in flowing, name


@pytest.mark.parametrize("name", [":exact", ":lint", ":digits", ":base", ":format", ":group", ":precision"])
def test_a_commands_help_names_the_arguments_its_usage_message_names(name):
    arguments = COMMANDS[name][1].split(": ")[0]
    assert run_command(Calculator(), f"{name} nonsense") == f"usage: {name} {arguments}"


def test_help_keys_names_the_prompts_keys():
    text = help_("keys")
    for key in ("Enter", "Tab", "Up / Down", "Ctrl-R", "Right", "Ctrl-C", "Ctrl-D", "Ctrl-L", "--vi", "previews"):
        assert key in text


def test_help_on_a_builtin_shows_its_signature_and_an_example_calc_computed():
    assert help_("sqrt") == "sqrt(x): square root; x must be >= 0\n  calc> sqrt(2)\n  1.4142135623731"
    assert help_("log") == "log(x[, base]): logarithm, natural or to the given base; x must be > 0, base > 0 and not 1\n  calc> log(8, 2)\n  3.0"
    calc = Calculator()
    run_command(calc, ":digits 5")  # the example is computed in the session's settings
    assert help_("sqrt", calc).endswith("\n  1.4142")
    run_command(calc, ":exact on")
    assert help_("round", calc).endswith("calc> round(3.14159, 2)\n  157/50")


def test_every_builtin_has_an_example_of_itself_that_calc_computes():
    assert list(EXAMPLES) == list(BUILTINS)
    for name, example in EXAMPLES.items():
        assert example.startswith(f"{name}(")
        value = help_(name).split("\n")[-1]
        assert value.strip() and "error" not in value, name


def test_help_on_a_constant_and_on_a_command_with_or_without_its_colon():
    assert help_("pi") == "pi: ratio of a circle's circumference to its diameter, 3.14159…\n  calc> pi\n  3.14159265358979"
    assert help_(":save") == help_("save") == ":save FILE: write your variables and functions as a calc file"
    assert help_("quit") == ":quit: leave calc (also Ctrl-D)"


def test_an_unknown_topic_is_one_line_with_a_suggestion():
    assert help_("sqr") == "no help on 'sqr'; did you mean ':help sqrt'?"
    assert help_("nosuch") == "no help on 'nosuch'; did you mean ':help cosh'?"
    assert help_("fuctions") == "no help on 'fuctions'; did you mean ':help functions'?"
    assert help_("zzzz") == "no help on 'zzzz'; :help lists what there is"


def test_help_leaves_the_session_as_it_was():
    calc = Calculator()
    calc.evaluate("x = 5; 7")
    for topic in ("", "sqrt", "pi"):
        help_(topic, calc)
    assert calc.variables == {"x": 5} and calc.functions == {} and calc.ans == 7


def test_a_topic_is_one_entry_in_the_table(monkeypatch):
    monkeypatch.setitem(TOPICS, "tides", lambda calc, commands: "high water twice a day")
    assert help_("tides") == "high water twice a day"


# -- paging -------------------------------------------------------------------------------

class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 99


@pytest.fixture
def terminal_80x24(monkeypatch):
    monkeypatch.setattr(os, "get_terminal_size", lambda fd=None: os.terminal_size((80, 24)))


def test_help_is_paged_only_when_taller_than_the_terminal(terminal_80x24):
    assert not needs_pager(help_(), FakeTerminal())
    assert needs_pager(help_("functions"), FakeTerminal())
    assert needs_pager("\n".join(["x" * 100] * 12), FakeTerminal())  # 12 lines, 24 rows once wrapped
    assert not needs_pager("\n".join(["x" * 80] * 22), FakeTerminal())  # 22 rows and the prompt's 2


def test_the_pager_is_not_used_when_stdout_is_not_a_terminal(terminal_80x24, monkeypatch, capsys):
    import pydoc

    paged = []
    monkeypatch.setattr(pydoc, "pager", paged.append)
    long = help_("functions")
    assert isinstance(long, Page) and not needs_pager(long, io.StringIO())
    show(long)
    assert capsys.readouterr().out == long + "\n" and paged == []
    monkeypatch.setattr(sys, "stdout", FakeTerminal())  # the same text on a terminal is paged
    show(long)
    assert paged == [long] and sys.stdout.getvalue() == ""
    show(Page(help_()))  # fits: printed
    show("\n".join(["1"] * 100))  # results are never paged
    assert paged == [long] and sys.stdout.getvalue().count("\n") == len(help_().split("\n")) + 100


def test_the_prompt_passes_help_on_as_a_page():
    prompt = Prompt(Calculator(), color=False)
    assert isinstance(prompt.handle(":help keys"), Page) and not isinstance(prompt.handle(":vars"), Page)


def test_calc_e_loads_neither_help_nor_pydoc():
    code = (
        "import sys, io, calculator.cli as c; c.main(['-e', '1+1'], stdout=io.StringIO()); import calculator.repl;"
        "print([m for m in ('pydoc', 'calculator.help') if m in sys.modules])"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "[]\n"


# -- a real terminal ----------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("size", [(80, 30), (80, 24)])
def test_the_overview_and_the_prompt_after_it_share_the_screen(tmp_path, size):
    overview = help_().split("\n")
    tmux = Tmux(tmp_path)
    try:
        tmux.start(size=size, env={"PAGER": None, "MANPAGER": None})  # a wrong decision to page would open less
        tmux.keys(":help", "Enter")
        tmux.wait_for(overview[-1])
        lines = [line.rstrip() for line in tmux.screen().split("\n")]
        top = lines.index("calc> :help") + 1
        assert lines[top : top + len(overview)] == overview
        assert lines[top + len(overview)] == "calc>"
        tmux.keys("6 * 7", "Enter")
        tmux.wait_for("\n42\n")
    finally:
        tmux.kill()


@pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("less") is None, reason="needs tmux and less")
def test_a_topic_taller_than_the_terminal_opens_the_pager(tmp_path):
    tmux = Tmux(tmp_path)
    try:
        tmux.start(size=(80, 30), env={"MANPAGER": None, "LESS": None, "PAGER": "less"})
        tmux.keys(":help functions", "Enter")
        screen = tmux.wait_for("functions (:help NAME")
        assert "sqrt(x)" in screen and "tau" not in screen  # the first screenful, in less
        assert "calc>" not in screen
        tmux.keys("q")
        tmux.wait_for("calc>")
        tmux.keys("6 * 7", "Enter")
        tmux.wait_for("\n42\n")
    finally:
        tmux.kill()
