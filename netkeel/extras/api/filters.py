"""Filters of the extras endpoints; object types are given as `app_label.model` (`?content_types=dcim.device`)."""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models

from netkeel.core import features
from netkeel.core.api import registry
from netkeel.core.api.filters import BaseFilterSet, MultiValueNumberFilter
from netkeel.extras.models import Note, Role, Status, Tag


class ObjectTypesField(forms.Field):
    """`dcim.device` (or a content type's integer id), repeatable; cleaned to content type ids."""

    widget = forms.SelectMultiple

    def clean(self, value: Any) -> list[int]:
        items = value if isinstance(value, list | tuple) else ([] if value is None else [value])
        ids: list[int] = []
        for item in items:
            text = str(item).strip().lower()
            if not text:
                continue
            if text.isdigit():
                ids.append(int(text))
                continue
            if text.count(".") != 1:
                raise forms.ValidationError(
                    f"Give an object type as app_label.model, such as dcim.device, not {item!r}."
                )
            app_label, model = text.split(".")
            try:
                ids.append(ContentType.objects.get_by_natural_key(app_label, model).pk)
            except ContentType.DoesNotExist:
                raise forms.ValidationError(f"There is no object type {item!r}.") from None
        return ids


class ObjectTypeFilter(django_filters.Filter):
    """Rows whose content type field (a foreign key or a many-to-many) holds any of the given types."""

    field_class = ObjectTypesField

    def __init__(self, *args: Any, negate: bool = False, **kwargs: Any) -> None:
        self.negate = negate
        super().__init__(*args, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        if not value:
            return qs
        # A subquery, so that a row holding two of the types is listed once.
        matching = qs.model._base_manager.filter(**{f"{self.field_name}__in": value}).values("pk")
        return qs.exclude(pk__in=matching) if self.negate else qs.filter(pk__in=matching)


class ObjectTypeKeyFilter(ObjectTypeFilter):
    """The one object type of a row (a foreign key: a note's object, a change's), documented as Nautobot
    documents it: a string, `dcim.device` (or its id)."""

    schema_type: ClassVar[dict[str, str]] = {"type": "string"}


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
