"""Real netkeel processes for the tests that run jobs and webhook deliveries on real RQ workers
(test_jobs_worker, test_webhooks_worker, test_csv_jobs): `netkeel-server` commands and `rqworker`
processes started with one environment, and the REST API of the service they share, called with a token.
Every worker started is kept, so that a fixture can stop what a failed assertion left running."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests
from redis import Redis
from rq.worker import Worker

from netkeel.core.testing.commands import run_netkeel_server


@dataclass
class NetkeelProcesses:
    url: str  # the service's, http://127.0.0.1:PORT
    token: str
    env: dict[str, str]  # of every command and worker: the service's database, Redis
    workers: list[subprocess.Popen[str]] = field(default_factory=list, init=False)

    def server(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """`netkeel-server ARGS`, run to its end."""
        return run_netkeel_server(*args, env=self.env, timeout=timeout)

    def rqworker(self, *args: str, own_group: bool = False) -> subprocess.Popen[str]:
        """`netkeel-server rqworker ARGS`, started (in a process group of its own with `own_group`, as a
        service manager starts it); its output is read by `finish`."""
        worker = subprocess.Popen(
            [sys.executable, "-m", "netkeel", "rqworker", *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=own_group,
        )
        self.workers.append(worker)
        return worker

    def stop_workers(self) -> None:
        """Kill whatever worker a test left running (a failed assertion must not leave one behind)."""
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()
        self.workers.clear()

    def api(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        """Call the REST API with the token; the decoded answer, which must have the status `expect`."""
        response = requests.request(
            method,
            f"{self.url}{path}",
            json=body,
            headers={"Authorization": f"Token {self.token}", "Accept": "application/json"},
            timeout=30,
        )
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response.json() if response.content else None


def finish(worker: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    """Wait for a worker to exit: its exit status, stdout and stderr (killed, and an error, after `timeout`)."""
    try:
        out, err = worker.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        out, err = worker.communicate()
        raise AssertionError(f"the worker did not stop:\n{err[-3000:]}") from None
    return worker.returncode, out, err


def wait_for_worker(redis: Redis, worker: subprocess.Popen[str], timeout: float = 60) -> None:
    """Until this worker says in Redis that it waits for jobs (idle): its start-up is over, and a SIGTERM is
    its warm shutdown (RQ installs its signal handlers last; before that, a SIGTERM ends it at once)."""
    deadline = time.monotonic() + timeout
    while not any(w.pid == worker.pid and w.get_state() == "idle" for w in Worker.all(connection=redis)):
        assert worker.poll() is None, finish(worker)
        assert time.monotonic() < deadline, "the worker did not register"
        time.sleep(0.1)


def own_queue_name(purpose: str) -> str:
    """A queue name no other run takes: test runs may share a Redis database at the same time, so none of
    them flushes it; each cleans up its own queue with `forget_queue`."""
    return f"{purpose}-test-{uuid.uuid4().hex[:12]}"


def forget_queue(redis: Redis, name: str) -> None:
    """Remove a test queue from Redis: its jobs (queued, finished, failed, scheduled) and RQ's keys for it."""
    from rq.queue import Queue

    queue = Queue(name, connection=redis)
    registries = (queue.finished_job_registry, queue.failed_job_registry, queue.scheduled_job_registry,
                  queue.started_job_registry, queue.deferred_job_registry)  # fmt: skip
    for job_id in [*queue.job_ids, *(job_id for registry in registries for job_id in registry.get_job_ids())]:
        redis.delete(f"rq:job:{job_id}", f"rq:results:{job_id}", f"rq:executions:{job_id}")
    for key in redis.scan_iter(f"rq:*{name}*"):
        redis.delete(key)


def run_burst_worker(queue: Any, scheduler: bool = False) -> None:
    """A real RQ worker in burst mode, in this process (it shares the test's database connection), with
    netkeel's quick command-channel stop: RQ's own SimpleWorker takes up to a minute to end a burst run."""
    from rq import SimpleWorker

    from netkeel.core.worker.worker import QuickPubsubStop

    class BurstWorker(QuickPubsubStop, SimpleWorker):
        pass

    BurstWorker([queue], connection=queue.connection).work(burst=True, with_scheduler=scheduler)
