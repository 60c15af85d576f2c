"""Cabling in the change log: a cable's ends are recorded as updates when it joins them (their `cable` set)
and when it goes (cleared), as Nautobot records them; the ends deleted with their device are recorded as
deletes only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from netkeel.dcim import services
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.models import Interface
from netkeel.dcim.tests import factories as f
from netkeel.extras.changelog import change_context
from netkeel.extras.models import ChangeContextChoices, ObjectChange, Tag

pytestmark = pytest.mark.django_db


def cable_changes(obj: Any) -> list[tuple[str, Any, Any]]:
    """(action, cable before, cable after) of each record of `obj`, oldest first."""
    records = ObjectChange.objects.filter(
        changed_object_type=ContentType.objects.get_for_model(obj), changed_object_id=obj.pk
    ).order_by("time", "id")
    return [(r.action, (r.prechange_data or {}).get("cable"), (r.postchange_data or {}).get("cable")) for r in records]


@pytest.fixture
def ends() -> tuple[Interface, Any]:
    site = f.location()
    a = f.device("a", f.device_type(interfaces=1), site)
    panel = f.device("p", f.device_type(rear_ports=1, positions=1), site)
    eth = a.interfaces.get()
    eth.tags.add(Tag.objects.create(name="uplink"))
    ObjectChange.objects.all().delete()
    return eth, panel.frontports.get()


def test_connecting_records_both_ends_with_their_cable_and_disconnecting_clears_it(
    ends: tuple[Interface, Any],
) -> None:
    eth, front = ends
    cable = cabling.connect(eth, front)
    assert cable_changes(eth) == [("update", None, str(cable.pk))]
    assert cable_changes(front) == [("update", None, str(cable.pk))]
    record = ObjectChange.objects.get(changed_object_id=eth.pk)
    assert [str(t) for t in (record.postchange_data or {})["tags"]] == [str(eth.tags.get().pk)]
    assert record.related_object_id == eth.device_id and record.object_repr == "eth0"
    ObjectChange.objects.all().delete()
    cabling.disconnect(cable)
    assert cable_changes(eth) == [("update", str(cable.pk), None)]
    assert cable_changes(front) == [("update", str(cable.pk), None)]


def test_an_end_changed_and_cabled_in_one_request_makes_one_record(ends: tuple[Interface, Any]) -> None:
    eth, front = ends
    with change_context(ChangeContextChoices.API), transaction.atomic():  # as a request is
        eth.description = "to the panel"
        eth.save()
        cable = cabling.connect(eth, front)
    [record] = ObjectChange.objects.filter(changed_object_id=eth.pk)
    before, after = record.prechange_data or {}, record.postchange_data or {}
    assert (before["description"], before["cable"]) == ("", None)
    assert (after["description"], after["cable"]) == ("to the panel", str(cable.pk))


def test_a_deleted_devices_cabled_ends_are_deletes_and_the_far_ends_updates(ends: tuple[Interface, Any]) -> None:
    eth, front = ends
    cable = cabling.connect(eth, front)
    ObjectChange.objects.all().delete()
    services.delete_device(front.device)
    assert [action for action, _, _ in cable_changes(front)] == ["delete"]
    assert cable_changes(eth) == [("update", str(cable.pk), None)]
