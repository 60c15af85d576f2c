"""Jobs, job results and job log entries in Nautobot's shapes (API.md T3.3)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.extras.jobs.discovery import load_job_class
from netkeel.extras.models import Job, JobLogEntry, JobResult


class JobSerializer(BaseModelSerializer):
    """A job; only `enabled` is written (the rest comes from its code)."""

    variables = serializers.SerializerMethodField()

    class Meta(BaseModelSerializer.Meta):
        model = Job
        fields = [
            "id",
            "object_type",
            "display",
            "url",
            "natural_slug",
            "name",
            "grouping",
            "description",
            "enabled",
            "installed",
            "module_name",
            "job_class_name",
            "variables",
            "created",
            "last_updated",
            "notes_url",
            "custom_fields",
        ]
        read_only_fields = ["name", "grouping", "description", "installed", "module_name", "job_class_name"]

    def get_variables(self, obj: Job) -> list[dict[str, Any]]:
        """Each input: name, type (StringVar, …), label, description, required, default and its limits."""
        if not obj.installed:
            return []
        job_class = load_job_class(obj.module_name, obj.job_class_name)
        return job_class.describe_variables() if job_class is not None else []


class JobResultStatusField(serializers.Field):
    """`{"value": "SUCCESS", "label": "SUCCESS"}` as Nautobot answers: pynautobot's `run_and_wait` reads
    the label of a choice as its text and compares it with PENDING/STARTED."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, str]:
        return {"value": value, "label": value}


class JobResultSerializer(BaseModelSerializer):
    """A run. Read-only: the endpoint takes no writes (its related fields keep their querysets only so that
    references render from the row's columns)."""

    status = JobResultStatusField()

    class Meta(BaseModelSerializer.Meta):
        model = JobResult
        fields = [
            "id",
            "object_type",
            "display",
            "url",
            "natural_slug",
            "name",
            "job_model",
            "status",
            "user",
            "user_name",
            "task_kwargs",
            "result",
            "traceback",
            "date_created",
            "date_started",
            "date_done",
            "queue_job_id",
            "worker",
            "netkeel_version",
            "created",
            "last_updated",
            "notes_url",
            "custom_fields",
        ]


class JobLogEntrySerializer(BaseModelSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = JobLogEntry
        fields = [
            "id",
            "object_type",
            "display",
            "url",
            "natural_slug",
            "job_result",
            "log_level",
            "grouping",
            "message",
            "log_object",
            "absolute_url",
            "created",
            "last_updated",
            "notes_url",
            "custom_fields",
        ]


class JobRunSerializer(serializers.Serializer):
    """What `POST /api/extras/jobs/<id or name>/run/` takes (other keys, such as pynautobot's own
    `job_name`, are ignored)."""

    # `data` is the request field Nautobot names so; it shadows Serializer.data, which this input-only
    # serializer never renders.
    data = serializers.JSONField(required=False, help_text="The inputs, by variable name.")  # type: ignore[assignment]
    schedule = serializers.JSONField(required=False, allow_null=True, help_text="Not supported: leave it out.")


class JobRunResponseSerializer(serializers.Serializer):
    scheduled_job = serializers.JSONField(allow_null=True, help_text="Always null: runs start at once.")
    job_result = JobResultSerializer()
