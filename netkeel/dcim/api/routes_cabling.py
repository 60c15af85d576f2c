"""The dcim endpoints registered by this module: the parts of devices, cables, and their trace and paths
actions."""

from __future__ import annotations

from netkeel.core.api.routers import APIRouter
from netkeel.dcim.api import views_cabling as views
from netkeel.dcim.api import views_connections as connections


def register(router: APIRouter) -> None:
    """Add this module's endpoints to the dcim router."""
    router.register("console-ports", views.ConsolePortViewSet)
    router.register("console-server-ports", views.ConsoleServerPortViewSet)
    router.register("power-ports", views.PowerPortViewSet)
    router.register("power-outlets", views.PowerOutletViewSet)
    router.register("interfaces", views.InterfaceViewSet)
    router.register("front-ports", views.FrontPortViewSet)
    router.register("rear-ports", views.RearPortViewSet)
    router.register("device-bays", views.DeviceBayViewSet)
    router.register("inventory-items", views.InventoryItemViewSet)
    router.register("cables", views.CableViewSet)
    router.register("console-connections", connections.ConsoleConnectionViewSet, basename="consoleconnections")
    router.register("power-connections", connections.PowerConnectionViewSet, basename="powerconnections")
    router.register("interface-connections", connections.InterfaceConnectionViewSet, basename="interfaceconnections")
    router.add_lookup("connected-device", connections.ConnectedDeviceView.as_view(), "connected-device")
