"""Filters of `/api/ipam/services/`, with Nautobot 3.2.7's names: by device or virtual machine (name or id),
protocol, and `ports` (services listening on a port)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import NotSupportedError, connections, models
from django.db.models import Func, Q

from netkeel.core.api.filters import BaseFilterSet
from netkeel.ipam.api.filters import documented_as
from netkeel.ipam.models import Service

NUMBER = {"type": "number"}


class PortsHold(Func):
    """True when a row's `ports` list holds `port`: SQLite's `json_each` (it has no JSON containment lookup,
    where PostgreSQL and MySQL/MariaDB use Django's `__contains`)."""

    output_field: Any = models.BooleanField()

    def __init__(self, port: int) -> None:
        super().__init__(models.F("ports"))
        self.port = port

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        raise NotSupportedError(f"PortsHold has no SQL for {connection.vendor}.")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.get_source_expressions()[0])
        return f"EXISTS (SELECT 1 FROM json_each({column}) AS port WHERE port.value = %s)", [*params, self.port]


def listening_on(queryset: models.QuerySet[Any], port: int) -> Q:
    if connections[queryset.db].features.supports_json_field_contains:
        return Q(ports__contains=[port])
    return Q(PortsHold(port))


class ServiceFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    ports = documented_as(NUMBER, django_filters.NumberFilter(method="filter_port", label="Listening on this port"))
    port = documented_as(NUMBER, django_filters.NumberFilter(method="filter_port", label="Listening on this port"))

    class Meta:
        model = Service
        fields = ["name", "protocol", "device", "virtual_machine", "description"]

    def filter_port(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(listening_on(queryset, int(value)))
