"""netkeel: a network source of truth and automation platform.

`setup()` lets a plain Python script use netkeel's ORM with the same configuration that
`netkeel-server` would discover::

    import netkeel
    netkeel.setup()
    from netkeel.extras.models import Status
"""

from __future__ import annotations

import os
from pathlib import Path

__version__ = "0.2.0.dev0"

SETTINGS_MODULE = "netkeel.conf.settings"


def setup(config_path: str | os.PathLike[str] | None = None) -> None:
    """Configure Django with netkeel's settings and the discovered config file, then start it.

    `config_path` takes precedence over `NETKEEL_CONFIG` and `$NETKEEL_ROOT/netkeel_config.py`.
    Raises `netkeel.conf.ConfigError` with a readable sentence when the configuration is unusable.
    """
    import django

    from netkeel.conf.discovery import discover_config_path

    found: Path | None = discover_config_path(config_path)
    if found is not None:
        os.environ["NETKEEL_CONFIG"] = str(found)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.conf import settings

    from netkeel.conf.discovery import ensure_root

    ensure_root(getattr(settings, "NETKEEL_ROOT"))  # noqa: B009 - a netkeel setting the stubs do not know
    django.setup()
