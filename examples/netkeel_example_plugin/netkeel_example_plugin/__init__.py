"""netkeel's example plugin: only a PluginConfig, to show (and test) how plugins declare themselves.

This module is imported while netkeel's settings are being assembled, so it must not import models,
views or `django.conf.settings` values; put those in submodules that Django imports later (`models`,
`urls`, or `ready()`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from netkeel.core.plugins import PluginConfig

__version__ = "0.1.0"


class ExamplePluginConfig(PluginConfig):
    name = "netkeel_example_plugin"
    verbose_name = "Example plugin"
    version = __version__
    author = "The netkeel authors"
    description = "A plugin that does nothing, to show the shape of one."
    # netkeel 0.1 and 0.2: bounds are compared at the precision they are written in.
    min_version = "0.1"
    max_version = "0.2"
    required_settings: ClassVar[list[str]] = []
    default_settings: ClassVar[dict[str, Any]] = {"greeting": "Hello"}


config = ExamplePluginConfig
