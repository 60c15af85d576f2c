"""`NetkeelWorker`: RQ's forking worker, with the version handshake before each job and the failure of a
run recorded when its work horse dies.

Before taking a job it compares its code with the release recorded in the database; on a difference the
job is not run — the run is recorded as failed with the sentence, RQ files the queue job under failed
jobs — and the worker stops (`refusal` holds the sentence; the command exits 1 with it). A SIGTERM is
RQ's warm shutdown: the job in hand finishes, queued jobs stay queued.

Every process the worker forks (the work horse running a job, RQ's scheduler) is killed by the kernel when
the worker's main process dies, however it dies (`follow_parent`): a killed worker leaves no orphan that
would go on running a job nobody will record, or a scheduler holding its lock.
"""

from __future__ import annotations

import ctypes
import os
import signal
from typing import Any

from django.db import connections
from rq.exceptions import StopRequested
from rq.job import Job
from rq.queue import Queue
from rq.worker import Worker

from netkeel.core.worker import hooks
from netkeel.core.worker.handshake import version_problem

# RQ listens for commands (stop a job, shut down) on a pub/sub channel, in a thread that waits up to this
# long for a message. redis-py 8.2 joins that thread when the worker stops, so RQ's 60 s wait could hold a
# stopping worker for a minute. The wait is a socket read with a timeout: waking every second costs nothing.
PUBSUB_WAIT_SECONDS = 1.0
PR_SET_PDEATHSIG = 1  # prctl(2) option: the signal this process gets when its parent dies (Linux)


_forking_pid = 0  # the process that is forking, noted just before each fork


def _note_forking_process() -> None:
    global _forking_pid
    _forking_pid = os.getpid()


def _prctl() -> Any:
    """prctl(2) from the C library, or None where there is none (not Linux)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def follow_parent(prctl: Any) -> None:
    """In a process just forked: be killed when the process that forked it dies."""
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != _forking_pid:  # the parent died before the request took effect
        os._exit(1)


def kill_children_with_the_worker() -> None:
    """From now on, every process forked by this one (and by its children) dies with its parent; called
    once, in the worker's main process. Without prctl(2) nothing changes, and a child outlives a killed
    parent as RQ's own do."""
    prctl = _prctl()  # looked up once, not in every fork
    if prctl is not None:
        os.register_at_fork(before=_note_forking_process, after_in_child=lambda: follow_parent(prctl))


class QuickPubsubStop:
    """RQ's command channel with a listening thread that notices a stop within PUBSUB_WAIT_SECONDS: RQ's own
    waits 60 s per message, and redis-py joins that thread when the worker stops, so every stop (a burst
    run's end included) took up to a minute. For any RQ worker class: `class W(QuickPubsubStop, Worker)`."""

    def subscribe(self: Any) -> None:
        self.log.info("Worker %s: subscribing to channel %s", self.name, self.pubsub_channel_name)
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=PUBSUB_WAIT_SECONDS, daemon=True, exception_handler=self._pubsub_exception_handler
        )


class NetkeelWorker(QuickPubsubStop, Worker):
    refusal: str | None = None

    def execute_job(self, job: Job, queue: Queue) -> None:
        problem = version_problem()
        # The work horse is a fork: it must not share this process's database connection.
        connections.close_all()
        if problem:
            self.refuse(job, queue, problem)
            raise StopRequested()
        super().execute_job(job, queue)

    def refuse(self, job: Job, queue: Queue, sentence: str) -> None:
        """A job run records the refusal; other queue work (a webhook delivery) goes back to the head of its
        queue for the worker that replaces this one."""
        self.refusal = sentence
        self.log.error("Worker %s: %s", self.name, sentence)
        recorded = hooks.fail_run(job.id, sentence)
        connections.close_all()
        if recorded:
            self.handle_job_failure(job, queue=queue, exc_string=sentence)
        else:
            queue.enqueue_job(job, at_front=True)

    def handle_work_horse_killed(self, job: Job, retpid: Any, ret_val: Any, rusage: Any) -> None:
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)
        signal = f" (signal {os.WTERMSIG(ret_val)})" if isinstance(ret_val, int) and os.WIFSIGNALED(ret_val) else ""
        hooks.fail_run(job.id, f"The process running this job stopped before it finished{signal}.")
        connections.close_all()
