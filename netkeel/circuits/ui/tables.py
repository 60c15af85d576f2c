"""Tables of the circuits lists; circuit terminations carry the cabling columns of every cable endpoint."""

from __future__ import annotations

from netkeel.circuits import models as circuits
from netkeel.core.ui.tables import table_for
from netkeel.dcim.ui.tables import EndpointTable

ProviderTable = table_for(circuits.Provider, default_columns=("name", "asn", "account", "portal_url", "tags"))
ProviderNetworkTable = table_for(circuits.ProviderNetwork, default_columns=("name", "provider", "description", "tags"))
CircuitTypeTable = table_for(circuits.CircuitType, default_columns=("name", "description"))
CircuitTable = table_for(
    circuits.Circuit,
    default_columns=("cid", "provider", "circuit_type", "status", "tenant", "commit_rate", "description", "tags"),
)
CircuitTerminationTable = table_for(
    circuits.CircuitTermination,
    base=EndpointTable,
    default_columns=(
        "display",
        "circuit",
        "term_side",
        "location",
        "provider_network",
        "port_speed",
        "cable",
        "cable_peer",
        "connected_endpoint",
        "trace",
    ),
)
