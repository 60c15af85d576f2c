"""Filters of the extras endpoints; object types are given as `app_label.model` (`?content_types=dcim.device`)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db import models

from netkeel.core import features
from netkeel.core.api import registry
from netkeel.core.api.filters import BaseFilterSet, MultiValueNumberFilter, ObjectTypeFilter, ObjectTypeKeyFilter
from netkeel.extras.models import Note, Role, Status, Tag


class LabelFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    content_types = ObjectTypeFilter(field_name="content_types")
    content_types__n = ObjectTypeFilter(field_name="content_types", negate=True)


class StatusFilterSet(LabelFilterSet):
    class Meta:
        model = Status
        fields = ["name", "description", "color"]


class RoleFilterSet(LabelFilterSet):
    class Meta:
        model = Role
        fields = ["name", "description", "color", "weight"]


class TagFilterSet(LabelFilterSet):
    class Meta:
        model = Tag
        fields = ["name", "description", "color"]


class ContentTypeFilterSet(BaseFilterSet):
    search_fields = ("app_label", "model")

    id = MultiValueNumberFilter(field_name="id", lookup_expr="exact")
    created = None
    created__gte = None
    created__lte = None
    last_updated = None
    last_updated__gte = None
    last_updated__lte = None

    can_add = django_filters.BooleanFilter(method="filter_can", label="User can add objects of this type")
    can_change = django_filters.BooleanFilter(method="filter_can", label="User can change objects of this type")
    can_delete = django_filters.BooleanFilter(method="filter_can", label="User can delete objects of this type")
    can_view = django_filters.BooleanFilter(method="filter_can", label="User can view objects of this type")
    has_serializer = django_filters.BooleanFilter(
        method="filter_has_serializer", label="A REST API serializer exists for this type"
    )
    feature = django_filters.CharFilter(method="filter_feature", label="Objects of this type support the named feature")

    class Meta:
        model = ContentType
        fields = ["app_label", "model"]

    def filter_can(self, queryset: models.QuerySet[Any], name: str, value: bool | None) -> Any:
        """Nautobot's `can_add` … `can_view`: the types whose objects the requesting user may (true) or may not
        (false) add, change, delete or view; with no user, none may."""
        if value is None:
            return queryset
        user = getattr(self.request, "user", None)
        if user is None:
            return queryset.none() if value else queryset
        action = name.removeprefix("can_")
        allowed = [ct.pk for ct in queryset if user.has_perm(f"{ct.app_label}.{action}_{ct.model}") == value]
        return queryset.filter(pk__in=allowed)

    def filter_feature(self, queryset: models.QuerySet[Any], name: str, value: str) -> Any:
        """Nautobot's `feature`: the types taking part in the named feature (`custom_fields`, `statuses`,
        `webhooks`, `cable_terminations`, …; netkeel.core.features), none for a feature netkeel lacks."""
        if not value:
            return queryset
        members = features.models_with_feature(value)
        ids = [content_type.pk for content_type in ContentType.objects.get_for_models(*members).values()]
        return queryset.filter(pk__in=ids)

    def filter_has_serializer(self, queryset: models.QuerySet[Any], name: str, value: bool | None) -> Any:
        """The types with (true) or without (false) a REST endpoint that renders their objects."""
        if value is None:
            return queryset
        served = [ct.pk for ct in queryset if (model := ct.model_class()) and registry.serializer_for(model)]
        return queryset.filter(pk__in=served) if value else queryset.exclude(pk__in=served)


class NoteFilterSet(BaseFilterSet):
    search_fields = ("note", "user_name")

    assigned_object_type = ObjectTypeKeyFilter(field_name="assigned_object_type")
    assigned_object_type__n = ObjectTypeKeyFilter(field_name="assigned_object_type", negate=True)
    # The same by the content type's integer id, as Nautobot offers it.
    assigned_object_type_id = MultiValueNumberFilter(field_name="assigned_object_type", lookup_expr="exact")
    assigned_object_type_id__n = MultiValueNumberFilter(
        field_name="assigned_object_type", lookup_expr="exact", negate=True
    )

    class Meta:
        model = Note
        fields = ["assigned_object_id", "user", "user_name", "note"]
