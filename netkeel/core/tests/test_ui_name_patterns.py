"""Name patterns of the add pages (`Ethernet[1-48]`): what each expands to, and the sentences for those
that do not expand. No database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netkeel.core.ui.name_patterns import MAX_NAMES, PatternError, expand, has_pattern


@pytest.mark.parametrize(
    ("pattern", "names"),
    [
        ("Ethernet1", ["Ethernet1"]),
        ("Ethernet[1-4]", ["Ethernet1", "Ethernet2", "Ethernet3", "Ethernet4"]),
        ("Gi1/0/[1-3]", ["Gi1/0/1", "Gi1/0/2", "Gi1/0/3"]),
        ("[ge,xe]-0/0/[0-1]", ["ge-0/0/0", "ge-0/0/1", "xe-0/0/0", "xe-0/0/1"]),
        ("port[1-2,5]", ["port1", "port2", "port5"]),
        ("eth[08-10]", ["eth08", "eth09", "eth10"]),
        ("slot[a-c]", ["slota", "slotb", "slotc"]),
        ("PSU[A-B]", ["PSUA", "PSUB"]),
        ("[ 1-2 ]x", ["1x", "2x"]),
        ("Bay[7]", ["Bay7"]),
    ],
)
def test_expands(pattern: str, names: list[str]) -> None:
    assert expand(pattern) == names


def test_forty_eight_ports() -> None:
    names = expand("Ethernet[1-48]")
    assert len(names) == 48
    assert names[0] == "Ethernet1" and names[-1] == "Ethernet48"


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("Ethernet[1-4", "not closed"),
        ("Ethernet1-4]", "not closed"),
        ("Ethernet[]", "empty"),
        ("Ethernet[1,,2]", "empty item"),
        ("Ethernet[4-1]", "backwards"),
        ("Ethernet[a-4]", "not a range"),
        ("Ethernet[a-Z]", "not a range"),
        ("Ethernet[1-2-3]", "first-last"),
        ("Ethernet[-3]", "first-last"),
        ("Ethernet[1-100000]", f"more than {MAX_NAMES}"),
        ("[1-40]/[1-40]", f"at most {MAX_NAMES}"),
    ],
)
def test_refuses_with_a_sentence(pattern: str, says: str) -> None:
    with pytest.raises(PatternError, match=says):
        expand(pattern)


def test_has_pattern() -> None:
    assert has_pattern("Gi[1-2]") and has_pattern("x]") and not has_pattern("Ethernet1")


@given(st.text(alphabet="abcXY/-.0123456789", max_size=12), st.integers(0, 50), st.integers(0, 50))
def test_a_range_makes_one_name_per_number(prefix: str, first: int, length: int) -> None:
    names = expand(f"{prefix}[{first}-{first + length}]")
    assert names == [f"{prefix}{n}" for n in range(first, first + length + 1)]
