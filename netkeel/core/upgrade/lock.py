"""The upgrade lock: one `post_upgrade` at a time per database (DESIGN §1, step 4).

`upgrade_lock()` is held for the whole run, so a second `post_upgrade` (another replica, another shell)
waits and then exits with a sentence naming who holds the lock; migrations never run concurrently.

- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a fixed 64-bit key.
- MySQL/MariaDB: a named lock (`GET_LOCK`) scoped to the database name.
- SQLite: `flock` on a file next to the database (`<db>.upgrade.lock`) recording pid, host and time.

Why a dedicated connection for the server engines: a session lock lives exactly as long as its
connection. Django's `default` connection is the one `migrate` uses, and things we do not control may
close it mid-run (`close_old_connections`, `CONN_HEALTH_CHECKS`, a test harness, a step that resets
connections after a failure) — silently dropping the lock. So the lock gets its own connection, built
by Django's backend from the same settings (host, TLS options, credentials, init commands), held
by nobody else and closed only by us. Its server-side idle timeout is switched off, since it sits
idle while a long migration runs on the other connection.

Every kind is released when the holding process dies — the server ends the session, the kernel drops
the `flock` — so a killed run never leaves a stale lock behind and the next run simply proceeds.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import fcntl
import hashlib
import json
import os
import socket
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

LOCK_NAME = "netkeel-upgrade"
# How often a waiting run asks again. Polling (not a blocking wait) lets the waiter report and keep
# its own deadline; a few queries a second cost the server nothing.
POLL_SECONDS = 0.2
# MySQL/MariaDB reject lock names longer than 64 characters.
_MYSQL_NAME_MAX = 64
# The longest wait_timeout MySQL and MariaDB accept (one year): the lock connection idles for the
# whole run, and servers configured with a short wait_timeout would otherwise drop it — and the lock.
_MYSQL_WAIT_TIMEOUT = 31_536_000
# PostgreSQL truncates application_name to 63 bytes.
_PG_APPLICATION_NAME_MAX = 63
_APPLICATION_PREFIX = "netkeel post_upgrade "


class UpgradeLockError(Exception):
    """The upgrade lock could not be taken for a reason other than another run holding it."""


class LockTimeout(UpgradeLockError):
    """Another `post_upgrade` held the lock for longer than this run was willing to wait."""

    def __init__(self, label: str, holder: str | None, waited_seconds: float) -> None:
        self.label = label
        self.holder = holder
        self.waited_seconds = waited_seconds
        super().__init__(
            f"Another post_upgrade is running ({_holder_prefix(holder)}holding the {label}); "
            f"waited {seconds_text(waited_seconds)} s. Try again when it has finished."
        )


@dataclass(frozen=True)
class LockInfo:
    """The lock a run holds: its kind (the engine), its name, how a sentence names it ("PostgreSQL advisory
    lock netkeel-upgrade") and how long the run waited for it."""

    kind: str
    name: str
    waited_seconds: float
    label: str = ""


@contextmanager
def upgrade_lock(
    timeout: float = 60.0,
    *,
    alias: str = "default",
    on_wait: Callable[[str], None] | None = None,
    name: str = LOCK_NAME,
) -> Iterator[LockInfo]:
    """Hold netkeel's upgrade lock for the database `alias` for the duration of the `with` block.

    Waits up to `timeout` seconds for another holder, then raises `LockTimeout`. `on_wait` is called
    once, with a sentence naming the holder, when the lock is busy at first try — so the caller can
    say why it is not moving. Not re-entrant: a second `upgrade_lock()` in the same process waits for
    the first like any other run. `name` is for tests, so concurrent test runs on a shared database
    server do not contend with each other (or with a real upgrade).
    """
    lock = _lock_for(alias, name)
    try:
        lock.open()
        waited = _acquire(lock, max(0.0, timeout), on_wait)
        try:
            yield LockInfo(kind=lock.kind, name=lock.name, waited_seconds=waited, label=lock.label)
        finally:
            lock.release()
    finally:
        lock.close()


def seconds_text(seconds: float) -> str:
    """`30`, `2.5` or `0`: whole seconds once it is long enough that tenths mean nothing."""
    if seconds >= 10:
        return f"{seconds:.0f}"
    return f"{seconds:.1f}".rstrip("0").rstrip(".")


def _holder_prefix(holder: str | None) -> str:
    return f"{holder}, " if holder else ""


def _acquire(lock: _Lock, timeout: float, on_wait: Callable[[str], None] | None) -> float:
    """Poll until the lock is ours (returns the seconds waited) or `timeout` has passed."""
    started = time.monotonic()
    deadline = started + timeout
    reported = False
    while True:
        if lock.try_acquire():
            return time.monotonic() - started
        now = time.monotonic()
        if now >= deadline:
            raise LockTimeout(lock.label, lock.holder(), now - started)
        if on_wait is not None and not reported:
            reported = True
            on_wait(
                f"Another post_upgrade is running ({_holder_prefix(lock.holder())}holding the {lock.label}); "
                f"waiting up to {seconds_text(timeout)} s for it to finish."
            )
        time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))


