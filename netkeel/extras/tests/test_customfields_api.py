"""Custom fields in the API: the two endpoints' contract, and `custom_fields` read and written on objects
(validated per type, required fields and defaults, unknown keys, PATCH merging, constant query counts)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.extras.models import CustomField, CustomFieldChoice
from netkeel.tenancy.models import Tenant, TenantGroup

pytestmark = pytest.mark.django_db

TENANTS = "/api/tenancy/tenants/"


def define(key: str, type: str = "text", on: tuple[type[models.Model], ...] = (Tenant,), **options: Any) -> CustomField:
    choices = options.pop("choices", ())
    field = CustomField.objects.create(key=key, label=options.pop("label", key), type=type, **options)
    field.content_types.set([ContentType.objects.get_for_model(model) for model in on])
    for weight, value in enumerate(choices):
        CustomFieldChoice.objects.create(custom_field=field, value=value, weight=weight)
    return field


class TestCustomFields(APIEndpointTests):
    endpoint = "/api/extras/custom-fields/"
    model = CustomField
    update_payload = {"description": "changed", "weight": 10}
    bad_payloads = [
        ({"key": "Bad Key", "label": "x", "type": "text", "content_types": ["tenancy.tenant"]}, "key"),
        ({"key": "k", "label": "x", "type": "nope", "content_types": ["tenancy.tenant"]}, "type"),
        ({"key": "k", "label": "x", "type": "text"}, "content_types"),
        ({"key": "k", "label": "x", "type": "text", "content_types": ["users.user"]}, "content_types"),
        ({"key": "k", "label": "x", "content_types": ["tenancy.tenant"], "validation_regex": "(a"}, "validation_regex"),
        ({"key": "k", "label": "x", "type": "integer", "content_types": ["dcim.device"], "default": "1"}, "default"),
        (
            {"key": "k", "label": "x", "type": "integer", "content_types": ["dcim.device"], "validation_minimum": 3}
            | {"validation_maximum": 1},
            "validation_maximum",
        ),
    ]
    filter_cases = [
        ("key", "field_1", 1),
        ("label__ic", "FIELD", 3),
        ("content_types", "tenancy.tenant", 2),
        ("type", "text", 2),
        ("required", "true", 1),
        ("q", "field_2", 1),
    ]

    def make(self, index: int) -> Any:
        return define(
            f"field_{index}",
            "text" if index < 2 else "integer",
            on=(Tenant,) if index < 2 else (TenantGroup,),
            label=f"Field {index}",
            required=index == 0,
        )

    def create_payloads(self) -> list[dict[str, Any]]:
        return [
            {"key": "new_1", "label": "New 1", "type": "text", "content_types": ["tenancy.tenant"]},
            {"key": "new_2", "label": "New 2", "type": {"value": "select"}, "content_types": ["dcim.device"]},
            {
                "key": "new_3",
                "label": "New 3",
                "type": "integer",
                "content_types": ["dcim.device", "tenancy.tenant"],
                "default": 5,
                "validation_minimum": 1,
                "filter_logic": "exact",
            },
        ]


class TestCustomFieldChoices(APIEndpointTests):
    endpoint = "/api/extras/custom-field-choices/"
    model = CustomFieldChoice
    update_payload = {"weight": 5}
    bad_payloads = [
        ({"value": "x"}, "custom_field"),
        ({"custom_field": "no_such_field", "value": "x"}, "custom_field"),
    ]
    filter_cases = [("custom_field", "colour", 3), ("value", "choice-1", 1), ("value__isw", "choice", 3)]

    def colour(self) -> CustomField:
        found = CustomField.objects.filter(key="colour").first()
        return found or define("colour", "select")

    def make(self, index: int) -> Any:
        return CustomFieldChoice.objects.create(custom_field=self.colour(), value=f"choice-{index}")

    def create_payloads(self) -> list[dict[str, Any]]:
        field = self.colour()
        return [
            {"custom_field": "colour", "value": "red"},
            {"custom_field": {"key": "colour"}, "value": "green", "weight": 1},
            {"custom_field": str(field.pk), "value": "blue"},
        ]


def test_the_field_envelope_matches_nautobot(api: APIClient) -> None:
    response = api.send(
        "POST",
        "/api/extras/custom-fields/",
        {"key": "site_code", "label": "Site code", "type": "text", "content_types": ["dcim.device"]},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["type"] == {"value": "text", "label": "Text"}
    assert body["filter_logic"] == {"value": "loose", "label": "Loose"}
    assert body["content_types"] == ["dcim.device"]
    assert body["default"] is None and body["required"] is False and body["weight"] == 100
    for key in ("description", "grouping", "validation_minimum", "validation_maximum", "validation_regex"):
        assert key in body
    assert body["url"].endswith(f"/api/extras/custom-fields/{body['id']}/")
    assert api.send("GET", "/api/extras/custom-fields/site_code/").json()["id"] == body["id"]
    duplicate = api.send(
        "POST", "/api/extras/custom-fields/", {"key": "site_code", "label": "x", "content_types": ["dcim.device"]}
    )
    assert duplicate.status_code == 400 and "key" in duplicate.json()


def test_advanced_ui_and_scope_filter_are_written_and_read_back(api: APIClient) -> None:
    """Nautobot's advanced_ui (a boolean: the field shows on the Advanced tab) and scope_filter (the
    filters, as the content types' API lists take them, naming the objects the field is meant for)."""
    fields = "/api/extras/custom-fields/"
    plain = api.send("POST", fields, {"key": "plain", "label": "Plain", "content_types": ["dcim.device"]})
    assert plain.status_code == 201, plain.content
    assert plain.json()["advanced_ui"] is False and plain.json()["scope_filter"] == {}
    scope = {"name__isw": ["leaf"], "status": "active"}
    payload = {"key": "rack_unit", "label": "Rack unit", "content_types": ["dcim.device"], "advanced_ui": True}
    created = api.send("POST", fields, payload | {"scope_filter": scope})
    assert created.status_code == 201, created.content
    assert created.json()["advanced_ui"] is True and created.json()["scope_filter"] == scope
    field = CustomField.objects.get(key="rack_unit")
    assert field.advanced_ui is True and field.scope_filter == scope
    changed = api.send("PATCH", f"{fields}{field.pk}/", {"advanced_ui": False, "scope_filter": {}})
    assert changed.status_code == 200, changed.content
    assert api.send("GET", f"{fields}{field.pk}/").json()["scope_filter"] == {}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"scope_filter": ["status"]}, "scope_filter"),
        ({"scope_filter": "status=active"}, "scope_filter"),
        ({"scope_filter": None}, "scope_filter"),
        ({"scope_filter": {"no_such_filter": "x"}}, "scope_filter"),
        ({"scope_filter": {"name": {"nested": 1}}}, "scope_filter"),
        ({"scope_filter": {"created__gte": "not a date"}}, "scope_filter"),
        ({"scope_filter": {"name": "leaf"}, "required": True}, "required"),
        ({"advanced_ui": "sometimes"}, "advanced_ui"),
    ],
)
def test_a_bad_scope_filter_is_a_400_naming_the_field(api: APIClient, change: dict[str, Any], named: str) -> None:
    payload = {"key": "scoped", "label": "Scoped", "content_types": ["dcim.device", "tenancy.tenant"]}
    refused = api.send("POST", "/api/extras/custom-fields/", payload | change)
    assert refused.status_code == 400, refused.content
    assert list(refused.json()) == [named], refused.json()
    assert not CustomField.objects.filter(key="scoped").exists()


