"""Jobs on real Redis (db 11) and real `netkeel-server rqworker` processes, against a real netkeel service
(gunicorn) over its own database — a SQLite file in a temporary root, or a scratch database on the engine
the suite runs on (NETKEEL_TEST_DB) — so that the web, the worker, its forked work horse and this test all
see the same rows. The test drives everything as an operator would: the REST API, `netkeel-server`
commands and signals. The service sends runs to a queue of its own (`JOBS_QUEUE` in its config file), so
runs of this module at the same time, or workers another run left behind, cannot take its jobs; every
worker a test starts is stopped when the test ends.

- a run posted to the API is queued, run by a `--burst` worker, and its result read back through the API;
- SIGTERM in the middle of a job: the job finishes (SUCCESS), the next queued job stays queued;
- a worker whose code differs from the release recorded in the database refuses: at start-up (exit 1,
  the job stays queued for the right worker) and before a job (the run FAILURE with the sentence, exit 1);
- a job killed with its worker (SIGKILL) is marked FAILURE afterwards, by the API or the next worker;
- `runjob` waits for the worker and exits 0, or 1 with a sentence.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from redis import Redis
from rq.scheduler import RQScheduler
from rq.worker import Worker

from netkeel import __version__
from netkeel.core.tests.upgrade_support.databases import ScratchDatabase
from netkeel.core.worker.liveness import process_alive
from netkeel.extras.jobs.runner import ABANDONED
from netkeel.extras.tests import sample_jobs
from netkeel.extras.tests.worker_processes import NetkeelProcesses, finish, wait_for_worker

pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/11"
TOKEN = "0123456789abcdef0123456789abcdef01234567"
REFUSAL = f"This worker runs netkeel {__version__} but the database is at 99.0.0; restart the worker after upgrading."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Service(NetkeelProcesses):
    """The module's own netkeel service, and the queue its runs go to."""

    root: Path
    redis: Redis
    queue: str

    def worker(self, *args: str, own_group: bool = False) -> subprocess.Popen[str]:
        """A worker on this service's queue."""
        return self.rqworker(self.queue, *args, own_group=own_group)

    def run(self, job: str, data: dict[str, Any]) -> dict[str, Any]:
        body = self.api("POST", f"/api/extras/jobs/{job}/run/", {"data": data}, expect=201)
        return dict(body["job_result"])

    def result(self, job_result_id: str) -> dict[str, Any]:
        return dict(self.api("GET", f"/api/extras/job-results/{job_result_id}/"))

    def wait_for_status(self, job_result_id: str, status: str, timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            result = self.result(job_result_id)
            if result["status"]["value"] == status:
                return result
            assert time.monotonic() < deadline, f"{job_result_id} is {result['status']}, not {status}"
            time.sleep(0.1)

    def queued(self) -> list[str]:
        ids: list[bytes] = self.redis.lrange(f"rq:queue:{self.queue}", 0, -1)  # type: ignore[assignment]
        return [job_id.decode() for job_id in ids]

    def record_version(self, version: str | None) -> None:
        """Make the database say it was upgraded to `version` (None: back to this code's release)."""
        code = (
            "from django.utils import timezone; from netkeel.core.models import Installation; "
            "Installation.objects.filter(version='99.0.0').delete()"
        )
        if version is not None:
            code += (
                f"; now = timezone.now(); Installation.objects.create(version={version!r}, started=now, "
                f"finished=now, succeeded=True)"
            )
        done = self.server("shell", "-c", code)
        assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def _service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    root = tmp_path_factory.mktemp("jobs-worker")
    (root / "jobs").mkdir()
    shutil.copy(sample_jobs.__file__, root / "jobs" / "sample.py")
    engine = os.environ.get("NETKEEL_TEST_DB", "sqlite").strip().lower() or "sqlite"
    database = ScratchDatabase(engine, root)
    env = {key: value for key, value in os.environ.items() if not key.startswith("NETKEEL_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update({**database.env, "NETKEEL_REDIS_URL": REDIS_URL, "HOME": str(root)})
    redis = Redis.from_url(REDIS_URL)
    queue = f"jobs-test-{uuid.uuid4().hex[:12]}"
    (root / "netkeel_config.py").write_text(
        f"JOBS_QUEUE = {queue!r}\n"
        f"RQ_QUEUES = {{name: {{'URL': {REDIS_URL!r}, 'DEFAULT_TIMEOUT': 3600}} for name in ({queue!r}, 'default')}}\n"
    )
    port = _free_port()
    service = Service(f"http://127.0.0.1:{port}", TOKEN, env, root, redis, queue)
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(database.drop)
        cleanup.callback(lambda: [redis.delete(key) for key in redis.scan_iter(f"rq:*{queue}*")])
        cleanup.callback(service.stop_workers)
        for args in (("post_upgrade", "--no-input", "--no-backup"), ("ensure_superuser",),
                     ("create_token", "admin", "--key", TOKEN)):  # fmt: skip
            done = service.server(*args, timeout=180)
            assert done.returncode == 0, f"netkeel-server {' '.join(args)} failed:\n{done.stderr}"
        log = cleanup.enter_context(open(root / "server.log", "w"))
        process = subprocess.Popen(
            [sys.executable, "-m", "netkeel", "start", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        cleanup.callback(stop, process)
        deadline = time.monotonic() + 300
        while True:
            try:
                if requests.get(f"{service.url}/health/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"netkeel did not start:\n{(root / 'server.log').read_text()[-3000:]}")
            time.sleep(0.2)
        yield service


def stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def service(require_service: Callable[[str], None], request: pytest.FixtureRequest) -> Iterator[Service]:
    require_service("redis")
    live: Service = request.getfixturevalue("_service")
    live.redis.delete(f"rq:queue:{live.queue}")
    # A killed worker stays registered until its key expires (minutes): forget this host's dead ones.
    for worker in Worker.all(connection=live.redis):
        if worker.hostname == socket.gethostname() and worker.pid and not process_alive(worker.pid):
            worker.register_death()
    yield live
    live.stop_workers()


def test_a_run_posted_to_the_api_runs_on_a_real_worker(service: Service) -> None:
    posted = service.run("Greet", {"who": "Ann", "times": 2})
    assert posted["status"]["value"] == "PENDING"
    assert posted["queue_job_id"] == posted["id"] and service.queued() == [posted["id"]]
    code, _, err = finish(service.worker("--burst"))
    assert code == 0, err
    done = service.result(posted["id"])
    assert done["status"] == {"value": "SUCCESS", "label": "SUCCESS"}
    assert done["result"] == {"greeting": "Hello Ann", "times": 2}
    assert done["worker"].startswith(f"{socket.gethostname()}:") and "(" in done["worker"]
    logs = service.api("GET", f"/api/extras/job-logs/?job_result={posted['id']}")["results"]
    assert [entry["message"] for entry in logs] == ["Hello Ann", "Hello Ann"]
    assert service.queued() == []


def test_sigterm_finishes_the_job_in_hand_and_leaves_the_queue(service: Service) -> None:
    slow = service.run("Sleeper", {"tag": "sigterm", "seconds": 3})
    after = service.run("Greet", {"who": "Next"})
    worker = service.worker()
    service.wait_for_status(slow["id"], "STARTED")
    worker.send_signal(signal.SIGTERM)
    code, _, err = finish(worker)
    assert code == 0, err
    done = service.result(slow["id"])
    assert done["status"]["value"] == "SUCCESS", done
    assert done["result"] == {"slept": 3}
    assert service.api("GET", "/api/extras/tags/?name=sigterm")["count"] == 1
    assert service.result(after["id"])["status"]["value"] == "PENDING"
    assert service.queued() == [after["id"]]  # still there for the next worker
    assert finish(service.worker("--burst"))[0] == 0
    assert service.result(after["id"])["status"]["value"] == "SUCCESS"


@pytest.fixture
def newer_database(service: Service) -> Iterator[Service]:
    """The database recorded as upgraded to 99.0.0 (put back afterwards)."""
    service.record_version("99.0.0")
    yield service
    service.record_version(None)


def test_a_worker_does_not_start_on_a_database_at_another_release(newer_database: Service) -> None:
    service = newer_database
    waiting = service.run("Greet", {"who": "Later"})
    code, _, err = finish(service.worker("--burst"))
    assert code == 1 and REFUSAL in err, err
    # The queued run waits for the right worker.
    assert service.result(waiting["id"])["status"]["value"] == "PENDING"
    assert service.queued() == [waiting["id"]]


def test_a_running_worker_refuses_a_job_once_the_database_moved_on(service: Service) -> None:
    worker = service.worker()
    try:
        wait_for_worker(service.redis, worker)
        service.record_version("99.0.0")  # post_upgrade of a new release ran; this worker was not restarted
        refused = service.run("Greet", {"who": "Refused"})
        code, _, err = finish(worker)
    finally:
        service.record_version(None)
    assert code == 1, err
    assert err.strip().endswith(f"netkeel-server: {REFUSAL}")
    done = service.result(refused["id"])
    assert done["status"]["value"] == "FAILURE" and done["traceback"] == REFUSAL
    logs = service.api("GET", f"/api/extras/job-results/{refused['id']}/logs/")["results"]
    assert [entry["message"] for entry in logs] == [REFUSAL]


def kill_during_a_run(service: Service, tag: str) -> str:
    """Start a long run on a worker, then SIGKILL the worker and the process running the job."""
    doomed = service.run("Sleeper", {"tag": tag, "seconds": 30})
    worker = service.worker()
    started = service.wait_for_status(doomed["id"], "STARTED")
    horse = int(started["worker"].split(":")[1].split()[0])  # the forked process running the job
    os.kill(horse, signal.SIGKILL)
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=10)
    return str(doomed["id"])


def assert_failed_as_abandoned(service: Service, job_result_id: str, tag: str) -> None:
    done = service.result(job_result_id)
    assert done["status"]["value"] == "FAILURE" and done["date_done"]
    logs = service.api("GET", f"/api/extras/job-results/{job_result_id}/logs/")["results"]
    assert logs[-1]["message"] == ABANDONED
    assert service.api("GET", f"/api/extras/tags/?name={tag}")["count"] == 0  # its writes were rolled back


def test_a_run_killed_with_its_worker_is_failed_when_results_are_read(service: Service) -> None:
    job_result_id = kill_during_a_run(service, "killed-api")
    assert_failed_as_abandoned(service, job_result_id, "killed-api")  # reading notices the dead process


def test_a_run_killed_with_its_worker_is_failed_by_the_next_worker(service: Service) -> None:
    job_result_id = kill_during_a_run(service, "killed-worker")
    code = f"from netkeel.extras.models import JobResult; print(JobResult.objects.get(pk={job_result_id!r}).status)"
    shown = service.server("shell", "-c", code)
    assert shown.stdout.split()[-1] == "STARTED", shown.stderr  # nobody has looked yet
    assert finish(service.worker("--burst"))[0] == 0  # a new worker looks at start-up
    shown = service.server("shell", "-c", code)
    assert shown.stdout.split()[-1] == "FAILURE", shown.stderr
    assert_failed_as_abandoned(service, job_result_id, "killed-worker")


def test_runjob_waits_for_the_worker(service: Service) -> None:
    refused = service.server("runjob", "Greet", "--data", '{"who": "Ann"}')
    assert refused.returncode == 1 and f"No worker is listening on the {service.queue} queue" in refused.stderr
    worker = service.worker()
    try:
        wait_for_worker(service.redis, worker)
        done = service.server("runjob", "Greet", "--data", '{"who": "Ann"}')
        assert done.returncode == 0, done.stderr
        assert "info     Hello Ann" in done.stdout
        assert done.stdout.strip().splitlines()[-1].startswith("Job 'Greet' completed in ")
        failed = service.server("runjob", "Make tag", "--data", '{"tag": "cli", "fail": true}')
        assert failed.returncode == 1
        assert "asked to fail after making cli" in failed.stderr.strip().splitlines()[-1]
    finally:
        worker.send_signal(signal.SIGTERM)
        finish(worker)


def test_three_bad_inputs_three_errors(service: Service) -> None:
    data: dict[str, Any] = {
        "text": "far too long",
        "number": 11,
        "flag": "perhaps",
        "colour": "red",
        "status": "Active",
    }
    response = requests.post(
        f"{service.url}/api/extras/jobs/Every%20type/run/",
        json={"data": data},
        headers={"Authorization": f"Token {TOKEN}"},
        timeout=30,
    )
    assert response.status_code == 400
    assert sorted(response.json()) == ["flag", "number", "text"]
    assert service.queued() == []


STOP_WITHIN = 10.0  # seconds a worker may take to exit once it has nothing to do or is told to stop


def started_listening(worker: subprocess.Popen[str]) -> float:
    """When the worker's log said it listens on its queues (its start-up, which a loaded machine slows, is
    behind it). Reads the log line by line up to there; `finish` reads the rest."""
    assert worker.stderr is not None
    for line in iter(worker.stderr.readline, ""):
        if "Listening on" in line:
            return time.monotonic()
    raise AssertionError(f"the worker ended without listening: {finish(worker)}")


def test_a_worker_exits_within_ten_seconds_five_times_out_of_five(service: Service) -> None:
    """`rqworker --burst` with nothing queued, and a waiting worker (holding RQ's scheduler) sent SIGTERM:
    each exits 0 within STOP_WITHIN of having started (listening; idle), five times in a row (start-up, which a
    loaded machine slows, is not counted). RQ's command-channel thread used to hold a stopping worker for up
    to 60 s (redis-py 8.2 waits for it)."""
    for _ in range(5):
        worker = service.worker("--burst")
        began = started_listening(worker)
        code, _, err = finish(worker, timeout=60)
        assert code == 0, err
        assert time.monotonic() - began < STOP_WITHIN, f"rqworker --burst took {time.monotonic() - began:.1f} s"
    for _ in range(5):
        worker = service.worker("--with-scheduler")
        wait_for_worker(service.redis, worker)
        began = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        code, _, err = finish(worker, timeout=60)
        assert code == 0, err
        assert time.monotonic() - began < STOP_WITHIN, f"the worker took {time.monotonic() - began:.1f} s to stop"


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def wait_until_gone(pids: list[int], timeout: float = STOP_WITHIN) -> list[int]:
    """The processes among `pids` still alive after `timeout` (none, normally)."""
    deadline = time.monotonic() + timeout
    while (alive := [pid for pid in pids if process_alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


@pytest.mark.parametrize("target", ["main process", "process group"])
def test_killing_the_worker_leaves_no_job_child_or_scheduler(service: Service, target: str) -> None:
    """SIGKILL to the worker's main process (or to its whole process group, as a service manager does):
    the process running the job and RQ's scheduler process die with it; the run is then failed as
    abandoned, as for any dead worker."""
    tag = f"orphan-{target.split()[0]}"
    doomed = service.run("Sleeper", {"tag": tag, "seconds": 60})
    # The scheduler lock of a worker killed before (it expires after minutes), so that this one's scheduler runs.
    service.redis.delete(RQScheduler.get_locking_key(service.queue))
    worker = service.worker("--with-scheduler", own_group=True)
    started = service.wait_for_status(doomed["id"], "STARTED")
    horse = int(started["worker"].split(":")[1].split()[0])
    deadline = time.monotonic() + 15
    while len(children := children_of(worker.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # the scheduler process starts beside the job's
    assert horse in children and len(children) == 2, children
    if target == "main process":
        worker.send_signal(signal.SIGKILL)
    else:
        os.killpg(worker.pid, signal.SIGKILL)  # the job's process runs in a group of its own (RQ's setpgrp)
    worker.communicate(timeout=10)
    assert wait_until_gone(children) == [], f"left running after the worker was killed: {children}"
    assert_failed_as_abandoned(service, str(doomed["id"]), tag)


def test_a_job_whose_process_was_killed_is_failed_in_rq_too(service: Service) -> None:
    """Only the process running the job is killed; the worker goes on: the run is FAILURE, and RQ files the
    queue job under its failed jobs (not left started), so RQ's own tools agree."""
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    doomed = service.run("Sleeper", {"tag": "horse-killed", "seconds": 60})
    worker = service.worker()
    try:
        started = service.wait_for_status(doomed["id"], "STARTED")
        os.kill(int(started["worker"].split(":")[1].split()[0]), signal.SIGKILL)
        service.wait_for_status(doomed["id"], "FAILURE")
        logs = service.api("GET", f"/api/extras/job-results/{doomed['id']}/logs/")["results"]
        # Said by the worker, or by a reader of the run who found its process gone first.
        assert logs[-1]["message"] in ("The process running this job stopped before it finished (signal 9).", ABANDONED)
        queue_job = started["queue_job_id"]
        deadline = time.monotonic() + 10
        while queue_job not in FailedJobRegistry(service.queue, connection=service.redis).get_job_ids():
            assert time.monotonic() < deadline, "RQ did not file the killed job under its failed jobs"
            time.sleep(0.1)
        assert queue_job not in StartedJobRegistry(service.queue, connection=service.redis).get_job_ids()
        assert worker.poll() is None  # the worker itself goes on
    finally:
        worker.send_signal(signal.SIGTERM)
        finish(worker)
