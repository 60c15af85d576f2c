"""Read-side IPAM queries: containment on the byte columns, streamed sorted into `ipmath`.

Every query here is an index range scan on (namespace, version, network/host); results stream in address
order, so utilization and free space cost the rows that exist, never the size of the prefix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count

from netkeel.ipam import ipmath
from netkeel.ipam.addresses import parse_prefix
from netkeel.ipam.fields import address_to_bytes, bytes_to_address
from netkeel.ipam.models import IPAddress, Prefix

CHUNK = 5000


def prefix_lookups(text: str) -> dict[str, Any]:
    """Filter keyword arguments that find a prefix given as text (`10.0.0.0/24`)."""
    parsed = parse_prefix(text)
    return {"network": address_to_bytes(parsed.network, parsed.version), "prefix_length": parsed.prefix_length}


def containing_prefixes(namespace_id: Any, version: int, first: int, last: int, max_length: int) -> Any:
    """Prefixes of the namespace that contain [first, last] and are no longer than `max_length`."""
    return Prefix.objects.filter(
        namespace_id=namespace_id,
        ip_version=version,
        network__lte=address_to_bytes(first, version),
        broadcast__gte=address_to_bytes(last, version),
        prefix_length__lte=max_length,
    )


def closest_prefix(namespace_id: Any, version: int, first: int, last: int, max_length: int) -> Prefix | None:
    return containing_prefixes(namespace_id, version, first, last, max_length).order_by("-prefix_length").first()


def within_filter(prefix: Prefix, span: ipmath.Span | None = None) -> dict[str, Any]:
    """Filter keyword arguments for addresses (`host`) inside `prefix` (or `span` of it), in its namespace."""
    first, last = span if span is not None else prefix.span
    return {
        "namespace_id": prefix.namespace_id,
        "ip_version": prefix.ip_version,
        "host__gte": address_to_bytes(first, prefix.ip_version),
        "host__lte": address_to_bytes(last, prefix.ip_version),
    }


def held_filter(prefix: Prefix) -> dict[str, Any]:
    """Filter keyword arguments for the addresses that hang on `prefix` when they are inside it: within it,
    with a mask no shorter than its length (an address hangs on a prefix no longer than its mask)."""
    return {**within_filter(prefix), "mask_length__gte": prefix.prefix_length}


def address_spans(prefix: Prefix, *, first_page: int = 1000) -> Iterator[ipmath.Span]:
    """Every address inside `prefix` (whatever its own parent), as Span(x, x), in address order.

    Read in pages keyed on the last address seen, growing from `first_page` rows: a caller that stops early
    ("the first 100 free") reads a page or two, whatever the driver does with server-side cursors.
    """
    base = IPAddress.objects.filter(**within_filter(prefix)).order_by("host").values_list("host", flat=True)
    page, after = first_page, None
    while True:
        rows = list((base.filter(host__gt=after) if after is not None else base)[:page])
        for host in rows:
            value = bytes_to_address(host)
            yield ipmath.Span(value, value)
        if len(rows) < page:
            return
        after = rows[-1]
        page = min(page * 4, CHUNK * 4)


def child_prefix_spans(prefix: Prefix) -> Iterator[ipmath.Span]:
    """The direct child prefixes of `prefix`, in address order (deeper ones lie inside them)."""
    rows = prefix.children.order_by("network").values_list("network", "broadcast")
    for network, broadcast in rows.iterator(chunk_size=CHUNK):
        yield ipmath.Span(bytes_to_address(network), bytes_to_address(broadcast))


def utilization(prefix: Prefix) -> ipmath.Utilization:
    """A container counts the space of its child prefixes; a network or a pool counts its addresses.

    Both are counted by the database: a prefix's direct children never overlap (a child inside another
    would hang on that one) and a host is unique in its namespace, so sums and counts are exact and no
    row travels to Python.
    """
    counted = ipmath.counted_span(prefix.first, prefix.prefix_length, prefix.ip_version, prefix.type)
    if prefix.type == "container":
        bits = ipmath.address_bits(prefix.ip_version)
        lengths = prefix.children.order_by().values_list("prefix_length").annotate(n=Count("pk"))
        used = sum(n << (bits - length) for length, n in lengths)
    else:
        used = IPAddress.objects.filter(**within_filter(prefix, counted)).count()
    return ipmath.Utilization(used=used, total=counted.size)


def available_addresses(
    prefix: Prefix, count: int, *, range_start: int | None = None, range_end: int | None = None, skip: int = 0
) -> list[str]:
    """The first `count` free addresses after `skip` free ones, each with the prefix's length:
    `["10.0.0.1/24", ...]`."""
    hosts = ipmath.available_addresses(
        prefix.first,
        prefix.prefix_length,
        prefix.ip_version,
        prefix.type,
        address_spans(prefix),
        count,
        range_start=range_start,
        range_end=range_end,
        skip=skip,
    )
    return [f"{ipmath.format_address(host, prefix.ip_version)}/{prefix.prefix_length}" for host in hosts]


def free_prefixes(prefix: Prefix) -> list[str]:
    """The free space of `prefix` (not covered by a child prefix) as the fewest CIDRs."""
    cidrs = ipmath.free_prefixes(prefix.span, child_prefix_spans(prefix), prefix.ip_version)
    return [f"{ipmath.format_address(network, prefix.ip_version)}/{length}" for network, length in cidrs]
