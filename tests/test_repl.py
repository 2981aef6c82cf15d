"""The calc> prompt: logic through prompt_toolkit's pipe input, and a real terminal through tmux."""

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from calculator import Calculator
from calculator.commands import run_command
from calculator.repl import CalcCompleter, CalcLexer, Prompt, SafeFileHistory, history_path, make_session
from support import Tmux


def completions(calc, text):
    found = CalcCompleter(calc).get_completions(Document(text), CompleteEvent(completion_requested=True))
    return [(c.text, c.start_position, c.display_meta_text) for c in found]


def test_completion_of_builtins_constants_names_and_commands():
    calc = Calculator()
    calc.evaluate("speed = 42; sq(x) = x * x")
    assert completions(calc, "1 + sqr") == [("sqrt(", -3, "square root")]
    assert ("pi", -1, "ratio of a circle's circumference to its diameter, 3.14159…") in completions(calc, "p")
    assert ("speed", -2, "42") in completions(calc, "sp")
    assert ("sq(", -2, "x * x") in completions(calc, "sq")
    assert completions(calc, ":exa") == [(":exact", -4, "on|off: exact fractions instead of floats")]
    assert [c[0] for c in completions(calc, ":ex")] == [":exact", ":explain"]
    assert completions(calc, "12") == []


def test_lexer_colours_numbers_operators_names_unknowns_and_comments():
    calc = Calculator(variables={"x": 1})
    styles = [(s, t) for s, t in CalcLexer(calc).fragments("sqrt(x) + y*2 # note") if t.strip()]
    assert styles == [
        ("class:function", "sqrt"), ("class:operator", "("), ("class:name", "x"), ("class:operator", ")"),
        ("class:operator", "+"), ("class:unknown", "y"), ("class:operator", "*"), ("class:number", "2"),
        ("class:comment", "# note"),
    ]
    assert CalcLexer(calc).fragments("1 \u2212 2")[-1] == ("class:error", "\u2212 2")


def test_live_preview_shows_values_not_side_effects_and_stays_within_limits():
    calc = Calculator()
    prompt = Prompt(calc)
    assert prompt.wait_for_preview("2 + 3 * 4") == "= 14"
    assert prompt.wait_for_preview("y = 5") == ""  # an assignment: no preview, and nothing assigned
    assert "y" not in calc.variables
    assert prompt.wait_for_preview("2 +") == ""
    started = time.perf_counter()
    assert prompt.wait_for_preview("9^9^9^9") == ""
    assert time.perf_counter() - started < 0.5  # refused by the size estimate, not computed
    assert prompt.wait_for_preview("10^5000") == "= 1.00000000000000e+5000 (5,001 digits)"
    calc.evaluate("7")
    prompt.wait_for_preview("ans * 2")
    assert calc.ans == 7  # previews do not move ans


def test_the_preview_is_computed_off_the_typing_thread_and_stale_results_are_dropped():
    calc = Calculator()
    prompt = Prompt(calc)
    threads = []
    original = prompt.preview

    def recording(snapshot, text):
        threads.append(threading.current_thread())
        return original(snapshot, text)

    prompt._previewer._compute = recording
    assert prompt.toolbar("6 * 7") == ""  # not ready yet: the typing thread does not wait
    assert prompt.wait_for_preview("6 * 7") == "= 42"
    assert prompt.toolbar("6 * 7") == "= 42"
    assert threads and all(t is not threading.current_thread() for t in threads)
    assert prompt.toolbar("6 * 8") == ""  # the text changed: the old result is not shown for it
    assert prompt.wait_for_preview("6 * 8") == "= 48"
    assert prompt.wait_for_preview("ans + 1") == ""  # no ans yet
    prompt.handle("7")
    assert prompt.wait_for_preview("ans + 1") == "= 8"  # the session changed: computed again
    prompt.handle("ans * 2")
    assert prompt.toolbar("ans + 1") == ""  # recalled after Enter: the old = 8 is not shown
    assert prompt.wait_for_preview("ans + 1") == "= 15"


