"""User writes: a new user has a password or none usable (no password login until one is set), and a
password given on a change is stored hashed; a group may be created with the integer id a client gives.
Each function is one transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import router, transaction

from netkeel.core.models.bulk import advance_id_sequence
from netkeel.users.models import User


@transaction.atomic
def create_user(*, password: str | None = None, **fields: Any) -> User:
    user = User(**fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save(force_insert=True)
    return user


@transaction.atomic
def update_user(user: User, *, password: str | None = None, **changes: Any) -> User:
    for name, value in changes.items():
        setattr(user, name, value)
    if password is not None:
        user.set_password(password)
    user.save()
    return user


@transaction.atomic
def create_group(*, id: int | None = None, **fields: Any) -> Group:
    """A group with the next id, or with the one given (a sync from another system keeps its keys; the id
    sequence then moves past it, so the next group given none does not collide)."""
    group = Group(id=id, **fields)
    group.save(force_insert=True)
    if id is not None:
        advance_id_sequence(Group, router.db_for_write(Group, instance=group))
    return group
