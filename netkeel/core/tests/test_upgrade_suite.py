"""The upgrade suite (issue 5, item 6): `post_upgrade` driven the way an operator drives it, proved lossless.

Every test makes its own database on the engine named by `NETKEEL_UPGRADE_DB` (`sqlite`, the default,
`postgresql` or `mysql`): a file under a temporary NETKEEL_ROOT, or a scratch database on 127.0.0.1 that
the test creates and drops (users postgres / root, no password). netkeel itself is only ever run as
`netkeel-server` subprocesses configured by NETKEEL_DB_* variables. What the database holds is compared
through a *fingerprint* taken in another subprocess (`FINGERPRINT_SCRIPT`): per model, the row count and
a SHA-256 of every row's fields, plus a check that every cabled endpoint has a path whose nodes exist.

Run it with `.venv/bin/pytest -m upgrade netkeel/core/tests/test_upgrade_suite.py`; `.ci/run` runs it
once per engine. The releases to upgrade from are read from `netkeel/releases/releases.json`
(`{"0.1.0": "<commit sha>"}`); `NETKEEL_UPGRADE_RELEASES` (the same JSON) tries other commits instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.upgrade

ENGINES = ("sqlite", "postgresql", "mysql")
_ALIASES = {"sqlite3": "sqlite", "postgres": "postgresql", "mariadb": "mysql"}
_requested = os.environ.get("NETKEEL_UPGRADE_DB", "sqlite").strip().lower() or "sqlite"
ENGINE = _ALIASES.get(_requested, _requested)
if ENGINE not in ENGINES:
    raise pytest.UsageError(f"NETKEEL_UPGRADE_DB must be one of {', '.join(ENGINES)}, not {_requested!r}.")

REPOSITORY = Path(__file__).resolve().parents[3]
RELEASES_FILE = REPOSITORY / "netkeel" / "releases" / "releases.json"

# Bounds on every subprocess: generous for a slow CI machine, short enough that a hang fails the run.
RUN_TIMEOUT = 300.0
FINGERPRINT_TIMEOUT = 180.0
INSTALL_TIMEOUT = 900.0
# The migration a kill during migrate interrupts: the biggest schema migration, dozens of tables.
KILLED_MIGRATION = "dcim.0001_initial"
# Models whose rows an upgrade may add besides the rows it keeps: registries that follow the code (every
# new model brings its content type and permissions). A release whose migrations add rows elsewhere (new
# default statuses, say) adds the model here, with the reason, in the change that ships those migrations.
MAY_GAIN_ROWS = frozenset({"contenttypes.contenttype", "auth.permission"})

# ------------------------------------------------------------------------------------------ fingerprint

# Runs with `python -c` in a subprocess, under whichever netkeel (current, or an old release's venv) the
# test chooses, so it uses nothing but Django and `netkeel.setup()`. argv[1] is a JSON object:
#   out       file to write the result to (stdout may carry warnings)
#   portable  compare across databases: rows keyed by natural key instead of their (random) ids,
#             foreign keys written as the target's natural key, auto-set timestamps left out
#   fields    {model label: [field names]}: only these models and fields (an older release's)
#   paths     also check the cable paths (see path_check)
# Result: {"models": {label: {"fields", "count", "duplicates", "rows": {key: sha}, "links": {key: {m2m:
# [keys]}}}}, "paths": {...}}. Cable paths are derived rows with random ids, so in both modes a path is
# keyed by its origin and a path node by (path origin, step): a rebuilt path equal to the old one matches.
FINGERPRINT_SCRIPT = r"""
import datetime, hashlib, json, sys
import netkeel
netkeel.setup()
from django.apps import apps
from django.core.exceptions import FieldError
from django.db import connection, models

options = json.loads(sys.argv[1])
portable = bool(options.get("portable"))
only = options.get("fields")
EXCLUDED = {"core.installation", "sessions.session"}
IDENTITY = {"dcim.cablepath": ("origin_id",), "dcim.cablepathnode": ("cable_path", "step")}


def label_of(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def plain(value):
    # What json cannot write itself; dicts (JSON fields) it writes with sorted keys.
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "hex:" + bytes(value).hex()
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)  # UUID, Decimal


def text(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=plain)


def stored(queryset):
    # The rows of a values_list() queryset as the database returns them, without Django's conversions:
    # what is stored is what is compared (and it is twice as fast).
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(2000):
            yield from chunk


def stored_pk(model, pk):
    return model._meta.pk.get_db_prep_value(pk, connection)


def in_scope(model):
    meta = model._meta
    if meta.proxy or not meta.managed or label_of(model) in EXCLUDED:
        return False
    if only is not None and label_of(model) not in only:
        return False
    config = apps.get_app_config(meta.app_label)
    return config.name.startswith("netkeel.") or meta.app_label in ("auth", "contenttypes")


_identities = {}
_natural = set()


