"""Who and what a change is made through: the request, the job or plain code (`orm`).

`change_context(...)` sets it for the code inside (a `contextvars` variable, so threads and async tasks
each see their own); the middleware sets one per request, `job_context(job_result)` one per job run.
Outside any, changes are recorded as `orm` with no user.

A context also remembers the changes it recorded in the current transaction, so that consecutive changes
of one object (a device saved, then tagged) merge into one record. The memory is dropped when the
transaction commits; a transaction rolled back leaves entries whose rows are gone, which the recorder
notices (its UPDATE finds no row) and records afresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, transaction

from netkeel.extras.models import ChangeContextChoices, ObjectChange

MergeKey = tuple[int, Any]  # (content type id, object id)


@dataclass
class _Pending:
    """Changes recorded in one transaction on one database, found again by the object they are about."""

    changes: dict[MergeKey, ObjectChange] = field(default_factory=dict)
    marker: Any = None
    hook_index: int = -1

    def finish(self) -> None:
        self.changes.clear()


@dataclass
class ChangeContext:
    context: str
    detail: str = ""
    request_id: uuid.UUID | None = None
    # Either a known user (`user_id`, `user_name`) or the request to read `request.user` from when a change
    # is recorded: token authentication happens inside the view, after the middleware has run.
    user_id: Any = None
    user_name: str = ""
    request: Any = None
    merge: bool = True
    _pending: dict[str, _Pending] = field(default_factory=dict, repr=False)

    def user(self) -> tuple[Any, str]:
        """(user id or None, user name) of whoever makes the change now."""
        if self.request is not None:
            user = getattr(self.request, "user", None)
            if user is not None and getattr(user, "is_authenticated", False):
                return user.pk, str(user.get_username())
            return None, ""
        return self.user_id, self.user_name

    def pending(self, using: str) -> dict[MergeKey, ObjectChange] | None:
        """This transaction's changes by object, or None when changes may not merge (autocommit, or no
        context): outside a transaction each save is a transaction of its own."""
        if not self.merge:
            return None
        connection = connections[using]
        marker = _transaction_marker(connection)
        if marker is None:
            return None
        pending = self._pending.get(using)
        if pending is not None and pending.marker == marker and _hook_alive(connection, pending):
            return pending.changes
        pending = _Pending(marker=marker)
        transaction.on_commit(pending.finish, using=using)
        pending.hook_index = len(connection.run_on_commit) - 1
        self._pending[using] = pending
        return pending.changes


def _transaction_marker(connection: Any) -> Any:
    """What tells the current transaction from the next: None outside one. A test case runs each test in
    a transaction of its own; the transactions the code under test opens are savepoints inside it, told
    apart by their savepoint ids, so that tests see what production sees."""
    if not connection.in_atomic_block:
        return None
    blocks = connection.atomic_blocks
    for index, block in enumerate(blocks):
        if getattr(block, "_from_testcase", False):
            continue
        if index == 0:
            return ("transaction",)
        savepoints = connection.savepoint_ids
        position = index - (len(blocks) - len(savepoints))
        return (id(block), savepoints[position] if 0 <= position < len(savepoints) else None)
    return None  # only a test case's own transaction: as autocommit in production


def _hook_alive(connection: Any, pending: _Pending) -> bool:
    """Whether the transaction `pending` belongs to is still open: its commit hook is still queued where it
    was put (a commit runs and clears the queue, a rollback clears it or drops the hook)."""
    hooks = connection.run_on_commit
    index = pending.hook_index
    return 0 <= index < len(hooks) and _callback(hooks[index]) == pending.finish


def _callback(entry: Any) -> Callable[[], None] | None:
    return entry[1] if isinstance(entry, tuple) and len(entry) > 1 else None


_current: ContextVar[ChangeContext | None] = ContextVar("netkeel_change_context", default=None)


def current_context() -> ChangeContext:
    """The context in force, or a fresh `orm` one (no user; changes do not merge) outside any."""
    context = _current.get()
    if context is None:
        return ChangeContext(ChangeContextChoices.ORM, merge=False)
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
    if context not in ChangeContextChoices.values():
        raise ValueError(f"A change context is one of {', '.join(ChangeContextChoices.values())}, not {context!r}.")
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
    with change_context(ChangeContextChoices.JOB, detail=str(job_result.name), request_id=job_result.pk) as state:
        state.user_id = job_result.user_id
        state.user_name = job_result.user_name or ""
        yield state
