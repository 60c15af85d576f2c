"""The browsable API: every list route renders as an HTML page for a signed-in user in a browser (its filter
form included), and the same route still answers JSON to a client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.core.api import registry
from netkeel.core.testing.api import make_user

pytestmark = pytest.mark.django_db


def _list_paths() -> list[str]:
    paths = []
    for prefix in ("", "plugins/"):
        for router in registry.routers(prefix):
            for name, _viewset, _basename in router.registry:
                paths.append(f"/api/{prefix}{router.app}/{name}/")
    return sorted(set(paths))


LIST_PATHS = _list_paths()


@pytest.fixture
def browser(db: Any) -> Client:
    client = Client()
    client.force_login(make_user("browser-admin", superuser=True))
    return client


def test_the_api_has_list_routes_to_check() -> None:
    assert len(LIST_PATHS) > 50 and "/api/dcim/devices/" in LIST_PATHS


@pytest.mark.parametrize("path", LIST_PATHS)
def test_every_list_route_renders_in_a_browser(browser: Client, path: str) -> None:
    response = browser.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 200, (path, response.status_code)
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "<html" in body.lower() and "Traceback (most recent call last)" not in body


def test_boolean_filters_render_as_a_choice_and_keep_the_value(browser: Client) -> None:
    """A boolean filter in the browsable API's filter form is a select of unknown / yes / no, and shows what was
    asked for; the JSON answer reads the same spellings as before."""
    body = browser.get("/api/dcim/interfaces/?enabled=false", HTTP_ACCEPT="text/html").content.decode()
    assert 'name="enabled"' in body and '<option value="false" selected>' in body
    json_answer = browser.get("/api/dcim/interfaces/?enabled=FALSE", HTTP_ACCEPT="application/json")
    assert json_answer.status_code == 200 and json_answer.json()["count"] == 0
