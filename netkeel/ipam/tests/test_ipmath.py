"""Examples of the IP interval math on prefixes as people write them; no database, no Django."""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import Iterator

import pytest

from netkeel.ipam.ipmath import (
    Span,
    Utilization,
    available_addresses,
    available_prefixes,
    free_prefixes,
    free_ranges,
    merge,
    prefix_span,
    span_to_cidrs,
    utilization,
)


def ip(text: str) -> int:
    return int(ipaddress.ip_address(text))


def addresses(*texts: str) -> list[Span]:
    """Address rows as the database streams them: sorted, one span per row."""
    return sorted(Span(ip(text), ip(text)) for text in texts)


def net(text: str) -> Span:
    network = ipaddress.ip_network(text)
    return prefix_span(int(network.network_address), network.prefixlen, network.version)


def cidr(text: str) -> tuple[int, int]:
    network = ipaddress.ip_network(text)
    return int(network.network_address), network.prefixlen


def spans_of(*texts: str) -> list[Span]:
    return sorted(net(text) for text in texts)


def rows_until_exhausted(spans: list[Span], allowed: int) -> Iterator[Span]:
    """Yield `spans`, failing the test if more than `allowed` rows are read: proves a function stops early."""
    for read, span in enumerate(spans, start=1):
        if read > allowed:
            pytest.fail(f"read row {read} although {allowed} were enough")
        yield span


# prefix_span


def test_prefix_span_of_an_ipv4_network():
    assert prefix_span(ip("10.0.0.0"), 24, 4) == Span(ip("10.0.0.0"), ip("10.0.0.255"))
    assert prefix_span(ip("10.0.0.0"), 24, 4).size == 256


def test_prefix_span_of_an_ipv6_network():
    assert prefix_span(ip("2001:db8::"), 64, 6) == Span(ip("2001:db8::"), ip("2001:db8::ffff:ffff:ffff:ffff"))


def test_prefix_span_of_the_whole_space_and_of_a_host():
    assert prefix_span(0, 0, 4) == Span(0, 2**32 - 1)
    assert prefix_span(0, 0, 6) == Span(0, 2**128 - 1)
    assert prefix_span(ip("192.0.2.7"), 32, 4) == Span(ip("192.0.2.7"), ip("192.0.2.7"))


def test_prefix_span_rejects_host_bits_and_names_the_network():
    with pytest.raises(ValueError, match=r"10\.0\.0\.1/24 has host bits set; the network is 10\.0\.0\.0/24"):
        prefix_span(ip("10.0.0.1"), 24, 4)


@pytest.mark.parametrize(
    ("network", "prefix_length", "version"),
    [(0, 33, 4), (0, -1, 4), (0, 129, 6), (2**32, 32, 4), (-1, 32, 4), (2**128, 128, 6), (0, 24, 5)],
)
def test_prefix_span_rejects_bad_lengths_addresses_and_versions(network, prefix_length, version):
    with pytest.raises(ValueError):
        prefix_span(network, prefix_length, version)


# span_to_cidrs


def test_span_to_cidrs_is_the_minimal_cover():
    span = Span(ip("10.0.0.1"), ip("10.0.0.6"))
    assert span_to_cidrs(span, 4) == [
        cidr("10.0.0.1/32"),
        cidr("10.0.0.2/31"),
        cidr("10.0.0.4/31"),
        cidr("10.0.0.6/32"),
    ]


def test_span_to_cidrs_of_whole_spaces_and_single_addresses():
    assert span_to_cidrs(Span(0, 2**32 - 1), 4) == [(0, 0)]
    assert span_to_cidrs(Span(0, 2**128 - 1), 6) == [(0, 0)]
    assert span_to_cidrs(Span(2**32 - 1, 2**32 - 1), 4) == [(2**32 - 1, 32)]
    assert span_to_cidrs(net("2001:db8::/48"), 6) == [cidr("2001:db8::/48")]


def test_span_to_cidrs_rejects_reversed_and_out_of_space_spans():
    with pytest.raises(ValueError, match="ends before it starts"):
        span_to_cidrs(Span(10, 9), 4)
    with pytest.raises(ValueError, match="outside the IPv4 address space"):
        span_to_cidrs(Span(0, 2**32), 4)


# merge


def test_merge_joins_overlapping_nested_and_adjacent_spans_and_keeps_gaps():
    spans = [Span(0, 3), Span(2, 5), Span(3, 4), Span(6, 7), Span(9, 9), Span(20, 30), Span(25, 26)]
    assert list(merge(spans)) == [Span(0, 7), Span(9, 9), Span(20, 30)]


