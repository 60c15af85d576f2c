"""/api/circuits/: providers, provider networks, circuit types, circuits and circuit terminations;
registered from CircuitsConfig.ready()."""

from __future__ import annotations

from netkeel.circuits.api import views
from netkeel.core.api import registry
from netkeel.core.api.routers import APIRouter


def register() -> None:
    router = APIRouter("circuits")
    router.register("providers", views.ProviderViewSet)
    router.register("provider-networks", views.ProviderNetworkViewSet)
    router.register("circuit-types", views.CircuitTypeViewSet)
    router.register("circuits", views.CircuitViewSet)
    router.register("circuit-terminations", views.CircuitTerminationViewSet)
    registry.add_router(router)
