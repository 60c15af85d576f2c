"""The users endpoints: users (passwords written, never read), groups (integer ids), API tokens (each user
sees only their own; keys shown only to their owner) and permissions (read-only)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from netkeel.core.testing.api import TOKEN, APIClient, APIEndpointTests, make_user, perm
from netkeel.users.models import ObjectPermission, Token, User

pytestmark = pytest.mark.django_db

ALICE_TOKEN = "a1" * 20
BOB_TOKEN = "b2" * 20
PASSWORD = "correct-horse-battery-staple"


class EnvelopeWithoutTimes:
    """Users and groups have no created/last_updated (as in Nautobot); the rest of the list contract holds."""

    envelope_keys: tuple[str, ...] = ("display", "natural_slug", "notes_url", "custom_fields")

    def test_list(self, api: APIClient) -> None:
        made = self.make_many(3)  # type: ignore[attr-defined]
        body = api.send("GET", self.endpoint).json()  # type: ignore[attr-defined]
        model = self.model  # type: ignore[attr-defined]
        assert body["count"] == model._default_manager.count() >= 3
        assert {str(obj.pk) for obj in made} <= {str(row["id"]) for row in body["results"]}
        row = body["results"][0]
        assert row["object_type"] == f"{model._meta.app_label}.{model._meta.model_name}"
        assert row["url"] == f"http://localhost{self.endpoint}{row['id']}/"  # type: ignore[attr-defined]
        for key in self.envelope_keys:
            assert key in row, key


class TestUsers(EnvelopeWithoutTimes, APIEndpointTests):
    endpoint = "/api/users/users/"
    model = User
    update_payload = {"first_name": "Changed"}
    bad_payloads = [
        ({"username": ""}, "username"),
        ({"username": "api-admin"}, "username"),
        ({"username": "x", "groups": ["no-such-group"]}, "groups"),
        ({"username": "x", "email": "not an address"}, "email"),
        ({"username": "x", "password": "short"}, "password"),
        ({"username": "x", "password": "12345678901"}, "password"),
    ]
    filter_cases = [
        ("username", "user-1", 1),
        ("username__isw", "user-", 3),
        ("groups", "staff", 2),
        ("is_active", "false", 1),
        ("q", "Person", 3),
    ]

    def make(self, index: int) -> Any:
        user = User.objects.create(username=f"user-{index}", first_name="Person", is_active=index != 2)
        if index < 2:
            user.groups.add(Group.objects.get_or_create(name="staff")[0])
        return user

    def create_payloads(self) -> list[dict[str, Any]]:
        Group.objects.create(name="ops")
        return [
            {"username": "new-1", "password": PASSWORD, "email": "new1@example.com"},
            {"username": "new-2", "groups": ["ops"], "first_name": "N"},
            {"username": "new-3", "is_staff": True},
        ]


class TestGroups(EnvelopeWithoutTimes, APIEndpointTests):
    endpoint = "/api/users/groups/"
    model = Group
    envelope_keys = ("display", "natural_slug")
    update_payload = {"name": "renamed"}
    bad_payloads = [({"name": ""}, "name"), ({"name": "x" * 200}, "name")]
    filter_cases = [("name", "group-1", 1), ("name__ic", "GROUP", 3), ("q", "group-2", 1)]

    def make(self, index: int) -> Any:
        return Group.objects.create(name=f"group-{index}")

    def create_payloads(self) -> list[dict[str, Any]]:
        return [{"name": "new-1"}, {"name": "new-2"}, {"name": "new-3"}]

    def test_get(self, api: APIClient) -> None:
        group = self.make(0)
        response = api.send("GET", self.detail(group))
        assert response.status_code == 200, response.content
        assert response.json()["id"] == group.pk  # an integer, as in Nautobot
        assert api.send("GET", f"{self.endpoint}00000000-0000-0000-0000-000000000000/").status_code == 404
        duplicate = api.send("POST", self.endpoint, {"name": "group-0"})
        assert duplicate.status_code == 400 and "name" in duplicate.json()

    def test_user_count_and_the_users_filters_by_group_id(self, api: APIClient) -> None:
        staff, ops, empty = (Group.objects.create(name=name) for name in ("staff", "ops", "empty"))
        for index in range(3):
            user = User.objects.create(username=f"member-{index}")
            user.groups.add(staff, *([ops] if index == 0 else []))
        rows = api.send("GET", f"{self.endpoint}?name=staff&name=ops&name=empty").json()["results"]
        assert {row["name"]: row["user_count"] for row in rows} == {"empty": 0, "ops": 1, "staff": 3}

        def usernames(query: str) -> list[str]:
            response = api.send("GET", f"/api/users/users/?username__isw=member-&{query}")
            assert response.status_code == 200, response.content
            return sorted(row["username"] for row in response.json()["results"])

        assert usernames(f"groups_id={ops.pk}") == ["member-0"]
        assert usernames(f"groups_id__n={ops.pk}") == ["member-1", "member-2"]
        assert usernames(f"groups_id={empty.pk}") == []
        assert usernames("groups__n=ops") == ["member-1", "member-2"]
        refused = api.send("GET", "/api/users/users/?groups_id=ops")
        assert refused.status_code == 400 and "groups_id" in refused.json()

    def test_bulk_update(self, api: APIClient) -> None:
        made = self.make_many(2)
        payload = [{"id": obj.pk, "name": f"renamed-{obj.pk}"} for obj in made]
        response = api.send("PATCH", self.endpoint, payload)
        assert response.status_code == 200, response.content
        assert sorted(Group.objects.values_list("name", flat=True)) == sorted(f"renamed-{obj.pk}" for obj in made)


class TestTokens(EnvelopeWithoutTimes, APIEndpointTests):
    endpoint = "/api/users/tokens/"
    model = Token
    envelope_keys = ("display", "natural_slug", "created", "notes_url", "custom_fields")
    update_payload = {"description": "changed"}
    bad_payloads = [
        ({"key": "xyz"}, "key"),
        ({"key": TOKEN}, "key"),
        ({"key": "0" * 41}, "key"),
        ({"user": "nobody-by-that-name"}, "user"),
        ({"expires": "yesterday"}, "expires"),
    ]
    filter_cases = [
        ("user", "owner", 3),
        ("write_enabled", "false", 1),
        ("description", "token-1", 1),
        ("q", "token", 3),
        ("key", "fedcba" + "0" * 34, 1),
        ("key__isw", "FEDCBA", 1),
    ]

    def constrained_pair(self) -> tuple[Any, Any]:
        """A user reads their own tokens only, whatever their permissions: both are the constrained user's."""
        owner = User.objects.get_or_create(username="constrained")[0]
        return Token.objects.create(user=owner), Token.objects.create(user=owner)

    def make_visible(self, index: int) -> Any:
        return Token.objects.create(user=User.objects.get_or_create(username="constrained")[0])

    def make(self, index: int) -> Any:
        owner = User.objects.get_or_create(username="owner")[0]
        key = {"key": "fedcba" + "0" * 34} if index == 0 and not Token.objects.filter(key__startswith="fedcba") else {}
        return Token.objects.create(user=owner, description=f"token-{index}", write_enabled=index != 0, **key)

    def create_payloads(self) -> list[dict[str, Any]]:
        owner = User.objects.get_or_create(username="owner")[0]
        return [
            {"description": "mine"},
            {"user": "owner", "key": "ABCDEF" + "0" * 34, "write_enabled": False},
            {"user": str(owner.pk), "expires": "2099-01-01T00:00:00Z"},
        ]


