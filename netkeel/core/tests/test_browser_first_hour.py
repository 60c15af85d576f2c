"""The newcomer's first hour (issue 14) as one story, clicked through in headless Chromium against a live
gunicorn: sign in; a location (and its type); a manufacturer and a device type whose 48 interface templates
come from one name pattern (`Ethernet[1-48]`) on its page; two devices through the add form (Active and the
default roles offered); the ports in natural order; a cable between the two devices from the Connect link;
the trace; a prefix, then an IP address on an interface through the interface's own page; the change log
from the menu; the global search.

Each step saves a screenshot (`NN-step.png`) into the test's temporary directory and, when
`NETKEEL_SCREENSHOT_DIR` is set, into that directory too, so that CI can keep them for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from pathlib import Path
from typing import Any

from netkeel.core.testing.browser import (
    BROWSER_TESTS,
    STEP_TIMEOUT_MS,
    VIEWPORT,
    LiveAPI,
    created,
    device_type_with_48_ports,
    follow,
    login,
    submit,
)
from netkeel.core.testing.live import LiveNetkeel

pytestmark = BROWSER_TESTS


class Steps:
    """Numbered screenshots of the story, in the test's tmp dir (and NETKEEL_SCREENSHOT_DIR when set)."""

    def __init__(self, page: Any, tmp_path: Path) -> None:
        self.page = page
        self.targets = [tmp_path / "screenshots"]
        extra = os.environ.get("NETKEEL_SCREENSHOT_DIR")
        if extra:
            self.targets.append(Path(extra) / "first-hour")
        for target in self.targets:
            target.mkdir(parents=True, exist_ok=True)
        self.saved: list[Path] = []

    def shot(self, name: str) -> None:
        first = self.targets[0] / f"{len(self.saved) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(first), full_page=True)
        for target in self.targets[1:]:
            shutil.copyfile(first, target / first.name)
        self.saved.append(first)


