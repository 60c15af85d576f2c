"""Choice values and labels of the extras models: Nautobot's, compared with its schema by
`extras/tests/test_choices.py` (the change context is ours: Nautobot's schema does not enumerate it)."""

from __future__ import annotations

from netkeel.core.choices import ChoiceSet


class CustomFieldTypeChoices(ChoiceSet):
    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    URL = "url"
    JSON = "json"
    SELECT = "select"
    MULTISELECT = "multi-select"
    MARKDOWN = "markdown"
    CHOICES = (
        (TEXT, "Text"),
        (INTEGER, "Integer"),
        (BOOLEAN, "Boolean (true/false)"),
        (DATE, "Date"),
        (DATETIME, "Date/time"),
        (URL, "URL"),
        (SELECT, "Selection"),
        (MULTISELECT, "Multiple selection"),
        (JSON, "JSON"),
        (MARKDOWN, "Markdown"),
    )


class CustomFieldFilterLogicChoices(ChoiceSet):
    DISABLED = "disabled"
    LOOSE = "loose"
    EXACT = "exact"
    CHOICES = ((DISABLED, "Disabled"), (LOOSE, "Loose"), (EXACT, "Exact"))


class JobResultStatusChoices(ChoiceSet):
    # Celery's task states, as Nautobot offers them (value and label alike); netkeel's runner sets
    # PENDING, STARTED, SUCCESS and FAILURE.
    FAILURE = "FAILURE"
    PENDING = "PENDING"
    RECEIVED = "RECEIVED"
    RETRY = "RETRY"
    REVOKED = "REVOKED"
    STARTED = "STARTED"
    SUCCESS = "SUCCESS"
    CHOICES = tuple((state, state) for state in (FAILURE, PENDING, RECEIVED, RETRY, REVOKED, STARTED, SUCCESS))
    FINISHED = (SUCCESS, FAILURE)
    UNFINISHED = (PENDING, STARTED)


class JobResultCancelTypeChoices(ChoiceSet):
    """How a run was stopped before it finished, as Nautobot names it."""

    TERMINATED = "terminated"
    REAPED = "reaped"
    ABANDONED = "abandoned"
    CHOICES = ((TERMINATED, "Terminated"), (REAPED, "Reaped"), (ABANDONED, "Abandoned"))


class LogLevelChoices(ChoiceSet):
    DEBUG = "debug"
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    FAILURE = "failure"
    ERROR = "error"
    CRITICAL = "critical"
    CHOICES = (
        (DEBUG, "Debug"),
        (INFO, "Info"),
        (SUCCESS, "Success"),
        (WARNING, "Warning"),
        (FAILURE, "Failure"),
        (ERROR, "Error"),
        (CRITICAL, "Critical"),
    )


class ObjectChangeActionChoices(ChoiceSet):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    CHOICES = ((CREATE, "Created"), (UPDATE, "Updated"), (DELETE, "Deleted"))


class ObjectChangeEventContextChoices(ChoiceSet):
    API = "api"
    WEB = "web"
    JOB = "job"
    ORM = "orm"  # a service call or script outside a request or job
    CHOICES = ((API, "API"), (WEB, "Web"), (JOB, "Job"), (ORM, "ORM"))


class WebhookHttpMethodChoices(ChoiceSet):
    CHOICES = (("GET", "GET"), ("POST", "POST"), ("PUT", "PUT"), ("PATCH", "PATCH"), ("DELETE", "DELETE"))
