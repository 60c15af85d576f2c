"""/api/virtualization/: cluster types, cluster groups, clusters, virtual machines and VM interfaces; and
/api/dcim/device-cluster-assignments/ on DCIM's router, where Nautobot 3 serves it. Registered from
VirtualizationConfig.ready(), after DCIM's."""

from __future__ import annotations

from netkeel.core.api import registry
from netkeel.core.api.routers import APIRouter
from netkeel.virtualization.api import views


def register() -> None:
    router = APIRouter("virtualization")
    router.register("cluster-types", views.ClusterTypeViewSet)
    router.register("cluster-groups", views.ClusterGroupViewSet)
    router.register("clusters", views.ClusterViewSet)
    router.register("virtual-machines", views.VirtualMachineViewSet)
    router.register("interfaces", views.VMInterfaceViewSet)
    registry.add_router(router)
    dcim = next(router for router in registry.routers() if router.app == "dcim")
    dcim.register("device-cluster-assignments", views.DeviceClusterAssignmentViewSet)
