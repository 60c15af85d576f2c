"""Sign-in by a trusted proxy's header: off by default (the header is then ignored), on with
REMOTE_AUTH_ENABLED for existing users, new users only with REMOTE_AUTH_AUTO_CREATE_USER (put in
REMOTE_AUTH_DEFAULT_GROUPS, whose object permissions then apply), and a session it made ends without it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client, override_settings

from netkeel.tenancy.models import Tenant
from netkeel.users.models import ObjectPermission, User

pytestmark = pytest.mark.django_db

HEADER = {"HTTP_X_SSO_USER": "alice"}
ON = {"REMOTE_AUTH_ENABLED": True, "REMOTE_AUTH_HEADER": "HTTP_X_SSO_USER"}


def signed_in_as(client: Client, **headers: Any) -> str | None:
    response = client.get("/user/profile/", **headers)
    if response.status_code != 200:
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        return None
    return str(response.context["profile"].username)


def test_the_header_is_ignored_unless_remote_sign_in_is_on() -> None:
    User.objects.create(username="alice")
    with override_settings(REMOTE_AUTH_HEADER="HTTP_X_SSO_USER"):
        assert signed_in_as(Client(), **HEADER) is None


@override_settings(**ON)
def test_an_existing_user_is_signed_in_by_the_header_and_out_without_it() -> None:
    User.objects.create(username="alice")
    client = Client()
    assert signed_in_as(client, **HEADER) == "alice"
    assert signed_in_as(client) is None  # the proxy no longer vouches: the session it made ends
    assert signed_in_as(Client(), HTTP_X_SSO_USER="mallory") is None  # unknown, and not created
    assert not User.objects.filter(username="mallory").exists()
    User.objects.filter(username="alice").update(is_active=False)
    assert signed_in_as(Client(), **HEADER) is None


@override_settings(**ON, REMOTE_AUTH_AUTO_CREATE_USER=True, REMOTE_AUTH_DEFAULT_GROUPS=["sso-readers"])
def test_a_new_user_is_created_in_the_default_groups_and_gets_their_permissions() -> None:
    readers = Group.objects.create(name="sso-readers")
    permission = ObjectPermission.objects.create(name="read tenants", actions=["view"])
    permission.object_types.add(ContentType.objects.get_for_model(Tenant))
    permission.groups.add(readers)
    Tenant.objects.create(name="acme")
    client = Client()
    assert signed_in_as(client, HTTP_X_SSO_USER="bob") == "bob"
    bob = User.objects.get(username="bob")
    assert list(bob.groups.values_list("name", flat=True)) == ["sso-readers"]
    assert not bob.has_usable_password()
    page = client.get("/tenancy/tenants/", HTTP_X_SSO_USER="bob")
    assert page.status_code == 200 and "acme" in page.content.decode()
    assert client.get("/tenancy/tenant-groups/", HTTP_X_SSO_USER="bob").status_code == 403
    assert signed_in_as(Client(), HTTP_X_SSO_USER="  ") is None  # an empty name is nobody
