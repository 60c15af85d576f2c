"""/api/dcim/: locations, racks, device types and devices (`routes_devices`), and the parts of devices,
cables and paths (`routes_cabling`); registered from DcimConfig.ready()."""

from __future__ import annotations

from netkeel.core.api import registry
from netkeel.core.api.routers import APIRouter
from netkeel.dcim.api import routes_cabling, routes_devices, views_controllers, views_interface_groups, views_software


def register() -> None:
    router = APIRouter("dcim")
    routes_devices.register(router)
    routes_cabling.register(router)
    router.register("software-versions", views_software.SoftwareVersionViewSet)
    router.register("software-image-files", views_software.SoftwareImageFileViewSet)
    router.register("device-types-to-software-image-files", views_software.DeviceTypeToSoftwareImageFileViewSet)
    router.register("interface-redundancy-groups", views_interface_groups.InterfaceRedundancyGroupViewSet)
    router.register(
        "interface-redundancy-group-associations", views_interface_groups.InterfaceRedundancyGroupAssociationViewSet
    )
    router.register("virtual-device-contexts", views_interface_groups.VirtualDeviceContextViewSet)
    router.register("interface-vdc-assignments", views_interface_groups.InterfaceVDCAssignmentViewSet)
    router.register("controllers", views_controllers.ControllerViewSet)
    router.register("controller-managed-device-groups", views_controllers.ControllerManagedDeviceGroupViewSet)
    registry.add_router(router)
