"""The example plugin (examples/netkeel_example_plugin) in a real netkeel service: its migration and
post_upgrade step run in post_upgrade, its REST endpoint answers under /api/plugins/example/, its pages
under /plugins/example/ with a menu entry and search results, and its job runs through the API; the
plugin roots /api/plugins/, /api/apps/ and the installed-plugins list answer as Nautobot 3's do."""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.request
import uuid
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from netkeel.core.testing.live import LIVE_PASSWORD, LiveNetkeel, serve_netkeel, skip_unless_sqlite_run

pytestmark = pytest.mark.slow

EXAMPLE_PLUGIN_ROOT = Path(__file__).resolve().parents[3] / "examples" / "netkeel_example_plugin"
PLUGIN_FIELDS = {
    "name",
    "package",
    "app_label",
    "author",
    "author_email",
    "description",
    "headline",
    "version",
    "home_url",
    "config_url",
    "docs_url",
}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveNetkeel]:
    skip_unless_sqlite_run()
    root = tmp_path_factory.mktemp("plugin-netkeel")
    config = "PLUGINS = ['netkeel_example_plugin']\nPLUGINS_CONFIG = {'netkeel_example_plugin': {'greeting': 'Hej'}}\n"
    # The plugin is importable as an installed package would be: on the service's Python path.
    with serve_netkeel(root, config=config, env={"PYTHONPATH": str(EXAMPLE_PLUGIN_ROOT)}) as served:
        yield served


