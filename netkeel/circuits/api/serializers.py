"""Circuits in the API.

A circuit shows its two sides as `circuit_termination_a` / `circuit_termination_z` (brief references,
read per page). A termination shows its cable fields like any cable termination (`cable`, `cable_peer`,
`connected_endpoint`, … from the DCIM mixin, per page), and is created and deleted through
`netkeel.circuits.services` so that the paths crossing the circuit are retraced.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers

from netkeel.circuits import services
from netkeel.circuits.models import Circuit, CircuitTermination, CircuitType, Provider, ProviderNetwork
from netkeel.core.api.fields import brief
from netkeel.core.api.schema import answers_a_reference
from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.dcim.api.serializers_cabling import PathEndpointSerializerMixin
from netkeel.dcim.api.serializers_devices import CountField, DeviceSideSerializer


class ProviderSerializer(DeviceSideSerializer):
    """`circuit_count` annotated on the list, left out of nested objects (see `DeviceSideSerializer`)."""

    circuit_count = CountField("circuits")

    class Meta(BaseModelSerializer.Meta):
        model = Provider


class ProviderNetworkSerializer(BaseModelSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = ProviderNetwork


class CircuitTypeSerializer(DeviceSideSerializer):
    circuit_count = CountField("circuits")

    class Meta(BaseModelSerializer.Meta):
        model = CircuitType


class CircuitSerializer(BaseModelSerializer):
    circuit_termination_a = serializers.SerializerMethodField()
    circuit_termination_z = serializers.SerializerMethodField()

    display_related = ("provider",)  # natural_slug names the provider

    class Meta(BaseModelSerializer.Meta):
        model = Circuit

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.context.get("nested"):
            for name in ("circuit_termination_a", "circuit_termination_z"):
                fields.pop(name, None)  # read per page only at the top level
        return fields

    def prepare_rows(self, rows: list[models.Model]) -> None:
        super().prepare_rows(rows)
        self._load_sides([row.pk for row in rows])

    def _sides(self) -> dict[Any, dict[str, Any]]:
        cache: dict[Any, dict[str, Any]] = self.context.setdefault("_circuit_sides", {})
        return cache

    def _load_sides(self, ids: list[Any]) -> None:
        cache = self._sides()
        wanted = [pk for pk in ids if pk not in cache]
        for pk in wanted:
            cache[pk] = {}
        if not wanted:
            return
        rows = (
            CircuitTermination.objects.filter(circuit_id__in=wanted)
            .order_by()
            .values_list("pk", "circuit_id", "term_side")
        )
        for pk, circuit_id, side in rows:
            cache[circuit_id][side] = pk

    def _side(self, obj: Circuit, side: str) -> dict[str, Any] | None:
        if obj.pk not in self._sides():
            self._load_sides([obj.pk])
        pk = self._sides()[obj.pk].get(side)
        return brief(CircuitTermination, pk, self.context.get("request")) if pk is not None else None

    @answers_a_reference
    def get_circuit_termination_a(self, obj: Circuit) -> dict[str, Any] | None:
        return self._side(obj, "A")

    @answers_a_reference
    def get_circuit_termination_z(self, obj: Circuit) -> dict[str, Any] | None:
        return self._side(obj, "Z")


class CircuitTerminationSerializer(PathEndpointSerializerMixin, BaseModelSerializer):
    display_related = ("circuit__provider",)  # display and natural_slug name the circuit and its provider
    plain_choices = ("term_side",)  # Nautobot sends `"A"`, not `{value, label}`

    class Meta(BaseModelSerializer.Meta):
        model = CircuitTermination

    def create_instance(self, data: dict[str, Any], **writes: Any) -> CircuitTermination:
        return services.create_termination(**data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> CircuitTermination:
        # Moved to another circuit or side, the service retraces the paths across it.
        return services.update_circuit_termination(instance, **data, **writes)
