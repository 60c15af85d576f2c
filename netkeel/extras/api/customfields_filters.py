"""Filters of the custom field endpoints: fields by key, label, type, content type, …; choices by field
(its key or id) and value."""

from __future__ import annotations

from netkeel.core.api.filters import BaseFilterSet, ObjectTypeFilter
from netkeel.extras.models import CustomField, CustomFieldChoice


class CustomFieldFilterSet(BaseFilterSet):
    search_fields = ("key", "label", "description")

    content_types = ObjectTypeFilter(field_name="content_types")
    content_types__n = ObjectTypeFilter(field_name="content_types", negate=True)

    class Meta:
        model = CustomField
        fields = [
            "key",
            "label",
            "type",
            "description",
            "required",
            "filter_logic",
            "weight",
            "grouping",
            "validation_minimum",
            "validation_maximum",
            "validation_regex",
        ]


class CustomFieldChoiceFilterSet(BaseFilterSet):
    search_fields = ("value",)

    class Meta:
        model = CustomFieldChoice
        fields = ["custom_field", "value", "weight"]
