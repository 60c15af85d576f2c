"""IPAM's GraphQL fields shown as Nautobot's text where netkeel stores packed binary: an address's
`host` and `address`, a prefix's `network`, `broadcast` and `prefix`."""

from __future__ import annotations

from typing import Any

import netaddr
from graphql import GraphQLNonNull, GraphQLString

from netkeel.core.graphql import hooks
from netkeel.ipam.models import IPAddress, Prefix


def _network(prefix: Prefix) -> str:
    return str(prefix.ip_network.network)


def _broadcast(prefix: Prefix) -> str:
    network: Any = prefix.ip_network
    return str(network.broadcast if network.broadcast is not None else netaddr.IPAddress(network.last, network.version))


def register() -> None:
    text = lambda types: GraphQLString  # noqa: E731 - the type of every field here
    required = lambda types: GraphQLNonNull(GraphQLString)  # noqa: E731
    hooks.computed(lambda model: model is IPAddress, "host", required, lambda obj: obj.host_text)
    hooks.computed(lambda model: model is IPAddress, "address", text, lambda obj: obj.address)
    hooks.computed(lambda model: model is Prefix, "network", required, _network)
    hooks.computed(lambda model: model is Prefix, "broadcast", required, _broadcast)
    hooks.computed(lambda model: model is Prefix, "prefix", text, lambda obj: obj.prefix)
