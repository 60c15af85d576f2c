"""Filters of the users endpoints. Users, groups and permissions have no created/last_updated times, and
groups and permissions have integer ids."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet
from rest_framework.exceptions import ValidationError

from netkeel.core.api.filters import BaseFilterSet, MultipleCharField, MultiValueNumberFilter
from netkeel.users.models import Token, User


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
    relations = {"object_changes": "changes", "rack_reservations_id": "rack_reservations"}
    relations_by_id = frozenset(relations)
    has_relations = {"object_changes": "changes", "rack_reservations": "rack_reservations"}

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"]

    def filter_groups(self, queryset: QuerySet[Any], name: str, value: list[str]) -> QuerySet[Any]:
        """Members of any of the groups (`groups`: by id or name; `groups_id`: by id), or with `__n` users
        in none of them."""
        values = [v.strip() for v in value if v.strip()]
        if not values:
            return queryset
        ids = [int(v) for v in values if v.isdigit()]
        names = [v for v in values if not v.isdigit()]
        if name.startswith("groups_id") and names:
            raise ValidationError({name: [f"A group id is a whole number; {names[0]!r} is not."]})
        groups = Group.objects.filter(Q(pk__in=ids) | Q(name__in=names))
        members = User.objects.filter(groups__in=groups).values("pk")
        if name.endswith("__n"):
            return queryset.exclude(pk__in=members)
        return queryset.filter(pk__in=members)


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


class PermissionFilterSet(UntimedFilterSet):
    search_fields = ("name", "codename")

    id = MultiValueNumberFilter(field_name="id", lookup_expr="exact")
    content_type = ValuesFilter(method="filter_content_type", label="Object type (app_label.model)")

    class Meta:
        model = Permission
        fields = ["name", "codename"]

    def filter_content_type(self, queryset: QuerySet[Any], name: str, value: list[str]) -> QuerySet[Any]:
        condition = Q()
        for item in value:
            app_label, _, model = item.strip().lower().partition(".")
            if app_label:
                condition |= Q(content_type__app_label=app_label, content_type__model=model)
        return queryset.filter(condition) if condition else queryset