def identities(model):
    # pk -> the string a row is known by: a derived row's identity, its natural key (portable), or its pk.
    label = label_of(model)
    if label in _identities:
        return _identities[label]
    manager = model._base_manager.order_by()
    pk_name = model._meta.pk.attname
    keys = None
    if label in IDENTITY:
        fields = [model._meta.get_field(name) for name in IDENTITY[label]]
        keys = {}
        for row in stored(manager.values_list(pk_name, *[f.attname for f in fields])):
            keys[row[0]] = text([ref(f, value) if f.is_relation else value for f, value in zip(fields, row[1:])])
    elif portable:
        names = getattr(model, "natural_key_field_names", None)
        if names is not None and tuple(names) != ("id",):
            try:  # in one query when the key's parts are fields; else through the objects (a property)
                keys = {row[0]: text(row[1:]) for row in stored(manager.values_list(pk_name, *names))}
            except FieldError:
                keys = {stored_pk(model, obj.pk): text(obj.natural_key()) for obj in manager.select_related()}
        elif names is None and hasattr(model, "natural_key"):
            keys = {stored_pk(model, obj.pk): text(obj.natural_key()) for obj in manager.select_related()}
        if keys is not None and len(set(keys.values())) != len(keys):
            keys = None  # natural keys that repeat identify nothing: fall back to the ids
        if keys is not None:
            _natural.add(label)
    if keys is None:
        keys = {pk: str(pk) for (pk,) in stored(manager.values_list(pk_name))}
    _identities[label] = keys
    return keys


def ref(f, value):
    if value is None:
        return None
    return identities(f.remote_field.model).get(value, f"missing:{value}")


def wanted(model, f):
    label = label_of(model)
    if only is not None and f.name not in only[label]:
        return False
    if f.primary_key and (label in IDENTITY or label in _natural):
        return False  # the row's key stands for it
    if portable and isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
        return False
    return True


def fingerprint(model):
    label = label_of(model)
    keys = identities(model)
    fields = sorted((f for f in model._meta.concrete_fields if wanted(model, f)), key=lambda f: f.name)
    m2ms = [
        f for f in model._meta.local_many_to_many
        if f.remote_field.through._meta.auto_created and (only is None or f.name in only[label])
    ]
    related = [f.is_relation for f in fields]
    names = text([f.name for f in fields])  # a row's hash covers which fields it is over
    rows = {}
    duplicates = 0
    manager = model._base_manager.order_by()
    for values in stored(manager.values_list(model._meta.pk.attname, *[f.attname for f in fields])):
        row = [ref(f, value) if relation else value for f, relation, value in zip(fields, related, values[1:])]
        key = keys[values[0]]
        duplicates += key in rows
        rows[key] = hashlib.sha256((names + text(row)).encode()).hexdigest()[:32]
    links = {}
    for f in m2ms:
        through = f.remote_field.through
        source = through._meta.get_field(f.m2m_field_name()).attname
        target = through._meta.get_field(f.m2m_reverse_field_name())
        for owner, linked in stored(through._base_manager.order_by().values_list(source, target.attname)):
            links.setdefault(keys[owner], {}).setdefault(f.name, []).append(ref(target, linked))
    for by_field in links.values():
        for name in by_field:
            by_field[name].sort(key=str)
    return {
        "fields": [f.name for f in model._meta.concrete_fields] + [f.name for f in m2ms],
        "count": len(rows) + duplicates,
        "duplicates": duplicates,
        "rows": rows,
        "links": links,
    }


def path_check():
    # Every cabled endpoint has a path, every path starts at a cabled endpoint, and every node, origin and
    # destination of a path exists.
    try:
        from netkeel.dcim.cabling.graph import ENDPOINT_KINDS
        path_model = apps.get_model("dcim", "CablePath")
        node_model = apps.get_model("dcim", "CablePathNode")
    except (ImportError, LookupError):
        return {"checked": False}
    origins = {pk for (pk,) in stored(path_model._base_manager.order_by().values_list("origin_id"))}
    cabled = set()
    for kind in sorted(ENDPOINT_KINDS):
        try:
            model = apps.get_model(kind)
        except LookupError:
            continue
        cabled |= {pk for (pk,) in stored(model._base_manager.filter(cable__isnull=False).values_list("pk"))}
    existing = {}

    def exists(kind, pk):
        if kind not in existing:
            try:
                existing[kind] = {pk for (pk,) in stored(apps.get_model(kind)._base_manager.values_list("pk"))}
            except (LookupError, ValueError):
                existing[kind] = set()
        return pk in existing[kind]

    missing_nodes = sum(
        not exists(kind, node_id)
        for kind, node_id in stored(node_model._base_manager.order_by().values_list("node_kind", "node_id"))
    )
    listed = sum(len(path) for path in path_model._base_manager.values_list("path", flat=True).iterator(2000))
    missing_destinations = 0
    for app_label, model_name, destination_id in stored(
        path_model._base_manager.filter(destination_id__isnull=False).order_by().values_list(
            "destination_type__app_label", "destination_type__model", "destination_id"
        )
    ):
        missing_destinations += not exists(f"{app_label}.{model_name}", destination_id)
    without_path = cabled - origins
    return {
        "checked": True,
        "cabled_endpoints": len(cabled),
        "paths": len(origins),
        "without_path": len(without_path),
        "stale_paths": len(origins - cabled),
        "missing_nodes": missing_nodes,
        "missing_destinations": missing_destinations,
        "node_rows": node_model._base_manager.count(),
        "nodes_listed": listed,
        "examples": sorted(str(pk) for pk in without_path)[:5],
    }


