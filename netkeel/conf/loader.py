"""Assemble the final settings: defaults, then the environment, then the config file, then what follows.

The config file is plain Python; every upper-case name it defines becomes a setting. It is executed in
a fresh namespace with `os` available, so it may read variables of its own.

Plugins are resolved here too, because INSTALLED_APPS must be final before Django starts: each package
in PLUGINS is imported and its `config` class read. One that cannot load (not installed, made for
another netkeel release, a required setting missing) is skipped with a warning on stderr and recorded
in PLUGINS_SKIPPED, rather than stopping the server; `check` and `post_upgrade` refuse on it instead.
"""

from __future__ import annotations

import importlib
import logging
import os
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from django.apps import AppConfig
from packaging.version import InvalidVersion, Version

from netkeel import __version__
from netkeel.conf import ConfigError, defaults
from netkeel.conf.backends import LDAP_INSTALL, authentication_backends, missing_ldap_module
from netkeel.conf.discovery import discover_config_path

LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}

# The base class a plugin's config must extend. It lives in netkeel.core, which this package sits below
# in the layer contract, so it is recognised by name in the class's ancestry rather than imported.
PLUGIN_BASE_CLASS = "netkeel.core.plugins.PluginConfig"

# Django configures logging only after the settings exist, so at this point a warning goes to Python's
# last-resort handler: the bare message on stderr, which is what an operator starting the server sees.
plugin_logger = logging.getLogger("netkeel.plugins")


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
        if module := missing_ldap_module(exc):
            raise ConfigError(
                f"The config file {path} imports {module}{where}, but python-ldap and django-auth-ldap are not "
                f"both installed ({exc}); {LDAP_INSTALL}."
            ) from None
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
    settings["AUTHENTICATION_BACKENDS"] = authentication_backends(settings["AUTHENTICATION_BACKENDS"])
    base_apps = list(settings["INSTALLED_APPS"])
    settings.update(defaults.derived_settings(settings, set(overrides)))
    # Only the plugins that load become apps; derived_settings() knows nothing of skipping.
    plugins = resolve_plugins(settings["PLUGINS"], settings["PLUGINS_CONFIG"])
    for sentence in plugins.skipped.values():
        plugin_logger.warning("netkeel: warning: %s", sentence)
    settings["INSTALLED_APPS"] = [*base_apps, *plugins.app_paths]
    settings["PLUGINS_CONFIG"] = plugins.config
    settings["PLUGINS_SKIPPED"] = plugins.skipped
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
    plugins_config = settings.get("PLUGINS_CONFIG", {})
    if not isinstance(plugins_config, Mapping) or not all(isinstance(v, Mapping) for v in plugins_config.values()):
        raise ConfigError(
            "PLUGINS_CONFIG must map each plugin's name to a dict of its settings, such as "
            "{'netkeel_bgp': {'asn': 65000}}."
        )
    if not settings.get("SECRET_KEY"):
        raise ConfigError("SECRET_KEY is empty; set NETKEEL_SECRET_KEY or SECRET_KEY in the config file.")


@dataclass(frozen=True)
class PluginResolution:
    """What became of PLUGINS: the apps to install, everyone's settings, and why any plugin was skipped."""

    app_paths: tuple[str, ...]
    config: dict[str, dict[str, Any]]
    skipped: dict[str, str] = field(default_factory=dict)


def resolve_plugins(
    plugins: Sequence[str],
    plugins_config: Mapping[str, Mapping[str, Any]],
    netkeel_version: str = __version__,
) -> PluginResolution:
    """Import each plugin package, check its `config` against this netkeel, and sort it in or out.

    A loaded plugin enters INSTALLED_APPS as the dotted path of its config class, so Django uses that
    class (and not an automatically found one) as its app config. Every plugin gets its
    `default_settings` merged under what the operator wrote in PLUGINS_CONFIG.
    """
    app_paths: list[str] = []
    config = {name: dict(values) for name, values in plugins_config.items()}
    skipped: dict[str, str] = {}
    for name in dict.fromkeys(plugins):  # a name listed twice is still one app
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - whatever a plugin's import raises, the server carries on
            skipped[name] = (
                f"plugin {name!r} was skipped because it cannot be imported ({type(exc).__name__}: {exc}); "
                f"install it (pip install -r $NETKEEL_ROOT/local_requirements.txt) or remove it from PLUGINS."
            )
            continue
        plugin_class = getattr(module, "config", None)
        if not is_plugin_class(plugin_class):
            skipped[name] = (
                f"plugin {name!r} was skipped because its package sets no `config` to a subclass of "
                f"{PLUGIN_BASE_CLASS}; it is not a netkeel plugin, so remove it from PLUGINS."
            )
            continue
        config[name] = {**getattr(plugin_class, "default_settings", {}), **config.get(name, {})}
        problem = (
            _name_problem(name, plugin_class)
            or _version_problem(name, plugin_class, netkeel_version)
            or _settings_problem(name, plugin_class, config[name])
        )
        if problem is not None:
            skipped[name] = problem
            continue
        app_paths.append(f"{plugin_class.__module__}.{plugin_class.__qualname__}")
    return PluginResolution(app_paths=tuple(app_paths), config=config, skipped=skipped)