# ------------------------------------------------------------------------------------------ users


def test_a_password_is_hashed_never_shown_and_lets_the_user_log_in(api: APIClient) -> None:
    created = api.send("POST", "/api/users/users/", {"username": "carol", "password": PASSWORD})
    assert created.status_code == 201, created.content
    user = User.objects.get(username="carol")
    assert user.password != PASSWORD and user.check_password(PASSWORD)
    assert Client().login(username="carol", password=PASSWORD)
    detail = f"/api/users/users/{user.pk}/"
    responses = [
        created,
        api.send("GET", detail),
        api.send("GET", "/api/users/users/?depth=2"),
        api.send("PATCH", detail, {"password": PASSWORD + "-2"}),
        api.send("PUT", detail, {"username": "carol", "password": PASSWORD + "-3"}),
        api.send("PATCH", "/api/users/users/", [{"id": str(user.pk), "password": PASSWORD + "-4"}]),
        api.send("OPTIONS", "/api/users/users/"),
    ]
    for response in responses:
        assert response.status_code == 200 or response.status_code == 201, response.content
        text = response.content.decode()
        assert PASSWORD not in text and user.password[:20] not in text
    for row in [created.json(), responses[1].json()]:
        assert "password" not in row
    user.refresh_from_db()
    assert user.check_password(PASSWORD + "-4")
    assert Client().login(username="carol", password=PASSWORD + "-4")


