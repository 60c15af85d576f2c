"""NETKEEL_DB_* and NETKEEL_DATABASE_URL become Django's DATABASES for each of the three engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from netkeel.conf import ConfigError
from netkeel.conf.database import database_settings

ROOT = Path("/srv/netkeel")


def test_sqlite_is_the_default_under_the_root() -> None:
    config = database_settings({}, ROOT)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/netkeel/netkeel.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_sqlite_relative_name_is_under_the_root_absolute_is_kept() -> None:
    assert database_settings({"NETKEEL_DB_NAME": "x.db"}, ROOT)["NAME"] == "/srv/netkeel/x.db"
    assert database_settings({"NETKEEL_DB_NAME": "/var/x.db"}, ROOT)["NAME"] == "/var/x.db"


def test_postgresql_from_parts() -> None:
    environ = {
        "NETKEEL_DB_ENGINE": "postgresql",
        "NETKEEL_DB_NAME": "nk",
        "NETKEEL_DB_USER": "nkuser",
        "NETKEEL_DB_PASSWORD": "s3cret",
        "NETKEEL_DB_HOST": "db.example.com",
        "NETKEEL_DB_CONN_MAX_AGE": "60",
        "NETKEEL_DB_CONNECT_TIMEOUT": "3",
    }
    config = database_settings(environ, ROOT)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("nk", "nkuser", "s3cret")
    assert (config["HOST"], config["PORT"]) == ("db.example.com", "5432")
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["OPTIONS"] == {"connect_timeout": 3}


def test_mysql_from_parts_has_strict_mode_and_utf8mb4() -> None:
    config = database_settings({"NETKEEL_DB_ENGINE": "mysql", "NETKEEL_DB_PORT": "3307"}, ROOT)
    assert config["ENGINE"] == "django.db.backends.mysql"
    assert config["PORT"] == "3307"
    assert config["OPTIONS"]["charset"] == "utf8mb4"
    assert "STRICT_TRANS_TABLES" in config["OPTIONS"]["init_command"]
    assert config["TEST"]["CHARSET"] == "utf8mb4"


@pytest.mark.parametrize(
    ("alias", "backend"),
    [
        ("postgres", "django.db.backends.postgresql"),
        ("mariadb", "django.db.backends.mysql"),
        ("sqlite3", "django.db.backends.sqlite3"),
        ("PostgreSQL", "django.db.backends.postgresql"),
    ],
)
def test_engine_aliases(alias: str, backend: str) -> None:
    assert database_settings({"NETKEEL_DB_ENGINE": alias}, ROOT)["ENGINE"] == backend


def test_unknown_engine_is_refused_with_the_choices() -> None:
    with pytest.raises(ConfigError, match="NETKEEL_DB_ENGINE must be one of sqlite, postgresql or mysql, not 'oracle'"):
        database_settings({"NETKEEL_DB_ENGINE": "oracle"}, ROOT)


def test_bad_port_is_refused() -> None:
    with pytest.raises(ConfigError, match="NETKEEL_DB_PORT must be a whole number"):
        database_settings({"NETKEEL_DB_ENGINE": "postgresql", "NETKEEL_DB_PORT": "fivefour"}, ROOT)


def test_database_url_postgresql_wins_over_parts() -> None:
    environ = {
        "NETKEEL_DATABASE_URL": "postgresql://u:p%40ss@db:6543/nk",
        "NETKEEL_DB_ENGINE": "mysql",
    }
    config = database_settings(environ, ROOT)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "u",
        "p@ss",
        "db",
        "6543",
        "nk",
    )


def test_database_url_mysql_and_mariadb() -> None:
    for scheme in ("mysql", "mariadb"):
        config = database_settings({"NETKEEL_DATABASE_URL": f"{scheme}://root@127.0.0.1:3306/nk"}, ROOT)
        assert config["ENGINE"] == "django.db.backends.mysql"
        assert config["OPTIONS"]["charset"] == "utf8mb4"


def test_database_url_sqlite() -> None:
    config = database_settings({"NETKEEL_DATABASE_URL": "sqlite:////var/lib/nk.sqlite3"}, ROOT)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/var/lib/nk.sqlite3"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("oracle://x/y", "must start with sqlite://, postgresql:// or mysql://"),
        ("postgresql://db:5432", "names no database"),
    ],
)
def test_bad_database_url(url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        database_settings({"NETKEEL_DATABASE_URL": url}, ROOT)
