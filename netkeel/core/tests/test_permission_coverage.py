"""Every API list route and every model's list page asks the one enforcement point
(`netkeel.core.permissions.restrict`) which objects of its model the user may view. A new endpoint or page
that reads its objects some other way fails here: a constrained user is run through all of them, and each
must have asked for its own model (a recorder around `restriction`, which `restrict` alone calls)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.core import permissions
from netkeel.core.api.tests.test_robustness import list_routes
from netkeel.core.testing.api import APIClient
from netkeel.core.testing.constrained import EVERY_OBJECT, every_model, grant
from netkeel.core.ui.registry import registered_models
from netkeel.users.models import Token, User

TOKEN = "c0fe" * 10


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    asked: list[tuple[str, str]] = []
    original = permissions.restriction

    def recording(user: Any, model: Any, action: str) -> Any:
        asked.append(((model._meta.concrete_model or model)._meta.label_lower, action))
        return original(user, model, action)

    monkeypatch.setattr(permissions, "restriction", recording)
    return asked


@pytest.fixture
def constrained(db: Any) -> User:
    """A user who may view every object of every kind, through a constraint (the constrained path)."""
    user = User.objects.create(username="everywhere")
    grant(user, every_model(), ["view"], EVERY_OBJECT)
    Token.objects.create(user=user, key=TOKEN)
    return user


def test_every_api_list_route_asks_the_enforcement_point(constrained: User, recorded: list[tuple[str, str]]) -> None:
    client = APIClient(token=TOKEN)
    for path, viewset in list_routes():
        model = getattr(viewset, "model", None)  # a connection list names its model, with no queryset
        if getattr(viewset, "queryset", None) is not None:
            model = viewset.queryset.model
        if model is None or not getattr(viewset, "restricted", True):
            continue  # content types: declared readable by everyone signed in (`restricted = False`)
        recorded.clear()
        response = client.send("GET", path)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        label = (model._meta.concrete_model or model)._meta.label_lower
        assert (label, "view") in recorded, f"{path} lists {label} without restrict()"
    assert len(list_routes()) > 60


def test_every_list_page_asks_the_enforcement_point(constrained: User, recorded: list[tuple[str, str]]) -> None:
    client = Client()
    client.force_login(constrained)
    for model_ui in registered_models():
        try:
            url = model_ui.url("list")
        except Exception:  # noqa: BLE001 - a model with detail pages only
            continue
        recorded.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        label = model_ui.model._meta.label_lower
        assert (label, "view") in recorded, f"{url} lists {label} without restrict()"
