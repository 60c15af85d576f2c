"""The change log: an `ObjectChange` for every create, update and delete of a netkeel object (and of users
and API tokens), written in the same transaction as the change and published to `netkeel.extras.events`.

Model signals (pre/post save, pre/post delete, tag changes) give the coverage: every save, whichever
service, serializer or script makes it. STYLE rule 3 keeps domain consequences out of signals; this is
an audit trail, not a consequence, and it must not depend on every caller remembering it.

What is not recorded, on purpose:
- rows inserted with `bulk_create`, unless the service calls `record_bulk_create(objects)` right after (the
  device services and IP allocation do) or announces them with core's `objects_bulk_created` (the API's
  bulk POST does; `connect` registers `record_bulk_create` for it); the demo data generator and
  `trace_paths` write in bulk without it, as do data migrations (their historical models send no signals);
- a plain set-based `QuerySet.update()`: netkeel code that changes recorded columns of many rows at once
  calls `recorded_update(queryset, **values)` instead, which records each row it changes in a constant
  number of queries (or `recorded_assign(objects, **values)` for objects it has just read: the cable
  service giving both ends their cable);
- nothing else: a tag's objects changed from the tag's side (`tag.<app>_<model>_related.add(obj)` and
  the like) and the objects a deleted tag leaves are recorded as updates of those objects.

Who made a change comes from `change_context` (see `context.py`): the middleware, `job_context` or code
that sets one; outside any, changes are `orm` changes with no user. The context is also the unit of work:
it owns the records written in its open transaction, seen through Django's public transaction API only
(`in_atomic_block`, `on_commit`), so that an upgrade of Django cannot silently change what folds.

A service that writes an object and its parts opens `one_insert()` inside its transaction: the records made
there are held and written in one INSERT when the block ends (a new device, its tags and its components: one
statement), and an update folded into a held record costs no statement.

Consecutive changes of one object in one transaction and context (a device saved, then tagged) make one
record: the later change updates the earlier record and publishes it again, the same `ObjectChange`
instance with the same id and its data brought up to date. A subscriber that acts after commit should act
once per record id, reading the record's data then.
"""

from __future__ import annotations

from netkeel.extras.changelog.context import ChangeContext, change_context, current_context, job_context
from netkeel.extras.changelog.recorder import (
    connect,
    disconnect,
    is_connected,
    one_insert,
    record_bulk_create,
    recorded_assign,
    recorded_update,
)
from netkeel.extras.changelog.snapshots import spec_for

__all__ = [
    "ChangeContext",
    "change_context",
    "connect",
    "current_context",
    "disconnect",
    "is_connected",
    "job_context",
    "one_insert",
    "record_bulk_create",
    "recorded_assign",
    "recorded_update",
    "spec_for",
]
