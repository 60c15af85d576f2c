"""Jobs: code a person runs on demand — through the API, `netkeel-server runjob` or (later) the UI — on the
worker when Redis is configured, in the web process otherwise. Write one by extending `Job`:

    from netkeel.extras.jobs import Job, IntegerVar

    class CountDevices(Job):
        class Meta:
            name = "Count devices"
        minimum = IntegerVar(min_value=0, default=0)

        def run(self, minimum):
            ...

and put it in a file under `$NETKEEL_ROOT/jobs/`, or in a module of an app or plugin that registers it from
its AppConfig.ready(): `register_job_module("my_plugin.jobs", grouping="My plugin")`.
"""

from __future__ import annotations

from netkeel.extras.jobs.base import Job, JobLogger
from netkeel.extras.jobs.discovery import register_job_module
from netkeel.extras.jobs.variables import (
    BooleanVar,
    ChoiceVar,
    IntegerVar,
    JobInputError,
    JSONVar,
    ObjectVar,
    StringVar,
    Variable,
)

__all__ = [
    "BooleanVar",
    "ChoiceVar",
    "IntegerVar",
    "JSONVar",
    "Job",
    "JobInputError",
    "JobLogger",
    "ObjectVar",
    "StringVar",
    "register_job_module",
    "Variable",
    "connect",
]


def connect() -> None:
    """Called once from ExtrasConfig.ready(): the worker's hooks and the `check` warning for broken job
    modules."""
    from netkeel.core.worker.hooks import register_worker_hooks
    from netkeel.extras.jobs import checks  # noqa: F401 - registers the system check
    from netkeel.extras.jobs.runner import fail_queued_run

    register_worker_hooks(fail_run=fail_queued_run, on_start=worker_start_up)


def worker_start_up() -> None:
    """A worker starting: record the job classes it can run, fail the runs whose worker died."""
    from netkeel.extras.jobs.runner import reap_abandoned
    from netkeel.extras.jobs.sync import sync_jobs

    sync_jobs()
    reap_abandoned()
