"""The extras endpoints: statuses, roles and tags (with their content types), and content types."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from netkeel.core.testing.api import APIClient, APIEndpointTests, make_user
from netkeel.extras.defaults import DEFAULT_STATUSES, STATUSES_BY_MODEL
from netkeel.extras.models import Role, Status, Tag
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db

DEFAULTS = len(DEFAULT_STATUSES)
LABEL_BAD_PAYLOADS: list[tuple[Any, str]] = [
    ({"name": ""}, "name"),
    ({"name": "x", "color": "red"}, "color"),
    ({"name": "x", "content_types": ["dcim.nothing"]}, "content_types"),
    ({"name": "x", "content_types": ["not a type"]}, "content_types"),
    ({"name": "x", "content_types": "dcim.device"}, "content_types"),
]


def tenant_type() -> ContentType:
    return ContentType.objects.get_for_model(Tenant)


class TestStatuses(APIEndpointTests):
    endpoint = "/api/extras/statuses/"
    model = Status
    update_payload = {"description": "changed", "content_types": ["dcim.device", "tenancy.tenant"]}
    bad_payloads = [*LABEL_BAD_PAYLOADS, ({"name": "Active"}, "name")]
    filter_cases = [
        ("name", "status-1", 1),
        ("name__isw", "status-", 3),
        ("content_types", "tenancy.tenant", 2),
        ("content_types__n", "tenancy.tenant", DEFAULTS + 1),
        ("color", "123456", 3),
        ("q", "status-2", 1),
    ]

    def make(self, index: int) -> Any:
        status = Status.objects.create(name=f"status-{index}", color="123456")
        if index < 2:
            status.content_types.add(tenant_type())
        return status

    def create_payloads(self) -> list[dict[str, Any]]:
        return [
            {"name": "new-1", "content_types": ["dcim.device"]},
            {"name": "new-2", "color": "00ff00"},
            {"name": "new-3", "content_types": ["tenancy.tenant", "dcim.interface"], "description": "d"},
        ]


class TestRoles(APIEndpointTests):
    endpoint = "/api/extras/roles/"
    model = Role
    update_payload = {"weight": 5}
    bad_payloads = [*LABEL_BAD_PAYLOADS, ({"name": "x", "weight": -1}, "weight")]
    filter_cases = [
        ("name", "role-0", 1),
        ("weight__gte", "1", 2),
        ("content_types", "tenancy.tenant", 2),
        ("content_types", "tenancy.tenant&content_types=dcim.rack", 3),  # devices have default roles
    ]

    def make(self, index: int) -> Any:
        role = Role.objects.create(name=f"role-{index}", weight=index)
        role.content_types.add(tenant_type() if index < 2 else ContentType.objects.get(app_label="dcim", model="rack"))
        return role

    def create_payloads(self) -> list[dict[str, Any]]:
        return [
            {"name": "Leaf", "content_types": ["dcim.device"], "weight": 10},
            {"name": "Spine", "color": "ff0000"},
            {"name": "Router ID", "content_types": ["ipam.ipaddress"]},  # Loopback is a default role
        ]


class TestTags(APIEndpointTests):
    endpoint = "/api/extras/tags/"
    model = Tag
    update_payload = {"color": "abcdef"}
    bad_payloads = LABEL_BAD_PAYLOADS
    filter_cases = [("name", "tag-0&name=tag-1", 2), ("content_types", "tenancy.tenant", 2), ("q", "TAG", 3)]

    def make(self, index: int) -> Any:
        tag = Tag.objects.create(name=f"tag-{index}")
        if index < 2:
            tag.content_types.add(tenant_type())
        return tag

    def create_payloads(self) -> list[dict[str, Any]]:
        return [{"name": "gold", "content_types": ["dcim.device"]}, {"name": "silver"}, {"name": "bronze"}]


# ------------------------------------------------------------------------------------ content types


def test_default_statuses_exist(api: APIClient) -> None:
    response = api.send("GET", "/api/extras/statuses/?name=Active")
    assert response.status_code == 200
    [active] = response.json()["results"]
    assert set(active["content_types"]) == {label for label, names in STATUSES_BY_MODEL.items() if "Active" in names}
    assert api.send("GET", "/api/extras/statuses/?name=Connected").json()["results"][0]["content_types"] == [
        "dcim.cable"
    ]
    assert api.send("GET", "/api/extras/statuses/?limit=1").json()["count"] == DEFAULTS


def test_a_tag_limited_to_devices_is_found_by_its_content_type(api: APIClient) -> None:
    created = api.send("POST", "/api/extras/tags/", {"name": "edge", "content_types": ["dcim.device"]})
    assert created.status_code == 201, created.content
    assert created.json()["content_types"] == ["dcim.device"]
    Tag.objects.create(name="other")
    found = api.send("GET", "/api/extras/tags/?content_types=dcim.device").json()
    assert [row["name"] for row in found["results"]] == ["edge"]
    assert api.send("GET", "/api/extras/tags/?content_types=dcim.interface").json()["count"] == 0
    assert api.send("GET", "/api/extras/tags/?content_types__n=dcim.device").json()["count"] == 1
    # The type names a content type by its id as well; a type that does not exist is a 400 naming the filter.
    device = ContentType.objects.get(app_label="dcim", model="device")
    assert api.send("GET", f"/api/extras/tags/?content_types={device.pk}").json()["count"] == 1
    for bad in ("dcim.nothing", "device"):
        refused = api.send("GET", f"/api/extras/tags/?content_types={bad}")
        assert refused.status_code == 400 and "content_types" in refused.json(), refused.content


def test_content_types_are_replaced_on_update_and_hidden_with_exclude_m2m(api: APIClient) -> None:
    tag = Tag.objects.create(name="t")
    tag.content_types.add(tenant_type())
    response = api.send("PATCH", f"/api/extras/tags/{tag.pk}/", {"content_types": ["dcim.device", "DCIM.Interface"]})
    assert response.status_code == 200, response.content
    assert sorted(response.json()["content_types"]) == ["dcim.device", "dcim.interface"]
    assert sorted(tag.content_types.values_list("model", flat=True)) == ["device", "interface"]
    assert api.send("PATCH", f"/api/extras/tags/{tag.pk}/", {"content_types": []}).json()["content_types"] == []
    row = api.send("GET", "/api/extras/tags/?exclude_m2m=true").json()["results"][0]
    assert "content_types" not in row
    nested = api.send("GET", f"/api/extras/tags/{tag.pk}/?depth=1").json()
    assert nested["content_types"] == []


def test_options_offer_content_types_as_a_list(api: APIClient) -> None:
    post = api.send("OPTIONS", "/api/extras/statuses/").json()["actions"]["POST"]
    assert post["content_types"]["type"] == "list"
    assert post["name"]["required"] is True


def test_content_types_are_listed_with_integer_ids(api: APIClient) -> None:
    device = ContentType.objects.get(app_label="dcim", model="device")
    response = api.send("GET", "/api/extras/content-types/?app_label=dcim&model=device")
    assert response.status_code == 200, response.content
    [row] = response.json()["results"]
    assert row == {
        "id": device.pk,
        "object_type": "contenttypes.contenttype",
        "display": "dcim | device",
        "url": f"http://localhost/api/extras/content-types/{device.pk}/",
        "natural_slug": "dcim_device",
        "app_label": "dcim",
        "model": "device",
    }
    assert api.send("GET", f"/api/extras/content-types/{device.pk}/").json() == row
    assert api.send("GET", "/api/extras/content-types/?limit=1").json()["count"] == ContentType.objects.count()


def test_content_type_filters(api: APIClient) -> None:
    device = ContentType.objects.get(app_label="dcim", model="device")
    dcim = ContentType.objects.filter(app_label="dcim").count()
    assert api.send("GET", "/api/extras/content-types/?app_label=dcim").json()["count"] == dcim
    assert api.send("GET", f"/api/extras/content-types/?id={device.pk}").json()["count"] == 1
    assert api.send("GET", "/api/extras/content-types/?model=device&model=interface").json()["count"] == 2
    assert api.send("GET", "/api/extras/content-types/?model__ic=interface").json()["count"] >= 2
    assert api.send("GET", "/api/extras/content-types/?q=tenancy").json()["count"] == 2
    for bad in ("id=abc", "nope=1", "created__gte=2020-01-01"):
        response = api.send("GET", f"/api/extras/content-types/?{bad}")
        assert response.status_code == 400, (bad, response.content)
        assert bad.split("=")[0] in response.json()


def test_content_types_by_feature(api: APIClient) -> None:
    """Nautobot's `feature`: the kinds of object taking part in it, as netkeel's apps declare them; a feature
    netkeel lacks (relationships) lists none, as Nautobot lists none for a feature nobody has."""

    def models(feature: str) -> set[str]:
        response = api.send("GET", f"/api/extras/content-types/?limit=0&feature={feature}")
        assert response.status_code == 200, response.content
        return {f"{row['app_label']}.{row['model']}" for row in response.json()["results"]}

    custom_fields = models("custom_fields")
    assert {"dcim.device", "tenancy.tenant", "ipam.prefix", "circuits.circuit"} <= custom_fields
    assert not {"users.user", "contenttypes.contenttype", "extras.objectchange"} & custom_fields
    statuses = models("statuses")
    assert {"dcim.device", "dcim.cable", "ipam.ipaddress", "circuits.circuit"} <= statuses
    assert not {"dcim.manufacturer", "extras.status", "tenancy.tenant"} & statuses
    assert {"dcim.device", "ipam.ipaddress"} <= models("roles") and "dcim.manufacturer" not in models("roles")
    terminations = models("cable_terminations")
    assert {"dcim.interface", "dcim.frontport", "dcim.powerfeed", "circuits.circuittermination"} <= terminations
    assert not {"dcim.device", "dcim.cable"} & terminations
    webhooks = models("webhooks")
    assert {"dcim.device", "tenancy.tenant"} <= webhooks and "extras.objectchange" not in webhooks
    assert models("relationships") == set() and models("no_such_feature") == set()
    both = api.send("GET", "/api/extras/content-types/?feature=statuses&app_label=dcim&model=device").json()
    assert [row["model"] for row in both["results"]] == ["device"]


def test_content_types_by_what_the_user_may_do_and_by_having_an_endpoint(db: Any) -> None:
    """Nautobot's `can_add`/`can_change`/`can_delete`/`can_view` answer for the requesting user;
    `has_serializer` keeps the types with a REST endpoint (devices) and leaves out those without (sessions)."""
    make_user("viewer", perms=("dcim.view_device", "dcim.add_device", "contenttypes.view_contenttype"), token="1" * 40)
    viewer = APIClient(token="1" * 40)
    url = "/api/extras/content-types/?limit=0&app_label=dcim&model=device&model=interface"

    def models(query: str, client: APIClient = viewer) -> list[str]:
        response = client.send("GET", f"{url}&{query}")
        assert response.status_code == 200, response.content
        return sorted(row["model"] for row in response.json()["results"])

    assert models("can_view=true") == ["device"]
    assert models("can_add=true&can_change=false") == ["device"]
    assert models("can_view=false") == ["interface"]
    assert models("can_delete=true") == []
    everything = "/api/extras/content-types/?limit=0&has_serializer=true"
    make_user("admin", superuser=True, token="2" * 40)
    served = {row["model"] for row in APIClient(token="2" * 40).send("GET", everything).json()["results"]}
    assert {"device", "interface", "tag"} <= served and "session" not in served
    unserved = APIClient(token="2" * 40).send("GET", everything.replace("true", "false")).json()["results"]
    assert "session" in {row["model"] for row in unserved} and "device" not in {row["model"] for row in unserved}
    response = viewer.send("GET", f"{url}&can_add=perhaps")
    assert response.status_code == 400 and "can_add" in response.json()


def test_content_types_are_read_only(api: APIClient) -> None:
    device = ContentType.objects.get(app_label="dcim", model="device")
    detail = f"/api/extras/content-types/{device.pk}/"
    assert api.send("POST", "/api/extras/content-types/", {"app_label": "x", "model": "y"}).status_code == 405
    assert api.send("PATCH", detail, {"model": "y"}).status_code == 405
    assert api.send("DELETE", detail).status_code == 405
    assert api.send("DELETE", "/api/extras/content-types/", [{"id": device.pk}]).status_code == 405
    assert "actions" not in api.send("OPTIONS", "/api/extras/content-types/").json()
    assert ContentType.objects.filter(pk=device.pk, model="device").exists()
    for missing in ("999999", "abc", "00000000-0000-0000-0000-000000000000"):
        assert api.send("GET", f"/api/extras/content-types/{missing}/").status_code == 404, missing
    assert api.send("GET", f"{detail}notes/").status_code == 404


def test_content_types_need_only_a_signed_in_user(db: Any) -> None:
    assert APIClient(token=None).send("GET", "/api/extras/content-types/").status_code == 403
    make_user("plain", token="b" * 40, write_enabled=False)
    response = APIClient(token="b" * 40).send("GET", "/api/extras/content-types/?app_label=tenancy")
    assert response.status_code == 200 and response.json()["count"] == 2
    # The other extras endpoints still want their model permission.
    assert APIClient(token="b" * 40).send("GET", "/api/extras/statuses/").status_code == 403


def test_content_type_query_count_is_fixed(api: APIClient) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for limit in (2, 50):
        with CaptureQueriesContext(connection) as ctx:
            assert api.send("GET", f"/api/extras/content-types/?limit={limit}").status_code == 200
        counts.append(len(ctx))
    assert counts[1] <= counts[0]


def test_a_tag_counts_the_objects_of_every_kind_it_is_on(api: APIClient) -> None:
    """Nautobot's `tagged_items`: tenants and a location carrying "red" make 3, "blue" on nothing 0; the list
    costs the same queries however many tags and tagged objects it shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from netkeel.dcim.tests import factories

    red, blue = Tag.objects.create(name="red"), Tag.objects.create(name="blue")
    for tag in (red, blue):
        tag.content_types.add(ContentType.objects.get_for_model(Tenant))
    for name in ("t1", "t2"):
        Tenant.objects.create(name=name).tags.add(red)
    factories.location().tags.add(red)
    tags = "/api/extras/tags/?limit=0"
    api.send("GET", tags)  # caches filled once per process (content types) are not the list's
    with CaptureQueriesContext(connection) as few:
        counted = {row["name"]: row["tagged_items"] for row in api.send("GET", tags).json()["results"]}
    assert counted == {"red": 3, "blue": 0}
    assert api.send("GET", f"/api/extras/tags/{red.pk}/").json()["tagged_items"] == 3
    for n in range(3):
        Tenant.objects.create(name=f"more{n}").tags.add(Tag.objects.create(name=f"tag{n}"), blue)
    with CaptureQueriesContext(connection) as many:
        counted = {row["name"]: row["tagged_items"] for row in api.send("GET", tags).json()["results"]}
    assert (counted["red"], counted["blue"], counted["tag0"]) == (3, 3, 1)
    assert len(few) == len(many)