def test_a_scope_stays_valid_when_the_fields_kinds_of_object_change(api: APIClient) -> None:
    """A filter only devices take refuses the field's move to tenants, and a scoped field cannot be made
    required."""
    field = define("scoped", on=(Tenant,), scope_filter={"tenant_group": ["ops"]})
    url = f"/api/extras/custom-fields/{field.pk}/"
    moved = api.send("PATCH", url, {"content_types": ["circuits.provider"]})
    assert moved.status_code == 400 and list(moved.json()) == ["scope_filter"], moved.content
    required = api.send("PATCH", url, {"required": True})
    assert required.status_code == 400 and list(required.json()) == ["required"], required.content
    CustomField.objects.filter(pk=field.pk).update(scope_filter={})
    assert api.send("PATCH", url, {"required": True}).status_code == 200


# ------------------------------------------------------------------------------------------ values


def test_reads_show_every_field_of_the_model_null_when_unset(api: APIClient) -> None:
    define("b_second", weight=200)
    define("a_first", "integer", weight=50)
    define("device_only", on=(TenantGroup,))
    tenant = Tenant.objects.create(name="t1", custom_field_data={"b_second": "x"})
    body = api.send("GET", f"{TENANTS}{tenant.pk}/").json()
    assert list(body["custom_fields"].items()) == [("a_first", None), ("b_second", "x")]


