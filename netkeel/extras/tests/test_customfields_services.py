"""What happens to stored values when a custom field changes: a new key renames them on every object, a
deleted field or a content type taken away removes them — set-based, in batches whose number bounds the
queries — and a choice still held cannot be deleted or changed. Run on SQLite, PostgreSQL and MariaDB:
the rewrites are database-specific SQL (netkeel/extras/customfields/backend.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient
from netkeel.extras.customfields import services
from netkeel.extras.models import CustomField, CustomFieldChoice, ObjectChange
from netkeel.tenancy.models import Tenant, TenantGroup

pytestmark = pytest.mark.django_db


def types(*models_: type[models.Model]) -> list[ContentType]:
    return [ContentType.objects.get_for_model(model) for model in models_]


def tenants(count: int, **data: Any) -> list[Tenant]:
    return Tenant.objects.bulk_create(
        [Tenant(name=f"t{index:04}", custom_field_data={**data, "n": index}) for index in range(count)]
    )


def updates_table(sql: str, model: type[models.Model]) -> bool:
    return re.search(rf"\b{model._meta.db_table}\b", sql) is not None


def records_inserted(sql: str) -> bool:
    return sql.lstrip().upper().startswith("INSERT") and updates_table(sql.split("(")[0], ObjectChange)


def data_of(name: str) -> dict[str, Any]:
    return dict(Tenant.objects.get(name=name).custom_field_data)


def test_a_new_key_renames_values_in_batches_with_queries_bounded_by_batches() -> None:
    field = services.create_custom_field(key="old", label="Old", type="json", content_types=types(Tenant))
    services.create_custom_field(key="n", label="N", type="integer", content_types=types(Tenant))
    value = {"nested": [1, "two", None], "flag": True}
    tenants(25, old=value, keep="me")
    Tenant.objects.create(name="without", custom_field_data={"n": 1})
    with CaptureQueriesContext(connection) as captured:
        services.update_custom_field(field, key="new", batch_size=10)
    rewrites = [q for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    # 25 rows in batches of 10: 3 UPDATEs of the tenants (and one of the field itself).
    assert len([q for q in rewrites if updates_table(q["sql"].split("SET")[0], Tenant)]) == 3
    # Per batch: the next ids, then the recorded UPDATE (rows read, UPDATE, data read back, tags, one INSERT
    # of the change records).
    assert len(captured) <= 3 * 6 + 12, [q["sql"] for q in captured.captured_queries]
    assert data_of("t0007") == {"new": value, "keep": "me", "n": 7}
    assert data_of("without") == {"n": 1}
    assert not Tenant.objects.filter(custom_field_data__has_key="old").exists()
    assert Tenant.objects.filter(custom_field_data__new__flag=True).count() == 25


def test_renamed_scalar_values_keep_their_json_type() -> None:
    for key, kind, value in (("s", "text", "x y"), ("i", "integer", 7), ("b", "boolean", False)):
        field = services.create_custom_field(key=key, label=key, type=kind, content_types=types(Tenant))
        Tenant.objects.create(name=f"t-{key}", custom_field_data={key: value})
        services.update_custom_field(field, key=f"{key}_renamed")
        assert data_of(f"t-{key}") == {f"{key}_renamed": value}


def test_a_deleted_field_leaves_every_object_in_batches() -> None:
    field = services.create_custom_field(
        key="gone", label="Gone", type="text", content_types=types(Tenant, TenantGroup)
    )
    services.create_custom_field(key="n", label="N", type="integer", content_types=types(Tenant))
    tenants(12, gone="x")
    TenantGroup.objects.create(name="g", custom_field_data={"gone": "y", "other": 1})
    with CaptureQueriesContext(connection) as captured:
        services.delete_custom_field(field, batch_size=5)
    updates = [q["sql"].split("SET")[0] for q in captured.captured_queries if q["sql"].lstrip().startswith("UPDATE")]
    assert len([sql for sql in updates if updates_table(sql, Tenant)]) == 3  # 12 rows in batches of 5
    assert len([sql for sql in updates if updates_table(sql, TenantGroup)]) == 1
    assert len(captured) <= 6 * 4 + 10
    assert not CustomField.objects.filter(key="gone").exists()
    assert data_of("t0003") == {"n": 3}
    assert TenantGroup.objects.get(name="g").custom_field_data == {"other": 1}


def test_rewritten_values_are_recorded_as_updates_of_each_object() -> None:
    field = services.create_custom_field(key="old", label="Old", type="text", content_types=types(Tenant))
    held = tenants(7, old="v")
    Tenant.objects.create(name="without", custom_field_data={"n": 1})
    tenant_type = ContentType.objects.get_for_model(Tenant)

    def updates() -> dict[str, ObjectChange]:
        found = ObjectChange.objects.filter(changed_object_type=tenant_type, action="update").order_by("time")
        return {str(record.changed_object_id): record for record in found}

    services.update_custom_field(field, key="new", batch_size=3)
    renamed = updates()
    assert set(renamed) == {str(tenant.pk) for tenant in held}
    record = renamed[str(held[4].pk)]
    assert (record.prechange_data or {})["custom_field_data"] == {"old": "v", "n": 4}
    assert (record.postchange_data or {})["custom_field_data"] == {"new": "v", "n": 4}
    ObjectChange.objects.all().delete()
    services.delete_custom_field(CustomField.objects.get(key="new"), batch_size=3)
    removed = updates()
    assert set(removed) == {str(tenant.pk) for tenant in held}
    assert (removed[str(held[0].pk)].postchange_data or {})["custom_field_data"] == {"n": 0}


def test_the_number_of_queries_follows_batches_not_rows() -> None:
    def cost(rows: int) -> int:
        Tenant.objects.all().delete()
        CustomField.objects.filter(key="k").delete()
        field = services.create_custom_field(key="k", label="K", type="text", content_types=types(Tenant))
        Tenant.objects.bulk_create([Tenant(name=f"r{i}", custom_field_data={"k": "v"}) for i in range(rows)])
        with CaptureQueriesContext(connection) as captured:
            services.delete_custom_field(field, batch_size=1_000)
        # The change records of a batch go in one INSERT, split only by the database's limit on query
        # parameters (SQLite's 999); everything else is counted.
        return len([q for q in captured.captured_queries if not records_inserted(q["sql"])])

    assert cost(10) == cost(900)


def test_a_content_type_taken_away_loses_its_values_only() -> None:
    field = services.create_custom_field(
        key="site", label="Site", type="text", content_types=types(Tenant, TenantGroup)
    )
    Tenant.objects.create(name="t", custom_field_data={"site": "a"})
    TenantGroup.objects.create(name="g", custom_field_data={"site": "b"})
    services.update_custom_field(field, content_types=types(TenantGroup))
    assert data_of("t") == {}
    assert TenantGroup.objects.get(name="g").custom_field_data == {"site": "b"}
    assert list(field.content_types.all()) == types(TenantGroup)


def test_the_type_of_a_field_with_values_cannot_change() -> None:
    from django.core.exceptions import ValidationError

    field = services.create_custom_field(key="size", label="Size", type="integer", content_types=types(Tenant))
    Tenant.objects.create(name="t", custom_field_data={"size": 1})
    with pytest.raises(ValidationError) as caught:
        services.update_custom_field(field, type="text")
    assert "type" in caught.value.message_dict
    Tenant.objects.all().delete()
    assert services.update_custom_field(field, type="text").type == "text"


# ------------------------------------------------------------------------------------------ over the API


def test_a_key_renamed_through_the_api_is_read_back_under_its_new_name(api: APIClient) -> None:
    created = api.send(
        "POST",
        "/api/extras/custom-fields/",
        {"key": "asset", "label": "Asset", "type": "text", "content_types": ["tenancy.tenant"]},
    ).json()
    tenant = api.send("POST", "/api/tenancy/tenants/", {"name": "t1", "custom_fields": {"asset": "A1"}}).json()
    renamed = api.send("PATCH", f"/api/extras/custom-fields/{created['id']}/", {"key": "asset_tag"})
    assert renamed.status_code == 200, renamed.content
    assert api.send("GET", f"/api/tenancy/tenants/{tenant['id']}/").json()["custom_fields"] == {"asset_tag": "A1"}
    assert api.send("DELETE", f"/api/extras/custom-fields/{created['id']}/").status_code == 204
    assert api.send("GET", f"/api/tenancy/tenants/{tenant['id']}/").json()["custom_fields"] == {}
    assert Tenant.objects.get(pk=tenant["id"]).custom_field_data == {}


def test_a_default_must_be_one_of_the_fields_choices(api: APIClient) -> None:
    created = api.send(
        "POST",
        "/api/extras/custom-fields/",
        {"key": "tier", "label": "Tier", "type": "select", "content_types": ["tenancy.tenant"], "default": "gold"},
    )
    assert created.status_code == 400 and "choices first" in created.json()["default"][0]
    field = api.send(
        "POST",
        "/api/extras/custom-fields/",
        {"key": "tier", "label": "Tier", "type": "select", "content_types": ["tenancy.tenant"]},
    ).json()
    assert (
        api.send("POST", "/api/extras/custom-field-choices/", {"custom_field": "tier", "value": "gold"}).status_code
        == 201
    )
    with_default = api.send("PATCH", f"/api/extras/custom-fields/{field['id']}/", {"default": "gold"})
    assert with_default.status_code == 200, with_default.content
    assert api.send("POST", "/api/tenancy/tenants/", {"name": "t1"}).json()["custom_fields"] == {"tier": "gold"}
    bad_regex = api.send("PATCH", f"/api/extras/custom-fields/{field['id']}/", {"validation_regex": "(?<=x)"})
    assert bad_regex.status_code == 400 and "validation_regex" in bad_regex.json()


@pytest.mark.parametrize("kind", ["select", "multi-select"])
def test_a_choice_in_use_cannot_be_deleted_or_changed(api: APIClient, kind: str) -> None:
    field = services.create_custom_field(key="tier", label="Tier", type=kind, content_types=types(Tenant))
    gold = services.create_choice(custom_field=field, value="gold")
    silver = services.create_choice(custom_field=field, value="silver")
    held = "gold" if kind == "select" else ["silver", "gold"]
    Tenant.objects.create(name="holder", custom_field_data={"tier": held})
    refused = api.send("DELETE", f"/api/extras/custom-field-choices/{gold.pk}/")
    assert refused.status_code == 409, refused.content
    assert refused.json()["detail"].startswith("The choice 'gold' is held by 1 object(s) (tenant holder).")
    renamed = api.send("PATCH", f"/api/extras/custom-field-choices/{gold.pk}/", {"value": "golden"})
    assert renamed.status_code == 400 and "held by 1 object" in renamed.json()["value"][0]
    assert api.send("PATCH", f"/api/extras/custom-field-choices/{gold.pk}/", {"weight": 1}).status_code == 200
    bulk = api.send("DELETE", "/api/extras/custom-field-choices/", [{"id": str(silver.pk)}, {"id": str(gold.pk)}])
    assert bulk.status_code == 409
    assert CustomFieldChoice.objects.count() == 2  # all or nothing
    if kind == "select":
        assert api.send("DELETE", f"/api/extras/custom-field-choices/{silver.pk}/").status_code == 204
    Tenant.objects.all().delete()
    assert api.send("DELETE", f"/api/extras/custom-field-choices/{gold.pk}/").status_code == 204


def test_choices_belong_to_selection_fields_and_pass_their_pattern(api: APIClient) -> None:
    services.create_custom_field(key="note", label="Note", type="text", content_types=types(Tenant))
    services.create_custom_field(
        key="tier", label="Tier", type="select", content_types=types(Tenant), validation_regex="^[a-z]+$"
    )
    refused = api.send("POST", "/api/extras/custom-field-choices/", {"custom_field": "note", "value": "x"})
    assert refused.status_code == 400 and "custom_field" in refused.json()
    refused = api.send("POST", "/api/extras/custom-field-choices/", {"custom_field": "tier", "value": "Gold"})
    assert refused.status_code == 400 and "value" in refused.json()
    duplicate = {"custom_field": "tier", "value": "gold"}
    assert api.send("POST", "/api/extras/custom-field-choices/", duplicate).status_code == 201
    assert api.send("POST", "/api/extras/custom-field-choices/", duplicate).status_code == 400
