"""Filters of /api/extras/object-changes/: by time, user, request or job, action, object and context;
`q` searches the object's display."""

from __future__ import annotations

import django_filters

from netkeel.core.api.filters import (
    BaseFilterSet,
    MultiValueNumberFilter,
    MultiValueUUIDFilter,
    ObjectTypeFilter,
    ObjectTypeKeyFilter,
)
from netkeel.extras.models import ObjectChange


class ObjectChangeFilterSet(BaseFilterSet):
    search_fields = ("object_repr",)

    # A change record has a time, not created/last_updated.
    created = None
    created__gte = None
    created__lte = None
    last_updated = None
    last_updated__gte = None
    last_updated__lte = None

    time = django_filters.IsoDateTimeFilter()
    time__gte = django_filters.IsoDateTimeFilter(field_name="time", lookup_expr="gte")
    time__lte = django_filters.IsoDateTimeFilter(field_name="time", lookup_expr="lte")
    time__gt = django_filters.IsoDateTimeFilter(field_name="time", lookup_expr="gt")
    time__lt = django_filters.IsoDateTimeFilter(field_name="time", lookup_expr="lt")
    changed_object_type = ObjectTypeKeyFilter(field_name="changed_object_type")
    changed_object_type__n = ObjectTypeKeyFilter(field_name="changed_object_type", negate=True)
    related_object_type = ObjectTypeFilter(field_name="related_object_type")
    related_object_type__n = ObjectTypeFilter(field_name="related_object_type", negate=True)
    changed_object_type__isnull = django_filters.BooleanFilter(field_name="changed_object_type", lookup_expr="isnull")
    changed_object_type_id = MultiValueNumberFilter(field_name="changed_object_type", lookup_expr="exact")
    user_id = MultiValueUUIDFilter(field_name="user", lookup_expr="exact")
    user_id__isnull = django_filters.BooleanFilter(field_name="user", lookup_expr="isnull")

    class Meta:
        model = ObjectChange
        fields = [
            "user",
            "user_name",
            "request_id",
            "action",
            "changed_object_id",
            "related_object_id",
            "object_repr",
            "change_context",
            "change_context_detail",
            "time",
        ]
