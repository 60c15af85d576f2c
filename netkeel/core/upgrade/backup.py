"""Back up the database before `post_upgrade` changes it, and put such a backup back.

A backup is one file in `$NETKEEL_ROOT/backups/` named `netkeel-<version>-<UTC time>-<engine>.<ext>`,
readable by its owner only: SQLite through its online backup API (`.sqlite3`), PostgreSQL as a
`pg_dump` custom-format archive (`.pgdump`), MySQL/MariaDB as a `mariadb-dump`/`mysqldump` script
compressed with gzip (`.sql.gz`). It is written under a hidden temporary name and renamed once
complete, so a file with a final name is always a whole backup.

A restore replaces the whole database, tables created after the backup included (a rollback after
`migrate` must not leave the new release's tables behind). On SQLite and PostgreSQL it is atomic; on
MySQL, whose DDL cannot be rolled back, a failed restore says so and can be run again.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.db import DatabaseError, connections

from netkeel.conf.database import engine_name

LABELS: dict[str, str] = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "mysql": "MySQL/MariaDB"}
EXTENSIONS: dict[str, str] = {"sqlite": "sqlite3", "postgresql": "pgdump", "mysql": "sql.gz"}
TIME_FORMAT = "%Y%m%dT%H%M%SZ"

_NAME = re.compile(
    r"^netkeel-(?P<version>.+)-(?P<stamp>\d{8}T\d{6}Z)-(?P<engine>sqlite|postgresql|mysql)(?:-\d+)?\.(sqlite3|pgdump|sql\.gz)$"
)
_PARTIAL_SUFFIX = ".partial"
# A partial file that has not grown for this long belongs to a run that was killed, never to a live one
# (every dump writes continuously), so the next backup removes it.
_STALE_PARTIAL_SECONDS = 6 * 3600
# How long a restore waits for another connection's lock before it gives up and says so: a running web
# or worker process with an open transaction would otherwise make it hang without a word.
_LOCK_TIMEOUT_SECONDS = 30
_CHUNK = 1 << 20

_SQLITE_MAGIC = b"SQLite format 3\x00"
_PGDUMP_MAGIC = b"PGDMP"
_GZIP_MAGIC = b"\x1f\x8b"

# Django's PostgreSQL OPTIONS that libpq also reads from the environment; passed on so that the
# client tools connect the way netkeel does (TLS, service files, password files).
_PG_OPTION_ENV: dict[str, str] = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}

# Runs in the restore's transaction before the archive: drops every table and view of the user's
# schemas (not those an extension owns), so tables made after the backup go too. Identifiers are
# quoted by the server (%I); nothing here comes from outside.
_PG_DROP_ALL = """
DO $netkeel$
DECLARE
    relation record;
BEGIN
    FOR relation IN
        SELECT n.nspname, c.relname, c.relkind
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (
              SELECT 1 FROM pg_catalog.pg_depend d
              WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
          )
        ORDER BY c.relkind IN ('v', 'm') DESC
    LOOP
        EXECUTE format(
            'DROP %s IF EXISTS %I.%I CASCADE',
            CASE relation.relkind
                WHEN 'v' THEN 'VIEW'
                WHEN 'm' THEN 'MATERIALIZED VIEW'
                WHEN 'f' THEN 'FOREIGN TABLE'
                ELSE 'TABLE'
            END,
            relation.nspname,
            relation.relname
        );
    END LOOP;
