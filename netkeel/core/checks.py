"""netkeel's own system checks, run by every `netkeel-server` command that runs Django's checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from netkeel.conf.defaults import DEVELOPMENT_SECRET_KEY


@register(Tags.security, deploy=True)
def development_secret_key_in_production(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.SECRET_KEY != DEVELOPMENT_SECRET_KEY:
        return []
    return [
        Error(
            "The built-in development secret key must not be used in production.",
            hint="Set NETKEEL_SECRET_KEY or SECRET_KEY in the config file.",
            id="netkeel.E001",
        )
    ]
