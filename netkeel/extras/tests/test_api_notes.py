"""Notes: /api/extras/notes/, and `…/<id>/notes/` on every model endpoint (pynautobot's `Record.notes`)."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth.models import Group
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from requests.structures import CaseInsensitiveDict

from netkeel.core.testing.api import TOKEN, APIClient, APIEndpointTests, make_user, perm
from netkeel.extras.models import Note, Tag
from netkeel.tenancy.models import Tenant
from netkeel.users.models import User

pytestmark = pytest.mark.django_db

pynautobot = pytest.importorskip("pynautobot")

OTHER_TOKEN = "c" * 40


def author() -> Any:
    return User.objects.get_or_create(username="note-author")[0]


class TestNotes(APIEndpointTests):
    endpoint = "/api/extras/notes/"
    model = Note
    update_payload = {"note": "changed"}
    bad_payloads = [
        (
            {"note": "x", "assigned_object_type": "tenancy.tenant", "assigned_object_id": str(uuid.uuid4())},
            "assigned_object_id",
        ),
        (
            {"note": "x", "assigned_object_type": "tenancy.nothing", "assigned_object_id": str(uuid.uuid4())},
            "assigned_object_type",
        ),
        (
            {"note": "x", "assigned_object_type": "auth.group", "assigned_object_id": str(uuid.uuid4())},
            "assigned_object_type",
        ),
        ({"note": "x", "assigned_object_type": "tenancy.tenant", "assigned_object_id": "17"}, "assigned_object_id"),
        ({"assigned_object_type": "tenancy.tenant", "assigned_object_id": str(uuid.uuid4())}, "note"),
    ]
    filter_cases = [
        ("assigned_object_type", "tenancy.tenant", 2),
        ("assigned_object_type", "tenancy.tenant&assigned_object_type=extras.tag", 3),
        ("assigned_object_type__n", "tenancy.tenant", 1),
        ("user", "note-author", 3),
        ("user_name", "note-author", 3),
        ("q", "note-1", 1),
        ("note__ic", "NOTE", 3),
    ]

    def make(self, index: int) -> Any:
        target: Any = (
            Tenant.objects.get_or_create(name="noted")[0]
            if index % 3 != 2
            else Tag.objects.get_or_create(name="noted")[0]
        )
        return Note.objects.create(assigned_object=target, note=f"note-{index}", user=author())

    def test_graphql_view_only_user_sees_no_object_of_another_model(self, db: Any) -> None:
        """A note is read with its object: here the viewer may view the tenants the notes are on (exempt from
        view permissions), and nothing else."""
        with override_settings(EXEMPT_VIEW_PERMISSIONS=["tenancy.tenant"]):
            super().test_graphql_view_only_user_sees_no_object_of_another_model(db)

    def create_payloads(self) -> list[dict[str, Any]]:
        tenant = Tenant.objects.create(name="t")
        tag = Tag.objects.create(name="t")
        return [
            {"note": "first", "assigned_object_type": "tenancy.tenant", "assigned_object_id": str(tenant.pk)},
            {"note": "second", "assigned_object_type": "tenancy.tenant", "assigned_object_id": str(tenant.pk)},
            {"note": "third", "assigned_object_type": "extras.tag", "assigned_object_id": str(tag.pk)},
        ]


def test_a_note_made_at_the_notes_endpoint_is_the_requesters(api: APIClient) -> None:
    tenant = Tenant.objects.create(name="t")
    payload = {"note": "hello", "assigned_object_type": "tenancy.tenant", "assigned_object_id": str(tenant.pk)}
    body = api.send("POST", "/api/extras/notes/", {**payload, "user": str(author().pk), "user_name": "x"}).json()
    admin = User.objects.get(username="api-admin")
    assert body["user"]["id"] == str(admin.pk) and body["user_name"] == "api-admin"
    assert body["assigned_object"] == {
        "id": str(tenant.pk),
        "object_type": "tenancy.tenant",
        "url": f"http://localhost/api/tenancy/tenants/{tenant.pk}/",
    }
    assert body["user"]["url"] == f"http://localhost/api/users/users/{admin.pk}/"
    by_object = api.send("GET", f"/api/extras/notes/?assigned_object_id={tenant.pk}").json()
    assert [row["note"] for row in by_object["results"]] == ["hello"]


def test_notes_of_a_tenant(api: APIClient) -> None:
    tenant = Tenant.objects.create(name="t1")
    other = Tenant.objects.create(name="t2")
    Note.objects.create(assigned_object=other, note="not mine")
    notes_url = f"/api/tenancy/tenants/{tenant.pk}/notes/"
    assert api.send("GET", f"/api/tenancy/tenants/{tenant.pk}/").json()["notes_url"] == f"http://localhost{notes_url}"
    empty = api.send("GET", notes_url)
    assert empty.status_code == 200 and empty.json() == {"count": 0, "next": None, "previous": None, "results": []}

    created = api.send("POST", notes_url, {"note": "foo"})
    assert created.status_code == 201, created.content
    note = created.json()
    admin = User.objects.get(username="api-admin")
    assert note["note"] == "foo"
    assert note["assigned_object_type"] == "tenancy.tenant"
    assert note["assigned_object_id"] == str(tenant.pk)
    assert note["user"]["id"] == str(admin.pk) and note["user_name"] == "api-admin"
    assert note["url"] == f"http://localhost/api/extras/notes/{note['id']}/"

    api.send("POST", notes_url, {"note": "bar"})
    page = api.send("GET", f"{notes_url}?limit=1").json()
    assert page["count"] == 2 and [row["note"] for row in page["results"]] == ["foo"]
    assert page["next"] == f"http://localhost{notes_url}?limit=1&offset=1"
    assert [row["note"] for row in api.send("GET", page["next"]).json()["results"]] == ["bar"]
    # The object is named by its natural key as well.
    assert api.send("GET", "/api/tenancy/tenants/t1/notes/").json()["count"] == 2


def test_notes_of_a_tag_and_the_object_they_name_cannot_be_changed(api: APIClient) -> None:
    tag = Tag.objects.create(name="gold")
    tenant = Tenant.objects.create(name="t")
    response = api.send(
        "POST",
        f"/api/extras/tags/{tag.pk}/notes/",
        {"note": "tagged", "assigned_object_type": "tenancy.tenant", "assigned_object_id": str(tenant.pk)},
    )
    assert response.status_code == 201, response.content
    assert response.json()["assigned_object_type"] == "extras.tag"
    assert response.json()["assigned_object_id"] == str(tag.pk)
    assert api.send("GET", "/api/extras/tags/gold/notes/").json()["count"] == 1
    assert Note.objects.get().assigned_object == tag


def test_bad_notes_are_a_400_and_missing_objects_a_404(api: APIClient) -> None:
    tenant = Tenant.objects.create(name="t")
    notes_url = f"/api/tenancy/tenants/{tenant.pk}/notes/"
    for payload, field in [({"note": ""}, "note"), ({}, "note"), ([{"note": "x"}], "non_field_errors")]:
        response = api.send("POST", notes_url, payload)
        assert response.status_code == 400 and field in response.json(), (payload, response.content)
    assert api.send("GET", f"/api/tenancy/tenants/{uuid.uuid4()}/notes/").status_code == 404
    assert api.send("POST", f"/api/tenancy/tenants/{uuid.uuid4()}/notes/", {"note": "x"}).status_code == 404
    group = Group.objects.create(name="g")
    assert api.send("GET", f"/api/users/groups/{group.pk}/notes/").status_code == 404
    assert "notes_url" not in api.send("GET", f"/api/users/groups/{group.pk}/").json()
    assert not Note.objects.exists()


def test_notes_permissions(db: Any) -> None:
    tenant = Tenant.objects.create(name="t")
    Note.objects.create(assigned_object=tenant, note="seen")
    notes_url = f"/api/tenancy/tenants/{tenant.pk}/notes/"
    make_user("viewer", perms=(perm(Tenant, "view"),), token="1" * 40)
    viewer = APIClient(token="1" * 40)
    assert viewer.send("GET", f"/api/tenancy/tenants/{tenant.pk}/").status_code == 200
    assert viewer.send("GET", notes_url).status_code == 403, "reading notes needs extras.view_note"

    make_user("reader", perms=(perm(Tenant, "view"), perm(Note, "view")), token="2" * 40)
    reader = APIClient(token="2" * 40)
    assert reader.send("GET", notes_url).json()["count"] == 1
    assert reader.send("POST", notes_url, {"note": "x"}).status_code == 403, "writing needs extras.add_note"

    make_user("writer", perms=(perm(Tenant, "view"), perm(Note, "add")), token="3" * 40)
    writer = APIClient(token="3" * 40)
    created = writer.send("POST", notes_url, {"note": "mine"})
    assert created.status_code == 201, created.content
    assert created.json()["user_name"] == "writer"

    make_user("stranger", perms=(perm(Note, "add"), perm(Note, "view")), token="4" * 40)
    assert APIClient(token="4" * 40).send("POST", notes_url, {"note": "x"}).status_code == 403

    make_user("read-only", superuser=True, token="5" * 40, write_enabled=False)
    refused = APIClient(token="5" * 40).send("POST", notes_url, {"note": "x"})
    assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
    assert APIClient(token=None).send("GET", notes_url).status_code == 403
    assert Note.objects.count() == 2


def test_a_note_keeps_its_authors_name_when_the_user_goes(api: APIClient) -> None:
    tenant = Tenant.objects.create(name="t")
    make_user("leaver", superuser=True, token=OTHER_TOKEN)
    created = APIClient(token=OTHER_TOKEN).send("POST", f"/api/tenancy/tenants/{tenant.pk}/notes/", {"note": "bye"})
    assert created.status_code == 201
    User.objects.filter(username="leaver").delete()
    note = api.send("GET", f"/api/extras/notes/{created.json()['id']}/").json()
    assert note["user"] is None and note["user_name"] == "leaver"


def test_notes_of_an_object_cost_the_same_queries_for_one_or_many(api: APIClient) -> None:
    tenant = Tenant.objects.create(name="t")
    users = [make_user(f"u{index}") for index in range(20)]
    url = f"/api/tenancy/tenants/{tenant.pk}/notes/"
    counts: dict[tuple[int, int], int] = {}
    for rows in (2, 20):
        for index in range(Note.objects.count(), rows):
            Note.objects.create(assigned_object=tenant, note=f"n{index}", user=users[index])
        for depth in (0, 1):
            with CaptureQueriesContext(connection) as ctx:
                response = api.send("GET", f"{url}?depth={depth}")
            assert response.status_code == 200 and response.json()["count"] == rows
            counts[(rows, depth)] = len(ctx)
    assert counts[(20, 0)] <= counts[(2, 0)] and counts[(20, 1)] <= counts[(2, 1)], counts
    nested = api.send("GET", f"{url}?depth=1").json()["results"][0]["user"]
    assert nested["username"] == "u0" and "groups" not in nested and "password" not in nested


class DjangoClientAdapter(requests.adapters.BaseAdapter):
    """Hands pynautobot's HTTP requests to Django's test client: the real client, no server thread."""

    def __init__(self, client: APIClient) -> None:
        super().__init__()
        self.client = client

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        url = urlsplit(request.url or "")
        headers: dict[str, Any] = {
            f"HTTP_{name.upper().replace('-', '_')}": value
            for name, value in request.headers.items()
            if name.lower() not in ("content-type", "content-length")
        }
        headers["HTTP_HOST"] = url.netloc
        answer = self.client.generic(
            request.method or "GET",
            f"{url.path}?{url.query}" if url.query else url.path,
            data=request.body or b"",
            content_type=str(request.headers.get("Content-Type", "")),
            **headers,
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers = CaseInsensitiveDict(answer.headers)
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


def test_pynautobot_record_notes(api: APIClient) -> None:
    """pynautobot's `Record.notes`, as a client script uses it: list, then create."""
    tenant = Tenant.objects.create(name="noted")
    nb = pynautobot.api("http://localhost", token=TOKEN)
    nb.http_session.mount("http://localhost/", DjangoClientAdapter(APIClient(token=None)))
    record = nb.tenancy.tenants.get(str(tenant.pk))
    assert record.name == "noted"
    assert list(record.notes.list()) == []
    created = record.notes.create({"note": "from pynautobot"})
    assert created.note == "from pynautobot" and created.assigned_object_type == "tenancy.tenant"
    assert [note.note for note in record.notes.list()] == ["from pynautobot"]
    assert created.user.username == "api-admin"  # a brief reference, filled in from its url
    # pynautobot's own test_get_note_on_invalid_object: a content type carries no notes.
    content_type = nb.extras.content_types.get(model="tenant")
    assert content_type.app_label == "tenancy"
    with pytest.raises(pynautobot.RequestError, match="The requested url: .* could not be found."):
        content_type.notes.list()


def test_notes_filter_by_the_content_type_id(api: APIClient) -> None:
    from django.contrib.contenttypes.models import ContentType

    tenant, tag = Tenant.objects.create(name="by-type"), Tag.objects.create(name="by-type")
    Note.objects.create(assigned_object=tenant, note="on the tenant", user=author())
    Note.objects.create(assigned_object=tag, note="on the tag", user=author())
    tenants = ContentType.objects.get_for_model(Tenant).pk

    def notes(query: str) -> list[str]:
        response = api.send("GET", f"/api/extras/notes/?{query}")
        assert response.status_code == 200, response.content
        return sorted(row["note"] for row in response.json()["results"])

    assert notes(f"assigned_object_type_id={tenants}") == ["on the tenant"]
    assert notes(f"assigned_object_type_id__n={tenants}") == ["on the tag"]
    assert api.send("GET", "/api/extras/notes/?assigned_object_type_id=tenant").status_code == 400
