"""Circuits endpoints; circuits and terminations are deleted through the circuits services."""

from __future__ import annotations

from typing import Any

from netkeel.circuits import services
from netkeel.circuits.api import filters, serializers
from netkeel.circuits.models import Circuit, CircuitTermination, CircuitType, Provider, ProviderNetwork
from netkeel.core.api.counts import count_of
from netkeel.core.api.views import NetkeelModelViewSet
from netkeel.dcim.api.views_cabling import TraceMixin


class ProviderViewSet(NetkeelModelViewSet):
    queryset = Provider.objects.annotate(circuit_count=count_of(Circuit, "provider"))
    serializer_class = serializers.ProviderSerializer
    filterset_class = filters.ProviderFilterSet


class ProviderNetworkViewSet(NetkeelModelViewSet):
    queryset = ProviderNetwork.objects.all()
    serializer_class = serializers.ProviderNetworkSerializer
    filterset_class = filters.ProviderNetworkFilterSet


class CircuitTypeViewSet(NetkeelModelViewSet):
    queryset = CircuitType.objects.annotate(circuit_count=count_of(Circuit, "circuit_type"))
    serializer_class = serializers.CircuitTypeSerializer
    filterset_class = filters.CircuitTypeFilterSet


class CircuitViewSet(NetkeelModelViewSet):
    queryset = Circuit.objects.all()
    serializer_class = serializers.CircuitSerializer
    filterset_class = filters.CircuitFilterSet

    def delete_instance(self, instance: Any) -> None:
        services.delete_circuit(instance)


class CircuitTerminationViewSet(TraceMixin, NetkeelModelViewSet):
    """Also `…/<id>/trace/`: the cable path from the termination, as Nautobot traces it."""

    queryset = CircuitTermination.objects.all()
    serializer_class = serializers.CircuitTerminationSerializer
    filterset_class = filters.CircuitTerminationFilterSet

    def delete_instance(self, instance: Any) -> None:
        services.delete_termination(instance)
