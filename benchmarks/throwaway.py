"""A throwaway netkeel for a benchmark: the NETKEEL_* environment of a temporary root (and, on PostgreSQL,
a database of the benchmark's own on postgres@127.0.0.1), and `netkeel-server` run in it. A developer's own
config and database are never read: their NETKEEL_CONFIG, NETKEEL_DATABASE_URL and NETKEEL_DB_NAME are
dropped from this process's environment, which every subprocess inherits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def configure_environment(root: Path, engine: str, pg_database: str) -> dict[str, str]:
    """Point this process and its children at `root` and a database of `engine`; the NETKEEL_DB_* set."""
    for key in ("NETKEEL_CONFIG", "NETKEEL_DATABASE_URL", "NETKEEL_DB_NAME", "DJANGO_SETTINGS_MODULE"):
        os.environ.pop(key, None)
    os.environ["NETKEEL_ROOT"] = str(root)
    os.environ["NETKEEL_SECRET_KEY"] = "netkeel-benchmark-key"
    os.environ["NETKEEL_DB_ENGINE"] = engine
    if engine == "postgresql":
        os.environ["NETKEEL_DB_NAME"] = pg_database
        os.environ.setdefault("NETKEEL_DB_USER", "postgres")
        os.environ.setdefault("NETKEEL_DB_HOST", "127.0.0.1")
    return {key: value for key, value in os.environ.items() if key.startswith("NETKEEL_DB_")}


def recreate_pg_database(name: str, *, drop_only: bool = False) -> None:
    """Drop the PostgreSQL database `name` (sessions still on it ended) and, unless `drop_only`, create it."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=os.environ["NETKEEL_DB_HOST"],
        port=int(os.environ.get("NETKEEL_DB_PORT", "5432")),
        user=os.environ["NETKEEL_DB_USER"],
        password=os.environ.get("NETKEEL_DB_PASSWORD", ""),
        dbname="postgres",
        autocommit=True,
    ) as admin:
        identifier = sql.Identifier(name)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        if not drop_only:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(identifier))


def netkeel_server(*args: str) -> float:
    """Run a netkeel-server command in a subprocess; its wall seconds. Stops the benchmark on failure."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "netkeel", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"netkeel-server {' '.join(args)} failed:\n{done.stderr or done.stdout}")
    return time.perf_counter() - started
