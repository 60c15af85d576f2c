"""Clusters, virtual machines and VM interfaces for tests, made through the virtualization services."""

from __future__ import annotations

import itertools
from typing import Any

from netkeel.dcim.tests import factories as f
from netkeel.virtualization import services
from netkeel.virtualization.models import Cluster, ClusterType, VirtualMachine, VMInterface

_counter = itertools.count(1)


def cluster_type(name: str = "VMware vSphere") -> ClusterType:
    return ClusterType.objects.filter(name=name).first() or services.create_cluster_type(name=name)


def cluster(name: str | None = None, **fields: Any) -> Cluster:
    return services.create_cluster(name=name or f"cluster-{next(_counter)}", cluster_type=cluster_type(), **fields)


def virtual_machine(name: str | None = None, **fields: Any) -> VirtualMachine:
    fields.setdefault("cluster", Cluster.objects.first() or cluster())
    return services.create_virtual_machine(name=name or f"vm-{next(_counter)}", status=f.status(), **fields)


def vm_interface(vm: VirtualMachine, name: str = "eth0", **fields: Any) -> VMInterface:
    return services.create_vm_interface(virtual_machine=vm, name=name, status=f.status(), **fields)
