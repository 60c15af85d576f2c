"""A device's component tabs: one per kind, paginated, each row with its cable, peer and connected endpoint
fetched per page (a device with 500 interfaces shows them a page at a time, in the same queries)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netkeel.core.testing.ui import PAYLOAD, assert_escaped, make_user, signed_in
from netkeel.dcim import models as dcim
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.tests import factories as f
from netkeel.dcim.ui.devices import COMPONENT_KINDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db: Any) -> Client:
    return signed_in(make_user("tab-admin", superuser=True))


def count_queries(client: Client, url: str) -> tuple[int, Any]:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx), response


def cable_some(device: dcim.Device, far: dcim.Device, count: int, start: int = 0) -> None:
    """Cable `count` interfaces of `device` (from the `start`th) to `far`'s, every other one through a patch
    panel of its own."""
    panel = f.device(f"panel-{device.name}-{start}", f.device_type(rear_ports=count), device.location)
    near = list(device.interfaces.order_by("name")[start : start + count])
    ends = list(far.interfaces.order_by("name")[start : start + count])
    for index, (a, b) in enumerate(zip(near, ends, strict=True)):
        if index % 2:
            cabling.connect(a, dcim.FrontPort.objects.get(device=panel, name=f"front{index}"), label=f"c{index}")
            cabling.connect(dcim.RearPort.objects.get(device=panel, name=f"rear{index}"), b)
        else:
            cabling.connect(a, b, label=f"c{index}", color="aa1409")


def test_every_component_tab_renders(admin: Client) -> None:
    dtype = f.device_type(
        interfaces=2, console_ports=1, console_server_ports=1, power_ports=1, power_outlets=1, rear_ports=1
    )
    device = f.device("all-kinds", dtype, f.location())
    dcim.DeviceBay.objects.create(device=device, name="bay1")
    dcim.InventoryItem.objects.create(device=device, name="psu-module", serial="XYZ")
    html = admin.get(f"/dcim/devices/{device.pk}/").content.decode()
    for kind in COMPONENT_KINDS:
        assert f"/dcim/devices/{device.pk}/{kind.name}/" in html, kind.name
        page = admin.get(f"/dcim/devices/{device.pk}/{kind.name}/")
        assert page.status_code == 200, kind.name
        assert page.context["table"].paginator.count >= 1, kind.name


def test_a_device_with_500_interfaces_is_paginated_in_constant_queries(admin: Client) -> None:
    site = f.location()
    big = f.device("big", f.device_type(interfaces=500), site)
    far = f.device("far", f.device_type(interfaces=60), site)
    cable_some(big, far, 4)
    url = f"/dcim/devices/{big.pk}/interfaces/"
    few, response = count_queries(admin, f"{url}?per_page=50")
    table = response.context["table"]
    assert table.paginator.count == 500 and table.paginator.num_pages == 10
    assert len(table.page.object_list) == 50
    html = response.content.decode()
    assert "Page 1 of 10" in html and "page=2" in html
    last = admin.get(f"{url}?page=10&per_page=50").context["table"]
    assert last.page.number == 10 and len(last.page.object_list) == 50
    # Ten times the cabled rows on the page, through the same queries.
    cable_some(big, far, 40, start=4)
    many, response = count_queries(admin, f"{url}?per_page=50")
    assert many <= few, f"interface tab queries grew with cabled rows: {few}, then {many}"
    assert response.context["table"].paginator.count == 500


def test_interface_rows_show_cable_peer_endpoint_and_trace(admin: Client) -> None:
    site = f.location()
    a = f.device("a", f.device_type(interfaces=2), site)
    b = f.device("b", f.device_type(interfaces=2), site)
    cable_some(a, b, 2)
    html = admin.get(f"/dcim/devices/{a.pk}/interfaces/").content.decode()
    eth0, eth1 = (dcim.Interface.objects.get(device=a, name=name) for name in ("eth0", "eth1"))
    # eth0: straight to b; eth1: through the panel, so its peer is the panel's front port and its endpoint is b.
    assert "c0" in html and "aa1409" in html
    assert "panel-a-0</a> › <a" in html and "front1" in html
    assert html.count("bi-circle-fill text-success") == 2, "both paths reach b"
    for interface in (eth0, eth1):
        assert f"/dcim/interfaces/{interface.pk}/trace/" in html


def test_tabs_need_the_component_permission(db: Any) -> None:
    device = f.device("guarded", f.device_type(interfaces=1), f.location())
    reader = signed_in(make_user("device-reader", perms=("dcim.view_device",)))
    assert reader.get(f"/dcim/devices/{device.pk}/").status_code == 200
    assert f"/dcim/devices/{device.pk}/interfaces/" not in reader.get(f"/dcim/devices/{device.pk}/").content.decode()
    assert reader.get(f"/dcim/devices/{device.pk}/interfaces/").status_code == 403
    both = signed_in(make_user("both", perms=("dcim.view_device", "dcim.view_interface")))
    page = both.get(f"/dcim/devices/{device.pk}/interfaces/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Add interface" not in html and "Edit selected" not in html and "Connect a cable" not in html
    assert Client().get(f"/dcim/devices/{device.pk}/interfaces/").status_code == 302


def test_labels_and_cable_labels_are_escaped_on_the_tab(admin: Client) -> None:
    site = f.location()
    a = f.device("a", f.device_type(interfaces=1), site)
    b = f.device("b", f.device_type(interfaces=1), site)
    dcim.Device.objects.filter(pk=b.pk).update(name=PAYLOAD)
    ia, ib = dcim.Interface.objects.get(device=a), dcim.Interface.objects.get(device=b)
    dcim.Interface.objects.filter(pk__in=[ia.pk, ib.pk]).update(label=PAYLOAD, description=PAYLOAD)
    cabling.connect(ia, ib, label=PAYLOAD[:100])
    for url in (f"/dcim/devices/{a.pk}/interfaces/", "/dcim/interfaces/", "/dcim/cables/"):
        html = admin.get(url).content.decode()
        assert_escaped(html, url)
        assert "&lt;script&gt;" in html, url


def test_sorting_and_the_bulk_buttons_work_on_a_tab(admin: Client) -> None:
    device = f.device("sorted", f.device_type(interfaces=3), f.location())
    rows = admin.get(f"/dcim/devices/{device.pk}/interfaces/?sort=-name").context["table"].page.object_list
    assert [row.record.name for row in rows] == ["eth2", "eth1", "eth0"]
    html = admin.get(f"/dcim/devices/{device.pk}/interfaces/").content.decode()
    assert 'formaction="/dcim/interfaces/edit/"' in html and 'formaction="/dcim/interfaces/delete/"' in html
    assert f"/dcim/interfaces/add/?device={device.pk}" in html


def test_a_tab_shows_its_total_and_a_chosen_page_size_as_lists_do(admin: Client) -> None:
    device = f.device("sized", f.device_type(interfaces=30), f.location())
    url = f"/dcim/devices/{device.pk}/interfaces/"
    fresh = admin.get(url).content.decode()
    assert "30 interfaces</span>" in fresh and "50 (default)</a>" in fresh
    assert "per page is your choice" not in fresh
    admin.get(f"{url}?per_page=25")
    later = admin.get(url)  # a later visit, no parameter: the choice stays, and the tab says so
    assert later.context["table"].paginator.num_pages == 2
    html = later.content.decode()
    assert "25 per page is your choice for this list" in html and ">back to 50</a>" in html
    assert "Page 1 of 2" in html


@pytest.mark.parametrize(
    ("tab", "model", "kwargs"),
    [
        ("interfaces", dcim.Interface, {"interfaces": 3}),
        ("console-ports", dcim.ConsolePort, {"console_ports": 3}),
        ("rear-ports", dcim.RearPort, {"rear_ports": 3}),
    ],
)
def test_a_tab_lists_only_the_components_a_constrained_reader_may_view(
    db: Any, tab: str, model: type[Any], kwargs: dict[str, int]
) -> None:
    from netkeel.core.testing.constrained import grant

    device = f.device("partly-mine", f.device_type(**kwargs), f.location())  # type: ignore[arg-type]
    components = list(model.objects.filter(device=device).order_by("name"))
    assert len(components) == 3
    mine = components[0]
    reader = make_user("component-reader", perms=("dcim.view_device",))
    grant(reader, [model], ["view"], {"name": mine.name})
    html = signed_in(reader).get(f"/dcim/devices/{device.pk}/{tab}/").content.decode()
    assert f'value="{mine.pk}"' in html or f"/{mine.pk}/" in html
    for other in components[1:]:
        assert str(other.pk) not in html, f"{other.name} is on the tab of a reader who may view only {mine.name}"
