"""Is a started run still running? A run records the process running it (`host:pid`, plus the RQ worker's
name); a run whose process is gone — its worker was killed — will never finish and must be marked failed.

On the run's own host the process itself answers (checked against its start time, so a reused pid does
not pass for it). For a run on another host, RQ answers: the queue job is no longer started, or the worker
that took it has stopped sending heartbeats (its key in Redis expired).
"""

from __future__ import annotations

import logging
import os
import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

log = logging.getLogger("netkeel.worker")
RUNNER = re.compile(r"^(?P<host>[^\s:]+):(?P<pid>\d+)")


@dataclass(frozen=True)
class Runner:
    host: str
    pid: int


def this_host() -> str:
    return socket.gethostname()


def runner_label(worker_name: str = "") -> str:
    """`host:pid` of this process, with the RQ worker's name when a worker runs it."""
    label = f"{this_host()}:{os.getpid()}"
    return f"{label} ({worker_name})" if worker_name else label


def parse_runner(label: str) -> Runner | None:
    match = RUNNER.match(label or "")
    return Runner(match["host"], int(match["pid"])) if match else None


def process_alive(pid: int, started_before: datetime | None = None) -> bool:
    """Whether process `pid` exists on this host (and, when known, began before `started_before`)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    if _zombie(pid):
        return False  # dead, waiting for a parent (or an init that never reaps) to collect it
    if started_before is not None:
        began = process_start_time(pid)
        if began is not None and began.timestamp() > started_before.timestamp() + 1:
            return False  # the pid was reused by a newer process
    return True


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat_file:
            return stat_file.read().rsplit(")", 1)[-1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return False


def process_start_time(pid: int) -> datetime | None:
    """When `pid` started, from /proc (Linux); None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat") as stat_file:
            stat = stat_file.read()
        with open("/proc/stat") as system_file:
            boot = next(int(line.split()[1]) for line in system_file if line.startswith("btime "))
    except (OSError, StopIteration, ValueError):
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    try:
        ticks = int(fields[19])  # starttime: field 22 of the file, the 20th after the command name
    except (IndexError, ValueError):
        return None

    return datetime.fromtimestamp(boot + ticks / os.sysconf("SC_CLK_TCK"), tz=UTC)


def queue_configured(queue: str = "default") -> bool:
    return queue in (getattr(settings, "RQ_QUEUES", None) or {})


def queues_without_workers() -> list[str]:
    """The configured queues no running worker listens on: what is queued there waits (a webhook is not
    delivered) until one starts. Asks Redis."""
    import django_rq
    from rq.worker import Worker

    return [
        name for name in getattr(settings, "RQ_QUEUES", None) or {} if not Worker.count(queue=django_rq.get_queue(name))
    ]


def run_abandoned(runner: str, queue_job_id: str, started: datetime | None, queue: str = "default") -> bool:
    """Whether a run recorded as started (queued on `queue`, if at all) can no longer finish."""
    where = parse_runner(runner)
    if where is not None and where.host == this_host():
        return not process_alive(where.pid, started)
    if not queue_job_id or not queue_configured(queue):
        return False  # run in-process on another host: only that host can tell
    try:
        return _queue_job_abandoned(queue_job_id, queue)
    except Exception as exc:  # noqa: BLE001 - Redis unreachable: cannot tell, so leave the run alone
        log.warning("Cannot ask Redis about queued job %s: %s", queue_job_id, exc)
        return False


def _queue_job_abandoned(queue_job_id: str, queue: str) -> bool:
    import django_rq
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus
    from rq.worker import Worker

    connection = django_rq.get_connection(queue)
    try:
        job = Job.fetch(queue_job_id, connection=connection)
    except NoSuchJobError:
        return True
    status = job.get_status(refresh=False)
    if status in (JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED, JobStatus.CREATED):
        return False
    if status != JobStatus.STARTED:
        return True  # RQ is done with it, yet the run never recorded an end
    if not job.worker_name:
        return False
    worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + job.worker_name, connection=connection)
    if worker is None:
        return True  # the worker's heartbeat key expired: it is gone
    if worker.hostname == this_host() and worker.pid and not process_alive(worker.pid):
        return True
    return False


def queued_run_lost(queue_job_id: str, queue: str = "default") -> bool:
    """Whether a run waiting in `queue` has vanished from it (Redis restarted without its data, or RQ
    finished with it without the run ever starting)."""
    if not queue_configured(queue):
        return False
    import django_rq
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    try:
        job = Job.fetch(queue_job_id, connection=django_rq.get_connection(queue))
        status = job.get_status(refresh=False)
    except NoSuchJobError:
        return True
    except Exception as exc:  # noqa: BLE001 - Redis unreachable: cannot tell
        log.warning("Cannot ask Redis about queued job %s: %s", queue_job_id, exc)
        return False
    return status in (JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)
