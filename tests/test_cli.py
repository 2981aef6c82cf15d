"""The calc command as users run it: golden cases, sources, exit status, streams."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import calc_command, run_calc

CASES = Path(__file__).parent / "cases"


def golden_cases():
    return sorted(p.stem for p in CASES.glob("*.calc"))


@pytest.mark.parametrize("name", golden_cases())
def test_golden_case(name):
    """tests/cases/NAME.calc run as `calc NAME.calc` (plus NAME.args) gives NAME.out, .err, .status."""
    args_file = CASES / f"{name}.args"
    args = args_file.read_text().split() if args_file.exists() else []
    result = run_calc(*args, f"{name}.calc", cwd=CASES)
    assert result.stdout.decode() == (CASES / f"{name}.out").read_text()
    assert result.stderr.decode() == (CASES / f"{name}.err").read_text()
    assert result.returncode == int((CASES / f"{name}.status").read_text())


def test_at_least_the_core_golden_cases_exist():
    assert {"budget", "syntax", "bom_crlf", "bad_bytes"} <= set(golden_cases())
    # floats as shown by default, in full, in JSON, explained and annotated
    assert {"display", "display_full", "display_json", "display_explain", "display_annotate"} <= set(golden_cases())


def test_expressions_share_one_session_and_print_in_order():
    result = run_calc("-e", "x = 2^10", "-e", "x - 24", "-e", "ans * 2")
    assert (result.stdout, result.stderr, result.returncode) == (b"1000\n2000\n", b"", 0)


def test_expression_error_shows_caret_and_exits_1():
    result = run_calc("-e", "2 * 3 - 7 % 0")
    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.decode() == "<expr>:1:9: error: Cannot divide by zero\n    1 | 2 * 3 - 7 % 0\n      |         ^\n"


def test_exact_flag():
    assert run_calc("--exact", "-e", "0.1 + 0.2", "-e", "7/4", "-e", "6/3").stdout == b"3/10\n7/4\n2\n"


def test_usage_error_exits_2_without_traceback():
    result = run_calc("--no-such-flag")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr and b"usage: calc" in result.stderr


def test_version_and_help():
    import calculator

    assert run_calc("--version").stdout.decode().strip() == f"calc {calculator.__version__}"
    help_text = run_calc("--help").stdout.decode()
    assert "calc -e '2 + 3 * 4'" in help_text and "--exact" in help_text and "exit status" in help_text


def test_files_share_state_in_order(tmp_path):
    (tmp_path / "a.calc").write_text("rate = 0.5\n")
    (tmp_path / "b.calc").write_text("rate * 4\n")
    result = run_calc("-e", "rate = 0.25", "a.calc", "b.calc", cwd=tmp_path)
    assert (result.stdout, result.returncode) == (b"2.0\n", 0)


def test_stdin_when_not_a_terminal_and_with_dash():
    assert run_calc(input="1 + 1\n2 * 3").stdout == b"2\n6\n"
    assert run_calc("-e", "x = 5", "-", input="x * 2\n").stdout == b"10\n"
    result = run_calc(input="1/0\n")
    assert result.stderr.decode().startswith("<stdin>:1:1: error: Cannot divide by zero")


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: None, "missing.calc: no such file"),
        (lambda p: (p / "missing.calc").mkdir(), "missing.calc: is a directory"),
    ],
)
def test_unusable_files_exit_2_and_later_files_still_run(tmp_path, make, message):
    make(tmp_path)
    (tmp_path / "ok.calc").write_text("40 + 2\n")
    result = run_calc("missing.calc", "ok.calc", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b"42\n"
    assert result.stderr.decode() == f"calc: error: {message}\n"


def test_unreadable_file(tmp_path, monkeypatch):
    # Root reads any file whatever its mode, so make open() refuse as it would for a user.
    import io

    from calculator import cli

    def refuse(path, mode="r", *args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(cli, "open", refuse, raising=False)
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(["secret.calc"], stdin=io.BytesIO(b""), stdout=out, stderr=err)
    assert (status, out.getvalue(), err.getvalue()) == (2, "", "calc: error: secret.calc: permission denied\n")


def test_stop_on_error_and_quiet():
    result = run_calc("-x", "-e", "1", "-e", "1/0", "-e", "3")
    assert (result.stdout, result.returncode) == (b"1\n", 1)
    result = run_calc("-q", "-e", "1", "-e", "2")
    assert (result.stdout, result.stderr, result.returncode) == (b"", b"", 0)
    assert run_calc("-q", "-e", "1/0").returncode == 1


def test_nul_bytes_junk_and_a_huge_line_never_traceback():
    junk = bytes(b for b in range(256) if b != 10) * 4 + b"\n1 +\x00 2\n" + b"1+" * 600_000 + b"1\n" + b"6*7\n"
    result = run_calc(input=junk)
    err = result.stderr.decode()
    assert "Traceback" not in err
    assert result.stdout == b"42\n"
    assert err.startswith("<stdin>:1: error: the line is not valid UTF-8; skipped it\n<stdin>:2:4: error: unexpected control character U+0000\n")
    assert "<stdin>:3:1: error: the line is too long, over the max_input_length limit of 100,000" in err
    assert len(err) < 1000  # the diagnostic shows a window of the line, not a megabyte
    assert result.returncode == 2  # line 1 is not UTF-8


def test_broken_pipe_is_quiet():
    script = f"{' '.join(calc_command())} - < /dev/zero | head -c 0; yes 1 | {' '.join(calc_command())} | head -1"
    lines = "\n".join(["1"] * 200_000) + "\n"
    proc = subprocess.run(
        ["bash", "-c", f"{' '.join(calc_command())} | head -1"], input=lines.encode(), capture_output=True,
        env={**os.environ, "CALC_HISTORY": ""}, timeout=60,
    )
    assert proc.stdout == b"1\n"
    assert proc.stderr == b""
    del script


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_is_an_error_not_a_traceback():
    with open("/dev/full", "w") as full:
        proc = subprocess.run(calc_command() + ["-e", "1+1"], stdout=full, stderr=subprocess.PIPE, env={**os.environ, "CALC_HISTORY": ""})
    assert proc.returncode == 2
    assert proc.stderr.decode() == "calc: error: cannot write the results: No space left on device\n"


def test_color_only_on_a_terminal_and_without_no_color():
    # stderr is a pipe here: never colour.
    result = run_calc("-e", "1/0", env={"NO_COLOR": ""})
    assert b"\x1b[" not in result.stderr


def test_limit_flags_reach_the_session():
    result = run_calc("--max-digits", "10", "-e", "2^40", "-e", "2^30")
    assert result.stdout == b"1073741824\n"
    assert b"over the max_digits limit of 10 (raise it with --max-digits N" in result.stderr


def test_interrupt_exits_130():
    import signal
    import time

    proc = subprocess.Popen(calc_command() + ["-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "CALC_HISTORY": ""})
    proc.stdin.write(b"1+1\n")
    proc.stdin.flush()
    assert proc.stdout.readline() == b"2\n"  # streams: the answer arrives while stdin is still open
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert b"Traceback" not in err


def test_colour_on_a_terminal_unless_no_color(monkeypatch):
    import io

    from calculator import cli

    master, slave = os.openpty()
    try:
        with open(slave, "w", closefd=False) as terminal:
            monkeypatch.delenv("NO_COLOR", raising=False)
            monkeypatch.setenv("TERM", "xterm")
            cli.main(["-e", "1/0"], stdin=io.BytesIO(b""), stdout=io.StringIO(), stderr=terminal)
            terminal.flush()
            coloured = os.read(master, 4096)
            monkeypatch.setenv("NO_COLOR", "1")
            cli.main(["-e", "1/0"], stdin=io.BytesIO(b""), stdout=io.StringIO(), stderr=terminal)
            terminal.flush()
            plain = os.read(master, 4096)
    finally:
        os.close(master)
        os.close(slave)
    assert b"\x1b[31m" in coloured and b"Cannot divide by zero" in coloured
    assert b"\x1b[" not in plain and b"Cannot divide by zero" in plain


def test_sheets_through_the_command(tmp_path):
    sheet = tmp_path / "sheet.calc"
    sheet.write_text("a = 19 * 19\na - 1   # => 361\n1/0 # => error\n")
    result = run_calc("--check", "sheet.calc", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == b""
    assert result.stderr.decode() == (
        "sheet.calc:2:1: error: expected 361, got 360\n    2 | a - 1   # => 361\n      | ^\n2 checks, 1 failed\n"
    )
    assert run_calc("--annotate", "--in-place", "sheet.calc", cwd=tmp_path).returncode == 0
    assert sheet.read_text() == "a = 19 * 19  # => 361\na - 1        # => 360\n1/0          # => error: Cannot divide by zero\n"
    result = run_calc("--check", "sheet.calc", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"3 checks, 0 failed\n")
    assert run_calc("--check", "--annotate", "sheet.calc", cwd=tmp_path).returncode == 2


def test_the_readme_calculations_check():
    from support import ROOT

    result = run_calc("--check", str(ROOT / "README.md"))
    assert result.returncode == 0, result.stderr.decode()
    checks = int(result.stderr.decode().split()[0])
    assert checks >= 20


def test_settings_out_of_range_are_usage_errors():
    result = run_calc("--digits", "2000", "-e", "1")
    assert (result.returncode, result.stderr) == (2, b"calc: error: digits must be between 1 and 1000, not 2000\n")
    result = run_calc("--exact", "--precision", "5", "-e", "1")
    assert result.returncode == 2 and result.stderr.endswith(b"calc: error: --exact and --precision are two number modes: choose one\n")


def test_a_bug_in_calc_is_one_line_not_a_traceback(monkeypatch, capsys):
    from calculator import cli

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "main", broken)
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    assert exit_.value.code == 70
    assert capsys.readouterr().err == "calc: internal error (please report it): RuntimeError: boom\n"
