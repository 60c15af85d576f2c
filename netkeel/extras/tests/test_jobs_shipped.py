"""The jobs netkeel ships: `trace_paths` and the demo generator, run as jobs."""

from __future__ import annotations

import pytest

from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.cabling.store import delete_all_paths
from netkeel.dcim.jobs import TracePaths
from netkeel.dcim.models import CablePath, Device
from netkeel.dcim.tests import factories
from netkeel.demo.jobs import GenerateDemoData
from netkeel.extras.jobs import Job as JobClass
from netkeel.extras.jobs.runner import run_job_result
from netkeel.extras.jobs.service import create_job_result
from netkeel.extras.jobs.sync import sync_jobs
from netkeel.extras.models import Job, JobLogEntry, JobResult

pytestmark = pytest.mark.django_db


def run(job_class: type[JobClass], data: dict[str, object]) -> JobResult:
    sync_jobs()
    job_model = Job.objects.get(module_name=job_class.__module__, job_class_name=job_class.__name__)
    job_result = create_job_result(job_model, None, data)
    run_job_result(job_result.pk)
    job_result.refresh_from_db()
    return job_result


def test_trace_paths_as_a_job() -> None:
    site = factories.location()
    dtype = factories.device_type(interfaces=1)
    a = factories.device("a", dtype, site).interfaces.get()
    b = factories.device("b", dtype, site).interfaces.get()
    cabling.connect(a, b)
    delete_all_paths()  # as if paths had been lost (nodes first: MariaDB checks foreign keys at once)

    job_result = run(TracePaths, {})
    assert job_result.status == "SUCCESS", job_result.traceback
    assert job_result.result == {"origins": 2, "created": 2, "untraced": []}
    assert CablePath.objects.count() == 2
    assert run(TracePaths, {}).result == {"origins": 0, "created": 0, "untraced": []}
    forced = run(TracePaths, {"force": True})
    assert forced.result == {"origins": 2, "created": 2, "untraced": []}
    [entry] = JobLogEntry.objects.filter(job_result=forced)
    assert (entry.log_level, entry.message) == ("success", "Rebuilt 2 cable path(s) from 2 origin(s).")


def test_the_demo_generator_as_a_job() -> None:
    job_result = run(GenerateDemoData, {"size": "small", "seed": 2})
    assert job_result.status == "SUCCESS", job_result.traceback
    result = job_result.result
    assert isinstance(result, dict) and result["size"] == "small" and result["seed"] == 2
    assert result["counts"]["Device"] == Device.objects.count() > 0
    again = run(GenerateDemoData, {})
    assert again.status == "FAILURE"
    last = JobLogEntry.objects.filter(job_result=again, log_level="error").get()
    assert last.message.startswith("DemoDataError: The database already holds devices")


def test_the_demo_generator_offers_its_sizes() -> None:
    variables = {item["name"]: item for item in GenerateDemoData.describe_variables()}
    assert [choice for choice, _ in variables["size"]["choices"]] == ["small", "medium", "large"]
    assert variables["size"]["default"] == "small" and variables["seed"]["default"] == 1
