"""Virtualization in a real browser (headless Chromium against a live gunicorn): from a cluster's page to its
virtual machines, then to one machine (its addresses, by interface) and its interfaces, and to one interface
with its own address and "Assign an existing address" — as a user clicks it. A screenshot of the machine's
interfaces goes to `test-output/screenshots/`."""

from __future__ import annotations

import uuid
from typing import Any

from netkeel.core.testing.browser import BROWSER_TESTS, LiveAPI, follow

pytestmark = BROWSER_TESTS


def test_a_cluster_its_virtual_machines_and_a_machines_interfaces(
    page: Any, live_api: LiveAPI, save_screenshot: Any
) -> None:
    mark = uuid.uuid4().hex[:6]
    kind = live_api.post("/api/virtualization/cluster-types/", {"name": f"KVM {mark}"})
    cluster = live_api.post("/api/virtualization/clusters/", {"name": f"cl-{mark}", "cluster_type": kind["id"]})
    machines = [
        live_api.post(
            "/api/virtualization/virtual-machines/",
            {"name": f"vm-{mark}-{index}", "cluster": cluster["id"], "status": "Active", "vcpus": 2},
        )
        for index in (1, 2)
    ]
    octet = int(mark, 16) % 200 + 1
    live_api.post("/api/ipam/prefixes/", {"prefix": f"10.{octet}.0.0/24", "status": "Active", "namespace": "Global"})
    for index, name in enumerate(("eth0", "eth1"), start=1):
        interface = live_api.post(
            "/api/virtualization/interfaces/",
            {"virtual_machine": machines[0]["id"], "name": name, "status": "Active"},
        )
        address = live_api.post(
            "/api/ipam/ip-addresses/",
            {"address": f"10.{octet}.0.{index}/24", "status": "Active", "namespace": "Global"},
        )
        live_api.post(
            "/api/ipam/ip-address-to-interface/", {"ip_address": address["id"], "vm_interface": interface["id"]}
        )

    page.goto(f"/virtualization/clusters/{cluster['id']}/")
    assert f"cl-{mark}" in page.locator("main").inner_text()
    follow(page.locator(".nav-tabs").get_by_role("link", name="Virtual machines"))
    listed = page.locator("main table tbody").inner_text()
    assert f"vm-{mark}-1" in listed and f"vm-{mark}-2" in listed, listed

    follow(page.locator("main table tbody").get_by_role("link", name=f"vm-{mark}-1", exact=True))
    assert page.url.rstrip("/").endswith(f"/virtualization/virtual-machines/{machines[0]['id']}"), page.url
    panel = page.locator("#ip-addresses").inner_text()  # the machine's addresses, each with its interface
    assert f"10.{octet}.0.1/24" in panel and f"10.{octet}.0.2/24" in panel and "eth1" in panel, panel
    follow(page.locator(".nav-tabs").get_by_role("link", name="Interfaces"))
    rows = page.locator("main table tbody tr")
    text = page.locator("main table tbody").inner_text()
    assert rows.count() == 2 and "eth0" in text and "eth1" in text, text
    save_screenshot(page, "virtual-machine-interfaces")
    follow(page.locator("main table tbody").get_by_role("link", name="eth1", exact=True))
    panel = page.locator("#ip-addresses")
    assert f"10.{octet}.0.2/24" in panel.inner_text() and f"10.{octet}.0.1/24" not in panel.inner_text()
    follow(panel.get_by_role("link", name="Assign an existing address"))
    assert "/ipam/" in page.url and "vm_interface=" in page.url, page.url
