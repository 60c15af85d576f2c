"""The upgrade lock on every engine: a second run waits then fails with a sentence naming the holder, and
the lock comes free when its holder leaves the `with` block, exits, or is killed.

The cross-process tests drive small `netkeel.setup()` workers over stdin, on SQLite always and on
PostgreSQL and MariaDB whenever those servers are reachable, whatever NETKEEL_TEST_DB says. Each test
uses its own lock name so concurrent test runs on a shared server never contend.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from netkeel.conf.testing import TEST_DB
from netkeel.core.upgrade.lock import (
    LOCK_NAME,
    LockTimeout,
    advisory_lock_key,
    mysql_lock_name,
    seconds_text,
    sqlite_lock_path,
    upgrade_lock,
)

# One worker per process: reads `acquire SECONDS`, `release`, `exit` lines and answers one line each
# (plus a `waiting ...` line first when it has to wait). `exit` leaves the process from inside the
# `with` blocks, as a finished post_upgrade does.
WORKER = """
import sys
from contextlib import ExitStack

import netkeel

netkeel.setup()
from netkeel.core.upgrade.lock import LockTimeout, upgrade_lock

name = sys.argv[1]
print("ready", flush=True)
with ExitStack() as stack:
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "acquire":
            report = lambda message: print("waiting", message, flush=True)
            try:
                info = stack.enter_context(upgrade_lock(float(argument), on_wait=report, name=name))
            except LockTimeout as exc:
                print("timeout", exc, flush=True)
            else:
                print("acquired", info.kind, info.name, flush=True)
        elif command == "release":
            stack.close()
            print("released", flush=True)
        elif command == "exit":
            raise SystemExit(0)
"""

SERVER_ENVIRONMENTS: dict[str, dict[str, str]] = {
    "postgresql": {
        "NETKEEL_DB_ENGINE": "postgresql",
        "NETKEEL_DB_USER": "postgres",
        "NETKEEL_DB_HOST": "127.0.0.1",
        "NETKEEL_DB_NAME": "postgres",
    },
    # Named locks need no tables; `mysql` is a database every server has.
    "mysql": {
        "NETKEEL_DB_ENGINE": "mysql",
        "NETKEEL_DB_USER": "root",
        "NETKEEL_DB_HOST": "127.0.0.1",
        "NETKEEL_DB_NAME": "mysql",
    },
}


class Worker:
    """A lock-holding subprocess, answered line by line with a deadline (a hung worker fails, never hangs)."""

    def __init__(self, env: dict[str, str], name: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, name],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        self.pending = b""

    @property
    def pid(self) -> int:
        return self.process.pid

    def read_line(self, timeout: float = 120.0) -> str:
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, remaining))
            if not ready:
                pytest.fail(f"worker {self.pid} gave no answer within {timeout} s.")
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:  # end of file: the worker died, and its traceback says why
                assert self.process.stderr is not None
                self.process.wait(5)
                pytest.fail(
                    f"worker {self.pid} exited with {self.process.returncode}: {self.process.stderr.read().decode()}"
                )
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return line.decode()

    def ask(self, command: str) -> list[str]:
        """Send one command; the answer lines, up to the first that is not a `waiting` report."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"{command}\n".encode())
        lines = [self.read_line()]
        while lines[-1].startswith("waiting "):
            lines.append(self.read_line())
        return lines

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def lock_name() -> str:
    return f"netkeel-upgrade-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def engine_env(
    request: pytest.FixtureRequest, clean_env: dict[str, str], require_service: Callable[[str], None]
) -> dict[str, str]:
    """The environment of a worker on each engine (SQLite: a database file under the test's root). Each
    engine's case runs in the suite run on that engine (`NETKEEL_TEST_DB`; SQLite's in plain `make test`),
    once in CI, and where that engine's driver is installed."""
    engine: str = request.param
    suite_engine = (os.environ.get("NETKEEL_TEST_DB") or "sqlite").strip().lower()
    if engine != suite_engine:
        pytest.skip(f"runs in the suite run on {engine} (NETKEEL_TEST_DB={engine})")
    if engine == "sqlite":
        return {**clean_env, "NETKEEL_DB_ENGINE": "sqlite", "NETKEEL_DB_NAME": "netkeel.sqlite3"}
    require_service(engine)
    return {**clean_env, **SERVER_ENVIRONMENTS[engine]}


