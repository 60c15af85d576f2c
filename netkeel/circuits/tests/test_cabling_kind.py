"""Circuit terminations reach the cable engine only through the registry of termination kinds: circuits
registers its kind (how a path crosses a circuit, which sides take no cable, what a side is cabled to, how
pages draw it) from `CircuitsConfig.ready()`, and DCIM's code names no circuits model or column."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path
from typing import Any

import pytest

from netkeel.circuits.cabling import CIRCUIT_DISPLAY, CIRCUIT_TERMINATION, CIRCUIT_TERMINATION_KIND
from netkeel.circuits.models import Circuit, CircuitTermination, CircuitType, Provider, ProviderNetwork
from netkeel.dcim.cabling import graph, kinds, service
from netkeel.dcim.cabling.graph import Ref
from netkeel.dcim.cabling.kinds import Side
from netkeel.dcim.cabling.loader import DatabaseGraph, load_full_graph
from netkeel.dcim.choices import COMPATIBLE_TERMINATIONS
from netkeel.dcim.tests import factories as f
from netkeel.dcim.ui.trace import stop_styles

ENGINE = Path(graph.__file__).parent


def code_words(path: Path) -> list[str]:
    """The names and strings of a module's code: no comments, no docstrings (a string standing alone)."""
    words: list[str] = []
    previous = tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        standalone = token.type == tokenize.STRING and previous in (tokenize.NEWLINE, tokenize.INDENT, tokenize.NL)
        if token.type in (tokenize.NAME, tokenize.STRING) and not standalone:
            words.append(token.string)
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            previous = token.type
    return words


def test_the_engine_names_no_circuits_model_or_column() -> None:
    modules = sorted(ENGINE.rglob("*.py"))
    assert ENGINE / "trace.py" in modules
    for module in modules:
        found = [word for word in code_words(module) if "circuit" in word.lower() or "provider" in word.lower()]
        assert found == [], f"{module.relative_to(ENGINE)} names {found}"


def test_dcim_names_no_circuits_model_or_column_outside_its_tests() -> None:
    """DCIM's API, pages and choices too know circuits only as a registered kind (its `KindDisplay`)."""
    dcim = ENGINE.parent
    modules = [path for path in sorted(dcim.rglob("*.py")) if "tests" not in path.relative_to(dcim).parts]
    assert dcim / "ui" / "trace_drawing.py" in modules and dcim / "choices.py" in modules
    for module in modules:
        found = [word for word in code_words(module) if "circuit" in word.lower() or "provider" in word.lower()]
        assert found == [], f"{module.relative_to(dcim)} names {found}"
    for template in sorted((dcim / "templates").rglob("*.*")):
        assert "circuit" not in template.read_text().lower(), template


def test_circuits_registers_whom_its_sides_are_cabled_to_and_how_pages_show_them() -> None:
    sides_take = {"dcim.interface", "dcim.frontport", "dcim.rearport", CIRCUIT_TERMINATION}
    assert kinds.compatible_kinds(CIRCUIT_TERMINATION) == sides_take
    for kind in ("dcim.interface", "dcim.frontport", "dcim.rearport"):
        assert CIRCUIT_TERMINATION in (kinds.compatible_kinds(kind) or ()), kind
    assert CIRCUIT_TERMINATION not in (kinds.compatible_kinds("dcim.consoleport") or ())
    assert kinds.compatible_kinds("dcim.cable") is None
    assert not any(CIRCUIT_TERMINATION in others for others in COMPATIBLE_TERMINATIONS.values())
    assert kinds.display_of(CIRCUIT_TERMINATION) is CIRCUIT_DISPLAY
    assert kinds.display_of("dcim.interface") is None
    styles = stop_styles()
    assert styles["circuit"] is CIRCUIT_DISPLAY.style
    assert CIRCUIT_DISPLAY.beyond is not None and styles["provider-network"].dashed


def test_circuits_registers_its_kind_from_ready() -> None:
    assert CIRCUIT_TERMINATION in graph.ENDPOINT_KINDS
    assert CIRCUIT_TERMINATION in graph.CROSSING_KINDS
    assert kinds.crossings()[CIRCUIT_TERMINATION] is CIRCUIT_TERMINATION_KIND.crossing
    assert CIRCUIT_TERMINATION in kinds.termination_kinds()
    assert kinds.installed_termination_models()[CIRCUIT_TERMINATION] is CircuitTermination


@pytest.fixture
def circuit() -> Circuit:
    provider = Provider.objects.create(name="Carrier")
    return Circuit.objects.create(
        cid="C-1",
        provider=provider,
        circuit_type=CircuitType.objects.create(name="Transit"),
        status=f.status("Active"),
    )


@pytest.mark.django_db
def test_the_sides_the_engine_reads(circuit: Circuit) -> None:
    """
    side A (at a site) ≈≈ side Z (facing a provider network)
    """
    site = f.location()
    network = ProviderNetwork.objects.create(name="Backbone", provider=circuit.provider)
    a = CircuitTermination.objects.create(circuit=circuit, term_side="A", location=site)
    crossing = CIRCUIT_TERMINATION_KIND.crossing
    assert crossing is not None
    assert crossing.far_side(a.pk) == (None, False)  # no Z side yet
    assert list(crossing.all_pairs()) == []
    z = CircuitTermination.objects.create(circuit=circuit, term_side="Z", provider_network=network)
    assert crossing.far_side(a.pk) == (Side(z.pk, True), False)
    assert crossing.far_side(z.pk) == (Side(a.pk, False), True)
    assert list(crossing.all_pairs()) == [(Side(a.pk, False), Side(z.pk, True))]

    # Both graphs answer alike.
    lazy, full = DatabaseGraph(), load_full_graph()
    side_a, side_z = Ref(CIRCUIT_TERMINATION, a.pk), Ref(CIRCUIT_TERMINATION, z.pk)
    for g in (lazy, full):
        assert g.crosses(CIRCUIT_TERMINATION) and g.is_endpoint(CIRCUIT_TERMINATION)
        assert (g.far_side(side_a), g.ends_at(side_a)) == (side_z, False)
        assert (g.far_side(side_z), g.ends_at(side_z)) == (side_a, True)


@pytest.mark.django_db
def test_a_side_facing_a_provider_network_is_refused_a_cable_by_circuits(circuit: Circuit) -> None:
    network = ProviderNetwork.objects.create(name="Backbone", provider=circuit.provider)
    z = CircuitTermination.objects.create(circuit=circuit, term_side="Z", provider_network=network)
    assert kinds.cable_refusal(z) == f"{z} faces a provider network and cannot be cabled."
    eth0: Any = f.device("edge", f.device_type("router", interfaces=1), f.location()).interfaces.get()
    assert kinds.cable_refusal(eth0) is None
    with pytest.raises(service.ValidationError) as refused:
        service.connect(eth0, z)
    assert refused.value.message_dict == {"termination_b": [f"{z} faces a provider network and cannot be cabled."]}
