"""A tenant's and a tenant group's counts, and a group's `tree_depth`, as Nautobot shows them (issue 13): each
annotated on the list query, so a page costs the same queries whatever it holds."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.circuits.models import Circuit, CircuitType, Provider
from netkeel.core.testing.api import APIClient
from netkeel.dcim.models import Rack
from netkeel.dcim.tests import factories as f
from netkeel.ipam import services as ipam_services
from netkeel.ipam.models import VLAN, VRF, Namespace
from netkeel.tenancy.models import Tenant, TenantGroup

TENANT_COUNTS = {
    "circuit_count": 1,
    "device_count": 2,
    "ipaddress_count": 1,
    "namespace_count": 1,
    "prefix_count": 1,
    "rack_count": 1,
    "vlan_count": 1,
    "vrf_count": 1,
    # none of this test's (virtualization's tests count a tenant's clusters and machines)
    "cluster_count": 0,
    "virtualmachine_count": 0,
}


def furnish(tenant: Tenant, index: int) -> None:
    """One of everything a tenant can hold (two devices), in its own namespace."""
    site = f.location(f"site-{index}")
    dtype = f.device_type()
    for n in range(2):
        f.device(f"t{index}-d{n}", dtype, site, tenant=tenant)
    Rack.objects.create(name=f"t{index}-r", location=site, status=f.status(), tenant=tenant)
    space = Namespace.objects.create(name=f"ns-{index}", tenant=tenant)
    ipam_services.create_prefix("10.0.0.0/24", namespace=space, status=f.status(), tenant=tenant)
    ipam_services.create_ip_address("10.0.0.1/24", namespace=space, status=f.status(), tenant=tenant)
    VLAN.objects.create(vid=10 + index, name=f"v{index}", status=f.status(), tenant=tenant)
    VRF.objects.create(name=f"vrf-{index}", namespace=space, tenant=tenant)
    kind, _ = CircuitType.objects.get_or_create(name="Transit")
    provider, _ = Provider.objects.get_or_create(name="Carrier")
    Circuit.objects.create(cid=f"c{index}", provider=provider, circuit_type=kind, status=f.status(), tenant=tenant)


def test_tenants_show_nautobots_counts_from_the_list_query(api: APIClient) -> None:
    queries_per_size = []
    api.send("GET", "/api/tenancy/tenants/")  # caches filled once per process are not the list's
    for size in (1, 4):
        for index in range(Tenant.objects.count(), size):
            furnish(Tenant.objects.create(name=f"tenant-{index}"), index)
        with CaptureQueriesContext(connection) as queries:
            rows = api.send("GET", "/api/tenancy/tenants/?limit=0").json()["results"]
        assert len(rows) == size
        for row in rows:
            assert {name: row[name] for name in TENANT_COUNTS} == TENANT_COUNTS
        queries_per_size.append(len(queries))
    assert queries_per_size[0] == queries_per_size[1]


def test_a_created_tenant_answers_with_zero_counts_and_nested_tenants_leave_them_out(api: APIClient) -> None:
    created = api.send("POST", "/api/tenancy/tenants/", {"name": "New"})
    assert created.status_code == 201, created.content
    assert {name: created.json()[name] for name in TENANT_COUNTS} == dict.fromkeys(TENANT_COUNTS, 0)
    tenant = Tenant.objects.get(name="New")
    furnish(tenant, 0)
    detail = api.send("GET", f"/api/tenancy/tenants/{tenant.pk}/").json()
    assert detail["device_count"] == 2
    nested = api.send("GET", "/api/dcim/racks/?depth=1").json()["results"][0]["tenant"]
    assert nested["name"] == "New" and "device_count" not in nested


def test_tenant_groups_show_their_tenant_count_and_tree_depth(api: APIClient) -> None:
    top = TenantGroup.objects.create(name="Customers")
    middle = TenantGroup.objects.create(name="Retail", parent=top)
    TenantGroup.objects.create(name="Shops", parent=middle)
    for n in range(3):
        Tenant.objects.create(name=f"r{n}", tenant_group=middle)
    Tenant.objects.create(name="c0", tenant_group=top)
    api.send("GET", "/api/tenancy/tenant-groups/")
    with CaptureQueriesContext(connection) as queries:
        rows = api.send("GET", "/api/tenancy/tenant-groups/?limit=0").json()["results"]
    shown = {row["name"]: (row["tenant_count"], row["tree_depth"]) for row in rows}
    # Nautobot counts the group's own tenants (not those of the groups below it).
    assert shown == {"Customers": (1, 0), "Retail": (3, 1), "Shops": (0, 2)}
    for n in range(4):
        TenantGroup.objects.create(name=f"more-{n}", parent=middle)
    with CaptureQueriesContext(connection) as more:
        assert len(api.send("GET", "/api/tenancy/tenant-groups/?limit=0").json()["results"]) == 7
    assert len(more) == len(queries)


def test_tenants_filter_by_their_rack_reservations(api: APIClient) -> None:
    from django.contrib.auth import get_user_model

    from netkeel.dcim.models import RackReservation

    acme = Tenant.objects.create(name="Acme")
    Tenant.objects.create(name="Other")
    rack = f.rack("R1", f.location())
    owner = get_user_model().objects.create(username="planner")
    booked = RackReservation.objects.create(rack=rack, units=[1], user=owner, description="d", tenant=acme)

    def names(query: str) -> list[str]:
        return [row["name"] for row in api.send("GET", f"/api/tenancy/tenants/?{query}").json()["results"]]

    assert names(f"rack_reservations={booked.pk}") == ["Acme"]
    assert names(f"rack_reservations__n={booked.pk}") == ["Other"]
    assert names("has_rack_reservations=true") == ["Acme"]
    assert api.send("GET", "/api/tenancy/tenants/?rack_reservations=nope").status_code == 400
