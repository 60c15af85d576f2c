"""The CSV import page's importer: extras' `import_csv`, its report turned into the UI's outcome.

A file of up to `INLINE_LINES` lines is imported during the request, and its problems are shown at once.
A longer one runs as the `CSVImport` job (on the worker when Redis is configured, else beside the web
process), and the page sends the user to the run, whose log lists each bad row with its line.
The CSV modules are imported when called, so the page still works (saying import is unavailable) in a
tree that lacks them.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import models

from netkeel.core.api import registry
from netkeel.core.ui.hooks import ImportOutcome, ImportProblem

log = logging.getLogger(__name__)
# Files longer than this many lines are imported by a background job.
INLINE_LINES = 1000


def import_for_ui(model: type[models.Model], text: str, *, user: Any) -> ImportOutcome:
    lines = text.count("\n")
    if lines > INLINE_LINES:
        queued = queue_import(model, text, user)
        if queued is not None:
            return queued
    try:
        from netkeel.extras.csv_io import CSVFileError, import_csv
    except ImportError:
        raise ValueError("CSV import is not available on this installation.") from None
    try:
        report = import_csv(model, text, user=user)
    except CSVFileError as exc:
        raise ValueError(str(exc)) from None
    return ImportOutcome(
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        problems=[ImportProblem(error.line, error.field, error.message) for error in report.errors],
        written=report.written,
    )


def queue_import(model: type[models.Model], text: str, user: Any) -> ImportOutcome | None:
    """Start the CSVImport job on `text`; None when the job is not available (the caller imports inline)."""
    try:
        from netkeel.extras.csv_io.jobs import CSVImport
        from netkeel.extras.jobs.service import JobNotRunnable, enqueue_job
        from netkeel.extras.jobs.sync import sync_jobs
        from netkeel.extras.jobs.variables import JobInputError
        from netkeel.extras.models import Job, JobResult
    except ImportError:
        return None
    where = {"module_name": CSVImport.__module__, "job_class_name": CSVImport.__name__}
    job_model = Job.objects.filter(**where).first()
    if job_model is None:
        sync_jobs()
        job_model = Job.objects.filter(**where).first()
    if job_model is None:
        return None
    data = {"content_type": registry.object_type(model), "csv_data": text}
    try:
        run = enqueue_job(job_model, user, data)
    except (JobNotRunnable, JobInputError) as exc:
        log.warning("CSV import job not started, importing during the request: %s", exc)
        return None
    return ImportOutcome(
        rows=text.count("\n"),
        created=0,
        updated=0,
        unchanged=0,
        problems=[],
        written=False,
        job_url=registry.detail_url(JobResult, run.pk, None),
    )