@pytest.fixture
def start_workers(engine_env: dict[str, str], lock_name: str) -> Iterator[Callable[[int], list[Worker]]]:
    started: list[Worker] = []

    def start(count: int) -> list[Worker]:
        # Started together so their interpreters and Django start-up overlap.
        workers = [Worker(engine_env, lock_name) for _ in range(count)]
        started.extend(workers)
        for worker in workers:
            assert worker.read_line() == "ready"
        return workers

    yield start
    for worker in started:
        worker.stop()


def lock_is_free(env: dict[str, str], name: str) -> bool:
    """Ask the engine itself, with its own client rather than through netkeel, whether `name` is free."""
    engine = env["NETKEEL_DB_ENGINE"]
    if engine == "sqlite":
        with open(Path(env["NETKEEL_ROOT"]) / f"netkeel.sqlite3.{name}.lock", "a") as file:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True  # closing the file drops our flock
    if engine == "postgresql":
        import psycopg

        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as pg:
            row = pg.execute("SELECT pg_try_advisory_lock(%s)", [advisory_lock_key(name)]).fetchone()
            return row is not None and row[0] is True  # the session lock goes with the connection
    import MySQLdb

    my = MySQLdb.connect(host="127.0.0.1", user="root", database="mysql")
    try:
        cursor = my.cursor()
        cursor.execute("SELECT GET_LOCK(%s, 0)", [mysql_lock_name("mysql", name)])
        return cursor.fetchone()[0] == 1
    finally:
        my.close()


@pytest.mark.slow
def test_second_run_waits_then_fails_and_the_lock_frees_on_exit_and_on_kill(
    start_workers: Callable[[int], list[Worker]], engine_env: dict[str, str], lock_name: str
) -> None:
    first, second = start_workers(2)
    engine = engine_env["NETKEEL_DB_ENGINE"]

    lock_file = Path(engine_env["NETKEEL_ROOT"]) / f"netkeel.sqlite3.{lock_name}.lock"
    label = {
        "sqlite": f"SQLite lock file {lock_file}",
        "postgresql": f"PostgreSQL advisory lock {lock_name}",
        "mysql": f"lock {lock_name}:mysql",  # "MariaDB lock ..." or "MySQL lock ...", by server
    }[engine]
    answer = first.ask("acquire 5")
    assert answer == [f"acquired {engine} {lock_file if engine == 'sqlite' else label.split()[-1]}"]
    assert not lock_is_free(engine_env, lock_name)

    waiting, timeout = second.ask("acquire 0.3")
    assert waiting.startswith("waiting Another post_upgrade is running (")
    assert waiting.endswith(f"{label}); waiting up to 0.3 s for it to finish.")
    assert timeout.startswith("timeout Another post_upgrade is running (")
    assert timeout.endswith(f"{label}); waited 0.3 s. Try again when it has finished.")
    if engine == "mysql":
        assert " connection " in timeout
    else:
        # SQLite reads the holder from the lock file, PostgreSQL from the holder's application_name.
        assert f"(pid {first.pid} on " in timeout

    # The holder finishes normally: the lock is free at once.
    first.process.stdin.write(b"exit\n")  # type: ignore[union-attr]
    assert first.process.wait(10) == 0
    assert second.ask("acquire 5")[0].startswith("acquired ")

    # The holder is killed mid-run: the server (or the kernel, for the lock file) frees the lock.
    os.kill(second.pid, signal.SIGKILL)
    second.process.wait(10)
    deadline = time.monotonic() + 5  # a server notices the closed socket within moments
    while not lock_is_free(engine_env, lock_name):
        assert time.monotonic() < deadline, "the lock outlived its killed holder"
        time.sleep(0.05)


