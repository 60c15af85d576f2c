"""User writes: a new user has a password or none usable (no password login until one is set), and a
password given on a change is stored hashed. Each function is one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

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
