"""/virtualization/: cluster types, cluster groups, clusters (a cluster's page has its virtual machines tab),
device-cluster assignments, virtual machines (with their interfaces, services and VRFs tabs) and VM interfaces.
Registered from VirtualizationConfig.ready()."""

from __future__ import annotations

from typing import ClassVar

from netkeel.core.ui import ObjectTab, UIRouter
from netkeel.core.ui.registry import add_router
from netkeel.dcim.ui.devices import ComponentKind, ComponentTabView
from netkeel.ipam.ui.services_tab import VirtualMachineServicesTab, services_tab
from netkeel.ipam.ui.vrf_tabs import VirtualMachineVRFsTab, vrfs_tab
from netkeel.virtualization import models as virtualization
from netkeel.virtualization.ui import tables
from netkeel.virtualization.ui.search import register as register_search


class VirtualMachinesTab(ComponentTabView):
    """A cluster's virtual machines, as a device's components are listed on its page."""

    kind = ComponentKind("virtual-machines", "Virtual machines", virtualization.VirtualMachine)
    parent_field: ClassVar[str] = "cluster"


class VMInterfacesTab(ComponentTabView):
    kind = ComponentKind("interfaces", "Interfaces", virtualization.VMInterface)
    parent_field: ClassVar[str] = "virtual_machine"


def register() -> None:
    router = UIRouter("virtualization", label="Virtualization", weight=45)
    router.register(virtualization.ClusterType, table=tables.ClusterTypeTable, menu_group="Clusters")
    router.register(virtualization.ClusterGroup, table=tables.ClusterGroupTable, menu_group="Clusters")
    router.register(
        virtualization.Cluster,
        table=tables.ClusterTable,
        menu_group="Clusters",
        tabs=[
            ObjectTab(
                "virtual-machines",
                "Virtual machines",
                VirtualMachinesTab,
                permission="virtualization.view_virtualmachine",
            )
        ],
    )
    router.register(
        virtualization.DeviceClusterAssignment, table=tables.DeviceClusterAssignmentTable, menu_group="Clusters"
    )
    router.register(
        virtualization.VirtualMachine,
        table=tables.VirtualMachineTable,
        menu_group="Virtual machines",
        tabs=[
            ObjectTab("interfaces", "Interfaces", VMInterfacesTab, permission="virtualization.view_vminterface"),
            services_tab(VirtualMachineServicesTab),
            vrfs_tab(VirtualMachineVRFsTab),
        ],
    )
    router.register(virtualization.VMInterface, table=tables.VMInterfaceTable, menu_group="Virtual machines")
    add_router(router)
    register_search()
