"""Filters of the users endpoints. Users and groups have no created/last_updated times, and groups have
integer ids."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from rest_framework.exceptions import ValidationError

from netkeel.core.api.filters import BaseFilterSet, MultipleCharField, MultiValueNumberFilter, ObjectTypeFilter
from netkeel.core.inputs import is_uuid
from netkeel.users.models import ObjectPermission, Token, User


class ValuesFilter(django_filters.Filter):
    """Repeatable values handed to the filter set's method, with no lookup variants."""

    field_class = MultipleCharField


class UntimedFilterSet(BaseFilterSet):
    """For models without created/last_updated."""

    created = None
    created__gte = None
    created__lte = None
    last_updated = None
    last_updated__gte = None
    last_updated__lte = None


class UserFilterSet(UntimedFilterSet):
    search_fields = ("username", "first_name", "last_name", "email")

    groups = ValuesFilter(method="filter_groups", label="Groups (id or name)")
    groups__n = ValuesFilter(method="filter_groups", label="Not in groups (id or name)")
    groups_id = ValuesFilter(method="filter_groups", label="Groups (id)")
    groups_id__n = ValuesFilter(method="filter_groups", label="Not in groups (id)")
    for by_id in (groups_id, groups_id__n):
        by_id.schema_type = {"type": "array", "items": {"type": "integer"}}
    relations = {
        "object_changes": "changes",
        "rack_reservations_id": "rack_reservations",
        "object_permissions": "object_permissions",
    }
    relations_by_id = frozenset({"object_changes", "rack_reservations_id"})
    has_relations = {
        "object_changes": "changes",
        "rack_reservations": "rack_reservations",
        "object_permissions": "object_permissions",
    }

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"]

    def filter_groups(self, queryset: QuerySet[Any], name: str, value: list[str]) -> QuerySet[Any]:
        """Members of any of the groups (`groups`: by id or name; `groups_id`: by id), or with `__n` users
        in none of them."""
        groups = chosen_groups(name, value)
        if groups is None:
            return queryset
        members = User.objects.filter(groups__in=groups).values("pk")
        if name.endswith("__n"):
            return queryset.exclude(pk__in=members)
        return queryset.filter(pk__in=members)


def chosen_groups(name: str, value: list[str]) -> QuerySet[Any] | None:
    """The groups a `groups` (id or name) or `groups_id` (id) filter names; None when it names none."""
    values = [v.strip() for v in value if v.strip()]
    if not values:
        return None
    ids = [int(v) for v in values if v.isdigit()]
    names = [v for v in values if not v.isdigit()]
    if name.startswith("groups_id") and names:
        raise ValidationError({name: [f"A group id is a whole number; {names[0]!r} is not."]})
    return Group.objects.filter(Q(pk__in=ids) | Q(name__in=names))


class GroupFilterSet(UntimedFilterSet):
    id = MultiValueNumberFilter(field_name="id", lookup_expr="exact")

    class Meta:
        model = Group
        fields = ["name"]


class TokenFilterSet(BaseFilterSet):
    search_fields = ("description",)

    last_updated = None
    last_updated__gte = None
    last_updated__lte = None

    class Meta:
        model = Token
        fields = ["user", "key", "write_enabled", "description", "expires"]


class ObjectPermissionFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    object_types = ObjectTypeFilter(field_name="object_types")
    object_types__n = ObjectTypeFilter(field_name="object_types", negate=True)
    users = ValuesFilter(method="filter_users", label="Users (id or username)")
    users__n = ValuesFilter(method="filter_users", label="Not for users (id or username)")
    groups = ValuesFilter(method="filter_groups", label="Groups (id or name)")
    groups__n = ValuesFilter(method="filter_groups", label="Not for groups (id or name)")
    groups_id = ValuesFilter(method="filter_groups", label="Groups (id)")
    groups_id__n = ValuesFilter(method="filter_groups", label="Not for groups (id)")
    for by_id in (groups_id, groups_id__n):
        by_id.schema_type = {"type": "array", "items": {"type": "integer"}}

    class Meta:
        model = ObjectPermission
        fields = ["name", "description", "enabled"]

    def filter_users(self, queryset: QuerySet[Any], name: str, value: list[str]) -> QuerySet[Any]:
        values = [v.strip() for v in value if v.strip()]
        if not values:
            return queryset
        ids = [v for v in values if is_uuid(v)]
        users = User.objects.filter(Q(pk__in=ids) | Q(username__in=[v for v in values if v not in ids]))
        held = ObjectPermission.objects.filter(users__in=users).values("pk")
        return queryset.exclude(pk__in=held) if name.endswith("__n") else queryset.filter(pk__in=held)

    def filter_groups(self, queryset: QuerySet[Any], name: str, value: list[str]) -> QuerySet[Any]:
        groups = chosen_groups(name, value)
        if groups is None:
            return queryset
        held = ObjectPermission.objects.filter(groups__in=groups).values("pk")
        return queryset.exclude(pk__in=held) if name.endswith("__n") else queryset.filter(pk__in=held)
