"""The virtualization pages: the shared page contract for every model, and a cluster's virtual machines tab and
a virtual machine's interfaces tab."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests
from netkeel.dcim.tests import factories as f
from netkeel.virtualization.models import (
    Cluster,
    ClusterGroup,
    ClusterType,
    DeviceClusterAssignment,
    VirtualMachine,
    VMInterface,
)
from netkeel.virtualization.tests import factories as v

pytestmark = pytest.mark.django_db


class TestClusterTypePages(UIModelTests):
    model = ClusterType
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "type-1", 1), ("name", "type-2", 1)]

    def make(self, index: int) -> Any:
        return ClusterType.objects.create(name=f"type-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "new type", "description": "made by a form"}


class TestClusterGroupPages(UIModelTests):
    model = ClusterGroup
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "group-1", 1)]

    def make(self, index: int) -> Any:
        return ClusterGroup.objects.create(name=f"group-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "new group"}


class TestClusterPages(UIModelTests):
    model = Cluster
    edit_data = {"comments": "changed by the form"}
    bulk_edit_data = {"comments": "changed in bulk"}
    bad_form_data = [({"name": ""}, "name"), ({"cluster_type": ""}, "cluster_type")]
    filter_cases = [("q", "cluster-1", 1), ("cluster_type", "VMware vSphere", 3)]

    def make(self, index: int) -> Any:
        return v.cluster(f"cluster-{index}", comments="**bold**")

    def form_data(self) -> dict[str, Any]:
        return {"name": "new cluster", "cluster_type": str(v.cluster_type().pk)}


class TestDeviceClusterAssignmentPages(UIModelTests):
    model = DeviceClusterAssignment
    # An assignment has no field of its own to change: it names a device and a cluster, nothing else.
    edit_data: ClassVar[dict[str, Any]] = {}
    bulk_edit_data: ClassVar[dict[str, Any]] = {}
    bad_form_data = [({"device": ""}, "device")]
    filter_cases = [("cluster", "c", 3)]

    def make(self, index: int) -> Any:
        cluster = Cluster.objects.filter(name="c").first() or v.cluster("c")
        device = f.device(f"host-{index}", f.device_type(), f.location())
        return DeviceClusterAssignment.objects.create(device=device, cluster=cluster)

    def test_bulk_edit(self, ui_client: Client) -> None:
        """Bulk edit moves the selected assignments to another cluster."""
        made = self.make_many(2)
        target = v.cluster("moved")
        ids = [str(obj.pk) for obj in made]
        response = ui_client.post(self.ui.url("bulk_edit"), {"pk": ids, "_apply": "1", "cluster": str(target.pk)})
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert set(DeviceClusterAssignment.objects.filter(pk__in=ids).values_list("cluster_id", flat=True)) == {
            target.pk
        }

    def form_data(self) -> dict[str, Any]:
        device = f.device("host-new", f.device_type(), f.location())
        return {"device": str(device.pk), "cluster": str(v.cluster("other").pk)}


class TestVirtualMachinePages(UIModelTests):
    model = VirtualMachine
    edit_data = {"comments": "changed by the form"}
    bulk_edit_data = {"comments": "changed in bulk"}
    bad_form_data = [({"name": ""}, "name"), ({"name": "x", "vcpus": "-1"}, "vcpus")]
    filter_cases = [("q", "vm-1", 1), ("cluster", "c", 3)]

    def make(self, index: int) -> Any:
        cluster = Cluster.objects.filter(name="c").first() or v.cluster("c")
        return v.virtual_machine(f"vm-{index}", cluster=cluster, vcpus=2, comments="**bold**")

    def form_data(self) -> dict[str, Any]:
        cluster = Cluster.objects.filter(name="c").first() or v.cluster("c")
        return {"name": "new vm", "cluster": str(cluster.pk), "status": str(f.status().pk), "vcpus": "4"}


class TestVMInterfacePages(UIModelTests):
    model = VMInterface
    bad_form_data = [({"name": ""}, "name"), ({"name": "x", "mac_address": "nope"}, "mac_address")]
    filter_cases = [("q", "eth1", 1), ("virtual_machine", "vm", 3)]

    def vm(self) -> VirtualMachine:
        return VirtualMachine.objects.filter(name="vm").first() or v.virtual_machine("vm")

    def make(self, index: int) -> Any:
        return v.vm_interface(self.vm(), f"eth{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "eth99", "virtual_machine": str(self.vm().pk), "status": str(f.status().pk), "enabled": "on"}


@pytest.fixture
def ui_client_admin(db: Any) -> Client:
    from netkeel.core.testing.ui import make_user, signed_in

    return signed_in(make_user("admin-ui", superuser=True))


def test_a_cluster_lists_its_vms_and_a_vm_its_interfaces(ui_client_admin: Client) -> None:
    cluster = v.cluster("prod")
    vm = v.virtual_machine("web01", cluster=cluster)
    v.virtual_machine("web02", cluster=cluster)
    v.virtual_machine("elsewhere", cluster=v.cluster("lab"))
    v.vm_interface(vm, "eth0")
    v.vm_interface(vm, "eth1")
    page = ui_client_admin.get(f"/virtualization/clusters/{cluster.pk}/virtual-machines/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "web01" in html and "web02" in html and "elsewhere" not in html
    page = ui_client_admin.get(f"/virtualization/virtual-machines/{vm.pk}/interfaces/")
    html = page.content.decode()
    assert page.status_code == 200 and "eth0" in html and "eth1" in html


def test_a_vm_and_its_interface_show_their_addresses(ui_client_admin: Client) -> None:
    """IPAM's addresses panel on a virtual machine (each address with its interface, the primary marked) and on
    a VM interface (its own, with "Assign an existing address"); none for a user who may not see addresses."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from netkeel.core.testing.ui import make_user, signed_in
    from netkeel.ipam import services as ipam_services
    from netkeel.ipam.tests.test_api import existing_prefix
    from netkeel.ipam.tests.test_api import ip as make_address

    vm = v.virtual_machine("web01")
    eth0, eth1 = v.vm_interface(vm, "eth0"), v.vm_interface(vm, "eth1")
    existing_prefix("10.9.0.0/24")
    first, second = make_address("10.9.0.1/24"), make_address("10.9.0.2/24")
    ipam_services.assign_ip_address(first, vm_interface=eth0)
    ipam_services.assign_ip_address(second, vm_interface=eth1)
    vm.primary_ip4 = first
    vm.save()
    with CaptureQueriesContext(connection) as few:
        html = ui_client_admin.get(f"/virtualization/virtual-machines/{vm.pk}/").content.decode()
    panel = html[html.index('id="ip-addresses"') :]
    assert "10.9.0.1/24" in panel and "10.9.0.2/24" in panel and "eth1" in panel and "primary" in panel
    html = ui_client_admin.get(f"/virtualization/interfaces/{eth1.pk}/").content.decode()
    panel = html[html.index('id="ip-addresses"') :]
    assert "10.9.0.2/24" in panel and "10.9.0.1/24" not in panel and "Assign an existing address" in panel
    assert f"vm_interface={eth1.pk}" in panel

    for index in range(3, 9):  # more addresses, no more queries
        extra = make_address(f"10.9.0.{index}/24")
        ipam_services.assign_ip_address(extra, vm_interface=eth1)
    with CaptureQueriesContext(connection) as more:
        ui_client_admin.get(f"/virtualization/virtual-machines/{vm.pk}/")
    assert len(more.captured_queries) == len(few.captured_queries)

    viewer = signed_in(make_user("vm-viewer", perms=("virtualization.view_virtualmachine",)))
    assert 'id="ip-addresses"' not in viewer.get(f"/virtualization/virtual-machines/{vm.pk}/").content.decode()
