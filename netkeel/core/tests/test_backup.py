"""Backup and restore against real databases of the engine the suite runs on (NETKEEL_TEST_DB).

The suite's own database is a test database (in memory on SQLite) inside a transaction, which a restore
must not touch; so each test that writes builds its own database — a SQLite file under a temporary
root, or a scratch PostgreSQL/MariaDB database created and dropped here — migrates it with
`netkeel-server migrate` and works on it through subprocesses, as an operator would.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from netkeel.conf.database import engine_name
from netkeel.core.upgrade.backup import BackupError, backup_database, backup_name, describe_backup, restore_database

Run = Callable[..., subprocess.CompletedProcess[str]]

ENGINE = engine_name(settings.DATABASES["default"]["ENGINE"])
EXTENSION = {"sqlite": "sqlite3", "postgresql": "pgdump", "mysql": "sql.gz"}[ENGINE]
SERVICE = {"postgresql": "postgresql", "mysql": "mysql"}.get(ENGINE)

server_engines_only = pytest.mark.skipif(ENGINE == "sqlite", reason="SQLite is backed up without a client tool")

# Small programs run with `python -c` in a subprocess configured by NETKEEL_* variables, like a
# maintenance script of a site would be.
BACKUP_SCRIPT = """
import json, sys
import netkeel
netkeel.setup()
from netkeel.core.upgrade.backup import BackupError, backup_database, default_backup_dir
try:
    made = backup_database(default_backup_dir(), sys.argv[1])
except BackupError as exc:
    print(exc, file=sys.stderr)
    sys.exit(3)
print(json.dumps({"path": str(made.path), "engine": made.engine, "size": made.size_bytes, "seconds": made.seconds}))
"""

DATA_SCRIPT = """
import json, sys
import netkeel
netkeel.setup()
from django.db import connection
from netkeel.extras.models import Status
from netkeel.ipam.services import create_prefix
action, argument = sys.argv[1], sys.argv[2]
if action == "add-status":
    Status.objects.create(name=argument)
elif action == "delete-status":
    Status.objects.filter(name=argument).delete()
elif action == "add-prefix":
    create_prefix(argument, status=Status.objects.get(name="Active"))
elif action == "create-table":
    # What a migration of a newer release does: a table the backup knows nothing about.
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE " + connection.ops.quote_name(argument) + " (id integer)")
elif action == "tables":
    print(json.dumps(sorted(connection.introspection.table_names())))
elif action == "statuses":
    print(json.dumps(sorted(Status.objects.values_list("name", flat=True))))
"""


def _server_settings() -> dict[str, str]:
    """How the suite reaches its database server (host, port, user, password), for scratch databases."""
    config = settings.DATABASES["default"]
    return {key: str(config.get(key) or "") for key in ("HOST", "PORT", "USER", "PASSWORD")}


def _create_database(name: str) -> None:
    server = _server_settings()
    if ENGINE == "postgresql":
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            host=server["HOST"],
            port=server["PORT"],
            user=server["USER"],
            password=server["PASSWORD"],
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    else:
        import MySQLdb

        connection = MySQLdb.connect(
            host=server["HOST"], port=int(server["PORT"] or 3306), user=server["USER"], password=server["PASSWORD"]
        )
        try:
            # A generated name of letters, digits and "_": safe to put between backquotes.
            connection.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        finally:
            connection.close()


def _drop_database(name: str) -> None:
    server = _server_settings()
    if ENGINE == "postgresql":
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            host=server["HOST"],
            port=server["PORT"],
            user=server["USER"],
            password=server["PASSWORD"],
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    else:
        import MySQLdb

        connection = MySQLdb.connect(
            host=server["HOST"], port=int(server["PORT"] or 3306), user=server["USER"], password=server["PASSWORD"]
        )
        try:
            connection.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
        finally:
            connection.close()


@pytest.fixture
def scratch_env(require_service: Callable[[str], None]) -> Iterator[dict[str, str]]:
    """NETKEEL_DB_* for an empty database of the suite's engine, dropped afterwards."""
    if ENGINE == "sqlite":
        # The database file goes under NETKEEL_ROOT, which clean_env makes fresh for each test.
        yield {"NETKEEL_DB_ENGINE": "sqlite"}
        return
    assert SERVICE is not None
    require_service(SERVICE)
    # Unique per run: other suites may use the same server at the same time.
    name = f"netkeel_backup_{uuid.uuid4().hex[:12]}"
    _create_database(name)
    server = _server_settings()
    try:
        yield {
            "NETKEEL_DB_ENGINE": ENGINE,
            "NETKEEL_DB_NAME": name,
            "NETKEEL_DB_HOST": server["HOST"],
            "NETKEEL_DB_PORT": server["PORT"],
            "NETKEEL_DB_USER": server["USER"],
            "NETKEEL_DB_PASSWORD": server["PASSWORD"],
        }
    finally:
        _drop_database(name)