def test_a_user_created_without_a_password_cannot_log_in(api: APIClient) -> None:
    assert api.send("POST", "/api/users/users/", {"username": "svc"}).status_code == 201
    user = User.objects.get(username="svc")
    assert not user.has_usable_password()
    assert api.send("PATCH", f"/api/users/users/{user.pk}/", {"first_name": "S"}).status_code == 200
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_groups_are_written_by_id_name_or_url_and_shown_as_references(api: APIClient) -> None:
    ops = Group.objects.create(name="ops")
    net = Group.objects.create(name="net")
    dev = Group.objects.create(name="dev")
    payload = {"username": "dana", "groups": [ops.pk, "net", f"http://localhost/api/users/groups/{dev.pk}/"]}
    response = api.send("POST", "/api/users/users/", payload)
    assert response.status_code == 201, response.content
    groups = sorted(response.json()["groups"], key=lambda g: g["id"])
    assert groups == [
        {"id": group.pk, "object_type": "auth.group", "url": f"http://localhost/api/users/groups/{group.pk}/"}
        for group in (ops, net, dev)
    ]
    user = User.objects.get(username="dana")
    assert (
        api.send("PATCH", f"/api/users/users/{user.pk}/", {"groups": [str(net.pk)]}).json()["groups"][0]["id"] == net.pk
    )
    assert list(user.groups.all()) == [net]
    assert api.send("GET", f"/api/users/users/?groups={net.pk}").json()["count"] == 1


def test_only_a_superuser_makes_or_changes_a_superuser(db: Any) -> None:
    admins = make_user("admin2", superuser=True)
    make_user(
        "manager",
        perms=(perm(User, "view"), perm(User, "add"), perm(User, "change"), perm(User, "delete")),
        token=ALICE_TOKEN,
    )
    manager = APIClient(token=ALICE_TOKEN)
    assert manager.send("POST", "/api/users/users/", {"username": "plain"}).status_code == 201
    refused = manager.send("POST", "/api/users/users/", {"username": "root2", "is_superuser": True})
    assert refused.status_code == 403 and "superuser" in refused.json()["detail"]
    plain = User.objects.get(username="plain")
    assert manager.send("PATCH", f"/api/users/users/{plain.pk}/", {"is_superuser": True}).status_code == 403
    detail = f"/api/users/users/{admins.pk}/"
    assert manager.send("PATCH", detail, {"password": PASSWORD}).status_code == 403
    assert manager.send("DELETE", detail).status_code == 403
    assert User.objects.filter(pk=admins.pk, is_superuser=True).exists()
    assert not User.objects.filter(username="root2").exists()
    assert not User.objects.get(pk=plain.pk).is_superuser


def test_users_endpoints_need_permissions(db: Any) -> None:
    make_user("plain", token=ALICE_TOKEN)
    plain = APIClient(token=ALICE_TOKEN)
    for endpoint in ("users", "groups", "tokens", "permissions"):
        assert plain.send("GET", f"/api/users/{endpoint}/").status_code == 403, endpoint
    assert plain.send("POST", "/api/users/users/", {"username": "x"}).status_code == 403
    assert plain.send("POST", "/api/users/tokens/", {}).status_code == 403