result = {"models": {}, "paths": path_check() if options.get("paths") else {"checked": False}}
for model in apps.get_models():
    if in_scope(model):
        result["models"][label_of(model)] = fingerprint(model)
with open(options["out"], "w") as out:
    json.dump(result, out, sort_keys=True)
"""


@dataclass(frozen=True)
class Fingerprint:
    """What a database holds, as `FINGERPRINT_SCRIPT` saw it."""

    models: dict[str, dict[str, Any]]
    paths: dict[str, Any]

    def summary(self) -> dict[str, tuple[int, str]]:
        """Per model: the row count and one SHA-256 over every row (and many-to-many link), by key."""
        return {
            label: (
                data["count"],
                hashlib.sha256(
                    json.dumps([sorted(data["rows"].items()), sorted(data["links"].items())], sort_keys=True).encode()
                ).hexdigest(),
            )
            for label, data in sorted(self.models.items())
        }

    def differences(self, other: Fingerprint) -> list[str]:
        """Sentences naming each model whose rows differ from `other`'s, with a few of the keys."""
        problems = []
        for label in sorted(set(self.models) | set(other.models)):
            mine, theirs = self.models.get(label), other.models.get(label)
            if mine is None or theirs is None:
                problems.append(f"{label}: only in {'the other' if mine is None else 'this'} fingerprint")
                continue
            if mine == theirs:
                continue
            keys = set(mine["rows"]) | set(theirs["rows"]) | set(mine["links"]) | set(theirs["links"])
            changed = sorted(
                key
                for key in keys
                if mine["rows"].get(key) != theirs["rows"].get(key)
                or mine["links"].get(key) != theirs["links"].get(key)
            )
            problems.append(
                f"{label}: {mine['count']} row(s) vs {theirs['count']}, {len(changed)} differ, e.g. {changed[:3]}"
            )
        return problems

    def assert_paths_resolve(self) -> None:
        """Every cabled endpoint has a path, every path starts at one, and every node it names exists."""
        paths = self.paths
        assert paths["checked"], "cable paths were not checked (fingerprint(paths=True)), or this netkeel has none"
        assert paths["cabled_endpoints"] > 0, "no cabled endpoint: the check would prove nothing"
        assert paths["without_path"] == 0, f"cabled endpoints without a path: {paths}"
        assert paths["stale_paths"] == 0, f"paths from endpoints that have no cable: {paths}"
        assert paths["missing_nodes"] == 0, f"path nodes that do not exist: {paths}"
        assert paths["missing_destinations"] == 0, f"path destinations that do not exist: {paths}"
        assert paths["node_rows"] == paths["nodes_listed"], f"node index out of step with the paths: {paths}"


def assert_same(actual: Fingerprint, expected: Fingerprint, what: str) -> None:
    """`actual` holds exactly the rows of `expected` (compared as summaries; the diff names the rows)."""
    if actual.summary() != expected.summary():
        pytest.fail(f"{what}:\n  " + "\n  ".join(actual.differences(expected)))


def upgrade_losses(old: Fingerprint, new: Fingerprint) -> list[str]:
    """What an upgrade lost or changed, the new fingerprint taken over the old release's models and fields.

    Every old row must still be there with the same values; many-to-many links may only be added; new
    rows appear only in the registries of `MAY_GAIN_ROWS`.
    """
    problems = []
    for label, before in sorted(old.models.items()):
        after = new.models.get(label)
        if after is None:
            problems.append(f"{label}: the model is gone ({before['count']} row(s) lost)")
            continue
        lost = sorted(set(before["rows"]) - set(after["rows"]))
        changed = sorted(
            key for key, row in before["rows"].items() if key in after["rows"] and after["rows"][key] != row
        )
        gained = sorted(set(after["rows"]) - set(before["rows"]))
        unlinked = sorted(
            key
            for key, by_field in before["links"].items()
            for name, targets in by_field.items()
            if not set(targets) <= set(after["links"].get(key, {}).get(name, []))
        )
        if lost:
            problems.append(f"{label}: {len(lost)} row(s) lost, e.g. {lost[:3]}")
        if changed:
            problems.append(f"{label}: {len(changed)} row(s) changed, e.g. {changed[:3]}")
        if gained and label not in MAY_GAIN_ROWS:
            problems.append(f"{label}: {len(gained)} row(s) appeared, e.g. {gained[:3]}")
        if unlinked:
            problems.append(f"{label}: many-to-many links lost on {len(unlinked)} row(s), e.g. {unlinked[:3]}")
    return problems


# ------------------------------------------------------------------------------------------- databases


