"""Defaults, then NETKEEL_* variables, then the config file, then the settings that follow from them."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from netkeel import __version__
from netkeel.cli.init import render_config
from netkeel.conf import ConfigError
from netkeel.conf.defaults import DEVELOPMENT_SECRET_KEY, ENVIRONMENT_VARIABLES, cache_key_prefix
from netkeel.conf.loader import load_settings, read_config_file


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "netkeel_config.py"
    path.write_text(text)
    return path


def test_defaults_with_no_file_and_no_variables(tmp_path: Path) -> None:
    settings = load_settings({"NETKEEL_ROOT": str(tmp_path)})
    assert settings["NETKEEL_CONFIG_PATH"] is None
    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY
    assert settings["DATABASES"]["default"]["NAME"] == str(tmp_path / "netkeel.sqlite3")
    assert settings["STATIC_ROOT"] == tmp_path / "static"
    assert settings["MEDIA_ROOT"] == tmp_path / "media"
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert settings["RQ_QUEUES"] == {}
    assert settings["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]


def test_environment_variables_set_their_settings(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "NETKEEL_ROOT": str(tmp_path),
            "NETKEEL_SECRET_KEY": "k" * 50,
            "NETKEEL_DEBUG": "true",
            "NETKEEL_ALLOWED_HOSTS": "netkeel.example.com,10.0.0.5",
            "NETKEEL_REDIS_URL": "redis://127.0.0.1:6379/3",
            "NETKEEL_STATIC_ROOT": "/srv/static",
            "NETKEEL_TIME_ZONE": "Europe/Paris",
            "NETKEEL_LOG_LEVEL": "debug",
            "NETKEEL_MAX_PAGE_SIZE": "500",
        }
    )
    assert settings["SECRET_KEY"] == "k" * 50
    assert settings["DEBUG"] is True
    assert settings["ALLOWED_HOSTS"] == ["netkeel.example.com", "10.0.0.5"]
    cache = settings["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert cache["KEY_PREFIX"] == cache_key_prefix()
    assert settings["RQ_QUEUES"]["default"]["URL"] == "redis://127.0.0.1:6379/3"
    assert set(settings["RQ_QUEUES"]) == {"default", "webhooks"}
    assert settings["STATIC_ROOT"] == Path("/srv/static")
    assert settings["TIME_ZONE"] == "Europe/Paris"
    assert settings["LOGGING"]["loggers"]["netkeel"]["level"] == "DEBUG"
    assert settings["MAX_PAGE_SIZE"] == 500


def test_the_queues_of_runs_and_deliveries_may_be_named(tmp_path: Path) -> None:
    """Several netkeels (or test runs) sharing one Redis database each name their own queues."""
    settings = load_settings(
        {
            "NETKEEL_ROOT": str(tmp_path),
            "NETKEEL_REDIS_URL": "redis://127.0.0.1:6379/3",
            "NETKEEL_JOBS_QUEUE": "site-a-jobs",
            "NETKEEL_WEBHOOKS_QUEUE": "site-a-webhooks",
        }
    )
    assert (settings["JOBS_QUEUE"], settings["WEBHOOKS_QUEUE"]) == ("site-a-jobs", "site-a-webhooks")
    assert list(settings["RQ_QUEUES"]) == ["default", "site-a-jobs", "site-a-webhooks"]
    assert all(queue["URL"] == "redis://127.0.0.1:6379/3" for queue in settings["RQ_QUEUES"].values())


def test_the_cache_key_prefix_may_be_named_and_is_checked(tmp_path: Path) -> None:
    """Several netkeels (or test runs) sharing one Redis database each cache under their own prefix."""
    settings = load_settings({"NETKEEL_ROOT": str(tmp_path), "NETKEEL_CACHE_KEY_PREFIX": "site-a_1"})
    assert settings["CACHE_KEY_PREFIX"] == "site-a_1"
    assert settings["CACHES"]["default"]["KEY_PREFIX"] == cache_key_prefix(site="site-a_1") == f"site-a_1.{__version__}"
    with pytest.raises(ConfigError, match="NETKEEL_CACHE_KEY_PREFIX may hold only letters"):
        load_settings({"NETKEEL_ROOT": str(tmp_path), "NETKEEL_CACHE_KEY_PREFIX": "site*"})


def test_config_file_overrides_the_environment_and_derived_settings_follow(tmp_path: Path) -> None:
    _config(tmp_path, "REDIS_URL = 'redis://cache.example.com:6379/1'\nTIME_ZONE = 'Asia/Tokyo'\nlower = 1\n")
    settings = load_settings({"NETKEEL_ROOT": str(tmp_path), "NETKEEL_TIME_ZONE": "UTC"})
    assert settings["NETKEEL_CONFIG_PATH"] == tmp_path / "netkeel_config.py"
    assert settings["TIME_ZONE"] == "Asia/Tokyo"
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://cache.example.com:6379/1"
    assert "lower" not in settings


def test_config_file_may_set_caches_itself(tmp_path: Path) -> None:
    _config(tmp_path, "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.dummy.DummyCache'}}\n")
    settings = load_settings({"NETKEEL_ROOT": str(tmp_path), "NETKEEL_REDIS_URL": "redis://x:6379/0"})
    assert settings["CACHES"]["default"]["BACKEND"].endswith("DummyCache")


def test_a_plugin_that_cannot_be_imported_is_skipped_not_installed(tmp_path: Path) -> None:
    # A plugin that loads is tested in netkeel/core/tests/test_plugins.py, with a real package.
    _config(tmp_path, "PLUGINS = ['netkeel_example']\n")
    settings = load_settings({"NETKEEL_ROOT": str(tmp_path)})
    assert not any(app.startswith("netkeel_example") for app in settings["INSTALLED_APPS"])
    assert "No module named 'netkeel_example'" in settings["PLUGINS_SKIPPED"]["netkeel_example"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("PLUGINS = 'netkeel_bgp'\n", "PLUGINS must be a list of Python package names"),
        ("LOG_LEVEL = 'LOUD'\n", "LOG_LEVEL \\(NETKEEL_LOG_LEVEL\\) must be one of"),
        ("SECRET_KEY = ''\n", "SECRET_KEY is empty"),
    ],
)
def test_bad_values_in_the_file_are_refused(tmp_path: Path, text: str, message: str) -> None:
    _config(tmp_path, text)
    with pytest.raises(ConfigError, match=message):
        load_settings({"NETKEEL_ROOT": str(tmp_path)})


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = _config(tmp_path, "DEBUG = True\nALLOWED_HOSTS = ['a',\n")
    with pytest.raises(ConfigError) as caught:
        read_config_file(path)
    message = str(caught.value)
    assert message.startswith(f"The config file {path} has a syntax error on line 2")
    assert "\n" not in message


def test_runtime_error_names_file_line_and_error(tmp_path: Path) -> None:
    path = _config(tmp_path, "import os\n\nDEBUG = undefined_name\n")
    with pytest.raises(ConfigError, match=r"failed on line 3: NameError: name 'undefined_name' is not defined"):
        read_config_file(path)


def test_bad_environment_value_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="NETKEEL_DEBUG must be true or false"):
        load_settings({"NETKEEL_ROOT": str(tmp_path), "NETKEEL_DEBUG": "sometimes"})


def test_template_documents_every_variable() -> None:
    template = resources.files("netkeel.conf").joinpath("config_template.tmpl").read_text()
    for variable in ENVIRONMENT_VARIABLES:
        assert variable in template, f"{variable} is not documented in the config template"


def test_rendered_template_is_valid_python_with_a_fresh_key(tmp_path: Path) -> None:
    first = render_config()
    second = render_config()
    keys = [re.search(r'or "([^"]+)"', text).group(1) for text in (first, second)]  # type: ignore[union-attr]
    assert keys[0] != keys[1]
    assert len(keys[0]) >= 50
    path = _config(tmp_path, first)
    assert read_config_file(path)["SECRET_KEY"] == keys[0]
    # Every other setting is commented out: the defaults stay in force.
    assert set(read_config_file(path)) == {"SECRET_KEY"}
