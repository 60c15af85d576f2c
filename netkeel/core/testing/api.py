"""`APIEndpointTests`: the CRUD, bulk, filter, permission, bad-input and query-count contract that every
REST endpoint must meet. A test class per endpoint sets a few attributes and gets every test:

    class TestTenants(APIEndpointTests):
        endpoint = "/api/tenancy/tenants/"
        model = Tenant

        def make(self, index):            # one object, saved; index 0, 1, 2, …
            return Tenant.objects.create(name=f"tenant-{index}")

        def create_payloads(self):        # three valid POST bodies
            return [{"name": "new-1"}, {"name": "new-2"}, {"name": "new-3"}]

        update_payload = {"description": "changed"}
        bad_payloads = [({"name": ""}, "name")]   # (body, field named in the 400)
        filter_cases = [("name", "tenant-1", 1)]  # (parameter, value, expected count among 3 made)
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.constrained import ConstrainedAPITests
from netkeel.core.testing.graphql import GraphQLEndpointTests

TOKEN = "0123456789abcdef0123456789abcdef01234567"
READ_ONLY_TOKEN = "76543210fedcba9876543210fedcba9876543210"


class APIClient(Client):
    """A Django test client speaking JSON with a token, as pynautobot does."""

    def __init__(self, token: str | None = TOKEN, **defaults: Any) -> None:
        headers: dict[str, Any] = {"HTTP_HOST": "localhost", "HTTP_ACCEPT": "application/json"}
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Token {token}"
        super().__init__(**{**headers, **defaults})

    def send(self, method: str, path: str, data: Any = None, **extra: Any) -> Any:
        call = getattr(self, method.lower())
        if data is None:
            return call(path, **extra)
        return call(path, data=json.dumps(data), content_type="application/json", **extra)


def make_user(
    username: str,
    *,
    superuser: bool = False,
    perms: tuple[str, ...] = (),
    token: str | None = None,
    write_enabled: bool = True,
) -> Any:
    # By name: core sits below the users app in the layer contract.
    User = apps.get_model("users", "User")
    Token = apps.get_model("users", "Token")
    user = User.objects.create(username=username, is_superuser=superuser, is_staff=superuser)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    if token:
        Token.objects.create(user=user, key=token, write_enabled=write_enabled)
    return user


@pytest.fixture
def api(db: Any) -> APIClient:
    """A client authenticated as a superuser by token."""
    make_user("api-admin", superuser=True, token=TOKEN)
    return APIClient()


def perm(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def assert_rendered_as_drf_does(api: APIClient, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    """GET `path` as served, then the plain way: DRF's `Serializer.to_representation` in place of the
    serializers' plans, and the page's many-to-many fields prefetched as objects rather than read as ids
    by the serializer. The two bodies must be the same bytes."""
    from netkeel.core.api import rows
    from netkeel.core.api.serializers import BaseModelSerializer

    planned = api.send("GET", path)
    with monkeypatch.context() as patch:
        patch.setattr(BaseModelSerializer, "to_representation", rows.generic_row)
        patch.setattr(rows, "PAGE_LOADS_MANY_TO_MANY", False)
        generic = api.send("GET", path)
    assert planned.status_code == generic.status_code == 200, (path, planned.content[:500])
    assert planned.content == generic.content, path


# GraphQL's per-model tests (testing.graphql) and a constrained user's (testing.constrained) come with it.
class APIEndpointTests(GraphQLEndpointTests, ConstrainedAPITests):
    endpoint: ClassVar[str]
    model: ClassVar[type[models.Model]]
    update_payload: ClassVar[dict[str, Any]] = {}
    bad_payloads: ClassVar[list[tuple[Any, str]]] = []
    filter_cases: ClassVar[list[tuple[str, str, int]]] = []
    # Models whose objects other tests cannot delete through the endpoint (a service refuses) set False.
    deletable: ClassVar[bool] = True
    # Rows for the query-count test; an endpoint whose rows are costly to make may lower the larger one.
    query_count_rows: ClassVar[tuple[int, int]] = (3, 30)

    def make(self, index: int) -> models.Model:
        raise NotImplementedError

    def create_payloads(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def make_many(self, count: int, start: int = 0) -> list[models.Model]:
        return [self.make(index) for index in range(start, start + count)]

    def detail(self, obj: models.Model) -> str:
        return f"{self.endpoint}{obj.pk}/"

    # ---------------------------------------------------------------------------- reads

    def test_list(self, api: APIClient) -> None:
        made = self.make_many(3)
        response = api.send("GET", self.endpoint)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert body["count"] == self.model._default_manager.count() >= 3
        ids = {row["id"] for row in body["results"]}
        assert {str(obj.pk) for obj in made} <= ids
        row = body["results"][0]
        assert row["object_type"] == f"{self.model._meta.app_label}.{self.model._meta.model_name}"
        assert row["url"].startswith("http://localhost/api/") and row["url"].endswith(f"/{row['id']}/")
        for key in ("display", "natural_slug", "created", "last_updated", "notes_url", "custom_fields"):
            assert key in row, key
        assert response["API-Version"]

    def test_get(self, api: APIClient) -> None:
        obj = self.make(0)
        response = api.send("GET", self.detail(obj))
        assert response.status_code == 200, response.content
        assert response.json()["id"] == str(obj.pk)
        assert api.send("GET", f"{self.endpoint}00000000-0000-0000-0000-000000000000/").status_code == 404

    def test_depth_one_and_two(self, api: APIClient) -> None:
        self.make(0)
        for depth in (1, 2):
            response = api.send("GET", f"{self.endpoint}?depth={depth}")
            assert response.status_code == 200, response.content
        assert api.send("GET", f"{self.endpoint}?depth=11").status_code == 400

    def test_filters(self, api: APIClient) -> None:
        self.make_many(3)
        for parameter, value, expected in self.filter_cases:
            response = api.send("GET", f"{self.endpoint}?{parameter}={value}")
            assert response.status_code == 200, (parameter, response.content)
            assert response.json()["count"] == expected, (parameter, value, response.json()["count"])
        response = api.send("GET", f"{self.endpoint}?no_such_filter=1")
        assert response.status_code == 400 and "no_such_filter" in response.json()

    def test_options_lists_every_field_with_a_type(self, api: APIClient) -> None:
        response = api.send("OPTIONS", self.endpoint)
        assert response.status_code == 200, response.content
        post = response.json()["actions"]["POST"]
        assert post and all("type" in info for info in post.values())

    def test_rows_render_as_drf_renders_them(self, api: APIClient, monkeypatch: pytest.MonkeyPatch) -> None:
        """The list's rows, rendered by each serializer's plan (core/api/rows.py), are byte for byte what
        DRF's generic field walk renders for the same request, at depth 0 and 1."""
        self.make_many(3)
        for depth in (0, 1):
            assert_rendered_as_drf_does(api, monkeypatch, f"{self.endpoint}?depth={depth}&limit=1000")

    def test_query_count_does_not_grow_with_rows(self, api: APIClient) -> None:
        few, many = self.query_count_rows
        self.make_many(few)
        counts: dict[tuple[int, int], int] = {}
        for depth in (0, 1):
            with CaptureQueriesContext(connection) as ctx:
                assert api.send("GET", f"{self.endpoint}?depth={depth}&limit=1000").status_code == 200
            counts[(few, depth)] = len(ctx)
        self.make_many(many - few, start=few)
        for depth in (0, 1):
            with CaptureQueriesContext(connection) as ctx:
                response = api.send("GET", f"{self.endpoint}?depth={depth}&limit=1000")
                assert response.status_code == 200
            counts[(many, depth)] = len(ctx)
            assert len(response.json()["results"]) >= many
        for depth in (0, 1):
            assert counts[(many, depth)] <= counts[(few, depth)], f"queries grew with rows at depth {depth}: {counts}"

    # ---------------------------------------------------------------------------- writes

    def test_create(self, api: APIClient) -> None:
        payload = self.create_payloads()[0]
        response = api.send("POST", self.endpoint, payload)
        assert response.status_code == 201, response.content
        created = response.json()
        assert self.model._default_manager.filter(pk=created["id"]).exists()
        assert api.send("GET", f"{self.endpoint}{created['id']}/").status_code == 200

    def test_create_with_the_clients_id(self, api: APIClient) -> None:
        """As Nautobot: a new object may be given its id; an id taken already is a 400 naming `id`."""
        if not isinstance(self.model._meta.pk, models.UUIDField):
            # Nautobot 3.2.7 takes no id on creating an object with an integer id: its schema's GroupRequest
            # has none and Group's id is read-only (content types are read-only altogether), so no client can
            # count on it. (netkeel's groups keep an id given all the same: users/tests/test_api.py.)
            pytest.skip("Nautobot takes no id on creating an object whose id is an integer")
        given = "0b1e7c4a-5d2f-4c3e-9a8b-7f6e5d4c3b2a"
        payload, another = self.create_payloads()[:2]
        response = api.send("POST", self.endpoint, {**payload, "id": given})
        assert response.status_code == 201, response.content
        assert response.json()["id"] == given
        assert self.model._default_manager.filter(pk=given).exists()
        before = self.model._default_manager.count()
        response = api.send("POST", self.endpoint, {**another, "id": given})
        assert response.status_code == 400, response.content
        assert "id" in response.json(), response.content
        assert self.model._default_manager.count() == before
        moved = api.send("PATCH", f"{self.endpoint}{given}/", {"id": "5c0ffee0-0000-4000-8000-000000000000"})
        assert moved.status_code == 400 and "id" in moved.json(), moved.content

    def test_bulk_create(self, api: APIClient) -> None:
        payloads = self.create_payloads()
        before = self.model._default_manager.count()
        response = api.send("POST", self.endpoint, payloads)
        assert response.status_code == 201, response.content
        assert isinstance(response.json(), list) and len(response.json()) == len(payloads)
        assert self.model._default_manager.count() == before + len(payloads)

    def test_update(self, api: APIClient) -> None:
        obj = self.make(0)
        response = api.send("PATCH", self.detail(obj), self.update_payload)
        assert response.status_code == 200, response.content

    def test_bulk_update(self, api: APIClient) -> None:
        made = self.make_many(2)
        response = api.send("PATCH", self.endpoint, [{"id": str(obj.pk), **self.update_payload} for obj in made])
        assert response.status_code == 200, response.content
        assert len(response.json()) == 2

    def test_delete(self, api: APIClient) -> None:
        if not self.deletable:
            pytest.skip("objects of this endpoint are not deleted through it")
        obj = self.make(0)
        response = api.send("DELETE", self.detail(obj))
        assert response.status_code == 204, response.content
        assert response.content == b""
        assert not self.model._default_manager.filter(pk=obj.pk).exists()

    def test_bulk_delete(self, api: APIClient) -> None:
        if not self.deletable:
            pytest.skip("objects of this endpoint are not deleted through it")
        made = self.make_many(2)
        response = api.send("DELETE", self.endpoint, [{"id": str(obj.pk)} for obj in made])
        assert response.status_code == 204, response.content
        assert not self.model._default_manager.filter(pk__in=[obj.pk for obj in made]).exists()

    def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(self, api: APIClient) -> None:
        before = self.model._default_manager.count()
        for payload, field in [*self.bad_payloads, (["not an object"], "non_field_errors")]:
            response = api.send("POST", self.endpoint, payload)
            assert response.status_code == 400, (payload, response.status_code, response.content)
            body = response.json()
            text = json.dumps(body)
            assert field in text, (payload, body)
        assert self.model._default_manager.count() == before

    # ---------------------------------------------------------------------------- permissions

    def test_permissions(self, db: Any) -> None:
        obj = self.make(0)
        anonymous = APIClient(token=None)
        assert anonymous.send("GET", self.endpoint).status_code == 403
        assert APIClient(token="f" * 40).send("GET", self.endpoint).status_code == 403
        make_user("reader", perms=(perm(self.model, "view"),), token=READ_ONLY_TOKEN, write_enabled=False)
        reader = APIClient(token=READ_ONLY_TOKEN)
        assert reader.send("GET", self.endpoint).status_code == 200
        assert reader.send("PATCH", self.detail(obj), self.update_payload).status_code == 403
        assert reader.send("DELETE", self.detail(obj)).status_code == 403
        nobody_token = "a" * 40
        make_user("nobody", token=nobody_token)
        assert APIClient(token=nobody_token).send("GET", self.endpoint).status_code == 403
        assert self.model._default_manager.filter(pk=obj.pk).exists()
