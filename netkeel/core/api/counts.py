"""Counts shown on rows (`device_count`, `prefix_count`, `ip_address_count`, …), annotated on an endpoint's
queryset as correlated subqueries: one per count in the list query, whatever the page holds.

Apps count their own rows on a lower app's (IPAM a location's prefixes and VLANs and an interface's
addresses, circuits a location's circuits) with `register_row_count` from `AppConfig.ready()`, so the lower
app names none of their models. An endpoint shows them with `RowCountsMixin` and `RowCountField`. It lives in
core because tenancy, below DCIM, counts a tenant's rows too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from rest_framework import serializers
from rest_framework.fields import SkipField

_row_counts: dict[type[models.Model], dict[str, Callable[[], Any]]] = {}


def count_of(model: type[models.Model], field: str, distinct: bool = False) -> Any:
    """The number of `model` rows whose `field` points at the outer row, as a correlated subquery (joins
    for two counts would multiply each other). `distinct` where `field` crosses a relation that can
    reach the outer row twice (a circuit with both ends at one location is one circuit)."""
    rows = (
        model._base_manager.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk", distinct=distinct))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def register_row_count(model: type[models.Model], name: str, count: Callable[[], Any]) -> None:
    """Show `name` on the rows of `model`'s endpoint, annotated by the expression `count()` returns."""
    _row_counts.setdefault(model, {})[name] = count


def with_row_counts(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    counts = _row_counts.get(queryset.model, {})
    return queryset.annotate(**{name: count() for name, count in counts.items()}) if counts else queryset


class RowCountsMixin:
    """A viewset whose rows carry the counts registered for its model."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return with_row_counts(super().get_queryset())  # type: ignore[misc]

    def perform_create(self, serializer: Any) -> None:
        super().perform_create(serializer)  # type: ignore[misc]
        # The counts are of other tables' rows, which creating these objects writes none of: nothing
        # points at an object this request created, so its answer shows 0 without asking.
        created = serializer.instance if isinstance(serializer.instance, list) else [serializer.instance]
        for row in created:
            row.__dict__.update(dict.fromkeys(_row_counts.get(type(row), {}), 0))


def fill_row_counts(rows: list[models.Model]) -> None:
    """Give rows read without their counts (the objects a write answers with) every registered count, with
    one query for them all."""
    counts = _row_counts.get(type(rows[0]), {}) if rows else {}
    missing = [row for row in rows if any(name not in row.__dict__ for name in counts)]
    if not missing:
        return
    model = type(missing[0])
    annotated = (
        model._base_manager.filter(pk__in=[row.pk for row in missing])
        .annotate(**{name: count() for name, count in counts.items()})
        .values("pk", *counts)
    )
    found = {values.pop("pk"): values for values in annotated}
    for row in missing:
        row.__dict__.update(found.get(row.pk, dict.fromkeys(counts, 0)))


class RowCountsSerializerMixin:
    """A field for every count registered on the serializer's model (the app's own and those registered by
    the apps above it, which it never names); a page of objects read without them (a bulk write's answer) is
    counted with one query, not one per row."""

    context: dict[str, Any]

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()  # type: ignore[misc]
        model = self.Meta.model  # type: ignore[attr-defined]
        for name in sorted(_row_counts.get(model, {})):
            fields.setdefault(name, RowCountField())
        return fields

    def prepare_rows(self, rows: list[models.Model]) -> None:
        super().prepare_rows(rows)  # type: ignore[misc]
        if not self.context.get("nested"):
            fill_row_counts(rows)


class RowCountField(serializers.IntegerField):
    """A registered count, read from the row's annotation (the endpoint's queryset, or `fill_row_counts`
    for the objects a write answers with). A nested object leaves it out, as Nautobot does, so a page at
    `?depth` costs no query per row."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        if self.context.get("nested"):
            raise SkipField()
        if self.field_name not in instance.__dict__:
            fill_row_counts([instance])
        return instance.__dict__.get(self.field_name, 0)
