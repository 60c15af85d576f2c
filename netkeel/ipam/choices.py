"""Choice values of the IPAM models, as Nautobot spells them."""

from __future__ import annotations

from netkeel.core.choices import ChoiceSet


class PrefixTypeChoices(ChoiceSet):
    CONTAINER = "container"
    NETWORK = "network"
    POOL = "pool"
    CHOICES = ((CONTAINER, "Container"), (NETWORK, "Network"), (POOL, "Pool"))


class IPAddressTypeChoices(ChoiceSet):
    HOST = "host"
    DHCP = "dhcp"
    SLAAC = "slaac"
    CHOICES = ((HOST, "Host"), (DHCP, "DHCP"), (SLAAC, "SLAAC"))
