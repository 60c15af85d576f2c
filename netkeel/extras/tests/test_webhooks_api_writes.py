"""Webhooks fired by real API writes (the change log records each write and publishes it): a webhook
created through the API receives the created/updated/deleted events of tenants written through the API,
signed; a refused (400) write sends nothing; a broken template never fails the write that fired it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from netkeel.core.testing.api import APIClient
from netkeel.extras.tests.worker_processes import forget_queue, own_queue_name, run_burst_worker
from netkeel.extras.webhooks import dispatch
from netkeel.extras.webhooks.matching import TABLE
from netkeel.extras.webhooks.testing import Receiver, running_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def webhook_settings(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.WEBHOOK_DELIVER_INLINE = True
    settings.RQ_QUEUES = {}
    monkeypatch.setattr(dispatch, "RETRY_INTERVALS", (0, 0, 0))
    TABLE.invalidate()
    yield
    TABLE.invalidate()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver(secret="s3cret") as running:
        yield running


WEBHOOK = {
    "name": "tenants",
    "content_types": ["tenancy.tenant"],
    "type_create": True,
    "type_update": True,
    "type_delete": True,
    "secret": "s3cret",
}


def add_webhook(api: APIClient, url: str, **fields: Any) -> dict[str, Any]:
    payload = {**WEBHOOK, "payload_url": url, **fields}
    response = api.send("POST", "/api/extras/webhooks/", payload)
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_api_writes_fire_signed_events(
    api: APIClient, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    add_webhook(api, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.send("POST", "/api/tenancy/tenants/", {"name": "acme"})
        assert created.status_code == 201, created.content
        tenant_id = created.json()["id"]
        assert api.send("PATCH", f"/api/tenancy/tenants/{tenant_id}/", {"description": "big"}).status_code == 200
        assert api.send("DELETE", f"/api/tenancy/tenants/{tenant_id}/").status_code == 204
    events = [json.loads(r.body) for r in receiver.requests]
    assert [e["event"] for e in events] == ["created", "updated", "deleted"]
    assert all(r.signature_valid for r in receiver.requests)
    for event in events:
        assert event["model"] == "tenant" and event["username"] == "api-admin" and event["request_id"]
    assert events[0]["data"]["name"] == "acme" and events[0]["snapshots"]["prechange"] is None
    assert events[1]["snapshots"]["differences"]["added"]["description"] == "big"
    assert events[1]["snapshots"]["differences"]["removed"]["description"] == ""
    assert events[2]["data"]["description"] == "big" and events[2]["snapshots"]["postchange"] is None
    assert len({e["request_id"] for e in events}) == 3  # one request each


def test_a_refused_write_sends_nothing(
    api: APIClient, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    add_webhook(api, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        # All or nothing: the first tenant is written, recorded and published, then the second is refused.
        response = api.send("POST", "/api/tenancy/tenants/", [{"name": "ok"}, {"name": ""}])
    assert response.status_code == 400
    assert receiver.requests == []


def test_a_broken_template_never_fails_the_write(
    api: APIClient, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    add_webhook(api, receiver.url, body_template="{{ data.__class__.__mro__ }}")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.send("POST", "/api/tenancy/tenants/", {"name": "acme"})
    assert response.status_code == 201, response.content
    assert receiver.requests == []


def test_with_redis_an_api_write_is_queued_then_delivered_by_a_worker(
    api: APIClient,
    receiver: Receiver,
    settings: Any,
    require_service: Callable[[str], None],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    require_service("redis")
    import django_rq

    # A queue of this test's own: other runs may share Redis db 12 meanwhile (nothing is flushed).
    name = own_queue_name("webhooks")
    settings.WEBHOOK_DELIVER_INLINE = False
    settings.WEBHOOKS_QUEUE = name
    settings.RQ_QUEUES = {name: {"URL": "redis://127.0.0.1:6379/12", "DEFAULT_TIMEOUT": 300}}
    queue = django_rq.get_queue(name)
    try:
        add_webhook(api, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            assert api.send("POST", "/api/tenancy/tenants/", {"name": "acme"}).status_code == 201
        assert queue.count == 1 and receiver.requests == []
        run_burst_worker(queue)
        [received] = receiver.requests
        assert received.signature_valid and json.loads(received.body)["username"] == "api-admin"
    finally:
        forget_queue(queue.connection, name)


def test_changes_the_change_log_folds_into_one_record_send_one_event(
    api: APIClient, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from django.db import transaction

    from netkeel.extras.changelog import change_context
    from netkeel.extras.models import ObjectChange
    from netkeel.tenancy.models import Tenant

    add_webhook(api, receiver.url)
    with django_capture_on_commit_callbacks(execute=True), change_context("job"), transaction.atomic():
        tenant = Tenant.objects.create(name="acme")
        tenant.description = "filled in later"
        tenant.save()  # folded into the create's record, which is published again
    assert ObjectChange.objects.filter(changed_object_id=tenant.pk).count() == 1
    [received] = receiver.requests
    event = json.loads(received.body)
    assert event["event"] == "created" and event["data"]["description"] == "filled in later"


def test_tagging_from_the_tags_side_and_recorded_updates_send_one_event_per_changed_object(
    api: APIClient, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.changelog import recorded_update
    from netkeel.extras.models import Tag
    from netkeel.tenancy.models import Tenant

    add_webhook(api, receiver.url, type_create=False, type_delete=False)
    tenants = [Tenant.objects.create(name=f"t{i}") for i in range(3)]
    tag = Tag.objects.create(name="gold")
    tag.content_types.add(ContentType.objects.get_for_model(Tenant))
    with django_capture_on_commit_callbacks(execute=True):
        tag.tenancy_tenant_related.add(*tenants[:2])
    events = sorted((json.loads(r.body) for r in receiver.requests), key=lambda e: e["data"]["name"])
    assert [(e["event"], e["data"]["name"]) for e in events] == [("updated", "t0"), ("updated", "t1")]
    assert all(e["data"]["tags"] for e in events)
    receiver.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recorded_update(Tenant.objects.filter(name__in=["t1", "t2"]), description="renamed in bulk")
    events = sorted((json.loads(r.body) for r in receiver.requests), key=lambda e: e["data"]["name"])
    assert [(e["data"]["name"], e["data"]["description"]) for e in events] == [
        ("t1", "renamed in bulk"),
        ("t2", "renamed in bulk"),
    ]


def test_a_bulk_post_sends_one_created_event_per_object_with_its_tags(
    api: APIClient, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """A list POST inserts its tenants in one INSERT and announces them through core's bulk-created hook:
    the change log records each (one INSERT of records) and each record reaches the webhook, its tags
    folded into its created event."""
    from django.contrib.contenttypes.models import ContentType

    from netkeel.extras.models import ObjectChange, Tag
    from netkeel.tenancy.models import Tenant

    tag = Tag.objects.create(name="gold")
    tag.content_types.add(ContentType.objects.get_for_model(Tenant))
    add_webhook(api, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        body = [{"name": "acme", "tags": ["gold"]}, {"name": "initech"}]
        response = api.send("POST", "/api/tenancy/tenants/", body)
        assert response.status_code == 201, response.content
    events = sorted((json.loads(r.body) for r in receiver.requests), key=lambda event: event["data"]["name"])
    assert [(e["event"], e["data"]["name"]) for e in events] == [("created", "acme"), ("created", "initech")]
    assert events[0]["data"]["tags"] == [str(tag.pk)]
    assert events[1]["data"]["tags"] == []
    records = ObjectChange.objects.filter(action="create", changed_object_type__model="tenant")
    assert sorted(records.values_list("object_repr", flat=True)) == ["acme", "initech"]


def test_webhooks_posted_as_a_list_are_matched_by_the_next_write(
    api: APIClient, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    """A list of webhooks goes in with one INSERT: this process's table of webhooks, read before they
    existed, is forgotten, so the very next write is matched against them."""
    assert TABLE.enabled() == ()  # the table read (and kept) before the webhooks exist
    payload = {**WEBHOOK, "payload_url": receiver.url, "content_types": ["tenancy.tenant"]}
    response = api.send("POST", "/api/extras/webhooks/", [payload])
    assert response.status_code == 201, response.content
    with django_capture_on_commit_callbacks(execute=True):
        assert api.send("POST", "/api/tenancy/tenants/", {"name": "acme"}).status_code == 201
    assert [json.loads(r.body)["event"] for r in receiver.requests] == ["created"]


def test_webhooks_announced_as_bulk_created_forget_the_table() -> None:
    from netkeel.core.api.hooks import objects_bulk_created
    from netkeel.extras.models import Webhook

    TABLE.enabled()
    assert TABLE._table is not None
    objects_bulk_created([Webhook(name="new")])  # what a list POST's one INSERT announces
    assert TABLE._table is None