def test_a_slow_preview_is_cut_short_by_its_own_small_limits():
    calc = Calculator()
    calc.evaluate("d(n) = if n == 0 then 0 else 1 + d(n - 1)")
    prompt = Prompt(calc)
    assert prompt.wait_for_preview("d(100)") == "= 100"
    started = time.perf_counter()
    assert prompt.wait_for_preview("d(9000)") == ""  # allowed at Enter, too much for a preview
    assert prompt.wait_for_preview("comb(10^5, 5*10^4) > 0") == ""
    assert time.perf_counter() - started < 1.0
    assert calc.evaluate("d(9000)") == 9000


def test_results_errors_with_caret_and_commands():
    calc = Calculator()
    prompt = Prompt(calc)
    assert prompt.handle("x = 2^10") == ""
    assert prompt.handle("x - 24") == "1000"
    assert prompt.handle("2 * 3 - 7 % 0") == " " * 14 + "^\nerror: Cannot divide by zero"
    assert prompt.handle(":vars") == "x = 1024"
    assert prompt.handle("f(a) = a + x") == ""
    assert prompt.handle(":funcs") == "f(a) = a + x"
    assert prompt.handle(":exact on") == "exact mode is on"
    assert prompt.handle("1/4 + 1/4") == "1/2"
    assert prompt.handle(":exat") == "unknown command ':exat'; did you mean ':exact'?"
    assert prompt.handle(":clear") == "cleared all variables and functions"
    assert calc.variables == {} and calc.functions == {}
    assert ":help functions" in prompt.handle(":help") and "Ctrl-R" in prompt.handle(":help keys")


def test_pasted_lines_are_evaluated_in_turn():
    prompt = Prompt(Calculator())
    shown = prompt.handle("a = 6\na * 7\n1/0\na + 1")
    assert shown.startswith("42\n<input>:3:1: error: Cannot divide by zero\n")
    assert shown.endswith("\n7")


def test_a_pasted_block_runs_its_commands_where_they_stand():
    calc = Calculator()
    shown = Prompt(calc).handle(":digits 5\n1/3\n:vars\nz = 2\n:vars\n:digits off\n1/3")
    assert shown.split("\n") == [
        "digits 5, base dec, format auto, group off",
        "0.33333",
        "no variables yet (set one with: x = 42)",
        "z = 2",
        "digits auto, base dec, format auto, group off",
        "0.333333333333333",
    ]


