"""A device and its cables deleted at the same time, by two clients, forty times over: no deadlock, no 500.

Before the cabling writes took their locks up front in one order (`cabling.service.lock_for_write`), the
device's delete (`delete_device → remove_terminations → detach_cables`) and the cable's (`disconnect`) locked
the same rows in opposite orders, and PostgreSQL broke the deadlock by failing one of them (a 500) in about
half the trials. Each pair below is two threads, each with its own connection and real transactions.

Runs on PostgreSQL and MariaDB; SQLite's in-memory test database cannot be shared between threads, and
SQLite serializes writers anyway.
"""

from __future__ import annotations

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections

from netkeel.core.testing.api import APIClient, make_user
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.models import Cable, CablePath, Device, Interface, Location
from netkeel.dcim.tests import factories as f
from netkeel.dcim.tests.test_incremental_property import rebuilt_paths, stored_paths
from netkeel.extras.models import Status

pytestmark = [
    pytest.mark.slow,
    # Transactional: each thread commits on its own connection. The flush between transactional tests drops
    # the migrated statuses, so the `statuses` fixture makes the ones these tests use.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor == 'sqlite'", reason="needs a server database: one connection per thread"),
]

PAIRS = 40


@pytest.fixture(autouse=True)
def statuses() -> None:
    for name, models in (("Active", (Location, Device, Interface)), ("Connected", (Cable,))):
        status, _ = Status.objects.get_or_create(name=name)
        status.content_types.add(*ContentType.objects.get_for_models(*models).values())


def cabled_pairs(count: int) -> list[tuple[Device, list[Cable]]]:
    """`count` devices, each cabled by two interfaces to a neighbour that stays, and by its third to a patch
    panel's front port (so paths pass through the panel's rear port as well)."""
    site = f.location()
    switch = f.device_type("switch", interfaces=3)
    panel = f.device_type("panel", rear_ports=1)
    made = []
    for index in range(count):
        doomed = f.device(f"doomed-{index}", switch, site)
        neighbour = f.device(f"neighbour-{index}", switch, site)
        patch = f.device(f"patch-{index}", panel, site)
        mine, theirs = list(doomed.interfaces.order_by("name")), list(neighbour.interfaces.order_by("name"))
        cables = [cabling.connect(mine[i], theirs[i]) for i in range(2)]
        cables.append(cabling.connect(mine[2], patch.frontports.get()))
        cabling.connect(theirs[2], patch.rearports.get())
        made.append((doomed, cables))
    return made


def test_a_device_and_its_cables_deleted_at_once_never_deadlock() -> None:
    assert connection.vendor in {"postgresql", "mysql"}
    make_user("api-admin", superuser=True, token="0123456789abcdef0123456789abcdef01234567")
    pairs = cabled_pairs(PAIRS)
    answers: list[tuple[str, int]] = []
    failures: list[str] = []
    lock = threading.Lock()

    def send(barrier: threading.Barrier, label: str, paths: list[str]) -> None:
        client = APIClient(raise_request_exception=False)
        try:
            barrier.wait(timeout=60)
            for path in paths:
                response = client.delete(path)
                with lock:
                    answers.append((label, response.status_code))
                    if response.status_code >= 500:
                        failures.append(f"{label} {path}: {response.status_code} {response.content[:300]!r}")
        except Exception as exc:  # noqa: BLE001 - any failure is reported by the assertion below
            with lock:
                failures.append(f"{label}: {type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    for device, cables in pairs:
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=send, args=(barrier, "device", [f"/api/dcim/devices/{device.pk}/"])),
            threading.Thread(
                target=send, args=(barrier, "cables", [f"/api/dcim/cables/{cable.pk}/" for cable in cables])
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads), "a delete hung"

    assert failures == [], f"{len(failures)} of {len(answers)} deletes failed"
    # The device's delete always succeeds; a cable's answers 204, or 404 when the device's delete took it first.
    assert {code for label, code in answers if label == "device"} == {204}
    assert {code for label, code in answers if label == "cables"} <= {204, 404}
    assert not Device.objects.filter(name__startswith="doomed-").exists()
    assert Cable.objects.count() == PAIRS  # only each neighbour's cable to its patch panel's rear port is left
    assert stored_paths() == rebuilt_paths()
    # One path from each neighbour's third interface, through the panel to its now uncabled front port.
    assert CablePath.objects.count() == PAIRS
