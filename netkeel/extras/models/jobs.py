"""Jobs: the code of a job is a `netkeel.extras.jobs.Job` class; a `Job` row records each class found (so
it has an id, and can be disabled); a `JobResult` records each run, its log entries and what it returned."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.extras.choices import JobResultStatusChoices, LogLevelChoices


class Job(BaseModel):
    module_name = models.CharField(max_length=200)
    job_class_name = models.CharField(max_length=100)
    grouping = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    enabled = models.BooleanField(default=True)
    installed = models.BooleanField(default=True, help_text="False once its code is gone.")

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
