"""Which config file is read: -c, then NETKEEL_CONFIG, then $NETKEEL_ROOT/netkeel_config.py, else none."""

from __future__ import annotations

from pathlib import Path

import pytest

from netkeel.conf import ConfigError
from netkeel.conf.discovery import discover_config_path, netkeel_root


def _write(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("TIME_ZONE = 'UTC'\n")
    return path


def test_root_defaults_to_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert netkeel_root({}) == tmp_path / ".netkeel"
    assert netkeel_root({"NETKEEL_ROOT": str(tmp_path / "r")}) == tmp_path / "r"


def test_no_file_anywhere_means_defaults(tmp_path: Path) -> None:
    assert discover_config_path(None, {"NETKEEL_ROOT": str(tmp_path)}) is None


def test_root_file_is_found(tmp_path: Path) -> None:
    root_file = _write(tmp_path / "netkeel_config.py")
    assert discover_config_path(None, {"NETKEEL_ROOT": str(tmp_path)}) == root_file


def test_environment_beats_root(tmp_path: Path) -> None:
    _write(tmp_path / "root" / "netkeel_config.py")
    env_file = _write(tmp_path / "elsewhere" / "site.py")
    environ = {"NETKEEL_ROOT": str(tmp_path / "root"), "NETKEEL_CONFIG": str(env_file)}
    assert discover_config_path(None, environ) == env_file


def test_explicit_beats_environment_and_root(tmp_path: Path) -> None:
    _write(tmp_path / "root" / "netkeel_config.py")
    env_file = _write(tmp_path / "env.py")
    explicit = _write(tmp_path / "explicit.py")
    environ = {"NETKEEL_ROOT": str(tmp_path / "root"), "NETKEEL_CONFIG": str(env_file)}
    assert discover_config_path(str(explicit), environ) == explicit


def test_explicit_folder_means_its_config_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "etc" / "netkeel_config.py")
    assert discover_config_path(str(tmp_path / "etc"), {}) == config


def test_missing_explicit_file_is_one_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "nope.py"
    with pytest.raises(ConfigError) as caught:
        discover_config_path(str(missing), {})
    message = str(caught.value)
    assert f"{missing} (given with -c/--config) does not exist" in message
    assert "\n" not in message


def test_missing_environment_file_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    _write(tmp_path / "netkeel_config.py")
    environ = {"NETKEEL_ROOT": str(tmp_path), "NETKEEL_CONFIG": str(tmp_path / "typo.py")}
    with pytest.raises(ConfigError, match="named by NETKEEL_CONFIG"):
        discover_config_path(None, environ)


def test_folder_without_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a folder without a netkeel_config.py"):
        discover_config_path(str(tmp_path), {})
