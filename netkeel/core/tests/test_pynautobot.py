"""pynautobot, the real client, against a real netkeel service (gunicorn over loopback).

What is exercised is what pynautobot's own integration tests and the Nautobot Ansible collection rely
on (shared/API.md §1): construction with `exclude_m2m=False`, `version`, `status()`, `openapi()`,
records created, read, filtered, counted, saved (PATCH of the changed keys) and deleted, bulk update
and delete, `choices()`, pagination followed through `next` and in threads, lazy loading of brief
references, and the special endpoints (`trace`, `available_ips`, `available_prefixes`, notes).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from packaging.version import Version

from netkeel.core.testing.live import LiveNetkeel

pynautobot = pytest.importorskip("pynautobot")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nb(live_netkeel: LiveNetkeel) -> Any:
    # As nautobot-ansible builds its client.
    return pynautobot.api(live_netkeel.url, token=live_netkeel.token, exclude_m2m=False)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_version_status_and_openapi(nb: Any) -> None:
    assert Version(nb.version) >= Version("3.0")
    status = nb.status()
    assert Version(status["nautobot-version"]) >= Version("3.0.0")
    schema = nb.openapi()
    assert "/tenancy/tenants/" in schema["paths"]


def test_records_round_trip(nb: Any) -> None:
    group = nb.tenancy.tenant_groups.create(name=unique("group"))
    tenant = nb.tenancy.tenants.create(name=unique("tenant"), tenant_group=group.id)
    assert str(tenant) == tenant.name
    fetched = nb.tenancy.tenants.get(tenant.id)
    assert fetched.tenant_group.id == group.id
    assert fetched.tenant_group.name == group.name  # lazy-loaded through the brief reference's url
    assert nb.tenancy.tenants.get(name=tenant.name).id == tenant.id
    assert nb.tenancy.tenants.get(name="no-such-tenant") is None
    assert nb.tenancy.tenants.get(str(uuid.uuid4())) is None
    fetched.description = "changed by pynautobot"
    assert fetched.save()
    assert nb.tenancy.tenants.get(tenant.id).description == "changed by pynautobot"
    assert tenant.update({"comments": "via update"})
    assert nb.tenancy.tenants.get(tenant.id).comments == "via update"
    assert tenant.delete()
    assert nb.tenancy.tenants.get(tenant.id) is None


def test_filter_count_and_every_page(nb: Any) -> None:
    prefix = unique("paged")
    nb.tenancy.tenants.create([{"name": f"{prefix}-{index:03}"} for index in range(120)])
    assert nb.tenancy.tenants.count(name__isw=prefix) == 120
    names = [t.name for t in nb.tenancy.tenants.filter(name__isw=prefix)]
    assert len(names) == 120 and len(set(names)) == 120
    assert len(list(nb.tenancy.tenants.filter(name__isw=prefix, limit=7))) == 120
    assert len(list(nb.tenancy.tenants.filter(name=[f"{prefix}-001", f"{prefix}-002"]))) == 2
    threaded = pynautobot.api(nb.base_url.removesuffix("/api"), token=nb.token, threading=True)
    assert len(list(threaded.tenancy.tenants.filter(name__isw=prefix))) == 120
    with pytest.raises(pynautobot.RequestError):
        list(nb.tenancy.tenants.filter(nmae="typo"))


def test_bulk_update_and_delete(nb: Any) -> None:
    prefix = unique("bulk")
    made = nb.tenancy.tenants.create([{"name": f"{prefix}-{index}"} for index in range(3)])
    updated = nb.tenancy.tenants.update([{"id": t.id, "description": "bulk"} for t in made])
    assert [t.description for t in updated] == ["bulk"] * 3
    assert nb.tenancy.tenants.delete([t.id for t in made])
    assert nb.tenancy.tenants.count(name__isw=prefix) == 0


def test_errors_are_request_errors_with_the_field(nb: Any) -> None:
    with pytest.raises(pynautobot.RequestError) as caught:
        nb.tenancy.tenants.create(name="")
    assert "name" in caught.value.error
    with pytest.raises(pynautobot.RequestError):
        pynautobot.api(nb.base_url.removesuffix("/api"), token=nb.token, api_version="0.0").tenancy.tenants.count()


def test_choices(nb: Any) -> None:
    choices = nb.tenancy.tenants.choices()
    assert isinstance(choices, dict)


def test_choices_of_a_list_field(nb: Any) -> None:
    """pynautobot reads a list-of-choices field's `child.choices` (its own integration test asks a controller's
    capabilities)."""
    capabilities = nb.dcim.controllers.choices()["capabilities"]
    assert {"value": "wireless", "display": "Wireless"} in capabilities
