"""The CSV renderer as the framework offers it to every endpoint (through the tenancy endpoints): content
negotiation, tree natural keys, views that are not model lists, errors, and the cell rules."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from netkeel.core.api.renderers import cell_text, guard, unguard
from netkeel.core.testing.api import APIClient, make_user
from netkeel.tenancy.models import Tenant, TenantGroup


def rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_formula_starts_are_guarded_and_read_back(text: str) -> None:
    assert guard(text) == f"'{text}"
    assert unguard(guard(text)) == text


def test_plain_text_is_left_alone() -> None:
    for text in ("plain", "'quoted", "a=b", "", "1-2"):
        assert guard(text) == text and unguard(text) == text


def test_cells_of_rendered_values() -> None:
    assert cell_text(None) == ""
    assert cell_text(True) == "true" and cell_text(False) == "false"
    assert cell_text({"value": "front", "label": "Front"}) == "front"
    assert cell_text({"id": "abc", "object_type": "dcim.device", "url": "…"}) == "abc"
    assert cell_text([{"id": "a"}, {"id": "b"}]) == "a,b"
    assert cell_text(["dcim.device", "dcim.rack"]) == "dcim.device,dcim.rack"
    assert cell_text({"a": 1}) == '{"a": 1}'
    assert cell_text([1, 2], as_json=True) == "[1, 2]"


@pytest.mark.django_db
def test_accept_text_csv_gives_every_tenant_with_tree_natural_keys(api: APIClient) -> None:
    top = TenantGroup.objects.create(name="top")
    below = TenantGroup.objects.create(name="below", parent=top)
    Tenant.objects.create(name="t1", tenant_group=below)
    Tenant.objects.create(name="t2")
    response = api.get("/api/tenancy/tenants/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["API-Version"]
    assert [(row["name"], row["tenant_group"]) for row in rows(streamed(response))] == [("t1", "below"), ("t2", "")]
    groups = rows(streamed(api.get("/api/tenancy/tenant-groups/", HTTP_ACCEPT="text/csv")))
    assert [(row["name"], row["parent"], row["display"]) for row in groups] == [
        ("below", "top", "top → below"),
        ("top", "", "top"),
    ]


@pytest.mark.django_db
def test_permissions_still_apply(db: Any) -> None:
    make_user("nobody", token="2" * 40)
    response = APIClient(token="2" * 40).get("/api/tenancy/tenants/?format=csv", HTTP_ACCEPT="*/*")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_a_missing_object_is_a_json_404(api: APIClient) -> None:
    response = api.get("/api/tenancy/tenants/no-such-tenant/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.django_db
def test_a_view_that_is_no_model_list_renders_what_it_answers(api: APIClient) -> None:
    response = api.get("/api/status/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    (status,) = rows(response.content)
    assert status["netkeel-version"] and status["python-version"]
