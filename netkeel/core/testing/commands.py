"""`netkeel-server` as tests run it: a subprocess with an environment of the test's own, run to its end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_netkeel_server(
    *args: str,
    env: dict[str, str],
    timeout: float = 120,
    cwd: Path | None = None,
    python: str = sys.executable,
) -> subprocess.CompletedProcess[str]:
    """`netkeel-server ARGS` (as `python -m netkeel`), with no standard input; its text output captured."""
    return subprocess.run(
        [python, "-m", "netkeel", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
