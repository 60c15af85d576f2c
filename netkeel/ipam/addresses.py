"""Reading prefixes and addresses typed by people into integers, with errors that say what to type instead."""

from __future__ import annotations

from typing import NamedTuple

import netaddr
from django.core.exceptions import ValidationError

from netkeel.ipam.ipmath import format_address


class ParsedPrefix(NamedTuple):
    network: int
    prefix_length: int
    version: int

    def __str__(self) -> str:
        return f"{format_address(self.network, self.version)}/{self.prefix_length}"


class ParsedAddress(NamedTuple):
    host: int
    mask_length: int
    version: int

    def __str__(self) -> str:
        return f"{format_address(self.host, self.version)}/{self.mask_length}"


def _network(text: object, field: str) -> netaddr.IPNetwork:
    if not isinstance(text, str) or not text.strip():
        raise ValidationError({field: "Enter an address with its mask length, such as 10.0.0.0/24."})
    try:
        return netaddr.IPNetwork(text.strip())
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise ValidationError({field: f"{text!r} is not a valid IPv4 or IPv6 prefix."}) from None


def parse_prefix(text: object, field: str = "prefix") -> ParsedPrefix:
    """`10.0.0.0/24` → (network, 24, 4). A host address given as a prefix (`10.0.0.1/24`) is refused."""
    parsed = normalize_prefix(text, field)
    if parsed.network != int(_network(text, field).ip):
        raise ValidationError({field: f"{text} has host bits set; the prefix is {parsed}."})
    return parsed


def normalize_prefix(text: object, field: str = "prefix") -> ParsedPrefix:
    """`2001::1:0/64` → the prefix `2001::/64`: host bits cleared, as Nautobot stores a prefix written with
    them (clients send such prefixes in bulk). The length is still required."""
    network = _network(text, field)
    if "/" not in str(text):
        raise ValidationError({field: f"Give {text} with its prefix length, such as {network.ip}/{network.prefixlen}."})
    return ParsedPrefix(int(network.network), network.prefixlen, network.version)


def parse_address(text: object, field: str = "address") -> ParsedAddress:
    """`10.0.0.1/24` → (host, 24, 4). Without a mask length the address is a /32 (or /128)."""
    network = _network(text, field)
    return ParsedAddress(int(network.ip), network.prefixlen, network.version)
