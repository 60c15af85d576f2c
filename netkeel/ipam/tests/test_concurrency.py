"""Twenty clients allocating from one prefix at once get twenty different addresses.

Runs on PostgreSQL and MariaDB (each thread has its own connection and transaction); SQLite's in-memory
test database cannot be shared between threads, and SQLite serializes writers anyway.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from netkeel.extras.models import Status
from netkeel.ipam import services
from netkeel.ipam.models import IPAddress, Prefix

pytestmark = [
    # Transactional: each thread commits on its own connection. The flush between transactional tests
    # drops the migrated statuses, so the `active` fixture makes the one these tests use.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor == 'sqlite'", reason="needs a server database: one connection per thread"),
]


@pytest.fixture(autouse=True)
def active() -> Status:
    from django.contrib.contenttypes.models import ContentType

    status, _ = Status.objects.get_or_create(name="Active")
    status.content_types.add(*ContentType.objects.get_for_models(Prefix, IPAddress).values())
    return status


WORKERS = 20


def allocate_in_parallel(prefix: Prefix, workers: int) -> tuple[list[str], list[str]]:
    barrier = threading.Barrier(workers)
    addresses: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()
    status = Status.objects.get(name="Active")

    def work() -> None:
        try:
            barrier.wait(timeout=30)
            made = services.allocate_ip_addresses(prefix, 1, status=status)
            with lock:
                addresses.extend(ip.address for ip in made)
        except services.NoRoomError as exc:
            with lock:
                failures.append(str(exc.message))
        except Exception as exc:  # noqa: BLE001 - any other failure is reported by the assertion below
            with lock:
                failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return addresses, failures


def test_parallel_allocations_get_distinct_addresses(settings: Any) -> None:
    assert connection.vendor in {"postgresql", "mysql"}
    net = services.create_prefix("10.20.0.0/24", status=Status.objects.get(name="Active"))
    addresses, failures = allocate_in_parallel(net, WORKERS)
    assert failures == []
    assert len(addresses) == WORKERS == len(set(addresses))
    assert IPAddress.objects.count() == WORKERS
    assert sorted(addresses, key=lambda a: int(a.split(".")[3].split("/")[0]))[0] == "10.20.0.1/24"


def test_allocation_beyond_the_last_free_address_fails_cleanly() -> None:
    # A /27 network offers 30 addresses; 20 are taken first, then 20 clients compete for the last 10.
    net = services.create_prefix("10.30.0.0/27", status=Status.objects.get(name="Active"))
    services.allocate_ip_addresses(net, 20, status=Status.objects.get(name="Active"))
    addresses, failures = allocate_in_parallel(net, WORKERS)
    assert len(addresses) == 10 == len(set(addresses))
    assert len(failures) == 10 and all("has no free addresses" in text for text in failures), failures
    assert IPAddress.objects.count() == 30