def _server_env(engine: str, name: str) -> dict[str, str]:
    user = "postgres" if engine == "postgresql" else "root"
    return {
        "NETKEEL_DB_ENGINE": engine,
        "NETKEEL_DB_NAME": name,
        "NETKEEL_DB_USER": user,
        "NETKEEL_DB_HOST": "127.0.0.1",
    }


class ScratchDatabase:
    """One database of the engine under test, with the NETKEEL_* environment that points netkeel at it.

    SQLite: `$NETKEEL_ROOT/netkeel.sqlite3`, created by netkeel itself. PostgreSQL/MariaDB: a uniquely
    named database created here and dropped by `drop()`, sessions still connected to it (a killed run's)
    ended first.
    """

    def __init__(self, engine: str, root: Path) -> None:
        self.engine = engine
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.name = f"netkeel_upgrade_{os.getpid()}_{uuid.uuid4().hex[:10]}"
        self.env = {"NETKEEL_ROOT": str(root)}
        if engine != "sqlite":
            self.env.update(_server_env(engine, self.name))
            self._admin(f"CREATE DATABASE {self.name}" + (" CHARACTER SET utf8mb4" if engine == "mysql" else ""))

    @property
    def sqlite_file(self) -> Path:
        return self.root / "netkeel.sqlite3"

    def drop(self) -> None:
        if self.engine == "postgresql":
            self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        elif self.engine == "mysql":
            import MySQLdb

            # A killed run's session may still be finishing its statement; it would hold up the DROP.
            for (session,) in self._query(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = %s AND ID <> CONNECTION_ID()", [self.name]
            ):
                with contextlib.suppress(MySQLdb.OperationalError):  # it ended meanwhile
                    self._admin(f"KILL {int(session)}")
            self._admin(f"DROP DATABASE IF EXISTS {self.name}")

    def applied_migrations(self) -> set[str]:
        """`app.name` of every migration recorded as applied (read directly, for observing a killed run)."""
        if "django_migrations" not in self.table_names():
            return set()
        return {f"{app}.{name}" for app, name in self._query("SELECT app, name FROM django_migrations", [], own=True)}

    def count_rows(self, table: str) -> int:
        """Rows of one of netkeel's tables, committed ones (read directly, for observing a killed run)."""
        assert re.fullmatch(r"[a-z_]+", table), table
        return int(self._query(f"SELECT COUNT(*) FROM {table}", [], own=True)[0][0])

    def execute(self, sql: str, params: list[Any]) -> None:
        """Run one statement on this database and commit it: a writer other than netkeel."""
        self._query(sql, params, own=True, fetch=False)

    def table_names(self) -> set[str]:
        params: list[Any] = []
        if self.engine == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        elif self.engine == "postgresql":
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        else:
            sql, params = "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s", [self.name]
        return {str(row[0]) for row in self._query(sql, params, own=True)}

    def _admin(self, sql: str) -> None:
        self._query(sql, [], fetch=False)

    def _query(self, sql: str, params: list[Any], *, own: bool = False, fetch: bool = True) -> list[tuple[Any, ...]]:
        """Run one statement: on the server's admin database, or (`own`) on this database."""
        if self.engine == "sqlite":
            import sqlite3

            if not self.sqlite_file.exists():
                return []
            with contextlib.closing(sqlite3.connect(f"file:{self.sqlite_file}?mode=ro", uri=True, timeout=30)) as db:
                return list(db.execute(sql, params).fetchall())
        if self.engine == "postgresql":
            import psycopg

            database = self.name if own else "postgres"
            with psycopg.connect(
                host="127.0.0.1", user="postgres", dbname=database, autocommit=True, connect_timeout=10
            ) as connection:
                cursor = connection.execute(sql.encode(), params)
                return list(cursor.fetchall()) if fetch else []
        import MySQLdb

        connection = MySQLdb.connect(
            host="127.0.0.1", user="root", database=self.name if own else "mysql", connect_timeout=10
        )
        try:
            cursor = connection.cursor()
            cursor.execute(sql, params or None)
            rows = list(cursor.fetchall()) if fetch else []
            connection.commit()  # MySQLdb opens a transaction: a row written here must outlive the connection
            return rows
        finally:
            connection.close()


