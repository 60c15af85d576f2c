"""`netkeel-server start`: serve netkeel with gunicorn (the `netkeel` service)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

# A request the API serves by default ends in seconds (reads are held to the render budget, see
# core.api.budget): a worker still busy after this long is stuck, and gunicorn replaces it so that it does
# not hold a place for minutes. A site whose exports of very large tables run longer raises it.
WORKER_TIMEOUT = 30


def default_workers() -> int:
    # Gunicorn's rule of thumb, capped: netkeel's requests wait on the database more than on CPU.
    return min(2 * (os.cpu_count() or 1) + 1, 9)


class Command(BaseCommand):
    help = "Serve netkeel with gunicorn."
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("NETKEEL_BIND", "127.0.0.1:8080"),
            help="address:port to listen on (NETKEEL_BIND; default 127.0.0.1:8080)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("NETKEEL_WORKERS", 0)) or default_workers(),
            help="number of worker processes (NETKEEL_WORKERS)",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=int(os.environ.get("NETKEEL_WORKER_TIMEOUT", 0)) or WORKER_TIMEOUT,
            help=f"seconds a worker may spend on one request before it is replaced (NETKEEL_WORKER_TIMEOUT; "
            f"default {WORKER_TIMEOUT})",
        )
        parser.add_argument(
            "--access-log-static", action="store_true", help="log requests for static files too (off by default)"
        )
        parser.add_argument(
            "--skip-migration-check", action="store_true", help="start even if the database has unapplied migrations"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        if options["timeout"] < 1:
            raise CommandError("--timeout must be at least 1 second.")
        refuse_newer_database()
        if not options["skip_migration_check"]:
            pending = pending_migrations()
            if pending:
                raise CommandError(
                    f"the database has {len(pending)} unapplied migration(s), for example {pending[0]}; "
                    f"run 'netkeel-server migrate' (or post_upgrade) first."
                )
        from gunicorn.app.base import BaseApplication

        from netkeel.core.serving import AccessLogWithoutStatic
        from netkeel.wsgi import application

        config = {
            "bind": options["bind"],
            "workers": options["workers"],
            "timeout": options["timeout"],
            "accesslog": "-",
            "errorlog": "-",
            "graceful_timeout": 30,
            # gunicorn's control socket (for gunicornc) would sit in ~/.gunicorn/, one path shared by every
            # instance on the host; netkeel does not use it.
            "control_socket_disable": True,
        }
        if not options["access_log_static"]:
            config["logger_class"] = AccessLogWithoutStatic

        class NetkeelApplication(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        self.stdout.write(f"netkeel listening on http://{options['bind']}/ with {options['workers']} worker(s)")
        connections.close_all()  # each worker opens its own
        NetkeelApplication().run()


def refuse_newer_database() -> None:
    """Code older than the database would serve errors on every page: say so once and stop instead."""
    from netkeel import __version__
    from netkeel.core.models import recorded_version
    from netkeel.core.upgrade.preflight import downgrade_problem

    problem = downgrade_problem(recorded_version(), __version__)
    if problem:
        raise CommandError(problem)


def pending_migrations() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