# ----------------------------------------------------------------------------------------- tokens


def token_user(username: str, key: str) -> User:
    actions = ("view", "add", "change", "delete")
    return make_user(username, perms=tuple(perm(Token, action) for action in actions), token=key)


def test_a_token_of_one_user_is_invisible_to_another(db: Any) -> None:
    alice = token_user("alice", ALICE_TOKEN)
    token_user("bob", BOB_TOKEN)
    secret = Token.objects.create(user=alice, description="alice's other token")
    bob = APIClient(token=BOB_TOKEN)
    listed = bob.send("GET", "/api/users/tokens/").json()
    assert [row["key"] for row in listed["results"]] == [BOB_TOKEN]
    assert bob.send("GET", f"/api/users/tokens/?user={alice.username}").json()["count"] == 0
    assert bob.send("GET", "/api/users/tokens/?q=alice").json()["count"] == 0
    for path in (f"/api/users/tokens/{secret.pk}/", f"/api/users/tokens/{secret.key}/"):
        assert bob.send("GET", path).status_code == 404, path
        assert bob.send("PATCH", path, {"description": "mine now"}).status_code == 404, path
        assert bob.send("DELETE", path).status_code == 404, path
    assert bob.send("DELETE", "/api/users/tokens/", [{"id": str(secret.pk)}]).status_code == 404
    refused = bob.send("POST", "/api/users/tokens/", {"user": "alice"})
    assert refused.status_code == 400 and "user" in refused.json()
    own = Token.objects.get(key=BOB_TOKEN)
    moved = bob.send("PATCH", f"/api/users/tokens/{own.pk}/", {"user": str(alice.pk)})
    assert moved.status_code == 400 and "user" in moved.json()
    assert Token.objects.filter(user=alice).count() == 2 and Token.objects.get(pk=secret.pk).description
    # Alice sees both of hers, keys and all.
    mine = APIClient(token=ALICE_TOKEN).send("GET", "/api/users/tokens/").json()
    assert sorted(row["key"] for row in mine["results"]) == sorted([ALICE_TOKEN, secret.key])


def test_a_user_creates_a_token_for_themselves(db: Any) -> None:
    token_user("alice", ALICE_TOKEN)
    alice = APIClient(token=ALICE_TOKEN)
    created = alice.send("POST", "/api/users/tokens/", {"description": "ci", "write_enabled": False})
    assert created.status_code == 201, created.content
    body = created.json()
    token = Token.objects.get(pk=body["id"])
    assert token.user.username == "alice" and not token.write_enabled
    assert body["key"] == token.key and len(token.key) == 40
    assert body["display"] == f"{token.key[:4]}…{token.key[-4:]}"
    assert APIClient(token=token.key).send("GET", "/api/users/tokens/").status_code == 200


def test_a_key_is_shown_in_full_only_on_creation_and_to_its_owner(api: APIClient) -> None:
    alice = make_user("alice")
    created = api.send("POST", "/api/users/tokens/", {"user": "alice", "description": "handed over"})
    assert created.status_code == 201
    key = created.json()["key"]
    assert Token.objects.get(key=key).user == alice
    detail = f"/api/users/tokens/{created.json()['id']}/"
    for response in (
        api.send("GET", detail),
        api.send("GET", "/api/users/tokens/?user=alice"),
        api.send("PATCH", detail, {"description": "changed"}),
        api.send("GET", f"/api/users/tokens/{key}/"),
    ):
        assert response.status_code == 200, response.content
        text = response.content.decode()
        assert key not in text and f"{key[:4]}…{key[-4:]}" in text
    row = api.send("GET", detail).json()
    assert row["key"] is None and row["display"] == f"{key[:4]}…{key[-4:]}"
    own = api.send("GET", "/api/users/tokens/?user=api-admin").json()["results"][0]
    assert own["key"] == TOKEN
    assert TOKEN[:8] not in own["natural_slug"]


