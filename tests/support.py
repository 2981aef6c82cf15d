"""Helpers shared by the tests: the real calc process, and the prompt in a real terminal."""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def calc_command() -> list[str]:
    """The installed `calc` script beside this interpreter (the real process users run)."""
    script = Path(sys.executable).with_name("calc")
    if script.exists():
        return [str(script)]
    found = shutil.which("calc")
    return [found] if found else [sys.executable, "-m", "calculator"]


def run_calc(*args: str, input: bytes | str | None = None, env: dict | None = None, cwd=None, timeout: float = 60):
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR",)}
    environment.update({"CALC_HISTORY": "", "NO_COLOR": "1"})
    environment.update(env or {})
    data = input.encode() if isinstance(input, str) else input
    return subprocess.run(
        calc_command() + list(args), input=data, capture_output=True, env=environment, cwd=cwd, timeout=timeout
    )


class Tmux:
    """calc in a real terminal: a tmux server of its own, read back with capture-pane."""

    def __init__(self, home: Path) -> None:
        self.socket = f"calc-test-{uuid.uuid4().hex[:8]}"
        self.home = home

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True, check=True).stdout

    def start(self, *args: str, size: tuple[int, int] = (100, 30), env: dict[str, str | None] | None = None) -> None:
        """Run calc with ``args`` in a terminal of ``size`` (columns, rows); ``env`` sets more
        variables (None: unsets one)."""
        variables = {"NO_COLOR": None, "CALC_HISTORY": None, "HOME": str(self.home), "XDG_STATE_HOME": f"{self.home}/state"}
        variables.update(TERM="xterm-256color", **(env or {}))
        unset = [f"-u {name}" for name, value in variables.items() if value is None]  # env(1) takes -u first
        assigned = [f"{name}={value}" for name, value in variables.items() if value is not None]
        command = f"{' '.join(['env', *unset, *assigned, *calc_command(), *args])}; echo EXIT=$?; sleep 30"
        self.run("new-session", "-d", "-s", "calc", "-x", str(size[0]), "-y", str(size[1]), command)
        self.wait_for("calc>")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "calc", *keys)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "calc")

    def wait_for(self, text: str, timeout: float = 10) -> str:
        deadline = time.time() + timeout
        while time.time() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared on the screen:\n{self.screen()}")

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
