"""Plugins: the base class a plugin's app config extends, and what became of each plugin in PLUGINS.

A plugin is a Python package listed in `PLUGINS`; its `__init__` sets `config` to a subclass of
`PluginConfig`. The settings loader (`netkeel.conf.loader.resolve_plugins`) reads that class before
Django starts and skips, with a warning, every plugin that cannot be imported, was not made for this
release of netkeel or lacks a required setting, so one stale plugin never takes the server down.
`plugin_problems()` lists what was skipped, for `check` and `post_upgrade` to refuse on.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.apps import AppConfig, apps
from django.conf import settings


class PluginConfig(AppConfig):
    """The app config of a netkeel plugin.

    `min_version` and `max_version` are inclusive bounds on netkeel's version, compared at the
    precision they are written in: `max_version = "1.2"` accepts every 1.2.x release, `"1.2.3"` no
    later than 1.2.3. Pre-releases of netkeel count as the release they lead to. Either may be None.

    `required_settings` must be present in `PLUGINS_CONFIG[name]`; `default_settings` fill in what
    the operator left out. The package's `__init__` must not import models or read settings: it is
    imported while the settings are still being assembled.
    """

    # Plugins usually have their own migrations; a 64-bit key is what netkeel's own apps use.
    default_auto_field = "django.db.models.BigAutoField"

    version: ClassVar[str] = ""
    author: ClassVar[str] = ""
    description: ClassVar[str] = ""
    min_version: ClassVar[str | None] = None
    max_version: ClassVar[str | None] = None
    required_settings: ClassVar[list[str]] = []
    default_settings: ClassVar[dict[str, Any]] = {}

    @property
    def plugin_settings(self) -> dict[str, Any]:
        """This plugin's entry of PLUGINS_CONFIG, with its defaults already merged in by the loader."""
        configured: dict[str, dict[str, Any]] = getattr(settings, "PLUGINS_CONFIG", {})
        return dict(configured.get(self.name, {}))


def installed_plugins() -> list[PluginConfig]:
    """The plugins that loaded, in the order of PLUGINS."""
    return [config for config in apps.get_app_configs() if isinstance(config, PluginConfig)]


def plugin_problems() -> list[str]:
    """One sentence per plugin in PLUGINS that was skipped (not importable, out of range, misconfigured).

    An empty list means every listed plugin is running. `check` and `post_upgrade` refuse otherwise:
    the server carries on without the plugin, but an upgrade must not silently drop one.
    """
    skipped: dict[str, str] = getattr(settings, "PLUGINS_SKIPPED", {})
    return list(skipped.values())
