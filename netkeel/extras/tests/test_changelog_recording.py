"""The change log records every create, update and delete, through the API, a job or a service call, in
the same transaction as the change."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.core.testing.ui import make_user, signed_in
from netkeel.dcim.models import Device, Interface
from netkeel.dcim.tests import factories as f
from netkeel.extras import changelog, events
from netkeel.extras.models import JobResult, ObjectChange, Tag, Webhook
from netkeel.tenancy.models import Tenant, TenantGroup
from netkeel.users.models import Token, User

pytestmark = pytest.mark.django_db

TENANTS = "/api/tenancy/tenants/"


def changes_of(obj: Any) -> list[ObjectChange]:
    content_type = ContentType.objects.get_for_model(type(obj))
    return list(
        ObjectChange.objects.filter(changed_object_type=content_type, changed_object_id=obj.pk).order_by("time", "id")
    )


def pre(record: ObjectChange) -> dict[str, Any]:
    assert isinstance(record.prechange_data, dict), record.prechange_data
    return record.prechange_data


def post(record: ObjectChange) -> dict[str, Any]:
    assert isinstance(record.postchange_data, dict), record.postchange_data
    return record.postchange_data


def tag_for(model: type, name: str = "gold") -> Tag:
    tag = Tag.objects.create(name=name)
    tag.content_types.add(ContentType.objects.get_for_model(model))
    return tag


# ---------------------------------------------------------------------------------------------- API


def test_create_update_delete_through_the_api_each_write_one_record(api: APIClient) -> None:
    admin = User.objects.get(username="api-admin")
    created = api.send("POST", TENANTS, {"name": "t1", "description": "first"})
    assert created.status_code == 201, created.content
    tenant = Tenant.objects.get(pk=created.json()["id"])
    [record] = changes_of(tenant)
    assert record.action == "create"
    assert record.user_id == admin.pk and record.user_name == "api-admin"
    assert record.change_context == "api" and record.change_context_detail == TENANTS
    assert str(record.request_id) == created["X-Request-ID"]
    assert record.prechange_data is None
    assert record.postchange_data is not None
    assert post(record)["name"] == "t1" and post(record)["description"] == "first"
    assert post(record)["id"] == str(tenant.pk) and post(record)["tags"] == []
    assert record.object_repr == "t1"

    updated = api.send("PATCH", f"{TENANTS}{tenant.pk}/", {"description": "second"})
    assert updated.status_code == 200, updated.content
    first, second = changes_of(tenant)
    assert second.action == "update" and str(second.request_id) == updated["X-Request-ID"]
    assert second.request_id != first.request_id
    assert pre(second)["description"] == "first"
    assert post(second)["description"] == "second"
    assert second.change_context_detail == f"{TENANTS}{tenant.pk}/"

    deleted = api.send("DELETE", f"{TENANTS}{tenant.pk}/")
    assert deleted.status_code == 204
    *_, gone = changes_of(tenant)
    assert gone.action == "delete" and str(gone.request_id) == deleted["X-Request-ID"]
    assert pre(gone)["description"] == "second" and gone.postchange_data is None
    assert gone.object_repr == "t1" and gone.user_name == "api-admin"
    assert len(changes_of(tenant)) == 3


def test_a_refused_write_records_nothing(api: APIClient) -> None:
    tenant = Tenant.objects.create(name="t1")
    before = ObjectChange.objects.count()
    assert api.send("POST", TENANTS, {"name": ""}).status_code == 400
    assert api.send("PATCH", f"{TENANTS}{tenant.pk}/", {"tenant_group": "nope"}).status_code == 400
    assert api.send("POST", TENANTS, [{"name": "ok"}, {"name": ""}]).status_code == 400
    assert ObjectChange.objects.count() == before


def test_an_update_that_changes_nothing_records_nothing(api: APIClient) -> None:
    tenant = Tenant.objects.create(name="t1", description="same")
    before = ObjectChange.objects.count()
    response = api.send("PATCH", f"{TENANTS}{tenant.pk}/", {"description": "same"})
    assert response.status_code == 200
    tenant.refresh_from_db()
    tenant.save()
    assert ObjectChange.objects.count() == before


def test_tags_set_with_the_object_make_one_record_and_tag_changes_are_recorded(api: APIClient) -> None:
    gold, silver = tag_for(Tenant, "gold"), tag_for(Tenant, "silver")
    created = api.send("POST", TENANTS, {"name": "t1", "tags": ["gold"]})
    assert created.status_code == 201, created.content
    tenant = Tenant.objects.get(name="t1")
    [record] = changes_of(tenant)
    assert record.action == "create" and post(record)["tags"] == [str(gold.pk)]

    response = api.send("PATCH", f"{TENANTS}{tenant.pk}/", {"tags": ["silver"]})
    assert response.status_code == 200, response.content
    [_, update] = changes_of(tenant)
    assert update.action == "update"
    assert pre(update)["tags"] == [str(gold.pk)]
    assert post(update)["tags"] == [str(silver.pk)]
    assert str(update.request_id) == response["X-Request-ID"]

    # Outside a request: each tag call is its own change.
    tenant = Tenant.objects.get(pk=tenant.pk)
    tenant.tags.add(gold)
    last = changes_of(tenant)[-1]
    assert last.change_context == "orm"
    assert pre(last)["tags"] == [str(silver.pk)]
    assert post(last)["tags"] == sorted([str(gold.pk), str(silver.pk)])
    tenant.tags.clear()
    assert post(changes_of(tenant)[-1])["tags"] == []
    count = len(changes_of(tenant))
    tenant.tags.remove(gold)  # no change: nothing recorded
    assert len(changes_of(tenant)) == count


def test_a_device_created_through_the_api_records_it_and_each_component(api: APIClient) -> None:
    site = f.location()
    dtype = f.device_type(interfaces=3, console_ports=1, power_ports=2)
    f.role()
    body = {"name": "leaf1", "device_type": str(dtype.pk), "role": "Leaf", "status": "Active", "location": str(site.pk)}
    response = api.send("POST", "/api/dcim/devices/", body)
    assert response.status_code == 201, response.content
    device = Device.objects.get(name="leaf1")
    records = ObjectChange.objects.filter(request_id=response["X-Request-ID"])
    assert records.count() == 1 + 3 + 1 + 2
    assert {r.action for r in records} == {"create"}
    device_type = ContentType.objects.get_for_model(Device)
    components = records.exclude(changed_object_type=device_type)
    assert all(r.related_object_type_id == device_type.pk and r.related_object_id == device.pk for r in components)
    interface = Interface.objects.get(device=device, name="eth0")
    [record] = changes_of(interface)
    assert post(record)["device"] == str(device.pk) and record.object_repr == "eth0"
    assert record.user_name == "api-admin" and record.change_context == "api"


def test_deleting_a_device_records_it_and_its_components_with_their_tags(api: APIClient) -> None:
    site = f.location()
    device = f.device("leaf1", f.device_type(interfaces=2), site)
    gold = tag_for(Interface)
    tagged = Interface.objects.get(device=device, name="eth1")
    tagged.tags.add(gold)
    response = api.send("DELETE", f"/api/dcim/devices/{device.pk}/")
    assert response.status_code == 204, response.content
    records = ObjectChange.objects.filter(request_id=response["X-Request-ID"], action="delete")
    by_name = {r.object_repr: r for r in records}
    assert set(by_name) == {"leaf1", "eth0", "eth1"}
    assert pre(by_name["eth1"])["tags"] == [str(gold.pk)]
    assert pre(by_name["eth0"])["tags"] == []


# ---------------------------------------------------------------------------------------------- contexts


def test_a_write_through_the_web_ui_is_a_web_change_by_the_signed_in_user() -> None:
    gold = tag_for(Tenant)
    client = signed_in(make_user("editor", superuser=True))
    response = client.post("/tenancy/tenants/add/", {"name": "t1", "tags": [str(gold.pk)]})
    assert response.status_code == 302, response.content
    tenant = Tenant.objects.get(name="t1")
    [record] = changes_of(tenant)
    assert record.change_context == "web" and record.user_name == "editor"
    assert record.change_context_detail == "/tenancy/tenants/add/"
    assert str(record.request_id) == response["X-Request-ID"]
    assert post(record)["tags"] == [str(gold.pk)]


def test_a_service_call_outside_a_request_is_an_orm_change_without_user() -> None:
    device = f.device("leaf1", f.device_type(interfaces=1), f.location())
    [record] = changes_of(device)
    assert record.change_context == "orm" and record.user_id is None and record.user_name == ""
    assert record.request_id is None


def test_change_context_and_job_context_name_who_and_what() -> None:
    user = User.objects.create(username="alice")
    with changelog.change_context("web", user=user, detail="/tenants/add/") as context:
        tenant = Tenant.objects.create(name="t1")
    [record] = changes_of(tenant)
    assert record.change_context == "web" and record.user_id == user.pk and record.user_name == "alice"
    assert record.request_id == context.request_id and record.change_context_detail == "/tenants/add/"

    result = JobResult.objects.create(name="Import tenants", user=user, user_name="alice")
    with changelog.job_context(result):
        tenant.description = "by a job"
        tenant.save()
    record = changes_of(tenant)[-1]
    assert record.change_context == "job" and record.request_id == result.pk
    assert record.change_context_detail == "Import tenants" and record.user_name == "alice"
    with pytest.raises(ValueError, match="change context is one of"):
        with changelog.change_context("ftp"):
            pass


def test_a_rolled_back_transaction_records_nothing() -> None:
    before = ObjectChange.objects.count()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            Tenant.objects.create(name="t1")
            raise RuntimeError("undo")
    assert ObjectChange.objects.count() == before


def test_changes_of_one_object_in_one_transaction_merge_into_one_record() -> None:
    group = TenantGroup.objects.create(name="g")
    with changelog.change_context("orm"), transaction.atomic():
        tenant = Tenant.objects.create(name="t1")
        tenant.description = "more"
        tenant.tenant_group = group
        tenant.save()
    [record] = changes_of(tenant)
    assert record.action == "create" and post(record)["description"] == "more"
    assert post(record)["tenant_group"] == str(group.pk)
    with changelog.change_context("orm"), transaction.atomic():
        tenant.name = "t2"
        tenant.save()
        tenant.description = "again"
        tenant.save()
    [_, update] = changes_of(tenant)
    assert pre(update)["name"] == "t1" and pre(update)["description"] == "more"
    assert post(update)["name"] == "t2" and post(update)["description"] == "again"
    assert update.object_repr == "t2"


def test_a_rolled_back_savepoint_does_not_lose_the_next_change() -> None:
    with changelog.change_context("orm"), transaction.atomic():
        tenant = Tenant.objects.create(name="t1")
        with pytest.raises(RuntimeError), transaction.atomic():
            tenant.description = "lost"
            tenant.save()
            raise RuntimeError("undo")
    tenant = Tenant.objects.get(pk=tenant.pk)
    with changelog.change_context("orm"), transaction.atomic():
        tenant.description = "kept"
        tenant.save()
    records = changes_of(tenant)
    assert [r.action for r in records] == ["create", "update"]
    assert post(records[1])["description"] == "kept"


def test_records_held_by_one_insert_are_written_together_with_what_folded_into_them() -> None:
    """Inside `one_insert` the records are written when the block ends, in one INSERT; an update of an object
    created in the block folds into its held record without a statement; each is published as it is made."""
    group = TenantGroup.objects.create(name="g")
    seen: list[ObjectChange] = []
    events.subscribe(seen.append)
    try:
        with changelog.change_context("orm") as context, transaction.atomic():
            with CaptureQueriesContext(connection) as ctx, changelog.one_insert():
                first = Tenant.objects.create(name="t1")
                second = Tenant.objects.create(name="t2")
                first.tenant_group = group
                first.save()
                assert [c.action for c in seen] == ["create", "create", "create"]
                assert not ObjectChange.objects.filter(request_id=context.request_id).exists()
    finally:
        events.unsubscribe(seen.append)
    # MySQL quotes names with backquotes: compared as the other engines write them.
    record_sql = [q["sql"].replace("`", '"') for q in ctx.captured_queries if "extras_objectchange" in q["sql"]]
    assert len(record_sql) == 2 and record_sql[1].startswith('INSERT INTO "extras_objectchange"'), record_sql
    [created] = changes_of(first)
    assert created.action == "create" and post(created)["tenant_group"] == str(group.pk)
    assert [r.action for r in changes_of(second)] == ["create"]
    assert {c.pk for c in seen} == set(
        ObjectChange.objects.filter(request_id=context.request_id).values_list("pk", flat=True)
    )


def test_a_failed_one_insert_block_writes_nothing_and_the_next_change_is_recorded() -> None:
    tenant = Tenant.objects.create(name="t1")
    with changelog.change_context("orm"), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic(), changelog.one_insert():
            tenant.description = "lost"
            tenant.save()
            Tenant.objects.create(name="never")
            raise RuntimeError("undo")
        tenant = Tenant.objects.get(pk=tenant.pk)  # the instance still holds what was rolled back
        tenant.description = "kept"
        tenant.save()
    records = changes_of(tenant)
    assert [r.action for r in records] == ["create", "update"]
    assert pre(records[1])["description"] == "" and post(records[1])["description"] == "kept"
    assert not ObjectChange.objects.filter(object_repr="never").exists()


def test_every_change_is_published_in_its_transaction() -> None:
    seen: list[ObjectChange] = []
    events.subscribe(seen.append)
    try:
        tenant = Tenant.objects.create(name="t1")
        tenant.delete()
    finally:
        events.unsubscribe(seen.append)
    assert [c.action for c in seen] == ["create", "delete"]
    assert all(ObjectChange.objects.filter(pk=c.pk).exists() for c in seen)


def test_addresses_allocated_in_bulk_are_recorded_in_one_insert() -> None:
    from netkeel.ipam.models import IPAddress
    from netkeel.ipam.services import allocate_ip_addresses, create_prefix

    prefix = create_prefix("10.1.0.0/29", status=f.status("Active"))
    with changelog.change_context("orm", detail="allocation") as context:
        made = allocate_ip_addresses(prefix, 3, status=f.status("Active"))
    records = ObjectChange.objects.filter(request_id=context.request_id).order_by("object_repr")
    assert [r.object_repr for r in records] == ["10.1.0.1/29", "10.1.0.2/29", "10.1.0.3/29"]
    assert {r.changed_object_id for r in records} == {ip.pk for ip in made}
    assert all(r.action == "create" and r.related_object_id is None for r in records)
    assert post(records[0])["parent"] == str(prefix.pk)
    ip = IPAddress.objects.get(pk=made[0].pk)
    ip.description = "first"
    ip.save()
    assert pre(changes_of(ip)[-1])["description"] == ""


# ---------------------------------------------------------------------------------------------- snapshots


def test_snapshots_hold_ids_choices_text_and_no_secrets() -> None:
    from netkeel.ipam.models import IPAddress, Prefix
    from netkeel.ipam.services import create_ip_address, create_prefix

    prefix = create_prefix("10.0.0.0/24", status=f.status("Active"))
    address = create_ip_address("10.0.0.7/24", status=f.status("Active"))
    assert post(changes_of(Prefix.objects.get(pk=prefix.pk))[0])["prefix"] == "10.0.0.0/24"
    data = post(changes_of(IPAddress.objects.get(pk=address.pk))[0])
    assert data["address"] == "10.0.0.7/24" and data["host"] == "0a000007" and data["type"] == "host"
    assert data["parent"] == str(prefix.pk)

    user = User.objects.create(username="bob", password="hash")
    token = Token.objects.create(user=user)
    hook = Webhook.objects.create(name="w", payload_url="https://example.com/", secret="s3cret")
    assert post(changes_of(user)[0])["password"].startswith("hmac:")
    token_record = changes_of(token)[0]
    assert post(token_record)["key"].startswith("hmac:") and token.key not in str(post(token_record))
    assert token_record.related_object_id == user.pk
    hook_data = post(changes_of(hook)[0])
    assert hook_data["secret"].startswith("hmac:") and "s3cret" not in str(hook_data)
    user.set_password("another")
    user.save()
    changed = changes_of(user)[-1]
    assert changed.action == "update" and pre(changed)["password"] != post(changed)["password"]
    assert "another" not in str(post(changed)) and user.password not in str(post(changed))
    count = ObjectChange.objects.count()
    user.last_login = token.created
    user.save(update_fields=["last_login"])
    assert ObjectChange.objects.count() == count


def test_in_place_changes_of_json_and_changes_after_a_refresh_are_seen() -> None:
    tenant = Tenant.objects.create(name="t1")
    tenant = Tenant.objects.get(pk=tenant.pk)
    tenant.custom_field_data["colour"] = "red"
    tenant.save()
    record = changes_of(tenant)[-1]
    assert pre(record)["custom_field_data"] == {}
    assert post(record)["custom_field_data"] == {"colour": "red"}
    Tenant.objects.filter(pk=tenant.pk).update(description="behind our back")
    tenant.refresh_from_db()
    tenant.description = "mine"
    tenant.save()
    record = changes_of(tenant)[-1]
    assert pre(record)["description"] == "behind our back"
    assert post(record)["description"] == "mine"


def test_an_update_reads_no_row_to_know_what_changed(django_assert_num_queries: Any) -> None:
    tenant = Tenant.objects.create(name="t1")
    tenant = Tenant.objects.prefetch_related("tags").get(pk=tenant.pk)
    tenant.description = "changed"
    # The UPDATE and the record's INSERT (no SELECT of the row, none of its tags).
    with django_assert_num_queries(2):
        tenant.save()


def test_preferences_chosen_on_pages_are_not_change_logged() -> None:
    """A theme, a table's page size or columns are the person's, not the data's: no "Updated admin"."""
    user = make_user("prefs", superuser=True)
    client = signed_in(user)
    count = ObjectChange.objects.count()
    assert client.post("/user/theme/", {"theme": "dark"}).status_code in (200, 204, 302)
    assert client.get("/tenancy/tenants/?per_page=250").status_code == 200
    user.refresh_from_db()
    assert user.config_data["ui"]["theme"] == "dark"
    assert ObjectChange.objects.count() == count
    user.first_name = "Pat"
    user.save()
    assert changes_of(user)[-1].action == "update"
