"""`/api/users/config/`: a user's own preferences, as Nautobot serves them."""

from __future__ import annotations

import pytest

from netkeel.core.testing.api import TOKEN, APIClient, make_user
from netkeel.users.models import User

pytestmark = pytest.mark.django_db

CONFIG = "/api/users/config/"


def test_a_user_reads_and_deep_merges_their_own_config(api: APIClient) -> None:
    assert api.send("GET", CONFIG).json() == {}
    first = api.send("PATCH", CONFIG, {"ui": {"theme": "dark", "tables": {"devices": ["name"]}}, "a": 1})
    assert first.status_code == 200, first.content
    merged = api.send("PATCH", CONFIG, {"ui": {"tables": {"racks": ["name"]}}, "a": [2]}).json()
    assert merged == {"ui": {"theme": "dark", "tables": {"devices": ["name"], "racks": ["name"]}}, "a": [2]}
    assert api.send("GET", CONFIG).json() == merged
    assert User.objects.get(username="api-admin").config_data == merged


def test_config_is_each_users_own_and_needs_no_model_permission(db: None) -> None:
    make_user("plain", token=TOKEN)  # no permissions at all
    client = APIClient()
    assert client.send("PATCH", CONFIG, {"x": 1}).json() == {"x": 1}
    make_user("other", token="1" * 40)
    assert APIClient(token="1" * 40).send("GET", CONFIG).json() == {}
    assert APIClient(token=None).send("GET", CONFIG).status_code in (401, 403)
    assert client.send("PATCH", CONFIG, ["not", "an", "object"]).status_code == 400
