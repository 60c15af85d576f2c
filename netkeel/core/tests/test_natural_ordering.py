"""Natural ordering (issue 14, item 6): the naturalize functions, pure, case by case and as orderings; the
field that keeps `_name` in step on every write path is tested with the models (netkeel/dcim/tests)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netkeel.core.models.ordering import naturalize, naturalize_interface


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        (None, None),
        ("leaf", "leaf"),
        ("leaf9", "leaf00000009"),
        ("site10router4", "site00000010router00000004"),
        ("R01", "R00000001"),
        ("9", "00000009"),
        ("a123456789", "a123456789"),  # a number longer than eight digits is kept whole
        ("ge-0/0/1", "ge-00000000/00000000/00000001"),
    ],
)
def test_naturalize_pads_every_number_to_eight_digits(value: str | None, expected: str | None) -> None:
    assert naturalize(value) == expected


def test_naturalize_cuts_to_the_column_length() -> None:
    assert naturalize("x1y2", max_length=10) == "x00000001y"
    assert len(naturalize("1" * 40 + "a1" * 100)) == 255


# The interface layout: four slot-like parts (4 digits, 9999 when absent), the type, then port, channel and
# subinterface (6 digits, "......" when absent), then the rest naturalized.
NO_SLOTS = "9999" * 4
NONE = "......"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ethernet1", f"{NO_SLOTS}Ethernet000001{NONE}{NONE}"),
        ("Ethernet48", f"{NO_SLOTS}Ethernet000048{NONE}{NONE}"),
        ("Ethernet1/2", f"0001{'9999' * 3}Ethernet000002{NONE}{NONE}"),
        ("Ethernet1/2.100", f"0001{'9999' * 3}Ethernet000002{NONE}000100"),
        ("xe-0/0/1:2", f"00000000{'9999' * 2}xe-000001000002{NONE}"),
        ("xe-0/0/1:2.5", f"00000000{'9999' * 2}xe-000001000002000005"),
        ("GigabitEthernet1/0/1/2/3", "0001000000010002GigabitEthernet000003" + NONE * 2),
        ("Management1", f"{NO_SLOTS}Management000001{NONE}{NONE}"),
        ("Port-Channel10", f"{NO_SLOTS}Port-Channel000010{NONE}{NONE}"),
        ("lo", f"{NO_SLOTS}lo{NONE * 3}"),
        ("eth0-mgmt2", f"{NO_SLOTS}eth000000{NONE}{NONE}-mgmt00000002"),
        ("1/1", f"0001{'9999' * 3}000001{NONE}{NONE}"),
        ("", ""),
    ],
)
def test_naturalize_interface_lays_out_slots_type_port_channel_and_subinterface(name: str, expected: str) -> None:
    assert naturalize_interface(name) == expected


def test_naturalize_interface_cuts_to_the_column_length() -> None:
    assert naturalize_interface("Ethernet1", max_length=20) == f"{NO_SLOTS}Ethe"
    assert len(naturalize_interface("Ethernet1/1 " + "a1" * 200)) == 255


def in_natural_order(names: list[str], naturalizer: object) -> list[str]:
    shuffled = random.Random(14).sample(names, len(names))
    return sorted(shuffled, key=lambda name: (naturalizer(name, 255), name))  # type: ignore[operator]


def test_interfaces_order_as_an_engineer_reads_them() -> None:
    expected = [
        "Ethernet1/1",
        "Ethernet1/2",
        "Ethernet1/2.100",
        "Ethernet1/10",
        "Ethernet2/1",
        "Ethernet1",
        "Ethernet2",
        "Ethernet10",
        "Ethernet48",
        "Management1",
        "Port-Channel1",
        "Port-Channel2",
        "Vlan10",
        "Vlan100",
    ]
    assert in_natural_order(expected, naturalize_interface) == expected
    juniper = ["xe-0/0/0", "xe-0/0/1", "xe-0/0/1:0", "xe-0/0/1:1", "xe-0/0/2", "xe-0/0/10", "xe-0/1/0", "xe-1/0/0"]
    assert in_natural_order(juniper, naturalize_interface) == juniper


def test_other_names_order_by_their_numbers() -> None:
    expected = ["leaf1", "leaf2", "leaf9", "leaf10", "leaf11", "leaf100", "spine1", "spine2"]
    assert in_natural_order(expected, naturalize) == expected
    racks = ["R1", "R2", "R10", "R10a", "R10b", "R11"]
    assert in_natural_order(racks, naturalize) == racks


@given(st.lists(st.integers(min_value=0, max_value=999_999), min_size=2, max_size=30, unique=True))
def test_ports_numbered_alike_order_by_number(numbers: list[int]) -> None:
    """Ethernet<n> and xe-0/0/<n> order by n, for any port number of up to six digits."""
    for prefix in ("Ethernet", "xe-0/0/"):
        names = [f"{prefix}{n}" for n in numbers]
        assert sorted(names, key=naturalize_interface) == [f"{prefix}{n}" for n in sorted(numbers)]
        assert sorted(names, key=naturalize) == [f"{prefix}{n}" for n in sorted(numbers)]
