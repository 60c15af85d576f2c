"""What global search finds in circuits: circuit ids, providers and their accounts, provider networks."""

from __future__ import annotations

from netkeel.circuits.models import Circuit, CircuitType, Provider, ProviderNetwork
from netkeel.core.ui import search


def register() -> None:
    search.register(
        Circuit,
        fields=("cid", "description"),
        related=("provider", "circuit_type"),
        describe=lambda circuit: f"{circuit.provider} · {circuit.circuit_type}",
        weight=15,
    )
    search.register(
        Provider, fields=("name", "account"), describe=lambda p: f"account {p.account}" if p.account else "", weight=50
    )
    search.register(
        ProviderNetwork,
        fields=("name", "description"),
        related=("provider",),
        describe=lambda network: f"of {network.provider}",
        weight=55,
    )
    search.register(CircuitType, fields=("name",), weight=70)
