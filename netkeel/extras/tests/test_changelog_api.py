"""/api/extras/object-changes/: read-only, Nautobot's field names, filters, and a query count per page that
does not grow with rows."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from netkeel.core.testing.api import APIClient, make_user
from netkeel.dcim.tests import factories as f
from netkeel.extras import changelog
from netkeel.extras.models import ObjectChange
from netkeel.tenancy.models import Tenant
from netkeel.users.models import User

pytestmark = pytest.mark.django_db

ENDPOINT = "/api/extras/object-changes/"


def test_a_record_reads_in_nautobot_shape(api: APIClient) -> None:
    created = api.send("POST", "/api/tenancy/tenants/", {"name": "t1"})
    tenant = Tenant.objects.get(name="t1")
    api.send("PATCH", f"/api/tenancy/tenants/{tenant.pk}/", {"description": "x"})
    body = api.send("GET", f"{ENDPOINT}?changed_object_type=tenancy.tenant").json()
    assert body["count"] == 2
    update, create = body["results"]  # newest first
    assert create["object_type"] == "extras.objectchange" and create["url"].endswith(f"{ENDPOINT}{create['id']}/")
    assert create["action"] == {"value": "create", "label": "Created"}
    assert create["change_context"] == "api"  # a plain string, as Nautobot sends it
    assert create["change_context_detail"] == "/api/tenancy/tenants/"
    assert create["request_id"] == created["X-Request-ID"]
    assert create["changed_object_type"] == "tenancy.tenant" and create["changed_object_id"] == str(tenant.pk)
    assert create["changed_object"]["id"] == str(tenant.pk)
    assert create["changed_object"]["url"].endswith(f"/api/tenancy/tenants/{tenant.pk}/")
    assert create["related_object_type"] is None and create["related_object_id"] is None
    assert create["object_repr"] == "t1" and create["user_name"] == "api-admin"
    assert create["user"]["object_type"] == "users.user"
    assert create["object_data"] == create["postchange_data"] and create["prechange_data"] is None
    # Nautobot's object_data_v2 is the object as its API shows it after the change: the postchange data here.
    assert create["object_data_v2"] == create["postchange_data"] and update["object_data_v2"]["description"] == "x"
    assert create["display"] == "t1 created by api-admin"
    assert update["prechange_data"]["description"] == "" and update["object_data"]["description"] == "x"
    for key in ("time", "natural_slug"):
        assert key in create
    assert "notes_url" not in create and "custom_fields" not in create

    api.send("DELETE", f"/api/tenancy/tenants/{tenant.pk}/")
    detail = api.send("GET", f"{ENDPOINT}{create['id']}/").json()
    assert detail["changed_object"] is None  # the tenant is gone; its records stay


def test_the_change_log_is_read_only(api: APIClient) -> None:
    record = ObjectChange.objects.get(changed_object_id=Tenant.objects.create(name="t1").pk)
    for method, path in [
        ("POST", ENDPOINT),
        ("PATCH", f"{ENDPOINT}{record.pk}/"),
        ("PUT", f"{ENDPOINT}{record.pk}/"),
        ("DELETE", f"{ENDPOINT}{record.pk}/"),
        ("DELETE", ENDPOINT),
    ]:
        assert api.send(method, path, {}).status_code == 405, (method, path)
    assert api.send("GET", f"{ENDPOINT}{record.pk}/notes/").status_code == 404
    assert ObjectChange.objects.filter(pk=record.pk).exists()


def test_reading_it_needs_permission(db: Any) -> None:
    Tenant.objects.create(name="t1")
    assert APIClient(token=None).send("GET", ENDPOINT).status_code == 403
    make_user("nobody", token="a" * 40)
    assert APIClient(token="a" * 40).send("GET", ENDPOINT).status_code == 403
    # A change is read with its object: the change log alone shows the changes of no object.
    make_user("auditor", perms=("extras.view_objectchange",), token="b" * 40)
    assert APIClient(token="b" * 40).send("GET", ENDPOINT).json()["count"] == 0
    make_user("tenant-auditor", perms=("extras.view_objectchange", "tenancy.view_tenant"), token="d" * 40)
    of_tenants = ObjectChange.objects.filter(changed_object_type__model="tenant").count()
    assert APIClient(token="d" * 40).send("GET", ENDPOINT).json()["count"] == of_tenants > 0


def test_filters(api: APIClient) -> None:
    alice = User.objects.create(username="alice")
    ObjectChange.objects.all().delete()  # the users' own records
    site = f.location("dc1")
    with changelog.change_context("web", user=alice) as web:
        tenant = Tenant.objects.create(name="globex")
        tenant.description = "changed"
        tenant.save()
    device = f.device("leaf1", f.device_type(interfaces=2), site)
    tenant.delete()
    ObjectChange.objects.filter(changed_object_type__model="location").update(
        time=timezone.now() - datetime.timedelta(days=3)
    )
    day_ago = (timezone.now() - datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")
    # Records: location type, location, manufacturer, device type, role, device, its two interfaces (orm);
    # the tenant's create and update (web: two saves outside a transaction are two changes) and delete.
    expected = {
        "user=alice": 2,
        f"user={alice.pk}": 2,
        "user_name=alice": 2,
        f"request_id={web.request_id}": 2,
        "action=create": 9,
        "action=update": 1,
        "action=delete": 1,
        "changed_object_type=tenancy.tenant": 3,
        "changed_object_type=dcim.device&changed_object_type=dcim.interface": 3,
        "changed_object_type__n=dcim.interface": 9,
        f"changed_object_id={device.pk}": 1,
        "related_object_type=dcim.device": 2,
        f"related_object_id={device.pk}": 2,
        "change_context=web": 2,
        "change_context=orm": 9,
        "change_context=orm&change_context=web": 11,
        "q=eth": 2,
        "object_repr__ic=GLOBEX": 3,
        f"time__lte={day_ago}": 1,
        f"time__gte={day_ago}": 10,
    }
    for query, count in expected.items():
        response = api.send("GET", f"{ENDPOINT}?{query}")
        assert response.status_code == 200, (query, response.content)
        assert response.json()["count"] == count, (query, response.json()["count"])
    for bad in ("changed_object_type=nope", "changed_object_type=dcim.nothing", "request_id=x", "created__gte=x"):
        response = api.send("GET", f"{ENDPOINT}?{bad}")
        assert response.status_code == 400, (bad, response.content)


def test_query_count_per_page_does_not_grow_with_rows(api: APIClient) -> None:
    site = f.location()
    dtype = f.device_type(interfaces=1)

    def page_queries(depth: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = api.send("GET", f"{ENDPOINT}?depth={depth}&limit=1000")
            assert response.status_code == 200
        return len(ctx)

    f.device("d0", dtype, site)
    Tenant.objects.create(name="t0").delete()
    api.send("GET", ENDPOINT)  # the token's last_used is written once a minute
    few = {depth: page_queries(depth) for depth in (0, 1)}
    for index in range(1, 11):
        f.device(f"d{index}", dtype, site)
        Tenant.objects.create(name=f"t{index}").delete()
    many = {depth: page_queries(depth) for depth in (0, 1)}
    assert ObjectChange.objects.count() > 30
    assert many == few, (few, many)
