"""`netkeel-server check`: Django's system checks, after netkeel's own look at its services.

The database and (when configured) Redis are contacted and their versions compared with DESIGN §5's
prerequisites. Any service problem is one sentence on stderr and exit status 1.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.core.management.commands.check import Command as DjangoCheckCommand

from netkeel.core.connectivity import (
    Probe,
    database_location,
    probe_database,
    probe_redis,
    python_probe,
    redis_location,
)
from netkeel.core.plugins import installed_plugins, plugin_problems
from netkeel.core.worker.liveness import queues_without_workers


class Command(DjangoCheckCommand):
    help = (
        "Check that the database and Redis answer and are new enough, then run Django's and netkeel's "
        "configuration checks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-services",
            action="store_true",
            help="Do not contact the database or Redis; run only the configuration checks.",
        )

    def handle(self, *app_labels: Any, **options: Any) -> None:
        problems = [] if options["no_services"] else self.check_services()
        # Plugins are configuration, not services: checked even with --no-services. The server runs
        # without a skipped plugin, but `check` (like post_upgrade's preflight) must not pass.
        problems += self.check_plugins()
        if problems:
            for problem in problems:
                self.stderr.write(f"netkeel-server: {problem.rstrip('.')}.")
            raise SystemExit(1)
        super().handle(*app_labels, **options)

    def check_plugins(self) -> list[str]:
        for plugin in installed_plugins():
            version = f" {plugin.version}" if plugin.version else ""
            self.stdout.write(f"Plugin {plugin.name}{version} - ok")
        return plugin_problems()

    def check_services(self) -> list[str]:
        problems: list[str] = []
        python = python_probe()
        self.report("Python", python, "")
        if not python.ok:
            problems.append(python.problem)

        database = probe_database()
        self.report("Database", database, database_location()[1])
        if not database.ok:
            problems.append(database.problem)

        redis_url = getattr(settings, "REDIS_URL", None)
        redis = probe_redis(redis_url)
        if redis is None:
            self.stdout.write("Redis: not configured (local-memory cache; jobs run in the web process)")
        else:
            self.report("Redis", redis, redis_location(redis_url or ""))
            if not redis.ok:
                problems.append(redis.problem)
            else:
                self.report_idle_queues()
        return problems

    def report_idle_queues(self) -> None:
        """A warning, not a failure: the worker may simply not be started yet."""
        for queue in queues_without_workers():
            self.stdout.write(
                f"Warning: no worker listens on the {queue} queue; what is queued there waits until "
                "'netkeel-server rqworker' runs."
            )

    def report(self, what: str, probe: Probe, where: str) -> None:
        if not probe.ok:
            return
        location = f" at {where}" if where else ""
        label = "" if what == probe.product else f"{what}: "
        self.stdout.write(f"{label}{probe.product} {probe.version_text}{location} - ok")
