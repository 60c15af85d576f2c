"""`live_netkeel`: a real netkeel service for client tests — `netkeel-server start` (gunicorn) on a free
loopback port, over its own SQLite database in a temporary root, with a superuser (`admin`, password
`LIVE_PASSWORD`, for browser tests) and a known token. `serve_netkeel(root, config=..., env=...)` starts
another such service with a config file of its own (plugins, say).

It is started once per test session (migrating takes seconds) and stopped at the end; tests that use it
must leave no assumption about rows other tests made (use unique names).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from netkeel.core.testing.commands import run_netkeel_server

LIVE_TOKEN = "0123456789abcdef0123456789abcdef01234567"
LIVE_PASSWORD = "live-netkeel-admin"
# Installing the service (migrations, static files) and starting it take seconds, but minutes on a machine that runs
# other suites beside this one (pytest-xdist workers, several checkouts): a slow install or start is not a failure.
INSTALL_TIMEOUT = 600


@dataclass(frozen=True)
class LiveNetkeel:
    url: str  # http://127.0.0.1:PORT
    token: str
    root: Path
    env: dict[str, str]

    def server(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run `netkeel-server ARGS` against the live service's database."""
        return run_netkeel_server(*args, env=self.env, timeout=timeout)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_netkeel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveNetkeel]:
    skip_unless_sqlite_run()
    with serve_netkeel(tmp_path_factory.mktemp("live-netkeel")) as live:
        yield live


def skip_unless_sqlite_run() -> None:
    if os.environ.get("NETKEEL_TEST_DB", "sqlite") != "sqlite" and not os.environ.get("NETKEEL_LIVE_EVERY_ENGINE"):
        # A live service runs on its own SQLite database whatever the suite's engine, so its client tests
        # would only repeat the SQLite run; NETKEEL_LIVE_EVERY_ENGINE=1 runs them anyway.
        pytest.skip("the live service's client tests run in the SQLite run (its database is SQLite)")


@contextmanager
def serve_netkeel(root: Path, *, config: str | None = None, env: dict[str, str] | None = None) -> Iterator[LiveNetkeel]:
    """Install netkeel in `root` as an operator does (post_upgrade, a superuser, a token) and serve it until
    the block ends; `config` is written as the root's netkeel_config.py, `env` is added to the environment."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("NETKEEL_")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.update({"NETKEEL_ROOT": str(root), "NETKEEL_DB_NAME": str(root / "live.sqlite3"), "HOME": str(root)})
    environment["NETKEEL_SUPERUSER_PASSWORD"] = LIVE_PASSWORD
    environment.update(env or {})
    if config is not None:
        (root / "netkeel_config.py").write_text(config)
    live = LiveNetkeel(url="", token=LIVE_TOKEN, root=root, env=environment)
    # Installed as an operator does it: post_upgrade (migrations, static files, …), then a user and a token.
    steps = (
        ("post_upgrade", "--no-input", "--no-backup"),
        ("ensure_superuser",),
        ("create_token", "admin", "--key", LIVE_TOKEN),
    )
    for args in steps:
        done = live.server(*args, timeout=INSTALL_TIMEOUT)
        assert done.returncode == 0, f"netkeel-server {' '.join(args)} failed:\n{done.stderr}"
    port = _free_port()
    log = open(root / "server.log", "w")  # closed when the server stops
    process = subprocess.Popen(
        [sys.executable, "-m", "netkeel", "start", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + INSTALL_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"netkeel did not start:\n{(root / 'server.log').read_text()[-3000:]}")
            time.sleep(0.2)
        yield LiveNetkeel(url=url, token=LIVE_TOKEN, root=root, env=environment)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
