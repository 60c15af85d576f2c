"""The whole demo network: DCIM, then circuits between its sites that paths cross."""

from __future__ import annotations

import pytest
from django.db import transaction

from netkeel.circuits.cabling import CIRCUIT_TERMINATION
from netkeel.circuits.models import Circuit, CircuitTermination
from netkeel.dcim.models import CablePath, Device, Location
from netkeel.demo.builder import build_demo

pytestmark = pytest.mark.django_db


def test_sites_are_joined_by_circuits_that_paths_cross() -> None:
    report = build_demo("small", seed=3)
    sites = Location.objects.filter(devices__isnull=False).distinct().count()
    assert report.counts["Circuit"] == Circuit.objects.count() == sites - 1
    side_a = CircuitTermination.objects.filter(term_side="A").first()
    assert side_a is not None and side_a.cable_id is not None
    crossing = [p for p in CablePath.objects.filter(is_active=True) if f"{CIRCUIT_TERMINATION}:{side_a.pk}" in p.path]
    assert crossing, "a path crosses the circuit"
    for path in crossing:
        origin = Device.objects.get(interfaces__id=path.origin_id)
        far = Device.objects.get(interfaces__id=path.destination_id)
        assert origin.location_id != far.location_id


class Undo(Exception):
    pass


def test_the_same_seed_gives_the_same_circuits() -> None:
    def built() -> list[str]:
        build_demo("small", seed=5)
        return sorted(map(str, CircuitTermination.objects.values_list("pk", "cable_id")))

    with pytest.raises(Undo), transaction.atomic():
        first = built()
        raise Undo
    assert not Circuit.objects.exists()
    assert built() == first
