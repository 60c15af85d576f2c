"""Who and what a change is made through: the request, the job or plain code (`orm`).

`change_context(...)` opens one for the code inside (a `contextvars` variable, so threads and async tasks
each see their own); the middleware opens one per request, `job_context(job_result)` one per job run.
Outside any, changes are recorded as `orm` with no user.

A context is also the unit of work that owns the change records written in its open transaction, kept by
the object they are about, so that consecutive changes of one object (a device saved, then tagged) fold
into one record. Only Django's public transaction API is used: a record is kept while code holds a
transaction open (`in_transaction`), and forgotten by the `transaction.on_commit` callback registered with
the write that made it, so it is never folded into once its transaction has committed. A rollback drops
that callback together with the record's row; the entry left behind is noticed when a later change tries
to fold into it (the recorder's UPDATE finds no row) and that change is recorded afresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from netkeel.extras.choices import ObjectChangeEventContextChoices
from netkeel.extras.models import ObjectChange

MergeKey = tuple[int, Any]  # (content type id, object id)


def merge_key(change: ObjectChange) -> MergeKey:
    return (change.changed_object_type_id, change.changed_object_id)


def in_transaction(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether code holds a transaction open on `using`; as in production, a test case's own transaction
    around a test does not count. Public API only: outside `in_atomic_block` there is none, and inside one
    a durable block refuses to open unless the blocks around it are a test case's (Django's documented
    rule for `atomic(durable=True)`); with `savepoint=False` the probe sends no query."""
    if not connections[using].in_atomic_block:
        return False
    try:
        with transaction.atomic(using=using, savepoint=False, durable=True):
            return False
    except RuntimeError:
        return True


@dataclass
class ChangeContext:
    context: str
    detail: str = ""
    request_id: uuid.UUID | None = None
    # Either a known user (`user_id`, `user_name`) or the request to read `request.user` from when a change is
    # recorded: token authentication happens inside the view, after the middleware has run.
    user_id: Any = None
    user_name: str = ""
    request: Any = None
    merge: bool = True
    # By database alias: the records written in the open transaction and not yet committed, by object.
    _pending: dict[str, dict[MergeKey, ObjectChange]] = field(default_factory=dict, repr=False)

    def user(self) -> tuple[Any, str]:
        """(user id or None, user name) of whoever makes the change now."""
        if self.request is not None:
            user = getattr(self.request, "user", None)
            if user is not None and getattr(user, "is_authenticated", False):
                return user.pk, str(user.get_username())
            return None, ""
        return self.user_id, self.user_name

    def pending(self, using: str) -> dict[MergeKey, ObjectChange] | None:
        """The records of the open transaction by object, to fold a change into; None when changes may not
        fold (no context, or autocommit: outside a transaction each save is a transaction of its own)."""
        if not self.merge:
            return None
        if not in_transaction(using):
            self._pending.pop(using, None)  # whatever was kept belongs to transactions now ended
            return None
        return self._pending.get(using, {})

    def keep(self, using: str, changes: Iterable[ObjectChange]) -> None:
        """Keep records just written in the open transaction until it commits (one commit callback)."""
        if not self.merge or not in_transaction(using):
            return
        kept = list(changes)
        if not kept:
            return
        entries = self._pending.setdefault(using, {})
        for change in kept:
            entries[merge_key(change)] = change

        def forget_after_commit() -> None:
            for change in kept:
                key = merge_key(change)
                if entries.get(key) is change:
                    del entries[key]

        transaction.on_commit(forget_after_commit, using=using)

    def forget(self, using: str, changes: Iterable[ObjectChange]) -> None:
        """Forget records that were never written (a `one_insert` block that failed)."""
        entries = self._pending.get(using, {})
        for change in changes:
            key = merge_key(change)
            if entries.get(key) is change:
                del entries[key]

    def drop(self, using: str, key: MergeKey) -> None:
        """Forget the record kept for an object (it was deleted: a later create starts afresh)."""
        self._pending.get(using, {}).pop(key, None)


_current: ContextVar[ChangeContext | None] = ContextVar("netkeel_change_context", default=None)


def current_context() -> ChangeContext:
    """The context in force, or a fresh `orm` one (no user; changes do not merge) outside any."""
    context = _current.get()
    if context is None:
        return ChangeContext(ObjectChangeEventContextChoices.ORM, merge=False)
    return context


@contextmanager
def change_context(
    context: str,
    *,
    detail: str = "",
    request_id: uuid.UUID | None = None,
    user: Any = None,
    request: Any = None,
) -> Iterator[ChangeContext]:
    """Record the changes made inside as made through `context` (api, web, job or orm), by `user` (or
    `request.user`, read when each change is recorded), under `request_id` (a fresh one when not given)."""
    if context not in ObjectChangeEventContextChoices.values():
        raise ValueError(
            f"A change context is one of {', '.join(ObjectChangeEventContextChoices.values())}, not {context!r}."
        )
    state = ChangeContext(
        context,
        detail=detail[:400],
        request_id=request_id or uuid.uuid4(),
        user_id=getattr(user, "pk", None),
        user_name=str(user.get_username()) if user is not None else "",
        request=request,
    )
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


@contextmanager
def job_context(job_result: Any) -> Iterator[ChangeContext]:
    """The changes a job run makes: context `job`, by the user who ran it, under the run's id, with the
    job's name as detail. Reads only the result's columns (no query)."""
    with change_context(
        ObjectChangeEventContextChoices.JOB, detail=str(job_result.name), request_id=job_result.pk
    ) as state:
        state.user_id = job_result.user_id
        state.user_name = job_result.user_name or ""
        yield state
