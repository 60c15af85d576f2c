"""The worker's parts, in process: the version handshake, telling a live run from a dead one (processes on
this host, RQ and worker heartbeats in a real Redis, db 11), and the worker refusing a job when the
database's release differs from its code. The same behaviours with real worker processes are in
netkeel/extras/tests/test_jobs_worker.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from redis import Redis
from rq.exceptions import StopRequested
from rq.job import JobStatus
from rq.queue import Queue

from netkeel import __version__
from netkeel.core.models import Installation
from netkeel.core.worker import liveness
from netkeel.core.worker.handshake import version_problem, version_sentence
from netkeel.core.worker.worker import NetkeelWorker

REDIS_URL = "redis://127.0.0.1:6379/11"


def record(version: str) -> None:
    now = timezone.now()
    Installation.objects.create(version=version, started=now, finished=now, succeeded=True)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


# ---------------------------------------------------------------------------------------------- handshake


@pytest.mark.django_db
def test_the_handshake_compares_code_and_database() -> None:
    assert version_problem() is None  # nothing recorded: a database set up with migrate alone
    record(__version__)
    assert version_problem() is None
    record("99.0.0")
    assert version_problem() == (
        f"This worker runs netkeel {__version__} but the database is at 99.0.0; restart the worker after upgrading."
    )
    assert version_sentence("1.0", "0.9").startswith("This worker runs netkeel 1.0 but the database is at 0.9;")


def test_the_worker_command_refuses_to_start_without_redis_or_on_another_release(settings: Any, db: Any) -> None:
    settings.RQ_QUEUES = {}
    with pytest.raises(CommandError, match="Redis is not configured"):
        call_command("rqworker", "--burst")
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    record("99.0.0")
    with pytest.raises(CommandError) as caught:
        call_command("rqworker", "--burst")
    assert str(caught.value) == version_sentence(__version__, "99.0.0")


# ---------------------------------------------------------------------------------------------- processes


def test_runner_labels() -> None:
    label = liveness.runner_label("worker-1")
    assert label == f"{liveness.this_host()}:{os.getpid()} (worker-1)"
    assert liveness.parse_runner(label) == liveness.Runner(liveness.this_host(), os.getpid())
    assert liveness.parse_runner("") is None and liveness.parse_runner("nonsense") is None


def test_process_liveness() -> None:
    assert liveness.process_alive(os.getpid())
    assert not liveness.process_alive(dead_pid())
    assert not liveness.process_alive(0)
    began = liveness.process_start_time(os.getpid())
    if began is not None:  # Linux
        assert began <= datetime.now(UTC)
        assert liveness.process_alive(os.getpid(), started_before=datetime.now(UTC))
        assert not liveness.process_alive(os.getpid(), started_before=began - timedelta(hours=1))


def test_a_zombie_is_dead() -> None:
    # A killed work horse whose worker died too may never be reaped (a container's init may not reap).
    if not os.path.exists("/proc/self/stat"):
        pytest.skip("process states come from /proc")
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        for _ in range(100):
            with open(f"/proc/{process.pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[-1].split()[0] == "Z":
                    break
            time.sleep(0.05)
        assert not liveness.process_alive(process.pid)
    finally:
        process.wait()


def test_runs_on_this_host_are_judged_by_their_process() -> None:
    here = liveness.this_host()
    assert not liveness.run_abandoned(f"{here}:{os.getpid()}", "", None)
    assert liveness.run_abandoned(f"{here}:{dead_pid()} (w)", "some-queue-id", None)
    assert not liveness.run_abandoned("elsewhere:1", "", None)  # no queue: only that host could tell


# ---------------------------------------------------------------------------------------------- Redis


def unique(prefix: str) -> str:
    # Names of our own: other test runs may share Redis db 11 at the same time (no flushing it).
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def redis_queue(require_service: Callable[[str], None], settings: Any) -> Iterator[Queue]:
    require_service("redis")
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    connection = Redis.from_url(REDIS_URL)
    queue = Queue(unique("test-worker"), connection=connection)
    yield queue
    for job_id in [*queue.job_ids, *queue.failed_job_registry.get_job_ids()]:
        connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}", f"rq:executions:{job_id}")
    queue.delete(delete_jobs=True)
    for key in connection.scan_iter(f"rq:*{queue.name}*"):
        connection.delete(key)


def test_runs_on_other_hosts_are_judged_by_rq(redis_queue: Queue) -> None:
    connection = redis_queue.connection
    elsewhere = "elsewhere:1"
    run_id, gone, live = unique("run"), unique("gone-worker"), unique("live-worker")
    assert liveness.run_abandoned(elsewhere, unique("no-such-job"), None)  # Redis lost it
    job = redis_queue.enqueue("netkeel.core.worker.handshake.version_problem", job_id=run_id)
    assert not liveness.run_abandoned(elsewhere, run_id, None)  # still queued
    assert not liveness.queued_run_lost(run_id)
    assert liveness.queued_run_lost(unique("no-such-job"))

    job.set_status(JobStatus.STARTED)
    job.worker_name = gone
    job.save()
    assert liveness.run_abandoned(elsewhere, run_id, None)  # its worker's heartbeat key is gone

    worker = NetkeelWorker([redis_queue], connection=connection, name=live)
    worker.register_birth()
    try:
        job.worker_name = live
        job.save()
        assert not liveness.run_abandoned(elsewhere, run_id, None)  # a live worker on this host holds it

        connection.hset(worker.key, "pid", dead_pid())
        assert liveness.run_abandoned(elsewhere, run_id, None)  # registered, but its process is gone
    finally:
        worker.register_death()
        connection.delete(worker.key)

    job.set_status(JobStatus.FAILED)
    assert liveness.run_abandoned(elsewhere, run_id, None)
    assert liveness.queued_run_lost(run_id)


@pytest.mark.django_db(transaction=True)
def test_a_worker_refuses_a_job_when_the_database_moved_on(redis_queue: Queue) -> None:
    from netkeel.extras.models import JobResult

    record("99.0.0")
    run_id, other_id = unique("run"), unique("not-a-run")
    run = JobResult.objects.create(name="refused", status="PENDING", queue_job_id=run_id)
    redis_queue.enqueue("netkeel.core.worker.handshake.version_problem", job_id=run_id)
    redis_queue.enqueue("netkeel.core.worker.handshake.version_problem", job_id=other_id)
    worker = NetkeelWorker([redis_queue], connection=redis_queue.connection)
    sentence = version_sentence(__version__, "99.0.0")

    job, queue = worker.dequeue_job_and_maintain_ttl(None)  # type: ignore[misc]
    with pytest.raises(StopRequested):
        worker.execute_job(job, queue)
    assert worker.refusal == sentence
    run.refresh_from_db()
    assert run.status == "FAILURE" and run.traceback == sentence
    assert job.get_status() == JobStatus.FAILED

    # Queue work that is not a job run (a webhook delivery) goes back to the head of its queue.
    other, queue = worker.dequeue_job_and_maintain_ttl(None)  # type: ignore[misc]
    with pytest.raises(StopRequested):
        worker.execute_job(other, queue)
    assert redis_queue.job_ids == [other_id]


def test_rqworker_serves_every_configured_queue_unless_told_which() -> None:
    from django.core.management.base import CommandError

    from netkeel.core.management.commands.rqworker import queues_to_serve

    assert queues_to_serve((), ["default", "webhooks"]) == ["default", "webhooks"]
    assert queues_to_serve(("webhooks", "webhooks"), ["default", "webhooks"]) == ["webhooks"]
    with pytest.raises(CommandError) as refused:
        queues_to_serve(("default", "hooks"), ["default", "webhooks"])
    assert str(refused.value) == (
        "There is no queue named 'hooks'; the configured queues are default, webhooks (RQ_QUEUES in the configuration)."
    )


@pytest.mark.slow
def test_an_unknown_queue_is_one_sentence(netkeel_server: Any, require_service: Callable[[str], None]) -> None:
    require_service("redis")
    result = netkeel_server("rqworker", "nosuch", env={"NETKEEL_REDIS_URL": REDIS_URL})
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "There is no queue named 'nosuch'; the configured queues are" in lines[0], lines


def test_a_webhook_queued_where_no_worker_listens_is_warned_of_now_and_then(
    redis_queue: Queue, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netkeel.extras.webhooks import dispatch

    monkeypatch.setattr(dispatch, "_last_idle_check", -dispatch.IDLE_QUEUE_CHECK_INTERVAL)
    with caplog.at_level("WARNING", logger="netkeel.webhooks"):
        dispatch.warn_when_nobody_listens(redis_queue)
        dispatch.warn_when_nobody_listens(redis_queue)  # within the interval: said once
    said = [record.getMessage() for record in caplog.records]
    assert said == [
        f"webhook deliveries wait on the {redis_queue.name} queue, where no worker listens; start "
        "'netkeel-server rqworker' (it serves every configured queue)."
    ]
