"""Choice values and labels of the IPAM models: Nautobot's, compared with its schema by
`ipam/tests/test_choices.py`."""

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
    CHOICES = ((DHCP, "DHCP"), (HOST, "Host"), (SLAAC, "SLAAC"))


class ServiceProtocolChoices(ChoiceSet):
    TCP = "tcp"
    UDP = "udp"
    CHOICES = ((TCP, "TCP"), (UDP, "UDP"))
