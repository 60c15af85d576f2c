"""Every IPAM choice set has Nautobot 3.2.7's values (and labels where its schema gives them)."""

from __future__ import annotations

from netkeel.core.testing.reference import assert_choice_sets_match_nautobot
from netkeel.ipam import choices


def test_every_ipam_choice_set_is_nautobots() -> None:
    assert_choice_sets_match_nautobot(
        "ipam",
        {
            choices.PrefixTypeChoices: "Prefix.type",
            choices.IPAddressTypeChoices: "IPAddressTypeChoices",
            choices.ServiceProtocolChoices: "Service.protocol",
        },
        own={
            "prefix.ip_version": "derived from the address, read-only: an integer in Nautobot's schema",
            "ipaddress.ip_version": "derived from the address, read-only: an integer in Nautobot's schema",
        },
    )
