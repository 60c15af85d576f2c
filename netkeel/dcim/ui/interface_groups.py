"""Interface redundancy group and virtual device context pages, under Devices: a group's page lists its
interfaces with their priorities, a context's page its interfaces; a device's page has its contexts as a
tab, an interface's page its redundancy groups and its contexts. The associations and assignments have
their own pages (add, edit, import) as in Nautobot."""

from __future__ import annotations

from netkeel.core.ui import UIRouter
from netkeel.core.ui.tables import table_for
from netkeel.dcim import models as dcim
from netkeel.dcim.ui.devices import related_tab

InterfaceRedundancyGroupTable = table_for(
    dcim.InterfaceRedundancyGroup,
    fields=("name", "status", "protocol", "protocol_group_id", "virtual_ip", "description", "tags"),
    default_columns=("name", "status", "protocol", "protocol_group_id", "virtual_ip", "description"),
)
InterfaceRedundancyGroupAssociationTable = table_for(
    dcim.InterfaceRedundancyGroupAssociation,
    default_columns=("display", "interface_redundancy_group", "interface", "priority"),
)
VirtualDeviceContextTable = table_for(
    dcim.VirtualDeviceContext,
    fields=(
        "name",
        "device",
        "identifier",
        "status",
        "role",
        "tenant",
        "primary_ip4",
        "primary_ip6",
        "description",
        "tags",
    ),
    default_columns=("name", "device", "identifier", "status", "role", "tenant", "primary_ip4", "primary_ip6"),
)
InterfaceVDCAssignmentTable = table_for(
    dcim.InterfaceVDCAssignment, default_columns=("display", "virtual_device_context", "interface")
)

ASSOCIATION, ASSIGNMENT = dcim.InterfaceRedundancyGroupAssociation, dcim.InterfaceVDCAssignment


def register(router: UIRouter) -> None:
    router.register(
        dcim.InterfaceRedundancyGroup,
        table=InterfaceRedundancyGroupTable,
        menu_group="Devices",
        # A redundancy group's interfaces, each with its priority.
        tabs=[related_tab("interfaces", "Interfaces", ASSOCIATION, "interface_redundancy_group")],
    )
    router.register(
        dcim.InterfaceRedundancyGroupAssociation,
        table=InterfaceRedundancyGroupAssociationTable,
        menu_group="Device components",
    )
    router.register(
        dcim.VirtualDeviceContext,
        table=VirtualDeviceContextTable,
        menu_group="Devices",
        tabs=[related_tab("interfaces", "Interfaces", ASSIGNMENT, "virtual_device_context")],
    )
    router.register(dcim.InterfaceVDCAssignment, table=InterfaceVDCAssignmentTable, menu_group="Device components")


# Tabs on the pages of devices and of interfaces (registered with them in `netkeel.dcim.ui.pages`).
DEVICE_TABS = (related_tab("virtual-device-contexts", "Virtual device contexts", dcim.VirtualDeviceContext),)
INTERFACE_TABS = (
    # The redundancy groups an interface is in (with its priority in each), the contexts it is given to.
    related_tab("interface-redundancy-groups", "Redundancy groups", ASSOCIATION, "interface"),
    related_tab("virtual-device-contexts", "Virtual device contexts", ASSIGNMENT, "interface"),
)