class _Lock(Protocol):
    kind: str
    name: str

    @property
    def label(self) -> str:
        """How the lock is named in a sentence: "PostgreSQL advisory lock netkeel-upgrade"."""
        ...

    def open(self) -> None: ...

    def try_acquire(self) -> bool: ...

    def holder(self) -> str | None:
        """Who holds the lock, as far as we can tell cheaply; None when we cannot."""
        ...

    def release(self) -> None: ...

    def close(self) -> None: ...


def _lock_for(alias: str, name: str) -> _Lock:
    settings_dict = connections[alias].settings_dict
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        return _SQLiteFileLock(sqlite_lock_path(str(settings_dict["NAME"]), name))
    if vendor == "postgresql":
        return _PostgresLock(_dedicated_connection(alias, settings_dict), name)
    if vendor == "mysql":
        return _MySQLLock(_dedicated_connection(alias, settings_dict), name)
    raise UpgradeLockError(f"netkeel has no upgrade lock for the {vendor} database backend.")


def _dedicated_connection(alias: str, settings_dict: dict[str, Any]) -> BaseDatabaseWrapper:
    """A new connection with the settings of `alias`, owned by the lock and by nothing else.

    What `connections.create_connection()` does, minus a connection pool: a pooled connection would
    go back to the pool on close with its session — and a session lock — still alive.
    """
    own_settings = copy.deepcopy(settings_dict)
    own_settings.get("OPTIONS", {}).pop("pool", None)
    backend = load_backend(own_settings["ENGINE"])
    wrapper: BaseDatabaseWrapper = backend.DatabaseWrapper(own_settings, alias)
    return wrapper


def _scalar(wrapper: BaseDatabaseWrapper, sql: str, params: Sequence[str | int] = ()) -> Any:
    with wrapper.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else row[0]


def _close_quietly(wrapper: BaseDatabaseWrapper) -> None:
    # Closing ends the session, which releases every session lock even when the unlock query failed.
    with contextlib.suppress(DatabaseError):
        wrapper.close()


def advisory_lock_key(name: str) -> int:
    """The PostgreSQL advisory lock key of `name`: the first 8 bytes of its SHA-256, as a signed bigint.

    Must never change (a test pins the key of netkeel-upgrade): during a rolling upgrade an old and a
    new release must contend for the same key.
    """
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class _PostgresLock:
    kind = "postgresql"

    # pg_locks shows a bigint advisory key as two oids: the high half in classid, the low half in objid,
    # with objsubid 1. Advisory locks are per database, hence the database condition.
    _HOLDER_SQL = """
        SELECT a.pid, a.application_name, host(a.client_addr)
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::bigint = %s AND l.objid::bigint = %s
        LIMIT 1
    """

    def __init__(self, wrapper: BaseDatabaseWrapper, name: str) -> None:
        self.wrapper = wrapper
        self.name = name
        self.key = advisory_lock_key(name)
        self.label = f"PostgreSQL advisory lock {name}"

    def open(self) -> None:
        self.wrapper.ensure_connection()
        # The application name is how a waiting run (or a DBA in pg_stat_activity) learns who holds it.
        application_name = f"{_APPLICATION_PREFIX}pid {os.getpid()} on {socket.gethostname()}"
        _scalar(
            self.wrapper,
            "SELECT set_config('application_name', %s, false)",
            [application_name.encode()[:_PG_APPLICATION_NAME_MAX].decode(errors="ignore")],
        )
        if getattr(self.wrapper, "pg_version", 0) >= 140000:  # older servers lack the setting (and the timeout)
            _scalar(self.wrapper, "SELECT set_config('idle_session_timeout', '0', false)")

    def try_acquire(self) -> bool:
        return bool(_scalar(self.wrapper, "SELECT pg_try_advisory_lock(%s::bigint)", [self.key]))

    def holder(self) -> str | None:
        high, low = (self.key >> 32) & 0xFFFFFFFF, self.key & 0xFFFFFFFF
        with self.wrapper.cursor() as cursor:
            cursor.execute(self._HOLDER_SQL, [high, low])
            row = cursor.fetchone()
        if row is None:
            return None
        pid, application_name, client_addr = row
        backend = f"PostgreSQL backend {pid}" + (f" from {client_addr}" if client_addr else "")
        if application_name and str(application_name).startswith(_APPLICATION_PREFIX):
            return f"{str(application_name)[len(_APPLICATION_PREFIX) :]} via {backend}"
        return backend

    def release(self) -> None:
        with contextlib.suppress(DatabaseError):
            _scalar(self.wrapper, "SELECT pg_advisory_unlock(%s::bigint)", [self.key])

    def close(self) -> None:
        _close_quietly(self.wrapper)


