"""The API over real HTTP, byte for byte as pynautobot and requests send it, against a running gunicorn.

These are the header edge cases that a test client would smooth over: `application/json;` with its
trailing semicolon as Accept and as Content-Type, `Accept: */*`, versions in the Accept header, the
Host header deciding the absolute `next` links, and 204s with no body at all.
"""

from __future__ import annotations

import http.client
import json
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest

from netkeel.core.testing.live import LiveNetkeel

pytestmark = pytest.mark.slow


def call(
    live: LiveNetkeel,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    token: bool = True,
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(live.url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    sent = {"authorization": f"Token {live.token}"} if token else {}
    sent.update(headers or {})
    payload = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    connection.request(method, path, body=payload, headers=sent)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {key.lower(): value for key, value in response.getheaders()}, data


def test_get_with_the_trailing_semicolon_accept_gets_json_and_the_version(live_netkeel: LiveNetkeel) -> None:
    status, headers, body = call(live_netkeel, "GET", "/api/", headers={"Accept": "application/json;"})
    assert status == 200, body
    assert headers["content-type"].startswith("application/json")
    assert headers["api-version"] == "3.2"
    assert "tenancy" in json.loads(body)


def test_accept_anything_gets_json_not_the_browsable_page(live_netkeel: LiveNetkeel) -> None:
    status, headers, body = call(live_netkeel, "GET", "/api/tenancy/tenants/", headers={"Accept": "*/*"})
    assert status == 200 and headers["content-type"].startswith("application/json"), body[:200]
    assert set(json.loads(body)) == {"count", "next", "previous", "results"}


def test_post_with_the_trailing_semicolon_content_type_creates(live_netkeel: LiveNetkeel) -> None:
    name = f"http-{uuid.uuid4().hex[:8]}"
    status, headers, body = call(
        live_netkeel,
        "POST",
        "/api/tenancy/tenants/?exclude_m2m=False",
        {"name": name},
        headers={"Content-Type": "application/json;"},
    )
    assert status == 201, body
    created = json.loads(body)
    assert created["name"] == name and created["url"].startswith(live_netkeel.url)
    status, _, body = call(live_netkeel, "DELETE", f"/api/tenancy/tenants/{created['id']}/")
    assert status == 204 and body == b""


def test_versions_in_the_accept_header(live_netkeel: LiveNetkeel) -> None:
    status, headers, _ = call(
        live_netkeel, "GET", "/api/tenancy/tenants/", headers={"Accept": "application/json; version=2.4"}
    )
    assert status == 200 and headers["api-version"] == "2.4"
    status, headers, body = call(
        live_netkeel, "GET", "/api/tenancy/tenants/", headers={"Accept": "application/json; version=0.0"}
    )
    assert status == 406 and headers["api-version"] == "3.2", body
    status, _, _ = call(live_netkeel, "GET", "/api/tenancy/tenants/?api_version=9.9")
    assert status == 404
    status, _, _ = call(
        live_netkeel,
        "GET",
        "/api/tenancy/tenants/?api_version=3.1",
        headers={"Accept": "application/json; version=3.0"},
    )
    assert status == 400


def test_next_links_are_absolute_for_the_host_the_client_used_and_keep_filters(live_netkeel: LiveNetkeel) -> None:
    prefix = f"page-{uuid.uuid4().hex[:6]}"
    call(
        live_netkeel,
        "POST",
        "/api/tenancy/tenants/",
        [{"name": f"{prefix}-{i}"} for i in range(3)],
        headers={"Content-Type": "application/json;"},
    )
    port = urlsplit(live_netkeel.url).port
    status, _, body = call(
        live_netkeel, "GET", f"/api/tenancy/tenants/?name__isw={prefix}&limit=2", headers={"Host": f"localhost:{port}"}
    )
    page = json.loads(body)
    assert status == 200 and page["count"] == 3
    assert page["next"].startswith(f"http://localhost:{port}/api/tenancy/tenants/?")
    assert f"name__isw={prefix}" in page["next"] and "offset=2" in page["next"]


def test_no_credentials_and_a_bad_token_are_403_json(live_netkeel: LiveNetkeel) -> None:
    status, headers, body = call(live_netkeel, "GET", "/api/tenancy/tenants/", token=False)
    assert status == 403 and headers["content-type"].startswith("application/json"), body
    assert "detail" in json.loads(body)
    status, _, body = call(live_netkeel, "GET", "/api/", headers={"Authorization": "Token " + "f" * 40}, token=False)
    assert status == 403 and json.loads(body)["detail"] == "Invalid token."


def test_malformed_json_is_a_400_sentence(live_netkeel: LiveNetkeel) -> None:
    status, _, body = call(
        live_netkeel, "POST", "/api/tenancy/tenants/", b'{"name": ', headers={"Content-Type": "application/json;"}
    )
    assert status == 400 and "JSON" in json.loads(body)["detail"]


def test_openapi_redirect_and_schema_shape(live_netkeel: LiveNetkeel) -> None:
    status, headers, _ = call(live_netkeel, "GET", "/api/docs/?format=openapi")
    assert status == 301 and headers["location"].endswith("/api/swagger.json")
    status, headers, body = call(live_netkeel, "GET", "/api/swagger.json")
    assert status == 200, body[:300]
    schema = json.loads(body)
    assert schema["servers"] == [{"url": "/api"}]
    assert "/tenancy/tenants/" in schema["paths"] and not any(path.startswith("/api/") for path in schema["paths"])
    names = {p["name"] for p in schema["paths"]["/tenancy/tenants/"]["get"]["parameters"]}
    assert {"name", "name__ic", "tenant_group", "q", "limit", "offset"} <= names
    # The Ansible inventory plugin validates its query_filters against exactly this list.
    device_filters = {p["name"] for p in schema["paths"]["/dcim/devices/"]["get"]["parameters"]}
    assert {"name", "location", "role", "status", "tenant", "platform", "tags", "q"} <= device_filters
    for path in ("/dcim/interfaces/{id}/trace/", "/ipam/prefixes/{id}/available-ips/", "/ipam/ip-addresses/"):
        assert path in schema["paths"], path
    status, headers, body = call(live_netkeel, "GET", "/api/docs/", headers={"Accept": "text/html"})
    assert status == 200 and b"swagger" in body.lower()
    assert b"cdn." not in body and b"unpkg" not in body and b"jsdelivr" not in body