def test_values_are_written_validated_per_type_and_read_back(api: APIClient) -> None:
    define("text", validation_regex=r"^[A-Z]{3}\d$")
    define("number", "integer", validation_minimum=1, validation_maximum=48)
    define("flag", "boolean")
    define("since", "date")
    define("link", "url")
    define("extra", "json")
    define("colour", "select", choices=("red", "green"))
    define("colours", "multi-select", choices=("red", "green", "blue"))
    good = {
        "text": "ABC1",
        "number": 48,
        "flag": False,
        "since": "2024-01-31",
        "link": "https://example.com/x",
        "extra": {"nested": [1, None, "x"]},
        "colour": "green",
        "colours": ["blue", "red"],
    }
    response = api.send("POST", TENANTS, {"name": "t1", "custom_fields": good})
    assert response.status_code == 201, response.content
    assert response.json()["custom_fields"] == good
    assert Tenant.objects.get(name="t1").custom_field_data == good
    assert api.send("GET", f"{TENANTS}?name=t1").json()["results"][0]["custom_fields"] == good
    bad = {
        "text": "abc1",
        "number": 49,
        "flag": "yes",
        "since": "2024-13-01",
        "link": "example",
        "colour": "pink",
        "colours": "red",
    }
    for key, value in bad.items():
        refused = api.send("POST", TENANTS, {"name": f"bad-{key}", "custom_fields": {key: value}})
        assert refused.status_code == 400, (key, refused.content)
        assert list(refused.json()) == ["custom_fields"] and list(refused.json()["custom_fields"]) == [key]
    assert not Tenant.objects.filter(name__startswith="bad-").exists()


def test_required_fields_take_their_default_or_are_refused(api: APIClient) -> None:
    define("tier", "integer", required=True, default=3)
    define("owner", required=True)
    refused = api.send("POST", TENANTS, {"name": "t1"})
    assert refused.status_code == 400
    assert refused.json() == {"custom_fields": {"owner": ["This field is required."]}}
    created = api.send("POST", TENANTS, {"name": "t1", "custom_fields": {"owner": "ops"}})
    assert created.status_code == 201, created.content
    assert created.json()["custom_fields"] == {"owner": "ops", "tier": 3}
    cleared = api.send("PATCH", f"{TENANTS}{created.json()['id']}/", {"custom_fields": {"owner": None}})
    assert cleared.status_code == 400 and "owner" in cleared.json()["custom_fields"]
    explicit = api.send("POST", TENANTS, {"name": "t2", "custom_fields": {"owner": "x", "tier": 1}})
    assert explicit.json()["custom_fields"]["tier"] == 1


