"""What global search finds in virtualization: virtual machines, clusters and their types and groups."""

from __future__ import annotations

from netkeel.core.ui import search
from netkeel.virtualization.models import Cluster, ClusterGroup, ClusterType, VirtualMachine


def register() -> None:
    search.register(
        VirtualMachine,
        fields=("name", "comments"),
        related=("cluster",),
        describe=lambda vm: f"in {vm.cluster}",
        weight=12,
    )
    search.register(
        Cluster,
        fields=("name", "comments"),
        related=("cluster_type",),
        describe=lambda c: f"{c.cluster_type}",
        weight=40,
    )
    search.register(ClusterType, fields=("name",), weight=75)
    search.register(ClusterGroup, fields=("name",), weight=75)
