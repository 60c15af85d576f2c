"""A user's first day in a real browser (issue 8): headless Chromium against a live gunicorn.

Sign in; make a location (and its type), a device type with interface templates (and another with
`Ethernet[1-48]` from its page) and two devices, all through the add forms; cable the two devices
together; open the trace and find both ends in its SVG; bulk-edit both devices; import devices from CSV
with one bad row and read its error; find a device by its serial with the global search; look at a
prefix. The steps run in order and build on each other (a step whose groundwork failed is skipped,
naming the step it needs). Screenshots of the device, device type, trace and prefix pages go to
`test-output/screenshots/`.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from netkeel.core.testing.browser import BROWSER_TESTS, LiveAPI, created, device_type_with_48_ports, follow, submit

pytestmark = BROWSER_TESTS


@dataclass
class Story:
    """What the steps made so far: names (unique to this run) and the steps that passed."""

    mark: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    done: set[str] = field(default_factory=set)

    def need(self, *steps: str) -> None:
        for step in steps:
            if step not in self.done:
                pytest.skip(f"needs the step '{step}', which did not pass")

    @property
    def location(self) -> str:
        return f"Hall {self.mark}"

    @property
    def device_type(self) -> str:
        return f"NK-{self.mark}"

    @property
    def maker(self) -> str:
        return f"Maker {self.mark}"

    @property
    def role(self) -> str:
        return f"Access {self.mark}"

    def device(self, side: str) -> str:
        return f"sw-{self.mark}-{side}"

    def serial(self, side: str) -> str:
        return f"SN{self.mark.upper()}{side.upper()}"


@pytest.fixture(scope="module")
def story() -> Story:
    return Story()


def test_a_location_and_its_type_through_the_forms(page: Any, story: Story) -> None:
    kind = f"Hall type {story.mark}"
    submit(page, "/dcim/location-types/add/", {"name": kind}, {"content_types": ["DCIM | device", "DCIM | rack"]})
    created(page, kind)
    submit(page, "/dcim/locations/add/", {"name": story.location}, {"location_type": kind, "status": "Active"})
    created(page, story.location)
    story.done.add("location")


def test_a_device_type_with_interface_templates_through_the_forms(page: Any, story: Story, live_api: LiveAPI) -> None:
    submit(page, "/dcim/manufacturers/add/", {"name": story.maker}, {})
    created(page, story.maker)
    submit(page, "/dcim/device-types/add/", {"model": story.device_type}, {"manufacturer": story.maker})
    created(page, story.device_type)
    for name in ("eth0", "eth1"):
        submit(page, "/dcim/interface-templates/add/", {"name": name},
               {"device_type": story.device_type, "type": "1000BASE-T (1GE)"})  # fmt: skip
        created(page, name)
    submit(page, "/extras/roles/add/", {"name": story.role}, {"content_types": ["DCIM | device"]})
    created(page, story.role)
    device_type = live_api.one(f"/api/dcim/device-types/?model={story.device_type}")
    page.goto(f"/dcim/device-types/{device_type['id']}/")
    assert page.locator("h1").inner_text() == story.device_type
    story.done.add("device type")


def test_forty_eight_interface_templates_from_one_range_on_the_device_type_page(
    page: Any, story: Story, live_api: LiveAPI, save_screenshot: Any
) -> None:
    """A second device type gets `Ethernet[1-48]` through its page: the Interfaces tab, its Add (the type
    pre-filled), one name pattern; back on the tab, 48 templates."""
    story.need("device type")
    model = f"{story.device_type}-48"
    device_type_with_48_ports(page, model, story.maker)
    save_screenshot(page, "device-type-templates")
    device_type = live_api.one(f"/api/dcim/device-types/?model={model}")
    assert live_api.get(f"/api/dcim/interface-templates/?device_type={device_type['id']}")["count"] == 48


def test_two_devices_through_the_form_get_their_interfaces(
    page: Any, story: Story, live_api: LiveAPI, save_screenshot: Any
) -> None:
    story.need("location", "device type")
    for side in ("a", "b"):
        submit(
            page,
            "/dcim/devices/add/",
            {"name": story.device(side), "serial": story.serial(side)},
            {"device_type": story.device_type, "role": story.role, "status": "Active", "location": story.location},
        )
        created(page, story.device(side))
    device = live_api.one(f"/api/dcim/devices/?name={story.device('a')}")
    page.goto(f"/dcim/devices/{device['id']}/")
    assert page.locator("h1").inner_text() == story.device("a")
    save_screenshot(page, "device")
    follow(page.locator(".nav-tabs").get_by_role("link", name=re.compile(r"^Interfaces")))
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2 and "eth0" in rows.nth(0).inner_text() and "eth1" in rows.nth(1).inner_text()
    story.done.add("devices")


def interface_id(live_api: LiveAPI, device: str, name: str) -> str:
    return str(live_api.one(f"/api/dcim/interfaces/?device={device}&name={name}")["id"])


def test_a_cable_between_the_two_devices_through_the_form(
    page: Any, story: Story, live_api: LiveAPI, save_screenshot: Any
) -> None:
    story.need("devices")
    device = live_api.one(f"/api/dcim/devices/?name={story.device('a')}")
    page.goto(f"/dcim/devices/{device['id']}/interfaces/")
    # eth0's row links to the cable form with side A chosen; side B is named by its device and port name.
    follow(page.locator("main table tbody tr", has_text="eth0").get_by_role("link", name="Connect"))
    assert page.locator("#id_termination_a_id").input_value() == interface_id(live_api, story.device("a"), "eth0")
    assert page.locator("#id_end_a").input_value() == f"{story.device('a')} › eth0"  # read-only, by name
    page.select_option("#id_termination_b_type", value="dcim.interface")
    page.select_option("#id_device_b", label=f"{story.location} › {story.device('b')}")  # a device with its place
    page.fill("#id_name_b", "eth0")
    page.select_option("#id_type", label="CAT6")
    page.fill("#id_label", f"patch-{story.mark}")
    follow(page.get_by_role("button", name="Create", exact=True))  # status left empty: Connected
    created(page, f"patch-{story.mark} ({story.device('a')} › eth0 ↔ {story.device('b')} › eth0)")
    assert live_api.one(f"/api/dcim/cables/?label=patch-{story.mark}&depth=1")["status"]["name"] == "Connected"
    page.goto(f"/dcim/devices/{device['id']}/interfaces/")
    row = page.locator("main table tbody tr", has_text="eth0").first
    assert story.device("b") in row.inner_text()  # its peer (and connected endpoint) shown beside it
    save_screenshot(page, "device-interfaces")
    story.done.add("cable")


def test_the_trace_draws_both_ends_as_svg(page: Any, story: Story, live_api: LiveAPI, save_screenshot: Any) -> None:
    story.need("cable")
    device = live_api.one(f"/api/dcim/devices/?name={story.device('a')}")
    page.goto(f"/dcim/devices/{device['id']}/interfaces/")  # the port, then its trace tab
    row = page.locator("main table tbody tr", has_text="eth0")
    follow(row.get_by_role("link", name="eth0", exact=True).first)  # its own name comes first; then peer, far end
    follow(page.locator(".nav-tabs").get_by_role("link", name="Trace"))
    eth0 = interface_id(live_api, story.device("a"), "eth0")
    assert page.url.endswith(f"/dcim/interfaces/{eth0}/trace/"), page.url
    drawing = page.locator("main svg:has(text)").first
    text = " ".join(drawing.locator("text").all_text_contents())
    for expected in (story.device("a"), story.device("b"), "eth0", f"patch-{story.mark}"):
        assert expected in text, f"{expected!r} not in the trace drawing: {text!r}"
    save_screenshot(page, "trace")
    download = page.get_by_role("link", name=re.compile("Download SVG"))
    answer = page.request.get(download.get_attribute("href"))
    assert answer.ok and answer.headers["content-type"].startswith("image/svg+xml")
    assert story.device("a") in answer.text() and story.device("b") in answer.text()


def test_bulk_edit_of_the_two_devices(page: Any, story: Story, live_api: LiveAPI) -> None:
    story.need("devices")
    page.goto(f"/dcim/devices/?q=sw-{story.mark}")
    for side in ("a", "b"):
        page.locator("tr", has_text=story.device(side)).locator("input[name=pk]").check()
    follow(page.get_by_role("button", name="Edit selected"))
    assert page.locator("h1").inner_text() == "Edit 2 devices"
    page.select_option("#id_status", label="Planned")
    follow(page.get_by_role("button", name="Apply to 2"))
    assert "Changed 2 devices" in page.locator(".alert-success").inner_text()
    devices = live_api.get(f"/api/dcim/devices/?q=sw-{story.mark}&depth=1")["results"]
    statuses = {device["name"]: device["status"]["name"] for device in devices}
    assert statuses == {story.device("a"): "Planned", story.device("b"): "Planned"}


def test_a_device_csv_import_with_one_bad_row_shows_its_error(
    page: Any, story: Story, live_api: LiveAPI, save_screenshot: Any
) -> None:
    story.need("devices")
    csv = (
        # Related objects by natural key, as the CSV export writes them: a device type is "model;manufacturer",
        # a location "name;parent" (a top-level location has an empty parent).
        "name,device_type,role,status,location\n"
        f"{story.device('c')},{story.device_type};{story.maker},{story.role},Active,{story.location};\n"
        f"{story.device('d')},no-such-type;{story.maker},{story.role},Active,{story.location};\n"
    )
    page.goto("/dcim/devices/import/")
    page.fill("#nk-csv", csv)
    follow(page.get_by_role("button", name="Import"))
    problems = page.locator("table.nk-import-errors tbody tr")
    assert problems.count() == 1
    line, column, message = problems.first.locator("td").all_inner_texts()
    assert (line, column) == ("3", "device_type") and message
    save_screenshot(page, "device-import-error")
    assert live_api.get(f"/api/dcim/devices/?name={story.device('c')}")["count"] == 0  # all or nothing


def test_the_global_search_finds_a_device_by_serial(page: Any, story: Story) -> None:
    story.need("devices")
    page.goto("/")
    search = page.locator("nav input[type=search]")
    search.fill(story.serial("b"))
    with page.expect_navigation(url=re.compile(r"/search/\?")):
        search.press("Enter")
    follow(page.locator("main").get_by_role("link", name=story.device("b"), exact=True))
    assert page.locator("h1").inner_text() == story.device("b")


def test_a_prefix_page_shows_its_utilization_and_allocates_the_next_child(
    page: Any, story: Story, live_api: LiveAPI, save_screenshot: Any
) -> None:
    net = f"10.{int(story.mark[:2], 16)}.0"
    parent = live_api.post("/api/ipam/prefixes/", {"prefix": f"{net}.0/24", "type": "container", "status": "Active"})
    live_api.post("/api/ipam/prefixes/", {"prefix": f"{net}.0/26", "status": "Active"})
    page.goto(f"/ipam/prefixes/{parent['id']}/")
    assert page.locator("h1").inner_text() == f"{net}.0/24"
    bar = page.locator("#utilization [role=progressbar]")
    assert float(bar.get_attribute("aria-valuenow")) == 25  # one /26 of four
    allocate = page.locator("#next-available form", has_text="Allocate next prefix")
    allocate.locator("input[name=prefix_length]").fill("26")
    follow(allocate.get_by_role("button", name="Allocate next prefix"))
    assert page.locator(".alert-success").count() == 1
    assert live_api.get(f"/api/ipam/prefixes/?prefix={net}.64/26")["count"] == 1  # the first free /26
    page.goto(f"/ipam/prefixes/{parent['id']}/")
    assert float(page.locator("#utilization [role=progressbar]").get_attribute("aria-valuenow")) == 50
    save_screenshot(page, "prefix")
