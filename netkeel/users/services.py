"""User writes: a new user has a password or none usable (no password login until one is set), and a
password given on a change is stored hashed; a group may be created with the integer id a client gives;
an object permission's constraints are checked against its object types. Each function is one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import router, transaction

from netkeel.core.models.bulk import advance_id_sequence
from netkeel.core.models.cleaning import full_clean_once
from netkeel.users.models import ObjectPermission, User
from netkeel.users.permissions import constraints_problems


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


def create_object_permission(
    *,
    object_types: Iterable[ContentType],
    users: Iterable[User] | None = None,
    groups: Iterable[Group] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> ObjectPermission:
    """An object permission on `object_types` for `users` and `groups`; its constraints must be lookups
    every one of those models knows. Judged before the transaction opens (once, when a serializer has)."""
    permission = ObjectPermission(**fields)
    if custom_fields is not None:
        permission.custom_field_data = dict(custom_fields)  # the defaults a serializer checked
    full_clean_once(permission, fields)
    types = list(object_types)
    _check_constraints(permission.constraints, types)
    with transaction.atomic(savepoint=False):
        permission.save(force_insert=True)
        permission.object_types.set(types)
        permission.users.set(list(users or ()))
        permission.groups.set(list(groups or ()))
    return permission


def update_object_permission(
    permission: ObjectPermission,
    *,
    object_types: Iterable[ContentType] | None = None,
    users: Iterable[User] | None = None,
    groups: Iterable[Group] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> ObjectPermission:
    """Change an object permission; its constraints are judged against the object types it will have."""
    for name, value in changes.items():
        setattr(permission, name, value)
    if custom_fields is not None:
        permission.custom_field_data = dict(custom_fields)
    full_clean_once(permission, changes)
    types = list(object_types) if object_types is not None else list(permission.object_types.all())
    _check_constraints(permission.constraints, types)
    with transaction.atomic(savepoint=False):
        permission.save()
        for name, given in (("object_types", object_types), ("users", users), ("groups", groups)):
            if given is not None:
                getattr(permission, name).set(list(given))
    return permission


def _check_constraints(constraints: Any, object_types: list[ContentType]) -> None:
    models = [model for model in (content_type.model_class() for content_type in object_types) if model is not None]
    problems = constraints_problems(constraints, models)
    if problems:
        raise ValidationError({"constraints": problems})