@pytest.fixture
def migrated_env(scratch_env: dict[str, str], netkeel_server: Run) -> dict[str, str]:
    result = netkeel_server("migrate", "--no-input", env=scratch_env, timeout=300)
    assert result.returncode == 0, result.stderr
    return scratch_env


def _python(
    script: str, *args: str, env: dict[str, str], clean_env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _data(action: str, argument: str, env: dict[str, str], clean_env: dict[str, str]) -> Any:
    result = _python(DATA_SCRIPT, action, argument, env=env, clean_env=clean_env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else None


def _snapshot(netkeel_server: Run, env: dict[str, str]) -> list[dict[str, Any]]:
    """Every row of every table netkeel's models know, as dumpdata writes them (ordered by key)."""
    # django_rq's dashboard "model" has no table.
    result = netkeel_server("dumpdata", "--exclude", "django_rq", env=env)
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


@pytest.mark.slow
def test_backup_and_restore_bring_the_data_back_exactly(
    migrated_env: dict[str, str], netkeel_server: Run, clean_env: dict[str, str]
) -> None:
    env = migrated_env
    _data("add-status", "Kept by the backup", env, clean_env)
    # Packed binary columns (network, broadcast) must survive every engine's dump format.
    _data("add-prefix", "2001:db8::/32", env, clean_env)
    before = _snapshot(netkeel_server, env)
    tables_before = _data("tables", "-", env, clean_env)

    made = _python(BACKUP_SCRIPT, "1.2.3", env=env, clean_env=clean_env)
    assert made.returncode == 0, made.stderr
    backup = json.loads(made.stdout)
    path = Path(backup["path"])
    backups = Path(clean_env["NETKEEL_ROOT"]) / "backups"
    assert path.parent == backups
    assert re.fullmatch(rf"netkeel-1\.2\.3-\d{{8}}T\d{{6}}Z-{ENGINE}\.{re.escape(EXTENSION)}", path.name)
    stamp = datetime.strptime(path.name.split("-")[2], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 120
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert backup["engine"] == ENGINE and backup["size"] == path.stat().st_size > 0
    # Only the backup itself: no temporary file, no SQLite journal or WAL beside it.
    assert sorted(item.name for item in backups.iterdir()) == [path.name]

    # What happens after a backup: rows deleted and added, a newer release's table created.
    _data("delete-status", "Kept by the backup", env, clean_env)
    _data("add-status", "Made after the backup", env, clean_env)
    _data("create-table", "netkeel_after_backup", env, clean_env)
    changed = _snapshot(netkeel_server, env)
    assert changed != before

    refused = netkeel_server("restore", str(path), env=env)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "CommandError: restore replaces the whole database, so it needs --yes when not run in a terminal."
    )
    assert _snapshot(netkeel_server, env) == changed, "a refused restore changes nothing"
    declined = _in_a_terminal(["restore", str(path)], "no", env={**clean_env, **env})
    assert declined.endswith("CommandError: nothing was restored (the answer was not yes)."), declined
    assert "Type yes to replace the database: " in declined and f"backup file: {path}" in declined
    assert _snapshot(netkeel_server, env) == changed, "a declined restore changes nothing"

    restored = netkeel_server("restore", str(path), "--yes", env=env, timeout=300)
    assert restored.returncode == 0, restored.stderr
    assert f"backup file: {path}" in restored.stdout
    assert f"Restored {path.name}" in restored.stdout
    assert _snapshot(netkeel_server, env) == before
    assert _data("tables", "-", env, clean_env) == tables_before
    statuses = _data("statuses", "-", env, clean_env)
    assert "Kept by the backup" in statuses and "Made after the backup" not in statuses
    assert sorted(item.name for item in backups.iterdir()) == [path.name], "restoring leaves the backup as it was"


@pytest.mark.slow
def test_a_failed_dump_leaves_no_file(
    scratch_env: dict[str, str], netkeel_server: Run, clean_env: dict[str, str]
) -> None:
    backups = Path(clean_env["NETKEEL_ROOT"]) / "backups"
    env = dict(scratch_env)
    role = ""
    if ENGINE == "sqlite":
        # A file that is not a database: the copy starts, then fails.
        root = Path(clean_env["NETKEEL_ROOT"])
        root.mkdir(parents=True)
        (root / "netkeel.sqlite3").write_bytes(b"this is not a database\n" * 1000)
        expected = "cannot back up the SQLite database"
    elif ENGINE == "postgresql":
        # A user who may connect but not read netkeel's tables: pg_dump starts writing, then fails.
        assert netkeel_server("migrate", "--no-input", "extras", env=env, timeout=300).returncode == 0
        role = f"netkeel_reader_{uuid.uuid4().hex[:8]}"
        _postgres_admin(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'reader-password'")
        env.update({"NETKEEL_DB_USER": role, "NETKEEL_DB_PASSWORD": "reader-password"})
        expected = f"pg_dump could not back up the database {env['NETKEEL_DB_NAME']}: query failed: "
    else:
        env["NETKEEL_DB_NAME"] = f"netkeel_missing_{uuid.uuid4().hex[:8]}"
        expected = f"mariadb-dump could not back up the database {env['NETKEEL_DB_NAME']}: Got error: 1049: "
    try:
        failed = _python(BACKUP_SCRIPT, "1.2.3", env=env, clean_env=clean_env)
    finally:
        if role:
            _postgres_admin(f'DROP ROLE IF EXISTS "{role}"')
    assert failed.returncode == 3, failed.stdout + failed.stderr
    message = failed.stderr.strip()
    assert message.startswith(expected), message
    assert "\n" not in message and message.endswith(".")
    assert backups.is_dir() and list(backups.iterdir()) == [], "no partial or temporary file is left behind"


def _in_a_terminal(args: list[str], answer: str, env: dict[str, str]) -> str:
    """Run `netkeel-server ARGS` on a pseudo-terminal, type `answer`, and return all it printed."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "netkeel", *args], env=env, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    os.write(leader, answer.encode() + b"\n")
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the process has exited and closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    process.wait(timeout=60)
    assert process.returncode == 1, output
    # Django colours errors on a terminal.
    return re.sub(r"\x1b\[[0-9;]*m", "", output.decode()).replace("\r\n", "\n").strip()


def _postgres_admin(statement: str) -> None:
    import psycopg

    server = _server_settings()
    with psycopg.connect(
        host=server["HOST"],
        port=server["PORT"],
        user=server["USER"],
        password=server["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(statement.encode())


@server_engines_only
def test_a_missing_client_tool_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A PATH without the client tools is a real machine without postgresql-client / mariadb-client.
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(BackupError) as caught:
        backup_database(tmp_path / "backups", "1.2.3")
    backup_missing, restore_missing = {
        "postgresql": (
            "pg_dump is not installed; install postgresql-client or run post_upgrade with --no-backup.",
            "pg_restore is not installed; install postgresql-client and run restore again.",
        ),
        "mysql": (
            "neither mariadb-dump nor mysqldump is installed; install mariadb-client (or mysql-client) or run "
            "post_upgrade with --no-backup.",
            "neither mariadb nor mysql is installed; install mariadb-client (or mysql-client) and run restore again.",
        ),
    }[ENGINE]
    assert str(caught.value) == backup_missing
    assert not (tmp_path / "backups").exists(), "a refusal creates nothing"

    archive = tmp_path / "netkeel.backup"
    archive.write_bytes(b"PGDMP" if ENGINE == "postgresql" else b"\x1f\x8b")
    with pytest.raises(BackupError) as caught:
        restore_database(archive)
    assert str(caught.value) == restore_missing


@pytest.mark.skipif(ENGINE != "sqlite", reason="only the SQLite suite runs in memory")
def test_an_in_memory_sqlite_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match=r"^the database is an in-memory SQLite database, which cannot be backed up"):
        backup_database(tmp_path / "backups", "1.2.3")
    assert not (tmp_path / "backups").exists()


def test_restore_refuses_what_is_not_a_backup_of_this_engine(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite3"
    with pytest.raises(BackupError, match=r"^the backup file .*missing\.sqlite3 does not exist; check the path"):
        restore_database(missing)
    with pytest.raises(BackupError, match=r"is not a file; give the path of a backup file\.$"):
        restore_database(tmp_path)
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a backup\n")
    with pytest.raises(BackupError, match=r"is not a netkeel backup \(neither a SQLite database"):
        restore_database(garbage)

    other_engine, other_label, magic = (
        ("postgresql", "PostgreSQL", b"PGDMP")
        if ENGINE != "postgresql"
        else ("sqlite", "SQLite", b"SQLite format 3\x00")
    )
    other = tmp_path / backup_name("1.2.3", datetime.now(UTC), other_engine)
    other.write_bytes(magic + b"\x00" * 100)
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "mysql": "MySQL/MariaDB"}[ENGINE]
    with pytest.raises(BackupError) as caught:
        restore_database(other)
    assert str(caught.value) == (
        f"{other} is a {other_label} backup but netkeel is configured for {label}; restore it with a "
        f"configuration that points at a {other_label} database."
    )


def test_describe_backup_reads_version_and_time_from_the_name(tmp_path: Path) -> None:
    when = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
    name = backup_name("2.0.0rc1", when, "mysql")
    assert name == "netkeel-2.0.0rc1-20250304T050607Z-mysql.sql.gz"
    path = tmp_path / name
    path.write_bytes(b"\x1f\x8b" + b"\x00" * 10)
    described = describe_backup(path)
    assert (described.engine, described.version, described.created, described.size_bytes) == (
        "mysql",
        "2.0.0rc1",
        when,
        12,
    )
    # A renamed file is still recognised by its content; its time is then the file's own.
    renamed = path.rename(tmp_path / "before-the-upgrade.gz")
    described = describe_backup(renamed)
    assert described.engine == "mysql" and described.version is None
    assert described.created == datetime.fromtimestamp(os.stat(renamed).st_mtime, UTC)