def is_plugin_class(candidate: object) -> TypeGuard[type[AppConfig]]:
    return (
        isinstance(candidate, type)
        and issubclass(candidate, AppConfig)
        and any(f"{base.__module__}.{base.__qualname__}" == PLUGIN_BASE_CLASS for base in candidate.__mro__)
    )


def _name_problem(name: str, plugin_class: type[AppConfig]) -> str | None:
    declared = getattr(plugin_class, "name", None)
    if declared == name:
        return None
    # Django would install the app named inside the class, not the package listed in PLUGINS.
    return (
        f"plugin {name!r} was skipped because its config class names the app {declared!r}; "
        f"list that name in PLUGINS, or fix the plugin's config."
    )


def _version_problem(name: str, plugin_class: type, netkeel_version: str) -> str | None:
    bounds: dict[str, Version | None] = {}
    for attribute in ("min_version", "max_version"):
        text = getattr(plugin_class, attribute, None)
        try:
            bounds[attribute] = None if text is None else Version(str(text))
        except InvalidVersion:
            return (
                f"plugin {name!r} was skipped because its {attribute} {text!r} is not a version number; "
                f"install a corrected release of it or remove it from PLUGINS."
            )
    if within_range(Version(netkeel_version), bounds["min_version"], bounds["max_version"]):
        return None
    plugin_version = getattr(plugin_class, "version", "") or ""
    label = f"{name!r} {plugin_version}" if plugin_version else repr(name)
    supported = describe_range(bounds["min_version"], bounds["max_version"])
    return (
        f"plugin {label} was skipped because it supports {supported} "
        f"and this is netkeel {netkeel_version}; install a release of the plugin made for netkeel "
        f"{netkeel_version}, or remove it from PLUGINS."
    )


def _settings_problem(name: str, plugin_class: type, merged: Mapping[str, Any]) -> str | None:
    missing = [key for key in getattr(plugin_class, "required_settings", []) if key not in merged]
    if not missing:
        return None
    keys = ", ".join(repr(key) for key in missing)
    return (
        f"plugin {name!r} was skipped because PLUGINS_CONFIG[{name!r}] lacks its required setting(s) {keys}; "
        f"add them to the config file."
    )


def within_range(current: Version, minimum: Version | None, maximum: Version | None) -> bool:
    """Whether `current` is within the inclusive bounds, each compared at the precision it is written in.

    A plugin that says `max_version = "1.2"` means the whole 1.2 series, not "1.2.0 and nothing after";
    comparing only as many release numbers as the bound has gives that meaning, and spares authors the
    "1.2.9999" idiom. A pre-release (`0.2.0rc1`, `0.2.0.dev0`) counts as the release it leads to, so a
    plugin for 0.2 loads on its release candidates.
    """
    release = current.release
    if minimum is not None and _at_precision(release, len(minimum.release)) < minimum.release:
        return False
    return maximum is None or _at_precision(release, len(maximum.release)) <= maximum.release


def _at_precision(release: tuple[int, ...], width: int) -> tuple[int, ...]:
    return (release + (0,) * width)[:width]


def describe_range(minimum: Version | None, maximum: Version | None) -> str:
    if minimum is not None and maximum is not None:
        return f"netkeel {minimum} to {maximum}"
    if minimum is not None:
        return f"netkeel {minimum} or later"
    if maximum is not None:
        return f"netkeel up to {maximum}"
    return "every netkeel release"
