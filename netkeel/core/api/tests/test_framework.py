"""The API framework's own behaviour, exercised through the tenancy endpoints: pagination, versioning,
write references, bulk atomicity, depth and permissions, sorting, status."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from netkeel.core.testing.api import APIClient, make_user, perm
from netkeel.tenancy.models import Tenant, TenantGroup

pytestmark = pytest.mark.django_db

TENANTS = "/api/tenancy/tenants/"


def tenants(count: int, prefix: str = "t") -> list[Tenant]:
    return Tenant.objects.bulk_create([Tenant(name=f"{prefix}{index:03}") for index in range(count)])


def test_default_page_is_50_and_next_advances(api: APIClient) -> None:
    tenants(120)
    first = api.send("GET", TENANTS).json()
    assert first["count"] == 120 and len(first["results"]) == 50 and first["previous"] is None
    assert first["next"].startswith("http://localhost/api/tenancy/tenants/?") and "offset=50" in first["next"]
    second = api.send("GET", first["next"].removeprefix("http://localhost")).json()
    assert len(second["results"]) == 50 and "offset=100" in second["next"]
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})


@override_settings(MAX_PAGE_SIZE=100)
def test_limit_is_capped_and_zero_means_the_largest_page(api: APIClient) -> None:
    tenants(120)
    capped = api.send("GET", f"{TENANTS}?limit=500").json()
    assert len(capped["results"]) == 100 and "limit=100" in capped["next"]
    largest = api.send("GET", f"{TENANTS}?limit=0").json()
    assert len(largest["results"]) == 100 and largest["next"]
    beyond = api.send("GET", f"{TENANTS}?offset=500").json()
    assert beyond["count"] == 120 and beyond["results"] == []


@override_settings(MAX_PAGE_SIZE=0)
def test_no_maximum_means_limit_zero_returns_everything(api: APIClient) -> None:
    tenants(60)
    everything = api.send("GET", f"{TENANTS}?limit=0").json()
    assert len(everything["results"]) == 60 and everything["next"] is None


def test_references_are_written_by_id_url_attributes_or_natural_key(api: APIClient) -> None:
    group = TenantGroup.objects.create(name="g1")
    url = f"http://localhost/api/tenancy/tenant-groups/{group.pk}/"
    for index, reference in enumerate([str(group.pk), url, {"id": str(group.pk)}, {"name": "g1"}, "g1"]):
        response = api.send("POST", TENANTS, {"name": f"ref-{index}", "tenant_group": reference})
        assert response.status_code == 201, (reference, response.content)
        assert response.json()["tenant_group"]["id"] == str(group.pk)
    refused: list[tuple[Any, str]] = [
        ("nope", "No tenant group matches"),
        ({"name": "nope"}, "No tenant group matches"),
        (7.5, "Expected"),
    ]
    for reference, fragment in refused:
        response = api.send("POST", TENANTS, {"name": "bad", "tenant_group": reference})
        assert response.status_code == 400 and fragment in response.json()["tenant_group"][0], response.content


def test_detail_by_natural_key(api: APIClient) -> None:
    tenant = Tenant.objects.create(name="acme")
    assert api.send("GET", f"{TENANTS}acme/").json()["id"] == str(tenant.pk)
    assert api.send("GET", f"{TENANTS}nobody/").status_code == 404


def test_bulk_update_is_all_or_nothing(api: APIClient) -> None:
    a, b = tenants(2)
    response = api.send(
        "PATCH", TENANTS, [{"id": str(a.pk), "description": "ok"}, {"id": str(b.pk), "name": "x" * 500}]
    )
    assert response.status_code == 400 and str(b.pk) in response.json()
    a.refresh_from_db()
    assert a.description == ""
    missing = api.send("DELETE", TENANTS, [{"id": str(a.pk)}, {"id": "00000000-0000-0000-0000-000000000000"}])
    assert missing.status_code == 404
    assert Tenant.objects.filter(pk=a.pk).exists()
    assert api.send("DELETE", TENANTS, [{"name": "no id"}]).status_code == 400


def test_nested_objects_only_for_those_allowed_to_view_them(db: Any) -> None:
    group = TenantGroup.objects.create(name="hidden-group")
    Tenant.objects.create(name="t", tenant_group=group)
    token = "b" * 40
    make_user("tenant-reader", perms=(perm(Tenant, "view"),), token=token)
    row = APIClient(token=token).send("GET", f"{TENANTS}?depth=1").json()["results"][0]
    assert set(row["tenant_group"]) == {"id", "object_type", "url"}


def test_writes_answer_at_depth_zero(api: APIClient) -> None:
    group = TenantGroup.objects.create(name="g")
    created = api.send("POST", f"{TENANTS}?depth=2", {"name": "t", "tenant_group": str(group.pk)}).json()
    assert set(created["tenant_group"]) == {"id", "object_type", "url"}


def test_sort_and_its_errors(api: APIClient) -> None:
    tenants(3)
    names = [r["name"] for r in api.send("GET", f"{TENANTS}?sort=-name").json()["results"]]
    assert names == ["t002", "t001", "t000"]
    bad = api.send("GET", f"{TENANTS}?sort=nothing")
    assert bad.status_code == 400 and "sort" in bad.json()


def test_invalid_filter_values_are_400s(api: APIClient) -> None:
    assert api.send("GET", f"{TENANTS}?id=not-a-uuid").status_code == 400
    assert api.send("GET", f"{TENANTS}?created__gte=yesterday").status_code == 400
    assert api.send("GET", f"{TENANTS}?depth=x").status_code == 400


def test_options_lists_choices_with_display(api: APIClient) -> None:
    body = api.send("OPTIONS", "/api/tenancy/tenants/").json()
    assert body["actions"]["POST"]["tenant_group"]["type"] == "related object"
    assert body["actions"]["POST"]["name"]["required"] is True


def test_api_root_app_roots_and_status(api: APIClient) -> None:
    root = api.send("GET", "/api/").json()
    assert root["tenancy"] == "http://localhost/api/tenancy/"
    app = api.send("GET", "/api/tenancy/").json()
    assert app["tenants"] == "http://localhost/api/tenancy/tenants/"
    status = api.send("GET", "/api/status/")
    body = status.json()
    assert body["nautobot-version"] == "3.2.0" and body["netkeel-version"]
    assert status["API-Version"] == "3.2"
    assert APIClient(token=None).send("GET", "/api/status/").status_code == 403
    # Its OpenAPI answer names every key it sends (the Nautobot ones clients parse among them).
    schema = api.send("GET", "/api/swagger.json").json()
    documented = schema["paths"]["/status/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    name = documented["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][name]["properties"]) == set(body)


def test_a_read_only_token_says_why(db: Any) -> None:
    make_user("ro", superuser=True, token="c" * 40, write_enabled=False)
    response = APIClient(token="c" * 40).send("POST", TENANTS, {"name": "x"})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_boolean_filters_take_the_spellings_clients_send(api: APIClient) -> None:
    from netkeel.dcim.tests import factories as f

    site = f.location()
    switch = f.device_type(interfaces=2)
    device = f.device("d1", switch, site)
    device.interfaces.filter(name="eth0").update(enabled=False)
    path = f"/api/dcim/interfaces/?device_id={device.pk}&enabled="
    for spelling, expected in (("true", 1), ("True", 1), ("1", 1), ("false", 1), ("0", 1), ("no", 1)):
        assert api.send("GET", path + spelling).json()["count"] == expected, spelling
    assert api.send("GET", path + "maybe").status_code == 400


def test_a_reference_by_the_leading_part_of_a_natural_key(api: APIClient) -> None:
    from netkeel.dcim.tests import factories as f

    site = f.location("DC1")
    dtype = f.device_type(interfaces=0)
    f.role("Leaf")
    created = api.send(
        "POST",
        "/api/dcim/devices/",
        {"name": "leaf9", "device_type": str(dtype.pk), "role": "Leaf", "status": "Active", "location": "DC1"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["location"]["id"] == str(site.pk)
    nowhere = api.send("POST", "/api/dcim/racks/", {"name": "r1", "location": "DC9", "status": "Active"})
    assert nowhere.status_code == 400 and "location" in nowhere.json()
