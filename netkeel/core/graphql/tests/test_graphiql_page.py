"""The GraphiQL page at `/graphql/`: sign-in required, assets shipped in the package, nothing from outside."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from netkeel.core.testing.ui import make_user, signed_in

pytestmark = pytest.mark.django_db

ASSETS = (
    "graphiql/graphiql.min.js",
    "graphiql/graphiql.min.css",
    "graphiql/react.production.min.js",
    "graphiql/react-dom.production.min.js",
    "graphiql/netkeel-graphiql.js",
    "graphiql/netkeel-graphiql.css",
)


def test_the_page_asks_an_anonymous_visitor_to_sign_in() -> None:
    response = Client().get("/graphql/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/graphql/"


def test_the_page_loads_graphiql_from_the_package_with_the_endpoint_and_a_csrf_token() -> None:
    client = signed_in(make_user("viewer"))  # no model permission needed: the API filters what it answers
    response = client.get("/graphql/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    for asset in ASSETS:
        assert f"/static/{asset}" in sources, asset
    # Every script and stylesheet is ours: no CDN, no other host.
    assert all(source.startswith("/") and not source.startswith("//") for source in sources), sources
    assert "http://" not in html and "https://" not in html
    assert 'data-endpoint="/api/graphql/"' in html
    token = re.search(r'data-csrf-token="([^"]+)"', html)
    assert token and len(token.group(1)) >= 32
    assert "csrftoken" in response.cookies
    assert 'href="/graphql/"' in client.get("/").content.decode()  # in the user menu


def test_the_shipped_assets_are_found_and_served_with_their_licences() -> None:
    client = Client()
    for asset in ASSETS:
        assert finders.find(asset), asset
        assert client.get(f"/static/{asset}").status_code == 200, asset
    for licence in ("LICENSE.graphiql", "LICENSE.react", "LICENSE.react-dom", "README.md"):
        assert finders.find(f"graphiql/{licence}"), licence
