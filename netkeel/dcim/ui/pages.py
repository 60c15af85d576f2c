"""/dcim/: every DCIM model with the generic pages, a device's tab per component kind, the cable trace of
every port (`…/<id>/trace/`, and `…/trace/svg/` as a file) and the rack elevations; registered from
DcimConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from netkeel.core.ui import ObjectTab, UIRouter
from netkeel.core.ui.extensions import DetailPanel, register_detail_panel
from netkeel.core.ui.registry import add_router
from netkeel.dcim import models as dcim
from netkeel.dcim.ui import tables
from netkeel.dcim.ui.cabling import CableDetailView, cable_ends_text
from netkeel.dcim.ui.controllers import register as register_controllers
from netkeel.dcim.ui.device_type_import import DeviceTypeImportView
from netkeel.dcim.ui.devices import (
    FamilyDeviceTypesTab,
    RedundancyGroupDevicesTab,
    component_tabs,
    template_tabs,
)
from netkeel.dcim.ui.forms import CableForm
from netkeel.dcim.ui.interface_groups import DEVICE_TABS, INTERFACE_TABS
from netkeel.dcim.ui.interface_groups import register as register_interface_groups
from netkeel.dcim.ui.racks import RackDetailView, RackElevationView
from netkeel.dcim.ui.search import register as register_search
from netkeel.dcim.ui.software import register as register_software
from netkeel.dcim.ui.trace_views import TraceSVGView, TraceTabView

# Components: the ports a cable plugs into have a trace tab and a trace file.
TRACE_TAB = ObjectTab("trace", "Trace", TraceTabView)
COMPONENTS = (
    (dcim.Interface, tables.InterfaceTable, True),
    (dcim.ConsolePort, tables.ConsolePortTable, True),
    (dcim.ConsoleServerPort, tables.ConsoleServerPortTable, True),
    (dcim.PowerPort, tables.PowerPortTable, True),
    (dcim.PowerOutlet, tables.PowerOutletTable, True),
    (dcim.FrontPort, tables.FrontPortTable, True),
    (dcim.RearPort, tables.RearPortTable, True),
    (dcim.DeviceBay, tables.DeviceBayTable, False),
    (dcim.InventoryItem, tables.InventoryItemTable, False),
)


def network_driver_panel(request: HttpRequest, platform: dcim.Platform) -> dict[str, Any]:
    """A platform's network driver in each automation library's words (as its API's network_driver_mappings)."""
    hint = "netutils and the NETWORK_DRIVERS setting know no library's name for this network driver."
    return {
        "rows": sorted(platform.network_driver_mappings.items()),
        "hint": hint if platform.network_driver else "No network driver.",
    }


def register() -> None:
    """The pages (after the API routes they derive from) and the searched models."""
    router = UIRouter("dcim", label="Devices", weight=30)

    # Locations and racks
    router.register(dcim.LocationType, table=tables.LocationTypeTable, menu_group="Locations")
    router.register(dcim.Location, table=tables.LocationTable, menu_group="Locations")
    router.register(dcim.RackGroup, table=tables.RackGroupTable, menu_group="Racks")
    rack_ui = router.register(
        dcim.Rack,
        table=tables.RackTable,
        menu_group="Racks",
        detail_template="dcim/rack.html",
        detail_view=RackDetailView,
    )
    router.register(dcim.RackReservation, table=tables.RackReservationTable, menu_group="Racks")
    router.add_url(
        "racks/<uuid:pk>/elevation/<str:face>/", RackElevationView.as_view(model_ui=rack_ui), "rack_elevation"
    )

    # Devices and what they are
    router.register(dcim.Device, table=tables.DeviceTable, menu_group="Devices", tabs=[*component_tabs(), *DEVICE_TABS])
    router.register(dcim.VirtualChassis, table=tables.VirtualChassisTable, menu_group="Devices")
    router.register(
        dcim.DeviceRedundancyGroup,
        table=tables.DeviceRedundancyGroupTable,
        menu_group="Devices",
        tabs=[ObjectTab("devices", "Devices", RedundancyGroupDevicesTab, permission="dcim.view_device")],
    )
    device_type_ui = router.register(
        dcim.DeviceType,
        table=tables.DeviceTypeTable,
        menu_group="Device types",
        tabs=template_tabs(),
        list_actions=(("Import YAML", "import_yaml", "filetype-yml"),),
    )
    router.add_url(
        "device-types/import-yaml/", DeviceTypeImportView.as_view(model_ui=device_type_ui), "devicetype_import_yaml"
    )
    router.register(dcim.Manufacturer, table=tables.ManufacturerTable, menu_group="Device types")
    router.register(
        dcim.DeviceFamily,
        table=tables.DeviceFamilyTable,
        menu_group="Device types",
        tabs=[ObjectTab("device-types", "Device types", FamilyDeviceTypesTab, permission="dcim.view_devicetype")],
    )
    router.register(dcim.Platform, table=tables.PlatformTable, menu_group="Device types")
    register_software(router)
    register_detail_panel(
        DetailPanel(
            "dcim-network-driver-mappings",
            "dcim/panels/network_driver_mappings.html",
            lambda model: model is dcim.Platform,
            network_driver_panel,
        )
    )
    register_interface_groups(router)
    register_controllers(router)
    for template_model, template_table in tables.TEMPLATE_TABLES.items():
        router.register(template_model, table=template_table, menu_group="Component templates", name_patterns=True)

    # Components: the ports a cable plugs into have a trace tab and a trace file.
    for component, component_table, traceable in COMPONENTS:
        model_ui = router.register(
            component,
            table=component_table,
            menu_group="Device components",
            tabs=[*([TRACE_TAB] if traceable else []), *(INTERFACE_TABS if component is dcim.Interface else [])],
            name_patterns=True,
        )
        if traceable:
            router.add_url(
                f"{model_ui.slug}/<uuid:pk>/trace/svg/",
                TraceSVGView.as_view(model_ui=model_ui),
                f"{model_ui.model_name}_trace_svg",
            )

    # Connections and power
    router.register(
        dcim.Cable,
        table=tables.CableTable,
        form=CableForm,
        menu_group="Connections",
        detail_view=CableDetailView,
        detail_template="dcim/cable.html",
        detail_exclude=("termination_a_type", "termination_a_id", "termination_b_type", "termination_b_id"),
        display=cable_ends_text,
    )
    router.register(dcim.PowerPanel, table=tables.PowerPanelTable, menu_group="Power")
    power_feed_ui = router.register(dcim.PowerFeed, table=tables.PowerFeedTable, menu_group="Power", tabs=[TRACE_TAB])
    router.add_url(
        "power-feeds/<uuid:pk>/trace/svg/", TraceSVGView.as_view(model_ui=power_feed_ui), "powerfeed_trace_svg"
    )

    add_router(router)
    register_search()
