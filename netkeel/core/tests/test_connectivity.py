"""Real connection failures become one short sentence; live versions are compared with the prerequisites."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import override_settings

from netkeel.conf.testing import TEST_DB
from netkeel.core.connectivity import (
    PREREQUISITES,
    describe_redis_error,
    probe_database,
    probe_redis,
    python_probe,
    redis_location,
    tcp_problem,
    too_old,
)


def test_too_old_names_product_and_minimum() -> None:
    assert too_old("PostgreSQL", (13, 9)) == "PostgreSQL 13.9 is too old: netkeel needs PostgreSQL 14 or newer."
    assert too_old("MariaDB", (10, 4, 32)) is not None
    assert too_old("MariaDB", (10, 5, 0)) is None
    assert too_old("MySQL", (8, 0, 10)) is not None
    assert too_old("MySQL", (8, 0, 11)) is None
    assert too_old("Redis", (6, 2, 0)) is None
    assert too_old("Redis", (6, 0, 16)) == "Redis 6.0.16 is too old: netkeel needs Redis 6.2 or newer."
    assert too_old("SQLite", None) is None


def test_python_meets_the_prerequisite() -> None:
    probe = python_probe()
    assert probe.ok and probe.version is not None and probe.version >= PREREQUISITES["Python"]


@pytest.mark.django_db
def test_probe_of_the_test_database_reads_a_supported_version() -> None:
    probe = probe_database()
    assert probe.ok, probe.problem
    expected = {"sqlite": {"SQLite"}, "postgresql": {"PostgreSQL"}, "mysql": {"MySQL", "MariaDB"}}[TEST_DB]
    assert probe.product in expected
    assert probe.version is not None and len(probe.version) >= 2


def test_the_suite_runs_on_the_engine_it_was_asked_for() -> None:
    assert connection.vendor == TEST_DB


def test_redis_location_hides_the_password() -> None:
    assert redis_location("redis://:secret@cache.example.com:6380/2") == "cache.example.com:6380"
    assert redis_location("redis://localhost/0") == "localhost:6379"
    assert redis_location("unix:///run/redis.sock") == "/run/redis.sock"


def test_unreachable_redis_probe() -> None:
    probe = probe_redis("redis://127.0.0.1:1/0")
    assert probe is not None and not probe.ok
    assert probe.problem == "cannot connect to Redis at 127.0.0.1:1: connection refused"


def test_no_redis_configured_means_no_probe() -> None:
    with override_settings(REDIS_URL=None):
        assert probe_redis() is None


def test_real_redis_probe(require_service: Callable[[str], None]) -> None:
    require_service("redis")
    probe = probe_redis("redis://127.0.0.1:6379/15")
    assert probe is not None and probe.ok, probe
    assert probe.version is not None and probe.version >= (6, 2)


def test_an_unrecognised_error_keeps_the_drivers_first_line() -> None:
    import redis

    exc = redis.exceptions.AuthenticationError("invalid username-password pair or user is disabled.\nmore")
    assert describe_redis_error(exc, "redis://h:6379/0") == (
        "cannot connect to Redis at h:6379: invalid username-password pair or user is disabled"
    )


def test_real_postgresql_errors_are_described(require_service: Callable[[str], None]) -> None:
    require_service("postgresql")
    import psycopg

    from netkeel.core.connectivity import _reason

    with pytest.raises(psycopg.OperationalError) as caught:
        psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="netkeel_no_such_db", connect_timeout=5)
    assert _reason(caught.value) == "database netkeel_no_such_db does not exist"
    with pytest.raises(psycopg.OperationalError) as caught:
        psycopg.connect(host="127.0.0.1", port=1, user="postgres", dbname="x", connect_timeout=5)
    assert _reason(caught.value) == "connection refused"


def test_real_mysql_errors_are_described(require_service: Callable[[str], None]) -> None:
    require_service("mysql")
    mysqldb = pytest.importorskip("MySQLdb")

    from netkeel.core.connectivity import _reason

    with pytest.raises(mysqldb.OperationalError) as caught:
        mysqldb.connect(host="127.0.0.1", port=3306, user="root", database="netkeel_no_such_db", connect_timeout=5)
    assert _reason(caught.value) == "database netkeel_no_such_db does not exist"


def test_tcp_problem() -> None:
    assert tcp_problem("127.0.0.1", 1) == "connection refused"
    assert tcp_problem("no-such-host.invalid", 5432) == "host name not found"