def test_an_exit_in_a_pasted_block_leaves_after_showing_what_ran_before_it(monkeypatch, capsys):
    from calculator import repl

    blocks = iter(["x = 4\nx * 2\nexit\nx * 3"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(blocks))
    assert repl._plain_loop(Calculator()) == 0
    assert capsys.readouterr().out == "8\n"


def test_quit_command():
    from calculator.commands import Quit

    with pytest.raises(Quit):
        run_command(Calculator(), ":quit")


def test_a_command_without_arguments_refuses_one_rather_than_ignore_it():
    calc = Calculator()
    calc.evaluate("x = 1; y = 2")
    assert run_command(calc, ":clear x") == "usage: :clear (no argument)"
    assert calc.variables == {"x": 1, "y": 2}  # ':clear x' forgot nothing
    assert run_command(calc, ":vars y") == "usage: :vars (no argument)"
    assert run_command(calc, ":quit now") == "usage: :quit (no argument)"
    assert run_command(calc, ":units m") == "usage: :units (no argument)"
    assert run_command(calc, ":vars  ") == "x = 1\ny = 2"


def test_a_command_may_be_shortened_to_a_prefix_that_names_only_it():
    from calculator.commands import Quit

    calc = Calculator()
    assert run_command(calc, ":dig 5") == "digits 5, base dec, format auto, group off"
    assert run_command(calc, ":h sqrt") == run_command(calc, ":help sqrt")
    assert run_command(calc, ":e") == "':e' could be :exact or :explain"
    assert run_command(calc, ":l on") == "':l' could be :lint or :load"
    assert run_command(calc, ":qq") == "unknown command ':qq'; did you mean ':quit'?"
    with pytest.raises(Quit):
        run_command(calc, ":q")


@pytest.mark.parametrize("line", ["exit", "quit", "exit()", " quit ( ) "])
def test_exit_and_quit_typed_as_in_python_leave_the_prompt(line):
    from calculator.commands import Quit

    with pytest.raises(Quit):
        Prompt(Calculator()).handle(line)


def test_help_typed_as_in_python_shows_the_help():
    prompt = Prompt(Calculator())
    assert prompt.handle("help") == prompt.handle("help()") == prompt.handle(":help")
    assert prompt.handle("help(sqrt)") == prompt.handle(":help sqrt")
    assert prompt.handle("help(sqrt)").startswith("sqrt(x): square root")


def test_exit_quit_and_help_are_coloured_as_the_commands_they_are():
    calc = Calculator()
    lexer = CalcLexer(calc)
    assert lexer.fragments("exit") == [("class:command", "exit")]
    assert lexer.fragments("help(sqrt)") == [("class:command", "help(sqrt)")]
    assert ("class:unknown", "exit") in lexer.fragments("exit + 1")  # not a command: an unknown name
    calc.evaluate("exit = 3")
    assert lexer.fragments("exit") == [("class:name", "exit")]


def test_exit_quit_and_help_are_names_like_any_other_once_the_session_defines_them():
    prompt = Prompt(Calculator())
    prompt.handle("exit = 3; help(x) = x + 1")
    assert prompt.handle("exit") == "3"
    assert prompt.handle("help(1)") == "2"
    assert prompt.handle("quit + 1").endswith("error: unknown name 'quit'")


def test_prompt_session_reads_lines_from_pipe_input():
    calc = Calculator()
    with create_pipe_input() as pipe:
        session, logic = make_session(calc, InMemoryHistory(), input=pipe, output=DummyOutput())
        pipe.send_text("x = 3\r")
        assert logic.handle(session.prompt()) == ""
        pipe.send_text("x ^ 2\r")
        assert logic.handle(session.prompt()) == "9"
        pipe.send_text("\x1b[A\r")  # Up recalls the previous entry
        assert session.prompt() == "x ^ 2"


def test_history_file_is_created_appended_and_capped(tmp_path):
    path = tmp_path / "state" / "calc" / "history"
    history = SafeFileHistory(path, cap=3)
    for i in range(8):
        history.store_string(f"{i} + 1")
    assert path.read_text().count("\n+") == 8  # one append per entry
    reloaded = SafeFileHistory(path, cap=3)
    assert list(reloaded.load_history_strings()) == ["7 + 1", "6 + 1", "5 + 1"]
    assert path.read_text().count("\n+") == 3  # compacted, newest kept
    assert path.stat().st_mode & 0o777 == 0o600  # private when created, and after compaction


def test_unwritable_history_warns_once_and_keeps_going(tmp_path):
    warnings = []
    blocker = tmp_path / "file"
    blocker.write_text("")
    history = SafeFileHistory(blocker / "history", warn=warnings.append)  # parent is a file
    history.store_string("1")
    history.store_string("2")
    assert len(warnings) == 1 and warnings[0].startswith("calc: warning: cannot write the history")


def test_full_disk_history_warns_and_corrupt_history_loads():
    warnings = []
    if Path("/dev/full").exists():
        history = SafeFileHistory(Path("/dev/full"), warn=warnings.append)
        history.store_string("1 + 1")
        assert len(warnings) == 1


def test_corrupt_history_loads_what_it_can(tmp_path):
    path = tmp_path / "history"
    path.write_bytes(b"\x00\xff garbage\n+1 + 1\n\n# t\n+\xff\xfe2\n")
    assert list(SafeFileHistory(path).load_history_strings()) == ["\ufffd\ufffd2", "1 + 1"]


def test_history_location(tmp_path):
    assert history_path({"CALC_HISTORY": ""}) is None
    assert history_path({"CALC_HISTORY": str(tmp_path / "h")}) == tmp_path / "h"
    assert history_path({"XDG_STATE_HOME": str(tmp_path)}) == tmp_path / "calc" / "history"


# -- a real terminal ----------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_ctrl_c_abandons_an_evaluation_and_keeps_the_session(tmp_path):
    tmux = Tmux(tmp_path)
    try:
        tmux.start("--max-calls", "1000000000", "--max-work", "100000000000")  # room for a long run
        tmux.keys("rate = 0.25", "Enter", "b(n) = if n == 0 then 1 else b(n - 1) + b(n - 1)", "Enter")
        tmux.keys("b(30)", "Enter")  # 2^31 calls: minutes of work
        time.sleep(1.0)
        assert "\n1073741824\n" not in tmux.screen()
        tmux.keys("C-c")
        tmux.wait_for("\ninterrupted\ncalc>")  # on a line of its own, not after the echoed ^C
        tmux.keys("rate * b(3)", "Enter")
        screen = tmux.wait_for("\n2.0\n")
        assert "Traceback" not in screen and "KeyboardInterrupt" not in screen
        tmux.keys("C-d")
        tmux.wait_for("EXIT=0")
    finally:
        tmux.kill()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_real_terminal_session(tmp_path):
    tmux = Tmux(tmp_path)
    try:
        tmux.start()
        tmux.keys("2 + 3 * 4", "Enter")
        tmux.wait_for("\n14\n")
        tmux.keys("2 * 3 - 7 % 0", "Enter")
        screen = tmux.wait_for("error: Cannot divide by zero")
        assert "calc> 2 * 3 - 7 % 0\n              ^\nerror: Cannot divide by zero" in screen
        tmux.keys("sq", "Tab")
        tmux.wait_for("calc> sqrt(")
        tmux.keys("16) + 1")
        tmux.wait_for("= 5.0")  # the live preview, before Enter
        tmux.keys("Enter")
        tmux.wait_for("\n5.0\n")
        tmux.keys("C-d")
        tmux.wait_for("EXIT=0")
    finally:
        tmux.kill()
    history_file = tmp_path / "state" / "calc" / "history"
    history = history_file.read_text()
    assert "+2 + 3 * 4\n" in history and "+sqrt(16) + 1\n" in history
    assert history_file.stat().st_mode & 0o777 == 0o600  # private, as shells keep theirs

    second = Tmux(tmp_path)  # a second session recalls the first one's lines with Up
    try:
        second.start()
        second.keys("Up")
        second.wait_for("calc> sqrt(16) + 1")
        second.keys("Up", "Up")
        second.wait_for("calc> 2 + 3 * 4")
        second.keys("C-c")
        second.keys(":quit", "Enter")
        second.wait_for("EXIT=0")
    finally:
        second.kill()


LONG_MESSAGES = ["10 USD", "0.1 + 0.2 == 0.3", "café = 2", "3 m + 2 s"]


@pytest.mark.parametrize("width", [40, 60, 80])
def test_long_errors_and_warnings_fold_between_words_to_the_terminals_width(width):
    prompt = Prompt(Calculator(), color=False)
    for line in LONG_MESSAGES:
        unfolded = prompt.handle(line).split("\n")
        prompt.width = lambda: width
        folded = prompt.handle(line).split("\n")
        prompt.width = None
        assert all(len(row) <= width for row in folded), folded
        assert " ".join(folded).split() == " ".join(unfolded).split()  # no word or number cut in two
        continued = [row for row in folded if row.startswith(" ") and row.strip() != "^"]
        assert all(len(row) - len(row.lstrip()) in (len("error: "), len("warning: ")) for row in continued), folded
        assert len(folded) > len(unfolded) or width == 80 and line == "3 m + 2 s"


def test_an_error_in_an_80_column_terminal_breaks_between_words(tmp_path):
    tmux = Tmux(tmp_path)
    try:
        tmux.start(size=(80, 24))
        tmux.keys("10 USD", "Enter")
        screen = tmux.wait_for("multiplication")
        message = "error: unknown unit 'USD': a name right after a number is a unit, and calc has no implicit multiplication"
        rows = screen[screen.index("error: "):screen.index("multiplication") + len("multiplication")].split("\n")
        assert len(rows) == 2 and rows[1].startswith(" " * 7 + "no ")
        assert " ".join(" ".join(rows).split()) == message
    finally:
        tmux.kill()


def test_plain_loop_for_a_dumb_terminal(monkeypatch, capsys):
    from calculator import repl

    lines = iter(["x = 4", "x * 2", ":quit"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(lines))
    assert repl._plain_loop(Calculator()) == 0
    assert capsys.readouterr().out == "8\n"


def test_explain_command_shows_definitions_and_steps():
    calc = Calculator()
    assert run_command(calc, ":explain f(x) = x^2") == "f(x) = x ^ 2"
    assert run_command(calc, ":explain 2*f(3)") == "2 * f(3)\n  f(3) = 9\n    advanced.power(3, 2) = 9\n  advanced.multiply(2, 9) = 18\n= 18"
    assert run_command(calc, ":explain") == "usage: :explain EXPR   (shows how calc reads EXPR and every operation it runs)"


def _append_entries(path: str, prefix: str, count: int) -> None:
    history = SafeFileHistory(Path(path))
    for i in range(count):
        history.store_string(f"{prefix} + {i}")


def test_two_prompts_appending_at_once_lose_nothing(tmp_path):
    import multiprocessing

    path = tmp_path / "history"
    workers = [multiprocessing.Process(target=_append_entries, args=(str(path), name, 300)) for name in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    entries = list(SafeFileHistory(path).load_history_strings())
    assert len(entries) == 600
    assert sorted(entries) == sorted(f"{p} + {i}" for p in ("a", "b") for i in range(300))


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_kill_9_mid_session_keeps_every_entered_line(tmp_path):
    import signal

    tmux = Tmux(tmp_path)
    try:
        tmux.start()
        for line in ("1 + 1", "x = 41", "x + 1"):
            tmux.keys(line, "Enter")
        tmux.wait_for("\n42\n")
        shell = int(tmux.run("list-panes", "-t", "calc", "-F", "#{pane_pid}").strip())
        calc_pid = int(subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True).stdout.split()[0])
        os.kill(calc_pid, signal.SIGKILL)
        tmux.wait_for("EXIT=137")
    finally:
        tmux.kill()
    entries = list(SafeFileHistory(tmp_path / "state" / "calc" / "history").load_history_strings())
    assert entries == ["x + 1", "x = 41", "1 + 1"]


def test_vi_editing_mode():
    from prompt_toolkit.enums import EditingMode

    from calculator.repl import wants_vi

    assert wants_vi(True, {}) and wants_vi(False, {"CALC_EDITING_MODE": "vi"})
    assert not wants_vi(False, {}) and not wants_vi(False, {"CALC_EDITING_MODE": "emacs"})
    with create_pipe_input() as pipe:
        session, logic = make_session(Calculator(), InMemoryHistory(), input=pipe, output=DummyOutput(), vi_mode=True)
        assert session.editing_mode == EditingMode.VI
        pipe.send_text("12\x1b0i3\r")  # type 12, Escape, 0 (start of line), i, insert 3
        assert session.prompt() == "312"


def test_a_bug_in_calc_does_not_end_the_prompt(monkeypatch, capsys):
    from calculator import repl

    lines = iter(["boom", "1 + 1", ":quit"])
    prompt = Prompt(Calculator(), color=False)
    original = prompt.handle

    def handle(text):
        if text == "boom":
            raise RuntimeError("boom")
        return original(text)

    monkeypatch.setattr(prompt, "handle", handle)
    assert repl._serve(lambda: next(lines), prompt) == 0
    assert capsys.readouterr().out == "calc: internal error (please report it): RuntimeError: boom\n2\n"


def test_keywords_and_host_functions_are_coloured_and_completed():
    calc = Calculator(functions={"tax": lambda income: income * 0.2})
    styles = dict((t, s) for s, t in CalcLexer(calc).fragments("if tax(3) > 1 and not false then 1 else 2") if t.strip())
    assert styles["if"] == styles["and"] == styles["not"] == styles["false"] == styles["then"] == "class:keyword"
    assert styles["tax"] == "class:function"
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    completer = CalcCompleter(calc)
    words = lambda text: [c.text for c in completer.get_completions(Document(text), CompleteEvent())]  # noqa: E731
    assert words("x = tr") == ["trunc(", "true "] and words("if a th") == ["then "]
    assert sorted(words("ta")) == ["tan(", "tanh(", "tau", "tax("] and words("1 < 2 an")[0] == "and "
    assert "angstrom" in words("1 < 2 an")  # after a number, a unit may follow too (2 angstrom)
