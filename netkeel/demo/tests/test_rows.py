"""Every list route of the API, over the demo network, renders its rows by the serializers' plans
(core/api/rows.py) byte for byte as DRF's generic field walk does: at depth 0 and 1, and with every
many-to-many shown. Every list page of the UI, with all its columns, renders its cells by the columns'
plans (core/ui/tables.py) as django-tables2 does. Each endpoint's and each model's own tests check the
same over the objects its factory makes."""

from __future__ import annotations

from typing import Any

import pytest

from netkeel.core.api import registry
from netkeel.core.testing.api import APIClient, assert_rendered_as_drf_does
from netkeel.core.testing.ui import assert_cells_as_django_tables2_renders, make_user, signed_in
from netkeel.core.ui.registry import registered_models
from netkeel.demo.builder import build_demo

pytestmark = pytest.mark.django_db


def test_every_list_route_renders_the_demo_as_drf_does(api: APIClient, monkeypatch: pytest.MonkeyPatch) -> None:
    build_demo("small", seed=2)
    endpoints = sorted({endpoint.path for endpoint in registry.endpoints()})
    assert len(endpoints) > 50
    with_rows = 0
    for path in endpoints:
        listed = api.send("GET", f"/api/{path}?limit=1")
        assert listed.status_code == 200, (path, listed.content[:300])
        with_rows += listed.json()["count"] > 0
        for query in ("depth=0", "depth=1", "exclude_m2m=false"):
            assert_rendered_as_drf_does(api, monkeypatch, f"/api/{path}?{query}&limit=200")
    assert with_rows >= 25, "the demo should give most endpoints rows to compare"


def test_every_list_page_renders_the_demo_cells_as_django_tables2_does(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_demo("small", seed=2)
    user = make_user("cells-admin", superuser=True)
    client = signed_in(user)
    pages = registered_models()
    assert len(pages) > 40
    for model_ui in pages:
        assert_cells_as_django_tables2_renders(client, user, model_ui, monkeypatch)
