"""Writes of the virtualization models, one transaction each: the API, the UI, the CSV import and the demo
data all create, change and delete clusters, virtual machines and their interfaces through these.

The models judge their own invariants in `clean` (a VM's primary addresses are among its own interfaces'
addresses; a VM interface's parent and bridge are on the same VM), so the functions here are the usual
judge-save-tag sequence, typed per model so callers read what they write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from netkeel.extras.services import save_changes, save_new
from netkeel.virtualization.models import (
    Cluster,
    ClusterGroup,
    ClusterType,
    DeviceClusterAssignment,
    VirtualMachine,
    VMInterface,
)

M = TypeVar("M", bound=models.Model)


def _create(
    model: type[M], tags: Iterable[Any] | None, custom_fields: Mapping[str, Any] | None, fields: dict[str, Any]
) -> M:
    obj = model(**fields)
    save_new(obj, fields, tags, custom_fields)
    return obj


def _update(obj: M, tags: Iterable[Any] | None, custom_fields: Mapping[str, Any] | None, changes: dict[str, Any]) -> M:
    with transaction.atomic():
        save_changes(obj, changes, tags, custom_fields)
    return obj


def create_cluster_type(
    *, tags: Iterable[Any] | None = None, custom_fields: Mapping[str, Any] | None = None, **fields: Any
) -> ClusterType:
    return _create(ClusterType, tags, custom_fields, fields)


def create_cluster_group(
    *, tags: Iterable[Any] | None = None, custom_fields: Mapping[str, Any] | None = None, **fields: Any
) -> ClusterGroup:
    return _create(ClusterGroup, tags, custom_fields, fields)


def create_cluster(
    *, tags: Iterable[Any] | None = None, custom_fields: Mapping[str, Any] | None = None, **fields: Any
) -> Cluster:
    return _create(Cluster, tags, custom_fields, fields)


def assign_device_to_cluster(
    *, tags: Iterable[Any] | None = None, custom_fields: Mapping[str, Any] | None = None, **fields: Any
) -> DeviceClusterAssignment:
    return _create(DeviceClusterAssignment, tags, custom_fields, fields)


def create_virtual_machine(
    *, tags: Iterable[Any] | None = None, custom_fields: Mapping[str, Any] | None = None, **fields: Any
) -> VirtualMachine:
    return _create(VirtualMachine, tags, custom_fields, fields)


def create_vm_interface(
    *, tags: Iterable[Any] | None = None, custom_fields: Mapping[str, Any] | None = None, **fields: Any
) -> VMInterface:
    return _create(VMInterface, tags, custom_fields, fields)


def update_object(
    obj: M, *, tags: Iterable[Any] | None = None, custom_fields: Mapping[str, Any] | None = None, **changes: Any
) -> M:
    """Change a cluster type, group, cluster, assignment, virtual machine or VM interface: the model judges
    the result (a primary address must stay among the VM's own)."""
    return _update(obj, tags, custom_fields, changes)


def set_primary_ips(vm: VirtualMachine, *, primary_ip4: Any = None, primary_ip6: Any = None) -> VirtualMachine:
    """Make addresses of the VM's own interfaces its primary IPv4/IPv6 (None leaves one as it is)."""
    changes = {name: ip for name, ip in (("primary_ip4", primary_ip4), ("primary_ip6", primary_ip6)) if ip is not None}
    return _update(vm, None, None, changes)


@transaction.atomic
def delete_object(obj: models.Model) -> None:
    obj.delete()


CREATORS: dict[type[models.Model], Any] = {
    ClusterType: create_cluster_type,
    ClusterGroup: create_cluster_group,
    Cluster: create_cluster,
    DeviceClusterAssignment: assign_device_to_cluster,
    VirtualMachine: create_virtual_machine,
    VMInterface: create_vm_interface,
}


def create_object(model: type[models.Model], **fields: Any) -> Any:
    """Create a row of any virtualization model through its own service above (the API's one entry)."""
    return CREATORS[model](**fields)
