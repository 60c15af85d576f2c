"""Interface redundancy group and virtual device context pages, under Devices: a group's page lists its
interfaces with their priorities, a context's page its interfaces; a device's page has its contexts as a
tab, an interface's page its redundancy groups and its contexts. The associations and assignments have
their own pages (add, edit, import) as in Nautobot."""

from __future__ import annotations

from typing import ClassVar

from netkeel.core.ui import ObjectTab, UIRouter
from netkeel.core.ui.tables import table_for
from netkeel.dcim import models as dcim
from netkeel.dcim.ui.devices import ComponentKind, ComponentTabView

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

ASSOCIATIONS = ComponentKind(
    "interface-redundancy-group-associations", "Interfaces", dcim.InterfaceRedundancyGroupAssociation
)
ASSIGNMENTS = ComponentKind("interface-vdc-assignments", "Interfaces", dcim.InterfaceVDCAssignment)


class GroupInterfacesTab(ComponentTabView):
    """A redundancy group's interfaces, each with its priority."""

    kind = ASSOCIATIONS
    parent_field: ClassVar[str] = "interface_redundancy_group"


class ContextInterfacesTab(ComponentTabView):
    """A virtual device context's interfaces."""

    kind = ASSIGNMENTS
    parent_field: ClassVar[str] = "virtual_device_context"


class DeviceContextsTab(ComponentTabView):
    """A device's virtual device contexts."""

    kind = ComponentKind("virtual-device-contexts", "Virtual device contexts", dcim.VirtualDeviceContext)
    parent_field: ClassVar[str] = "device"


class InterfaceGroupsTab(ComponentTabView):
    """The redundancy groups an interface is in, with its priority in each."""

    kind = ASSOCIATIONS
    parent_field: ClassVar[str] = "interface"


class InterfaceContextsTab(ComponentTabView):
    """The virtual device contexts an interface is given to."""

    kind = ASSIGNMENTS
    parent_field: ClassVar[str] = "interface"


def register(router: UIRouter) -> None:
    router.register(
        dcim.InterfaceRedundancyGroup,
        table=InterfaceRedundancyGroupTable,
        menu_group="Devices",
        tabs=[
            ObjectTab(
                "interfaces",
                "Interfaces",
                GroupInterfacesTab,
                permission="dcim.view_interfaceredundancygroupassociation",
            )
        ],
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
        tabs=[
            ObjectTab("interfaces", "Interfaces", ContextInterfacesTab, permission="dcim.view_interfacevdcassignment")
        ],
    )
    router.register(dcim.InterfaceVDCAssignment, table=InterfaceVDCAssignmentTable, menu_group="Device components")


# Tabs on the pages of devices and of interfaces (registered with them in `netkeel.dcim.ui.pages`).
DEVICE_TABS = (
    ObjectTab(
        "virtual-device-contexts",
        "Virtual device contexts",
        DeviceContextsTab,
        permission="dcim.view_virtualdevicecontext",
    ),
)
INTERFACE_TABS = (
    ObjectTab(
        "interface-redundancy-groups",
        "Redundancy groups",
        InterfaceGroupsTab,
        permission="dcim.view_interfaceredundancygroupassociation",
    ),
    ObjectTab(
        "virtual-device-contexts",
        "Virtual device contexts",
        InterfaceContextsTab,
        permission="dcim.view_interfacevdcassignment",
    ),
)
