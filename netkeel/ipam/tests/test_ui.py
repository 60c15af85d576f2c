"""The IPAM pages: the shared page contract for every IPAM model (prefixes and addresses through their
text forms, written by the IPAM services as in the API)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from netkeel.core.testing.ui import UIModelTests
from netkeel.dcim.models import Interface
from netkeel.dcim.tests import factories as f
from netkeel.extras.models import Status
from netkeel.ipam import services
from netkeel.ipam.models import (
    RIR,
    VLAN,
    VRF,
    IPAddress,
    IPAddressToInterface,
    Namespace,
    Prefix,
    RouteTarget,
    VLANGroup,
)

pytestmark = pytest.mark.django_db


def active() -> Status:
    return Status.objects.get(name="Active")


class TestNamespacePages(UIModelTests):
    model = Namespace
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "space-1", 1)]

    def make(self, index: int) -> Any:
        return Namespace.objects.create(name=f"space-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "lab"}


class TestRIRPages(UIModelTests):
    model = RIR
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "rir-1", 1)]

    def make(self, index: int) -> Any:
        return RIR.objects.create(name=f"rir-{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "RIPE", "is_private": "on"}


class TestRouteTargetPages(UIModelTests):
    model = RouteTarget
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "65000:1", 1)]

    def make(self, index: int) -> Any:
        return RouteTarget.objects.create(name=f"65000:{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "65001:100"}


class TestVRFPages(UIModelTests):
    model = VRF
    bad_form_data = [({"name": ""}, "name")]
    filter_cases = [("q", "vrf-1", 1), ("rd", "1:1", 1)]

    def make(self, index: int) -> Any:
        return VRF.objects.create(name=f"vrf-{index}", rd=f"1:{index}")

    def form_data(self) -> dict[str, Any]:
        return {"name": "blue", "rd": "65000:7", "namespace": str(Namespace.objects.get_or_create(name="Global")[0].pk)}


class TestPrefixPages(UIModelTests):
    model = Prefix
    bad_form_data = [({"prefix": "10.0.0.300/24"}, "prefix"), ({"prefix": "10.9.0.0/16"}, "prefix")]
    filter_cases = [("q", "10.9.1.5", 2), ("prefix_length", "24", 3), ("within", "10.9.0.0/16", 3)]

    def make(self, index: int) -> Any:
        if not Prefix.objects.filter(prefix_length=16).exists():
            services.create_prefix("10.9.0.0/16", type="container", status=active())
        return services.create_prefix(f"10.9.{index}.0/24", status=active(), description=f"net {index}")

    def form_data(self) -> dict[str, Any]:
        return {"prefix": "192.168.7.0/24", "type": "network", "status": str(active().pk)}

    def test_bad_form_shows_errors_inline_and_writes_nothing(self, ui_client: Client) -> None:
        self.make(0)  # the second bad form makes the container again
        super().test_bad_form_shows_errors_inline_and_writes_nothing(ui_client)


class TestIPAddressPages(UIModelTests):
    model = IPAddress
    bad_form_data = [({"address": "not-an-address"}, "address"), ({"address": "172.31.0.1/24"}, "address")]
    filter_cases = [("q", "10.8.0.2", 1), ("parent", "10.8.0.0/24", 3), ("dns_name", "host1.example.net", 1)]
    xss_fields = ("description", "dns_name")

    def make(self, index: int) -> Any:
        if not Prefix.objects.filter(prefix_length=24).exists():
            services.create_prefix("10.8.0.0/24", status=active())
        return services.create_ip_address(
            f"10.8.0.{index + 1}/24", status=active(), dns_name=f"host{index}.example.net"
        )

    def form_data(self) -> dict[str, Any]:
        if not Prefix.objects.filter(prefix_length=24).exists():
            services.create_prefix("10.8.0.0/24", status=active())
        return {"address": "10.8.0.200/24", "status": str(active().pk), "type": "host"}


class TestIPAddressToInterfacePages(UIModelTests):
    model = IPAddressToInterface
    edit_data = {"is_primary": "on"}
    bulk_edit_data = {"is_default": "true"}
    filter_cases = [("device", "ip-dev", 3)]
    xss_fields = ()

    def interface(self, index: int) -> Interface:
        from netkeel.dcim.models import Device

        owner = Device.objects.filter(name="ip-dev").first() or f.device("ip-dev", f.device_type(), f.location())
        return Interface.objects.create(device=owner, name=f"eth{index}", type="1000base-t", status=active())

    def address(self, index: int) -> IPAddress:
        if not Prefix.objects.exists():
            services.create_prefix("10.7.0.0/24", status=active())
        return services.create_ip_address(f"10.7.0.{index + 1}/24", status=active())

    def make(self, index: int) -> Any:
        return services.assign_ip_address(self.address(index), self.interface(index))

    def form_data(self) -> dict[str, Any]:
        return {"ip_address": str(self.address(90).pk), "interface": str(self.interface(90).pk)}

    def test_bulk_edit(self, ui_client: Client) -> None:
        made = self.make_many(2)
        ids = [str(obj.pk) for obj in made]
        response = ui_client.post(self.ui.url("bulk_edit"), {"pk": ids, "_apply": "1", "is_default": "true"})
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert all(IPAddressToInterface.objects.filter(pk__in=ids).values_list("is_default", flat=True))

    def test_edit_through_the_form(self, ui_client: Client) -> None:
        obj = self.make(0)
        data = {"ip_address": str(obj.ip_address_id), "interface": str(obj.interface_id), "is_primary": "on"}
        response = ui_client.post(self.ui.url("edit", obj), data)
        assert response.status_code == 302
        obj.refresh_from_db()
        assert obj.is_primary


class TestVLANGroupPages(UIModelTests):
    model = VLANGroup
    bad_form_data = [({"name": ""}, "name"), ({"range": "5000"}, "range")]
    filter_cases = [("q", "vg-1", 1)]

    def make(self, index: int) -> Any:
        return VLANGroup.objects.create(name=f"vg-{index}", range="100-199")

    def form_data(self) -> dict[str, Any]:
        return {"name": "campus", "range": "1-99,200-299"}


class TestVLANPages(UIModelTests):
    model = VLAN
    bad_form_data = [({"vid": "5000"}, "vid"), ({"name": ""}, "name")]
    filter_cases = [("q", "vlan-1", 1), ("vid", "102", 1)]

    def group(self) -> VLANGroup:
        return VLANGroup.objects.get_or_create(name="group", defaults={"range": "100-199"})[0]

    def make(self, index: int) -> Any:
        return VLAN.objects.create(vid=100 + index, name=f"vlan-{index}", vlan_group=self.group(), status=active())

    def form_data(self) -> dict[str, Any]:
        return {"vid": "150", "name": "servers", "vlan_group": str(self.group().pk), "status": str(active().pk)}
