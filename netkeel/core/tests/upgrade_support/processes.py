"""`netkeel-server` as the upgrade suite runs it: one installation's commands run to the end (`Netkeel`),
or started in a session of their own and watched until the moment to kill them (`Running`)."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from netkeel.core.testing.commands import run_netkeel_server
from netkeel.core.tests.upgrade_support.databases import ScratchDatabase
from netkeel.core.tests.upgrade_support.fingerprint import FINGERPRINT_SCRIPT, Fingerprint

# Bounds on every subprocess: generous for a slow CI machine, short enough that a hang fails the run.
RUN_TIMEOUT = 300.0
FINGERPRINT_TIMEOUT = 180.0

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


class Running:
    """A `netkeel-server` started in its own session; its output (stdout and stderr, optionally through a
    terminal so rich draws its progress bars) is collected by a thread and can be waited on."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path, *, terminal: bool) -> None:
        self._text = ""
        self._changed = threading.Condition()
        self._closed = False
        self._fd: int | None = None
        if terminal:
            reader, writer = pty.openpty()
            self.process = subprocess.Popen(
                argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=writer, stderr=writer, start_new_session=True
            )
            os.close(writer)
            self._fd = reader
        else:
            self.process = subprocess.Popen(
                argv,
                env=env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            assert self.process.stdout is not None
            self._fd = self.process.stdout.fileno()
        self._thread = threading.Thread(target=self._collect, daemon=True)
        self._thread.start()

    def _collect(self) -> None:
        assert self._fd is not None
        while True:
            try:
                chunk = os.read(self._fd, 65536)
            except OSError:  # a terminal reports its closed end as EIO
                chunk = b""
            with self._changed:
                if not chunk:
                    self._closed = True
                    self._changed.notify_all()
                    return
                self._text += chunk.decode(errors="replace")
                self._changed.notify_all()

    @property
    def output(self) -> str:
        """Everything printed so far, terminal control sequences removed."""
        with self._changed:
            return _ANSI.sub("\n", self._text)

    def wait_for(self, pattern: str, timeout: float, accept: Callable[[re.Match[str]], bool] = lambda _: True) -> None:
        """Wait until the output matches `pattern` (and `accept` takes the match); fail if it ends first."""
        compiled = re.compile(pattern, re.MULTILINE)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                text = _ANSI.sub("\n", self._text)
                if any(accept(match) for match in compiled.finditer(text)):
                    return
                if self._closed:
                    pytest.fail(f"the process ended before printing {pattern!r}; it printed:\n{text[-3000:]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(f"no {pattern!r} within {timeout:.0f} s; the process printed:\n{text[-3000:]}")
                self._changed.wait(min(left, 1.0))

    def kill(self) -> None:
        """SIGKILL the whole session (nothing it started outlives it) and reap it."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._thread.join(timeout=30)
        if self.process.stdout is None and self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        if self.process.stdout is not None:
            self.process.stdout.close()


@dataclass
class Netkeel:
    """`netkeel-server` of one installation (the current code, or an old release's venv) on one database."""

    env: dict[str, str]
    cwd: Path
    database: ScratchDatabase | None = None
    python: str = sys.executable
    started: list[Running | subprocess.Popen[str]] = field(default_factory=list)

    def run(self, *args: str, timeout: float = RUN_TIMEOUT) -> subprocess.CompletedProcess[str]:
        return run_netkeel_server(*args, env=self.env, timeout=timeout, cwd=self.cwd, python=self.python)

    def ok(self, *args: str, timeout: float = RUN_TIMEOUT) -> subprocess.CompletedProcess[str]:
        """Run and require exit status 0."""
        result = self.run(*args, timeout=timeout)
        assert result.returncode == 0, (
            f"netkeel-server {' '.join(args)} exited {result.returncode}:\n{output_tail(result)}"
        )
        return result

    def post_upgrade_json(self, *args: str) -> dict[str, Any]:
        result = self.ok("post_upgrade", "--json", "--no-input", *args)
        report: dict[str, Any] = json.loads(result.stdout)
        return report

    def shell(self, code: str) -> str:
        """Run Python in `netkeel-server shell` (an operator's way in); returns what it printed."""
        return self.ok("shell", "--no-imports", "-c", code).stdout

    def start(self, *args: str, terminal: bool = False) -> Running:
        env = {**self.env, "PYTHONUNBUFFERED": "1", "TERM": "xterm", "COLUMNS": "120"}
        running = Running([self.python, "-m", "netkeel", *args], env, self.cwd, terminal=terminal)
        self.started.append(running)
        return running

    def spawn(self, *args: str) -> subprocess.Popen[str]:
        """Start without waiting; stdout and stderr kept apart (read them with `communicate`)."""
        process = subprocess.Popen(
            [self.python, "-m", "netkeel", *args],
            env=self.env,
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def fingerprint(
        self, *, portable: bool = False, fields: dict[str, list[str]] | None = None, paths: bool = False
    ) -> Fingerprint:
        """Fingerprint the database (see `FINGERPRINT_SCRIPT`); `paths` adds the cable path check."""
        with tempfile.TemporaryDirectory(dir=self.cwd) as scratch:
            out = Path(scratch) / "fingerprint.json"
            options = json.dumps({"out": str(out), "portable": portable, "fields": fields, "paths": paths})
            result = subprocess.run(
                [self.python, "-c", FINGERPRINT_SCRIPT, options],
                env=self.env,
                cwd=self.cwd,
                capture_output=True,
                text=True,
                timeout=FINGERPRINT_TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
            assert result.returncode == 0, f"the fingerprint failed:\n{output_tail(result)}"
            data = json.loads(out.read_text())
        fingerprint = Fingerprint(data["models"], data["paths"])
        duplicated = {label: model["duplicates"] for label, model in fingerprint.models.items() if model["duplicates"]}
        assert not duplicated, f"rows the fingerprint cannot tell apart: {duplicated}"
        return fingerprint

    def stop_all(self) -> None:
        """Kill whatever this installation started and is still running (a failed test's leftovers)."""
        for started in self.started:
            if isinstance(started, Running):
                started.kill()
            elif started.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(started.pid, signal.SIGKILL)
                started.communicate(timeout=30)


def output_tail(result: subprocess.CompletedProcess[str]) -> str:
    """The end of what a finished command printed, for an assertion message."""
    return f"stdout: {result.stdout[-3000:]}\nstderr: {result.stderr[-3000:]}"


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {step["name"]: step["status"] for step in report["steps"]}