def test_a_given_key_is_lowercased_and_last_used_is_read_only(api: APIClient) -> None:
    created = api.send("POST", "/api/users/tokens/", {"key": "ABCDEF" + "1" * 34, "last_used": "2020-01-01T00:00Z"})
    assert created.status_code == 201, created.content
    assert created.json()["key"] == "abcdef" + "1" * 34
    assert created.json()["last_used"] is None
    duplicate = api.send("POST", "/api/users/tokens/", {"key": "abcdef" + "1" * 34})
    assert duplicate.status_code == 400 and "key" in duplicate.json()


def basic(username: str, password: str) -> dict[str, Any]:
    raw = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {raw}"}


def test_a_token_is_provisioned_with_a_username_and_password(db: Any) -> None:
    user = token_user("ansible", ALICE_TOKEN)
    user.set_password(PASSWORD)
    user.save()
    client = APIClient(token=None)
    created = client.post(
        "/api/users/tokens/",
        data=json.dumps({"description": "provisioned"}),
        content_type="application/json",
        **basic("ansible", PASSWORD),
    )
    assert created.status_code == 201, created.content
    key = created.json()["key"]
    assert Token.objects.get(key=key).user == user
    assert APIClient(token=key).send("GET", "/api/users/tokens/").json()["count"] == 2
    assert client.get("/api/users/tokens/", **basic("ansible", "wrong")).status_code in (401, 403)
    # Basic authentication is for provisioning tokens only.
    assert client.get("/api/users/users/", **basic("ansible", PASSWORD)).status_code == 403


