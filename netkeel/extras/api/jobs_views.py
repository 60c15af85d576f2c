"""`/api/extras/jobs/` (read, enable/disable, `…/<id or name>/run/`, `…/variables/`), `/api/extras/job-results/`
(read, delete; `…/<id>/logs/`) and `/api/extras/job-logs/` (read).

The job list is brought in step with the job classes (`sync_jobs`) whenever jobs are read or run, and runs
whose worker died are marked failed whenever results are read, so neither is ever stale for long.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.extras.api import jobs_filters, jobs_serializers
from netkeel.extras.choices import LogLevelChoices
from netkeel.extras.jobs.runner import jobs_queue, reap_abandoned
from netkeel.extras.jobs.service import JobNotRunnable, enqueue_job
from netkeel.extras.jobs.sync import sync_jobs
from netkeel.extras.jobs.variables import JobInputError
from netkeel.extras.models import Job, JobLogEntry, JobResult

log = logging.getLogger("netkeel.jobs")
READ = ["get", "head", "options"]


class RunJobPermission(BasePermission):
    """Running a job needs `extras.run_job` and a write-enabled token."""

    message = "You do not have permission to run jobs (extras.run_job)."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if not getattr(request.auth, "write_enabled", True):
            self.message = "This API token is read-only; use a write-enabled token to run jobs."
            return False
        return bool(user.has_perm("extras.run_job"))


class JobNotAllowed(exceptions.APIException):
    status_code = status.HTTP_405_METHOD_NOT_ALLOWED
    default_code = "job_not_runnable"


class JobStillInstalled(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "job_installed"


class JobViewSet(NetkeelModelViewSet):
    queryset = Job.objects.all()
    serializer_class = jobs_serializers.JobSerializer
    filterset_class = jobs_filters.JobFilterSet

    def permission_action(self) -> str:
        return "run" if self.action == "run" else super().permission_action()  # only jobs the user may run

    # Jobs come from code: no POST of new ones (runs are POSTed to …/run/).
    http_method_names = [*READ, "patch", "put", "delete"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD", "POST"):
            sync_jobs()

    def delete_instance(self, instance: Any) -> None:
        """Only a job whose code is gone: an installed one would come back with the next look at the code."""
        if instance.installed:
            raise JobStillInstalled(
                f"The job {instance.name!r} is installed; remove its code first, or disable it instead."
            )
        instance.delete()

    @extend_schema(
        request=jobs_serializers.JobRunSerializer, responses={201: jobs_serializers.JobRunResponseSerializer}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="run",
        permission_classes=[RunJobPermission],
        http_method_names=["post", "options"],
    )
    def run(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """`{"data": {...}}` → 201 `{"scheduled_job": null, "job_result": {…}}`; 400 lists every bad input."""
        job_model = self.get_object()
        body = request.data
        if not isinstance(body, dict):
            raise exceptions.ValidationError({"data": ['Send {"data": {"<input>": <value>, ...}}.']})
        schedule = body.get("schedule")
        if isinstance(schedule, dict) and schedule.get("interval") == "immediately":
            schedule = None
        if schedule not in (None, "", {}, "immediately"):
            raise exceptions.ValidationError({"schedule": ["Scheduled runs are not supported; run the job now."]})
        if body.get("task_queue") not in (None, "", jobs_queue()):
            raise exceptions.ValidationError(
                {"task_queue": [f"Jobs run on the queue {jobs_queue()!r} only; leave task_queue out."]}
            )
        try:
            job_result = enqueue_job(job_model, request.user, body.get("data") or {})
        except JobNotRunnable as exc:
            raise JobNotAllowed(str(exc)) from None
        except JobInputError as exc:
            raise exceptions.ValidationError(exc.errors) from None
        job_result.refresh_from_db()  # a run made inline has finished already
        context = self.get_serializer_context()
        data = jobs_serializers.JobResultSerializer(job_result, context=context).data
        return Response({"scheduled_job": None, "schedule": None, "job_result": data}, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: jobs_serializers.JobVariableSerializer(many=True)},
        parameters=[
            OpenApiParameter("limit", int, required=False, description="Inputs per page."),
            OpenApiParameter("offset", int, required=False, description="Inputs to skip."),
            OpenApiParameter("sort", str, required=False, description="Not used: inputs come in code order."),
        ],
    )
    @action(detail=True, methods=["get"], url_path="variables", filterset_class=None)
    def variables(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The job's inputs in Nautobot's shape, paged when `limit` is given (Nautobot pages them too)."""
        job_model = self.get_object()
        rows = jobs_serializers.JobSerializer(context=self.get_serializer_context()).get_variables(job_model)
        if "limit" in request.query_params:
            page: list[Any] | None = self.paginate_queryset(rows)  # type: ignore[arg-type]
            if page is not None:
                return self.get_paginated_response(page)
        return Response(rows)


def reap_quietly() -> None:
    try:
        reap_abandoned()
    except Exception:
        log.exception("Could not check for abandoned job runs")


def count_of(level: str) -> Coalesce:
    """The run's entries of `level`, as a subquery: no GROUP BY on the list, whatever it is filtered by."""
    entries = (
        JobLogEntry.objects.filter(job_result=OuterRef("pk"), log_level=level)
        .order_by()
        .values("job_result")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(entries, output_field=IntegerField()), 0)


class JobResultViewSet(NetkeelModelViewSet):
    # Nautobot's `<level>_log_count`s, counted in the list's own query.
    queryset = JobResult.objects.annotate(
        debug_log_count=count_of(LogLevelChoices.DEBUG),
        info_log_count=count_of(LogLevelChoices.INFO),
        success_log_count=count_of(LogLevelChoices.SUCCESS),
        warning_log_count=count_of(LogLevelChoices.WARNING),
        error_log_count=count_of(LogLevelChoices.ERROR),
    )
    serializer_class = jobs_serializers.JobResultSerializer
    filterset_class = jobs_filters.JobResultFilterSet
    http_method_names = [*READ, "delete"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method == "GET":
            reap_quietly()

    @extend_schema(responses={200: jobs_serializers.JobLogEntrySerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="logs")
    def logs(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The run's log entries, oldest first (Nautobot's `job-results/<id>/logs/`)."""
        job_result = self.get_object()
        entries = JobLogEntry.objects.filter(job_result=job_result).order_by("created", "pk")
        page = self.paginate_queryset(entries)
        serializer = jobs_serializers.JobLogEntrySerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)


class JobLogEntryViewSet(NetkeelModelViewSet):
    queryset = JobLogEntry.objects.all()
    serializer_class = jobs_serializers.JobLogEntrySerializer
    filterset_class = jobs_filters.JobLogEntryFilterSet
    http_method_names = READ
