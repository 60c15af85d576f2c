"""The SSRF guard: a webhook may only reach public addresses, or networks the operator listed in
`WEBHOOK_ALLOWED_NETWORKS`.

`vet_url()` checks the scheme and the absence of credentials, resolves the host once and refuses if ANY of
its addresses is loopback, link-local (cloud metadata at 169.254.169.254), private (RFC 1918, ULA),
CGNAT, multicast, unspecified, reserved or otherwise not globally routable — including those addresses
in IPv4-mapped, 6to4, Teredo and NAT64 dress. The caller connects to the vetted address itself (never
resolving the name again), so a DNS answer that changes between the check and the connection (DNS
rebinding) cannot steer the request elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


class RefusedTarget(Exception):
    """The URL may not be requested; the message says why, for the delivery log."""


@dataclass(frozen=True)
class Target:
    """A URL that passed the guard: where to connect (vetted addresses) and what to ask for."""

    url: str
    scheme: str
    hostname: str  # as written in the URL, without brackets; SNI and certificate checks use it
    port: int
    host_header: str  # the Host header the server expects: the name, with the port when not the default
    path: str  # path and query, what goes on the request line
    addresses: tuple[IPAddress, ...]


def resolve_host(hostname: str, port: int) -> list[IPAddress]:
    """Every address the name resolves to (one lookup). Tests may replace this function."""
    infos = socket.getaddrinfo(hostname, port, type=socket.SOCK_STREAM)
    found: list[IPAddress] = []
    for _family, _type, _proto, _canonical, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])  # drop an IPv6 zone
        if address not in found:
            found.append(address)
    return found


def split_url(url: str) -> SplitResult:
    """The URL's parts, if its form is acceptable for a webhook (scheme, host, no credentials)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise RefusedTarget(f"the URL is not valid ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise RefusedTarget(f"the URL scheme must be http or https, not {parts.scheme or 'none'!r}")
    if parts.username is not None or parts.password is not None:
        raise RefusedTarget("the URL must not carry credentials (user:password@); send them in a header")
    if not parts.hostname:
        raise RefusedTarget("the URL names no host")
    if port == 0:
        raise RefusedTarget("the URL's port must be between 1 and 65535")
    return parts


def vet_url(url: str, allowed: Sequence[IPNetwork] | None = None) -> Target:
    """The URL as a `Target` whose every address may be reached; `RefusedTarget` otherwise."""
    parts = split_url(url)
    scheme = parts.scheme.lower()
    hostname = _ascii_host(str(parts.hostname))
    port = parts.port or DEFAULT_PORTS[scheme]
    networks = allowed_networks() if allowed is None else allowed
    if _is_literal(hostname):
        addresses = [ipaddress.ip_address(hostname)]
    else:
        try:
            addresses = resolve_host(hostname, port)
        except (OSError, UnicodeError) as exc:
            raise RefusedTarget(f"the host {hostname!r} could not be resolved ({exc})") from None
        if not addresses:
            raise RefusedTarget(f"the host {hostname!r} has no address")
    for address in addresses:
        reason = forbidden_reason(address, networks)
        if reason:
            shown = hostname if str(address) == hostname else f"{hostname} ({address})"
            raise RefusedTarget(
                f"{shown} is {reason}; webhooks may reach it only if WEBHOOK_ALLOWED_NETWORKS lists its network"
            )
    bracketed = f"[{hostname}]" if ":" in hostname else hostname
    host_header = bracketed if port == DEFAULT_PORTS[scheme] else f"{bracketed}:{port}"
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        url=url,
        scheme=scheme,
        hostname=hostname,
        port=port,
        host_header=host_header,
        path=path,
        addresses=tuple(addresses),
    )


def forbidden_reason(address: IPAddress, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """Why the address may not be reached (a phrase), or None when it may."""
    networks = list(allowed)
    if _allowed(address, networks):
        return None
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        if mapped is not None:
            if _allowed(mapped, networks):
                return None
            reason = forbidden_reason(mapped)
            return f"an IPv4-mapped form of {reason}" if reason else None
        for embedded in _embedded_ipv4(address):
            reason = forbidden_reason(embedded)
            if reason:
                return f"an IPv6 address embedding {reason}"
    return _own_reason(address)


def _own_reason(address: IPAddress) -> str | None:
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address in _METADATA:
        return "the cloud metadata address (link-local)"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "a shared (CGNAT, 100.64.0.0/10) address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "not a globally routable address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address reaches through a translator: 6to4, Teredo, NAT64."""
    found: list[ipaddress.IPv4Address] = []
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    if any(address in network for network in _NAT64):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def _allowed(address: IPAddress, networks: Iterable[IPNetwork]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def _ascii_host(host: str) -> str:
    """The host as it goes on the wire: an IP literal as is, a name in IDNA (ASCII) without a final dot."""
    if _is_literal(host):
        return host
    try:
        return host.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise RefusedTarget(f"the host {host!r} is not a valid name") from None


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def allowed_networks() -> list[IPNetwork]:
    return list(_parse_networks(tuple(getattr(settings, "WEBHOOK_ALLOWED_NETWORKS", None) or ())))


@lru_cache(maxsize=8)
def _parse_networks(texts: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    networks: list[IPNetwork] = []
    for text in texts:
        try:
            networks.append(ipaddress.ip_network(str(text).strip(), strict=False))
        except ValueError:
            raise RefusedTarget(
                f"WEBHOOK_ALLOWED_NETWORKS holds {text!r}, which is not a network such as 10.1.0.0/16"
            ) from None
    return tuple(networks)