def test_the_first_hour_in_the_browser(
    chromium: Any, live_netkeel: LiveNetkeel, live_api: LiveAPI, tmp_path: Path
) -> None:
    mark = uuid.uuid4().hex[:6]
    kind, location, maker, model = f"Hall type {mark}", f"Hall {mark}", f"Maker {mark}", f"NK-48-{mark}"
    device_a, device_b = f"sw-{mark}-a", f"sw-{mark}-b"
    context = chromium.new_context(base_url=live_netkeel.url, viewport=VIEWPORT)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    steps = Steps(page, tmp_path)
    try:
        # Sign in: any page asks for it first, then the user lands on the home page.
        page.goto("/")
        assert "/login/" in page.url
        steps.shot("sign-in")
        login(page, None)
        page.wait_for_url(f"{live_netkeel.url}/")
        steps.shot("home")

        # A location, and the location type it needs (devices may sit in it).
        submit(page, "/dcim/location-types/add/", {"name": kind}, {"content_types": ["DCIM | device", "DCIM | rack"]})
        created(page, kind)
        page.goto("/dcim/locations/add/")
        assert page.locator("#id_status option:checked").inner_text() == "Active"  # preselected
        page.select_option("#id_location_type", label=kind)
        page.fill("#id_name", location)
        follow(page.get_by_role("button", name="Create", exact=True))
        created(page, location)
        assert page.locator("h1").inner_text() == location  # the new object's own page follows
        steps.shot("location")

        # A manufacturer and a device type; its 48 interface templates from one name pattern on its page.
        submit(page, "/dcim/manufacturers/add/", {"name": maker}, {})
        created(page, maker)
        device_type_with_48_ports(page, model, maker)
        steps.shot("device-type-templates")

        # Two devices through the add form: the default role "Switch" is offered, Active is preselected.
        for name in (device_a, device_b):
            page.goto("/dcim/devices/add/")
            assert page.locator("#id_status option:checked").inner_text() == "Active"
            page.fill("#id_name", name)
            page.select_option("#id_device_type", label=model)
            page.select_option("#id_role", label="Switch")
            page.select_option("#id_location", label=location)
            follow(page.get_by_role("button", name="Create", exact=True))
            created(page, name)
            assert page.locator("h1").inner_text() == name
        a = live_api.one(f"/api/dcim/devices/?name={device_a}")
        page.goto(f"/dcim/devices/{a['id']}/")
        steps.shot("device")

        # The device's interfaces: made from the templates, in natural order, with the list's total.
        follow(page.locator(".nav-tabs").get_by_role("link", name=re.compile(r"^Interfaces")))
        rows = page.locator("main table tbody tr")
        assert rows.count() == 48
        names = [rows.nth(index).locator("td").nth(1).inner_text().strip() for index in range(3)]
        assert names == ["Ethernet1", "Ethernet2", "Ethernet3"], names  # not Ethernet1, Ethernet10, Ethernet11
        assert "48 interfaces" in page.locator(".card-footer").inner_text()
        steps.shot("device-interfaces")

        # A cable from device A's Ethernet1 (the Connect link) to device B's Ethernet1, named by device and port.
        follow(page.locator("main table tbody tr", has_text="Ethernet1").first.get_by_role("link", name="Connect"))
        assert page.locator("#id_end_a").input_value() == f"{device_a} › Ethernet1"
        page.select_option("#id_termination_b_type", value="dcim.interface")
        page.select_option("#id_device_b", label=f"{location} › {device_b}")
        page.fill("#id_name_b", "Ethernet1")
        page.select_option("#id_type", label="CAT6")
        page.fill("#id_label", f"patch-{mark}")
        steps.shot("cable-form")
        follow(page.get_by_role("button", name="Create", exact=True))
        created(page, f"patch-{mark} ({device_a} › Ethernet1 ↔ {device_b} › Ethernet1)")
        steps.shot("cable")

        # The trace, from the port's page.
        page.goto(f"/dcim/devices/{a['id']}/interfaces/")
        row = page.locator("main table tbody tr", has_text="Ethernet1").first
        assert device_b in row.inner_text()  # its peer beside it
        follow(row.get_by_role("link", name="Ethernet1", exact=True).first)
        interface_url = page.url
        follow(page.locator(".nav-tabs").get_by_role("link", name="Trace"))
        drawing = page.locator("main svg:has(text)").first
        text = " ".join(drawing.locator("text").all_text_contents())
        for expected in (device_a, device_b, "Ethernet1", f"patch-{mark}"):
            assert expected in text, f"{expected!r} not in the trace: {text!r}"
        steps.shot("trace")

        # A prefix, then an address on the interface from the interface's own page, primary for the device.
        net = f"10.{int(mark[:2], 16)}.{int(mark[2:4], 16)}"
        page.goto("/ipam/prefixes/add/")
        assert page.locator("#id_status option:checked").inner_text() == "Active"
        page.fill("#id_prefix", f"{net}.0/24")
        follow(page.get_by_role("button", name="Create", exact=True))
        created(page, f"{net}.0/24")
        steps.shot("prefix")
        page.goto(interface_url)
        panel = page.locator("#ip-addresses")
        assert "No IP addresses." in panel.inner_text()
        follow(panel.get_by_role("link", name="Add a new address"))
        assert page.locator("h1").inner_text() == f"Add an IP address to {device_a} › Ethernet1"
        page.fill("#id_address", f"{net}.1/24")
        page.check("#id_is_primary")
        follow(page.get_by_role("button", name="Add", exact=True))
        assert page.url == interface_url
        assert f"{net}.1/24" in page.locator("#ip-addresses").inner_text()
        steps.shot("interface-ip")
        page.goto(f"/dcim/devices/{a['id']}/")
        assert f"{net}.1/24" in page.locator("#ip-addresses").inner_text()  # the device's page lists it
        assert live_api.one(f"/api/dcim/devices/?name={device_a}&depth=1")["primary_ip4"]["address"] == f"{net}.1/24"
        steps.shot("device-ip")

        # The change log, from the menu: what was just done, by whom, with related objects by name.
        page.locator("nav .dropdown-toggle", has_text="Extras").click()
        follow(page.locator("nav").get_by_role("link", name="Change log"))
        assert page.locator("h1").inner_text() == "Change log"
        log = page.locator("main table tbody").inner_text()
        for expected in (device_a, f"{net}.1/24", "admin"):  # the newest first: the address, its device
            assert expected in log, f"{expected!r} not in the change log"
        steps.shot("change-log")
        # Its filters: the changes to one object, by its name.
        page.fill("#id_q", location)
        follow(page.get_by_role("button", name="Filter"))
        rows = page.locator("main table tbody tr")
        assert rows.count() == 1 and "Created" in rows.first.inner_text() and location in rows.first.inner_text()
        steps.shot("change-log-filtered")

        # The global search: a device by its name, then its page.
        search = page.locator("nav input[type=search]")
        search.fill(device_b)
        with page.expect_navigation(url=re.compile(r"/search/\?")):
            search.press("Enter")
        steps.shot("search")
        follow(page.locator("main").get_by_role("link", name=device_b, exact=True))
        assert page.locator("h1").inner_text() == device_b
        steps.shot("found")
    except Exception:
        steps.shot("FAILED")
        raise
    finally:
        context.close()
    assert len(steps.saved) >= 15 and all(shot.stat().st_size > 0 for shot in steps.saved)
