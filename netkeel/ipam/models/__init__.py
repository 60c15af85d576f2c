"""The IPAM data model: namespaces, VRFs, prefixes, addresses, VLANs and services."""

from netkeel.ipam.models.applications import Service
from netkeel.ipam.models.namespaces import RIR, VRF, Namespace, RouteTarget
from netkeel.ipam.models.prefixes import IPAddress, IPAddressToInterface, Prefix
from netkeel.ipam.models.vlans import VLAN, VLANGroup

__all__ = [
    "RIR",
    "VLAN",
    "VRF",
    "IPAddress",
    "IPAddressToInterface",
    "Namespace",
    "Prefix",
    "RouteTarget",
    "Service",
    "VLANGroup",
]
