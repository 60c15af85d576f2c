"""Integer interval math for IPAM: prefix spans, CIDR covers, utilization and free space.

Addresses are plain ints and intervals are inclusive `Span(first, last)` pairs. Every function that reads used
space takes it as an iterable sorted by `first` (the order an indexed query streams rows in) and sweeps it once,
so a /8 or an IPv6 /48 costs what its used rows cost, never what its address count costs. No ORM and no netaddr
here: callers turn rows into ints, and the property tests hold this module to netaddr's IPSet.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

PREFIX_TYPES = frozenset({"container", "network", "pool"})

_ADDRESS_BITS = {4: 32, 6: 128}
# A sweep checks each row starts at or after the previous row's start; starting that check from the lowest
# address needs no special case for the first row, and rejects negative addresses on the way.
_LOWEST_ADDRESS = 0


class Span(NamedTuple):
    """An inclusive interval of addresses: `first` and `last` both belong to it."""

    first: int
    last: int

    @property
    def size(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True)
class Utilization:
    """How many addresses of a prefix are used, out of how many that count (Nautobot's numerator/denominator)."""

    used: int
    total: int

    @property
    def percent(self) -> float:
        # One division of exact ints is correctly rounded; `used / total * 100` would round twice.
        return 100 * self.used / self.total if self.total else 0.0


def address_bits(version: int) -> int:
    """The address width of an IP version: 32 for 4, 128 for 6."""
    try:
        return _ADDRESS_BITS[version]
    except (KeyError, TypeError):
        raise ValueError(f"the IP version must be 4 or 6, not {version!r}") from None


def format_address(address: int, version: int) -> str:
    """An address as people write it, for error messages."""
    if version == 4:
        return str(ipaddress.IPv4Address(address))
    return str(ipaddress.IPv6Address(address))


def prefix_span(network: int, prefix_length: int, version: int) -> Span:
    """The addresses of `network/prefix_length`; raises ValueError on host bits set or a bad length or address."""
    bits = address_bits(version)
    if not 0 <= prefix_length <= bits:
        raise ValueError(f"the prefix length must be between 0 and {bits} for IPv{version}, not {prefix_length}")
    if not 0 <= network < 1 << bits:
        raise ValueError(f"{network} is not an IPv{version} address (outside 0 to 2**{bits} - 1)")
    host_mask = (1 << (bits - prefix_length)) - 1
    if network & host_mask:
        given = f"{format_address(network, version)}/{prefix_length}"
        meant = f"{format_address(network & ~host_mask, version)}/{prefix_length}"
        raise ValueError(f"{given} has host bits set; the network is {meant}")
    return Span(network, network | host_mask)


def span_to_cidrs(span: Span, version: int) -> list[tuple[int, int]]:
    """The fewest CIDR blocks that exactly cover `span`, lowest first, as (network, prefix_length) pairs."""
    bits = address_bits(version)
    _check_span(span, version, bits)
    first, last = span
    cidrs: list[tuple[int, int]] = []
    while first <= last:
        # The block starting at `first` is as large as its alignment allows, but no larger than what is left;
        # taking the largest such block each step gives the minimal cover.
        alignment = first & -first if first else 1 << bits
        fits = 1 << ((last - first + 1).bit_length() - 1)
        block = min(alignment, fits)
        cidrs.append((first, bits - block.bit_length() + 1))
        first += block
    return cidrs


def merge(spans: Iterable[Span]) -> Iterator[Span]:
    """Merge spans sorted by `first` into disjoint, non-adjacent spans, streaming.

    Overlapping and adjacent spans join (10.0.0.0-10.0.0.3 and 10.0.0.4-10.0.0.7 are one run): a run is only
    yielded once the next span starts beyond it, so one span past each run is read ahead.
    """
    iterator = iter(spans)
    head = next(iterator, None)
    if head is None:
        return
    run_first, run_last = head
    if not _LOWEST_ADDRESS <= run_first <= run_last:
        raise _bad_row(run_first, run_last, _LOWEST_ADDRESS)
    previous_first = run_first
    for first, last in iterator:
        if not previous_first <= first <= last:
            raise _bad_row(first, last, previous_first)
        previous_first = first
        if first <= run_last + 1:
            if last > run_last:
                run_last = last
        else:
            yield Span(run_first, run_last)
            run_first, run_last = first, last
    yield Span(run_first, run_last)


def free_ranges(within: Span, used: Iterable[Span]) -> Iterator[Span]:
    """The maximal runs of `within` that no used span covers, lowest first.

    `used` is sorted by `first` and may overlap or reach outside `within`. Because it is sorted, the gap before
    a row is known free as soon as that row is read: a caller that stops early (the first N free addresses)
    reads only the rows up to its last answer, and reading ends at the first row past `within`.
    """
    lowest, highest = within
    if lowest > highest:
        raise ValueError(f"span {within!r} ends before it starts")
    cursor = lowest  # every address below the cursor is used or already reported free
    previous_first = _LOWEST_ADDRESS
    for first, last in used:
        if not previous_first <= first <= last:
            raise _bad_row(first, last, previous_first)
        previous_first = first
        if first > highest:
            break
        if first > cursor:
            yield Span(cursor, first - 1)
        if last >= cursor:
            cursor = last + 1
            if cursor > highest:
                return
    yield Span(cursor, highest)


def covered_count(within: Span, spans: Iterable[Span]) -> int:
    """How many distinct addresses of `within` the spans (sorted by `first`) cover; overlaps count once."""
    # The same sweep as free_ranges, counting instead of yielding: utilization of a /8 with 100,000 address
    # rows is the hot path, and a generator step per gap would double its cost.
    lowest, highest = within
    if lowest > highest:
        raise ValueError(f"span {within!r} ends before it starts")
    cursor = lowest  # every address below the cursor is counted already or lies before `within`
    covered = 0
    previous_first = _LOWEST_ADDRESS
    for first, last in spans:
        if not previous_first <= first <= last:
            raise _bad_row(first, last, previous_first)
        previous_first = first
        if first > highest:
            break
        if last >= cursor:
            # Clip to `within`: a child reaching outside its parent counts only for the part inside.
            end = last if last < highest else highest
            covered += end - (first if first > cursor else cursor) + 1
            cursor = end + 1
            if cursor > highest:
                break
    return covered


def utilization(
    network: int, prefix_length: int, version: int, prefix_type: str, children: Iterable[Span]
) -> Utilization:
    """The utilization of a prefix as Nautobot reports it.

    `children` are a container's child prefixes, or a network's or pool's addresses (Span(x, x), repeats
    allowed), sorted by `first`. An IPv4 network shorter than /31 does not count its network and broadcast
    addresses: they are neither usable (total is size - 2) nor counted as used.
    """
    prefix = prefix_span(network, prefix_length, version)
    _check_prefix_type(prefix_type)
    edges_uncounted = _utilization_skips_edges(prefix_type, prefix_length, version)
    counted = _without_network_and_broadcast(prefix) if edges_uncounted else prefix
    return Utilization(used=covered_count(counted, children), total=counted.size)


def available_addresses(
    network: int,
    prefix_length: int,
    version: int,
    prefix_type: str,
    used: Iterable[Span],
    count: int,
    *,
    range_start: int | None = None,
    range_end: int | None = None,
    skip: int = 0,
) -> list[int]:
    """The lowest `count` free addresses of a prefix, optionally only those from `range_start` to `range_end`,
    after the first `skip` free ones (passed over arithmetically, range by range, never one by one).

    Like Nautobot, an IPv4 prefix shorter than /31 that is not a pool never offers its network and broadcast
    addresses; pools, /31s, /32s and IPv6 offer every address. Stops reading `used` once `count` are found.
    """
    prefix = prefix_span(network, prefix_length, version)
    _check_prefix_type(prefix_type)
    if count < 0:
        raise ValueError(f"the number of addresses to find must not be negative, not {count}")
    if range_start is not None and range_end is not None and range_start > range_end:
        start, end = format_address(range_start, version), format_address(range_end, version)
        raise ValueError(f"the range starts at {start}, after its end {end}")
    edges_withheld = _allocation_skips_edges(prefix_type, prefix_length, version)
    search = _without_network_and_broadcast(prefix) if edges_withheld else prefix
    first = search.first if range_start is None else max(search.first, range_start)
    last = search.last if range_end is None else min(search.last, range_end)
    found: list[int] = []
    if count == 0 or first > last:
        return found
    for free in free_ranges(Span(first, last), used):
        if skip >= free.size:
            skip -= free.size
            continue
        begin, skip = free.first + skip, 0
        wanted = count - len(found)
        found.extend(range(begin, begin + min(wanted, free.last - begin + 1)))
        if len(found) == count:
            break
    return found


def available_prefixes(
    within: Span, used: Iterable[Span], prefix_length: int, version: int, count: int
) -> list[tuple[int, int]]:
    """The lowest `count` free, aligned blocks of exactly `prefix_length` in `within`, as (network, length).

    Blocks are carved arithmetically from each free range (round its start up to the block size), so finding
    ten free /64s in an IPv6 /32 costs the used rows swept, not the addresses between them.
    """
    bits = address_bits(version)
    _check_span(within, version, bits)
    if not 0 <= prefix_length <= bits:
        raise ValueError(f"the prefix length must be between 0 and {bits} for IPv{version}, not {prefix_length}")
    if count < 0:
        raise ValueError(f"the number of prefixes to find must not be negative, not {count}")
    block = 1 << (bits - prefix_length)
    found: list[tuple[int, int]] = []
    if count == 0:
        return found
    for free in free_ranges(within, used):
        start = -(-free.first // block) * block  # the first block boundary at or after the free run's start
        while start + block - 1 <= free.last:
            found.append((start, prefix_length))
            if len(found) == count:
                return found
            start += block
    return found


def free_prefixes(within: Span, used: Iterable[Span], version: int) -> list[tuple[int, int]]:
    """The free space of `within` as the fewest CIDRs, lowest first (Nautobot's available-prefixes listing)."""
    bits = address_bits(version)
    _check_span(within, version, bits)
    return [cidr for free in free_ranges(within, used) for cidr in span_to_cidrs(free, version)]


def counted_span(network: int, prefix_length: int, version: int, prefix_type: str) -> Span:
    """The addresses of a prefix that its utilization counts (an IPv4 network loses its two edges), so that a
    database can count rows in it directly when rows cannot repeat."""
    prefix = prefix_span(network, prefix_length, version)
    _check_prefix_type(prefix_type)
    if _utilization_skips_edges(prefix_type, prefix_length, version):
        return _without_network_and_broadcast(prefix)
    return prefix


def _utilization_skips_edges(prefix_type: str, prefix_length: int, version: int) -> bool:
    # Only an IPv4 network shorter than /31 loses its network and broadcast addresses (RFC 3021 lets a /31
    # link use both); a pool is handed out whole and a container measures child prefixes, not hosts.
    return version == 4 and prefix_length < 31 and prefix_type == "network"


def _allocation_skips_edges(prefix_type: str, prefix_length: int, version: int) -> bool:
    # Nautobot's available-ips withholds the edges of every non-pool IPv4 prefix shorter than /31, containers
    # included, although a container's utilization counts them: offering a container's network address
    # would hand out an address that Nautobot never would.
    return version == 4 and prefix_length < 31 and prefix_type != "pool"


def _without_network_and_broadcast(prefix: Span) -> Span:
    return Span(prefix.first + 1, prefix.last - 1)


def _check_prefix_type(prefix_type: str) -> None:
    if prefix_type not in PREFIX_TYPES:
        raise ValueError(f"the prefix type must be one of {', '.join(sorted(PREFIX_TYPES))}, not {prefix_type!r}")


def _bad_row(first: int, last: int, previous_first: int) -> ValueError:
    # An unsorted or malformed row means the query feeding the sweep is wrong, and every figure computed from
    # it would be silently wrong too, so it is an error rather than something to repair here.
    if first < 0:
        return ValueError(f"span {Span(first, last)!r} starts below address 0")
    if first > last:
        return ValueError(f"span {Span(first, last)!r} ends before it starts")
    return ValueError(f"spans must be sorted by first address, but {first} came after {previous_first}")


def _check_span(span: Span, version: int, bits: int) -> None:
    first, last = span
    if first > last:
        raise ValueError(f"span {span!r} ends before it starts")
    if first < 0 or last >= 1 << bits:
        raise ValueError(f"span {span!r} reaches outside the IPv{version} address space")
