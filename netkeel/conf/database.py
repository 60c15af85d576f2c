"""Turn `NETKEEL_DB_*` / `NETKEEL_DATABASE_URL` into Django's `DATABASES`.

Three engines are supported: SQLite (the embedded default, one file under the root), PostgreSQL
(psycopg 3) and MySQL/MariaDB (mysqlclient). Each gets the options netkeel relies on: strict mode
and utf8mb4 on MySQL, IMMEDIATE transactions and WAL on SQLite, a connect timeout everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netkeel.conf import ConfigError
from netkeel.conf.env import Environ, env_int, env_optional, env_str

ENGINES: dict[str, str] = {
    "sqlite": "django.db.backends.sqlite3",
    "postgresql": "django.db.backends.postgresql",
    "mysql": "django.db.backends.mysql",
}
ALIASES: dict[str, str] = {"sqlite3": "sqlite", "postgres": "postgresql", "mariadb": "mysql"}
DEFAULT_PORTS: dict[str, int] = {"postgresql": 5432, "mysql": 3306}
SQLITE_FILENAME = "netkeel.sqlite3"


def engine_name(backend: str) -> str:
    """`sqlite`, `postgresql` or `mysql` for a Django backend path (or one of our names)."""
    for name, path in ENGINES.items():
        if backend in (name, path):
            return name
    return ALIASES.get(backend, backend)


def database_settings(environ: Environ, root: Path) -> dict[str, Any]:
    """The `default` database, from `NETKEEL_DATABASE_URL` if set, else from `NETKEEL_DB_*`."""
    conn_max_age = env_int(environ, "NETKEEL_DB_CONN_MAX_AGE", 300, minimum=0)
    timeout = env_int(environ, "NETKEEL_DB_CONNECT_TIMEOUT", 10, minimum=1)
    url = env_optional(environ, "NETKEEL_DATABASE_URL")
    if url is not None:
        config = _from_url(url)
    else:
        config = _from_parts(environ, root)
    engine = engine_name(config["ENGINE"])
    if engine == "sqlite":
        # A connection kept across requests gains nothing on SQLite and holds file handles.
        config["CONN_MAX_AGE"] = 0
        if config["NAME"] != ":memory:" and not Path(config["NAME"]).is_absolute():
            config["NAME"] = str(root / config["NAME"])
    else:
        config["CONN_MAX_AGE"] = conn_max_age
        config["CONN_HEALTH_CHECKS"] = True
    config.setdefault("OPTIONS", {})
    config["OPTIONS"] = {**engine_options(engine, timeout), **config["OPTIONS"]}
    if engine == "mysql":
        config["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
    return config


def engine_options(engine: str, timeout: int) -> dict[str, Any]:
    if engine == "sqlite":
        return {
            "timeout": timeout,
            # Take the write lock when a transaction starts, so two writers queue instead of failing
            # with "database is locked" halfway through.
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    if engine == "postgresql":
        return {"connect_timeout": timeout}
    return {
        "charset": "utf8mb4",
        "connect_timeout": timeout,
        "init_command": "SET sql_mode='STRICT_TRANS_TABLES'",
        "isolation_level": "read committed",
    }


def _from_parts(environ: Environ, root: Path) -> dict[str, Any]:
    raw = env_str(environ, "NETKEEL_DB_ENGINE", "sqlite").lower()
    engine = ALIASES.get(raw, raw)
    if engine not in ENGINES:
        raise ConfigError(f"NETKEEL_DB_ENGINE must be one of sqlite, postgresql or mysql, not {raw!r}.")
    if engine == "sqlite":
        return {"ENGINE": ENGINES[engine], "NAME": env_str(environ, "NETKEEL_DB_NAME", SQLITE_FILENAME)}
    return {
        "ENGINE": ENGINES[engine],
        "NAME": env_str(environ, "NETKEEL_DB_NAME", "netkeel"),
        "USER": env_str(environ, "NETKEEL_DB_USER", "netkeel"),
        "PASSWORD": env_str(environ, "NETKEEL_DB_PASSWORD", ""),
        "HOST": env_str(environ, "NETKEEL_DB_HOST", "localhost"),
        "PORT": str(env_int(environ, "NETKEEL_DB_PORT", DEFAULT_PORTS[engine], minimum=1)),
    }


def _from_url(url: str) -> dict[str, Any]:
    import dj_database_url

    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql", "mysql", "mariadb"}:
        raise ConfigError(
            "NETKEEL_DATABASE_URL must start with sqlite://, postgresql:// or mysql://, "
            f"not {scheme + '://' if scheme else repr(url)}."
        )
    if scheme == "mariadb":
        url = "mysql" + url[len("mariadb") :]
    try:
        parsed = dict(dj_database_url.parse(url))
    except ValueError as exc:
        raise ConfigError(f"NETKEEL_DATABASE_URL cannot be read: {exc}.") from None
    if not parsed.get("NAME"):
        raise ConfigError("NETKEEL_DATABASE_URL names no database (add /<name> at its end).")
    parsed["ENGINE"] = ENGINES[engine_name(str(parsed["ENGINE"]))]
    if parsed.get("PORT") is not None:
        parsed["PORT"] = str(parsed["PORT"])
    return {key: value for key, value in parsed.items() if value is not None}
