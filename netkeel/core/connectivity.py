"""Can netkeel reach its database and Redis, and are they new enough?

Used by `/health/`, `netkeel-server check` and the CLI's last-resort error handler. Failures are turned
into one sentence, such as "cannot connect to PostgreSQL at 127.0.0.1:5432: connection refused".
"""

from __future__ import annotations

import re
import socket
import sqlite3
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections

from netkeel.conf.database import engine_name

# DESIGN §5: the oldest server of each kind netkeel supports.
PREREQUISITES: dict[str, tuple[int, ...]] = {
    "Python": (3, 11),
    "PostgreSQL": (14,),
    "MySQL": (8, 0, 11),
    "MariaDB": (10, 5),
    "SQLite": (3, 31),
    "Redis": (6, 2),
}

_ENGINE_LABELS = {"postgresql": "PostgreSQL", "mysql": "MySQL", "sqlite": "SQLite"}


@dataclass(frozen=True)
class Probe:
    """What one service answered: whether it is usable, its product and version, and why not."""

    service: str
    ok: bool
    product: str
    version: tuple[int, ...] | None = None
    problem: str = ""

    @property
    def version_text(self) -> str:
        return ".".join(str(part) for part in self.version) if self.version else "unknown"


def format_version(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)


def too_old(product: str, version: tuple[int, ...] | None) -> str | None:
    """A sentence if `version` of `product` is below what netkeel needs, else None."""
    minimum = PREREQUISITES.get(product)
    if minimum is None or version is None or version >= minimum:
        return None
    return (
        f"{product} {format_version(version)} is too old: netkeel needs {product} {format_version(minimum)} or newer."
    )


def database_location(alias: str = "default") -> tuple[str, str]:
    """(product label, where) for a configured database, e.g. ("PostgreSQL", "127.0.0.1:5432")."""
    config = settings.DATABASES[alias]
    engine = engine_name(config["ENGINE"])
    label = _ENGINE_LABELS.get(engine, engine)
    if engine == "sqlite":
        return label, str(config["NAME"])
    return label, f"{config.get('HOST') or 'localhost'}:{config.get('PORT') or ''}".rstrip(":")


def describe_database_error(exc: BaseException, alias: str = "default") -> str:
    label, where = database_location(alias)
    if label == "SQLite":
        return f"cannot open SQLite at {where}: {_reason(exc)}"
    reason = _reason(exc)
    if reason not in _KNOWN_REASONS:
        # Some drivers hide the cause ("Can't connect to server (115)"); a plain TCP connection tells.
        config = settings.DATABASES[alias]
        reason = tcp_problem(config.get("HOST") or "localhost", int(config.get("PORT") or 0)) or reason
    return f"cannot connect to {label} at {where}: {reason}"


def tcp_problem(host: str, port: int, timeout: float = 3.0) -> str | None:
    """Why a TCP connection to host:port fails, in the words `_reason` uses; None if it succeeds."""
    if not port or host.startswith("/"):
        return None
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except ConnectionRefusedError:
        return "connection refused"
    except TimeoutError:
        return "timed out"
    except socket.gaierror:
        return "host name not found"
    except OSError as exc:
        return (exc.strerror or str(exc)).lower()


def describe_redis_error(exc: BaseException, url: str) -> str:
    return f"cannot connect to Redis at {redis_location(url)}: {_reason(exc)}"


