"""Property tests: the streaming interval math agrees with netaddr's IPSet on random IPv4 and IPv6 prefixes.

IPSet is the slow, obviously-right reference (it is what Nautobot computes with). Prefixes stay small
(IPv4 /20-/32, IPv6 /112-/128) so that IPSet stays cheap, and children are drawn around the prefix so that they
overlap, touch, nest, repeat and reach past both edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import netaddr
from hypothesis import given, settings
from hypothesis import strategies as st

from netkeel.ipam.ipmath import (
    Span,
    available_addresses,
    available_prefixes,
    free_prefixes,
    free_ranges,
    merge,
    prefix_span,
    span_to_cidrs,
    utilization,
)

BITS = {4: 32, 6: 128}
SHORTEST_PREFIX = {4: 20, 6: 112}

property_settings = settings(max_examples=150, deadline=None)


@dataclass(frozen=True)
class Scenario:
    version: int
    network: int
    prefix_length: int
    prefix_type: str
    children: list[Span]  # sorted by first, as the database streams them

    @property
    def span(self) -> Span:
        return prefix_span(self.network, self.prefix_length, self.version)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    version = draw(st.sampled_from([4, 6]))
    bits = BITS[version]
    prefix_length = draw(st.integers(SHORTEST_PREFIX[version], bits))
    host_bits = bits - prefix_length
    size = 1 << host_bits
    # The edges of the address space are where off-by-ones hide, so draw them often.
    top = (1 << bits) - 1
    anywhere = draw(st.one_of(st.just(0), st.just(top), st.integers(0, top)))
    network = anywhere >> host_bits << host_bits
    window = (max(0, network - size), min(top, network + 2 * size - 1))
    address = st.integers(*window)

    def single(at: int) -> Span:
        return Span(at, at)

    def run(at: int, length: int) -> Span:
        return Span(at, min(top, at + length))

    def block(at: int, length: int) -> Span:
        child_host_bits = bits - length
        first = at >> child_host_bits << child_host_bits
        return Span(first, first + (1 << child_host_bits) - 1)

    child = st.one_of(
        address.map(single),
        st.builds(run, address, st.integers(0, size)),
        st.builds(block, address, st.integers(max(0, prefix_length - 2), bits)),
    )
    children = draw(st.lists(child, max_size=30))
    # Rows come sorted by network address only; ties in `first` keep their drawn order.
    children.sort(key=lambda span: span.first)
    prefix_type = draw(st.sampled_from(["container", "network", "pool"]))
    return Scenario(version, network, prefix_length, prefix_type, children)


def ip_set(spans: list[Span], version: int) -> netaddr.IPSet:
    result = netaddr.IPSet()
    for first, last in spans:
        result.add(netaddr.IPRange(netaddr.IPAddress(first, version), netaddr.IPAddress(last, version)))
    return result


def prefix_set(scenario: Scenario) -> netaddr.IPSet:
    return netaddr.IPSet([netaddr.IPNetwork((scenario.network, scenario.prefix_length), version=scenario.version)])


def edges_set(scenario: Scenario) -> netaddr.IPSet:
    first, last = scenario.span
    return netaddr.IPSet([netaddr.IPAddress(first, scenario.version), netaddr.IPAddress(last, scenario.version)])


def is_short_ipv4(scenario: Scenario) -> bool:
    return scenario.version == 4 and scenario.prefix_length < 31


@property_settings
@given(scenarios())
def test_utilization_matches_ipset(scenario: Scenario):
    used = ip_set(scenario.children, scenario.version) & prefix_set(scenario)
    total = scenario.span.size
    if scenario.prefix_type == "network" and is_short_ipv4(scenario):
        used -= edges_set(scenario)
        total -= 2
    result = utilization(
        scenario.network, scenario.prefix_length, scenario.version, scenario.prefix_type, scenario.children
    )
    assert (result.used, result.total) == (used.size, total)
    assert 0.0 <= result.percent <= 100.0


@property_settings
@given(scenarios())
def test_free_ranges_match_ipset(scenario: Scenario):
    free = prefix_set(scenario) - ip_set(scenario.children, scenario.version)
    expected = [Span(span.first, span.last) for span in free.iter_ipranges()]
    assert list(free_ranges(scenario.span, scenario.children)) == expected


@property_settings
@given(scenarios())
def test_merge_matches_ipset_union(scenario: Scenario):
    union = ip_set(scenario.children, scenario.version)
    assert list(merge(scenario.children)) == [Span(span.first, span.last) for span in union.iter_ipranges()]


@property_settings
@given(scenarios(), st.integers(1, 40), st.data())
def test_available_addresses_match_ipset(scenario: Scenario, count: int, data: st.DataObject):
    available = prefix_set(scenario) - ip_set(scenario.children, scenario.version)
    if scenario.prefix_type != "pool" and is_short_ipv4(scenario):
        available -= edges_set(scenario)
    range_start = range_end = None
    if data.draw(st.booleans(), label="narrowed"):
        first, last = scenario.span
        range_start = data.draw(st.integers(first, last), label="range_start")
        range_end = data.draw(st.integers(range_start, last), label="range_end")
        available &= ip_set([Span(range_start, range_end)], scenario.version)
    expected = [int(address) for address in islice(available, count)]
    found = available_addresses(
        scenario.network,
        scenario.prefix_length,
        scenario.version,
        scenario.prefix_type,
        scenario.children,
        count,
        range_start=range_start,
        range_end=range_end,
    )
    assert found == expected


@property_settings
@given(scenarios(), st.integers(0, 8), st.integers(1, 20))
def test_available_prefixes_match_ipset(scenario: Scenario, longer_by: int, count: int):
    length = min(BITS[scenario.version], scenario.prefix_length + longer_by)
    available = prefix_set(scenario) - ip_set(scenario.children, scenario.version)
    fitting = (block for cidr in available.iter_cidrs() if cidr.prefixlen <= length for block in cidr.subnet(length))
    expected = [(block.first, block.prefixlen) for block in islice(fitting, count)]
    assert available_prefixes(scenario.span, scenario.children, length, scenario.version, count) == expected


@property_settings
@given(scenarios())
def test_free_prefixes_match_ipset(scenario: Scenario):
    available = prefix_set(scenario) - ip_set(scenario.children, scenario.version)
    expected = [(cidr.first, cidr.prefixlen) for cidr in available.iter_cidrs()]
    assert free_prefixes(scenario.span, scenario.children, scenario.version) == expected


@st.composite
def spans_anywhere(draw: st.DrawFn) -> tuple[Span, int]:
    version = draw(st.sampled_from([4, 6]))
    top = (1 << BITS[version]) - 1
    ends = st.one_of(st.just(0), st.just(top), st.integers(0, top))
    first, last = sorted((draw(ends), draw(ends)))
    return Span(first, last), version


@property_settings
@given(spans_anywhere())
def test_span_to_cidrs_matches_iprange_to_cidrs(span_and_version: tuple[Span, int]):
    span, version = span_and_version
    expected = netaddr.iprange_to_cidrs(netaddr.IPAddress(span.first, version), netaddr.IPAddress(span.last, version))
    assert span_to_cidrs(span, version) == [(cidr.first, cidr.prefixlen) for cidr in expected]
