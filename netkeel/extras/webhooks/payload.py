"""The event a webhook sends for one recorded change, in Nautobot's shape:

    {"event": "created" | "updated" | "deleted", "timestamp": ISO 8601, "model": "device",
     "username": "...", "request_id": "..." | null,
     "data": <the object after the change; before it for a delete>,
     "snapshots": {"prechange": …, "postchange": …, "differences": {"removed": …, "added": …}}}

It is built from the `ObjectChange` alone (no query but the cached content type), as plain JSON values.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from netkeel.extras.choices import ObjectChangeActionChoices
from netkeel.extras.models import ObjectChange

EVENTS = {
    ObjectChangeActionChoices.CREATE: "created",
    ObjectChangeActionChoices.UPDATE: "updated",
    ObjectChangeActionChoices.DELETE: "deleted",
}


def differences(prechange: Any, postchange: Any) -> dict[str, Any]:
    """Top-level keys whose values differ: their old values under `removed`, new ones under `added`."""
    before = prechange if isinstance(prechange, dict) else None
    after = postchange if isinstance(postchange, dict) else None
    if before is None or after is None:
        return {"removed": before, "added": after}
    removed = {key: value for key, value in before.items() if key not in after or after[key] != value}
    added = {key: value for key, value in after.items() if key not in before or before[key] != value}
    return {"removed": removed, "added": added}


def event_payload(change: ObjectChange) -> dict[str, Any]:
    content_type = ContentType.objects.get_for_id(change.changed_object_type_id)
    prechange = change.prechange_data
    postchange = change.postchange_data
    deleted = change.action == ObjectChangeActionChoices.DELETE
    return {
        "event": EVENTS.get(change.action, str(change.action)),
        "timestamp": change.time.isoformat() if change.time else None,
        "model": content_type.model,
        "username": change.user_name or None,
        "request_id": str(change.request_id) if change.request_id else None,
        "data": prechange if deleted else postchange,
        "snapshots": {
            "prechange": prechange,
            "postchange": postchange,
            "differences": differences(prechange, postchange),
        },
    }
