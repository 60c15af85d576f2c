"""The demo network's interface redundancy groups and virtual device contexts, laid over DCIM and IPAM.

- Per site, the first MLAG pair of leaves answers for the server network's gateway: an HSRP group
  ("<site> servers gateway", group 100) on each leaf's Ethernet1, priorities 110 and 100, its virtual
  address the last host of the site's server network (10.n.1.254/24, role HSRP).
- In the medium and large networks, each site's first spine is split in two virtual device contexts:
  "admin" (identifier 1) with the management port, whose addresses are its primaries, and "fabric"
  (identifier 2) with every cabled data port.

Written through the DCIM and IPAM services (a handful per site; the contexts' interfaces in bulk), ids
drawn from their own seeded generator, so nothing before it shifts.
"""

from __future__ import annotations

import ipaddress
import random

from django.db.models import Q

from netkeel.dcim import services
from netkeel.dcim.demo import new_id
from netkeel.dcim.models import Device, Interface, InterfaceVDCAssignment, Location
from netkeel.demo.ipam import MANAGEMENT_INTERFACE, network
from netkeel.extras.models import Role, Status
from netkeel.ipam import services as ipam
from netkeel.ipam.models import IPAddressToInterface

GATEWAY_GROUP_ID, GATEWAY_INTERFACE, GATEWAY_PRIORITIES = "100", "Ethernet1", (110, 100)
SERVER_THIRD_OCTET, GATEWAY_HOST = 1, 254  # the last host of 10.n.1.0/24
CONTEXT_SIZES = ("medium", "large")


def add_interface_groups(size: str, seed: int) -> dict[str, int]:
    """Plan and write the gateway groups and the spines' contexts; rows made per model."""
    rng = random.Random(f"interface-groups-{seed}")
    active = Status.objects.get(name="Active")
    hsrp_role = Role.objects.filter(name="HSRP").first()
    counts = {"InterfaceRedundancyGroup": 0, "VirtualDeviceContext": 0, "IPAddress": 0}
    # Numbered as IPAM numbers them (its server network is 10.<number>.1.0/24).
    sites = Location.objects.filter(devices__isnull=False).distinct().order_by("name").values_list("pk", "name")
    for number, (site_id, site_name) in enumerate(sites, start=1):
        leaves = list(Device.objects.filter(location_id=site_id, role__name="Leaf").order_by("_name")[:2])
        if len(leaves) == 2:
            counts["IPAddress"] += _gateway_group(rng, number, site_name, leaves, active, hsrp_role)
            counts["InterfaceRedundancyGroup"] += 1
        spine = Device.objects.filter(location_id=site_id, role__name="Spine").order_by("_name").first()
        if size in CONTEXT_SIZES and spine is not None:
            counts["VirtualDeviceContext"] += _split_spine(rng, spine, active)
    return counts


def _gateway_group(
    rng: random.Random, number: int, site: str, leaves: list[Device], active: Status, role: Role | None
) -> int:
    text = f"{ipaddress.IPv4Address(network(number, SERVER_THIRD_OCTET) + GATEWAY_HOST)}/24"
    vip = ipam.create_ip_address(text, id=new_id(rng), status=active, role=role, description=f"{site} servers gateway")
    group = services.create_interface_redundancy_group(
        id=new_id(rng),
        name=f"{site} servers gateway",
        status=active,
        protocol="hsrp",
        protocol_group_id=GATEWAY_GROUP_ID,
        virtual_ip=vip,
        description="The server network's first hop, shared by an MLAG pair of leaves.",
    )
    for leaf, priority in zip(leaves, GATEWAY_PRIORITIES, strict=True):
        interface = Interface.objects.get(device=leaf, name=GATEWAY_INTERFACE)
        services.add_interface_to_redundancy_group(group, interface, priority)
    return 1


def _split_spine(rng: random.Random, spine: Device, active: Status) -> int:
    management = Interface.objects.get(device=spine, name=MANAGEMENT_INTERFACE)
    addresses = dict(
        IPAddressToInterface.objects.filter(interface=management).values_list("ip_address__ip_version", "ip_address")
    )
    admin = services.create_virtual_device_context(
        id=new_id(rng),
        name="admin",
        device=spine,
        identifier=1,
        status=active,
        primary_ip4_id=addresses.get(4),
        primary_ip6_id=addresses.get(6),
        description="Management of the switch.",
    )
    fabric = services.create_virtual_device_context(
        id=new_id(rng), name="fabric", device=spine, identifier=2, status=active, description="The data plane."
    )
    data_ports = Interface.objects.filter(Q(device=spine, mgmt_only=False) & Q(cable__isnull=False)).order_by("_name")
    InterfaceVDCAssignment.objects.bulk_create(
        [InterfaceVDCAssignment(id=new_id(rng), virtual_device_context=admin, interface=management)]
        + [
            InterfaceVDCAssignment(id=new_id(rng), virtual_device_context=fabric, interface_id=pk)
            for pk in data_ports.values_list("pk", flat=True)
        ]
    )
    return 2
