"""Webhooks through the whole stack, as deployed: the session's live netkeel service (gunicorn over its
own SQLite file), Redis (db 12), and real `netkeel-server` processes: a write made by one (with Redis
configured) is queued after commit, and a real `netkeel-server rqworker webhooks` (RQ's forking worker)
delivers it to a receiver on 127.0.0.1 in this test process.

- a tenant written with Redis configured is queued, not sent, and a `--burst` worker delivers it signed;
- a receiver answering 500 gets the delivery scheduled again after its backoff (RQ's schedule), and a
  refused target (cloud metadata) fails its job at once, with no retry and no connection.

The live service's own gunicorn has no Redis and no allowed networks: whatever it fires for these
webhooks (other tests' tenants) is refused by the guard and never reaches the receiver.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from redis import Redis

from netkeel.core.testing.live import LiveNetkeel
from netkeel.extras.tests.worker_processes import NetkeelProcesses, forget_queue, own_queue_name
from netkeel.extras.webhooks.dispatch import RETRY_INTERVALS
from netkeel.extras.webhooks.testing import Receiver, running_receiver

pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/12"


@dataclass
class Stack(NetkeelProcesses):
    """The live service, with `env` its own plus Redis and 127.0.0.0/8 allowed."""

    redis: Redis
    tag: str  # names are unique: the live database is shared by the session's tests
    queue: str  # the deliveries' queue, of this test alone (Redis db 12 is shared, never flushed)

    def add_webhook(self, name: str, url: str) -> None:
        body = {
            "name": f"{name}-{self.tag}",
            "content_types": ["tenancy.tenant"],
            "type_create": True,
            "payload_url": url,
            "secret": "s3cret",
        }
        self.api("POST", "/api/extras/webhooks/", body, expect=201)

    def create_tenant(self, name: str) -> str:
        """A tenant written by a netkeel-server process with Redis configured; its id."""
        code = (
            "from netkeel.tenancy.models import Tenant; "
            f"print(Tenant.objects.create(name={name + '-' + self.tag!r}).pk)"
        )
        done = self.server("shell", "-c", code)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    def burst(self) -> str:
        """One `netkeel-server rqworker QUEUE --burst --with-scheduler` run on the deliveries' queue; its log."""
        done = self.server("rqworker", self.queue, "--burst", "--with-scheduler", timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stderr


@pytest.fixture
def stack(require_service: Callable[[str], None], live_netkeel: LiveNetkeel) -> Iterator[Stack]:
    require_service("redis")
    redis = Redis.from_url(REDIS_URL)
    queue = own_queue_name("webhooks")
    env = {
        **live_netkeel.env,
        "NETKEEL_REDIS_URL": REDIS_URL,
        "NETKEEL_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",
        "NETKEEL_WEBHOOKS_QUEUE": queue,
    }
    stack = Stack(live_netkeel.url, live_netkeel.token, env, redis, uuid.uuid4().hex[:8], queue)
    yield stack
    for webhook in stack.api("GET", f"/api/extras/webhooks/?name__iew=-{stack.tag}")["results"]:
        stack.api("DELETE", f"/api/extras/webhooks/{webhook['id']}/", expect=204)
    forget_queue(redis, queue)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver(secret="s3cret") as running:
        yield running


def test_a_write_is_queued_and_delivered_by_a_real_worker(stack: Stack, receiver: Receiver) -> None:
    stack.add_webhook("tenants", receiver.url)
    tenant_id = stack.create_tenant("acme")
    assert stack.redis.llen(f"rq:queue:{stack.queue}") == 1 and receiver.requests == []
    log = stack.burst()
    [received] = receiver.requests
    assert received.signature_valid is True
    event = json.loads(received.body)
    assert (event["event"], event["model"]) == ("created", "tenant")
    assert event["data"]["id"] == tenant_id and event["data"]["name"] == f"acme-{stack.tag}"
    assert "delivered" in log and "HTTP 200" in log


def test_a_500_waits_its_backoff_and_a_refused_target_fails_at_once(stack: Stack, receiver: Receiver) -> None:
    receiver.replies = [(500, {})]
    stack.add_webhook("flaky", receiver.url)
    stack.add_webhook("metadata", "http://169.254.169.254/latest/meta-data/")
    stack.create_tenant("globex")
    assert stack.redis.llen(f"rq:queue:{stack.queue}") == 2
    started = time.time()
    log = stack.burst()
    finished = time.time()
    assert len(receiver.requests) == 1 and receiver.requests[0].signature_valid
    scheduled = stack.redis.zrange(f"rq:scheduled:{stack.queue}", 0, -1, withscores=True)
    assert len(scheduled) == 1, log  # the 500: waiting its first backoff
    due = float(scheduled[0][1])  # when the attempt failed, plus the first interval
    assert started + RETRY_INTERVALS[0] - 1 <= due <= finished + RETRY_INTERVALS[0] + 1, (started, due, finished)
    assert len(stack.redis.zrange(f"rq:failed:{stack.queue}", 0, -1)) == 1, log  # the metadata address, no retry
    assert "cloud metadata" in log and "refused" in log
    assert stack.redis.llen(f"rq:queue:{stack.queue}") == 0
