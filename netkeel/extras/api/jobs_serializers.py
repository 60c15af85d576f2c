"""Jobs, job results and job log entries in Nautobot's shapes (API.md T3.3)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from netkeel.core.api.fields import ChoiceField
from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.extras.choices import JobResultCancelTypeChoices, JobResultStatusChoices, LogLevelChoices
from netkeel.extras.jobs.discovery import load_job_class
from netkeel.extras.jobs.runner import jobs_queue
from netkeel.extras.models import Job, JobLogEntry, JobResult
from netkeel.extras.models.jobs import FROM_CODE_ONLY, OVERRIDABLE_FIELDS, OVERRIDDEN

SCHEDULE_INTERVALS = ["immediately", "future", "hourly", "daily", "weekly", "custom"]  # Nautobot's
LOG_LEVELS = [level for level, _ in LogLevelChoices.CHOICES]


class JobSerializer(BaseModelSerializer):
    """A job. Its code sets name, grouping, description, hidden, time limits…; a write of one of these
    sets its `<field>_override` too (unless the request says otherwise), so that the value written stays
    when the code is read again; `<field>_override: false` hands the field back to the code."""

    variables = serializers.SerializerMethodField()
    task_queues = serializers.SerializerMethodField()
    task_queues_override = serializers.SerializerMethodField()

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
            *OVERRIDDEN,
            *FROM_CODE_ONLY,
            "task_queues",
            "task_queues_override",
            "variables",
            "tags",
            "created",
            "last_updated",
            "notes_url",
            "custom_fields",
        ]
        read_only_fields = ["installed", "module_name", "job_class_name", *FROM_CODE_ONLY]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        for field in OVERRIDABLE_FIELDS:
            flag = f"{field}_override"
            if field in attrs and flag not in attrs and getattr(self.instance, field, None) != attrs[field]:
                attrs[flag] = True
        return attrs

    def get_task_queues(self, obj: Job) -> list[str]:
        """The RQ queue its runs go to (one for every job: the setting JOBS_QUEUE)."""
        return [jobs_queue()]

    def get_task_queues_override(self, obj: Job) -> bool:
        return False

    def get_variables(self, obj: Job) -> list[dict[str, Any]]:
        """Each input: Nautobot's keys (name, type, label, help_text, required, default, limits, choices,
        model; null where its type has no such limit), then netkeel's description and regex."""
        if not obj.installed:
            return []
        job_class = load_job_class(obj.module_name, obj.job_class_name)
        described = job_class.describe_variables() if job_class is not None else []
        return [{**VARIABLE_BLANKS, "help_text": item.get("description", ""), **item} for item in described]


class JobResultSerializer(BaseModelSerializer):
    """A run. Read-only: the endpoint takes no writes (its related fields keep their querysets only so that
    references render from the row's columns)."""

    # `{"value": "SUCCESS", "label": "SUCCESS"}` as Nautobot answers: pynautobot's `run_and_wait` reads
    # the label of a choice as its text and compares it with PENDING/STARTED.
    status = ChoiceField(choices=JobResultStatusChoices.flat(), read_only=True)
    cancel_type = serializers.ChoiceField(choices=JobResultCancelTypeChoices.flat(), allow_blank=True, read_only=True)
    # Entries of each level, counted in the list's own query (the viewset annotates them).
    debug_log_count = serializers.IntegerField(read_only=True, allow_null=True)
    info_log_count = serializers.IntegerField(read_only=True, allow_null=True)
    success_log_count = serializers.IntegerField(read_only=True, allow_null=True)
    warning_log_count = serializers.IntegerField(read_only=True, allow_null=True)
    error_log_count = serializers.IntegerField(read_only=True, allow_null=True)

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
            "task_name",
            "task_args",
            "meta",
            "date_created",
            "date_started",
            "date_done",
            "cancel_type",
            "canceled_by",
            "canceled_by_user_name",
            "date_canceled",
            "debug_log_count",
            "info_log_count",
            "success_log_count",
            "warning_log_count",
            "error_log_count",
            "queue_job_id",
            "worker",
            "netkeel_version",
            "created",
            "last_updated",
            "notes_url",
            "custom_fields",
        ]


class JobLogEntrySerializer(BaseModelSerializer):
    # A plain string, as Nautobot sends it (not a `{value, label}` choice).
    log_level = serializers.ChoiceField(choices=LOG_LEVELS, required=False)

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


class JobScheduleSerializer(serializers.Serializer):
    """Nautobot's schedule of a run; netkeel runs at once, so only `{"interval": "immediately"}` is taken."""

    name = serializers.CharField(required=False)
    start_time = serializers.DateTimeField(required=False, allow_null=True)
    interval = serializers.ChoiceField(choices=SCHEDULE_INTERVALS)
    crontab = serializers.CharField(required=False, allow_blank=True)


class JobRunSerializer(serializers.Serializer):
    """What `POST /api/extras/jobs/<id or name>/run/` takes (other keys, such as pynautobot's own
    `job_name`, are ignored)."""

    # `data` is the request field Nautobot names so; it shadows Serializer.data, which this input-only
    # serializer never renders.
    data = serializers.JSONField(required=False, help_text="The inputs, by variable name.")  # type: ignore[assignment]
    schedule = JobScheduleSerializer(required=False, allow_null=True, help_text="Only `immediately` is supported.")
    task_queue = serializers.CharField(required=False, help_text="The queue to run on; only the jobs queue is served.")


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "object_type": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
        },
    }
)
class NoScheduleField(serializers.JSONField):
    """A reference to Nautobot's scheduled job, which netkeel never makes: null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, allow_null=True, **kwargs)


class JobRunResponseSerializer(serializers.Serializer):
    scheduled_job = serializers.JSONField(allow_null=True, help_text="Always null: runs start at once.")
    schedule = NoScheduleField(help_text="Always null: runs start at once (Nautobot's scheduled job).")
    job_result = JobResultSerializer()


class JobVariableSerializer(serializers.Serializer):
    """One input of a job, as Nautobot describes it (limits a variable type does not have are null)."""

    name = serializers.CharField(read_only=True)
    type = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    help_text = serializers.CharField(read_only=True)  # type: ignore[assignment]
    required = serializers.BooleanField(read_only=True)  # type: ignore[assignment]
    default = serializers.JSONField(read_only=True)
    min_length = serializers.IntegerField(read_only=True, allow_null=True)
    max_length = serializers.IntegerField(read_only=True, allow_null=True)
    min_value = serializers.IntegerField(read_only=True, allow_null=True)
    max_value = serializers.IntegerField(read_only=True, allow_null=True)
    choices = serializers.JSONField(read_only=True)
    model = serializers.CharField(read_only=True, allow_null=True)


# Every key of a job input as Nautobot lists it, null where the input's type has no such limit.
VARIABLE_BLANKS: dict[str, Any] = dict.fromkeys(JobVariableSerializer().fields)