@pytest.mark.django_db
def test_in_process_holder_blocks_a_second_lock_until_it_leaves(lock_name: str) -> None:
    """Not re-entrant: a nested attempt in the same process contends like another run would."""
    reports: list[str] = []
    with upgrade_lock(5, name=lock_name) as info:
        assert info.kind == TEST_DB
        assert info.waited_seconds < 1
        with pytest.raises(LockTimeout) as caught, upgrade_lock(0.3, name=lock_name, on_wait=reports.append):
            pass
    message = str(caught.value)
    assert message.startswith("Another post_upgrade is running (")
    assert message.endswith("); waited 0.3 s. Try again when it has finished.")
    if TEST_DB != "mysql":
        assert f"pid {os.getpid()} on " in message
    assert caught.value.holder is not None and caught.value.holder in message
    assert reports == [
        f"Another post_upgrade is running ({caught.value.holder}, holding the {caught.value.label}); "
        "waiting up to 0.3 s for it to finish."
    ]
    with upgrade_lock(0, name=lock_name) as again:
        assert again.waited_seconds < 1


@pytest.mark.django_db
def test_lock_is_released_when_the_block_raises(lock_name: str) -> None:
    with pytest.raises(RuntimeError), upgrade_lock(1, name=lock_name):
        raise RuntimeError("a step failed")
    with upgrade_lock(0, name=lock_name):
        pass


def test_timeout_sentence() -> None:
    label = f"PostgreSQL advisory lock {LOCK_NAME}"
    assert str(LockTimeout(label, None, 30.02)) == (
        "Another post_upgrade is running (holding the PostgreSQL advisory lock netkeel-upgrade); waited 30 s. "
        "Try again when it has finished."
    )
    assert str(LockTimeout("SQLite lock file /x.lock", "pid 7 on web-1", 2.5)) == (
        "Another post_upgrade is running (pid 7 on web-1, holding the SQLite lock file /x.lock); waited 2.5 s. "
        "Try again when it has finished."
    )


def test_seconds_text() -> None:
    assert [seconds_text(s) for s in (0, 0.04, 0.5, 2.0, 9.94, 30.02, 60)] == ["0", "0", "0.5", "2", "9.9", "30", "60"]


def test_advisory_key_never_changes() -> None:
    # An old and a new release must contend for the same key during a rolling upgrade.
    assert advisory_lock_key(LOCK_NAME) == -2510891983168128270
    assert -(2**63) <= advisory_lock_key("x" * 500) < 2**63


def test_mysql_lock_name_is_per_database_and_fits_64_characters() -> None:
    assert mysql_lock_name("netkeel") == "netkeel-upgrade:netkeel"
    long_a, long_b = mysql_lock_name("a" * 64), mysql_lock_name("a" * 63 + "b")
    assert len(long_a) == len(long_b) == 64 and long_a != long_b and long_a.startswith("netkeel-upgrade:")


def test_sqlite_lock_file_sits_next_to_the_database(settings: object) -> None:
    assert sqlite_lock_path("/srv/netkeel/netkeel.sqlite3") == Path("/srv/netkeel/netkeel.sqlite3.upgrade.lock")
    assert sqlite_lock_path("/srv/db.sqlite3", "other") == Path("/srv/db.sqlite3.other.lock")
    root = Path(getattr(settings, "NETKEEL_ROOT"))  # noqa: B009
    assert sqlite_lock_path(":memory:") == root / "netkeel-upgrade.lock"
    assert sqlite_lock_path("file:memorydb_default?mode=memory&cache=shared") == root / "netkeel-upgrade.lock"