END
$netkeel$;
"""


class BackupError(Exception):
    """A backup or restore could not be done; the message is one sentence saying what to do."""


@dataclass(frozen=True)
class Backup:
    """A backup just written."""

    path: Path
    engine: str
    size_bytes: int
    seconds: float


@dataclass(frozen=True)
class BackupFile:
    """What a backup file holds, read from its content (engine) and its name (version, time)."""

    path: Path
    engine: str
    size_bytes: int
    created: datetime
    version: str | None

    @property
    def label(self) -> str:
        return LABELS[self.engine]


def default_backup_dir() -> Path:
    return Path(getattr(settings, "NETKEEL_ROOT")) / "backups"  # noqa: B009 - a netkeel setting the stubs do not know


def configured_engine(alias: str = "default") -> str:
    """`sqlite`, `postgresql` or `mysql`: the engine of a configured database."""
    return engine_name(settings.DATABASES[alias]["ENGINE"])


def backup_name(version: str, when: datetime, engine: str) -> str:
    # A version goes into a file name: anything but a plain version's characters becomes "_".
    safe_version = re.sub(r"[^A-Za-z0-9._+-]+", "_", version) or "unknown"
    return f"netkeel-{safe_version}-{when.astimezone(UTC).strftime(TIME_FORMAT)}-{engine}.{EXTENSIONS[engine]}"


# ---------------------------------------------------------------------------------------------- backup


def backup_database(directory: Path, version: str, *, alias: str = "default") -> Backup:
    """Write a backup of database `alias` into `directory`; `version` is the release whose data it holds."""
    started = time.monotonic()
    config = settings.DATABASES[alias]
    engine = configured_engine(alias)
    if engine not in EXTENSIONS:
        raise BackupError(f"netkeel cannot back up a {engine} database; back it up with that database's own tools.")
    # Everything that can be checked without writing is checked first, so a refusal leaves no trace.
    if engine == "sqlite":
        source = _sqlite_source(config)
    elif engine == "postgresql":
        pg_dump = _require_tool("pg_dump", "postgresql-client")
        _check_pg_dump_version(pg_dump, alias)
    else:
        mysql_dump = _require_tool("mariadb-dump", "mariadb-client (or mysql-client)", fallback="mysqldump")

    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        _remove_stale_partials(directory)
        final_name = backup_name(version, datetime.now(UTC), engine)
        # mkstemp creates the file with mode 0600: the backup holds every secret in the database.
        handle, temporary_name = tempfile.mkstemp(dir=directory, prefix=f".{final_name}.", suffix=_PARTIAL_SUFFIX)
    except OSError as exc:
        raise BackupError(
            f"cannot write to the backup folder {directory}: {_os_reason(exc)}; fix its permissions or choose "
            f"another folder."
        ) from None

    temporary = Path(temporary_name)
    try:
        if engine == "sqlite":
            os.close(handle)
            _dump_sqlite(source, temporary)
        else:
            with os.fdopen(handle, "wb") as out:
                if engine == "postgresql":
                    _dump_postgresql(pg_dump, config, out)
                else:
                    _dump_mysql(mysql_dump, config, out)
                out.flush()
                os.fsync(out.fileno())
        final = _publish(temporary, directory, final_name)
    except BaseException as exc:
        # Whatever stopped the dump (an error, Ctrl-C), no partial file may stay behind.
        _remove_quietly(temporary)
        if isinstance(exc, OSError):
            raise BackupError(
                f"cannot write the backup into {directory}: {_os_reason(exc)}; free some space or choose another "
                f"folder (or run post_upgrade with --no-backup)."
            ) from None
        raise
    return Backup(final, engine, final.stat().st_size, time.monotonic() - started)


def _publish(temporary: Path, directory: Path, name: str) -> Path:
    """Give a complete backup its final name, never replacing an existing backup."""
    stem, dot, extension = name.partition(".")
    counter = 1
    while True:
        final = directory / (name if counter == 1 else f"{stem}-{counter}{dot}{extension}")
        try:
            # link() fails when the name exists, where rename() would silently replace another backup.
            os.link(temporary, final)
        except FileExistsError:
            counter += 1
            continue
        except OSError:
            # A file system without hard links: check then rename (two backups in one second is the only race).
            if final.exists():
                counter += 1
                continue
            os.rename(temporary, final)
        else:
            temporary.unlink()
        break
    _fsync_directory(directory)
    return final


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the folder is flushed; a crash could otherwise lose the backup.
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _remove_stale_partials(directory: Path) -> None:
    now = time.time()
    for partial in directory.glob(f".netkeel-*{_PARTIAL_SUFFIX}"):
        try:
            if now - partial.stat().st_mtime > _STALE_PARTIAL_SECONDS:
                partial.unlink()
        except OSError:
            continue


def _remove_quietly(path: Path) -> None:
    for leftover in (path, *(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm"))):
        try:
            leftover.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            continue


# ---------------------------------------------------------------------------------------------- SQLite


def _sqlite_path(config: Mapping[str, Any]) -> Path:
    name = str(config["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(
            "the database is an in-memory SQLite database, which cannot be backed up or restored; "
            "configure a database file (NETKEEL_DB_NAME)."
        )
    return Path(name.removeprefix("file:").split("?", 1)[0])


def _sqlite_source(config: Mapping[str, Any]) -> Path:
    path = _sqlite_path(config)
    if not path.is_file():
        raise BackupError(f"the SQLite database {path} does not exist; check NETKEEL_DB_NAME and NETKEEL_ROOT.")
    return path


def _sqlite_uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def _dump_sqlite(source: Path, target: Path) -> None:
    try:
        # mode=rw: a database that disappeared must fail here, not be created empty and backed up.
        with closing(sqlite3.connect(_sqlite_uri(source, "rw"), uri=True, timeout=30)) as src:
            with closing(sqlite3.connect(target)) as dst:
                # One step: a consistent snapshot even while netkeel writes (WAL readers are not blocked).
                src.backup(dst)
                # The copy carries the source's WAL mode; a backup file should be one self-contained file.
                dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise BackupError(f"cannot back up the SQLite database {source}: {_sqlite_reason(exc)}.") from None


def _restore_sqlite(backup: Path, config: Mapping[str, Any]) -> None:
    target = _sqlite_path(config)
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} of the SQLite database does not exist; create it first.")
    try:
        # Read-only and immutable: reading the backup must never change it (or leave -wal files beside it).
        with closing(sqlite3.connect(_sqlite_uri(backup, "ro") + "&immutable=1", uri=True)) as src:
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            with closing(sqlite3.connect(target, timeout=_LOCK_TIMEOUT_SECONDS)) as dst:
                # The backup API replaces the destination in one transaction: all of it or nothing.
                src.backup(dst)
                # The backup file is in rollback-journal mode; put back the WAL mode netkeel configures (DESIGN).
                dst.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as exc:
        reason = _sqlite_reason(exc)
        if "locked" in reason or "busy" in reason:
            raise BackupError(
                f"the SQLite database {target} stayed locked by another process for {_LOCK_TIMEOUT_SECONDS} s; "
                f"stop netkeel and netkeel-worker, then run restore again."
            ) from None
        raise BackupError(f"cannot restore {backup} into {target}: {reason}.") from None


def _sqlite_reason(exc: sqlite3.Error) -> str:
    return str(exc).strip().rstrip(".") or type(exc).__name__


# ------------------------------------------------------------------------------------------ PostgreSQL


def _pg_environment(config: Mapping[str, Any]) -> dict[str, str]:
    """The environment for libpq tools: the connection, including the password, never on the command line."""
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        value = config.get(key)
        if value not in (None, ""):
            env[variable] = str(value)
    # PGDATABASE is taken literally, where a dbname argument containing "=" would be read as a conninfo.
    env["PGDATABASE"] = str(config["NAME"])
    for option, variable in _PG_OPTION_ENV.items():
        value = (config.get("OPTIONS") or {}).get(option)
        if value not in (None, ""):
            env[variable] = str(value)
    return env


def _check_pg_dump_version(pg_dump: str, alias: str) -> None:
    """pg_dump refuses a newer server; say which package to install before anything is written."""
    connection = connections[alias]
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        from netkeel.core.connectivity import describe_database_error

        raise BackupError(f"cannot back up the database: {describe_database_error(exc, alias)}.") from None
    # 150020 is 15.20; the stubs do not know this PostgreSQL-only attribute.
    server = int(getattr(connection, "pg_version", 0)) // 10000
    client = _tool_major_version(pg_dump)
    if client is not None and client < server:
        raise BackupError(
            f"pg_dump {client} cannot back up PostgreSQL {server}; install postgresql-client-{server} (or newer) "
            f"or run post_upgrade with --no-backup."
        )


def _tool_major_version(tool: str) -> int | None:
    try:
        answer = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"\)\s*(\d+)", answer.stdout) or re.search(r"(\d+)\.\d+", answer.stdout)
    return int(match.group(1)) if match else None


def _dump_postgresql(pg_dump: str, config: Mapping[str, Any], out: IO[bytes]) -> None:
    # --no-password: never wait for a password on a terminal nobody watches.
    command = [pg_dump, "--format=custom", "--no-password"]
    with _stderr_file() as errors:
        completed = subprocess.run(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=errors, env=_pg_environment(config), check=False
        )
        if completed.returncode != 0:
            raise BackupError(
                f"pg_dump could not back up the database {config['NAME']}: {_last_line(errors, 'pg_dump')}."
            )


def _restore_postgresql(pg_restore: str, psql: str, backup: Path, config: Mapping[str, Any]) -> None:
    env = _pg_environment(config)
    # pg_restore turns the archive into SQL; psql runs it, after dropping every table, in one transaction
    # that is committed only if pg_restore read the whole archive. A damaged archive or a failing
    # statement rolls everything back: the database is either the backup or untouched.
    with _stderr_file() as restore_errors, _stderr_file() as psql_errors:
        script = subprocess.Popen(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--file=-", str(backup)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            env=env,
        )
        runner = subprocess.Popen(
            [psql, "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1", "--file=-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
            env=env,
        )
        assert script.stdout is not None and runner.stdin is not None
        try:
            prelude = (
                "BEGIN;\n"
                f"SET LOCAL lock_timeout = '{_LOCK_TIMEOUT_SECONDS}s';\n"
                "SET LOCAL client_min_messages = warning;\n"
                f"{_PG_DROP_ALL}\n"
            )
            try:
                runner.stdin.write(prelude.encode())
                shutil.copyfileobj(script.stdout, runner.stdin, _CHUNK)
                script.stdout.close()
                if script.wait() == 0:
                    runner.stdin.write(b"COMMIT;\n")
            except BrokenPipeError:
                pass  # psql stopped at an error (ON_ERROR_STOP); its stderr says which
            try:
                runner.stdin.close()
            except BrokenPipeError:
                pass
            runner.wait()
            script.wait()
        finally:
            for process in (script, runner):
                if process.poll() is None:
                    process.kill()
                    process.wait()
        if script.returncode != 0:
            raise BackupError(
                f"pg_restore could not read {backup}: {_last_line(restore_errors, 'pg_restore')}; the database was "
                f"not changed."
            )
        if runner.returncode != 0:
            reason = _last_line(psql_errors, "psql")
            if "lock timeout" in reason:
                raise BackupError(
                    f"another connection held a lock on the database for {_LOCK_TIMEOUT_SECONDS} s; stop netkeel "
                    f"and netkeel-worker (systemctl stop netkeel netkeel-worker), then run restore again."
                )
            raise BackupError(f"psql could not restore {backup}: {reason}; the database was not changed.")


# -------------------------------------------------------------------------------------- MySQL / MariaDB


def _mysql_connection_arguments(config: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Client options and environment (password in MYSQL_PWD) connecting the way mysqlclient does."""
    options = config.get("OPTIONS") or {}
    arguments: list[str] = []
    # Must come first: the client tools read option files before anything else.
    if options.get("read_default_file"):
        arguments.append(f"--defaults-extra-file={options['read_default_file']}")
    host = str(config.get("HOST") or "")
    socket = options.get("unix_socket") or (host if host.startswith("/") else "")
    if socket:
        arguments.append(f"--socket={socket}")
    elif host:
        arguments.append(f"--host={host}")
        if config.get("PORT"):
            arguments.append(f"--port={config['PORT']}")
    if config.get("USER"):
        arguments.append(f"--user={config['USER']}")
    arguments.append("--default-character-set=utf8mb4")
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["MYSQL_PWD"] = str(config["PASSWORD"])
    return arguments, env


