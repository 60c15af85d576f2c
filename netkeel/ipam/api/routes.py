"""/api/ipam/: namespaces, RIRs, VRFs, route targets, prefixes, IP addresses and their interface
assignments, VLAN groups, VLANs and services; registered from IpamConfig.ready()."""

from __future__ import annotations

from netkeel.core.api import registry
from netkeel.core.api.routers import APIRouter
from netkeel.ipam.api import views


def register() -> None:
    router = APIRouter("ipam")
    router.register("namespaces", views.NamespaceViewSet)
    router.register("rirs", views.RIRViewSet)
    router.register("vrfs", views.VRFViewSet)
    router.register("route-targets", views.RouteTargetViewSet)
    router.register("prefixes", views.PrefixViewSet)
    router.register("ip-addresses", views.IPAddressViewSet)
    router.register("ip-address-to-interface", views.IPAddressToInterfaceViewSet)
    router.register("vlan-groups", views.VLANGroupViewSet)
    router.register("vlans", views.VLANViewSet)
    router.register("services", views.ServiceViewSet)
    registry.add_router(router)
