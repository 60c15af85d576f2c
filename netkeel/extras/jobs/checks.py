"""`netkeel-server check` lists job modules that cannot be imported (a warning: the server runs without
them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Warning, register


@register()
def job_modules_import(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    from netkeel.extras.jobs.discovery import discover

    return [
        Warning(
            f"The jobs in {module} cannot be loaded: {problem}.",
            hint="Fix or remove the file; the other jobs run meanwhile.",
            id="netkeel.W101",
        )
        for module, problem in discover().errors.items()
    ]
