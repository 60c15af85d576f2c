"""Keep the `Job` rows in step with the job classes found: a row for each new class, its name, grouping and
description refreshed, `installed=False` for a class that is gone (rows are never deleted: their results
stay). Called lazily — when jobs are listed or run and when a worker starts — and cheap when nothing
changed: one query, and no transaction at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from netkeel.extras.jobs.discovery import Discovery, FoundJob, discover
from netkeel.extras.models import Job
from netkeel.extras.models.jobs import OVERRIDABLE_FIELDS

log = logging.getLogger("netkeel.jobs")
NAME_LENGTH = Job._meta.get_field("name").max_length or 100


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    uninstalled: int = 0
    # Modules that failed to import and jobs that could not be recorded, one sentence each.
    errors: dict[str, str] = field(default_factory=dict)
    discovery: Discovery = field(default_factory=Discovery)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.uninstalled)


# What the code of a job decides, each refreshed on every look at the code unless its `<field>_override`
# is set on the row (then the administrator's value stays).
CODE_FIELDS = tuple(name for name in OVERRIDABLE_FIELDS if name != "console_log_default")  # a UI option
SYNCED_FIELDS = ["module_name", "job_class_name", *CODE_FIELDS]
OVERRIDES = tuple(f"{name}_override" for name in CODE_FIELDS)


def _wanted(found: Discovery, errors: dict[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    """The rows the classes call for, by (module, class); a name taken twice keeps its first class."""
    wanted: dict[tuple[str, str], dict[str, Any]] = {}
    owners: dict[str, FoundJob] = {}
    for job in found.jobs:
        meta = job.job_class.meta()
        name = meta.name.strip()
        if not name or len(name) > NAME_LENGTH:
            errors[job.class_path] = f"A job's name must be 1 to {NAME_LENGTH} characters; {name[:40]!r}… is not."
            continue
        if name in owners:
            errors[job.class_path] = (
                f"The job name {name!r} is already taken by {owners[name].class_path}; give one of them another "
                f"name (class Meta: name = ...)."
            )
            continue
        owners[name] = job
        values = {field: getattr(meta, field) for field in CODE_FIELDS}
        values.update(
            module_name=job.module_name, job_class_name=job.class_name, name=name,
            grouping=meta.grouping or job.default_grouping,
        )  # fmt: skip
        wanted[(job.module_name, job.class_name)] = values
    return wanted


def _as_code_says(values: dict[str, Any], row: dict[str, Any] | None) -> dict[str, Any]:
    """`values` with each field the row overrides kept as the row has it."""
    if row is None:
        return values
    return {field: row[field] if row.get(f"{field}_override") else value for field, value in values.items()}


def sync_jobs() -> SyncReport:
    found = discover()
    report = SyncReport(errors=dict(found.errors), discovery=found)
    wanted = _wanted(found, report.errors)
    rows = {
        (row["module_name"], row["job_class_name"]): row
        for row in Job.objects.values("pk", "installed", *SYNCED_FIELDS, *OVERRIDES)
    }
    by_name = {row["name"]: path for path, row in rows.items()}
    creates: list[Job] = []
    updates: list[Job] = []
    reused: set[object] = set()
    now = timezone.now()
    for path, values in wanted.items():
        current = rows.get(path)
        if current is not None:
            values = _as_code_says(values, current)
            if current["installed"] and all(current[field] == value for field, value in values.items()):
                continue
            pk = current["pk"]
        else:
            holder = by_name.get(values["name"])
            if holder is not None and holder in wanted:
                report.errors[".".join(path)] = (
                    f"The job name {values['name']!r} is already taken by {'.'.join(holder)}."
                )
                continue
            if holder is None:
                creates.append(Job(**values))
                continue
            # The class moved (a renamed file or module): the row, and its results, follow it.
            values = _as_code_says(values, rows[holder])
            pk = rows[holder]["pk"]
            reused.add(pk)
        updates.append(Job(pk=pk, installed=True, last_updated=now, **values))
    gone = [
        row["pk"] for path, row in rows.items() if path not in wanted and row["installed"] and row["pk"] not in reused
    ]
    if creates or updates or gone:
        try:
            with transaction.atomic():
                if gone:
                    report.uninstalled = Job.objects.filter(pk__in=gone).update(installed=False, last_updated=now)
                if updates:
                    Job.objects.bulk_update(updates, [*SYNCED_FIELDS, "installed", "last_updated"])
                    report.updated = len(updates)
                if creates:
                    # Another process may be recording the same classes at this moment.
                    Job.objects.bulk_create(creates, ignore_conflicts=True)
                    report.created = len(creates)
        except IntegrityError as exc:
            report.errors["jobs"] = f"The job list could not be recorded: {str(exc).splitlines()[0]}"
            log.warning("Recording the job list failed: %s", exc)
    for where, problem in report.errors.items():
        if where not in found.errors:
            log.warning("Job %s was not recorded: %s", where, problem)
    return report