def mysql_lock_name(database: str, name: str = LOCK_NAME) -> str:
    """`netkeel-upgrade:<database>`: GET_LOCK names are server-wide, but two netkeel databases on one
    server (staging and production) must not block each other — PostgreSQL's advisory locks are per
    database too. A database name too long for MySQL's 64 characters is replaced by its digest."""
    full = f"{name}:{database}"
    if len(full) <= _MYSQL_NAME_MAX:
        return full
    return f"{name}:{hashlib.sha256(database.encode()).hexdigest()}"[:_MYSQL_NAME_MAX]


class _MySQLLock:
    kind = "mysql"

    def __init__(self, wrapper: BaseDatabaseWrapper, name: str) -> None:
        self.wrapper = wrapper
        self.name = mysql_lock_name(str(wrapper.settings_dict["NAME"]), name)
        self.product = "MySQL"

    @property
    def label(self) -> str:
        return f"{self.product} lock {self.name}"

    def open(self) -> None:
        self.wrapper.ensure_connection()
        self.product = "MariaDB" if getattr(self.wrapper, "mysql_is_mariadb", False) else "MySQL"
        _scalar(self.wrapper, "SET SESSION wait_timeout = %s", [_MYSQL_WAIT_TIMEOUT])

    def try_acquire(self) -> bool:
        # GET_LOCK answers 1 (ours), 0 (held by another session) or NULL (an error, e.g. killed).
        got = _scalar(self.wrapper, "SELECT GET_LOCK(%s, 0)", [self.name])
        if got is None:
            raise UpgradeLockError(f"{self.product} refused the lock {self.name} (GET_LOCK returned NULL).")
        return bool(got)

    def holder(self) -> str | None:
        connection_id = _scalar(self.wrapper, "SELECT IS_USED_LOCK(%s)", [self.name])
        if connection_id is None:
            return None
        # Without the PROCESS privilege only our own user's sessions are listed; then the id must do.
        host = _scalar(self.wrapper, "SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = %s", [connection_id])
        return f"{self.product} connection {connection_id}" + (f" from {host}" if host else "")

    def release(self) -> None:
        with contextlib.suppress(DatabaseError):
            _scalar(self.wrapper, "SELECT RELEASE_LOCK(%s)", [self.name])

    def close(self) -> None:
        _close_quietly(self.wrapper)


def sqlite_lock_path(database: str, name: str = LOCK_NAME) -> Path:
    """`<db>.upgrade.lock` next to the database file (`<db>.<name>.lock` for another lock name); an
    in-memory database (tests) has no file, so the lock lives under NETKEEL_ROOT instead."""
    if database in ("", ":memory:") or "mode=memory" in database:
        root = getattr(settings, "NETKEEL_ROOT", None) or tempfile.gettempdir()
        return Path(root) / f"{name}.lock"
    return Path(f"{database}.{'upgrade' if name == LOCK_NAME else name}.lock")


class _SQLiteFileLock:
    """`flock` on a lock file. The file stays after release: deleting it would let a waiter that had
    already opened the old file and a newcomer that creates a new one both "hold" the lock."""

    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.label = f"SQLite lock file {path}"
        self.fd: int | None = None

    def open(self) -> None:
        try:
            # os.open makes the descriptor non-inheritable, so a child (a dump tool) that outlives us
            # cannot keep the lock.
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise UpgradeLockError(f"Cannot open the upgrade lock file {self.path}: {exc.strerror}.") from None

    def try_acquire(self) -> bool:
        assert self.fd is not None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        since = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        record = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": since})
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{record}\n".encode(), 0)
        return True

    def holder(self) -> str | None:
        assert self.fd is not None
        try:
            record = json.loads(os.pread(self.fd, 4096, 0))
            since = datetime.datetime.fromisoformat(record["since"]).strftime("%Y-%m-%d %H:%M:%S UTC")
            return f"pid {int(record['pid'])} on {record['host']} since {since}"
        except (ValueError, KeyError, TypeError):
            # Empty (the holder is between flock and write) or written by something else.
            return None

    def release(self) -> None:
        assert self.fd is not None
        # Clear the record first, while still holding the lock, so nobody reads a finished run as holder.
        os.ftruncate(self.fd, 0)
        fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
