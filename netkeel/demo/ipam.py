"""The demo network's IPAM and tenancy, laid over the DCIM estate once it is written.

- Tenants: three customers (in one tenant group); each site's servers belong to one of them, in turn,
  and so do its server VLAN and prefix. The circuits belong to the first.
- A VRF "Production" (route distinguisher 64512:1) on every management interface, assigned (as Nautobot 3
  assigns VRFs) to every device with a management address and to every site's management prefixes; an RIR
  "Private (RFC 1918)" (not "RFC 1918", a name an operator's own data may well hold; RIR names are unique).
- Per site (the n-th by name): a container 10.n.0.0/16, inside it a management network 10.n.0.0/24 and a
  server network 10.n.1.0/24; each switch's and console server's Management1 gets the next address of
  the first, each server's eth0 the next of the second, and that address is the device's primary IPv4.
- IPv6 beside it, in the documentation range (RFC 3849): a container 2001:db8::/32, per site a /48
  2001:db8:n::/48 holding a management /64 (2001:db8:n:10::/64) and a server /64 (2001:db8:n:100::/64),
  on the same VLANs; the same interfaces get the next address of each (from ::1), the device's primary IPv6.
- Per site a VLAN group with VLANs 10 (management) and 100 (servers); every server's eth0 is an access
  port on VLAN 100, which the server network names as its VLAN.
- Services: SSH (tcp/22) on every switch and BGP (tcp/179) on every spine, bound to the device's management
  address; HTTPS (tcp/443) on every server, bound to its eth0 address.

Rows are planned in memory from a handful of reads and written with `bulk_create` (and one set-based
UPDATE per site for the fields of rows DCIM wrote), ids drawn from their own seeded generator, so the
IPAM of a seed never shifts the DCIM ids before it (the assignments' ids from another, so that they shift
none of the rest). Parents (a prefix's, an address's) are set as they are planned: the layout above is the
whole hierarchy.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from netkeel.circuits.models import Circuit
from netkeel.dcim.demo import new_id
from netkeel.dcim.models import Device, Interface, Location
from netkeel.extras.models import Status
from netkeel.ipam.fields import address_to_bytes
from netkeel.ipam.models import (
    RIR,
    VLAN,
    VRF,
    IPAddress,
    IPAddressToInterface,
    Namespace,
    Prefix,
    PrefixLocationAssignment,
    Service,
    VLANGroup,
    VLANLocationAssignment,
    VRFDeviceAssignment,
    VRFPrefixAssignment,
)
from netkeel.ipam.models.namespaces import GLOBAL_NAMESPACE
from netkeel.tenancy.models import Tenant, TenantGroup

BATCH_SIZE = 2000
TENANTS: tuple[str, ...] = ("Contoso Retail", "Fabrikam Health", "Northwind Logistics")
TENANT_GROUP = "Demo customers"
VRF_NAME, VRF_RD = "Production", "64512:1"
RIR_NAME = "Private (RFC 1918)"
MANAGEMENT_VLAN, SERVER_VLAN = 10, 100
DNS_SUFFIX = "demo.netkeel.example"
# Interfaces that carry a device's address: switches' and console servers' management port, servers' first NIC.
MANAGEMENT_INTERFACE, SERVER_INTERFACE = "Management1", "eth0"
SERVER_ROLE = "Server"
# (name, protocol, ports) of the services on the devices of a role, bound to the device's IPv4 address.
SERVICES: dict[str, tuple[tuple[str, str, list[int]], ...]] = {
    "Spine": (("ssh", "tcp", [22]), ("bgp", "tcp", [179])),
    "Leaf": (("ssh", "tcp", [22]),),
    SERVER_ROLE: (("https", "tcp", [443]),),
}


def network(second: int, third: int = 0) -> int:
    """10.second.third.0 as an integer."""
    return (10 << 24) | (second << 16) | (third << 8)


DOCUMENTATION_V6 = 0x2001_0DB8 << 96  # 2001:db8::/32 (RFC 3849)
# The /64 of a site's management and server networks, named after their VLANs: 2001:db8:n:10::/64.
MANAGEMENT_SUBNET_V6, SERVER_SUBNET_V6 = 0x10, 0x100


def network6(site: int, subnet: int = 0) -> int:
    """2001:db8:site:subnet:: as an integer."""
    return DOCUMENTATION_V6 | (site << 80) | (subnet << 64)


@dataclass
class IPAMPlan:
    """Unsaved rows in the order they are written, and the changes to rows DCIM wrote."""

    rows: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)
    primary_ip4: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # device → its address
    primary_ip6: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # device → its IPv6 address
    site_tenants: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # site → its servers' tenant
    server_vlans: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # site → its server VLAN
    management_interfaces: list[uuid.UUID] = field(default_factory=list)  # put in the VRF

    def add(self, obj: Any) -> Any:
        self.rows.setdefault(type(obj), []).append(obj)
        return obj


WRITE_ORDER: tuple[type[models.Model], ...] = (
    TenantGroup,
    Tenant,
    RIR,
    VRF,
    VLANGroup,
    VLAN,
    VLANLocationAssignment,
    Prefix,
    PrefixLocationAssignment,
    VRFPrefixAssignment,
    VRFDeviceAssignment,
    IPAddress,
    IPAddressToInterface,
    Service,
    Service.ip_addresses.through,
)


class Planner:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"ipam-{seed}")
        self.assignment_rng = random.Random(f"ipam-assignments-{seed}")
        self.plan = IPAMPlan()
        self.active = Status.objects.get(name="Active").pk
        self.namespace = Namespace.objects.get_or_create(name=GLOBAL_NAMESPACE)[0].pk

    def make(self, model: type[models.Model], **values: Any) -> Any:
        return self.plan.add(model(id=new_id(self.rng), **values))

    def assign(self, model: type[models.Model], **values: Any) -> Any:
        return self.plan.add(model(id=new_id(self.assignment_rng), **values))

    def prefix(self, first: int, length: int, version: int = 4, **values: Any) -> Prefix:
        bits = 32 if version == 4 else 128
        last = first | ((1 << (bits - length)) - 1)
        return self.make(Prefix, network=address_to_bytes(first, version),
                         broadcast=address_to_bytes(last, version), prefix_length=length, ip_version=version,
                         namespace_id=self.namespace, status_id=self.active, **values)  # fmt: skip

    def addresses(self, parent: Prefix, interfaces: Iterable[tuple[uuid.UUID, uuid.UUID, str]]) -> None:
        """The next addresses of `parent` (from .1 or ::1) on `interfaces` (id, device id, device name),
        each its device's primary address of that version."""
        version = parent.ip_version
        primary = self.plan.primary_ip4 if version == 4 else self.plan.primary_ip6
        for offset, (interface_id, device_id, device_name) in enumerate(interfaces, start=1):
            ip = self.make(IPAddress, host=address_to_bytes(parent.first + offset, version),
                           mask_length=parent.prefix_length, ip_version=version, parent_id=parent.id,
                           namespace_id=self.namespace, status_id=self.active, tenant_id=parent.tenant_id,
                           dns_name=f"{device_name}.{DNS_SUFFIX}")  # fmt: skip
            self.make(IPAddressToInterface, ip_address_id=ip.id, interface_id=interface_id, is_primary=True)
            primary[device_id] = ip.id

    def build(self) -> IPAMPlan:
        group = self.make(TenantGroup, name=TENANT_GROUP, description="Customers of the demo network.")
        tenants = [self.make(Tenant, name=name, tenant_group_id=group.id) for name in TENANTS]
        rir = self.make(RIR, name=RIR_NAME, is_private=True, description="Private IPv4 space.")
        vrf = self.make(VRF, name=VRF_NAME, rd=VRF_RD, namespace_id=self.namespace, status_id=self.active,
                        description="Out-of-band management.")  # fmt: skip
        # 10.0.0.0/8 holds every site's /16.
        top = self.prefix(network(0), 8, type="container", rir_id=rir.id, description="The demo's private space.")
        top6 = self.prefix(network6(0), 32, 6, type="container",
                           description="The demo's IPv6 space (documentation range, RFC 3849).")  # fmt: skip
        sites = list(
            Location.objects.filter(devices__isnull=False).distinct().order_by("name").values_list("pk", "name")
        )
        management = self._interfaces(MANAGEMENT_INTERFACE, exclude_role=SERVER_ROLE)
        servers = self._interfaces(SERVER_INTERFACE, role=SERVER_ROLE)
        for number, (site_id, site_name) in enumerate(sites, start=1):
            tenant = tenants[(number - 1) % len(tenants)]
            self.plan.site_tenants[site_id] = tenant.id
            vlans = self.make(VLANGroup, name=f"{site_name} VLANs", location_id=site_id,
                              description=f"The VLANs of {site_name}.")  # fmt: skip
            mgmt_vlan = self.make(VLAN, vid=MANAGEMENT_VLAN, name="management", vlan_group_id=vlans.id,
                                  status_id=self.active)  # fmt: skip
            server_vlan = self.make(VLAN, vid=SERVER_VLAN, name="servers", vlan_group_id=vlans.id,
                                    status_id=self.active, tenant_id=tenant.id)  # fmt: skip
            self.plan.server_vlans[site_id] = server_vlan.id
            for vlan in (mgmt_vlan, server_vlan):
                self.assign(VLANLocationAssignment, vlan_id=vlan.id, location_id=site_id)
            container = self.prefix(network(number), 16, type="container", parent_id=top.id,
                                    description=f"{site_name}")  # fmt: skip
            mgmt = self.prefix(network(number, 0), 24, parent_id=container.id, vlan_id=mgmt_vlan.id,
                               description=f"{site_name} management")  # fmt: skip
            hosts = self.prefix(network(number, 1), 24, parent_id=container.id, vlan_id=server_vlan.id,
                                tenant_id=tenant.id, description=f"{site_name} servers")  # fmt: skip
            container6 = self.prefix(network6(number), 48, 6, type="container", parent_id=top6.id,
                                     description=f"{site_name}")  # fmt: skip
            mgmt6 = self.prefix(network6(number, MANAGEMENT_SUBNET_V6), 64, 6, parent_id=container6.id,
                                vlan_id=mgmt_vlan.id, description=f"{site_name} management")  # fmt: skip
            hosts6 = self.prefix(network6(number, SERVER_SUBNET_V6), 64, 6, parent_id=container6.id,
                                 vlan_id=server_vlan.id, tenant_id=tenant.id,
                                 description=f"{site_name} servers")  # fmt: skip
            for prefix in (container, mgmt, hosts, container6, mgmt6, hosts6):
                self.assign(PrefixLocationAssignment, prefix_id=prefix.id, location_id=site_id)
            for prefix in (mgmt, mgmt6):
                self.assign(VRFPrefixAssignment, vrf_id=vrf.id, prefix_id=prefix.id)
            for _, device_id, _ in management.get(site_id, []):
                self.assign(VRFDeviceAssignment, vrf_id=vrf.id, device_id=device_id, rd=VRF_RD, name=VRF_NAME)
            for parent in (mgmt, mgmt6):
                self.addresses(parent, management.get(site_id, []))
            for parent in (hosts, hosts6):
                self.addresses(parent, servers.get(site_id, []))
            self.plan.management_interfaces += [interface_id for interface_id, _, _ in management.get(site_id, [])]
        self.services()
        return self.plan

    def services(self) -> None:
        """The services of `SERVICES` on each addressed device of those roles, bound to its IPv4 address."""
        bound = Service.ip_addresses.through
        devices = Device.objects.filter(role__name__in=SERVICES).order_by("name").values_list("pk", "role__name")
        for device_id, role in devices:
            address = self.plan.primary_ip4.get(device_id)
            if address is None:
                continue
            for name, protocol, ports in SERVICES[role]:
                service = self.make(Service, device_id=device_id, name=name, protocol=protocol, ports=ports)
                self.plan.add(bound(service_id=service.id, ipaddress_id=address))

    @staticmethod
    def _interfaces(
        name: str, *, role: str | None = None, exclude_role: str | None = None
    ) -> dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID, str]]]:
        """Each site's interfaces called `name` (id, device id, device name), by device name."""
        found = Interface.objects.filter(name=name)
        if role is not None:
            found = found.filter(device__role__name=role)
        if exclude_role is not None:
            found = found.exclude(device__role__name=exclude_role)
        by_site: dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID, str]]] = {}
        rows = found.order_by("device__name").values_list("pk", "device_id", "device__name", "device__location_id")
        for interface_id, device_id, device_name, site_id in rows:
            by_site.setdefault(site_id, []).append((interface_id, device_id, device_name))
        return by_site


