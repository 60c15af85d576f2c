"""Against a real gunicorn (`netkeel-server start`, two workers): two clients sending reads far over the
render budget (interfaces at depth 7 and 10: one interface alone renders 30,867 and 874,461 objects) get
400s at once (after one COUNT, no row read), so that `/health/` keeps answering while they hammer the
server. How fast each answer comes is measured by `benchmarks/bench_api_budget.py`; this test asserts what
was answered, not how quickly."""

from __future__ import annotations

import http.client
import threading
import uuid
from urllib.parse import urlsplit

import pytest

from netkeel.core.testing.browser import LiveAPI
from netkeel.core.testing.live import LiveNetkeel

pytestmark = pytest.mark.slow

RUNAWAY = ("/api/dcim/interfaces/?limit=1000&depth=10", "/api/dcim/interfaces/?depth=7")


def get(live: LiveNetkeel, path: str, token: bool = True) -> int:
    parts = urlsplit(live.url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    headers = {"Authorization": f"Token {live.token}", "Accept": "application/json"} if token else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def an_interface(live_api: LiveAPI) -> None:
    """A device with one interface: a read is judged on the rows it would render, so there must be one."""
    mark = uuid.uuid4().hex[:6]
    site, model = live_api.device_type_at_a_location(mark)
    device = live_api.post(
        "/api/dcim/devices/",
        {
            "name": f"budget-{mark}",
            "device_type": model["id"],
            "role": "Switch",
            "status": "Active",
            "location": site["id"],
        },
    )
    live_api.post(
        "/api/dcim/interfaces/", {"device": device["id"], "name": "eth0", "type": "1000base-t", "status": "Active"}
    )


def test_health_answers_while_two_clients_hammer_over_budget_reads(
    live_netkeel: LiveNetkeel, live_api: LiveAPI
) -> None:
    an_interface(live_api)
    stop = threading.Event()
    hammered: list[int] = []

    def hammer() -> None:
        while not stop.is_set():
            for path in RUNAWAY:
                hammered.append(get(live_netkeel, path))

    clients = [threading.Thread(target=hammer) for _ in range(2)]
    for client in clients:
        client.start()
    try:
        health: list[int] = []
        while len(hammered) < 20 or len(health) < 10:
            health.append(get(live_netkeel, "/health/", token=False))
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=120)
    assert health and set(health) == {200}
    assert len(hammered) >= 20 and set(hammered) == {400}


def test_a_stuck_worker_is_replaced_after_30_seconds_or_what_the_site_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    from netkeel.core.management.commands.start import WORKER_TIMEOUT, Command

    assert Command().create_parser("netkeel-server", "start").parse_args([]).timeout == WORKER_TIMEOUT == 30
    monkeypatch.setenv("NETKEEL_WORKER_TIMEOUT", "45")
    assert Command().create_parser("netkeel-server", "start").parse_args([]).timeout == 45
    assert Command().create_parser("netkeel-server", "start").parse_args(["--timeout", "10"]).timeout == 10
