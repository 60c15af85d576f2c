"""Notes and change records are read with the object they belong to: `/api/extras/notes/`,
`/api/extras/object-changes/`, GraphQL's querysets and the change-log pages show a row only if the reader
may view its object (a model they may view whole: every row, a deleted object's too; in part: the rows of
the objects their constraints match, a subquery; not at all: none). A note goes only on an object its
author may view."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from netkeel.core.api.permissions import viewable
from netkeel.core.permissions import forget
from netkeel.core.testing.api import APIClient, make_user
from netkeel.core.testing.ui import signed_in
from netkeel.dcim import models as dcim
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Note, ObjectChange
from netkeel.users.models import ObjectPermission

pytestmark = pytest.mark.django_db

TOKEN = "a7" * 20
LOG_PERMS = ("extras.view_note", "extras.add_note", "extras.view_objectchange")


def grant(user: Any, model: type, actions: list[str], constraints: Any) -> None:
    permission = ObjectPermission.objects.create(
        name=f"{user.username} {model.__name__} {constraints}", actions=actions, constraints=constraints
    )
    permission.object_types.set([ContentType.objects.get_for_model(model)])
    permission.users.add(user)
    forget(user)


def change(obj: Any, action: str = "update", model: type | None = None, pk: Any = None) -> ObjectChange:
    model = model or type(obj)
    return ObjectChange.objects.create(
        time=timezone.now(),
        action=action,
        changed_object_type=ContentType.objects.get_for_model(model),
        changed_object_id=pk or obj.pk,
        object_repr=str(obj) if obj is not None else "gone",
    )


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    dtype = f.device_type()
    a, b = f.location("A"), f.location("B")
    in_a, in_b = f.device("dev-a", dtype, a), f.device("dev-b", dtype, b)
    device_type = ContentType.objects.get_for_model(dcim.Device)
    location_type = ContentType.objects.get_for_model(dcim.Location)
    notes = {
        "a": Note.objects.create(assigned_object_type=device_type, assigned_object_id=in_a.pk, note="on dev-a"),
        "b": Note.objects.create(assigned_object_type=device_type, assigned_object_id=in_b.pk, note="on dev-b"),
        "loc": Note.objects.create(assigned_object_type=location_type, assigned_object_id=a.pk, note="on A"),
    }
    changes = {
        "a": change(in_a),
        "b": change(in_b),
        "loc": change(a),
        "gone": change(None, "delete", dcim.Device, uuid.uuid4()),
    }
    # Only these changes (the ones the change log recorded of the objects made above are left out).
    ObjectChange.objects.exclude(pk__in=[item.pk for item in changes.values()]).delete()
    return {"a": a, "b": b, "in_a": in_a, "in_b": in_b, "notes": notes, "changes": changes}


@pytest.fixture
def berlin(world: dict[str, Any]) -> APIClient:
    """May view the devices of location A only, and no location; may read notes and the change log."""
    user = make_user("berlin", perms=LOG_PERMS, token=TOKEN)
    grant(user, dcim.Device, ["view"], {"location__name": "A"})
    return APIClient(token=TOKEN)


def listed(client: APIClient, path: str) -> set[str]:
    response = client.send("GET", path)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def ids(*objects: Any) -> set[str]:
    return {str(obj.pk) for obj in objects}


def test_note_and_change_lists_show_only_rows_of_objects_the_reader_may_view(
    berlin: APIClient, world: dict[str, Any]
) -> None:
    notes, changes = world["notes"], world["changes"]
    assert listed(berlin, "/api/extras/notes/?limit=100") == ids(notes["a"])
    assert berlin.send("GET", f"/api/extras/notes/{notes['b'].pk}/").status_code == 404
    # A deleted device's change: its kind is viewable only in part, so not shown.
    assert listed(berlin, "/api/extras/object-changes/?limit=100") == ids(changes["a"])
    assert berlin.send("GET", f"/api/extras/object-changes/{changes['b'].pk}/").status_code == 404


def test_a_reader_of_a_whole_kind_reads_all_its_rows_and_deleted_objects_changes(world: dict[str, Any]) -> None:
    make_user("noc", perms=(*LOG_PERMS, "dcim.view_device"), token="a8" * 20)
    noc = APIClient(token="a8" * 20)
    notes, changes = world["notes"], world["changes"]
    assert listed(noc, "/api/extras/notes/?limit=100") == ids(notes["a"], notes["b"])
    assert listed(noc, "/api/extras/object-changes/?limit=100") == ids(changes["a"], changes["b"], changes["gone"])
    make_user("root", superuser=True, token="a9" * 20)
    root = APIClient(token="a9" * 20)
    assert ids(*changes.values()) <= listed(root, "/api/extras/object-changes/?limit=100")  # (and users made since)


def test_the_lists_cost_the_same_queries_whatever_their_rows(berlin: APIClient, world: dict[str, Any]) -> None:
    berlin.send("GET", "/api/extras/notes/")
    with CaptureQueriesContext(connection) as few:
        berlin.send("GET", "/api/extras/notes/")
    device_type = ContentType.objects.get_for_model(dcim.Device)
    for index in range(6):
        device = f.device(f"more-{index}", f.device_type(), world["a"] if index % 2 else world["b"])
        Note.objects.create(assigned_object_type=device_type, assigned_object_id=device.pk, note=f"n{index}")
    with CaptureQueriesContext(connection) as many:
        assert len(listed(berlin, "/api/extras/notes/")) == 4
    assert len(many) == len(few)


def test_a_note_goes_only_on_an_object_its_author_may_view(berlin: APIClient, world: dict[str, Any]) -> None:
    body = {"assigned_object_type": "dcim.device", "assigned_object_id": str(world["in_b"].pk), "note": "hi"}
    refused = berlin.send("POST", "/api/extras/notes/", body)
    assert refused.status_code == 400
    assert "that you may view" in str(refused.json()["assigned_object_id"])
    assert not Note.objects.filter(note="hi").exists()
    body["assigned_object_id"] = str(world["in_a"].pk)
    assert berlin.send("POST", "/api/extras/notes/", body).status_code == 201


def test_graphql_querysets_go_through_the_object(world: dict[str, Any]) -> None:
    from netkeel.users.models import User

    user = User.objects.get_or_create(username="gql")[0]
    for perm in LOG_PERMS:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    grant(user, dcim.Device, ["view"], {"location__name": "B"})
    user = User.objects.get(pk=user.pk)
    assert set(viewable(Note.objects.all(), user)) == {world["notes"]["b"]}
    assert set(viewable(ObjectChange.objects.all(), user)) == {world["changes"]["b"]}
    # The change of a note goes with the note, which goes with its object.
    note_change = change(world["notes"]["a"])
    shown = change(world["notes"]["b"])
    assert set(viewable(ObjectChange.objects.all(), user)) == {world["changes"]["b"], shown}
    assert note_change not in set(viewable(ObjectChange.objects.all(), user))


def test_the_change_log_pages_show_only_changes_of_objects_the_reader_may_view(
    berlin: APIClient, world: dict[str, Any]
) -> None:
    from netkeel.users.models import User

    client = signed_in(User.objects.get(username="berlin"))
    page = client.get("/extras/changes/").content.decode()
    changes = world["changes"]
    assert str(changes["a"].pk) in page and str(changes["b"].pk) not in page and str(changes["gone"].pk) not in page
    assert client.get(f"/extras/changes/{changes['b'].pk}/").status_code == 404
    assert client.get(f"/extras/changes/{changes['a'].pk}/").status_code == 200
