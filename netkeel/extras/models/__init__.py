from netkeel.extras.models.changes import ChangeContextChoices, ObjectChange, ObjectChangeActionChoices
from netkeel.extras.models.classification import Role, Status, Tag
from netkeel.extras.models.customfields import CustomField, CustomFieldChoice
from netkeel.extras.models.jobs import Job, JobLogEntry, JobResult, JobResultStatusChoices
from netkeel.extras.models.notes import Note
from netkeel.extras.models.webhooks import Webhook

__all__ = [
    "ChangeContextChoices",
    "CustomField",
    "CustomFieldChoice",
    "Job",
    "JobLogEntry",
    "JobResult",
    "JobResultStatusChoices",
    "Note",
    "ObjectChange",
    "ObjectChangeActionChoices",
    "Role",
    "Status",
    "Tag",
    "Webhook",
]
