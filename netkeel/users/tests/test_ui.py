"""The administration pages: the shared page contract for users, groups, object permissions and tokens,
and what is particular to them (a password is set, never shown; a token's key is never shown; a
constraint on a field the model does not have is a form error naming it)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from netkeel.core.testing.ui import UIModelTests, make_user, signed_in
from netkeel.core.ui import preferences
from netkeel.core.ui.registry import ui_for
from netkeel.core.ui.views.objects import table_key
from netkeel.dcim.models import Device
from netkeel.users.models import ObjectPermission, Token, User

pytestmark = pytest.mark.django_db


class TestUserPages(UIModelTests):
    model = User
    edit_data = {"first_name": "changed by the form"}
    bulk_edit_data = {"last_name": "changed in bulk"}
    bad_form_data = [({"username": ""}, "username")]
    filter_cases = [("q", "person-1", 1), ("username", "person-2", 1)]
    xss_fields = ("first_name", "last_name")

    def make(self, index: int) -> Any:
        return User.objects.create(username=f"person-{index}", email=f"person-{index}@example.com")

    def form_data(self) -> dict[str, Any]:
        return {"username": "new-person", "password": "a long enough passphrase 42", "is_active": "on"}


class TestGroupPages(UIModelTests):
    model = Group
    edit_data = {"name": "changed by the form"}
    bulk_edit_data: ClassVar[dict[str, Any]] = {}
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "team-1", 1), ("name", "team-2", 1)]
    xss_fields = ("name",)

    def make(self, index: int) -> Any:
        return Group.objects.create(name=f"team-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "new team"}


class TestObjectPermissionPages(UIModelTests):
    model = ObjectPermission
    bad_form_data = [({"name": ""}, "name"), ({"constraints": '{"no_such_field": 1}'}, "constraints")]
    filter_cases = [("q", "perm-1", 1), ("name", "perm-2", 1)]

    def make(self, index: int) -> Any:
        permission = ObjectPermission.objects.create(name=f"perm-{index}", actions=["view"])
        permission.object_types.add(ContentType.objects.get_for_model(Device))
        return permission

    def form_data(self) -> dict[str, Any]:
        return {
            "name": "berlin devices",
            "enabled": "on",
            "object_types": [str(ContentType.objects.get_for_model(Device).pk)],
            "actions": '["view", "change"]',
            "constraints": '{"location__name": "Berlin"}',
        }


class TestTokenPages(UIModelTests):
    model = Token
    edit_data = {"description": "changed by the form"}
    filter_cases = [("q", "token-1", 1)]
    xss_fields = ("description",)
    names_are_unique = False

    def owner(self) -> User:
        return User.objects.get_or_create(username="token-owner")[0]

    def make(self, index: int) -> Any:
        return Token.objects.create(user=self.owner(), description=f"token-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"user": str(self.owner().pk), "description": "made by a form", "write_enabled": "on"}


@pytest.fixture
def ui_client_admin(db: Any) -> Client:
    return signed_in(make_user("admin", superuser=True))


def test_no_page_shows_a_token_key_or_a_password(ui_client_admin: Client) -> None:
    owner = User.objects.create(username="keeper")
    owner.set_password("secret passphrase 42")
    owner.save()
    token = Token.objects.create(user=owner, description="automation")
    admin = User.objects.get(username="admin")
    for model_ui in (ui_for(User), ui_for(Token)):
        assert model_ui is not None
        every = [name for name, _ in model_ui.table.choosable_columns()]
        preferences.set_table(admin, table_key(model_ui), columns=every)
    pages = ("/users/tokens/", f"/users/tokens/{token.pk}/", "/users/users/", f"/users/users/{owner.pk}/")
    for url in (*pages, "/api/users/tokens/?format=csv", "/api/users/users/?format=csv"):
        response = ui_client_admin.get(url)
        streamed = getattr(response, "streaming_content", None)
        body = b"".join(streamed) if streamed is not None else response.content
        html = body.decode()
        assert response.status_code == 200 and ("automation" in html or "keeper" in html), url
        assert token.key not in html, url
        assert owner.password not in html, url


def test_the_pages_need_the_administration_permissions(db: Any) -> None:
    someone = make_user("someone")
    client = signed_in(someone)
    for url in ("/users/users/", "/users/groups/", "/users/permissions/", "/users/tokens/"):
        assert client.get(url).status_code == 403, url


def test_the_profile_shows_groups_and_permissions_and_changes_the_password(db: Any) -> None:
    user = make_user("engineer")
    user.set_password("the old passphrase 42")
    user.save()
    team = Group.objects.create(name="berlin-team")
    user.groups.add(team)
    permission = ObjectPermission.objects.create(
        name="berlin devices", actions=["view", "change"], constraints={"location__name": "Berlin"}
    )
    permission.object_types.add(ContentType.objects.get_for_model(Device))
    permission.groups.add(team)
    ObjectPermission.objects.create(name="someone else's", actions=["view"])
    client = signed_in(user)
    html = client.get("/user/profile/").content.decode()
    assert "berlin-team" in html and "berlin devices" in html and "dcim.device" in html
    assert "location__name" in html and "someone else" not in html

    wrong = client.post("/user/profile/", {"old_password": "nope", "new_password1": "x", "new_password2": "x"})
    assert wrong.status_code == 400 and "invalid-feedback" in wrong.content.decode()
    new = "a brand new passphrase 42"
    changed = client.post(
        "/user/profile/",
        {"old_password": "the old passphrase 42", "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.get("/user/profile/").status_code == 200  # this session is still signed in


def test_the_profile_forgets_remembered_list_layouts(db: Any) -> None:
    user = make_user("tidy")
    preferences.set_table(user, "dcim.device", columns=["name"])
    client = signed_in(user)
    assert "1 list" in client.get("/user/profile/").content.decode()
    assert client.post("/user/profile/", {"action": "forget-layouts"}).status_code == 302
    user.refresh_from_db()
    assert preferences.table_columns(user, "dcim.device") is None
    assert Client().get("/user/profile/").status_code == 302  # anonymous: to the login page
