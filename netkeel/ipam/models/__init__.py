"""The IPAM data model: namespaces, VRFs, prefixes, addresses, VLANs, services and the assignments between them."""

from netkeel.ipam.models.applications import Service
from netkeel.ipam.models.assignments import (
    PrefixLocationAssignment,
    VLANLocationAssignment,
    VRFDeviceAssignment,
    VRFPrefixAssignment,
)
from netkeel.ipam.models.namespaces import RIR, VRF, Namespace, RouteTarget
from netkeel.ipam.models.prefixes import IPAddress, IPAddressToInterface, Prefix
from netkeel.ipam.models.vlans import VLAN, VLANGroup

__all__ = [
    "RIR",
    "VLAN",
    "VRF",
    "VRFDeviceAssignment",
    "VRFPrefixAssignment",
    "IPAddress",
    "IPAddressToInterface",
    "Namespace",
    "Prefix",
    "PrefixLocationAssignment",
    "RouteTarget",
    "Service",
    "VLANGroup",
    "VLANLocationAssignment",
]
