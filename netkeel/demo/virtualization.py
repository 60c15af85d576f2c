"""The demo network's virtualization, laid over the DCIM estate and its IPAM once they are written.

- Two cluster types ("VMware vSphere", "KVM") and two cluster groups ("Production", "Development").
- Per site (the n-th by name) two clusters at the site, `<site>-vsphere01` (Production) and `<site>-kvm01`
  (Development), both the site's tenant's; the site's servers are their hosts, by name in turn (through
  device-cluster assignments).
- Per site `VMS_PER_SITE[size]` virtual machines `<site>-vm001`…, in the two clusters in turn, each with a
  role and a platform drawn from the seed, the site's tenant, and one interface `eth0` holding the next
  address of a VM network 10.n.2.0/24 (inside the site's 10.n.0.0/16 container), its primary IPv4. That
  is about 1,000 virtual machines in `medium` (7 sites), 48 in `small`, 10,080 in `large`.

Rows are planned in memory from a handful of reads and written with `bulk_create`, ids drawn from their own
seeded generator (as `netkeel.demo.ipam` does), so this step never shifts the ids before it. The site
location type is given the cluster content type, as a cluster's location requires.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from netkeel.dcim.demo import new_id
from netkeel.dcim.models import Device, Location, LocationType, Platform
from netkeel.demo.ipam import DNS_SUFFIX, SERVER_ROLE, TENANTS, network
from netkeel.extras.models import Role, Status
from netkeel.ipam.fields import address_to_bytes
from netkeel.ipam.models import IPAddress, IPAddressToInterface, Namespace, Prefix, PrefixLocationAssignment
from netkeel.ipam.models.namespaces import GLOBAL_NAMESPACE
from netkeel.tenancy.models import Tenant
from netkeel.virtualization.models import (
    Cluster,
    ClusterGroup,
    ClusterType,
    DeviceClusterAssignment,
    VirtualMachine,
    VMInterface,
)

BATCH_SIZE = 2000
VMS_PER_SITE: dict[str, int] = {"small": 24, "medium": 144, "large": 144}
VM_SUBNET = 2  # the third octet of a site's VM network: 10.n.2.0/24
VM_INTERFACE = "eth0"
# (cluster name suffix, cluster type, cluster group): each site has one cluster of each.
CLUSTERS: tuple[tuple[str, str, str], ...] = (
    ("vsphere01", "VMware vSphere", "Production"),
    ("kvm01", "KVM", "Development"),
)
VM_ROLES: tuple[tuple[str, str], ...] = (("Web Server", "ff9800"), ("Application", "009688"), ("Database", "795548"))
# (name, network driver): the Ansible inventory groups hosts by their platform's network driver.
PLATFORMS: tuple[tuple[str, str], ...] = (
    ("Ubuntu 24.04", "linux"),
    ("Debian 12", "linux"),
    ("Windows Server 2022", ""),
)
# (vCPUs, memory in MB, disk in GB)
FLAVOURS: tuple[tuple[int, int, int], ...] = ((2, 4096, 40), (4, 8192, 80), (8, 16384, 200), (16, 65536, 500))

WRITE_ORDER: tuple[type[models.Model], ...] = (
    LocationType.content_types.through,
    ClusterType,
    ClusterGroup,
    Platform,
    Role,
    Role.content_types.through,
    Cluster,
    DeviceClusterAssignment,
    Prefix,
    PrefixLocationAssignment,
    IPAddress,
    VirtualMachine,
    VMInterface,
    IPAddressToInterface,
)


@dataclass
class VirtualizationPlan:
    rows: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)

    def add(self, obj: Any) -> Any:
        self.rows.setdefault(type(obj), []).append(obj)
        return obj


class Planner:
    def __init__(self, size: str, seed: int) -> None:
        self.rng = random.Random(f"virtualization-{seed}")
        self.assignment_rng = random.Random(f"virtualization-assignments-{seed}")
        self.per_site = VMS_PER_SITE[size]
        self.plan = VirtualizationPlan()
        self.active = Status.objects.get(name="Active").pk
        self.namespace = Namespace.objects.get_or_create(name=GLOBAL_NAMESPACE)[0].pk

    def make(self, model: type[models.Model], **values: Any) -> Any:
        return self.plan.add(model(id=new_id(self.rng), **values))

    def _content_types(self) -> None:
        """The site location type holds clusters; the VM roles are offered to virtual machines."""
        cluster_type = ContentType.objects.get_for_model(Cluster).pk
        vm_type = ContentType.objects.get_for_model(VirtualMachine).pk
        site_type = LocationType.objects.get(name="Site")
        if not site_type.content_types.filter(pk=cluster_type).exists():
            self.plan.add(LocationType.content_types.through(locationtype_id=site_type.pk, contenttype_id=cluster_type))
        existing = {role.name: role for role in Role.objects.filter(name__in=[name for name, _ in VM_ROLES])}
        offered = set(
            Role.content_types.through.objects.filter(role__name__in=existing, contenttype_id=vm_type).values_list(
                "role__name", flat=True
            )
        )
        self.roles: list[uuid.UUID] = []
        for weight, (name, color) in enumerate(VM_ROLES, start=1):
            drawn = new_id(self.rng)
            role = existing.get(name) or self.plan.add(Role(id=drawn, name=name, color=color, weight=1000 + weight))
            self.roles.append(role.pk)
            if name not in offered:
                self.plan.add(Role.content_types.through(role_id=role.pk, contenttype_id=vm_type))
        names = [name for name, _ in PLATFORMS]
        existing_platforms = dict(Platform.objects.filter(name__in=names).values_list("name", "pk"))
        self.platforms = [
            existing_platforms.get(name)
            or self.make(Platform, name=name, network_driver=driver, description="A demo guest OS.").pk
            for name, driver in PLATFORMS
        ]

    def build(self) -> VirtualizationPlan:
        self._content_types()
        kinds = {name: self.make(ClusterType, name=name).pk for name in dict.fromkeys(kind for _, kind, _ in CLUSTERS)}
        groups = {name: self.make(ClusterGroup, name=name).pk for name in dict.fromkeys(g for _, _, g in CLUSTERS)}
        tenants = dict(Tenant.objects.filter(name__in=TENANTS).values_list("name", "pk"))
        sites = list(
            Location.objects.filter(devices__isnull=False).distinct().order_by("name").values_list("pk", "name")
        )
        servers: dict[uuid.UUID, list[uuid.UUID]] = {}
        for device_id, site_id in (
            Device.objects.filter(role__name=SERVER_ROLE).order_by("name").values_list("pk", "location_id")
        ):
            servers.setdefault(site_id, []).append(device_id)
        containers = dict(
            Prefix.objects.filter(ip_version=4, prefix_length=16, namespace_id=self.namespace).values_list(
                "network", "pk"
            )
        )
        for number, (site_id, site_name) in enumerate(sites, start=1):
            tenant = tenants.get(TENANTS[(number - 1) % len(TENANTS)])
            clusters = [
                self.make(Cluster, name=f"{site_name}-{suffix}", cluster_type_id=kinds[kind],
                          cluster_group_id=groups[group], location_id=site_id, tenant_id=tenant)
                for suffix, kind, group in CLUSTERS
            ]  # fmt: skip
            for index, device_id in enumerate(servers.get(site_id, [])):
                self.make(DeviceClusterAssignment, device_id=device_id, cluster_id=clusters[index % len(clusters)].pk)
            self._virtual_machines(site_id, site_name, number, clusters, tenant, containers)
        return self.plan

    def _virtual_machines(
        self,
        site_id: uuid.UUID,
        site_name: str,
        number: int,
        clusters: list[Cluster],
        tenant: uuid.UUID | None,
        containers: dict[bytes, uuid.UUID],
    ) -> None:
        first = network(number, VM_SUBNET)
        prefix = self.make(Prefix, network=address_to_bytes(first, 4), broadcast=address_to_bytes(first | 0xFF, 4),
                           prefix_length=24, ip_version=4, namespace_id=self.namespace, status_id=self.active,
                           parent_id=containers.get(address_to_bytes(network(number), 4)), tenant_id=tenant,
                           description=f"{site_name} virtual machines")  # fmt: skip
        # Its id from a generator of its own, so that it shifts none of the others.
        self.plan.add(
            PrefixLocationAssignment(id=new_id(self.assignment_rng), prefix_id=prefix.id, location_id=site_id)
        )
        for offset in range(1, self.per_site + 1):
            name = f"{site_name}-vm{offset:03d}"
            ip = self.make(IPAddress, host=address_to_bytes(first + offset, 4), mask_length=24, ip_version=4,
                           parent_id=prefix.id, namespace_id=self.namespace, status_id=self.active,
                           tenant_id=tenant, dns_name=f"{name}.{DNS_SUFFIX}")  # fmt: skip
            vcpus, memory, disk = self.rng.choice(FLAVOURS)
            vm = self.make(VirtualMachine, name=name, cluster_id=clusters[(offset - 1) % len(clusters)].pk,
                           role_id=self.rng.choice(self.roles), platform_id=self.rng.choice(self.platforms),
                           status_id=self.active, tenant_id=tenant, vcpus=vcpus, memory=memory, disk=disk,
                           primary_ip4_id=ip.id)  # fmt: skip
            nic = self.make(VMInterface, virtual_machine_id=vm.id, name=VM_INTERFACE, status_id=self.active,
                            mac_address=f"52:54:00:{number:02X}:{offset >> 8:02X}:{offset & 0xFF:02X}")  # fmt: skip
            self.make(IPAddressToInterface, ip_address_id=ip.id, vm_interface_id=nic.id, is_primary=True)


def add_virtualization(size: str, seed: int) -> dict[str, int]:
    """Plan and write the demo's clusters and virtual machines; rows written per model (with the VM networks'
    prefixes and addresses)."""
    plan = Planner(size, seed).build()
    for model in WRITE_ORDER:
        model._default_manager.bulk_create(plan.rows.get(model, []), batch_size=BATCH_SIZE)
    counted = (ClusterType, ClusterGroup, Cluster, DeviceClusterAssignment, VirtualMachine, VMInterface, Prefix,
               IPAddress)  # fmt: skip
    return {model.__name__: len(plan.rows.get(model, [])) for model in counted}
