"""/virtualization/: cluster types, cluster groups, clusters (a cluster's page has its virtual machines tab),
device-cluster assignments, virtual machines (with their interfaces, services and VRFs tabs) and VM interfaces.
Registered from VirtualizationConfig.ready()."""

from __future__ import annotations

from netkeel.core.ui import UIRouter
from netkeel.core.ui.registry import add_router
from netkeel.dcim.ui.devices import related_tab
from netkeel.ipam.ui.services_tab import services_tab
from netkeel.ipam.ui.vrf_tabs import vrfs_tab
from netkeel.virtualization import models as virtualization
from netkeel.virtualization.ui import tables
from netkeel.virtualization.ui.search import register as register_search


def register() -> None:
    router = UIRouter("virtualization", label="Virtualization", weight=45)
    router.register(virtualization.ClusterType, table=tables.ClusterTypeTable, menu_group="Clusters")
    router.register(virtualization.ClusterGroup, table=tables.ClusterGroupTable, menu_group="Clusters")
    router.register(
        virtualization.Cluster,
        table=tables.ClusterTable,
        menu_group="Clusters",
        # A cluster's virtual machines, as a device's components are listed on its page.
        tabs=[related_tab("virtual-machines", "Virtual machines", virtualization.VirtualMachine, "cluster")],
    )
    router.register(
        virtualization.DeviceClusterAssignment, table=tables.DeviceClusterAssignmentTable, menu_group="Clusters"
    )
    router.register(
        virtualization.VirtualMachine,
        table=tables.VirtualMachineTable,
        menu_group="Virtual machines",
        tabs=[
            related_tab("interfaces", "Interfaces", virtualization.VMInterface, "virtual_machine"),
            services_tab("virtual_machine"),
            vrfs_tab("virtual_machine"),
        ],
    )
    router.register(virtualization.VMInterface, table=tables.VMInterfaceTable, menu_group="Virtual machines")
    add_router(router)
    register_search()
