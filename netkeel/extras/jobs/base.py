"""`Job`: the class a job's code extends.

    from netkeel.extras.jobs import Job, StringVar

    class RenameDevices(Job):
        class Meta:
            name = "Rename devices"          # unique among jobs; the class name if left out
            description = "Give devices a prefix."
            grouping = "Housekeeping"        # the app, or the file's name, if left out
            atomic = True                    # the default: an exception undoes every write of the run

        prefix = StringVar(max_length=20)

        def run(self, prefix):
            self.logger.info("Renaming with %s", prefix)
            return {"renamed": 0}

`name`, `description` and `grouping` may also be plain string class attributes. What `run()` returns is
stored as the result (as JSON). `self.logger` writes the run's log entries; `self.job_result` is the run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models

from netkeel.extras.choices import LogLevelChoices
from netkeel.extras.jobs.variables import Variable

if TYPE_CHECKING:
    from netkeel.extras.models import JobLogEntry, JobResult

# Log levels as Python's logging sees them, for the copy each entry gets in the process log.
PYTHON_LEVELS = {
    LogLevelChoices.DEBUG: logging.DEBUG,
    LogLevelChoices.INFO: logging.INFO,
    LogLevelChoices.SUCCESS: logging.INFO,
    LogLevelChoices.WARNING: logging.WARNING,
    LogLevelChoices.FAILURE: logging.ERROR,
    LogLevelChoices.ERROR: logging.ERROR,
}
process_log = logging.getLogger("netkeel.jobs")


@dataclass(frozen=True)
class JobMeta:
    name: str
    description: str
    grouping: str
    atomic: bool
    # Nautobot's Meta options of a job; an administrator may override each on the job's row.
    hidden: bool = False
    dryrun_default: bool = False
    has_sensitive_variables: bool = True
    is_singleton: bool = False
    soft_time_limit: float = 0
    time_limit: float = 0


class Job:
    """Base class of every job; subclasses define `run()` and their inputs as class attributes."""

    # A base class of other jobs, never run itself (set it in the class body, it is not inherited).
    abstract: ClassVar[bool] = True

    def __init__(self, job_result: JobResult | None = None) -> None:
        self.job_result = job_result
        self.logger = JobLogger(job_result, buffered=self.meta().atomic)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "abstract" not in cls.__dict__:
            cls.abstract = False

    if TYPE_CHECKING:
        # Each job declares run() with its own inputs as keyword arguments.
        run: Callable[..., Any]
    else:

        def run(self, **data: Any) -> Any:
            raise NotImplementedError(f"{type(self).__name__} must define run().")

    # ------------------------------------------------------------------------------ what the class says

    @classmethod
    def meta(cls) -> JobMeta:
        meta = getattr(cls, "Meta", None)

        def read(attribute: str, default: Any) -> Any:
            value = getattr(meta, attribute, None)
            if value is None:
                plain = cls.__dict__.get(attribute)
                value = plain if isinstance(plain, str) else None
            return default if value is None else value

        doc_line = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ and cls.__doc__.strip() else ""
        return JobMeta(
            name=str(read("name", cls.__name__)),
            description=str(read("description", doc_line)),
            grouping=str(read("grouping", "")),
            atomic=bool(getattr(meta, "atomic", True)),
            hidden=bool(getattr(meta, "hidden", False)),
            dryrun_default=bool(getattr(meta, "dryrun_default", False)),
            has_sensitive_variables=bool(getattr(meta, "has_sensitive_variables", True)),
            is_singleton=bool(getattr(meta, "is_singleton", False)),
            soft_time_limit=float(getattr(meta, "soft_time_limit", 0) or 0),
            time_limit=float(getattr(meta, "time_limit", 0) or 0),
        )

    @classmethod
    def variables(cls) -> dict[str, Variable]:
        """The inputs, in the order they are written (a base class's first)."""
        found: dict[str, Variable] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Variable):
                    found[name] = value
        return found

    @classmethod
    def describe_variables(cls) -> list[dict[str, Any]]:
        return [variable.describe() for variable in cls.variables().values()]


class JobLogger:
    """The run's log: `debug`, `info`, `success`, `warning`, `failure`, `error`(message, *args, obj=…).

    Entries of an atomic job are kept in memory and written when the run ends, after its transaction
    commits or rolls back, so that a failed run keeps its log. Non-atomic jobs write each entry at once.
    Nautobot's spelling `logger.info("…", extra={"object": obj})` works too.
    """

    def __init__(self, job_result: JobResult | None, *, buffered: bool = True) -> None:
        self.job_result = job_result
        self.buffered = buffered
        self.pending: list[JobLogEntry] = []

    def log(
        self, level: str, message: Any, *args: Any, obj: models.Model | None = None, extra: dict[str, Any] | None = None
    ) -> None:
        from netkeel.extras.models import JobLogEntry

        text = str(message) % args if args else str(message)
        extra = extra or {}
        obj = obj if obj is not None else extra.get("object")
        grouping = str(extra.get("grouping") or "main")[:100]
        process_log.log(PYTHON_LEVELS.get(level, logging.INFO), "%s: %s", self._run_name(), text)
        if self.job_result is None:
            return
        entry = JobLogEntry(
            job_result=self.job_result,
            log_level=level,
            grouping=grouping,
            message=text,
            log_object=str(obj)[:200] if obj is not None else "",
            absolute_url=object_url(obj) if obj is not None else "",
        )
        if self.buffered:
            self.pending.append(entry)
        else:
            entry.save(force_insert=True)

    def flush(self) -> None:
        from netkeel.extras.models import JobLogEntry

        if self.pending:
            JobLogEntry.objects.bulk_create(self.pending)
            self.pending = []

    def _run_name(self) -> str:
        return self.job_result.name if self.job_result is not None else "job"

    def debug(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self.log(LogLevelChoices.DEBUG, message, *args, **kwargs)

    def info(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self.log(LogLevelChoices.INFO, message, *args, **kwargs)

    def success(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self.log(LogLevelChoices.SUCCESS, message, *args, **kwargs)

    def warning(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self.log(LogLevelChoices.WARNING, message, *args, **kwargs)

    def failure(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self.log(LogLevelChoices.FAILURE, message, *args, **kwargs)

    def error(self, message: Any, *args: Any, **kwargs: Any) -> None:
        self.log(LogLevelChoices.ERROR, message, *args, **kwargs)


def object_url(obj: Any) -> str:
    """Where a person finds `obj`: its page when it has one, else its API URL (relative)."""
    get_url = getattr(obj, "get_absolute_url", None)
    if callable(get_url):
        try:
            return str(get_url())[:500]
        except Exception:  # noqa: BLE001 - a log entry never fails the job over a link
            return ""
    if isinstance(obj, models.Model):
        from netkeel.core.api import registry

        return (registry.detail_url(type(obj), obj.pk, None) or "")[:500]
    return ""
