"""The interface redundancy group and virtual device context pages: the shared page contract for the groups,
their associations, the contexts and their interface assignments; a group's and a context's interfaces tab, a
device's contexts tab and an interface's groups and contexts tabs; search; CSV import through the page."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests, make_user, signed_in
from netkeel.dcim import services
from netkeel.dcim.models import (
    InterfaceRedundancyGroup,
    InterfaceRedundancyGroupAssociation,
    InterfaceVDCAssignment,
    VirtualDeviceContext,
)
from netkeel.dcim.tests import factories as f
from netkeel.dcim.tests import interface_group_factories as g

pytestmark = pytest.mark.django_db


class TestInterfaceRedundancyGroupPages(UIModelTests):
    model = InterfaceRedundancyGroup
    edit_data = {"protocol_group_id": "99"}
    bulk_edit_data = {"description": "changed in bulk"}
    bad_form_data = [({"name": ""}, "name"), ({"name": "x", "protocol": "bgp"}, "protocol")]
    filter_cases = [("q", "group-1", 1), ("protocol", "vrrp", 3)]
    xss_fields = ("name", "description")

    def make(self, index: int) -> Any:
        return g.group(f"group-{index}", protocol="vrrp", description=f"**gateway {index}**")

    def form_data(self) -> dict[str, Any]:
        return {"name": "new group", "status": str(f.status().pk), "protocol": "hsrp", "protocol_group_id": "1"}


class TestInterfaceRedundancyGroupAssociationPages(UIModelTests):
    model = InterfaceRedundancyGroupAssociation
    edit_data = {"priority": "200"}
    bulk_edit_data = {"priority": "150"}
    bad_form_data = [({"priority": "-1"}, "priority"), ({"interface": ""}, "interface")]
    filter_cases = [("interface_redundancy_group", "hsrp-10", 3), ("priority__gte", "101", 2)]

    def make(self, index: int) -> Any:
        return services.add_interface_to_redundancy_group(g.group(), g.interface(f"Ethernet{index}"), 100 + index)

    def form_data(self) -> dict[str, Any]:
        return {
            "interface_redundancy_group": str(g.group().pk),
            "interface": str(g.interface("new").pk),
            "priority": "100",
        }


class TestVirtualDeviceContextPages(UIModelTests):
    model = VirtualDeviceContext
    edit_data = {"identifier": "77"}
    bulk_edit_data = {"description": "changed in bulk"}
    bad_form_data = [({"name": ""}, "name"), ({"name": "x", "identifier": "-1"}, "identifier")]
    filter_cases = [("q", "vdc-1", 1), ("device", "leaf1", 3)]
    xss_fields = ("name", "description")

    def make(self, index: int) -> Any:
        return g.context(f"vdc-{index}", identifier=index, description=f"**context {index}**")

    def form_data(self) -> dict[str, Any]:
        return {"name": "new vdc", "device": str(g.device().pk), "status": str(f.status().pk)}


class TestInterfaceVDCAssignmentPages(UIModelTests):
    model = InterfaceVDCAssignment
    # An assignment has no field of its own to change: it names a context and an interface, nothing else.
    edit_data: ClassVar[dict[str, Any]] = {}
    bulk_edit_data: ClassVar[dict[str, Any]] = {}
    bad_form_data = [({"interface": ""}, "interface")]
    filter_cases = [("device", "leaf1", 3), ("interface", "Ethernet1", 1)]

    def make(self, index: int) -> Any:
        return services.assign_interface_to_vdc(g.context(), g.interface(f"Ethernet{index}"))

    def test_bulk_edit(self, ui_client: Client) -> None:
        """Bulk edit gives the selected interfaces another context of their device."""
        made = self.make_many(2)
        target = g.context("vdc-2")
        ids = [str(obj.pk) for obj in made]
        answer = ui_client.post(
            self.ui.url("bulk_edit"), {"pk": ids, "_apply": "1", "virtual_device_context": str(target.pk)}
        )
        assert answer.status_code == 302, answer.content.decode()[-3000:]
        chosen = InterfaceVDCAssignment.objects.filter(pk__in=ids).values_list("virtual_device_context_id", flat=True)
        assert set(chosen) == {target.pk}

    def form_data(self) -> dict[str, Any]:
        return {"virtual_device_context": str(g.context().pk), "interface": str(g.interface("new").pk)}


def test_the_tabs_list_a_groups_and_a_contexts_interfaces_and_a_devices_contexts(db: Any) -> None:
    client = signed_in(make_user("admin-ui", superuser=True))
    group = g.group()
    eth1, eth2, eth3 = (g.interface(f"Ethernet{i}") for i in (1, 2, 3))
    services.add_interface_to_redundancy_group(group, eth1, 110)
    context = g.context("admin-vdc")
    services.assign_interface_to_vdc(context, eth2)
    g.context("other-vdc", on=g.device("leaf2"))

    page = client.get(f"/dcim/interface-redundancy-groups/{group.pk}/interfaces/")
    html = page.content.decode()
    assert page.status_code == 200 and "Ethernet1" in html and "Ethernet3" not in html
    page = client.get(f"/dcim/virtual-device-contexts/{context.pk}/interfaces/")
    html = page.content.decode()
    assert page.status_code == 200 and "Ethernet2" in html and "Ethernet3" not in html
    page = client.get(f"/dcim/devices/{g.device().pk}/virtual-device-contexts/")
    html = page.content.decode()
    assert page.status_code == 200 and "admin-vdc" in html and "other-vdc" not in html
    page = client.get(f"/dcim/interfaces/{eth1.pk}/interface-redundancy-groups/")
    assert page.status_code == 200 and "hsrp-10" in page.content.decode()
    page = client.get(f"/dcim/interfaces/{eth2.pk}/virtual-device-contexts/")
    assert page.status_code == 200 and "admin-vdc" in page.content.decode()
    page = client.get(f"/dcim/interfaces/{eth3.pk}/virtual-device-contexts/")
    assert page.status_code == 200 and "admin-vdc" not in page.content.decode()

    found = client.get("/search/?q=hsrp-10")
    assert found.status_code == 200 and "hsrp-10" in found.content.decode()
    found = client.get("/search/?q=admin-vdc")
    assert found.status_code == 200 and "admin-vdc" in found.content.decode()


def test_groups_and_contexts_are_imported_through_their_pages(db: Any) -> None:
    client = signed_in(make_user("importer", superuser=True))
    device = g.device()
    groups = "name,status,protocol,protocol_group_id\ngw-1,Active,hsrp,10\ngw-2,Planned,carp,\n"
    answer = client.post("/dcim/interface-redundancy-groups/import/", {"csv": groups})
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    assert dict(InterfaceRedundancyGroup.objects.values_list("name", "protocol")) == {"gw-1": "hsrp", "gw-2": "carp"}
    bad = client.post("/dcim/interface-redundancy-groups/import/", {"csv": groups.replace("hsrp", "ospf")})
    assert bad.status_code == 400 and InterfaceRedundancyGroup.objects.count() == 2

    contexts = f"name,device,status,identifier\nadmin,{device.pk},Active,1\n"
    answer = client.post("/dcim/virtual-device-contexts/import/", {"csv": contexts})
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    assert VirtualDeviceContext.objects.get().identifier == 1


def test_the_tabs_cost_the_same_queries_whatever_their_rows(db: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(make_user("admin-ui", superuser=True))
    leaf = g.device()
    group = g.group()

    def queries(count: int) -> tuple[int, int]:
        for index in range(count):
            interface = g.interface(f"Ethernet{count}-{index}", leaf)
            services.add_interface_to_redundancy_group(group, interface, index)
            services.assign_interface_to_vdc(g.context(f"vdc-{count}-{index}", on=leaf), interface)
        counted = []
        for url in (
            f"/dcim/devices/{leaf.pk}/virtual-device-contexts/",
            f"/dcim/interface-redundancy-groups/{group.pk}/interfaces/",
        ):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counted.append(len(captured))
        VirtualDeviceContext.objects.all().delete()
        InterfaceRedundancyGroupAssociation.objects.all().delete()
        return counted[0], counted[1]

    queries(1)  # the first request also reads what later ones find cached
    assert queries(2) == queries(12)
