"""The `cf_<key>` filters in the OpenAPI schema (/api/swagger.json): drf-spectacular lists a filter set's
class-level filters, and custom field filters follow the database, so this extension of its django-filter
support adds, per list endpoint, those of the fields defined when the schema is generated."""

from __future__ import annotations

from typing import Any

from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type, get_view_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from netkeel.core.api.hooks import custom_field_filters
from netkeel.core.api.schema import FilterSetExtension
from netkeel.extras.choices import CustomFieldTypeChoices as Types
from netkeel.extras.customfields.filters import CustomFieldFilter

TYPES = {
    Types.INTEGER: OpenApiTypes.INT,
    Types.BOOLEAN: OpenApiTypes.BOOL,
    Types.DATE: OpenApiTypes.DATE,
    Types.DATETIME: OpenApiTypes.DATETIME,
}


class CustomFieldFilterExtension(FilterSetExtension):
    target_class = "netkeel.core.api.filters.StrictFilterBackend"
    match_subclasses = True
    priority = 2  # before core's and drf-spectacular's own django-filter extensions

    def get_schema_operation_parameters(self, auto_schema: Any, *args: Any, **kwargs: Any) -> list[Any]:
        parameters: list[Any] = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        model = get_view_model(auto_schema.view)
        if model is None or not parameters:
            return parameters
        for name, flt in custom_field_filters(model, None).items():
            if not isinstance(flt, CustomFieldFilter):
                continue
            kind = TYPES.get(flt.kind, OpenApiTypes.STR)
            parameters.append(
                build_parameter_type(
                    name=name,
                    location=OpenApiParameter.QUERY,
                    schema=build_array_type(build_basic_type(kind) or {"type": "string"}),
                    description=f"Custom field {flt.key} ({flt.kind}, {flt.lookup_expr}); `null` for no value.",
                    explode=True,
                    style="form",
                )
            )
        return parameters


def register() -> None:
    """The extension registers itself when this module is imported; nothing more to do."""
