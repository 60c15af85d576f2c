"""netkeel's example plugin: a model (`Widget`) with its migration, a REST endpoint
(`/api/plugins/example/widgets/`), list and detail pages (`/plugins/example/widgets/`) with a menu entry, a
job (`jobs.py`) and a post_upgrade step (`upgrade.py`), all registered from `ready()`.

This module is imported while netkeel's settings are being assembled, so it must not import models,
views or `django.conf.settings` values at its top; `ready()` imports the modules that do.
"""

from __future__ import annotations

from typing import Any, ClassVar

from netkeel.core.plugins import PluginConfig

__version__ = "0.2.0"


class ExamplePluginConfig(PluginConfig):
    name = "netkeel_example_plugin"
    verbose_name = "Example plugin"
    version = __version__
    author = "The netkeel authors"
    author_email = "netkeel@example.com"
    description = "A plugin with one model, its API, pages, menu entry, job and upgrade step, to copy."
    base_url = "example"
    home_view_name = "plugins:example:widget_list"
    # netkeel 0.1 and 0.2: bounds are compared at the precision they are written in.
    min_version = "0.1"
    max_version = "0.2"
    required_settings: ClassVar[list[str]] = []
    default_settings: ClassVar[dict[str, Any]] = {"greeting": "Hello"}

    def ready(self) -> None:
        super().ready()
        from netkeel.extras.jobs import register_job_module
        from netkeel_example_plugin import api, pages, upgrade

        api.register(self.api_router())
        pages.register(self.ui_router(label="Example", weight=200))
        register_job_module("netkeel_example_plugin.jobs", grouping=str(self.verbose_name))
        upgrade.register()


config = ExamplePluginConfig
