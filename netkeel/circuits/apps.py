from __future__ import annotations

from django.apps import AppConfig


class CircuitsConfig(AppConfig):
    name = "netkeel.circuits"
    label = "circuits"
    verbose_name = "Circuits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netkeel.circuits.api import routes
        from netkeel.circuits.cabling import CIRCUIT_TERMINATION_KIND
        from netkeel.circuits.models import Circuit
        from netkeel.circuits.ui import pages
        from netkeel.core.api.counts import count_of, register_row_count
        from netkeel.dcim.api.filters_devices import LocationFilterSet
        from netkeel.dcim.api.graphql import register_shortcuts
        from netkeel.dcim.cabling.kinds import register_termination_kind
        from netkeel.dcim.models import Location

        # Circuit terminations are cable endpoints that paths cross (A side to Z side).
        register_termination_kind(CIRCUIT_TERMINATION_KIND)
        register_shortcuts()  # GraphQL's cable_peer_circuit_termination, connected_interface, … for the new kind
        # The API routes first: the pages derive from them (the URL map only reads these registries).
        routes.register()
        pages.register()
        # Nautobot's `circuit_count` of a location: circuits with a termination there (one with both, once).
        register_row_count(Location, "circuit_count", lambda: count_of(Circuit, "circuit_terminations__location", True))
        # Nautobot's `circuit_terminations` and `has_circuit_terminations` filters of locations (by id).
        LocationFilterSet.add_relation("circuit_terminations", "circuit_terminations", by_id=True)
