"""Plugins: the base class a plugin's app config extends, and what became of each plugin in PLUGINS.

A plugin is a Python package listed in `PLUGINS`; its `__init__` sets `config` to a subclass of
`PluginConfig`. The settings loader (`netkeel.conf.loader.resolve_plugins`) reads that class before
Django starts and skips, with a warning, every plugin that cannot be imported, was not made for this
release of netkeel or lacks a required setting, so one stale plugin never takes the server down.
`plugin_problems()` lists what was skipped, for `check` and `post_upgrade` to refuse on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.apps import AppConfig, apps
from django.conf import settings

if TYPE_CHECKING:
    from netkeel.core.api.routers import APIRouter
    from netkeel.core.ui.registry import UIRouter


class PluginConfig(AppConfig):
    """The app config of a netkeel plugin.

    `min_version` and `max_version` are inclusive bounds on netkeel's version, compared at the
    precision they are written in: `max_version = "1.2"` accepts every 1.2.x release, `"1.2.3"` no
    later than 1.2.3. Pre-releases of netkeel count as the release they lead to. Either may be None.

    `required_settings` must be present in `PLUGINS_CONFIG[name]`; `default_settings` fill in what
    the operator left out. The package's `__init__` must not import models or read settings: it is
    imported while the settings are still being assembled.

    A plugin registers its parts in `ready()`, as netkeel's own apps do: `self.api_router()` is served at
    `/api/plugins/<base_url>/`, `self.ui_router()` at `/plugins/<base_url>/` (its models in the menu),
    `search.register(...)` for the global search, `register_app_step(...)` for a post_upgrade step and
    `netkeel.extras.jobs.register_job_module(...)` for its jobs.
    """

    # Plugins usually have their own migrations; a 64-bit key is what netkeel's own apps use.
    default_auto_field = "django.db.models.BigAutoField"

    version: ClassVar[str] = ""
    author: ClassVar[str] = ""
    author_email: ClassVar[str] = ""
    # The plugin's URL segment (/plugins/<base_url>/, /api/plugins/<base_url>/); its label when not set.
    base_url: str = ""
    # URL names of the plugin's home, configuration and documentation pages, listed by /api/plugins/.
    home_view_name: ClassVar[str | None] = None
    config_view_name: ClassVar[str | None] = None
    docs_view_name: ClassVar[str | None] = None
    description: ClassVar[str] = ""
    min_version: ClassVar[str | None] = None
    max_version: ClassVar[str | None] = None
    required_settings: ClassVar[list[str]] = []
    default_settings: ClassVar[dict[str, Any]] = {}

    def __init__(self, app_name: str, app_module: Any) -> None:
        super().__init__(app_name, app_module)
        self.base_url = type(self).base_url or self.label

    def api_router(self) -> APIRouter:
        """This plugin's REST router, served at /api/plugins/<base_url>/: call in ready(), then register."""
        from netkeel.core.api import registry
        from netkeel.core.api.routers import APIRouter

        router = APIRouter(self.base_url, prefix="plugins/")
        registry.add_router(router)
        return router

    def ui_router(self, *, label: str | None = None, weight: int = 200) -> UIRouter:
        """This plugin's pages, at /plugins/<base_url>/, with a menu of their own (`label`, by default
        the plugin's verbose name): call in ready(), then register its models."""
        from netkeel.core.ui.registry import UIRouter, add_router

        router = UIRouter(self.base_url, label=label or str(self.verbose_name), weight=weight, prefix="plugins")
        add_router(router)
        return router

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
