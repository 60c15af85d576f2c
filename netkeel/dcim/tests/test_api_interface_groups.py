"""Interface redundancy groups, their associations, virtual device contexts and interface-VDC assignments in
the API: the shared endpoint contract for each, the protocol as Nautobot's choice, addresses filtered by text,
an interface filtered by its groups and contexts, a context's primary addresses judged against its device's
interfaces and its device kept, the change log, and CSV out and back in."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.dcim import services
from netkeel.dcim.models import (
    InterfaceRedundancyGroup,
    InterfaceRedundancyGroupAssociation,
    InterfaceVDCAssignment,
    VirtualDeviceContext,
)
from netkeel.dcim.tests import interface_group_factories as g
from netkeel.extras.models import Status

pytestmark = pytest.mark.django_db

GROUPS = "/api/dcim/interface-redundancy-groups/"
ASSOCIATIONS = "/api/dcim/interface-redundancy-group-associations/"
CONTEXTS = "/api/dcim/virtual-device-contexts/"
ASSIGNMENTS = "/api/dcim/interface-vdc-assignments/"
INTERFACES = "/api/dcim/interfaces/"


class TestInterfaceRedundancyGroups(APIEndpointTests):
    endpoint = GROUPS
    model = InterfaceRedundancyGroup
    update_payload = {"protocol": "vrrp", "protocol_group_id": "20", "description": "changed"}
    bad_payloads = [
        ({"name": "x"}, "status"),
        ({"name": "", "status": "Active"}, "name"),
        ({"name": "x", "status": "Active", "protocol": "bgp"}, "protocol"),
        ({"name": "x", "status": "Connected"}, "status"),
        ({"name": "x", "status": "Active", "virtual_ip": "00000000-0000-0000-0000-000000000000"}, "virtual_ip"),
    ]
    filter_cases = [
        ("name", "group-1", 1),
        ("q", "group-2", 1),
        ("status", "Active", 3),
        ("protocol", "hsrp", 3),
        ("protocol__n", "hsrp", 0),
        ("protocol_group_id", "1", 1),
    ]

    def make(self, index: int) -> Any:
        return g.group(f"group-{index}", protocol="hsrp", protocol_group_id=str(index))

    def create_payloads(self) -> list[dict[str, Any]]:
        return [
            {"name": "new-1", "status": "Active"},
            {"name": "new-2", "status": "Planned", "protocol": "glbp", "protocol_group_id": "7"},
            {"name": "new-3", "status": {"name": "Staging"}, "description": "three", "protocol": ""},
        ]


class TestInterfaceRedundancyGroupAssociations(APIEndpointTests):
    endpoint = ASSOCIATIONS
    model = InterfaceRedundancyGroupAssociation
    update_payload = {"priority": 250}
    bad_payloads = [
        ({"interface_redundancy_group": "hsrp-10", "priority": 1}, "interface"),
        ({"interface_redundancy_group": "hsrp-10", "interface": "not-an-id", "priority": 1}, "interface"),
        ({"interface_redundancy_group": "hsrp-10", "priority": -1}, "priority"),
    ]
    filter_cases = [
        ("interface_redundancy_group", "hsrp-10", 3),
        ("interface", "Ethernet1", 1),
        ("priority__gte", "101", 2),
        ("q", "Ethernet2", 1),
    ]

    def make(self, index: int) -> Any:
        return services.add_interface_to_redundancy_group(g.group(), g.interface(f"Ethernet{index}"), 100 + index)

    def create_payloads(self) -> list[dict[str, Any]]:
        group = g.group()
        return [
            {"interface_redundancy_group": str(group.pk), "interface": str(g.interface(f"new{i}").pk), "priority": i}
            for i in range(3)
        ]


class TestVirtualDeviceContexts(APIEndpointTests):
    endpoint = CONTEXTS
    model = VirtualDeviceContext
    update_payload = {"description": "changed", "tenant": None}
    bad_payloads = [
        ({"name": "x", "status": "Active"}, "device"),
        # Field errors come back together, the missing device's beside them.
        ({"name": "", "status": "Active"}, "name"),
        ({"name": "x", "status": "Connected"}, "status"),
        ({"name": "x", "status": "Active", "identifier": -1}, "identifier"),
    ]
    filter_cases = [
        ("name", "vdc-1", 1),
        ("q", "vdc-2", 1),
        ("q", "leaf1", 3),
        ("device", "leaf1", 3),
        ("identifier__gte", "2", 1),
        ("status", "Active", 3),
        ("has_primary_ip", "false", 3),
        ("has_interfaces", "false", 3),
        ("has_tenant", "true", 0),
    ]

    def make(self, index: int) -> Any:
        return g.context(f"vdc-{index}", identifier=index)

    def create_payloads(self) -> list[dict[str, Any]]:
        device = g.device()
        return [
            {"name": "new-1", "device": str(device.pk), "status": "Active"},
            {"name": "new-2", "device": {"name": "leaf1"}, "status": "Planned", "identifier": 2},
            {"name": "new-3", "device": str(device.pk), "status": "Offline", "description": "three", "role": None},
        ]


class TestInterfaceVDCAssignments(APIEndpointTests):
    endpoint = ASSIGNMENTS
    model = InterfaceVDCAssignment
    update_payload: ClassVar[dict[str, Any]] = {}  # an assignment has no field of its own to change
    bad_payloads = [
        ({"virtual_device_context": "00000000-0000-0000-0000-000000000000"}, "virtual_device_context"),
    ]
    filter_cases = [
        ("interface", "Ethernet1", 1),
        ("device", "leaf1", 3),
        ("q", "Ethernet2", 1),
    ]

    def make(self, index: int) -> Any:
        return services.assign_interface_to_vdc(g.context(), g.interface(f"Ethernet{index}"))

    def create_payloads(self) -> list[dict[str, Any]]:
        context = g.context()
        return [
            {"virtual_device_context": str(context.pk), "interface": str(g.interface(f"new{i}").pk)} for i in range(3)
        ]


def test_a_group_answers_with_nautobots_protocol_choice_and_finds_its_address_by_text(api: APIClient) -> None:
    vip = g.address("10.1.1.1/24")
    response = api.send(
        "POST", GROUPS, {"name": "gw", "status": "Active", "protocol": "hsrp", "virtual_ip": str(vip.pk)}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["protocol"] == {"value": "hsrp", "label": "HSRP"}
    assert body["virtual_ip"]["id"] == str(vip.pk)
    choices = api.send("OPTIONS", GROUPS).json()["actions"]["POST"]["protocol"]["choices"]
    assert [choice["value"] for choice in choices] == ["hsrp", "vrrp", "glbp", "carp"]
    g.group("other")
    for value in ("10.1.1.1/24", "10.1.1.1", str(vip.pk)):
        found = api.send("GET", f"{GROUPS}?virtual_ip={value}").json()
        assert [row["name"] for row in found["results"]] == ["gw"], value
    assert api.send("GET", f"{GROUPS}?virtual_ip=10.9.9.9").json()["count"] == 0


def test_an_interface_is_in_a_group_once_and_is_filtered_by_its_groups_and_contexts(api: APIClient) -> None:
    group = g.group()
    eth1, eth2 = g.interface("Ethernet1"), g.interface("Ethernet2")
    payload = {"interface_redundancy_group": "hsrp-10", "interface": str(eth1.pk), "priority": 110}
    assert api.send("POST", ASSOCIATIONS, payload).status_code == 201
    again = api.send("POST", ASSOCIATIONS, {**payload, "priority": 90})
    assert again.status_code == 400, again.content
    context = g.context()
    services.assign_interface_to_vdc(context, eth2)

    def names(query: str) -> list[str]:
        return [row["name"] for row in api.send("GET", f"{INTERFACES}?{query}").json()["results"]]

    assert names("interface_redundancy_groups=hsrp-10") == ["Ethernet1"]
    assert names(f"interface_redundancy_groups={group.pk}") == ["Ethernet1"]
    assert names("interface_redundancy_groups__n=hsrp-10") == ["Ethernet2"]
    assert names("virtual_device_contexts=vdc-1") == ["Ethernet2"]
    assert names("has_virtual_device_contexts=true") == ["Ethernet2"]
    assert names("has_virtual_device_contexts=false") == ["Ethernet1"]
    assert names("virtual_device_contexts__isnull=true") == ["Ethernet1"]
    found = api.send("GET", f"{GROUPS}?interfaces={eth1.pk}").json()
    assert [row["name"] for row in found["results"]] == ["hsrp-10"]
    found = api.send("GET", f"{CONTEXTS}?interfaces={eth2.pk}&has_interfaces=true").json()
    assert [row["name"] for row in found["results"]] == ["vdc-1"]

    # Deleting the group takes its associations with it; the interface stays.
    assert api.send("DELETE", f"{GROUPS}{group.pk}/").status_code == 204
    assert not InterfaceRedundancyGroupAssociation.objects.exists()
    assert names("interface_redundancy_groups__isnull=true") == ["Ethernet1", "Ethernet2"]


def test_a_contexts_primary_addresses_are_its_devices_and_its_device_stays(api: APIClient) -> None:
    leaf = g.device("leaf1")
    mine = g.address("10.2.0.1/24", on=g.interface("Ethernet1", leaf))
    six = g.address("2001:db8::1/64", on=g.interface("Ethernet2", leaf))
    other = g.device("leaf2")
    theirs = g.address("10.2.0.2/24", on=g.interface("Ethernet1", other))
    context = g.context("vdc-1", on=leaf)
    url = f"{CONTEXTS}{context.pk}/"

    response = api.send("PATCH", url, {"primary_ip4": str(mine.pk), "primary_ip6": str(six.pk)})
    assert response.status_code == 200, response.content
    assert response.json()["primary_ip4"]["id"] == str(mine.pk)
    assert [r["name"] for r in api.send("GET", f"{CONTEXTS}?primary_ip4=10.2.0.1").json()["results"]] == ["vdc-1"]
    assert api.send("GET", f"{CONTEXTS}?primary_ip6=2001:db8::1/64").json()["count"] == 1
    assert api.send("GET", f"{CONTEXTS}?has_primary_ip=true").json()["count"] == 1

    refused = api.send("PATCH", url, {"primary_ip4": str(theirs.pk)})
    assert refused.status_code == 400 and "primary_ip4" in refused.json(), refused.content
    wrong_family = api.send("PATCH", url, {"primary_ip4": str(six.pk)})
    assert wrong_family.status_code == 400 and "primary_ip4" in wrong_family.json()
    moved = api.send("PATCH", url, {"device": str(other.pk)})
    assert moved.status_code == 400 and "device" in moved.json(), moved.content

    # A name and an identifier are unique on their device.
    twin = api.send("POST", CONTEXTS, {"name": "vdc-1", "device": str(leaf.pk), "status": "Active"})
    assert twin.status_code == 400, twin.content
    elsewhere = api.send("POST", CONTEXTS, {"name": "vdc-1", "device": str(other.pk), "status": "Active"})
    assert elsewhere.status_code == 201, elsewhere.content


def test_writes_are_in_the_change_log(api: APIClient) -> None:
    from netkeel.extras.models import ObjectChange

    created = api.send("POST", GROUPS, {"name": "log-group", "status": "Active"}).json()
    api.send("PATCH", f"{GROUPS}{created['id']}/", {"description": "changed"})
    context = api.send("POST", CONTEXTS, {"name": "log-vdc", "device": str(g.device().pk), "status": "Active"}).json()
    api.send("DELETE", f"{GROUPS}{created['id']}/")
    actions = list(
        ObjectChange.objects.filter(changed_object_id__in=[created["id"], context["id"]])
        .order_by("time")
        .values_list("object_repr", "action")
    )
    assert actions == [
        ("log-group", "create"),
        ("log-group", "update"),
        ("log-vdc", "create"),
        ("log-group", "delete"),
    ]


def test_groups_and_contexts_go_out_as_csv_and_come_back_in(api: APIClient) -> None:
    from netkeel.extras.csv_io import import_csv

    g.group("gw", protocol="vrrp", protocol_group_id="5", description="gateway")
    g.context("admin", identifier=1)
    files = {}
    for path in ("interface-redundancy-groups", "virtual-device-contexts"):
        response = api.get(f"/api/dcim/{path}/", HTTP_ACCEPT="text/csv")
        assert response.status_code == 200, response
        files[path] = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    InterfaceRedundancyGroup.objects.all().delete()
    VirtualDeviceContext.objects.all().delete()
    assert import_csv(InterfaceRedundancyGroup, files["interface-redundancy-groups"].decode()).created == 1
    assert import_csv(VirtualDeviceContext, files["virtual-device-contexts"].decode()).created == 1
    back = InterfaceRedundancyGroup.objects.get()
    assert (back.name, back.protocol, back.protocol_group_id, back.status.name) == ("gw", "vrrp", "5", "Active")
    context = VirtualDeviceContext.objects.get()
    assert (context.name, context.identifier, context.device.name) == ("admin", 1, "leaf1")

    # An interface joins a group by the group's name and the interface's natural key.
    g.interface("Ethernet1")
    location = g.device().location.name
    report = import_csv(
        InterfaceRedundancyGroupAssociation,
        f"interface_redundancy_group,interface,priority\ngw,leaf1;{location};Ethernet1,120\n",
    )
    assert report.created == 1, report.errors
    assert InterfaceRedundancyGroupAssociation.objects.get().priority == 120
    # Nautobot's default statuses are offered on both models.
    offered = Status.objects.filter(content_types__app_label="dcim")
    group_statuses = offered.filter(content_types__model="interfaceredundancygroup").values_list("name", flat=True)
    assert set(group_statuses) == {"Planned", "Staging", "Active", "Decommissioning", "Retired"}
    context_statuses = offered.filter(content_types__model="virtualdevicecontext").values_list("name", flat=True)
    assert set(context_statuses) == {"Offline", "Active", "Planned"}


def test_deleting_an_interface_or_a_device_takes_its_associations_and_contexts(api: APIClient) -> None:
    leaf = g.device("leaf1")
    eth1, eth2 = g.interface("Ethernet1", leaf), g.interface("Ethernet2", leaf)
    group = g.group()
    services.add_interface_to_redundancy_group(group, eth1, 110)
    services.add_interface_to_redundancy_group(group, eth2, 100)
    context = g.context("vdc-1", on=leaf, primary_ip4=g.address("10.3.0.1/24", on=eth2))
    services.assign_interface_to_vdc(context, eth2)

    assert api.send("DELETE", f"{INTERFACES}{eth1.pk}/").status_code == 204
    assert list(group.interface_redundancy_group_associations.values_list("interface__name", flat=True)) == [
        "Ethernet2"
    ]
    assert api.send("DELETE", f"/api/dcim/devices/{leaf.pk}/").status_code == 204
    assert not VirtualDeviceContext.objects.exists() and not InterfaceVDCAssignment.objects.exists()
    assert not InterfaceRedundancyGroupAssociation.objects.exists()
    assert InterfaceRedundancyGroup.objects.filter(pk=group.pk).exists()  # the group stays, empty