# -------------------------------------------------------------------------------------------- processes

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
        return subprocess.run(
            [self.python, "-m", "netkeel", *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def ok(self, *args: str, timeout: float = RUN_TIMEOUT) -> subprocess.CompletedProcess[str]:
        """Run and require exit status 0."""
        result = self.run(*args, timeout=timeout)
        assert result.returncode == 0, f"netkeel-server {' '.join(args)} exited {result.returncode}:\n{_tail(result)}"
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
            assert result.returncode == 0, f"the fingerprint failed:\n{_tail(result)}"
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


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    return f"stdout: {result.stdout[-3000:]}\nstderr: {result.stderr[-3000:]}"


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {step["name"]: step["status"] for step in report["steps"]}


# ------------------------------------------------------------------------------------------- fixtures


@pytest.fixture
def databases(
    tmp_path: Path, clean_env: dict[str, str], require_service: Callable[[str], None]
) -> Iterator[Callable[[str], Netkeel]]:
    """A factory: a fresh database (with its own NETKEEL_ROOT) and the current `netkeel-server` on it.
    Whatever the test started is killed and every database dropped when it ends, pass or fail."""
    if ENGINE != "sqlite":
        require_service(ENGINE)
    made: list[Netkeel] = []

    def make(name: str) -> Netkeel:
        database = ScratchDatabase(ENGINE, tmp_path / name)
        netkeel = Netkeel({**clean_env, **database.env}, tmp_path, database)
        made.append(netkeel)
        return netkeel

    try:
        yield make
    finally:
        for netkeel in made:
            try:
                netkeel.stop_all()
            finally:
                assert netkeel.database is not None
                netkeel.database.drop()


@dataclass(frozen=True)
class Reference:
    """A database built the plain way (no kill, no race), fingerprinted for comparison across databases."""

    fingerprint: Fingerprint
    applied: list[str]  # the migrations its post_upgrade applied, in order


class References:
    """Reference databases, built on first use and kept for the session (several tests compare with the
    same build); dropped at the end of the session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._fresh: Reference | None = None
        self._databases: list[ScratchDatabase] = []

    def fresh(self, base_env: dict[str, str]) -> Reference:
        """A fresh install: one `post_upgrade --no-input --no-backup` on an empty database."""
        if self._fresh is None:
            database = ScratchDatabase(ENGINE, self.root / "fresh")
            self._databases.append(database)
            netkeel = Netkeel({**base_env, **database.env}, self.root, database)
            report = netkeel.post_upgrade_json("--no-backup")
            applied = next(step for step in report["steps"] if step["name"] == "migrate")["data"]["applied"]
            self._fresh = Reference(netkeel.fingerprint(portable=True), applied)
        return self._fresh

    def drop(self) -> None:
        for database in self._databases:
            database.drop()


@pytest.fixture(scope="session")
def references(tmp_path_factory: pytest.TempPathFactory) -> Iterator[References]:
    made = References(tmp_path_factory.mktemp("references"))
    try:
        yield made
    finally:
        made.drop()


# What the demo network leaves empty, so that the fingerprints cover those tables too: tenancy, tags, and
# IPAM (packed binary columns, derived parents, many-to-many links). Run by `netkeel-server shell` with the
# current code and with each release's; written against the models and services of 0.1.0 onwards.
FILL_SCRIPT = """
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from netkeel.dcim.models import Device, Interface, Location
from netkeel.extras.models import Status, Tag
from netkeel.ipam import services as ipam
from netkeel.ipam.models import RIR, VLAN, VRF, RouteTarget, VLANGroup
from netkeel.tenancy.models import Tenant, TenantGroup

with transaction.atomic():
    active = Status.objects.get(name="Active")
    site = Location.objects.filter(devices__isnull=False).order_by("name").first()
    customers = TenantGroup.objects.create(name="Customers")
    tenant = Tenant.objects.create(name="Acme", tenant_group=customers)
    tag = Tag.objects.create(name="upgrade-suite", color="ff5722")
    tag.content_types.add(ContentType.objects.get_for_model(Device))
    target = RouteTarget.objects.create(name="65000:100", tenant=tenant)
    vrf = VRF.objects.create(name="customers", rd="65000:100", status=active, tenant=tenant)
    vrf.import_targets.add(target)
    vrf.export_targets.add(target)
    rir = RIR.objects.create(name="RFC 1918", is_private=True)
    group = VLANGroup.objects.create(name="upgrade-suite", location=site)
    vlan = VLAN.objects.create(vid=100, name="servers", vlan_group=group, status=active, tenant=tenant)
    vlan.locations.add(site)
    ipam.create_prefix("10.0.0.0/8", status=active, rir=rir, date_allocated=timezone.now())
    servers = ipam.create_prefix("10.1.0.0/16", status=active, tenant=tenant, vlan=vlan)
    servers.locations.add(site)
    ipam.create_prefix("2001:db8::/32", status=active)
    interface = Interface.objects.filter(device__location=site).order_by("device__name", "name").first()
    for address in ("10.1.0.1/16", "10.1.0.2/16", "2001:db8::1/64"):
        ipam.assign_ip_address(ipam.create_ip_address(address, status=active, tenant=tenant), interface)
"""


def prepare_demo(netkeel: Netkeel, size: str) -> None:
    """A database an operator has been using: installed by `post_upgrade`, then the demo network and a few
    objects of every other kind (`FILL_SCRIPT`)."""
    netkeel.ok("post_upgrade", "--no-input", "--no-backup")
    netkeel.ok("generate_demo_data", "--size", size)
    netkeel.shell(FILL_SCRIPT)


class RerunFailed(AssertionError):
    """`post_upgrade` run again after a kill did not finish the job."""


# ---------------------------------------------------------------------------------------------- tests


def test_killed_during_migrate_then_run_again_finishes_the_install(
    databases: Callable[[str], Netkeel], references: References, clean_env: dict[str, str]
) -> None:
    """SIGKILL in the middle of a migration (the biggest, `dcim.0001_initial`), then `post_upgrade` again:
    it exits 0 and the database equals a fresh install that was never interrupted.

    The kill is placed by the per-migration progress lines: once the migration before the target is
    reported, the target is running; on MySQL/MariaDB, whose DDL is visible at once, we also wait until
    its first table exists, so it is half applied. Afterwards the target must be unrecorded and its
    predecessor recorded: the kill really landed inside it. On MySQL/MariaDB, which cannot roll DDL back,
    the second run must report that it dropped exactly the (empty) tables the kill left before migrating
    (netkeel/core/upgrade/repair.py); elsewhere the kill rolled the migration back and there is nothing
    to repair.
    """
    reference = references.fresh(clean_env)
    target = KILLED_MIGRATION if KILLED_MIGRATION in reference.applied else reference.applied[-1]
    previous = reference.applied[reference.applied.index(target) - 1]
    netkeel = databases("killed")
    database = netkeel.database
    assert database is not None

    running = netkeel.start("post_upgrade", "--no-input", "--no-backup")
    try:
        running.wait_for(rf"^\s*{re.escape(previous)} \(", timeout=RUN_TIMEOUT)
        if ENGINE == "mysql":
            prefix = target.split(".")[0] + "_"
            deadline = time.monotonic() + 60
            while not any(name.startswith(prefix) for name in database.table_names()):
                assert running.process.poll() is None, f"post_upgrade ended before {target} began:\n{running.output}"
                assert time.monotonic() < deadline, f"{target} created no table within 60 s"
        assert running.process.poll() is None, f"post_upgrade finished before the kill:\n{running.output}"
    finally:
        running.kill()
    recorded = database.applied_migrations()
    assert previous in recorded and target not in recorded, f"the kill did not land inside {target}: {sorted(recorded)}"
    left = sorted(name for name in database.table_names() if name.startswith(target.split(".")[0] + "_"))

    again = netkeel.run("post_upgrade", "--json", "--no-input", "--no-backup")
    if again.returncode != 0:
        raise RerunFailed(
            f"post_upgrade after a kill inside {target} exited {again.returncode}; the kill left these "
            f"{target.split('.')[0]} tables: {left}\n{_tail(again)}"
        )
    report = json.loads(again.stdout)
    assert statuses(report)["migrate"] == "done"
    migrate = next(step for step in report["steps"] if step["name"] == "migrate")
    repaired = migrate["data"].get("repaired", [])
    if ENGINE == "mysql":
        assert [half["migration"] for half in repaired] == [target], migrate
        assert sorted(repaired[0]["tables"]) == left, f"dropped {repaired[0]['tables']}, the kill left {left}"
        assert migrate["detail"].startswith(f"repaired half-applied {target}: dropped {len(left)} empty table"), migrate
    else:
        assert not left and not repaired, f"a transactional migration left {left}; repaired {repaired}"
    assert_same(netkeel.fingerprint(portable=True), reference.fingerprint, "killed during migrate, then run again")


@pytest.mark.skipif(ENGINE != "mysql", reason="only MySQL/MariaDB leave the tables of a killed migration behind")
def test_killed_during_migrate_then_rows_written_to_its_tables_are_never_dropped(
    databases: Callable[[str], Netkeel],
) -> None:
    """SIGKILL inside `dcim.0001_initial` once it has created `dcim_manufacturer`, then a row written into
    that table (say, by old code still serving), then `post_upgrade` again: it refuses (exit 1) with one
    sentence naming the migration, the table and the backup to restore, and drops nothing."""
    netkeel = databases("killed-rows")
    database = netkeel.database
    assert database is not None
    running = netkeel.start("post_upgrade", "--no-input", "--no-backup")
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        while "dcim_manufacturer" not in database.table_names():
            assert running.process.poll() is None, f"post_upgrade ended before the kill:\n{running.output}"
            assert time.monotonic() < deadline, "dcim_manufacturer was never created"
    finally:
        running.kill()
    assert KILLED_MIGRATION not in database.applied_migrations(), "the kill landed after the migration"
    database.execute(
        "INSERT INTO dcim_manufacturer (id, created, last_updated, name, description) "
        "VALUES (%s, NOW(), NOW(), %s, '')",
        [uuid.uuid4().hex, "Acme"],
    )
    tables = database.table_names()

    again = netkeel.run("post_upgrade", "--json", "--no-input", "--no-backup")
    assert again.returncode == 1, _tail(again)
    report = json.loads(again.stdout)
    assert statuses(report)["migrate"] == "refused", report
    problem = report["problem"]
    assert problem.startswith(f"Migration {KILLED_MIGRATION} was left half applied by an interrupted upgrade"), problem
    assert "dcim_manufacturer already holds rows" in problem and "'netkeel-server restore FILE'" in problem, problem
    assert database.table_names() == tables
    assert database.count_rows("dcim_manufacturer") == 1


def test_killed_while_writing_cable_paths_then_run_again_restores_every_path(
    databases: Callable[[str], Netkeel],
) -> None:
    """SIGKILL while the cable paths step is writing paths (the medium network, every path deleted), then
    `post_upgrade` again: the kill left no partial path behind, and the second run brings back exactly
    the paths the network had, every one resolving, with nothing else in the database changed.

    The kill is placed by the step's own progress bar (the run has a terminal, as an operator's does):
    when "Writing cable paths" shows more than 0 % and less than 100 %, the step is inside its transaction
    with some batches of paths written and more to come.
    """
    netkeel = databases("paths")
    database = netkeel.database
    assert database is not None
    prepare_demo(netkeel, "medium")
    with_paths = netkeel.fingerprint(paths=True)
    with_paths.assert_paths_resolve()
    netkeel.shell("from netkeel.dcim.cabling.store import delete_all_paths; delete_all_paths()")
    assert database.count_rows("dcim_cablepath") == database.count_rows("dcim_cablepathnode") == 0

    running = netkeel.start("post_upgrade", "--no-input", "--no-backup", terminal=True)
    try:
        running.wait_for(
            r"Writing cable paths\D*?(\d+)%", timeout=RUN_TIMEOUT, accept=lambda match: 0 < int(match.group(1)) < 100
        )
        assert running.process.poll() is None, f"post_upgrade finished before the kill:\n{running.output}"
    finally:
        running.kill()
    assert "Cable paths:" not in running.output, f"the cable paths step finished before the kill:\n{running.output}"
    left = (database.count_rows("dcim_cablepath"), database.count_rows("dcim_cablepathnode"))
    assert left == (0, 0), f"the killed step left {left[0]} path(s) and {left[1]} node row(s) behind"

    report = netkeel.post_upgrade_json("--no-backup")
    assert statuses(report)["cable-paths"] == "done"
    after = netkeel.fingerprint(paths=True)
    assert_same(after, with_paths, "paths rebuilt after the kill must be the network's paths, and nothing else changes")
    after.assert_paths_resolve()


def test_two_runs_started_at_once_never_both_migrate(
    databases: Callable[[str], Netkeel], references: References, clean_env: dict[str, str]
) -> None:
    """Two `post_upgrade` started at the same moment on one fresh database (two replicas booting): both
    exit 0, the lock makes one wait while the other migrates, so exactly one reports `migrate` done and
    the other `nothing to do`, and the database is a normal fresh install."""
    reference = references.fresh(clean_env)
    netkeel = databases("race")
    arguments = ("post_upgrade", "--json", "--no-input", "--no-backup", "--lock-timeout", "120")
    runs = [netkeel.spawn(*arguments), netkeel.spawn(*arguments)]
    reports = []
    for process in runs:
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT)
        assert process.returncode == 0, f"a concurrent post_upgrade exited {process.returncode}:\n{stdout}\n{stderr}"
        reports.append(json.loads(stdout))
    assert sorted(statuses(report)["migrate"] for report in reports) == ["done", "nothing to do"]
    waited = [step["detail"] for report in reports for step in report["steps"] if step["name"] == "lock"]
    assert sum("after waiting" in detail for detail in waited) == 1, f"the runs did not overlap: {waited}"
    assert_same(netkeel.fingerprint(portable=True), reference.fingerprint, "two concurrent runs")


def test_a_restored_backup_gives_the_database_back(databases: Callable[[str], Netkeel], tmp_path: Path) -> None:
    """A backup made by post_upgrade's backup function, then every cable and path deleted, then
    `netkeel-server restore FILE --yes`: the database is again exactly what it was (ids and timestamps
    included)."""
    netkeel = databases("restore")
    prepare_demo(netkeel, "small")
    before = netkeel.fingerprint()
    backups = tmp_path / "backups"
    made = netkeel.shell(
        "from pathlib import Path; from netkeel import __version__\n"
        "from netkeel.core.upgrade.backup import backup_database\n"
        f"print(backup_database(Path({str(backups)!r}), __version__).path)"
    )
    backup = Path(made.strip().splitlines()[-1])
    assert backup.is_file() and backup.parent == backups
    netkeel.shell(
        "from django.db import transaction\n"
        "from netkeel.dcim.cabling.service import detach_cables\n"
        "from netkeel.dcim.cabling.store import delete_all_paths\n"
        "from netkeel.dcim.models import Cable\n"
        "with transaction.atomic():\n"
        "    delete_all_paths()\n"
        "    detach_cables(list(Cable.objects.all()))"
    )
    damaged = netkeel.fingerprint()
    assert damaged.models["dcim.cable"]["count"] == 0 < before.models["dcim.cable"]["count"]

    netkeel.ok("restore", str(backup), "--yes")
    restored = netkeel.fingerprint(paths=True)
    assert_same(restored, before, "restored from the backup")
    restored.assert_paths_resolve()


def test_a_second_run_has_nothing_to_do_and_changes_nothing(databases: Callable[[str], Netkeel]) -> None:
    """After a full `post_upgrade` and demo data, the plain `post_upgrade --json` again reports every step
    `nothing to do`, and no row changed (`last_updated` included)."""
    netkeel = databases("rerun")
    prepare_demo(netkeel, "small")
    before = netkeel.fingerprint(paths=True)
    before.assert_paths_resolve()
    report = netkeel.post_upgrade_json()
    assert report["exit_code"] == 0
    assert set(statuses(report).values()) == {"nothing to do"}, statuses(report)
    assert_same(netkeel.fingerprint(), before, "a post_upgrade with nothing to do")


# ------------------------------------------------------------------------------------------- releases


def recorded_releases() -> list[Any]:
    """One case per release in releases.json (or NETKEEL_UPGRADE_RELEASES), oldest first."""
    from packaging.version import Version

    raw = os.environ.get("NETKEEL_UPGRADE_RELEASES")
    where = "NETKEEL_UPGRADE_RELEASES" if raw is not None else str(RELEASES_FILE.relative_to(REPOSITORY))
    if raw is None and RELEASES_FILE.exists():
        raw = RELEASES_FILE.read_text()
    releases: dict[str, str] = json.loads(raw) if raw is not None else {}
    if not releases:
        reason = f"no release recorded yet: {where} {'is empty' if raw is not None else 'does not exist'}"
        return [pytest.param("none", "", marks=pytest.mark.skip(reason=reason), id="no-release")]
    return [
        pytest.param(version, commit, id=version)
        for version, commit in sorted(releases.items(), key=lambda item: Version(item[0]))
    ]


def release_python(version: str, commit: str) -> Path:
    """The Python of a virtualenv holding netkeel at `commit` with its postgres and mysql extras.

    Installed from `git archive` (not an editable install: the release as a user gets it) and kept in
    `$NETKEEL_UPGRADE_VENVS` (default ~/.cache/netkeel/upgrade-venvs): a release's commit never changes,
    so later runs reuse it. A venv is used only once its `.complete` marker is written.
    """
    cache = Path(os.environ.get("NETKEEL_UPGRADE_VENVS") or Path.home() / ".cache" / "netkeel" / "upgrade-venvs")
    cache.mkdir(parents=True, exist_ok=True)
    key = f"{re.sub(r'[^A-Za-z0-9.+-]', '_', version)}-{commit[:12]}-py{sys.version_info[0]}{sys.version_info[1]}"
    venv = cache / key
    python = venv / "bin" / "python"
    with open(cache / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run building the same venv: wait for it
        if (venv / ".complete").exists():
            return python
        shutil.rmtree(venv, ignore_errors=True)  # a build that was interrupted
        with tempfile.TemporaryDirectory() as scratch:
            archive, source = Path(scratch) / "release.tar", Path(scratch) / "netkeel"
            subprocess.run(
                ["git", "-C", str(REPOSITORY), "archive", "--format=tar", "-o", str(archive), commit],
                check=True,
                timeout=120,
                capture_output=True,
            )
            with tarfile.open(archive) as tar:
                tar.extractall(source, filter="data")
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120, capture_output=True)
            installed = subprocess.run(
                [
                    str(python),
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    f"{source}[postgres,mysql]",
                ],
                timeout=INSTALL_TIMEOUT,
                capture_output=True,
                text=True,
                cwd=scratch,
            )
            assert installed.returncode == 0, (
                f"installing netkeel {version} ({commit}) failed:\n{installed.stderr[-3000:]}"
            )
        (venv / ".complete").touch()
    return python


@pytest.mark.parametrize(("version", "commit"), recorded_releases())
def test_upgrade_from_a_recorded_release_keeps_every_object(
    databases: Callable[[str], Netkeel], version: str, commit: str
) -> None:
    """A database made by a released netkeel (its own `post_upgrade`, the medium demo network and
    `FILL_SCRIPT`, all run with the release's code from its own virtualenv), upgraded by this code's
    `post_upgrade --no-input --yes`: every row the release wrote is still there with the same values in
    the release's fields (per model, row by row; new rows only where `MAY_GAIN_ROWS` allows), every cable
    path resolves, and a second `post_upgrade` has nothing to do and changes no row."""
    current = databases("release")
    env = {name: value for name, value in current.env.items() if name != "PYTHONPATH"}
    released = Netkeel(env, current.cwd, current.database, python=str(release_python(version, commit)))
    try:
        prepare_demo(released, "medium")
        old = released.fingerprint()
    finally:
        released.stop_all()
    assert old.models["dcim.cable"]["count"] > 0, "the release's demo network has no cables"

    current.ok("post_upgrade", "--no-input", "--yes")
    new = current.fingerprint(fields={label: model["fields"] for label, model in old.models.items()})
    losses = upgrade_losses(old, new)
    assert not losses, f"upgrading from netkeel {version} lost or changed data:\n  " + "\n  ".join(losses)

    upgraded = current.fingerprint(paths=True)
    upgraded.assert_paths_resolve()
    again = current.post_upgrade_json()
    assert set(statuses(again).values()) == {"nothing to do"}, statuses(again)
    assert_same(current.fingerprint(), upgraded, f"a second post_upgrade after upgrading from {version}")
