"""Against a real gunicorn (`netkeel-server start`, two workers): two clients sending reads far over the
render budget (`limit=1000&depth=3` of interfaces, `depth=10`) get 400s at once, so that `/health/`
keeps answering while they hammer the server. How fast each answer comes is measured by
`benchmarks/bench_api_budget.py`; this test asserts what was answered, not how quickly."""

from __future__ import annotations

import http.client
import threading
from urllib.parse import urlsplit

import pytest

from netkeel.core.testing.live import LiveNetkeel

pytestmark = pytest.mark.slow

RUNAWAY = ("/api/dcim/interfaces/?limit=1000&depth=3", "/api/dcim/devices/?limit=50&depth=10")


def get(live: LiveNetkeel, path: str, token: bool = True) -> int:
    parts = urlsplit(live.url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    headers = {"Authorization": f"Token {live.token}", "Accept": "application/json"} if token else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def test_health_answers_while_two_clients_hammer_over_budget_reads(live_netkeel: LiveNetkeel) -> None:
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