def write(plan: IPAMPlan) -> None:
    """The planned rows in bulk, then the DCIM and circuit rows they touch with set-based updates."""
    for model in WRITE_ORDER:
        model._default_manager.bulk_create(plan.rows.get(model, []), batch_size=BATCH_SIZE)
    vrf = VRF.objects.get(name=VRF_NAME, rd=VRF_RD).pk
    for start in range(0, len(plan.management_interfaces), BATCH_SIZE):
        Interface.objects.filter(pk__in=plan.management_interfaces[start : start + BATCH_SIZE]).update(vrf_id=vrf)
    devices = [
        Device(pk=device, primary_ip4_id=ip, primary_ip6_id=plan.primary_ip6.get(device))
        for device, ip in plan.primary_ip4.items()
    ]
    Device.objects.bulk_update(devices, ["primary_ip4", "primary_ip6"], batch_size=BATCH_SIZE // 2)
    for site, tenant in plan.site_tenants.items():
        Device.objects.filter(location_id=site, role__name=SERVER_ROLE).update(tenant_id=tenant)
        Interface.objects.filter(
            device__location_id=site, device__role__name=SERVER_ROLE, name=SERVER_INTERFACE
        ).update(mode="access", untagged_vlan_id=plan.server_vlans[site])
    first_tenant = plan.rows[Tenant][0].pk
    Circuit.objects.update(tenant_id=first_tenant)


def add_ipam(seed: int) -> dict[str, int]:
    """Plan and write the demo's IPAM and tenancy; rows written per model."""
    plan = Planner(seed).build()
    write(plan)
    counted = (Tenant, VRF, Prefix, IPAddress, VLANGroup, VLAN, Service)
    return {model.__name__: len(plan.rows.get(model, [])) for model in counted}
