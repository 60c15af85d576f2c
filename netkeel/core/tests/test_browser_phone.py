"""The device list and a cable trace at a phone's width (390 px, issue 14 item 14), in headless Chromium:
the page itself never scrolls sideways; a wide table scrolls inside its own box, and the trace drawing
shrinks to the screen. Screenshots go to `test-output/screenshots/phone-*.png`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from netkeel.core.testing.browser import BROWSER_TESTS, STEP_TIMEOUT_MS, LiveAPI, login
from netkeel.core.testing.live import LiveNetkeel

pytestmark = BROWSER_TESTS

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def phone(chromium: Any, live_netkeel: LiveNetkeel) -> Iterator[Any]:
    """A tab 390 px wide, signed in."""
    context = chromium.new_context(base_url=live_netkeel.url, viewport=PHONE, device_scale_factor=2, is_mobile=True)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    tab = context.new_page()
    login(tab, live_netkeel)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="module")
def cabled(live_api: LiveAPI) -> dict[str, str]:
    """Two devices with long names, cabled port to port; the interface ids at each end."""
    mark = uuid.uuid4().hex[:6]
    location, model = live_api.device_type_at_a_location(mark, model=f"NK-7050SX3-48YC8-{mark}")
    ends = {}
    for side in ("a", "b"):
        device = live_api.post(
            "/api/dcim/devices/",
            {"name": f"ams-dh1-leaf-switch-{side}-{mark}", "device_type": model["id"], "role": "Switch",
             "status": "Active", "location": location["id"], "serial": f"SN-{mark}-{side}-0123456789"},
        )  # fmt: skip
        port = live_api.post(
            "/api/dcim/interfaces/",
            {"device": device["id"], "name": "Ethernet1/1/48", "type": "25gbase-x-sfp28", "status": "Active"},
        )
        ends[side] = port["id"]
    live_api.post(
        "/api/dcim/cables/",
        {"termination_a_type": "dcim.interface", "termination_a_id": ends["a"], "termination_b_type": "dcim.interface",
         "termination_b_id": ends["b"], "status": "Connected", "label": f"patch-{mark}"},
    )  # fmt: skip
    return ends


def page_overflow(tab: Any) -> int:
    """How many pixels the page is wider than the screen (0: no sideways scrolling)."""
    return int(tab.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_the_device_list_scrolls_inside_its_box_at_390_px(
    phone: Any, cabled: dict[str, str], save_screenshot: Any
) -> None:
    phone.goto("/dcim/devices/")
    assert page_overflow(phone) <= 0, "the page scrolls sideways"
    box = phone.locator("#nk-table-form .table-responsive")
    assert box.count() == 1
    # The table is wider than the phone; its own box scrolls, not the page.
    content, shown = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert shown <= PHONE["width"] < content, (content, shown)
    box.evaluate("b => b.scrollLeft = b.scrollWidth")
    assert box.evaluate("b => b.scrollLeft") > 0
    # Cells keep to one line: a device's name reads whole, not broken over four lines.
    name = phone.locator("#nk-table-form tbody tr").first.locator("td").nth(1)
    assert name.evaluate("td => getComputedStyle(td).whiteSpace") == "nowrap"
    box.evaluate("b => b.scrollLeft = 0")
    save_screenshot(phone, "phone-device-list")


def test_the_filters_fold_to_one_line_above_the_list_at_390_px(phone: Any, cabled: dict[str, str]) -> None:
    """The device list's forty filters would be a page of their own on a phone: folded above the list, opened
    with a tap, and open while a filter applies."""
    phone.goto("/dcim/devices/")
    toggle = phone.get_by_role("button", name="Filters")
    fields = phone.locator("#nk-filters")
    assert toggle.is_visible() and not fields.is_visible()
    assert "{#" not in phone.locator("main, body").first.inner_text()  # no template text leaks onto the page
    top = lambda selector: phone.locator(selector).first.evaluate("e => e.getBoundingClientRect().top")  # noqa: E731
    assert top("#nk-filter-column") < top("#nk-table-form") < PHONE["height"]  # the list starts on the first screen
    toggle.click()
    fields.wait_for(state="visible")
    phone.locator("#nk-filters input[name='q']").fill("leaf-switch-a")
    phone.locator("#nk-filters button[type='submit']").click()
    phone.wait_for_url("**/dcim/devices/?*")
    assert phone.locator("#nk-filters").is_visible()  # open while a filter applies
    assert phone.locator("#nk-table-form tbody tr").count() == 1


def test_the_trace_fits_at_390_px(phone: Any, cabled: dict[str, str], save_screenshot: Any) -> None:
    phone.goto(f"/dcim/interfaces/{cabled['a']}/trace/")
    assert phone.locator(".nk-trace-state").count() >= 1
    save_screenshot(phone, "phone-trace")
    assert page_overflow(phone) <= 0, "the page scrolls sideways"
    drawing = phone.locator(".nk-trace-drawing svg").first
    left, right = drawing.evaluate("s => { const r = s.getBoundingClientRect(); return [r.left, r.right]; }")
    assert left >= 0 and right <= PHONE["width"], (left, right)  # the whole drawing is on the screen


def test_the_filters_stand_open_beside_the_list_on_a_wide_screen(
    chromium: Any, live_netkeel: LiveNetkeel, cabled: dict[str, str]
) -> None:
    context = chromium.new_context(base_url=live_netkeel.url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    try:
        tab = context.new_page()
        login(tab, live_netkeel)
        tab.goto("/dcim/devices/")
        assert tab.locator("#nk-filters").is_visible() and not tab.get_by_role("button", name="Filters").is_visible()
        left = lambda selector: tab.locator(selector).first.evaluate("e => e.getBoundingClientRect().left")  # noqa: E731
        assert left("#nk-table-form") < left("#nk-filter-column")  # the list first, the filters on its right
    finally:
        context.close()
