"""The one enforcement point (`netkeel.core.permissions.restrict`) with users' object permissions, and the
REST API behind it: a user who may act on the devices of location A only, by an object permission with
`{"location__name": "A"}`, sees and writes exactly those."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from netkeel.core.permissions import allowed_ids, forget, may, restrict
from netkeel.core.testing.api import APIClient, make_user
from netkeel.dcim.models import Device, Location
from netkeel.dcim.tests import factories
from netkeel.users.models import ObjectPermission, User

TOKEN = "c" * 40


def grant(user: Any, model: type, actions: list[str], constraints: Any = None, *, name: str = "") -> ObjectPermission:
    permission = ObjectPermission.objects.create(
        name=name or f"{user.username} {model.__name__} {actions} {constraints}",
        actions=actions,
        constraints=constraints,
    )
    permission.object_types.set([ContentType.objects.get_for_model(model)])
    permission.users.add(user)
    forget(user)
    return permission


@pytest.fixture
def two_sites(db: Any) -> dict[str, Any]:
    dtype = factories.device_type()
    a, b = factories.location("A"), factories.location("B")
    return {
        "a": a,
        "b": b,
        "dtype": dtype,
        "in_a": factories.device("dev-a", dtype, a),
        "in_b": factories.device("dev-b", dtype, b),
    }


def names(queryset: Any) -> set[str]:
    return {obj.name for obj in queryset}


# ------------------------------------------------------------------------------------ restrict itself


def test_who_sees_what(two_sites: dict[str, Any]) -> None:
    devices = Device.objects.all()
    boss = User.objects.create(username="boss", is_superuser=True)
    assert names(restrict(devices, boss, "delete")) == {"dev-a", "dev-b"}
    nobody = User.objects.create(username="nobody")
    assert not restrict(devices, nobody, "view").exists() and not may(nobody, Device, "view")
    assert not restrict(devices, None, "view").exists()
    gone = User.objects.create(username="gone", is_superuser=True, is_active=False)
    assert not restrict(devices, gone, "view").exists()

    # Django's own model permission (here through a group): every object.
    group = Group.objects.create(name="viewers")
    group.permissions.add(Permission.objects.get(codename="view_device"))
    nobody.groups.add(group)
    forget(nobody)
    assert names(restrict(devices, nobody, "view")) == {"dev-a", "dev-b"}
    assert not restrict(devices, nobody, "change").exists()


def test_constraints_are_ored_across_permissions_and_user_stands_for_the_requester(
    two_sites: dict[str, Any],
) -> None:
    devices = Device.objects.all()
    user = User.objects.create(username="berlin")
    grant(user, Device, ["view", "change"], {"location__name": "A"})
    assert may(user, Device, "view") and user.has_perm("dcim.view_device") and user.has_perm("dcim.change_device")
    assert names(restrict(devices, user, "view")) == {"dev-a"}
    assert names(restrict(devices, user, "change")) == {"dev-a"}
    assert not restrict(devices, user, "delete").exists() and not user.has_perm("dcim.delete_device")
    assert user.has_perm("dcim.change_device", two_sites["in_a"])
    assert not user.has_perm("dcim.change_device", two_sites["in_b"])
    grant(user, Device, ["view"], [{"name": "nothing"}, {"location__name": "B"}])
    assert names(restrict(devices, user, "view")) == {"dev-a", "dev-b"}
    assert names(restrict(devices, user, "change")) == {"dev-a"}

    # `$user`: the permission matches the requester's own tokens only, whoever holds it.
    mine = User.objects.create(username="me")
    grant(mine, User, ["view"], {"username": "$user"})
    assert names_of_users(restrict(User.objects.all(), mine, "view")) == {"me"}


def names_of_users(queryset: Any) -> set[str]:
    return {user.username for user in queryset}


def test_an_empty_constraint_set_means_every_object_and_disabled_means_none(two_sites: dict[str, Any]) -> None:
    user = User.objects.create(username="u")
    permission = grant(user, Device, ["view"], [{"location__name": "A"}, {}])
    assert names(restrict(Device.objects.all(), user, "view")) == {"dev-a", "dev-b"}
    permission.enabled = False
    permission.save()
    forget(user)
    assert not restrict(Device.objects.all(), user, "view").exists() and not user.has_perm("dcim.view_device")


def test_exempt_view_permissions_and_default_permissions(two_sites: dict[str, Any]) -> None:
    user = User.objects.create(username="u")
    with override_settings(EXEMPT_VIEW_PERMISSIONS=["dcim.device"]):
        assert names(restrict(Device.objects.all(), user, "view")) == {"dev-a", "dev-b"}
        assert not restrict(Device.objects.all(), user, "change").exists()
    forget(user)
    with override_settings(EXEMPT_VIEW_PERMISSIONS=["*"]):
        assert restrict(Location.objects.all(), user, "view").count() == 2
        assert not restrict(User.objects.all(), user, "view").exists()  # never by "*"
    forget(user)
    with override_settings(DEFAULT_PERMISSIONS={"dcim.view_device": {"location__name": "B"}}):
        assert names(restrict(Device.objects.all(), user, "view")) == {"dev-b"}
        assert user.has_perm("dcim.view_device")


def test_read_once_per_user_object(two_sites: dict[str, Any]) -> None:
    user = User.objects.create(username="u")
    grant(user, Device, ["view"], {"location__name": "A"})
    assert names(restrict(Device.objects.all(), user, "view")) == {"dev-a"}
    with CaptureQueriesContext(connection) as ctx:
        assert names(restrict(Device.objects.all(), user, "view")) == {"dev-a"}
        assert allowed_ids(user, Device, [two_sites["in_a"].pk, two_sites["in_b"].pk]) == {two_sites["in_a"].pk}
    assert len(ctx) == 2  # the two reads themselves; no permission is read again


# ------------------------------------------------------------------------------------ REST


@pytest.fixture
def berlin(two_sites: dict[str, Any]) -> APIClient:
    """A user who may view, change, add and delete devices of location A, and view every location."""
    user = make_user("berlin", token=TOKEN)
    grant(user, Device, ["view", "add", "change", "delete"], {"location__name": "A"})
    grant(user, Location, ["view"])
    for name in ("dcim.view_devicetype", "extras.view_role", "extras.view_status"):
        app_label, codename = name.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return APIClient(token=TOKEN)


def test_rest_reads_only_the_matching_objects(berlin: APIClient, two_sites: dict[str, Any]) -> None:
    listed = berlin.send("GET", "/api/dcim/devices/")
    assert listed.status_code == 200 and [row["name"] for row in listed.json()["results"]] == ["dev-a"]
    assert listed.json()["count"] == 1
    assert berlin.send("GET", f"/api/dcim/devices/{two_sites['in_a'].pk}/").status_code == 200
    assert berlin.send("GET", f"/api/dcim/devices/{two_sites['in_b'].pk}/").status_code == 404
    assert berlin.send("GET", "/api/dcim/devices/dev-b;B/").status_code == 404
    csv = berlin.send("GET", "/api/dcim/devices/", HTTP_ACCEPT="text/csv")
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "dev-a" in text and "dev-b" not in text


def test_rest_writes_are_checked_before_and_after(berlin: APIClient, two_sites: dict[str, Any]) -> None:
    in_a, in_b = two_sites["in_a"], two_sites["in_b"]
    # Moving a device out of A: refused, nothing written.
    moved = berlin.send("PATCH", f"/api/dcim/devices/{in_a.pk}/", {"location": str(two_sites["b"].pk)})
    assert moved.status_code == 403, moved.content
    in_a.refresh_from_db()
    assert in_a.location_id == two_sites["a"].pk
    # A device of B: not there for this user.
    assert berlin.send("PATCH", f"/api/dcim/devices/{in_b.pk}/", {"serial": "x"}).status_code == 404
    assert berlin.send("DELETE", f"/api/dcim/devices/{in_b.pk}/").status_code == 404
    in_b.refresh_from_db()
    assert in_b.serial == ""
    # Within A: allowed.
    changed = berlin.send("PATCH", f"/api/dcim/devices/{in_a.pk}/", {"serial": "ok"})
    assert changed.status_code == 200, changed.content
    # Creating in B: refused and rolled back; in A: made.
    body = {"device_type": str(two_sites["dtype"].pk), "role": "Leaf", "status": "Active"}
    refused = berlin.send("POST", "/api/dcim/devices/", {**body, "name": "new-b", "location": "B"})
    assert refused.status_code == 403, refused.content
    assert not Device.objects.filter(name="new-b").exists()
    both = [{**body, "name": "new-a2", "location": "A"}, {**body, "name": "new-b2", "location": "B"}]
    assert berlin.send("POST", "/api/dcim/devices/", both).status_code == 403
    assert not Device.objects.filter(name__in=["new-a2", "new-b2"]).exists()
    made = berlin.send("POST", "/api/dcim/devices/", {**body, "name": "new-a", "location": "A"})
    assert made.status_code == 201, made.content


def test_rest_bulk_writes_touching_one_forbidden_object_write_nothing(
    berlin: APIClient, two_sites: dict[str, Any]
) -> None:
    in_a, in_b = two_sites["in_a"], two_sites["in_b"]
    patch = [{"id": str(in_a.pk), "serial": "s1"}, {"id": str(in_b.pk), "serial": "s2"}]
    assert berlin.send("PATCH", "/api/dcim/devices/", patch).status_code in (403, 404)
    assert set(Device.objects.values_list("serial", flat=True)) == {""}
    away = [{"id": str(in_a.pk), "location": str(two_sites["b"].pk)}]
    assert berlin.send("PATCH", "/api/dcim/devices/", away).status_code == 403
    in_a.refresh_from_db()
    assert in_a.location_id == two_sites["a"].pk
    doomed = [{"id": str(in_a.pk)}, {"id": str(in_b.pk)}]
    assert berlin.send("DELETE", "/api/dcim/devices/", doomed).status_code in (403, 404)
    assert Device.objects.count() == 2


def test_nested_objects_the_user_may_not_view_are_references(berlin: APIClient, two_sites: dict[str, Any]) -> None:
    """At ?depth, a related object renders in full only when the user may view that very object."""
    user = User.objects.get(username="berlin")
    ObjectPermission.objects.filter(users=user, object_types__model="location").update(
        constraints={"name": "B"}  # may view location B only, not A (where their device is)
    )
    row = berlin.send("GET", "/api/dcim/devices/?depth=1").json()["results"][0]
    assert row["name"] == "dev-a"
    assert set(row["location"]) == {"id", "object_type", "url"}  # A: a reference, not its name
    assert "model" in row["device_type"]  # a model the user may view: in full


def test_csv_names_a_related_object_the_user_may_not_view_by_its_id(
    berlin: APIClient, two_sites: dict[str, Any]
) -> None:
    """`Accept: text/csv` names related objects by natural key; one the user may not view, by its id only
    (its name is not theirs to read; an id imports the same)."""
    user = User.objects.get(username="berlin")
    ObjectPermission.objects.filter(users=user, object_types__model="location").update(constraints={"name": "B"})
    csv = berlin.send("GET", "/api/dcim/devices/", HTTP_ACCEPT="text/csv")
    text = b"".join(csv.streaming_content).decode()
    header, row = text.splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=False))
    assert cells["name"] == "dev-a" and cells["location"] == str(two_sites["a"].pk)
    assert cells["device_type"] != str(two_sites["dtype"].pk)  # a kind the user may view: by its name
