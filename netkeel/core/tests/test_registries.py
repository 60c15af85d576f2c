"""The registries apps fill in their AppConfig.ready(): complete once Django is set up, before (and
without) any URL module being imported, so that code outside a request (a job, a command, the worker)
sees every endpoint, page, menu entry, searched model, tab, job module and upgrade step."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest

from netkeel.core.api import registry as api_registry
from netkeel.core.ui import extensions, search
from netkeel.core.ui import registry as ui_registry

Run = Callable[..., subprocess.CompletedProcess[str]]

REPORT = (
    "import json, sys; "
    "from netkeel.core.api import registry as api; from netkeel.core.ui import registry as ui, search, extensions; "
    "from netkeel.core.upgrade.pipeline import step_names; from netkeel.extras.jobs import discovery; "
    "print(json.dumps({'url_modules': sorted(m for m in sys.modules if m == 'netkeel.urls' or m.endswith('.urls') "
    "and m.startswith('netkeel.')), "
    "'api_routers': [r.app for r in api.routers()], 'ui_routers': [r.app for r in ui.routers()], "
    "'menu': [g.label for g in ui.menu()], 'searched': len(search.searchables()), "
    "'tabs': [t.name for t in extensions.object_tabs()], 'user_pages': [p.name for p in extensions.user_pages()], "
    "'job_modules': [m for m, _ in discovery._app_job_modules()], 'steps': step_names()}))"
)


@pytest.mark.slow
def test_every_registry_is_filled_without_importing_a_url_module(netkeel_server: Run) -> None:
    result = netkeel_server("shell", "--no-imports", "-c", REPORT)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["url_modules"] == []
    assert report["api_routers"] == ["extras", "users", "tenancy", "dcim", "circuits", "ipam", "virtualization"]
    assert report["ui_routers"] == ["extras", "users", "tenancy", "dcim", "circuits", "ipam", "virtualization"]
    assert report["menu"] == ["Tenancy", "Devices", "IPAM", "Virtualization", "Circuits", "Extras", "Administration"]
    assert report["searched"] > 20
    assert report["tabs"] == ["notes", "changelog"]
    assert report["user_pages"] == ["graphiql", "user-profile", "user-tokens"]
    assert report["job_modules"] == ["netkeel.extras.csv_io.jobs", "netkeel.dcim.jobs", "netkeel.demo.jobs"]
    assert "cable-paths" in report["steps"]


def test_each_model_page_derives_from_its_api_endpoint() -> None:
    for model_ui in ui_registry.registered_models():
        endpoint = api_registry.endpoint_for(model_ui.model)
        assert endpoint is not None, model_ui.model
        assert model_ui.slug == endpoint.name, model_ui.model


def test_the_url_map_serves_every_registered_router() -> None:
    from django.urls import reverse

    for router in ui_registry.routers():
        for model_ui in router.models:
            assert reverse(model_ui.url_name("list")) == f"/{router.app}/{model_ui.slug}/"
    for router in api_registry.routers():
        assert reverse(f"api:{router.app}-api:api-root") == f"/api/{router.app}/"
    assert {searchable.model for searchable in search.searchables()} <= {
        m.model for m in ui_registry.registered_models()
    }
    assert {tab.name for tab in extensions.object_tabs()} == {"notes", "changelog"}