def _dump_mysql(tool: str, config: Mapping[str, Any], out: IO[bytes]) -> None:
    arguments, env = _mysql_connection_arguments(config)
    name = Path(tool).name
    command = [
        tool,
        *arguments,
        # One consistent InnoDB snapshot without locking netkeel's tables for the length of the dump.
        "--single-transaction",
        "--routines",
        "--triggers",
        # Packed binary columns (IP addresses) survive any client character set as hex.
        "--hex-blob",
        # MySQL 8 needs the PROCESS privilege for tablespaces, which netkeel's user rarely has.
        "--no-tablespaces",
        "--",
        str(config["NAME"]),
    ]
    with _stderr_file() as errors:
        dump = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors, env=env)
        assert dump.stdout is not None
        try:
            with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6) as compressed:
                shutil.copyfileobj(dump.stdout, compressed, _CHUNK)
            dump.wait()
        finally:
            if dump.poll() is None:
                dump.kill()
                dump.wait()
        if dump.returncode != 0:
            raise BackupError(f"{name} could not back up the database {config['NAME']}: {_last_line(errors, name)}.")


def _check_mysql_dump(backup: Path) -> None:
    """Read the whole file before dropping anything: a truncated or damaged dump must change nothing."""
    tail = b""
    try:
        with gzip.open(backup, "rb") as dump:
            while chunk := dump.read(_CHUNK):
                tail = (tail + chunk)[-4096:]
    except (OSError, EOFError) as exc:
        raise BackupError(f"{backup} is damaged ({_os_reason(exc)}); restore another backup.") from None
    last_line = tail.rstrip().rsplit(b"\n", 1)[-1]
    if not last_line.startswith(b"-- Dump completed"):
        raise BackupError(f"{backup} is incomplete (its dump did not finish); restore another backup.")


