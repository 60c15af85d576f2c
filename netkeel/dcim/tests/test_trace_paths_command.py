"""`netkeel-server trace_paths`: missing paths by default, everything with --force, bad origins skipped."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from netkeel.dcim.cabling import service
from netkeel.dcim.cabling.kinds import content_type_id
from netkeel.dcim.models import Cable, CablePath, CablePathNode, FrontPort
from netkeel.dcim.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def network() -> dict[str, Any]:
    site = f.location()
    switch = f.device_type(interfaces=3)
    panel = f.device_type(rear_ports=1)
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    p, q = f.device("p", panel, site), f.device("q", panel, site)
    service.connect(a.interfaces.get(name="eth0"), b.interfaces.get(name="eth0"))
    service.connect(a.interfaces.get(name="eth1"), p.frontports.get())
    service.connect(p.rearports.get(), q.rearports.get())
    service.connect(q.frontports.get(), b.interfaces.get(name="eth1"))
    return {"a": a, "b": b, "p": p, "q": q}


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("trace_paths", *args, "--no-input", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot() -> set[tuple[Any, ...]]:
    return {(p.origin_id, tuple(p.path), p.destination_id, p.is_active, p.is_split) for p in CablePath.objects.all()}


def test_up_to_date_database_creates_nothing(network: dict[str, Any]) -> None:
    before = snapshot()
    out, _ = run()
    assert "Created 0 cable path(s) from 0 origin(s)" in out
    assert snapshot() == before


def test_missing_paths_are_created_and_equal_the_services(network: dict[str, Any]) -> None:
    before = snapshot()
    a_eth0 = network["a"].interfaces.get(name="eth0")
    CablePathNode.objects.filter(cable_path__origin_id=a_eth0.pk).delete()
    CablePath.objects.filter(origin_id=a_eth0.pk).delete()
    out, _ = run()
    assert "Created 1 cable path(s) from 1 origin(s)" in out
    assert snapshot() == before


def test_force_rebuilds_everything_identically(network: dict[str, Any]) -> None:
    before = snapshot()
    out, _ = run("--force")
    assert "Rebuilt 4 cable path(s) from 4 origin(s)" in out
    assert snapshot() == before
    assert CablePathNode.objects.count() == sum(len(p.path) for p in CablePath.objects.all())


def test_bad_origin_is_listed_and_skipped(network: dict[str, Any]) -> None:
    """A front port moved (behind the services' back) to a position its rear port does not have: the
    path from the interface cabled to it cannot be traced; every other origin still is."""
    site = network["a"].location
    panel = f.device("p4", f.device_type("p4", rear_ports=1, positions=4), site)
    x = f.device("x", f.device_type("x", interfaces=1), site)
    front = panel.frontports.get(name="front0-4")
    service.connect(x.interfaces.get(), front)
    FrontPort.objects.filter(pk=front.pk).update(rear_port_position=9)
    out, err = run("--force")
    assert "Rebuilt 4 cable path(s) from 5 origin(s)" in out
    assert "1 origin(s) could not be traced" in out
    assert "position 9" in err and str(x.interfaces.get().pk) in err
    assert CablePath.objects.filter(origin_id=network["b"].interfaces.get(name="eth0").pk, is_active=True).exists()


def test_loop_in_bad_data_is_reported_not_fatal(network: dict[str, Any]) -> None:
    site = network["a"].location
    looped = f.device("l", f.device_type("loop-panel", rear_ports=1, positions=2), site)
    x = f.device("x", f.device_type("x", interfaces=1), site)
    one = f.device("one", f.device_type("one-pos", rear_ports=1), site)
    service.connect(x.interfaces.get(), looped.frontports.get(name="front0-1"))
    service.connect(looped.rearports.get(), one.frontports.get())
    # The service refuses the closing cable; a bulk import that bypasses it is what trace_paths meets.
    closing = Cable.objects.create(
        termination_a_type_id=content_type_id("dcim.rearport"),
        termination_a_id=one.rearports.get().pk,
        termination_b_type_id=content_type_id("dcim.frontport"),
        termination_b_id=looped.frontports.get(name="front0-2").pk,
        status=f.status("Connected"),
    )
    assert closing.pk
    out, err = run("--force")
    assert "1 origin(s) could not be traced" in out
    assert "loop" in err
    assert CablePath.objects.filter(origin_id=network["a"].interfaces.get(name="eth0").pk, is_active=True).exists()


def test_force_without_a_terminal_asks_for_no_input_instead_of_crashing(netkeel_server: Any) -> None:
    """Run from cron or a pipe, `--force` has nobody to ask: one sentence naming --no-input, exit 1, nothing
    deleted — never an EOFError traceback."""
    assert netkeel_server("migrate", "--no-input").returncode == 0
    result = netkeel_server("trace_paths", "--force")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr
    assert "--no-input" in result.stderr and "Nothing changed" in result.stderr
