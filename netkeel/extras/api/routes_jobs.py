"""The extras endpoints of this feature (jobs): jobs, job results and job log entries."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter


def register(router: APIRouter) -> None:
    """Add this feature's endpoints to the extras router."""
    from netkeel.extras.api import jobs_views

    router.register("jobs", jobs_views.JobViewSet)
    router.register("job-results", jobs_views.JobResultViewSet)
    router.register("job-logs", jobs_views.JobLogEntryViewSet)
