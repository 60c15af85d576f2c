"""`netkeel-server runjob NAME --data JSON [--user U] [--local]`, run in this process (`--local`): the log
and result printed, exit 1 with one sentence when the run fails or its input is refused. Queued runs
waited for on a real worker are tested in test_jobs_worker.py."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netkeel.extras.models import JobResult, Tag
from netkeel.extras.tests import sample_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_jobs(tmp_path: Path, settings: Any) -> Iterator[Path]:
    settings.NETKEEL_ROOT = tmp_path
    (tmp_path / "jobs").mkdir()
    shutil.copy(sample_jobs.__file__, tmp_path / "jobs" / "sample.py")
    yield tmp_path / "jobs"
    for name in [name for name in sys.modules if name.startswith("local_jobs")]:
        del sys.modules[name]


def runjob(*args: str) -> str:
    out = StringIO()
    call_command("runjob", *args, stdout=out)
    return out.getvalue()


def test_a_run_prints_its_log_and_result() -> None:
    output = runjob("Greet", "--data", '{"who": "Ann", "times": 2}', "--local")
    lines = output.splitlines()
    assert [line.split(" ", 1)[1] for line in lines[:2]] == ["info     Hello Ann", "info     Hello Ann"]
    assert '"greeting": "Hello Ann"' in output and "Result: {" in output
    assert lines[-1].startswith("Job 'Greet' completed in ")
    assert JobResult.objects.get().status == "SUCCESS"


def test_a_job_is_found_by_class_path_and_run_as_a_user(django_user_model: Any) -> None:
    django_user_model.objects.create(username="ops")
    runjob("local_jobs.sample.MakeTag", "--data", '{"tag": "from-cli"}', "--user", "ops", "--local")
    run = JobResult.objects.get()
    assert run.user_name == "ops" and Tag.objects.filter(name="from-cli").exists()


def test_without_redis_runjob_runs_here(settings: Any) -> None:
    settings.JOBS_RUN_INLINE = False
    settings.RQ_QUEUES = {}
    assert "completed" in runjob("Greet", "--data", '{"who": "Bo"}')


def test_a_failed_run_is_exit_1_with_a_sentence() -> None:
    with pytest.raises(CommandError) as caught:
        runjob("Make tag", "--data", '{"tag": "t", "fail": true}', "--local")
    assert str(caught.value).startswith("The job 'Make tag' failed in ")
    assert str(caught.value).endswith("RuntimeError: asked to fail after making t")
    assert JobResult.objects.get().status == "FAILURE" and not Tag.objects.exists()


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["Nope"], "There is no job named 'Nope'; the jobs are "),
        (["Greet", "--data", "{bad"], "--data is not valid JSON"),
        (["Greet", "--user", "ghost"], "There is no user 'ghost'."),
        (
            ["Every type", "--data", '{"text": "toolong", "number": -1, "flag": "maybe", "colour": "red"}'],
            "The job 'Every type' refused its input — text: ",
        ),
    ],
)
def test_bad_requests_are_one_sentence(args: list[str], sentence: str) -> None:
    with pytest.raises(CommandError) as caught:
        runjob(*args, "--local")
    assert sentence in str(caught.value)
    assert not JobResult.objects.exists()


def test_every_bad_input_is_named() -> None:
    with pytest.raises(CommandError) as caught:
        runjob("Every type", "--data", '{"text": "toolong", "number": -1, "flag": "maybe", "colour": "red"}')
    message = str(caught.value)
    for name in ("text:", "number:", "flag:", "status: This input is required."):
        assert name in message
