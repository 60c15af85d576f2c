"""Browser fixtures: Debian's Chromium driven by Playwright (sync API) against `live_netkeel`.

- `chromium`: a headless Chromium for one test module (`/usr/bin/chromium`; Playwright never downloads a
  browser of its own). Missing Chromium or Playwright skips the test locally and fails it in CI
  (NETKEEL_REQUIRE_SERVICES=1), as `require_service` does for databases.
- `signed_in`: a browser context signed in as the live server's superuser (one login per module);
  `page`: a fresh tab in it whose screenshot is saved under `test-output/screenshots/` if the test fails;
  `save_screenshot(page, name)` saves one on purpose.
- `live_api`: the live server's REST API with the superuser's token, to set up or check data cheaply.
- `submit(page, path, fields, selects)` fills and sends an add form; `created(page, text)` reads its success.

Playwright's sync API keeps an asyncio loop running while it is started, and Django refuses ORM calls
under a running loop: so the browser lives only for its module, and browser tests reach the database
through the live server (pages or `live_api`), never through the ORM.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from netkeel.core.testing.live import LIVE_PASSWORD, LiveNetkeel

# A browser test module's marks (`pytestmark = BROWSER_TESTS`): the live server always runs on SQLite, so
# the browser tests run once, in the SQLite pass.
BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("NETKEEL_TEST_DB", "sqlite") not in ("", "sqlite"),
        reason="the live server always runs on SQLite: the browser tests run once, in the SQLite pass",
    ),
]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A missing element fails a step in seconds (a loaded CI machine still has room), not in Playwright's 30 s.
STEP_TIMEOUT_MS = 20_000
VIEWPORT = {"width": 1400, "height": 900}

_failed = pytest.StashKey[bool]()


def screenshot_dir(config: pytest.Config) -> Path:
    """`test-output/screenshots/` at the repository root (git-ignored; CI keeps it)."""
    target = Path(config.rootpath) / "test-output" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    return target


def screenshot(page: Any, config: pytest.Config, name: str) -> Path:
    """A full-page PNG of `page` named `name` (made filename-safe)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    target = screenshot_dir(config) / f"{safe}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def _unavailable(message: str) -> None:
    if os.environ.get("NETKEEL_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} (NETKEEL_REQUIRE_SERVICES=1: browser tests must run here)")
    pytest.skip(message)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    if report.when == "call" and report.failed:  # type: ignore[attr-defined]
        item.stash[_failed] = True
    return report


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def follow(target: Any) -> None:
    """Click `target` (a locator of a link or a submit button) and wait until the page it leads to has
    loaded, so that what the test reads next is on the new page, never on the one it left."""
    with target.page.expect_navigation():
        target.click()


def created(page: Any, text: str) -> None:
    """The page after a form: the success message naming what was made."""
    message = page.locator(".alert-success")
    assert message.count() == 1, f"no success message on {page.url}: {page.locator('main').inner_text()[:1500]}"
    assert text in message.inner_text()


def submit(page: Any, path: str, fields: dict[str, str], selects: dict[str, str | list[str]]) -> None:
    """Open the add form at `path`, choose `selects` (by their labels) and fill `fields`, then Create."""
    page.goto(path)
    for name, label in selects.items():
        page.select_option(f"#id_{name}", label=label)
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    follow(page.get_by_role("button", name="Create", exact=True))


def device_type_with_48_ports(page: Any, model: str, maker: str) -> None:
    """Add device type `model` of `maker` through its form, then `Ethernet[1-48]` from its page's Interfaces
    tab (the tab's Add pre-fills the type): 48 interface templates in one go, counted on the tab."""
    submit(page, "/dcim/device-types/add/", {"model": model}, {"manufacturer": maker})
    created(page, model)
    follow(page.locator(".nav-tabs").get_by_role("link", name="Interfaces"))
    follow(page.get_by_role("link", name="Add interface template"))
    page.fill("#id_name", "Ethernet[1-48]")
    page.select_option("#id_type", label="1000BASE-T (1GE)")
    follow(page.get_by_role("button", name="Create", exact=True))
    created(page, "Created 48 interface templates: Ethernet1 … Ethernet48")
    assert page.locator(".nav-tabs .active .badge").inner_text() == "48"


def login(page: Any, live: LiveNetkeel | None, username: str = "admin", password: str = LIVE_PASSWORD) -> None:
    """Fill in and send the sign-in form: on `live`'s /login/, or on the current page when `live` is None."""
    if live is not None:
        page.goto(f"{live.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    follow(page.locator("form button[type=submit]"))


@pytest.fixture(scope="module")
def signed_in(chromium: Any, live_netkeel: LiveNetkeel) -> Iterator[Any]:
    """A browser context holding the superuser's session cookie."""
    context = chromium.new_context(base_url=live_netkeel.url, viewport=VIEWPORT)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    login(page, live_netkeel)
    page.wait_for_url(f"{live_netkeel.url}/")
    page.close()
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(signed_in: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A new tab of the signed-in context; a failing test leaves `FAILED-<test>.png` behind."""
    tab = signed_in.new_page()
    yield tab
    if request.node.stash.get(_failed, False):
        try:
            screenshot(tab, request.config, f"FAILED-{request.node.name}")
        except Exception as exc:  # noqa: BLE001 - a screenshot must never hide the failure itself
            print(f"could not save the failure screenshot: {exc}")
    tab.close()


class LiveAPI:
    """JSON over HTTP to the live server with its token (set-up and checks, not what is under test)."""

    def __init__(self, live: LiveNetkeel) -> None:
        self.live = live

    def send(self, method: str, path: str, data: Any = None) -> Any:
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(
            f"{self.live.url}{path}",
            data=body,
            method=method,
            headers={
                "Authorization": f"Token {self.live.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path} -> {exc.code}: {exc.read().decode()[:2000]}") from None
        return json.loads(text) if text else None

    def get(self, path: str) -> Any:
        return self.send("GET", path)

    def post(self, path: str, data: Any) -> Any:
        return self.send("POST", path, data)

    def device_type_at_a_location(self, mark: str, model: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """A new location (of a new type that holds devices) and a new device type, named after `mark`."""
        kind = self.post("/api/dcim/location-types/", {"name": f"Hall type {mark}", "content_types": ["dcim.device"]})
        location = self.post(
            "/api/dcim/locations/", {"name": f"Data hall {mark}", "location_type": kind["id"], "status": "Active"}
        )
        maker = self.post("/api/dcim/manufacturers/", {"name": f"Maker {mark}"})
        device_type = self.post(
            "/api/dcim/device-types/", {"manufacturer": maker["id"], "model": model or f"Model {mark}"}
        )
        return location, device_type

    def one(self, path: str) -> dict[str, Any]:
        """The single object a filtered list returns (fails on none or several)."""
        found = self.get(path)
        assert found["count"] == 1, f"GET {path}: expected one object, got {found['count']}"
        return dict(found["results"][0])


@pytest.fixture
def save_screenshot(request: pytest.FixtureRequest) -> Callable[[Any, str], Path]:
    """`save_screenshot(page, "trace")` writes test-output/screenshots/trace.png."""
    return lambda page, name: screenshot(page, request.config, name)


@pytest.fixture(scope="module")
def live_api(live_netkeel: LiveNetkeel) -> LiveAPI:
    return LiveAPI(live_netkeel)
