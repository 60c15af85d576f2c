"""pynautobot's jobs calls against a real netkeel service (`live_netkeel`: gunicorn, no Redis, so a run
goes to a thread of the web process): `nb.extras.jobs.run(...)`, `run_and_wait(...)`, job results and their
log entries, as Nautobot users script them."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.testing.live import LiveNetkeel

pynautobot = pytest.importorskip("pynautobot")

pytestmark = pytest.mark.slow

TRACE = "Trace cable paths"


@pytest.fixture(scope="module")
def nb(live_netkeel: LiveNetkeel) -> Any:
    return pynautobot.api(live_netkeel.url, token=live_netkeel.token)


def test_jobs_are_listed_and_found_by_name(nb: Any) -> None:
    names = [str(job) for job in nb.extras.jobs.all()]
    assert TRACE in names and "Generate demo data" in names
    job = nb.extras.jobs.get(name=TRACE)
    assert job.grouping == "DCIM" and job.installed and job.enabled
    assert [variable["name"] for variable in job.variables] == ["force"]


def test_run_and_wait_by_name_and_by_id(nb: Any) -> None:
    started = nb.extras.jobs.run(job_name=TRACE, data={"force": False})
    assert started.scheduled_job is None
    assert str(started.job_result.status) in ("PENDING", "STARTED", "SUCCESS")
    job = nb.extras.jobs.get(name=TRACE)
    finished = nb.extras.jobs.run_and_wait(job_id=job.id, data={"force": True}, interval=0.2, max_rechecks=100)
    result = finished.job_result
    assert str(result.status) == "SUCCESS"
    # Other tests share this service and may have cabled things: the counts are theirs.
    assert result.result.created >= 0 and result.result.origins >= result.result.created
    again = nb.extras.job_results.get(result.id)
    assert again.status.value == "SUCCESS" and again.job_model.id == job.id
    logs = nb.extras.job_logs.filter(job_result=result.id)
    assert logs[-1].message == f"Rebuilt {result.result.created} cable path(s) from {result.result.origins} origin(s)."
    assert logs[-1].log_level == "success"  # a plain string, as Nautobot sends it


def test_bad_input_is_a_request_error_naming_the_variable(nb: Any) -> None:
    with pytest.raises(pynautobot.RequestError) as caught:
        nb.extras.jobs.run(job_name="Generate demo data", data={"size": "huge", "seed": -1, "colour": 1})
    assert caught.value.req.status_code == 400
    assert set(caught.value.req.json()) == {"size", "seed", "colour"}


def test_the_record_method_runs_a_job(nb: Any) -> None:
    job = nb.extras.jobs.get(name=TRACE)
    started = job.run(data={"force": False})
    assert started.job_result.id
