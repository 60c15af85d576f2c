"""Keep the `Job` rows in step with the job classes found: a row for each new class, its name, grouping and
description refreshed, `installed=False` for a class that is gone (rows are never deleted: their results
stay). Called lazily — when jobs are listed or run and when a worker starts — and cheap when nothing
changed: one query, and no transaction at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from netkeel.extras.jobs.discovery import Discovery, FoundJob, discover
from netkeel.extras.models import Job

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


Fields = tuple[str, str, str, str, str]
SYNCED_FIELDS = [
    "module_name",
    "job_class_name",
    "name",
    "grouping",
    "description",
]  # module, class, name, grouping, description


def _wanted(found: Discovery, errors: dict[str, str]) -> dict[tuple[str, str], Fields]:
    """The rows the classes call for, by (module, class); a name taken twice keeps its first class."""
    wanted: dict[tuple[str, str], Fields] = {}
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
        grouping = meta.grouping or job.default_grouping
        wanted[(job.module_name, job.class_name)] = (job.module_name, job.class_name, name, grouping, meta.description)
    return wanted


def sync_jobs() -> SyncReport:
    found = discover()
    report = SyncReport(errors=dict(found.errors), discovery=found)
    wanted = _wanted(found, report.errors)
    rows = {
        (module, cls): (pk, name, grouping, description, installed)
        for pk, module, cls, name, grouping, description, installed in Job.objects.values_list(
            "pk", "module_name", "job_class_name", "name", "grouping", "description", "installed"
        )
    }
    by_name = {values[1]: path for path, values in rows.items()}
    creates: list[Job] = []
    updates: list[Job] = []
    reused: set[object] = set()
    now = timezone.now()
    for path, (module, cls, name, grouping, description) in wanted.items():
        current = rows.get(path)
        if current is not None:
            pk, old_name, old_grouping, old_description, installed = current
            if (old_name, old_grouping, old_description, installed) == (name, grouping, description, True):
                continue
        else:
            holder = by_name.get(name)
            if holder is not None and holder in wanted:
                report.errors[f"{module}.{cls}"] = f"The job name {name!r} is already taken by {'.'.join(holder)}."
                continue
            if holder is None:
                creates.append(Job(module_name=module, job_class_name=cls, name=name, grouping=grouping,
                                   description=description))  # fmt: skip
                continue
            # The class moved (a renamed file or module): the row, and its results, follow it.
            pk = rows[holder][0]
            reused.add(pk)
        updates.append(Job(pk=pk, module_name=module, job_class_name=cls, name=name, grouping=grouping,
                           description=description, installed=True, last_updated=now))  # fmt: skip
    gone = [values[0] for path, values in rows.items() if path not in wanted and values[4] and values[0] not in reused]
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