def test_an_expired_or_inactive_users_token_is_refused(db: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    alice = token_user("alice", ALICE_TOKEN)
    Token.objects.filter(key=ALICE_TOKEN).update(expires=timezone.now() - timedelta(minutes=1))
    refused = APIClient(token=ALICE_TOKEN).send("GET", "/api/users/tokens/")
    assert refused.status_code == 403 and "expired" in refused.json()["detail"]
    Token.objects.filter(key=ALICE_TOKEN).update(expires=None)
    alice.is_active = False
    alice.save()
    assert APIClient(token=ALICE_TOKEN).send("GET", "/api/users/tokens/").status_code == 403


@pytest.mark.parametrize("header", ["Token zzz", "Token " + "g" * 40, "Token a\x00b", "Token", "Token a b"])
def test_malformed_token_headers_are_a_403(db: Any, header: str) -> None:
    response = Client().get("/api/users/tokens/", HTTP_AUTHORIZATION=header, HTTP_ACCEPT="application/json")
    assert response.status_code == 403 and "detail" in response.json()


def test_a_token_key_is_matched_whatever_its_case(db: Any) -> None:
    token_user("alice", ALICE_TOKEN)
    assert APIClient(token=ALICE_TOKEN.upper()).send("GET", "/api/users/tokens/").status_code == 200


# ------------------------------------------------------------------------------------ permissions


def device_type() -> ContentType:
    return ContentType.objects.get(app_label="dcim", model="device")


class TestObjectPermissions(APIEndpointTests):
    endpoint = "/api/users/permissions/"
    model = ObjectPermission
    update_payload = {"description": "the NOC", "actions": ["view", "change"]}
    bad_payloads = [
        ({"name": "p", "object_types": ["dcim.device"], "actions": []}, "actions"),
        ({"name": "p", "object_types": ["dcim.device"], "actions": ["view"], "constraints": "x"}, "constraints"),
        ({"name": "p", "object_types": ["dcim.nothing"], "actions": ["view"]}, "object_types"),
        (
            {"name": "p", "object_types": ["dcim.device"], "actions": ["view"], "constraints": {"nope": 1}},
            "constraints",
        ),
    ]
    filter_cases = [("name", "permission-1", 1), ("name__ic", "PERMISSION", 3), ("q", "permission-2", 1)]

    def make(self, index: int) -> Any:
        permission = ObjectPermission.objects.create(name=f"permission-{index}", actions=["view"])
        permission.object_types.set([device_type()])
        return permission

    def create_payloads(self) -> list[dict[str, Any]]:
        return [
            {"name": "view devices", "object_types": ["dcim.device"], "actions": ["view"]},
            {
                "name": "Berlin only",
                "object_types": ["dcim.device", "dcim.rack"],
                "actions": ["view", "change"],
                "constraints": {"location__name": "Berlin"},
            },
            {
                "name": "own tokens",
                "object_types": ["users.token"],
                "actions": ["view"],
                "constraints": [{"user": "$user"}],
            },
        ]


def test_an_object_permission_reads_as_nautobots_and_its_holders_are_written(api: APIClient) -> None:
    ops = Group.objects.create(name="ops")
    ann = User.objects.create(username="ann")
    response = api.send(
        "POST",
        "/api/users/permissions/",
        {
            "name": "NOC",
            "object_types": ["dcim.device", "dcim.interface"],
            "actions": ["view", "change"],
            "constraints": [{"name__istartswith": "leaf"}, {"status__name": "Active"}],
            "users": ["ann"],
            "groups": [{"name": "ops"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["object_types"] == ["dcim.device", "dcim.interface"] and body["actions"] == ["view", "change"]
    assert (
        body["constraints"] == [{"name__istartswith": "leaf"}, {"status__name": "Active"}] and body["enabled"] is True
    )
    assert "users" not in body and "groups" not in body  # written, not read back (as in Nautobot)
    permission = ObjectPermission.objects.get(pk=body["id"])
    assert list(permission.users.all()) == [ann] and list(permission.groups.all()) == [ops]

    def names(query: str) -> list[str]:
        found = api.send("GET", f"/api/users/permissions/?{query}")
        assert found.status_code == 200, found.content
        return [row["name"] for row in found.json()["results"]]

    ObjectPermission.objects.create(name="other", actions=["view"])
    assert names("users=ann") == ["NOC"] and names(f"users={ann.pk}") == ["NOC"]
    assert names("users__n=ann") == ["other"]
    assert names("groups=ops") == ["NOC"] and names(f"groups_id={ops.pk}") == ["NOC"]
    assert names("object_types=dcim.interface") == ["NOC"] and names("object_types__n=dcim.device") == ["other"]
    assert names("enabled=true") == ["NOC", "other"]
    refused = api.send("GET", "/api/users/permissions/?groups_id=ops")
    assert refused.status_code == 400 and "groups_id" in refused.json()


def test_a_constraint_no_object_type_knows_is_a_400_naming_it(api: APIClient) -> None:
    payload = {"name": "p", "object_types": ["dcim.device", "dcim.rack"], "actions": ["view"]}
    for constraints, named in [
        ({"platform__name": "eos"}, "dcim.rack"),  # devices have platforms, racks do not
        ({"name__nosuchlookup": "x"}, "dcim.device"),
        ([{"name": "a"}, "name"], None),
        ({"_name": "a"}, None),
    ]:
        response = api.send("POST", "/api/users/permissions/", {**payload, "constraints": constraints})
        assert response.status_code == 400, (constraints, response.content)
        problems = " ".join(response.json()["constraints"])
        assert named is None or named in problems, problems
    assert not ObjectPermission.objects.exists()
    # Judged against the object types it will have: adding racks to a device-only constraint is refused.
    made = api.send(
        "POST",
        "/api/users/permissions/",
        {**payload, "object_types": ["dcim.device"], "constraints": {"platform__name": "eos"}},
    )
    assert made.status_code == 201, made.content
    widened = api.send(
        "PATCH", f"/api/users/permissions/{made.json()['id']}/", {"object_types": ["dcim.device", "dcim.rack"]}
    )
    assert widened.status_code == 400 and "dcim.rack" in " ".join(widened.json()["constraints"])


def test_an_object_permission_grants_its_action_on_the_objects_its_constraints_match(db: Any) -> None:
    """Enabled, to the user or through a group: the API lets the user do that action on the objects the
    constraints match (all of them when unconstrained). A disabled one grants nothing."""
    from netkeel.dcim.tests import factories

    factories.location()
    user = make_user("noc", token="0" * 39 + "1")
    client = APIClient(token="0" * 39 + "1")
    assert client.send("GET", "/api/dcim/locations/").status_code == 403
    group = Group.objects.create(name="noc")
    user.groups.add(group)
    permission = ObjectPermission.objects.create(name="see locations", actions=["view"], constraints={"name": "x"})
    permission.object_types.set([ContentType.objects.get(app_label="dcim", model="location")])
    permission.groups.set([group])
    constrained = client.send("GET", "/api/dcim/locations/")  # the endpoint opens, on no location
    assert constrained.status_code == 200 and constrained.json()["count"] == 0
    permission.constraints = None
    permission.save()
    listed = client.send("GET", "/api/dcim/locations/")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert client.send("POST", "/api/dcim/locations/", {"name": "x"}).status_code == 403  # only `view`
    permission.enabled = False
    permission.save()
    assert client.send("GET", "/api/dcim/locations/").status_code == 403


def test_group_lookups_by_integer_id(api: APIClient) -> None:
    group = Group.objects.create(name="ops")
    assert api.send("GET", f"/api/users/groups/{group.pk}/").json()["name"] == "ops"
    for missing in (str(group.pk + 1000), "ops", "00000000-0000-0000-0000-000000000000"):
        assert api.send("GET", f"/api/users/groups/{missing}/").status_code == 404, missing
    assert api.send("GET", f"/api/users/groups/?id={group.pk}").json()["count"] == 1
    assert api.send("GET", "/api/users/groups/?id=abc").status_code == 400


def test_a_group_may_be_created_with_its_id_and_bulk_writes_name_groups_by_it(api: APIClient) -> None:
    """A group's integer id given on create is kept (the id sequence moves past it, so the next group given
    none is created too); a taken or bad id is a 400 naming `id`; an id never changes; bulk PUT and PATCH
    name each group by its id, as Nautobot documents them."""
    given = api.send("POST", "/api/users/groups/", {"id": 500, "name": "synced"})
    assert given.status_code == 201, given.content
    assert given.json()["id"] == 500 and Group.objects.get(pk=500).name == "synced"
    following = api.send("POST", "/api/users/groups/", {"name": "next"})
    assert following.status_code == 201, following.content
    assert following.json()["id"] > 500  # past the given one: the sequence moved (PostgreSQL keeps one apart)
    for bad in (500, 0, "x"):
        refused = api.send("POST", "/api/users/groups/", {"id": bad, "name": f"bad-{bad}"})
        assert refused.status_code == 400 and list(refused.json()) == ["id"], (bad, refused.content)
    moved = api.send("PATCH", "/api/users/groups/500/", {"id": 501})
    assert moved.status_code == 400 and "id" in moved.json(), moved.content
    bulk = api.send("PATCH", "/api/users/groups/", [{"id": 500, "name": "synced-2"}])
    assert bulk.status_code == 200 and bulk.json()[0]["name"] == "synced-2", bulk.content
    assert sorted(Group.objects.values_list("name", flat=True)) == ["next", "synced-2"]


def test_a_written_group_answers_with_its_member_count(api: APIClient) -> None:
    """The list counts members in its own query; a created or changed group is counted once for its answer."""
    created = api.send("POST", "/api/users/groups/", {"name": "noc"})
    assert created.status_code == 201 and created.json()["user_count"] == 0
    group = Group.objects.get(name="noc")
    make_user("erin").groups.add(group)
    changed = api.send("PATCH", f"/api/users/groups/{group.pk}/", {"name": "noc-2"})
    assert changed.status_code == 200 and changed.json()["user_count"] == 1
    assert api.send("GET", f"/api/users/groups/?id={group.pk}").json()["results"][0]["user_count"] == 1
