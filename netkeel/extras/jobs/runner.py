"""Running one job: `run_job_result(id)` takes a PENDING `JobResult`, marks it STARTED (when, and which
process), runs the job's `run()` inside one transaction (an exception undoes every write of the run, and
the run is FAILED with its traceback and a one-line log entry), and records SUCCESS or FAILURE, what it
returned and when it finished. RQ calls it through `run_queued_job`; without Redis the web process calls it
after the request's transaction commits.

A run is claimed with a conditional update, so a queue job delivered twice runs once. Runs whose process
died (`reap_abandoned`) are marked FAILURE rather than left running for ever.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import traceback
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from netkeel.core.worker import liveness
from netkeel.extras.choices import JobResultStatusChoices, LogLevelChoices
from netkeel.extras.jobs.base import JobLogger
from netkeel.extras.jobs.discovery import load_job_class
from netkeel.extras.jobs.variables import JobInputError, load_inputs
from netkeel.extras.models import JobLogEntry, JobResult

log = logging.getLogger("netkeel.jobs")
Status = JobResultStatusChoices
ABANDONED = "This job was marked failed: its worker stopped while running it."
LOST = "This job never ran: its queue entry was lost (was Redis restarted or emptied?); run it again."
NEVER_STARTED = "This job never ran: the process that was to run it stopped first; run it again."
# A queued run younger than this may not have reached Redis yet (it is queued after its row commits).
QUEUE_GRACE = timedelta(minutes=1)


def jobs_queue() -> str:
    """The RQ queue runs go to: `settings.JOBS_QUEUE`, `default` unless set."""
    return str(getattr(settings, "JOBS_QUEUE", "default"))


class RunError(Exception):
    """A run that cannot start; the message is the sentence recorded."""


class ResultEncoder(DjangoJSONEncoder):
    """Dates, UUIDs and decimals as Django writes them; anything else as its text."""

    def default(self, o: Any) -> Any:
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=ResultEncoder))


def run_queued_job(job_result_id: str) -> str:
    """The function RQ performs (in the worker's forked work horse)."""
    result = run_job_result(job_result_id, runner=liveness.runner_label(os.environ.get("RQ_WORKER_ID", "")))
    return result.status if result is not None else "MISSING"


def run_job_result(job_result_id: Any, *, runner: str | None = None) -> JobResult | None:
    """Run a PENDING run to its end; any other run is left as it is. Returns the run as recorded."""
    claimed = JobResult.objects.filter(pk=job_result_id, status=Status.PENDING).update(
        status=Status.STARTED, date_started=timezone.now(), worker=(runner or liveness.runner_label())[:255]
    )
    job_result = JobResult.objects.select_related("job_model").filter(pk=job_result_id).first()
    if job_result is None or not claimed:
        if job_result is not None:
            log.info("Run %s is %s already; not run again.", job_result_id, job_result.status)
        return job_result
    logger = JobLogger(job_result)
    result: Any = None
    try:
        job_model = job_result.job_model
        if job_model is None:
            raise RunError("The job of this run has been deleted.")
        job_class = load_job_class(job_model.module_name, job_model.job_class_name, fresh=True)
        if job_class is None:
            raise RunError(
                f"The job {job_model.name!r} cannot be loaded ({job_model.class_path}); is its code still installed?"
            )
        job = job_class(job_result)
        logger = job.logger
        inputs = load_inputs(job_class.variables(), job_result.task_kwargs or {})
        with job_context(job_result):
            if job_class.meta().atomic:
                with transaction.atomic():
                    value = job.run(**inputs)
            else:
                value = job.run(**inputs)
        result = json_safe(value)
    except Exception as exc:  # noqa: BLE001 - whatever the job raises is the run's failure, recorded
        finish(job_result, logger, Status.FAILURE, traceback=traceback.format_exc(), summary=one_line(exc))
    else:
        finish(job_result, logger, Status.SUCCESS, result=result)
    return job_result


def one_line(exc: BaseException) -> str:
    if isinstance(exc, RunError | JobInputError):
        return str(exc)
    text = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def finish(
    job_result: JobResult,
    logger: JobLogger,
    status: str,
    *,
    result: Any = None,
    traceback: str = "",
    summary: str = "",
) -> None:
    """Write the run's log and its end in one transaction (after the job's own has ended)."""
    if summary:
        logger.pending.append(
            JobLogEntry(job_result=job_result, log_level=LogLevelChoices.ERROR, message=summary, grouping="main")
        )
    job_result.status = status
    job_result.result = result
    job_result.traceback = traceback
    job_result.date_done = timezone.now()
    with transaction.atomic():
        logger.flush()
        job_result.save(update_fields=["status", "result", "traceback", "date_done", "last_updated"])


@contextlib.contextmanager
def job_context(job_result: JobResult) -> Iterator[None]:
    """The change log's context for writes made by this run, when the change log provides one."""
    try:
        from netkeel.extras import changelog
    except ImportError:
        changelog = None  # type: ignore[assignment]
    factory = getattr(changelog, "job_context", None)
    if not callable(factory):
        yield
        return
    with factory(job_result):
        yield


# ---------------------------------------------------------------------------------------------- failed runs


def fail_runs(job_result_ids: list[Any], sentence: str, *, statuses: tuple[str, ...]) -> int:
    """Mark runs that will never finish as FAILURE with `sentence` (as their last log entry)."""
    now = timezone.now()
    failed = 0
    with transaction.atomic():
        for pk in job_result_ids:
            updated = JobResult.objects.filter(pk=pk, status__in=statuses).update(
                status=Status.FAILURE, date_done=now, traceback=sentence, last_updated=now
            )
            if updated:
                JobLogEntry.objects.create(
                    job_result_id=pk, log_level=LogLevelChoices.ERROR, message=sentence, grouping="main"
                )
                failed += 1
    return failed


def fail_queued_run(queue_job_id: str, sentence: str) -> bool:
    """The worker's hook: the run queued as `queue_job_id` will not finish. True if it is a job run."""
    ids = list(JobResult.objects.filter(queue_job_id=queue_job_id).values_list("pk", flat=True)[:1])
    if not ids:
        return False
    fail_runs(ids, sentence, statuses=(Status.PENDING, Status.STARTED))
    return True


def reap_abandoned() -> int:
    """Mark FAILURE the runs that can no longer finish: started by a process that is gone, or queued
    in a Redis that lost them. Cheap when nothing is running: one query."""
    rows = list(
        JobResult.objects.filter(status__in=(Status.PENDING, Status.STARTED))
        .order_by("date_created")
        .values_list("pk", "status", "worker", "queue_job_id", "date_started", "date_created")[:500]
    )
    abandoned: list[Any] = []
    lost: list[Any] = []
    never_started: list[Any] = []
    now = timezone.now()
    queue = jobs_queue()
    for pk, status, worker, queue_job_id, started, created in rows:
        if status == Status.STARTED:
            if liveness.run_abandoned(worker, queue_job_id, started, queue):
                abandoned.append(pk)
        elif queue_job_id:
            if now - created > QUEUE_GRACE and liveness.queued_run_lost(queue_job_id, queue):
                lost.append(pk)
        elif worker and liveness.run_abandoned(worker, "", created):
            never_started.append(pk)  # to run in a web process that has stopped since
    failed = 0
    for ids, sentence, statuses in (
        (abandoned, ABANDONED, (Status.STARTED,)),
        (lost, LOST, (Status.PENDING,)),
        (never_started, NEVER_STARTED, (Status.PENDING,)),
    ):
        if ids:
            failed += fail_runs(ids, sentence, statuses=statuses)
    if failed:
        log.warning("Marked %d run(s) failed: their process or queue entry is gone.", failed)
    return failed