def _restore_mysql(client: str, backup: Path, config: Mapping[str, Any], alias: str) -> None:
    _check_mysql_dump(backup)
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            existing = connection.introspection.get_table_list(cursor)
        quote_name = connection.ops.quote_name
    except DatabaseError as exc:
        from netkeel.core.connectivity import describe_database_error

        raise BackupError(f"cannot restore the database: {describe_database_error(exc, alias)}.") from None
    finally:
        connection.close()
    # Identifiers cannot be query parameters; quote_name is how Django's own schema editor writes them.
    drops = [
        f"DROP {'VIEW' if table.type == 'v' else 'TABLE'} IF EXISTS {quote_name(table.name)};" for table in existing
    ]
    prelude = "\n".join(
        [
            f"SET SESSION lock_wait_timeout = {_LOCK_TIMEOUT_SECONDS};",
            "SET FOREIGN_KEY_CHECKS = 0;",
            *sorted(drops, key=lambda statement: not statement.startswith("DROP VIEW")),
            "",
        ]
    )
    arguments, env = _mysql_connection_arguments(config)
    name = Path(client).name
    # --binary-mode: the dump's strings may hold \0 or \r\n, which the client would otherwise rewrite.
    command = [client, *arguments, "--binary-mode", f"--database={config['NAME']}"]
    with _stderr_file() as errors:
        runner = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        assert runner.stdin is not None
        try:
            try:
                runner.stdin.write(prelude.encode())
                with gzip.open(backup, "rb") as dump:
                    shutil.copyfileobj(dump, runner.stdin, _CHUNK)
            except BrokenPipeError:
                pass  # the client stopped at an error; its stderr says which
            try:
                runner.stdin.close()
            except BrokenPipeError:
                pass
            runner.wait()
        finally:
            if runner.poll() is None:
                runner.kill()
                runner.wait()
        if runner.returncode != 0:
            reason = _last_line(errors, name)
            if "lock wait timeout" in reason.lower():
                reason = (
                    f"another connection held a lock for {_LOCK_TIMEOUT_SECONDS} s (stop netkeel and netkeel-worker)"
                )
            raise BackupError(
                f"{name} could not restore {backup}: {reason}; the database may be incomplete, so fix this and run "
                f"restore again."
            )