def redis_location(url: str) -> str:
    """host:port of a Redis URL, never its password."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return parts.path
    return f"{parts.hostname or 'localhost'}:{parts.port or 6379}"


_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"connection refused|\(111\)|error 111", re.I), "connection refused"),
    (re.compile(r"timeout expired|timed out|\(110\)|error 110", re.I), "timed out"),
    (
        re.compile(
            r"could not translate host name|name or service not known|unknown (mysql server )?host|"
            r"nodename nor servname|temporary failure in name resolution|\(-[23]\)",
            re.I,
        ),
        "host name not found",
    ),
    (re.compile(r"no route to host|\(113\)", re.I), "no route to host"),
    (re.compile(r"network is unreachable|\(101\)", re.I), "network unreachable"),
]
_KNOWN_REASONS = {reason for _, reason in _REASONS}


def _reason(exc: BaseException) -> str:
    """The cause of a connection failure in a few lowercase words, or the driver's first line."""
    message = error_text(exc)
    lowered = message.lower()
    match = re.search(r'password authentication failed for user "([^"]+)"', message)
    if match:
        return f"password authentication failed for user {match.group(1)}"
    match = re.search(r"access denied for user '([^']+)'", message, re.I)
    if match:
        return f"access denied for user {match.group(1)}"
    match = re.search(r'role "([^"]+)" does not exist', message)
    if match:
        return f"user {match.group(1)} does not exist"
    match = re.search(r'database "([^"]+)" does not exist|unknown database \'([^\']+)\'', message, re.I)
    if match:
        return f"database {match.group(1) or match.group(2)} does not exist"
    for pattern, reason in _REASONS:
        if pattern.search(lowered):
            return reason
    if "unable to open database file" in lowered:
        return "unable to open the database file (does its folder exist and is it writable?)"
    if "authentication required" in lowered or "noauth" in lowered or "invalid password" in lowered:
        return "authentication failed"
    first = next((line.strip() for line in message.splitlines() if line.strip()), type(exc).__name__)
    return first.rstrip(".")


def error_text(exc: BaseException) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(" ".join(str(arg) for arg in current.args) if current.args else str(current))
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


def probe_database(alias: str = "default") -> Probe:
    """Connect, run a trivial query and read the server's version."""
    label, _ = database_location(alias)
    connection = connections[alias]
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        product, version = _server_version(connection)
    except Exception as exc:  # noqa: BLE001 - every driver has its own error classes
        return Probe("database", False, label, problem=describe_database_error(exc, alias))
    problem = too_old(product, version)
    return Probe("database", problem is None, product, version, problem or "")


def _server_version(connection: Any) -> tuple[str, tuple[int, ...]]:
    vendor = connection.vendor
    if vendor == "postgresql":
        number = int(connection.pg_version)
        # 150019 → 15.19; releases before 10 used three parts, which we never support anyway.
        return "PostgreSQL", (number // 10000, number % 10000)
    if vendor == "mysql":
        product = "MariaDB" if connection.mysql_is_mariadb else "MySQL"
        return product, tuple(connection.mysql_version)
    if vendor == "sqlite":
        return "SQLite", tuple(int(part) for part in sqlite3.sqlite_version.split("."))
    return vendor, ()


def probe_redis(url: str | None = None) -> Probe | None:
    """Ping Redis and read its version; None when netkeel runs without Redis."""
    url = url if url is not None else getattr(settings, "REDIS_URL", None)
    if not url:
        return None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
        try:
            info = client.info("server")
        finally:
            client.close()
        version = tuple(int(part) for part in str(info["redis_version"]).split(".")[:3])
    except Exception as exc:  # noqa: BLE001 - redis-py raises several unrelated classes
        return Probe("redis", False, "Redis", problem=describe_redis_error(exc, url))
    problem = too_old("Redis", version)
    return Probe("redis", problem is None, "Redis", version, problem or "")


def probe_cache() -> Probe:
    """Write, read and delete a key through Django's cache, as a request would."""
    from django.core.cache import cache

    backend = settings.CACHES["default"]["BACKEND"]
    product = "Redis" if "redis" in backend.lower() else "local memory"
    key = "netkeel-health-probe"
    try:
        cache.set(key, "ok", timeout=10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        location = settings.CACHES["default"].get("LOCATION", "")
        if product == "Redis" and isinstance(location, str):
            return Probe("cache", False, product, problem=describe_redis_error(exc, location))
        return Probe("cache", False, product, problem=f"the cache failed: {_reason(exc)}")
    if answered != "ok":
        return Probe("cache", False, product, problem="the cache did not return the value just written")
    return Probe("cache", True, product)


def python_probe() -> Probe:
    version = tuple(sys.version_info[:3])
    problem = too_old("Python", version)
    return Probe("python", problem is None, "Python", version, problem or "")
