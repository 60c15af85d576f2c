"""Builders for interface redundancy group and virtual device context tests: a device with interfaces, an
address on one of them, a group, a context."""

from __future__ import annotations

from typing import Any

from netkeel.dcim import services
from netkeel.dcim.models import (
    Device,
    Interface,
    InterfaceRedundancyGroup,
    VirtualDeviceContext,
)
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Status
from netkeel.ipam import services as ipam
from netkeel.ipam.models import IPAddress, Prefix


def device(name: str = "leaf1") -> Device:
    return Device.objects.filter(name=name).first() or f.device(name, f.device_type(), f.location())


def interface(name: str, on: Device | None = None) -> Interface:
    owner = on or device()
    found = Interface.objects.filter(device=owner, name=name).first()
    return found or services.create_component(
        Interface, device=owner, name=name, type="1000base-t", status=f.status("Active")
    )


def address(text: str, on: Interface | None = None) -> IPAddress:
    """An address (in a prefix made for it), assigned to `on` when given."""
    version, network = (4, "10.0.0.0/8") if "." in text else (6, "2001:db8::/32")
    if not Prefix.objects.filter(ip_version=version, prefix_length=int(network.split("/")[1])).exists():
        ipam.create_prefix(network, status=f.status("Active"))
    ip = ipam.create_ip_address(text, status=f.status("Active"))
    if on is not None:
        ipam.assign_ip_address(ip, on)
    return ip


def group(name: str = "hsrp-10", **fields: Any) -> InterfaceRedundancyGroup:
    found = InterfaceRedundancyGroup.objects.filter(name=name).first()
    return found or services.create_interface_redundancy_group(name=name, status=f.status("Active"), **fields)


def context(name: str = "vdc-1", on: Device | None = None, **fields: Any) -> VirtualDeviceContext:
    owner = on or device()
    found = VirtualDeviceContext.objects.filter(device=owner, name=name).first()
    status: Status = fields.pop("status", None) or f.status("Active")
    return found or services.create_virtual_device_context(name=name, device=owner, status=status, **fields)
