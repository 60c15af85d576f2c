"""`device_type_templates`: a device type's templates of every kind in one query, compiled once per connection."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

import pytest
from django.db import connection, connections

from netkeel.dcim.device_type_templates import device_type_templates
from netkeel.dcim.models import TEMPLATE_MODELS, DeviceType, InterfaceTemplate, Manufacturer, PowerPortTemplate


@pytest.mark.django_db
def test_every_kind_in_one_query_ordered_by_name(django_assert_num_queries: Any) -> None:
    maker = Manufacturer.objects.create(name="Acme")
    switch = DeviceType.objects.create(manufacturer=maker, model="sw-48")
    for name in ("eth2", "eth1"):
        InterfaceTemplate.objects.create(device_type=switch, name=name, type="1000base-t")
    PowerPortTemplate.objects.create(device_type=switch, name="PSU1")
    other = DeviceType.objects.create(manufacturer=maker, model="other")
    InterfaceTemplate.objects.create(device_type=other, name="mgmt", type="1000base-t")
    device_type_templates(other.pk)  # compiled for this connection before the count

    with django_assert_num_queries(1):
        found = device_type_templates(switch.pk)

    assert {model: [template.name for template in rows] for model, rows in found.items()} == {
        PowerPortTemplate: ["PSU1"],
        InterfaceTemplate: ["eth1", "eth2"],
    }
    assert list(found) == sorted(found, key=TEMPLATE_MODELS.index), "kinds come in TEMPLATE_MODELS order"
    assert all(template.device_type_id == switch.pk for rows in found.values() for template in rows)


@pytest.mark.django_db(transaction=True)
def test_a_finished_threads_connection_is_not_kept_alive() -> None:
    """The compiled query lives on the connection: when a thread (a server's worker thread) ends and its
    connection is closed, nothing of ours keeps that connection object alive."""
    maker = Manufacturer.objects.create(name="Acme")
    switch = DeviceType.objects.create(manufacturer=maker, model="sw")
    seen: list[weakref.ref[Any]] = []
    errors: list[Exception] = []

    def request() -> None:
        try:
            device_type_templates(switch.pk)
            seen.append(weakref.ref(connections[connection.alias]))
        except Exception as exc:  # noqa: BLE001 - re-raised by the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=request)
    thread.start()
    thread.join()
    assert not errors, errors
    assert seen and seen[0]() is not connection
    del thread
    gc.collect()
    assert seen[0]() is None, "the finished thread's connection is still referenced"
