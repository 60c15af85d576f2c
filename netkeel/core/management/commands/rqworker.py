"""`netkeel-server rqworker [QUEUE ...]`: the `netkeel-worker` service — django-rq's worker command, running
`NetkeelWorker` (netkeel.core.worker). Without queue names it serves every configured queue (jobs and
webhook deliveries alike); a name that is not configured is refused with one sentence.

It refuses to start when its code is not the release recorded in the database, and stops (exit 1, one
sentence) when that changes under it: web and worker must run the same release. At start-up it lets the
apps do their housekeeping (extras records the job classes and fails runs whose worker died). SIGTERM
finishes the job in hand and leaves the queued ones queued.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import CommandError
from django.db import connections
from django_rq.management.commands.rqworker import Command as RQWorkerCommand
from django_rq.utils import reset_db_connections
from django_rq.workers import get_worker
from redis.exceptions import ConnectionError as RedisConnectionError
from rq.logutils import setup_loghandlers

from netkeel.core.worker import hooks
from netkeel.core.worker.handshake import version_problem
from netkeel.core.worker.worker import kill_children_with_the_worker

WORKER_CLASS = "netkeel.core.worker.worker.NetkeelWorker"


class Command(RQWorkerCommand):
    help = "Run the background worker (RQ) on the given queues (default: every configured queue)."

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        configured = list(getattr(settings, "RQ_QUEUES", None) or ())
        if not configured:
            raise CommandError(
                "Redis is not configured (set NETKEEL_REDIS_URL or REDIS_URL); without it jobs run in the web "
                "process and no worker is needed."
            )
        queues = queues_to_serve(args, configured)
        problem = version_problem()
        if problem:
            raise CommandError(problem)
        hooks.worker_started()
        connections.close_all()  # before any fork
        pid = options.get("pid")
        if pid:
            with open(os.path.expanduser(pid), "w") as pid_file:
                pid_file.write(str(os.getpid()))
        verbosity = options["verbosity"]
        level = "DEBUG" if verbosity >= 2 else "WARNING" if verbosity == 0 else "INFO"
        setup_loghandlers(level)
        try:
            worker = get_worker(
                *queues,
                worker_class=options["worker_class"] or WORKER_CLASS,
                queue_class=options["queue_class"],
                job_class=options["job_class"],
                name=options["name"],
                worker_ttl=options["worker_ttl"],
                serializer=options["serializer"],
            )
            reset_db_connections()
            kill_children_with_the_worker()
            worker.work(
                burst=options.get("burst", False),
                with_scheduler=options.get("with_scheduler", False),
                logging_level=level,
                max_jobs=options["max_jobs"],
                max_idle_time=options["max_idle_time"],
            )
        except RedisConnectionError as exc:
            raise CommandError(f"Cannot reach Redis: {exc}") from None
        refusal = getattr(worker, "refusal", None)
        if refusal:
            self.stderr.write(f"netkeel-server: {refusal}")
            sys.exit(1)


def queues_to_serve(asked: tuple[str, ...] | list[str], configured: list[str]) -> list[str]:
    """The queues named (each once, in order), or every configured queue when none is named."""
    if not asked:
        return configured
    unknown = [name for name in asked if name not in configured]
    if unknown:
        raise CommandError(
            f"There is no queue named {unknown[0]!r}; the configured queues are {', '.join(configured)} "
            "(RQ_QUEUES in the configuration)."
        )
    return list(dict.fromkeys(asked))
