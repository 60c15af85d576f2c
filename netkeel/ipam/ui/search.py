"""What global search finds in IPAM: an address or prefix written anywhere in the text finds that address
and every prefix containing it; names, descriptions, DNS names, route distinguishers and VLAN ids too."""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlencode

import netaddr
from django.db.models import Q

from netkeel.core.ui import search
from netkeel.ipam.api.filters import prefixes_containing
from netkeel.ipam.fields import address_to_bytes
from netkeel.ipam.models import RIR, VLAN, VRF, IPAddress, Namespace, Prefix, RouteTarget, Service, VLANGroup

# Addresses read from one search text (the rest are ignored).
MAX_ADDRESSES = 5
SEPARATORS = re.compile(r"[\s,;()\[\]<>\"'=]+")


def networks_in(text: str) -> list[netaddr.IPNetwork]:
    """The IP addresses and prefixes written in `text` ("ping 10.0.0.5 from 2001:db8::/64" has two); an
    address written with its mask (10.0.0.5/24) is the address."""
    found: list[netaddr.IPNetwork] = []
    for token in SEPARATORS.split(text):
        token = token.strip(".:")  # sentence punctuation; an IPv6 address never starts or ends with one colon
        if not token or not any(mark in token for mark in ".:") or len(token) > 50:
            continue
        try:
            interface = ipaddress.ip_interface(token)
        except ValueError:
            continue
        if interface.ip != interface.network.network_address:
            interface = ipaddress.ip_interface(str(interface.ip))  # an address written with its mask
        found.append(netaddr.IPNetwork(str(interface)))
        if len(found) == MAX_ADDRESSES:
            break
    return found


def containing_prefixes(text: str) -> Q | None:
    condition: Q | None = None
    for network in networks_in(text):
        term = prefixes_containing(network)
        condition = term if condition is None else condition | term
    return condition


def exact_addresses(text: str) -> Q | None:
    condition: Q | None = None
    for network in networks_in(text):
        term = Q(ip_version=network.version, host=address_to_bytes(int(network.ip), network.version))
        condition = term if condition is None else condition | term
    return condition


def _first_network(text: str) -> str:
    found = networks_in(text)
    return str(found[0].ip) if found else text


def vid_match(text: str) -> Q | None:
    return Q(vid=int(text)) if text.isdigit() and len(text) <= 4 else None


def _prefix(prefix: Any) -> str:
    parts = [prefix.get_type_display(), f"namespace {prefix.namespace}"]
    if prefix.description:
        parts.append(prefix.description)
    return " · ".join(parts)


def _address(address: Any) -> str:
    parts = [f"namespace {address.namespace}"]
    if address.dns_name:
        parts.append(address.dns_name)
    if address.description:
        parts.append(address.description)
    return " · ".join(parts)


def register() -> None:
    search.register(
        IPAddress,
        fields=("dns_name", "description"),
        match=exact_addresses,
        related=("namespace",),
        describe=_address,
        more=lambda text: urlencode({"address": _first_network(text)}) if networks_in(text) else urlencode({"q": text}),
        weight=5,
    )
    search.register(
        Prefix,
        fields=("description",),
        match=containing_prefixes,
        related=("namespace",),
        describe=_prefix,
        # The most specific prefix first: the one the address is in, then those around it.
        order_by=("-prefix_length", "namespace", "network"),
        more=lambda text: (
            urlencode({"contains": _first_network(text)}) if networks_in(text) else urlencode({"q": text})
        ),
        weight=6,
    )
    search.register(
        VRF,
        fields=("name", "rd", "description"),
        related=("namespace",),
        describe=lambda vrf: f"namespace {vrf.namespace}",
        weight=60,
    )
    search.register(
        VLAN,
        fields=("name", "description"),
        match=vid_match,
        related=("vlan_group",),
        describe=lambda vlan: f"group {vlan.vlan_group}" if vlan.vlan_group_id else "no group",
        weight=60,
    )
    search.register(
        Service,
        fields=("name", "description"),
        related=("device", "virtual_machine"),
        describe=lambda service: f"{service.port_list}/{service.protocol} on {service.parent}",
        weight=55,
    )
    search.register(VLANGroup, fields=("name", "description"), weight=65)
    search.register(Namespace, fields=("name", "description"), weight=70)
    search.register(RouteTarget, fields=("name", "description"), weight=70)
    search.register(RIR, fields=("name",), weight=70)
