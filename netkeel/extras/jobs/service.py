"""Running a job on request: `enqueue_job(job_model, user, data)` checks the inputs (every problem at once),
records a PENDING `JobResult` and, once that is committed, hands the run over:

- to RQ's `default` queue (`settings.JOBS_QUEUE`) when Redis is configured (`settings.RQ_QUEUES`);
  `netkeel-server rqworker` runs it;
- without Redis, to a daemon thread of this process (the web process: the request returns at once, the
  run goes on beside it; a server that stops takes the run with it, and the run is then marked failed);
- with `settings.JOBS_RUN_INLINE` (the test suite), in this process before returning.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connections, transaction

from netkeel import __version__
from netkeel.core.worker import liveness
from netkeel.extras.choices import JobResultStatusChoices
from netkeel.extras.jobs.discovery import load_job_class
from netkeel.extras.jobs.runner import fail_runs, jobs_queue, run_job_result
from netkeel.extras.jobs.variables import check_inputs
from netkeel.extras.models import Job, JobResult

log = logging.getLogger("netkeel.jobs")
RUN_FUNCTION = "netkeel.extras.jobs.runner.run_queued_job"


class JobNotRunnable(Exception):
    """The job cannot run at all (disabled, uninstalled, code missing); the message says why."""


def runnable_class(job_model: Job) -> Any:
    if not job_model.installed:
        raise JobNotRunnable(f"The job {job_model.name!r} is no longer installed; its code is gone.")
    if not job_model.enabled:
        raise JobNotRunnable(f"The job {job_model.name!r} is disabled; enable it before running it.")
    job_class = load_job_class(job_model.module_name, job_model.job_class_name)
    if job_class is None:
        raise JobNotRunnable(
            f"The code of the job {job_model.name!r} ({job_model.class_path}) cannot be loaded; "
            f"'netkeel-server check' lists job modules that fail to import."
        )
    return job_class


def dispatch_mode() -> str:
    """`inline`, `queue` or `thread`: how a run recorded now will be run."""
    if getattr(settings, "JOBS_RUN_INLINE", False):
        return "inline"
    return "queue" if liveness.queue_configured(jobs_queue()) else "thread"


@transaction.atomic
def create_job_result(job_model: Job, user: Any, data: Any, *, mode: str = "inline") -> JobResult:
    """The run recorded as PENDING with its checked inputs; `JobInputError` lists every bad input."""
    job_class = runnable_class(job_model)
    inputs = check_inputs(job_class.variables(), data)
    if job_model.is_singleton:
        # Lock the job's row so that two requests at once cannot both find no run in progress.
        Job.objects.select_for_update().filter(pk=job_model.pk).first()
        if JobResult.objects.filter(job_model=job_model, status__in=JobResultStatusChoices.UNFINISHED).exists():
            raise JobNotRunnable(
                f"The job {job_model.name!r} runs one at a time and a run of it has not finished yet; "
                f"wait for it, or clear is_singleton on the job."
            )
    known_user = user if user is not None and getattr(user, "is_authenticated", False) else None
    job_result = JobResult(
        job_model=job_model,
        name=job_model.name,
        user=known_user,
        user_name=known_user.get_username() if known_user is not None else "",
        status=JobResultStatusChoices.PENDING,
        task_kwargs=inputs,
        task_name=job_model.class_path,
        netkeel_version=__version__,
    )
    if mode == "queue":
        job_result.queue_job_id = str(job_result.pk)  # the RQ job id is the run's id
    else:
        job_result.worker = liveness.runner_label()  # this process will run it
    job_result.save(force_insert=True)
    return job_result


@transaction.atomic
def enqueue_job(job_model: Job, user: Any, data: Any) -> JobResult:
    """Check, record and (after commit) start a run of `job_model` with inputs `data`."""
    mode = dispatch_mode()
    job_result = create_job_result(job_model, user, data, mode=mode)
    transaction.on_commit(partial(dispatch, job_result.pk, mode))
    return job_result


def dispatch(job_result_id: Any, mode: str) -> None:
    if mode == "inline":
        run_job_result(job_result_id)
    elif mode == "queue":
        _enqueue(job_result_id)
    else:
        threading.Thread(
            target=_run_in_thread, args=(job_result_id,), name=f"netkeel-job-{job_result_id}", daemon=True
        ).start()


def _enqueue(job_result_id: Any) -> None:
    import django_rq

    limit = JobResult.objects.filter(pk=job_result_id).values_list("job_model__time_limit", flat=True).first()
    try:
        queue = django_rq.get_queue(jobs_queue())
        # A job's time_limit (seconds) is RQ's job_timeout: the worker stops the run once it is spent.
        timeout = {"job_timeout": max(1, int(limit))} if limit else {}
        queue.enqueue(RUN_FUNCTION, str(job_result_id), job_id=str(job_result_id), **timeout)
    except Exception as exc:  # noqa: BLE001 - the request has committed; the run records why it never ran
        log.warning("Could not queue run %s: %s", job_result_id, exc)
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        fail_runs(
            [job_result_id],
            f"This job could not be queued: Redis did not take it ({first}).",
            statuses=(JobResultStatusChoices.PENDING,),
        )


def _run_in_thread(job_result_id: Any) -> None:
    try:
        run_job_result(job_result_id)
    except Exception:
        log.exception("Run %s failed outside the job", job_result_id)
    finally:
        connections.close_all()  # this thread's own connections


def wait_for(job_result: JobResult, *, poll: float = 0.5, timeout: float | None = None) -> JobResult:
    """Block until the run has finished (re-read every `poll` seconds); returns it refreshed."""
    import time

    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        job_result.refresh_from_db()
        if job_result.status in JobResultStatusChoices.FINISHED:
            return job_result
        if deadline is not None and time.monotonic() > deadline:
            return job_result
        time.sleep(poll)
