"""CSV import and export as jobs, so a big file runs on the worker and its outcome stays in the run.

`CSVImport` logs every row error (its line and field) as a log entry, progress every tenth of the file,
and returns the counts. Its log is written when the run ends: the import is one transaction, and a
refused import must keep the log that says why. While it runs on the RQ worker, the progress is also in
the queue job's `meta["progress"]` (Redis), which other processes can read at once.
`CSVExport` returns the CSV of a filtered list in its result.
"""

from __future__ import annotations

import logging
from typing import Any

from netkeel.extras.csv_io.exporting import export_csv, resolve_model
from netkeel.extras.csv_io.importer import import_csv
from netkeel.extras.csv_io.reading import CSVError
from netkeel.extras.jobs import BooleanVar, Job, JobLogger, JSONVar, StringVar

GROUPING = "CSV import and export"
log = logging.getLogger("netkeel.jobs")


class ImportProgress:
    """The import's progress callback: a log entry at every tenth of the rows (and the last), and the
    live count in the RQ job's meta when running on the worker."""

    def __init__(self, logger: JobLogger, steps: int = 10) -> None:
        self.logger = logger
        self.steps = steps

    def __call__(self, done: int, total: int) -> None:
        step = max(1, -(-total // self.steps))
        if done % step and done != total:
            return
        self.logger.info("Processed %d of %d rows.", done, total, extra={"grouping": "progress"})
        publish_live_progress(done, total)


def publish_live_progress(done: int, total: int) -> None:
    try:
        from rq import get_current_job

        queue_job = get_current_job()
        if queue_job is None:
            return
        queue_job.meta["progress"] = {"done": done, "total": total}
        queue_job.save_meta()
    except Exception as exc:  # noqa: BLE001 - live progress is a courtesy; the import goes on without it
        log.debug("Could not publish import progress: %s", exc)


class CSVImport(Job):
    class Meta:
        name = "Import CSV"
        description = (
            "Create or update objects of one type from CSV: a header row of API field names, then a row per "
            "object. A row with an id, or the type's natural key (a device's name and location), updates "
            "that object; other rows create one. Nothing is written if any row fails, unless partial."
        )
        grouping = GROUPING

    content_type = StringVar(label="Object type", description="app.model, such as dcim.device.", max_length=100)
    csv_data = StringVar(label="CSV", description="The CSV text, its first row the field names.")
    update_existing = BooleanVar(default=True, description="Rows naming an existing object update it.")
    atomic = BooleanVar(default=True, description="Write nothing when any row fails (else write the good rows).")

    def run(self, content_type: str, csv_data: str, update_existing: bool = True, atomic: bool = True) -> Any:
        model = resolve_model(content_type)
        user = self.job_result.user if self.job_result is not None else None
        report = import_csv(
            model,
            csv_data,
            user=user,
            update_existing=update_existing is not False,
            atomic=atomic is not False,
            progress=ImportProgress(self.logger),
        )
        for error in report.errors:
            self.logger.failure(
                "line %d: %s: %s", error.line, error.field, error.message, extra={"grouping": f"line {error.line}"}
            )
        summary = report.summary(str(model._meta.verbose_name_plural))
        if report.errors:
            self.logger.failure(summary)
        else:
            self.logger.success(summary)
        return report.as_dict()


class CSVExport(Job):
    class Meta:
        name = "Export CSV"
        description = "The CSV of a list, with the filters its API endpoint takes, in the run's result."
        grouping = GROUPING

    content_type = StringVar(label="Object type", description="app.model, such as dcim.device.", max_length=100)
    filters = JSONVar(
        required=False,
        description='Query parameters as a JSON object, a list for several values: {"location": ["DC1", "DC2"]}.',
    )

    def run(self, content_type: str, filters: Any = None) -> Any:
        model = resolve_model(content_type)
        if filters is not None and not isinstance(filters, dict):
            raise CSVError('Give the filters as a JSON object of parameter: value, such as {"location": "DC1"}.')
        user = self.job_result.user if self.job_result is not None else None
        export = export_csv(model, filters or {}, user=user)
        self.logger.success("Exported %d %s.", export.rows, model._meta.verbose_name_plural)
        return {
            "object_type": f"{model._meta.app_label}.{model._meta.model_name}",
            "rows": export.rows,
            "csv": export.text,
        }
