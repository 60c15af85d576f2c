"""Filters of the jobs, job results and job log endpoints."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model

from netkeel.core.api.filters import BaseFilterSet, MultiValueUUIDFilter, RelatedFilter
from netkeel.extras.models import Job, JobLogEntry, JobResult
from netkeel.extras.models.jobs import FROM_CODE_ONLY, OVERRIDDEN

User = get_user_model()
BY_ID = {"type": "string", "format": "uuid"}


class JobFilterSet(BaseFilterSet):
    search_fields = ("name", "grouping", "description", "module_name", "job_class_name")

    class Meta:
        model = Job
        fields = [
            "name",
            "grouping",
            "description",
            "module_name",
            "job_class_name",
            "enabled",
            "installed",
            *OVERRIDDEN,
            *FROM_CODE_ONLY,
        ]


class JobResultFilterSet(BaseFilterSet):
    search_fields = ("name", "user_name")

    date_created__gte = django_filters.IsoDateTimeFilter(field_name="date_created", lookup_expr="gte")
    date_created__lte = django_filters.IsoDateTimeFilter(field_name="date_created", lookup_expr="lte")
    date_done__gte = django_filters.IsoDateTimeFilter(field_name="date_done", lookup_expr="gte")
    date_done__lte = django_filters.IsoDateTimeFilter(field_name="date_done", lookup_expr="lte")
    job_model_id = MultiValueUUIDFilter(field_name="job_model", lookup_expr="exact")
    job_model_id__isnull = django_filters.BooleanFilter(field_name="job_model", lookup_expr="isnull")
    has_relations = {"job_console_entries": "job_log_entries"}
    # By username or id; documented as an id, as Nautobot documents it.
    user = RelatedFilter(field_name="user", related=User, to_field="username", schema_type=BY_ID)
    canceled_by = RelatedFilter(field_name="canceled_by", related=User, to_field="username", schema_type=BY_ID)

    class Meta:
        model = JobResult
        # job_model by id or name, user by id or username
        fields = [
            "name",
            "job_model",
            "status",
            "user",
            "user_name",
            "queue_job_id",
            "date_created",
            "date_done",
            "date_started",
            "cancel_type",
            "date_canceled",
        ]


class JobLogEntryFilterSet(BaseFilterSet):
    search_fields = ("message", "log_object")
    job_result = RelatedFilter(field_name="job_result", related=JobResult, to_field="pk", schema_type=BY_ID)

    class Meta:
        model = JobLogEntry
        fields = ["job_result", "log_level", "grouping", "message", "log_object", "absolute_url"]
