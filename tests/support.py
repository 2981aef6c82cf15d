"""Helpers shared by the tests: the real calc process."""

import os
import shutil
import subprocess
import sys
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

