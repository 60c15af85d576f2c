"""Assemble the final settings: defaults, then the environment, then the config file, then what follows.

The config file is plain Python; every upper-case name it defines becomes a setting. It is executed in
a fresh namespace with `os` available, so it may read variables of its own.
"""

from __future__ import annotations

import os
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from netkeel.conf import ConfigError, defaults
from netkeel.conf.discovery import discover_config_path

LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}


def read_config_file(path: Path) -> dict[str, Any]:
    """The upper-case names a config file defines; any failure becomes one readable sentence."""
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"The config file {path} cannot be read: {exc.strerror or exc}.") from None
    try:
        code = compile(source, str(path), "exec")
    except SyntaxError as exc:
        raise ConfigError(f"The config file {path} has a syntax error on line {exc.lineno}: {exc.msg}.") from None
    namespace: dict[str, Any] = {"__file__": str(path), "__name__": "netkeel_config"}
    try:
        exec(code, namespace)  # noqa: S102 - the config file is the operator's own Python
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - any error in the operator's file becomes one sentence
        line = _failing_line(exc, str(path))
        where = f" on line {line}" if line else ""
        raise ConfigError(f"The config file {path} failed{where}: {type(exc).__name__}: {exc}.") from None
    return {
        name: value for name, value in namespace.items() if name.isupper() and not isinstance(value, types.ModuleType)
    }


def _failing_line(exc: BaseException, filename: str) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def load_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting for Django, from defaults, `NETKEEL_*` variables and the discovered config file."""
    environ = os.environ if environ is None else environ
    settings: dict[str, Any] = {name: value for name, value in vars(defaults).items() if name.isupper()}
    settings.update(defaults.environment_settings(environ))
    config_path = discover_config_path(None, environ)
    overrides = read_config_file(config_path) if config_path is not None else {}
    settings.update(overrides)
    settings["NETKEEL_CONFIG_PATH"] = config_path
    _validate(settings)
    settings.update(defaults.derived_settings(settings, set(overrides)))
    return settings


def _validate(settings: Mapping[str, Any]) -> None:
    level = str(settings["LOG_LEVEL"]).upper()
    if level not in LOG_LEVELS:
        raise ConfigError(
            f"LOG_LEVEL (NETKEEL_LOG_LEVEL) must be one of {', '.join(sorted(LOG_LEVELS))}, not {level!r}."
        )
    plugins = settings.get("PLUGINS", [])
    if not isinstance(plugins, list | tuple) or not all(isinstance(p, str) for p in plugins):
        raise ConfigError("PLUGINS must be a list of Python package names, such as ['netkeel_bgp'].")
    if not settings.get("SECRET_KEY"):
        raise ConfigError("SECRET_KEY is empty; set NETKEEL_SECRET_KEY or SECRET_KEY in the config file.")
