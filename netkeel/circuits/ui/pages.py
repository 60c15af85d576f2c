"""/circuits/: providers, provider networks, circuit types, circuits (with both terminations on their page)
and circuit terminations (with their cabling and a trace); registered from CircuitsConfig.ready()."""

from __future__ import annotations

from netkeel.circuits import models as circuits
from netkeel.circuits.ui import tables
from netkeel.circuits.ui.search import register as register_search
from netkeel.circuits.ui.views import CircuitDetailView
from netkeel.core.ui import ObjectTab, UIRouter
from netkeel.core.ui.registry import add_router
from netkeel.dcim.ui.trace_views import TraceSVGView, TraceTabView


def register() -> None:
    """The pages (after the API routes they derive from) and the searched models."""
    router = UIRouter("circuits", label="Circuits", weight=50)
    router.register(circuits.Provider, table=tables.ProviderTable, menu_group="Providers")
    router.register(circuits.ProviderNetwork, table=tables.ProviderNetworkTable, menu_group="Providers")
    router.register(circuits.CircuitType, table=tables.CircuitTypeTable, menu_group="Circuits")
    router.register(
        circuits.Circuit,
        table=tables.CircuitTable,
        menu_group="Circuits",
        detail_template="circuits/circuit.html",
        detail_view=CircuitDetailView,
    )
    termination_ui = router.register(
        circuits.CircuitTermination,
        table=tables.CircuitTerminationTable,
        menu_group="Circuits",
        tabs=[ObjectTab("trace", "Trace", TraceTabView)],
    )
    router.add_url(
        "circuit-terminations/<uuid:pk>/trace/svg/",
        TraceSVGView.as_view(model_ui=termination_ui),
        "circuittermination_trace_svg",
    )
    add_router(router)
    register_search()
