"""A scratch database of the engine under test (SQLite, PostgreSQL or MariaDB), created and dropped by the
test, with the NETKEEL_* environment that points a `netkeel-server` at it, and read directly (not through
netkeel) to observe what a killed run left behind."""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from pathlib import Path
from typing import Any


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
