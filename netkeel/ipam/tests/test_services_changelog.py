"""Re-parenting in the change log: the prefixes and addresses a prefix's create, move or delete hands to
another parent are recorded as updates with their new parent, in a number of queries that does not grow
with the number of rows moved, and fire the webhooks of those updates."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from netkeel.extras.changelog import change_context
from netkeel.extras.models import ChangeContextChoices, ObjectChange, Status, Webhook
from netkeel.extras.webhooks import dispatch
from netkeel.extras.webhooks.matching import TABLE
from netkeel.extras.webhooks.testing import running_receiver
from netkeel.ipam import queries, services
from netkeel.ipam.models import IPAddress, Prefix

pytestmark = pytest.mark.django_db


def prefix(text: str, **fields: Any) -> Prefix:
    return services.create_prefix(text, status=Status.objects.get(name="Active"), **fields)


def ip(text: str) -> IPAddress:
    return services.create_ip_address(text, status=Status.objects.get(name="Active"))


def get(text: str) -> Prefix:
    return Prefix.objects.get(**queries.prefix_lookups(text))


def parents_recorded(*objects: Prefix | IPAddress) -> dict[str, tuple[str | None, str | None]]:
    """{object shown as: (parent before, parent after)} of the update records of `objects`."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for obj in objects:
        records = ObjectChange.objects.filter(
            changed_object_type=ContentType.objects.get_for_model(obj), changed_object_id=obj.pk, action="update"
        )
        for record in records:
            found[record.object_repr] = (
                (record.prechange_data or {})["parent"],
                (record.postchange_data or {})["parent"],
            )
    return found


def test_a_new_prefix_records_the_children_and_addresses_it_adopts() -> None:
    top = prefix("10.0.0.0/8")
    children = [prefix("10.1.0.0/24"), prefix("10.1.1.0/24")]
    address = ip("10.1.2.5/16")
    outside = prefix("10.2.0.0/24")
    ObjectChange.objects.all().delete()
    middle = prefix("10.1.0.0/16")
    assert parents_recorded(*children, address, outside, top) == {
        "10.1.0.0/24": (str(top.pk), str(middle.pk)),
        "10.1.1.0/24": (str(top.pk), str(middle.pk)),
        "10.1.2.5/16": (str(top.pk), str(middle.pk)),
    }
    record = ObjectChange.objects.get(changed_object_id=address.pk)
    assert (record.postchange_data or {})["address"] == "10.1.2.5/16"
    assert record.related_object_id is None and record.change_context == "orm"


def test_a_deleted_prefix_records_what_it_hands_back() -> None:
    top = prefix("10.0.0.0/8")
    middle = prefix("10.1.0.0/16")
    child = prefix("10.1.0.0/24")
    address = ip("10.1.2.5/16")
    ObjectChange.objects.all().delete()
    services.delete_prefix(middle)
    assert parents_recorded(child, address) == {
        "10.1.0.0/24": (str(middle.pk), str(top.pk)),
        "10.1.2.5/16": (str(middle.pk), str(top.pk)),
    }


def test_a_moved_prefix_records_what_it_lets_go_and_takes_and_its_own_new_parent() -> None:
    top = prefix("10.0.0.0/8")
    moving = prefix("10.1.0.0/16")
    left = prefix("10.1.1.0/24")
    other = prefix("10.2.0.0/16")
    ObjectChange.objects.all().delete()
    # As through the API: the changes of one object in one request and transaction fold into one record.
    with change_context(ChangeContextChoices.API):
        services.update_prefix(Prefix.objects.get(pk=moving.pk), prefix="10.0.0.0/14")
    assert parents_recorded(left, other) == {
        "10.1.1.0/24": (str(moving.pk), str(moving.pk)),  # let go, then taken back: one record, unchanged
        "10.2.0.0/16": (str(top.pk), str(moving.pk)),
    }
    ObjectChange.objects.all().delete()
    with change_context(ChangeContextChoices.API):
        services.update_prefix(Prefix.objects.get(pk=moving.pk), prefix="10.2.16.0/20")
    # The moved prefix's own record (its save, then its new place) ends with its new parent.
    assert parents_recorded(left, other, moving) == {
        "10.1.1.0/24": (str(moving.pk), str(top.pk)),
        "10.2.0.0/16": (str(moving.pk), str(top.pk)),
        "10.2.16.0/20": (str(top.pk), str(other.pk)),
    }
    assert ObjectChange.objects.filter(changed_object_id=moving.pk).count() == 1


def test_re_parenting_many_children_costs_the_queries_of_a_few() -> None:
    prefix("10.0.0.0/8")

    def cost(base: int, count: int) -> int:
        for index in range(count):
            prefix(f"10.{base}.{index}.0/24")
            ip(f"10.{base}.{100 + index}.1/16")
        with CaptureQueriesContext(connection) as captured:
            prefix(f"10.{base}.0.0/16")
        adopted = get(f"10.{base}.0.0/16")
        assert adopted.children.count() == count and adopted.ip_addresses.count() == count
        assert (
            ObjectChange.objects.filter(action="update", postchange_data__parent=str(adopted.pk)).count() == 2 * count
        )
        return len(captured)

    assert cost(1, 3) == cost(2, 30)


def test_a_re_parent_fires_the_update_webhooks_of_the_children(
    settings: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.WEBHOOK_DELIVER_INLINE = True
    settings.RQ_QUEUES = {}
    monkeypatch.setattr(dispatch, "RETRY_INTERVALS", (0, 0, 0))
    top = prefix("10.0.0.0/8")
    child = prefix("10.1.0.0/24")
    with running_receiver() as receiver:
        webhook = Webhook.objects.create(name="prefixes", payload_url=receiver.url, type_update=True)
        webhook.content_types.add(ContentType.objects.get_for_model(Prefix))
        TABLE.invalidate()
        try:
            with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
                middle = prefix("10.1.0.0/16")
        finally:
            TABLE.invalidate()
        events = [json.loads(request.body) for request in receiver.requests]
    [event] = events
    assert event["event"] == "updated" and event["data"]["id"] == str(child.pk)
    assert event["data"]["parent"] == str(middle.pk)
    assert event["snapshots"]["differences"]["removed"] == {"parent": str(top.pk)}