# ------------------------------------------------------------------------------------------- restore


def describe_backup(path: Path) -> BackupFile:
    """What `path` holds; BackupError when it is missing, unreadable or not a netkeel backup."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"the backup file {path} does not exist; check the path (backups are in {_backups_hint()}).")
    if not path.is_file():
        raise BackupError(f"{path} is not a file; give the path of a backup file.")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
        stat = path.stat()
    except OSError as exc:
        raise BackupError(
            f"cannot read the backup file {path}: {_os_reason(exc)}; run restore as a user that may read it."
        ) from None
    engine = _engine_of(head)
    if engine is None:
        raise BackupError(
            f"{path} is not a netkeel backup (neither a SQLite database, a pg_dump archive nor a gzip-compressed "
            f"SQL dump)."
        )
    match = _NAME.match(path.name)
    if match:
        created = datetime.strptime(match["stamp"], TIME_FORMAT).replace(tzinfo=UTC)
        version: str | None = match["version"]
    else:
        created, version = datetime.fromtimestamp(stat.st_mtime, UTC), None
    return BackupFile(path, engine, stat.st_size, created, version)


def _engine_of(head: bytes) -> str | None:
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(_PGDUMP_MAGIC):
        return "postgresql"
    if head.startswith(_GZIP_MAGIC):
        return "mysql"
    return None


def check_restorable(path: Path, *, alias: str = "default") -> BackupFile:
    """The backup at `path`, if it is one that database `alias` can take; BackupError otherwise."""
    backup = describe_backup(path)
    engine = configured_engine(alias)
    if backup.engine != engine:
        raise BackupError(
            f"{backup.path} is a {backup.label} backup but netkeel is configured for {LABELS.get(engine, engine)}; "
            f"restore it with a configuration that points at a {backup.label} database."
        )
    return backup


def restore_database(path: Path, *, alias: str = "default") -> None:
    """Replace database `alias` with the backup at `path`."""
    backup = check_restorable(path, alias=alias)
    engine = backup.engine
    # The tools are looked for first: a restore that cannot run must not have closed or changed anything.
    tools: list[str] = []
    if engine == "postgresql":
        tools = [_require_tool(tool, "postgresql-client", action="restore") for tool in ("pg_restore", "psql")]
    elif engine == "mysql":
        tools = [_require_tool("mariadb", "mariadb-client (or mysql-client)", fallback="mysql", action="restore")]
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("a restore cannot run inside a database transaction; call it outside transaction.atomic().")
    config = settings.DATABASES[alias]
    # Our own connections must not hold the tables the restore drops (on PostgreSQL a connection in a
    # transaction would make it wait) nor keep state from before it, such as a cached server version.
    connections.close_all()
    if engine == "sqlite":
        _restore_sqlite(backup.path, config)
    elif engine == "postgresql":
        _restore_postgresql(tools[0], tools[1], backup.path, config)
    else:
        _restore_mysql(tools[0], backup.path, config, alias)
    connections.close_all()
    # Content type ids may differ in the restored data; a stale cache would attach objects to wrong types.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


# ------------------------------------------------------------------------------------------- helpers


def _require_tool(tool: str, package: str, *, fallback: str | None = None, action: str = "backup") -> str:
    found = shutil.which(tool) or (shutil.which(fallback) if fallback else None)
    if found:
        return found
    names = f"neither {tool} nor {fallback} is installed" if fallback else f"{tool} is not installed"
    if action == "backup":
        raise BackupError(f"{names}; install {package} or run post_upgrade with --no-backup.")
    raise BackupError(f"{names}; install {package} and run restore again.")


@contextmanager
def _stderr_file() -> Iterator[IO[bytes]]:
    # A file, not a pipe: a tool writing much to stderr can never block while we stream its output.
    with tempfile.TemporaryFile() as errors:
        yield errors


def _last_line(errors: IO[bytes], tool: str) -> str:
    """The tool's error in its own words: the last error line, not the context or hint lines after it."""
    errors.seek(0)
    lines = [line.strip() for line in errors.read().decode(errors="replace").splitlines() if line.strip()]
    failures = [line for line in lines if re.search(r"\b(ERROR|FATAL)\b|\berror:", line)]
    line = (failures or lines or [f"{tool} failed without a message"])[-1]
    # "psql:<stdin>:40: ERROR:  canceling ..." and "pg_dump: error: connection ..." become their message.
    line = re.sub(rf"^{re.escape(tool)}(:[^:\s]*:\d+)?:\s*", "", line)
    line = re.sub(r"^(error|ERROR|FATAL):\s*", "", line)
    return re.sub(r"\s+", " ", line).rstrip(".")


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc).rstrip(".") or type(exc).__name__


def _backups_hint() -> str:
    try:
        return str(default_backup_dir())
    except Exception:  # noqa: BLE001 - only a hint in an error message
        return "$NETKEEL_ROOT/backups"