def call(live: LiveNetkeel, method: str, path: str, body: Any = None, token: bool = True) -> tuple[int, Any]:
    parts = urlsplit(live.url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {live.token}"
    connection.request(method, path, body=None if body is None else json.dumps(body).encode(), headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, json.loads(data) if data else None


def signed_in(live: LiveNetkeel) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{live.url}/login/", timeout=10) as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    form = urlencode({"username": "admin", "password": LIVE_PASSWORD, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(f"{live.url}/login/", data=form, headers={"Referer": f"{live.url}/login/"})
    with opener.open(request, timeout=10) as response:
        assert "Welcome, admin" in response.read().decode()
    return opener


def page(opener: urllib.request.OpenerDirector, url: str) -> str:
    with opener.open(url, timeout=30) as response:
        assert response.status == 200
        return str(response.read().decode())


def test_the_upgrade_step_ran_and_is_reported_skippable_and_idempotent(live: LiveNetkeel) -> None:
    status, found = call(live, "GET", "/api/plugins/example/widgets/?name=default-1")
    assert status == 200 and found["count"] == 1, "the step made the default widget on the first post_upgrade"
    again = live.server("post_upgrade", "--json", "--no-input", "--no-backup")
    assert again.returncode == 0, again.stderr
    steps = [(step["name"], step["status"]) for step in json.loads(again.stdout)["steps"]]
    names = [name for name, _ in steps]
    assert names[names.index("migrate") :][:3] == ["migrate", "cable-paths", "example-widgets"]
    assert dict(steps)["example-widgets"] == "nothing to do"
    skipped = live.server("post_upgrade", "--json", "--no-input", "--no-backup", "--no-example-widgets")
    assert skipped.returncode == 0, skipped.stderr
    assert {step["name"]: step["status"] for step in json.loads(skipped.stdout)["steps"]}[
        "example-widgets"
    ] == "skipped"


def test_plugin_roots_and_installed_plugins_answer_as_nautobots(live: LiveNetkeel) -> None:
    base = f"{live.url}/api"
    status, root = call(live, "GET", "/api/")
    assert status == 200
    assert root["plugins"] == f"{base}/plugins/" and root["apps"] == f"{base}/apps/"
    status, plugins = call(live, "GET", "/api/plugins/")
    assert status == 200
    assert plugins == {"installed-plugins": f"{base}/plugins/installed-plugins/", "example": f"{base}/plugins/example/"}
    status, apps = call(live, "GET", "/api/apps/")
    assert status == 200
    assert apps == {"installed-apps": f"{base}/apps/installed-apps/", "example": f"{base}/plugins/example/"}
    status, installed = call(live, "GET", "/api/plugins/installed-plugins/")
    assert status == 200
    [plugin] = installed
    assert set(plugin) == PLUGIN_FIELDS
    assert plugin["package"] == "netkeel_example_plugin" and plugin["name"] == "Example plugin"
    assert plugin["app_label"] == "netkeel_example_plugin" and plugin["version"] == "0.2.0"
    status, service = call(live, "GET", "/api/status/")
    assert status == 200
    assert service["plugins"] == service["nautobot-apps"] == {"netkeel_example_plugin": "0.2.0"}
    assert plugin["home_url"] == "plugins:example:widget_list"
    assert plugin["config_url"] is None and plugin["docs_url"] is None
    assert call(live, "GET", "/api/apps/installed-apps/") == (200, installed)
    assert call(live, "GET", "/api/plugins/", token=False)[0] == 403
    assert call(live, "GET", "/api/plugins/installed-plugins/", token=False)[0] == 403


def test_the_plugin_endpoint_lists_creates_and_links_its_widgets(live: LiveNetkeel) -> None:
    status, app_root = call(live, "GET", "/api/plugins/example/")
    assert status == 200 and app_root == {"widgets": f"{live.url}/api/plugins/example/widgets/"}
    name = f"api-{uuid.uuid4().hex[:8]}"
    status, created = call(live, "POST", "/api/plugins/example/widgets/", {"name": name, "size": 7})
    assert status == 201, created
    assert created["url"] == f"{live.url}/api/plugins/example/widgets/{created['id']}/"
    assert created["object_type"] == "netkeel_example_plugin.widget" and created["size"] == 7
    status, listed = call(live, "GET", f"/api/plugins/example/widgets/?name={name}")
    assert status == 200 and [row["id"] for row in listed["results"]] == [created["id"]]
    assert call(live, "PATCH", f"/api/plugins/example/widgets/{created['id']}/", {"size": 8})[1]["size"] == 8
    assert call(live, "DELETE", f"/api/plugins/example/widgets/{created['id']}/")[0] == 204


def test_the_plugin_job_runs_through_the_api(live: LiveNetkeel) -> None:
    status, job = call(live, "GET", "/api/extras/jobs/Make%20widgets/")
    assert status == 200, job
    assert job["module_name"] == "netkeel_example_plugin.jobs" and job["grouping"] == "Example plugin"
    prefix = f"job-{uuid.uuid4().hex[:8]}"
    status, started = call(
        live, "POST", "/api/extras/jobs/Make%20widgets/run/", {"data": {"prefix": prefix, "count": 2}}
    )
    assert status == 201, started
    result_path = urlsplit(started["job_result"]["url"]).path
    deadline = time.monotonic() + 60
    while (done := call(live, "GET", result_path)[1])["status"]["value"] not in {"SUCCESS", "FAILURE"}:
        assert time.monotonic() < deadline, done
        time.sleep(0.2)
    assert done["status"]["value"] == "SUCCESS", done.get("traceback")
    assert done["result"] == {"made": [f"{prefix}-1", f"{prefix}-2"]}
    status, listed = call(live, "GET", f"/api/plugins/example/widgets/?q={prefix}")
    assert sorted(row["name"] for row in listed["results"]) == [f"{prefix}-1", f"{prefix}-2"]


def test_the_plugin_pages_menu_entry_and_search(live: LiveNetkeel) -> None:
    name = f"ui-{uuid.uuid4().hex[:8]}"
    status, created = call(live, "POST", "/api/plugins/example/widgets/", {"name": name, "size": 3})
    assert status == 201, created
    opener = signed_in(live)
    home = page(opener, f"{live.url}/")
    assert 'href="/plugins/example/widgets/"' in home, "the menu links the plugin's list"
    assert "Example" in home
    listing = page(opener, f"{live.url}/plugins/example/widgets/")
    detail_url = f"/plugins/example/widgets/{created['id']}/"
    assert name in listing and detail_url in listing
    detail = page(opener, f"{live.url}{detail_url}")
    assert name in detail and "Size" in detail
    assert detail_url in page(opener, f"{live.url}/search/?q={name}")
    assert "Add" in page(opener, f"{live.url}/plugins/example/widgets/add/")


def test_pynautobot_reaches_the_plugin_and_the_schema_holds_its_endpoint(live: LiveNetkeel) -> None:
    pynautobot = pytest.importorskip("pynautobot")
    nb = pynautobot.api(live.url, token=live.token)
    assert [plugin["package"] for plugin in nb.plugins.installed_plugins()] == ["netkeel_example_plugin"]
    name = f"nb-{uuid.uuid4().hex[:8]}"
    widget = nb.plugins.example.widgets.create(name=name, size=4)
    assert nb.plugins.example.widgets.get(name=name).id == widget.id
    widget.size = 5
    assert widget.save()
    assert nb.plugins.example.widgets.get(widget.id).size == 5
    assert widget.delete()
    assert "/plugins/example/widgets/" in nb.openapi()["paths"]
