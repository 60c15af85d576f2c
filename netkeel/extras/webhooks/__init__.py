"""Webhooks: each recorded change is matched against the enabled webhooks (matching.py); a match is
delivered after commit (dispatch.py: the `webhooks` RQ queue, or a thread without Redis), as a signed
request built from sandboxed templates (templating.py, delivery.py) to an address the SSRF guard allows
(ssrf.py). The event's shape is in payload.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def connect() -> None:
    """Subscribe to change events; called once from ExtrasConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from netkeel.core.api.hooks import register_bulk_created
    from netkeel.extras import events
    from netkeel.extras.models import Webhook
    from netkeel.extras.webhooks.matching import on_change

    events.subscribe(on_change)
    # Only the per-process table of webhooks listens to these: no domain work happens in signals.
    post_save.connect(_webhook_written, sender=Webhook, dispatch_uid="netkeel.webhooks.saved")
    post_delete.connect(_webhook_written, sender=Webhook, dispatch_uid="netkeel.webhooks.deleted")
    m2m_changed.connect(_webhook_written, sender=Webhook.content_types.through, dispatch_uid="netkeel.webhooks.typed")
    register_bulk_created(_webhooks_bulk_created)  # a list of webhooks POSTed goes in with one INSERT


def _webhooks_bulk_created(objects: Sequence[Any]) -> None:
    from netkeel.extras.models import Webhook

    if any(isinstance(obj, Webhook) for obj in objects):
        _webhook_written()


def _webhook_written(**kwargs: Any) -> None:
    from netkeel.extras.webhooks.matching import TABLE

    TABLE.mark_written()