def test_optional_defaults_apply_on_create_only_when_no_value_is_given(api: APIClient) -> None:
    define("rack_count", "integer", default=1)
    assert api.send("POST", TENANTS, {"name": "t1"}).json()["custom_fields"] == {"rack_count": 1}
    body = api.send("POST", TENANTS, {"name": "t2", "custom_fields": {"rack_count": None}}).json()
    assert body["custom_fields"] == {"rack_count": None}
    assert Tenant.objects.get(name="t2").custom_field_data == {}


def test_unknown_keys_and_non_objects_are_refused(api: APIClient) -> None:
    define("known")
    define("elsewhere", on=(TenantGroup,))
    for given, key in (({"nope": 1}, "nope"), ({"known": "x", "elsewhere": "y"}, "elsewhere")):
        refused = api.send("POST", TENANTS, {"name": "t1", "custom_fields": given})
        assert refused.status_code == 400
        assert list(refused.json()["custom_fields"]) == [key]
        assert "There is no custom field" in refused.json()["custom_fields"][key][0]
    for not_an_object in ("text", ["known"], 5):
        refused = api.send("POST", TENANTS, {"name": "t1", "custom_fields": not_an_object})
        assert refused.status_code == 400 and "custom_fields" in refused.json()
    assert not Tenant.objects.exists()


def test_patch_merges_keys_and_null_clears_one(api: APIClient) -> None:
    define("a", "integer")
    define("b")
    define("c", "boolean")
    tenant = api.send("POST", TENANTS, {"name": "t1", "custom_fields": {"a": 1, "b": "x"}}).json()
    url = f"{TENANTS}{tenant['id']}/"
    assert api.send("PATCH", url, {"custom_fields": {"c": True}}).json()["custom_fields"] == {
        "a": 1,
        "b": "x",
        "c": True,
    }
    assert api.send("PATCH", url, {"custom_fields": {"a": None}}).json()["custom_fields"] == {
        "a": None,
        "b": "x",
        "c": True,
    }
    assert Tenant.objects.get(pk=tenant["id"]).custom_field_data == {"b": "x", "c": True}
    assert api.send("PATCH", url, {"description": "other field"}).json()["custom_fields"]["b"] == "x"
    put = api.send("PUT", url, {"name": "t1", "custom_fields": {"a": 2}})
    assert put.status_code == 200 and put.json()["custom_fields"] == {"a": 2, "b": "x", "c": True}
    refused = api.send("PATCH", url, {"custom_fields": {"a": "two"}})
    assert refused.status_code == 400 and Tenant.objects.get(pk=tenant["id"]).custom_field_data["a"] == 2


def test_bulk_writes_validate_each_object(api: APIClient) -> None:
    define("n", "integer")
    created = api.send("POST", TENANTS, [{"name": "t1", "custom_fields": {"n": 1}}, {"name": "t2"}])
    assert created.status_code == 201, created.content
    ids = [row["id"] for row in created.json()]
    changed = api.send("PATCH", TENANTS, [{"id": ids[0], "custom_fields": {"n": 5}}, {"id": ids[1], "name": "t3"}])
    assert changed.status_code == 200, changed.content
    assert [row["custom_fields"] for row in changed.json()] == [{"n": 5}, {"n": None}]
    refused = api.send(
        "PATCH", TENANTS, [{"id": ids[0], "custom_fields": {"n": 6}}, {"id": ids[1], "custom_fields": {"n": "x"}}]
    )
    assert refused.status_code == 400
    assert Tenant.objects.get(pk=ids[0]).custom_field_data == {"n": 5}  # all or nothing


