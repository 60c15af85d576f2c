"""/api/ipam/: namespaces, RIRs, VRFs, route targets, prefixes, IP addresses and their interface
assignments, VLAN groups, VLANs, services, and the assignments of VRFs (to devices, virtual machines and
prefixes) and of prefixes and VLANs to locations; registered from IpamConfig.ready()."""

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
    router.register("vrf-device-assignments", views.VRFDeviceAssignmentViewSet)
    router.register("vrf-prefix-assignments", views.VRFPrefixAssignmentViewSet)
    router.register("prefix-location-assignments", views.PrefixLocationAssignmentViewSet)
    router.register("vlan-location-assignments", views.VLANLocationAssignmentViewSet)
    registry.add_router(router)