def test_merge_of_nothing_is_nothing():
    assert list(merge([])) == []


def test_merge_streams_from_an_endless_source():
    endless = (Span(2 * n, 2 * n) for n in range(10**18))
    merged = merge(endless)
    assert [next(merged), next(merged)] == [Span(0, 0), Span(2, 2)]


def test_merge_rejects_unsorted_and_reversed_spans():
    with pytest.raises(ValueError, match="sorted by first address"):
        list(merge([Span(5, 6), Span(1, 2)]))
    with pytest.raises(ValueError, match="ends before it starts"):
        list(merge([Span(5, 4)]))
    with pytest.raises(ValueError, match="ends before it starts"):
        list(merge([Span(1, 2), Span(5, 4)]))


def test_merge_rejects_negative_addresses():
    with pytest.raises(ValueError, match="below address 0"):
        list(merge([Span(-1, 2)]))


# free_ranges


def test_free_ranges_at_both_edges_and_between():
    used = spans_of("10.0.0.64/26", "10.0.0.192/27")
    assert list(free_ranges(net("10.0.0.0/24"), used)) == [
        Span(ip("10.0.0.0"), ip("10.0.0.63")),
        Span(ip("10.0.0.128"), ip("10.0.0.191")),
        Span(ip("10.0.0.224"), ip("10.0.0.255")),
    ]


def test_free_ranges_clip_used_spans_reaching_outside():
    used = [Span(ip("9.255.255.0"), ip("10.0.0.9")), Span(ip("10.0.0.250"), ip("10.0.1.5"))]
    assert list(free_ranges(net("10.0.0.0/24"), used)) == [Span(ip("10.0.0.10"), ip("10.0.0.249"))]


def test_free_ranges_of_a_full_and_of_an_empty_prefix():
    assert list(free_ranges(net("10.0.0.0/24"), spans_of("10.0.0.0/25", "10.0.0.128/25"))) == []
    assert list(free_ranges(net("10.0.0.0/24"), [])) == [net("10.0.0.0/24")]
    assert list(free_ranges(net("10.0.0.0/24"), spans_of("10.0.0.0/16"))) == []


def test_free_ranges_stop_reading_soon_after_the_span():
    used = [Span(n, n) for n in range(0, 1000, 2)]
    assert list(free_ranges(Span(0, 5), rows_until_exhausted(used, allowed=5))) == [Span(1, 1), Span(3, 3), Span(5, 5)]


def test_sweeps_reject_rows_from_a_query_that_forgot_to_sort():
    unsorted = [Span(ip("10.0.0.9"), ip("10.0.0.9")), Span(ip("10.0.0.3"), ip("10.0.0.3"))]
    with pytest.raises(ValueError, match=r"sorted by first address, but 167772163 came after 167772169"):
        list(free_ranges(net("10.0.0.0/24"), unsorted))
    with pytest.raises(ValueError, match="sorted by first address"):
        utilization(ip("10.0.0.0"), 24, 4, "network", unsorted)
    with pytest.raises(ValueError, match="ends before it starts"):
        utilization(ip("10.0.0.0"), 24, 4, "container", [Span(ip("10.0.0.9"), ip("10.0.0.3"))])
    with pytest.raises(ValueError, match="below address 0"):
        list(free_ranges(Span(0, 9), [Span(-3, 2)]))


# utilization


def test_utilization_of_an_ipv4_network_excludes_network_and_broadcast():
    result = utilization(ip("10.0.0.0"), 24, 4, "network", addresses("10.0.0.1", "10.0.0.2"))
    assert result == Utilization(used=2, total=254)
    assert result.percent == 100 * 2 / 254


def test_utilization_counts_an_address_in_several_rows_once():
    rows = addresses("10.0.0.1", "10.0.0.2", "10.0.0.2", "10.0.0.2")
    assert utilization(ip("10.0.0.0"), 24, 4, "network", rows) == Utilization(used=2, total=254)


def test_utilization_does_not_count_network_and_broadcast_addresses_as_used():
    rows = addresses("10.0.0.0", "10.0.0.5", "10.0.0.255")
    assert utilization(ip("10.0.0.0"), 24, 4, "network", rows) == Utilization(used=1, total=254)


