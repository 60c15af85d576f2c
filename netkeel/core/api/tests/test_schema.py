"""`/api/swagger.json` describes what netkeel sends, in Nautobot's shapes (issue 13, Build 6), and is generated
once per process per API version and set of custom field filters."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.api import APIClient


def component(schema: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    return dict(schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]])


def json_body(schema: dict[str, Any], path: str, method: str, code: str | None = None) -> dict[str, Any]:
    operation = schema["paths"][path][method]
    if code is None:
        content = operation["requestBody"]["content"]
    else:
        content = operation["responses"][code]["content"]
    return component(schema, content["application/json"]["schema"])


def test_the_schema_is_generated_once(api: APIClient) -> None:
    first = api.send("GET", "/api/swagger.json")
    with CaptureQueriesContext(connection) as queries:
        again = api.send("GET", "/api/swagger.json")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    # The token's user and the custom field fingerprint; generating it reads the database for every endpoint.
    assert len(queries) <= 4, [query["sql"] for query in queries]
    assert api.send("GET", "/api/docs/", HTTP_ACCEPT="text/html").status_code == 200


def test_related_objects_and_choices_are_documented_as_sent(api: APIClient) -> None:
    schema = api.send("GET", "/api/swagger.json").json()
    location = json_body(schema, "/dcim/locations/{id}/", "get", "200")["properties"]
    for name in ("parent", "status", "location_type", "tenant"):
        assert location[name]["type"] == "object", name
        assert set(location[name]["properties"]) == {"id", "object_type", "url"}, name
    assert location["parent"]["nullable"] is True
    assert location["tags"]["items"]["type"] == "object"

    interface = json_body(schema, "/dcim/interfaces/{id}/", "get", "200")["properties"]
    kind = interface["type"]
    assert kind["type"] == "object" and set(kind["properties"]) == {"value", "label"}
    assert "1000base-t" in kind["properties"]["value"]["enum"]
    written = json_body(schema, "/dcim/interfaces/", "post")["properties"]["type"]
    values = component(schema, written["oneOf"][0]) if "oneOf" in written else written  # enums get components
    assert values["type"] == "string" and "1000base-t" in values["enum"]

    # And so a response really has those shapes.
    response = api.send("GET", "/api/dcim/locations/?limit=1")
    assert response.status_code == 200


def test_notes_routes_are_pages_of_notes_and_only_where_notes_exist(api: APIClient) -> None:
    schema = api.send("GET", "/api/swagger.json").json()
    page = json_body(schema, "/dcim/locations/{id}/notes/", "get", "200")
    assert page["properties"]["results"]["items"]["$ref"].endswith("/Note")
    names = {parameter["name"] for parameter in schema["paths"]["/dcim/locations/{id}/notes/"]["get"]["parameters"]}
    assert {"limit", "offset", "depth"} <= names and "name" not in names  # a page, not the locations' filters
    assert json_body(schema, "/dcim/locations/{id}/notes/", "post")["required"] == ["note"]
    assert json_body(schema, "/dcim/locations/{id}/notes/", "post", "201")["properties"]["note"]
    for path in ("/users/groups/{id}/notes/", "/extras/content-types/{id}/notes/"):
        assert path not in schema["paths"]  # integer ids: no object of theirs can carry a note


def test_reads_document_depth_exclude_m2m_and_sort(api: APIClient) -> None:
    schema = api.send("GET", "/api/swagger.json").json()
    listed = {parameter["name"]: parameter for parameter in schema["paths"]["/dcim/devices/"]["get"]["parameters"]}
    assert listed["depth"]["schema"]["maximum"] == 10
    assert {"exclude_m2m", "sort", "limit", "offset", "tenant_id"} <= set(listed)
    assert listed["location"]["schema"] == {"type": "array", "items": {"type": "string"}}  # a name or an id
    detail = {parameter["name"] for parameter in schema["paths"]["/dcim/devices/{id}/"]["get"]["parameters"]}
    assert {"depth", "exclude_m2m"} <= detail and "sort" not in detail


def test_timestamp_lookups_where_the_model_has_timestamps(api: APIClient) -> None:
    """`created__gt`, `…__lt`, `…__n`, `…__isnull` (and last_updated's) as Nautobot has them; a model without the
    timestamps (groups, content types) has none of their filters: a 400 naming the parameter, never a 500."""
    for query in ("created__gt=2020-01-01T00:00:00Z", "created__n=2020-01-01T00:00:00Z", "last_updated__isnull=false"):
        assert api.send("GET", f"/api/dcim/locations/?{query}").status_code == 200, query
        response = api.send("GET", f"/api/users/groups/?{query}")
        assert response.status_code == 400 and query.split("=")[0] in response.json(), query
    assert api.send("GET", "/api/extras/content-types/?created__lt=2020-01-01T00:00:00Z").status_code == 400


def test_the_routes_beside_models_are_documented_in_nautobots_shapes(api: APIClient) -> None:
    """users/config, render-jinja-template and napalm answer objects of their own, as Nautobot documents them;
    every read but an API root's takes `depth` and `exclude_m2m`."""
    schema = api.send("GET", "/api/swagger.json").json()
    paths = schema["paths"]
    config = paths["/users/config/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert config == {"type": "object", "additionalProperties": {}}
    jinja = json_body(schema, "/core/render-jinja-template/", "post")
    assert jinja["required"] == ["template_code"] and set(jinja["properties"]) == {"template_code", "context"}
    rendered = json_body(schema, "/core/render-jinja-template/", "post", "200")["properties"]
    assert {"rendered_template", "rendered_template_lines", "template_code", "context"} == set(rendered)
    napalm = paths["/dcim/devices/{id}/napalm/"]["get"]
    assert "method" in {parameter["name"] for parameter in napalm["parameters"]}
    results = napalm["responses"]["200"]["content"]["application/json"]["schema"]
    assert results["type"] == "object" and "method" in results["properties"]  # each getter's result by name
    for path in ("/status/", "/users/config/", "/dcim/connected-device/"):
        assert {"depth", "exclude_m2m"} <= {parameter["name"] for parameter in paths[path]["get"]["parameters"]}
    for path in ("/", "/dcim/"):
        assert "depth" not in {parameter["name"] for parameter in paths[path]["get"].get("parameters", ())}


def test_related_objects_read_by_a_method_are_documented_as_references(api: APIClient) -> None:
    schema = api.send("GET", "/api/swagger.json").json()
    for path, names in (
        ("/extras/notes/{id}/", ("assigned_object", "user")),
        ("/circuits/circuits/{id}/", ("circuit_termination_a", "circuit_termination_z")),
        ("/dcim/devices/{id}/", ("parent_bay",)),
        ("/dcim/cables/{id}/", ("termination_a", "termination_b")),
        ("/extras/object-changes/{id}/", ("changed_object",)),
    ):
        fields = json_body(schema, path, "get", "200")["properties"]
        for name in names:
            assert set(fields[name]["properties"]) == {"id", "object_type", "url"}, (path, name)
            assert fields[name]["nullable"] is True, (path, name)


def test_object_type_filters_on_one_type_are_documented_as_the_text_they_take(api: APIClient) -> None:
    """`?changed_object_type=dcim.device`, `?assigned_object_type=…`, `?termination_a_type=…`: strings, as
    Nautobot documents them, and answered as such; a model's list of types (`content_types`) stays documented
    by id, as Nautobot's is."""
    schema = api.send("GET", "/api/swagger.json").json()

    def parameter(path: str, name: str) -> dict[str, Any]:
        (found,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        return dict(found["schema"])

    for path, name in (
        ("/extras/object-changes/", "changed_object_type"),
        ("/extras/object-changes/", "changed_object_type__n"),
        ("/extras/notes/", "assigned_object_type"),
        ("/dcim/cables/", "termination_a_type"),
        ("/dcim/cables/", "termination_b_type"),
    ):
        assert parameter(path, name) == {"type": "string"}, (path, name)
        assert api.send("GET", f"/api{path}?{name}=dcim.device").status_code == 200, (path, name)
    assert parameter("/extras/statuses/", "content_types")["type"] == "integer"


def test_filters_by_id_are_documented_as_uuids(api: APIClient) -> None:
    """A cable by its id (Nautobot's; netkeel also takes its label), an address by its device's id."""
    schema = api.send("GET", "/api/swagger.json").json()
    for path, name in (
        ("/dcim/interfaces/", "cable"),
        ("/dcim/interfaces/", "cable__n"),
        ("/dcim/console-ports/", "cable"),
        ("/ipam/ip-addresses/", "device_id"),
    ):
        (found,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        documented = found["schema"].get("items", found["schema"])
        assert documented == {"type": "string", "format": "uuid"}, (path, name)