def test_objects_made_by_services_keep_their_values(api: APIClient) -> None:
    from netkeel.dcim.models import Device, VirtualChassis
    from netkeel.dcim.tests import factories as f

    define("asset", on=(Device, VirtualChassis))
    site = f.location()
    device_type = f.device_type(interfaces=1)
    role = f.role()
    response = api.send(
        "POST",
        "/api/dcim/devices/",
        {
            "name": "leaf01",
            "device_type": str(device_type.pk),
            "role": str(role.pk),
            "location": str(site.pk),
            "status": "Active",
            "custom_fields": {"asset": "A-1"},
        },
    )
    assert response.status_code == 201, response.content
    assert Device.objects.get(name="leaf01").custom_field_data == {"asset": "A-1"}
    # The virtual chassis service takes only its own fields: the values are stored after it.
    chassis = api.send("POST", "/api/dcim/virtual-chassis/", {"name": "vc1", "custom_fields": {"asset": "VC-1"}})
    assert chassis.status_code == 201, chassis.content
    assert chassis.json()["custom_fields"] == {"asset": "VC-1"}
    assert VirtualChassis.objects.get(name="vc1").custom_field_data == {"asset": "VC-1"}


def test_objects_without_custom_fields_are_unchanged(api: APIClient) -> None:
    define("anything")
    body = api.send("GET", "/api/users/users/").json()["results"][0]
    assert body["custom_fields"] == {}


# ------------------------------------------------------------------------------------------ queries


def _count(api: APIClient, path: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = api.send("GET", path)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def test_a_list_with_custom_fields_costs_the_same_queries_for_3_and_30_rows(api: APIClient) -> None:
    define("a", "integer")
    define("b", "select", choices=("x", "y"), filter_logic="exact")
    define("group_note", on=(TenantGroup,))
    group = TenantGroup.objects.create(name="g", custom_field_data={"group_note": "hi"})

    def make(start: int, stop: int) -> None:
        for index in range(start, stop):
            Tenant.objects.create(name=f"t{index}", tenant_group=group, custom_field_data={"a": index, "b": "x"})

    make(0, 3)
    _count(api, f"{TENANTS}?depth=1")  # Django's content type cache filled once per process
    few = {depth: _count(api, f"{TENANTS}?depth={depth}&limit=100&cf_b=x")[0] for depth in (0, 1)}
    make(3, 30)
    for depth in (0, 1):
        many, body = _count(api, f"{TENANTS}?depth={depth}&limit=100&cf_b=x")
        assert len(body["results"]) == 30
        assert many == few[depth], (depth, few, many)
    assert body["results"][0]["tenant_group"]["custom_fields"] == {"group_note": "hi"}
    row = next(row for row in body["results"] if row["name"] == "t5")
    assert row["custom_fields"] == {"a": 5, "b": "x"}


def test_date_time_and_markdown_fields_as_nautobot_has_them(api: APIClient) -> None:
    """A date/time is any ISO 8601 date and time, stored in UTC (without an offset it is UTC), so that
    `__gt`/`__lt` compare moments; Markdown is text (shown rendered), with text's rules."""
    define("seen", "datetime")
    define("notes", "markdown", validation_regex=r"^#")
    created = api.send(
        "POST", TENANTS, {"name": "t1", "custom_fields": {"seen": "2024-05-01T12:30:00+02:00", "notes": "# Hi"}}
    )
    assert created.status_code == 201, created.content
    assert created.json()["custom_fields"] == {"notes": "# Hi", "seen": "2024-05-01T10:30:00+00:00"}
    api.send("POST", TENANTS, {"name": "t2", "custom_fields": {"seen": "2024-05-01T11:00"}})
    after = api.send("GET", f"{TENANTS}?cf_seen__gt=2024-05-01T12:45:00%2B02:00").json()["results"]
    assert [row["name"] for row in after] == ["t2"]
    for key, value in {"seen": "yesterday", "notes": "no heading"}.items():
        refused = api.send("POST", TENANTS, {"name": f"bad-{key}", "custom_fields": {key: value}})
        assert refused.status_code == 400 and list(refused.json()["custom_fields"]) == [key], refused.content
    bad_filter = api.send("GET", f"{TENANTS}?cf_seen__gt=soon")
    assert bad_filter.status_code == 400 and "cf_seen__gt" in bad_filter.json()