def test_utilization_of_point_to_point_and_host_prefixes_counts_every_address():
    assert utilization(ip("192.0.2.0"), 31, 4, "network", addresses("192.0.2.0", "192.0.2.1")) == Utilization(2, 2)
    assert utilization(ip("192.0.2.9"), 32, 4, "network", addresses("192.0.2.9")) == Utilization(1, 1)


def test_utilization_of_a_pool_counts_every_address():
    rows = addresses("10.0.0.0", "10.0.0.7", "10.0.0.255")
    assert utilization(ip("10.0.0.0"), 24, 4, "pool", rows) == Utilization(used=3, total=256)


def test_utilization_of_a_container_with_child_26s():
    children = spans_of("10.0.0.0/26", "10.0.0.128/26")
    result = utilization(ip("10.0.0.0"), 24, 4, "container", children)
    assert result == Utilization(used=128, total=256)
    assert result.percent == 50.0


def test_utilization_of_a_container_with_overlapping_adjacent_and_partly_outside_children():
    # 10.0.0.0/25 holds 10.0.0.0/26 (nested); 10.0.0.128/27 touches it; the last child runs past the /24.
    children = [*spans_of("10.0.0.0/25", "10.0.0.0/26", "10.0.0.128/27"), Span(ip("10.0.0.250"), ip("10.0.1.9"))]
    assert utilization(ip("10.0.0.0"), 24, 4, "container", children) == Utilization(used=128 + 32 + 6, total=256)


def test_utilization_of_an_ipv6_network_counts_every_address():
    rows = addresses("2001:db8::", "2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff", "2001:db8:0:1::1")
    assert utilization(ip("2001:db8::"), 64, 6, "network", rows) == Utilization(used=3, total=2**64)


def test_utilization_percent_of_nothing_is_zero_and_results_are_frozen():
    assert Utilization(used=0, total=0).percent == 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        Utilization(used=1, total=2).used = 2


def test_utilization_rejects_unknown_prefix_types_and_host_bits():
    with pytest.raises(ValueError, match="container, network, pool"):
        utilization(ip("10.0.0.0"), 24, 4, "Network", [])
    with pytest.raises(ValueError, match="host bits"):
        utilization(ip("10.0.0.1"), 24, 4, "network", [])


# available_addresses


def test_available_addresses_of_a_network_start_after_the_used_ones():
    rows = addresses("10.0.0.1", "10.0.0.2")
    expected = [ip("10.0.0.3"), ip("10.0.0.4"), ip("10.0.0.5")]
    assert available_addresses(ip("10.0.0.0"), 24, 4, "network", rows, 3) == expected


def test_available_addresses_of_a_network_skip_network_and_broadcast():
    assert available_addresses(ip("10.0.0.0"), 24, 4, "network", [], 2) == [ip("10.0.0.1"), ip("10.0.0.2")]
    assert available_addresses(ip("10.0.0.0"), 30, 4, "network", addresses("10.0.0.1"), 5) == [ip("10.0.0.2")]


def test_available_addresses_of_a_container_skip_network_and_broadcast_like_nautobot():
    assert available_addresses(ip("10.0.0.0"), 30, 4, "container", [], 5) == [ip("10.0.0.1"), ip("10.0.0.2")]


def test_available_addresses_of_a_pool_a_31_and_ipv6_use_every_address():
    assert available_addresses(ip("10.0.0.0"), 30, 4, "pool", addresses("10.0.0.1"), 5) == [
        ip("10.0.0.0"),
        ip("10.0.0.2"),
        ip("10.0.0.3"),
    ]
    assert available_addresses(ip("192.0.2.0"), 31, 4, "network", [], 5) == [ip("192.0.2.0"), ip("192.0.2.1")]
    rows = addresses("2001:db8::1")
    assert available_addresses(ip("2001:db8::"), 64, 6, "network", rows, 3) == [
        ip("2001:db8::"),
        ip("2001:db8::2"),
        ip("2001:db8::3"),
    ]


def test_available_addresses_within_a_range():
    rows = addresses("10.0.0.10", "10.0.0.11", "10.0.0.13")
    found = available_addresses(
        ip("10.0.0.0"), 24, 4, "network", rows, 10, range_start=ip("10.0.0.10"), range_end=ip("10.0.0.14")
    )
    assert found == [ip("10.0.0.12"), ip("10.0.0.14")]


def test_available_addresses_range_reaching_outside_the_prefix_is_clipped():
    found = available_addresses(ip("10.0.0.0"), 30, 4, "network", [], 10, range_start=0, range_end=ip("10.0.0.2"))
    assert found == [ip("10.0.0.1"), ip("10.0.0.2")]
    assert available_addresses(ip("10.0.0.0"), 30, 4, "network", [], 10, range_start=ip("10.0.1.0")) == []


