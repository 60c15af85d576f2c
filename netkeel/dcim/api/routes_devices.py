"""The dcim endpoints registered by this module: locations and racks, manufacturers, platforms, device
families, device types with their component templates, devices, device redundancy groups, virtual chassis,
power panels and power feeds."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter
from netkeel.dcim.api import views_devices as views


def register(router: APIRouter) -> None:
    """Add this module's endpoints to the dcim router."""
    router.register("location-types", views.LocationTypeViewSet)
    router.register("locations", views.LocationViewSet)
    router.register("rack-groups", views.RackGroupViewSet)
    router.register("racks", views.RackViewSet)
    router.register("rack-reservations", views.RackReservationViewSet)
    router.register("manufacturers", views.ManufacturerViewSet)
    router.register("platforms", views.PlatformViewSet)
    router.register("device-families", views.DeviceFamilyViewSet)
    router.register("device-types", views.DeviceTypeViewSet)
    router.register("console-port-templates", views.ConsolePortTemplateViewSet)
    router.register("console-server-port-templates", views.ConsoleServerPortTemplateViewSet)
    router.register("power-port-templates", views.PowerPortTemplateViewSet)
    router.register("power-outlet-templates", views.PowerOutletTemplateViewSet)
    router.register("interface-templates", views.InterfaceTemplateViewSet)
    router.register("front-port-templates", views.FrontPortTemplateViewSet)
    router.register("rear-port-templates", views.RearPortTemplateViewSet)
    router.register("device-bay-templates", views.DeviceBayTemplateViewSet)
    router.register("devices", views.DeviceViewSet)
    router.register("device-redundancy-groups", views.DeviceRedundancyGroupViewSet)
    router.register("virtual-chassis", views.VirtualChassisViewSet)
    router.register("power-panels", views.PowerPanelViewSet)
    router.register("power-feeds", views.PowerFeedViewSet)
