"""`cf_<key>` filters per type and filter logic, as JSON key lookups that behave the same on SQLite,
PostgreSQL and MariaDB/MySQL (run this module with NETKEEL_TEST_DB=postgresql and =mysql too); the
strict unknown-parameter check and the OpenAPI schema know them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from netkeel.core.testing.api import APIClient
from netkeel.extras.models import CustomField, CustomFieldChoice
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db

TENANTS = "/api/tenancy/tenants/"


def define(key: str, type: str, logic: str = "loose", choices: tuple[str, ...] = ()) -> CustomField:
    field = CustomField.objects.create(key=key, label=key, type=type, filter_logic=logic)
    field.content_types.set([ContentType.objects.get_for_model(Tenant)])
    for value in choices:
        CustomFieldChoice.objects.create(custom_field=field, value=value)
    return field


@pytest.fixture
def tenants(db: Any) -> None:
    define("note", "text")
    define("code", "text", "exact")
    define("hidden", "text", "disabled")
    define("size", "integer")
    define("active", "boolean")
    define("since", "date")
    define("link", "url")
    define("page", "url", "exact")
    define("extra", "json")
    define("tier", "select", choices=("gold", "silver", "bronze"))
    define("zones", "multi-select", choices=("red", "green", "blue"))
    rows: dict[str, dict[str, Any]] = {
        "alpha": {
            "note": "Hello World",
            "code": "AB-1",
            "hidden": "x",
            "size": 5,
            "active": True,
            "since": "2024-01-15",
            "link": "https://Example.com/a",
            "page": "https://example.com/a",
            "extra": 3,
            "tier": "gold",
            "zones": ["red", "blue"],
        },
        "beta": {
            "note": "goodbye",
            "code": "ab-1",
            "size": 50,
            "active": False,
            "since": "2024-06-01",
            "link": "https://other.example/b",
            "extra": "three",
            "tier": "silver",
            "zones": ["green"],
        },
        "gamma": {"size": -3, "extra": {"deep": True}, "zones": []},
        "delta": {},
    }
    for name, data in rows.items():
        Tenant.objects.create(name=name, custom_field_data=data)


def names(api: APIClient, query: str) -> list[str]:
    response = api.send("GET", f"{TENANTS}?{query}")
    assert response.status_code == 200, (query, response.content)
    return sorted(row["name"] for row in response.json()["results"])


CASES = [
    # text, loose: case-insensitive substring
    ("cf_note=world", ["alpha"]),
    ("cf_note=O", ["alpha", "beta"]),
    ("cf_note=world&cf_note=bye", ["alpha", "beta"]),
    ("cf_note=null", ["delta", "gamma"]),
    ("cf_note__n=goodbye", ["alpha", "delta", "gamma"]),
    ("cf_note__isw=hello", ["alpha"]),
    ("cf_note__iew=BYE", ["beta"]),
    ("cf_note__ie=HELLO WORLD", ["alpha"]),
    ("cf_note__nic=o", ["delta", "gamma"]),
    # text, exact
    ("cf_code=AB-1", ["alpha"]),
    ("cf_code=AB", []),
    ("cf_code__ic=ab", ["alpha", "beta"]),
    # integer
    ("cf_size=5", ["alpha"]),
    ("cf_size=5&cf_size=-3", ["alpha", "gamma"]),
    ("cf_size__gte=5", ["alpha", "beta"]),
    ("cf_size__gt=5", ["beta"]),
    ("cf_size__lt=5", ["gamma"]),
    ("cf_size__lte=5", ["alpha", "gamma"]),
    ("cf_size__gte=0&cf_size__lte=10", ["alpha"]),
    ("cf_size__n=5", ["beta", "delta", "gamma"]),
    ("cf_size=null", ["delta"]),
    # boolean
    ("cf_active=true", ["alpha"]),
    ("cf_active=False", ["beta"]),
    ("cf_active=1", ["alpha"]),
    # date
    ("cf_since=2024-01-15", ["alpha"]),
    ("cf_since__gt=2024-01-15", ["beta"]),
    ("cf_since__lte=2024-06-01", ["alpha", "beta"]),
    # url: loose and exact
    ("cf_link=example.com", ["alpha"]),
    ("cf_link=EXAMPLE", ["alpha", "beta"]),
    ("cf_page=https://example.com/a", ["alpha"]),
    ("cf_page=example.com", []),
    # json: a scalar
    ("cf_extra=3", ["alpha"]),
    ('cf_extra="three"', ["beta"]),
    ("cf_extra=three", ["beta"]),
    # select: one of the given choices
    ("cf_tier=gold", ["alpha"]),
    ("cf_tier=gold&cf_tier=silver", ["alpha", "beta"]),
    ("cf_tier=gol", []),
    ("cf_tier__n=gold", ["beta", "delta", "gamma"]),
    # multi-select: the list holds one of them
    ("cf_zones=red", ["alpha"]),
    ("cf_zones=blue", ["alpha"]),
    ("cf_zones=green&cf_zones=blue", ["alpha", "beta"]),
    ("cf_zones=re", []),
    ("cf_zones__n=red", ["beta", "delta", "gamma"]),
    # combined with ordinary filters
    ("cf_size__gte=0&name=beta", ["beta"]),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_custom_field_filters(api: APIClient, tenants: None, query: str, expected: list[str]) -> None:
    assert names(api, query) == expected


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("cf_size=five", "cf_size"),
        ("cf_size__gte=1.5", "cf_size__gte"),
        ("cf_active=maybe", "cf_active"),
        ("cf_since=2024-02-30", "cf_since"),
        ("cf_extra=[1]", "cf_extra"),
        ("cf_hidden=x", "cf_hidden"),  # filter logic disabled: not a filter at all
        ("cf_nothing=x", "cf_nothing"),
        ("cf_active__n=true", "cf_active__n"),
    ],
)
def test_bad_values_and_unknown_custom_field_parameters_are_400s(
    api: APIClient, tenants: None, query: str, parameter: str
) -> None:
    response = api.send("GET", f"{TENANTS}?{query}")
    assert response.status_code == 400, (query, response.content)
    assert parameter in response.json()


def test_filters_follow_the_fields_defined_and_apply_only_to_their_models(api: APIClient) -> None:
    assert api.send("GET", f"{TENANTS}?cf_later=x").status_code == 400
    define("later", "text")
    Tenant.objects.create(name="t1", custom_field_data={"later": "x"})
    assert names(api, "cf_later=x") == ["t1"]
    assert api.send("GET", "/api/tenancy/tenant-groups/?cf_later=x").status_code == 400


def test_the_openapi_schema_lists_custom_field_filters(api: APIClient) -> None:
    define("size", "integer")
    define("hidden", "text", "disabled")
    response = api.send("GET", "/api/swagger.json")
    assert response.status_code == 200
    parameters = {p["name"]: p for p in response.json()["paths"]["/tenancy/tenants/"]["get"]["parameters"]}
    assert {"cf_size", "cf_size__gte", "cf_size__lt", "cf_size__n"} <= set(parameters)
    assert parameters["cf_size"]["schema"] == {"type": "array", "items": {"type": "integer"}}
    assert "name" in parameters and "cf_hidden" not in parameters
    groups = {p["name"] for p in response.json()["paths"]["/tenancy/tenant-groups/"]["get"]["parameters"]}
    assert "cf_size" not in groups