def test_available_addresses_of_a_full_prefix_and_of_zero():
    assert available_addresses(ip("10.0.0.0"), 30, 4, "network", addresses("10.0.0.1", "10.0.0.2"), 5) == []
    assert available_addresses(ip("10.0.0.0"), 24, 4, "network", [], 0) == []


def test_available_addresses_stop_reading_once_enough_are_found():
    used = [Span(ip("10.0.0.0") + n, ip("10.0.0.0") + n) for n in range(1, 200, 2)]  # .1, .3, .5, ...
    found = available_addresses(ip("10.0.0.0"), 24, 4, "network", rows_until_exhausted(used, allowed=4), 3)
    assert found == [ip("10.0.0.2"), ip("10.0.0.4"), ip("10.0.0.6")]


def test_available_addresses_reject_bad_requests():
    with pytest.raises(ValueError, match="must not be negative"):
        available_addresses(ip("10.0.0.0"), 24, 4, "network", [], -1)
    with pytest.raises(ValueError, match=r"starts at 10\.0\.0\.9, after its end 10\.0\.0\.1"):
        available_addresses(
            ip("10.0.0.0"), 24, 4, "network", [], 1, range_start=ip("10.0.0.9"), range_end=ip("10.0.0.1")
        )
    with pytest.raises(ValueError, match="prefix type"):
        available_addresses(ip("10.0.0.0"), 24, 4, "loopback", [], 1)
    with pytest.raises(ValueError, match="IP version"):
        available_addresses(ip("10.0.0.0"), 24, 5, "network", [], 1)


# available_prefixes and free_prefixes


def test_available_prefixes_are_aligned_and_lowest_first():
    used = spans_of("10.0.0.0/24", "10.0.2.0/23")
    expected = [cidr("10.0.1.0/24"), cidr("10.0.4.0/24"), cidr("10.0.5.0/24")]
    assert available_prefixes(net("10.0.0.0/16"), used, 24, 4, 3) == expected


def test_available_prefixes_never_offer_a_block_straddling_used_space():
    # 10.0.0.1 is used, so the free run 10.0.0.2-10.0.0.255 holds no aligned /24 and no /25 at .0.
    used = addresses("10.0.0.1")
    assert available_prefixes(net("10.0.0.0/23"), used, 24, 4, 5) == [cidr("10.0.1.0/24")]
    assert available_prefixes(net("10.0.0.0/24"), used, 25, 4, 5) == [cidr("10.0.0.128/25")]


def test_available_prefixes_in_an_ipv6_32_with_thousands_of_used_64s():
    base = ip("2001:db8::")
    used = [Span(base + (n << 64), base + (n << 64) + 2**64 - 1) for n in range(5000) if n != 17]
    found = available_prefixes(net("2001:db8::/32"), used, 64, 6, 10)
    assert found == [(base + (17 << 64), 64)] + [(base + (n << 64), 64) for n in range(5000, 5009)]


def test_available_prefixes_of_zero_and_bad_lengths():
    assert available_prefixes(net("10.0.0.0/24"), [], 26, 4, 0) == []
    assert available_prefixes(net("10.0.0.0/24"), [], 26, 4, 10) == [
        cidr("10.0.0.0/26"),
        cidr("10.0.0.64/26"),
        cidr("10.0.0.128/26"),
        cidr("10.0.0.192/26"),
    ]
    with pytest.raises(ValueError, match="prefix length"):
        available_prefixes(net("10.0.0.0/24"), [], 33, 4, 1)
    with pytest.raises(ValueError, match="must not be negative"):
        available_prefixes(net("10.0.0.0/24"), [], 26, 4, -1)


def test_free_prefixes_list_the_free_space_as_fewest_cidrs():
    used = spans_of("10.0.0.64/26", "10.0.0.200/32")
    assert free_prefixes(net("10.0.0.0/24"), used, 4) == [
        cidr("10.0.0.0/26"),
        cidr("10.0.0.128/26"),
        cidr("10.0.0.192/29"),
        cidr("10.0.0.201/32"),
        cidr("10.0.0.202/31"),
        cidr("10.0.0.204/30"),
        cidr("10.0.0.208/28"),
        cidr("10.0.0.224/27"),
    ]
    assert free_prefixes(net("2001:db8::/48"), [], 6) == [cidr("2001:db8::/48")]
