"""Jobs: the code of a job is a `netkeel.extras.jobs.Job` class; a `Job` row records each class found (so
it has an id, and can be disabled); a `JobResult` records each run, its log entries and what it returned."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.extras.choices import JobResultCancelTypeChoices, JobResultStatusChoices, LogLevelChoices
from netkeel.extras.fields import TagsField

# The fields a job's code sets and an administrator may override: with `<field>_override` true, the value
# saved here wins over the code's on every later look at the code.
OVERRIDABLE_FIELDS = (
    "name",
    "grouping",
    "description",
    "hidden",
    "dryrun_default",
    "has_sensitive_variables",
    "is_singleton",
    "soft_time_limit",
    "time_limit",
    "console_log_default",
)
# Each of them with its override flag, as the API lists them (name, grouping and description come earlier).
OVERRIDDEN = [
    *(name for field in OVERRIDABLE_FIELDS[3:] for name in (field, f"{field}_override")),
    "name_override",
    "grouping_override",
    "description_override",
]
# Nautobot's flags of what a job is, which no API write changes.
FROM_CODE_ONLY = ["is_job_hook_receiver", "is_job_button_receiver", "read_only", "supports_dryrun"]


class Job(BaseModel):
    module_name = models.CharField(max_length=200)
    job_class_name = models.CharField(max_length=100)
    grouping = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    enabled = models.BooleanField(default=True)
    installed = models.BooleanField(default=True, help_text="False once its code is gone.")
    hidden = models.BooleanField(default=False, db_index=True, help_text="Left out of the job list in the UI.")
    dryrun_default = models.BooleanField(default=False, help_text="Stored for Nautobot's clients; not used.")
    has_sensitive_variables = models.BooleanField(
        default=True, help_text="Its inputs may hold secrets (stored for Nautobot's clients)."
    )
    is_singleton = models.BooleanField(default=False, help_text="Refuse a run while another run of it is unfinished.")
    soft_time_limit = models.FloatField(
        default=0, validators=[MinValueValidator(0)], help_text="Seconds; stored for Nautobot's clients (0: none)."
    )
    time_limit = models.FloatField(
        default=0,
        validators=[MinValueValidator(0)],
        help_text="Seconds a queued run may take before the worker stops it (0: the queue's default).",
    )
    console_log_default = models.BooleanField(default=False, help_text="Stored for Nautobot's clients; not used.")
    # Nautobot's receivers of job hooks and job buttons: netkeel has neither yet, so these stay false.
    is_job_hook_receiver = models.BooleanField(default=False, editable=False)
    is_job_button_receiver = models.BooleanField(default=False, editable=False)
    read_only = models.BooleanField(default=False, editable=False)
    supports_dryrun = models.BooleanField(default=False, editable=False)
    name_override = models.BooleanField(default=False)
    grouping_override = models.BooleanField(default=False)
    description_override = models.BooleanField(default=False)
    hidden_override = models.BooleanField(default=False)
    dryrun_default_override = models.BooleanField(default=False)
    has_sensitive_variables_override = models.BooleanField(default=False)
    is_singleton_override = models.BooleanField(default=False)
    soft_time_limit_override = models.BooleanField(default=False)
    time_limit_override = models.BooleanField(default=False)
    console_log_default_override = models.BooleanField(default=False)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["grouping", "name"]
        constraints = [
            models.UniqueConstraint(fields=["module_name", "job_class_name"], name="extras_job_unique_class")
        ]
        # Nautobot's name for it: running a job is not changing it.
        permissions = [("run_job", "Can run a job")]

    def __str__(self) -> str:
        return self.name

    @property
    def class_path(self) -> str:
        return f"{self.module_name}.{self.job_class_name}"


class JobResult(BaseModel):
    job_model = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="job_results")
    name = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="job_results"
    )
    user_name = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=30, choices=JobResultStatusChoices.flat(), default="PENDING", db_index=True)
    task_kwargs = models.JSONField(default=dict, blank=True, help_text="The inputs the job was run with.")
    result = models.JSONField(null=True, blank=True, help_text="What the job returned.")
    traceback = models.TextField(blank=True)
    # Celery's names in Nautobot: the job's class path, the positional inputs (netkeel jobs take none) and
    # the task's own metadata (none under RQ, so null).
    task_name = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001 - null: not known
    task_args = models.JSONField(default=list, blank=True)
    meta = models.JSONField(null=True, blank=True)
    # A run stopped on purpose: how, by whom and when (netkeel cannot stop a run yet, so these stay empty).
    cancel_type = models.CharField(max_length=50, choices=JobResultCancelTypeChoices.flat(), blank=True, default="")
    canceled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    canceled_by_user_name = models.CharField(max_length=150, blank=True)
    date_canceled = models.DateTimeField(null=True, blank=True)
    date_created = models.DateTimeField(auto_now_add=True, db_index=True)
    date_started = models.DateTimeField(null=True, blank=True)
    date_done = models.DateTimeField(null=True, blank=True)
    # Which queue job and worker ran it, and with which netkeel release.
    queue_job_id = models.CharField(max_length=100, blank=True, db_index=True)
    worker = models.CharField(max_length=255, blank=True)
    netkeel_version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["-date_created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class JobLogEntry(BaseModel):
    job_result = models.ForeignKey(JobResult, on_delete=models.CASCADE, related_name="job_log_entries")
    log_level = models.CharField(max_length=32, choices=LogLevelChoices.flat(), default="info", db_index=True)
    grouping = models.CharField(max_length=100, default="main")
    message = models.TextField(blank=True)
    log_object = models.CharField(max_length=200, blank=True, help_text="The object the entry is about, as shown.")
    absolute_url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created"]
        verbose_name_plural = "job log entries"

    def __str__(self) -> str:
        return f"{self.log_level}: {self.message[:50]}"
