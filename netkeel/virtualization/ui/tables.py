"""Tables of the virtualization lists."""

from __future__ import annotations

from netkeel.core.ui.tables import table_for
from netkeel.virtualization import models as virtualization

ClusterTypeTable = table_for(virtualization.ClusterType, default_columns=("name", "description"))
ClusterGroupTable = table_for(virtualization.ClusterGroup, default_columns=("name", "description"))
ClusterTable = table_for(
    virtualization.Cluster, default_columns=("name", "cluster_type", "cluster_group", "location", "tenant", "tags")
)
DeviceClusterAssignmentTable = table_for(virtualization.DeviceClusterAssignment, default_columns=("device", "cluster"))
VirtualMachineTable = table_for(
    virtualization.VirtualMachine,
    default_columns=("name", "status", "cluster", "role", "platform", "tenant", "vcpus", "memory", "primary_ip4"),
)
VMInterfaceTable = table_for(
    virtualization.VMInterface,
    default_columns=("name", "virtual_machine", "status", "enabled", "mtu", "mac_address", "mode", "description"),
)
