from netkeel.extras.models.changes import ObjectChange
from netkeel.extras.models.classification import Role, Status, Tag
from netkeel.extras.models.customfields import CustomField, CustomFieldChoice
from netkeel.extras.models.graphql import GraphQLQuery
from netkeel.extras.models.jobs import Job, JobLogEntry, JobResult
from netkeel.extras.models.notes import Note
from netkeel.extras.models.webhooks import Webhook

__all__ = [
    "CustomField",
    "CustomFieldChoice",
    "GraphQLQuery",
    "Job",
    "JobLogEntry",
    "JobResult",
    "Note",
    "ObjectChange",
    "Role",
    "Status",
    "Tag",
    "Webhook",
]
