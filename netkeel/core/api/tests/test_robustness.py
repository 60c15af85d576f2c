"""No 500 for what a client sends: a NUL character in a filter or a body, a regular expression the database
cannot run, a datetime offset PostgreSQL cannot store, a body nested 50,000 levels deep — each is a 400
naming what is wrong, on every list route and the same on every engine. Reads are held to the render
budget (core.api.budget), and an unknown path under /api/ is Nautobot's JSON 404."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from netkeel.core.api import budget, registry
from netkeel.core.api.filters import MultiValueCharFilter, RelatedFilter
from netkeel.core.api.renderers import reporting_failure
from netkeel.core.testing.api import APIClient
from netkeel.dcim.models import Interface
from netkeel.dcim.tests import factories
from netkeel.extras.models import CustomField


def list_routes() -> list[tuple[str, Any]]:
    """Every list route of the API (`/api/<app>/<endpoint>/`) with its viewset, from the routers."""
    routes = []
    for prefix in ("", "plugins/"):
        for router in registry.routers(prefix):
            for name, viewset, _ in router.registry:
                routes.append((f"/api/{prefix}{router.app}/{name}/", viewset))
    return routes


ROUTES = list_routes()
FILTERED_ROUTES = [(path, viewset) for path, viewset in ROUTES if getattr(viewset, "filterset_class", None)]


def first_filter(viewset: Any, kind: type) -> str | None:
    filters = viewset.filterset_class.get_filters()
    return next((name for name, flt in filters.items() if "__" not in name and type(flt) is kind), None)


def assert_400_naming(response: Any, parameter: str) -> dict[str, Any]:
    assert response.status_code == 400, (parameter, response.status_code, response.content[:300])
    body = response.json()
    assert parameter in body, (parameter, body)
    return dict(body)


def test_every_api_list_route_is_covered() -> None:
    paths = {path for path, _ in ROUTES}
    assert {"/api/dcim/interfaces/", "/api/dcim/locations/", "/api/ipam/prefixes/", "/api/extras/statuses/"} <= paths
    assert len(FILTERED_ROUTES) >= 40


@pytest.mark.parametrize("path,viewset", FILTERED_ROUTES, ids=[path for path, _ in FILTERED_ROUTES])
def test_bad_filter_values_are_a_400_naming_the_parameter(api: APIClient, path: str, viewset: Any) -> None:
    text = first_filter(viewset, MultiValueCharFilter)
    related = first_filter(viewset, RelatedFilter)
    cases = ["q", *([f"{text}", f"{text}__ic", f"{text}__n"] if text else []), *([related] if related else [])]
    for parameter in cases:
        assert_400_naming(api.get(f"{path}?{parameter}=a%00b"), parameter)
    if text:
        for suffix in ("re", "ire", "nre", "nire"):
            body = assert_400_naming(api.get(f"{path}?{text}__{suffix}=("), f"{text}__{suffix}")
            assert "regular expression" in json.dumps(body)
        assert api.get(f"{path}?{text}__re=^a.*&{text}__nire=[xyz]$").status_code == 200
    # An offset beyond PostgreSQL's ±15:59 is the same instant in UTC.
    if {"created", "last_updated__lte"} <= set(viewset.filterset_class.get_filters()):
        offsets = "created=2020-01-01T00:00:00%2B16:00&last_updated__lte=2030-01-01T00:00:00-23:30"
        assert api.get(f"{path}?{offsets}").status_code == 200
    # The request still works afterwards (PostgreSQL: no aborted transaction left behind).
    assert api.get(path).status_code == 200


def test_offsets_beyond_postgresql_range_filter_by_the_same_instant(api: APIClient) -> None:
    site = factories.location("tz-site")
    # 16 hours ahead of UTC, written with the local time 16 hours later: the same instant.
    local = (site.created + timedelta(hours=16)).replace(tzinfo=None).isoformat()
    response = api.get(f"/api/dcim/locations/?created={local}%2B16:00")
    assert response.status_code == 200 and response.json()["count"] == 1, response.content


def test_a_nul_in_a_custom_field_filter_and_a_natural_key_path(api: APIClient) -> None:
    field = CustomField.objects.create(key="note", label="Note", type="text")
    field.content_types.add(ContentType.objects.get(app_label="dcim", model="location"))
    factories.location("DC1")
    assert_400_naming(api.get("/api/dcim/locations/?cf_note=a%00b"), "cf_note")
    assert api.get("/api/dcim/locations/DC1%00/").status_code == 404


# ------------------------------------------------------------------------------------------------ bodies


def test_a_nul_anywhere_in_a_body_is_a_400_naming_where(api: APIClient) -> None:
    for key, kind in (("note", "text"), ("blob", "json")):
        field = CustomField.objects.create(key=key, label=key, type=kind)
        field.content_types.add(ContentType.objects.get(app_label="dcim", model="location"))
    factories.location("DC1")
    location_type = "Site"
    good = {"name": "new", "location_type": location_type, "status": "Active"}
    assert_400_naming(api.send("POST", "/api/dcim/locations/", {**good, "status": "Act\u0000ive"}), "status")
    assert_400_naming(api.send("POST", "/api/dcim/locations/", {**good, "name": "a\u0000b"}), "name")
    assert_400_naming(
        api.send("POST", "/api/dcim/locations/", {**good, "custom_fields": {"note": "a\u0000b"}}), "custom_fields.note"
    )
    assert_400_naming(
        api.send("POST", "/api/dcim/locations/", {**good, "custom_fields": {"blob": {"k": ["\u0000"]}}}),
        "custom_fields.blob.k.0",
    )
    response = api.send("POST", "/api/dcim/locations/", [good, {**good, "name": "b", "status": "\u0000"}])
    assert_400_naming(response, "1.status")
    form = "application/x-www-form-urlencoded"
    response = api.post("/api/dcim/locations/", data="name=a%00b&status=Active", content_type=form)
    assert_400_naming(response, "name")
    assert api.send("POST", "/api/dcim/locations/", good).status_code == 201


def test_an_invalid_regular_expression_in_a_body_lookup_is_a_400(api: APIClient) -> None:
    site = factories.location("DC1")
    body = {"name": "r1", "status": "Active", "location": {"name__regex": "("}}
    assert_400_naming(api.send("POST", "/api/dcim/racks/", body), "location")
    body["location"] = {"name__iregex": "^dc1$"}
    response = api.send("POST", "/api/dcim/racks/", body)
    assert response.status_code == 201, response.content
    assert response.json()["location"]["id"] == str(site.pk)


def test_json_nested_50000_levels_is_a_400(api: APIClient) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    response = api.post("/api/dcim/locations/", data=deep, content_type="application/json")
    assert response.status_code == 400, response.content[:200]
    assert "nested" in response.json()["detail"]
    shallow = '{"name": "x", "custom_fields": ' + "[" * 20 + "]" * 20 + "}"
    assert api.post("/api/dcim/locations/", data=shallow, content_type="application/json").status_code == 400


# ------------------------------------------------------------------------------------------------ 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/no-such-app/",
        "/api/no-such-app/things/",
        "/api/dcim/no-such-endpoint/",
        "/api/dcim/devices/00000000-0000-0000-0000-000000000000/no-such-action/",
        "/api/dcim/devices/00000000-0000-0000-0000-000000000000/",
        "/api/dcim/locations/no-such-location/",
        "/api/plugins/no-such-plugin/",
        "/api/x/y/z/",
    ],
)
def test_an_unknown_api_path_is_a_json_404(api: APIClient, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    if "0000" not in path and "no-such-location" not in path:
        assert response.json() == {"detail": "Not found."}


def test_the_ui_keeps_its_html_404(api: APIClient) -> None:
    response = api.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    # The API without its trailing slash is still redirected, not answered 404.
    assert api.get("/api/dcim/devices").status_code == 301


# ------------------------------------------------------------------------------------------------ budget


def test_depth_zero_and_one_are_served_at_the_largest_page(api: APIClient) -> None:
    for depth in (0, 1):
        assert api.get(f"/api/dcim/interfaces/?limit=0&depth={depth}").status_code == 200
        assert api.get(f"/api/dcim/devices/?limit=1000&depth={depth}").status_code == 200


def test_a_read_over_the_render_budget_is_a_400_before_any_row_is_read(api: APIClient) -> None:
    factories.device("sw1", factories.device_type(interfaces=4), factories.location("DC1"))
    per_row = budget.objects_per_row(registry.serializer_for(Interface), 3)
    api.get("/api/dcim/interfaces/")  # the token's user, sessions: what any request reads first
    with override_settings(API_MAX_RENDERED_OBJECTS=3 * per_row):
        with CaptureQueriesContext(connection) as queries:
            response = api.get("/api/dcim/interfaces/?limit=1000&depth=3")
        body = assert_400_naming(response, "depth")
        message = body["depth"][0]
        assert "4 rows" in message and "API_MAX_RENDERED_OBJECTS" in message and "Lower the depth to 2" in message
        assert "the limit to 3" in message
        # The page size alone was over the budget, so the rows it would hold were counted — and none read.
        touched = [q["sql"] for q in queries.captured_queries if "dcim_interface" in q["sql"]]
        assert len(touched) == 1 and "COUNT(" in touched[0].upper(), touched
        # What the message offers is served, and so is the same read of fewer rows (a filter, an offset).
        assert api.get("/api/dcim/interfaces/?limit=3&depth=3").status_code == 200
        assert api.get("/api/dcim/interfaces/?limit=1000&depth=3&offset=1").status_code == 200
        assert api.get("/api/dcim/interfaces/?limit=0&depth=3&name=eth0").json()["count"] == 1
        assert api.get("/api/dcim/interfaces/?limit=1000&depth=1").status_code == 200
    assert_400_naming(api.get("/api/dcim/interfaces/?depth=10"), "depth")


def test_a_deep_read_of_every_row_is_served_when_the_rows_fit(api: APIClient) -> None:
    """`limit=0&depth=2`, as the Ansible inventory reads IP addresses: judged on the rows there are."""
    factories.device("sw1", factories.device_type(interfaces=2), factories.location("DC1"))
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/dcim/interfaces/?limit=0&depth=3")
    assert response.status_code == 200 and response.json()["count"] == 2
    assert len(response.json()["results"][0]["device"]["device_type"]["manufacturer"]) > 3  # rendered at depth
    # The rows were counted once, for the budget, and the page's count is that one; within the budget by
    # the page size alone (limit=2), the page counts as ever.
    with CaptureQueriesContext(connection) as small:
        assert api.get("/api/dcim/interfaces/?limit=2&depth=3").status_code == 200

    def counts(captured: CaptureQueriesContext) -> int:
        quote = connection.ops.quote_name  # `…` on MariaDB
        counting = f"SELECT COUNT(*) AS {quote('__count')} FROM {quote('dcim_interface')}"
        return sum(query["sql"].startswith(counting) for query in captured.captured_queries)

    assert (counts(queries), counts(small)) == (1, 1)


def test_the_budget_is_a_setting_and_holds_for_single_objects(api: APIClient) -> None:
    site = factories.location("DC1")
    with override_settings(API_MAX_RENDERED_OBJECTS=5):
        assert_400_naming(api.get("/api/dcim/locations/?limit=10&depth=2"), "depth")
        assert_400_naming(api.get(f"/api/dcim/locations/{site.pk}/?depth=10"), "depth")
        assert api.get("/api/dcim/locations/?limit=1000&depth=1").status_code == 200
    with override_settings(API_MAX_RENDERED_OBJECTS=1_000_000):
        assert api.get("/api/dcim/locations/?limit=1000&depth=3").status_code == 200


def test_objects_per_row_counts_what_a_row_renders() -> None:
    serializer = registry.serializer_for(Interface)
    counts = [budget.objects_per_row(serializer, depth) for depth in range(4)]
    assert counts[0] == 1
    assert counts[1] == 1 + sum(1 for f in Interface._meta.concrete_fields if f.is_relation)
    assert counts[1] < counts[2] < counts[3]


# ------------------------------------------------------------------------------------------------ CSV


@pytest.mark.skipif(connection.vendor == "mysql", reason="MariaDB commits a table rename at once")
def test_a_csv_export_whose_query_fails_is_an_error_before_any_byte(api: APIClient) -> None:
    from netkeel.tenancy.models import Tenant

    Tenant.objects.create(name="t1")
    table = connection.ops.quote_name(Tenant._meta.db_table)
    gone = connection.ops.quote_name(f"{Tenant._meta.db_table}_gone")
    # A real failure of the export's query: its table is away (in a savepoint, so it comes back).
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} RENAME TO {gone}")
        api.get("/api/tenancy/tenants/", HTTP_ACCEPT="text/csv")
    response = api.get("/api/tenancy/tenants/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200 and b"t1" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_a_csv_export_failing_midway_ends_with_a_line_saying_so() -> None:
    def pieces() -> Any:
        yield b"name\nt1\n"
        raise DatabaseError("connection lost")

    received: list[bytes] = []
    with pytest.raises(DatabaseError):
        for piece in reporting_failure(pieces()):
            received.append(piece)
    assert received[0] == b"name\nt1\n"
    assert received[-1].startswith(b"# netkeel: the export failed after 2 lines (DatabaseError)")
