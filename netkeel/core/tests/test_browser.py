"""The shell and the generic pages in a real browser: headless Chromium against a live gunicorn.

Sign-in and sign-out, an add form with an error shown inline and then saved, bulk edit of a selection,
a CSV import with one bad row, and hostile names that must never run as script in the browser. The
tenancy pages stand in for every model (they are built by the same generic views). See
netkeel/core/testing/browser.py for the fixtures; the DCIM story is in test_browser_dcim.py.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from netkeel.core.testing.browser import BROWSER_TESTS, STEP_TIMEOUT_MS, VIEWPORT, LiveAPI, follow, login
from netkeel.core.testing.live import LiveNetkeel

pytestmark = BROWSER_TESTS


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_every_page_asks_for_sign_in_and_a_wrong_password_is_refused(chromium: Any, live_netkeel: LiveNetkeel) -> None:
    context = chromium.new_context(base_url=live_netkeel.url, viewport=VIEWPORT)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto("/tenancy/tenants/")
        assert re.search(r"/login/\?next=/tenancy/tenants/$", page.url), page.url
        login(page, None, password="not-the-password")  # on the page the redirect showed
        assert page.locator(".alert-danger").is_visible()
        assert "/login/" in page.url
        login(page, None)  # the form kept `next`: the user lands where they were going
        page.wait_for_url("**/tenancy/tenants/")
        assert page.locator("h1").inner_text() == "Tenants"
        page.locator("nav .dropdown-toggle:has(.bi-person-circle)").click()  # the user menu
        follow(page.get_by_role("button", name="Log out"))
        page.goto("/tenancy/tenants/")
        assert "/login/" in page.url
    finally:
        context.close()


def test_an_add_form_shows_the_error_on_its_field_then_creates(page: Any, live_api: LiveAPI) -> None:
    group, tenant = unique("group"), unique("tenant")
    page.goto("/tenancy/tenant-groups/add/")
    page.fill("#id_name", group)
    follow(page.get_by_role("button", name="Create", exact=True))
    assert f"Created tenant group {group}" in page.locator(".alert-success").inner_text()

    page.goto("/tenancy/tenants/add/")
    page.select_option("#id_tenant_group", label=group)
    page.fill("#id_comments", "Racks in **hall 2**")
    follow(page.get_by_role("button", name="Create", exact=True))  # no name: refused, the error under the field
    error = page.locator(".nk-has-error .invalid-feedback")
    assert error.count() == 1 and error.inner_text()
    assert page.locator(".nk-has-error #id_name").count() == 1
    assert page.input_value("#id_comments") == "Racks in **hall 2**"  # what was typed is kept
    page.fill("#id_name", tenant)
    follow(page.get_by_role("button", name="Create", exact=True))
    assert f"Created tenant {tenant}" in page.locator(".alert-success").inner_text()
    assert page.locator("h1").inner_text() == tenant  # the new tenant's own page follows its creation
    assert page.locator(".nk-markdown strong").inner_text() == "hall 2"  # comments rendered as Markdown
    made = live_api.one(f"/api/tenancy/tenants/?name={tenant}")
    assert made["tenant_group"]["id"] == live_api.one(f"/api/tenancy/tenant-groups/?name={group}")["id"]


def test_bulk_edit_changes_the_selected_objects_only(page: Any, live_api: LiveAPI) -> None:
    mark = unique("bulk")
    for index in range(3):
        live_api.post("/api/tenancy/tenants/", {"name": f"{mark}-{index}"})
    page.goto(f"/tenancy/tenants/?q={mark}")
    rows = page.locator("#nk-table-form tbody tr")
    assert rows.count() == 3
    for index in (0, 1):
        page.locator("tr", has_text=f"{mark}-{index}").locator("input[name=pk]").check()
    follow(page.get_by_role("button", name="Edit selected"))
    assert page.locator("h1").inner_text() == "Edit 2 tenants"
    page.fill("#id_description", "moved in the bulk edit")
    follow(page.get_by_role("button", name="Apply to 2"))
    page.wait_for_url(re.compile(r"/tenancy/tenants/"))
    assert "Changed 2 tenants" in page.locator(".alert-success").inner_text()
    described = {t["name"]: t["description"] for t in live_api.get(f"/api/tenancy/tenants/?q={mark}")["results"]}
    assert described == {f"{mark}-0": "moved in the bulk edit", f"{mark}-1": "moved in the bulk edit", f"{mark}-2": ""}


def test_a_csv_import_with_one_bad_row_shows_its_line_and_imports_nothing(page: Any, live_api: LiveAPI) -> None:
    mark = unique("csv")
    csv = f"name,tenant_group,description\n{mark}-good,,fine\n{mark}-bad,no-such-group-{mark},broken\n"
    page.goto("/tenancy/tenants/import/")
    page.fill("#nk-csv", csv)
    follow(page.get_by_role("button", name="Import"))
    problems = page.locator("table.nk-import-errors tbody tr")
    assert problems.count() == 1
    cells = problems.first.locator("td").all_inner_texts()
    assert cells[0] == "3" and cells[1] == "tenant_group", cells
    assert "Nothing was imported" in page.locator(".card-header.text-bg-danger").inner_text()
    assert page.input_value("#nk-csv") == csv  # the text is kept for fixing
    assert live_api.get(f"/api/tenancy/tenants/?q={mark}")["count"] == 0


def test_hostile_names_never_run_as_script(page: Any, live_api: LiveAPI) -> None:
    """Names that would run script if a page put them unescaped into its HTML; the browser is the judge."""
    payloads = ['<script>window.__pwned = "script"</script>', '"><img src=x onerror="window.__pwned = \'img\'">']
    group = live_api.post("/api/tenancy/tenant-groups/", {"name": unique("xss") + payloads[1]})
    tenant = live_api.post(
        "/api/tenancy/tenants/",
        {"name": unique("xss") + payloads[0], "tenant_group": group["id"], "description": payloads[1],
         "comments": f"{payloads[0]} and [link](javascript:window.__pwned='md')"},
    )  # fmt: skip
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:  # alert() from an injected payload would open one
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    pages = [
        "/tenancy/tenants/?q=xss",
        f"/tenancy/tenants/{tenant['id']}/",
        f"/tenancy/tenants/{tenant['id']}/edit/",
        f"/tenancy/tenants/{tenant['id']}/delete/",
        f"/tenancy/tenant-groups/{group['id']}/",
        "/",
    ]
    for path in pages:
        page.goto(path)
        assert page.evaluate("() => window.__pwned === undefined"), f"script ran on {path}"
    page.goto(f"/tenancy/tenants/{tenant['id']}/")
    assert page.locator("h1").inner_text() == tenant["name"]  # shown as the text it is
    link = page.locator(".nk-markdown a")
    assert link.count() == 0 or not (link.first.get_attribute("href") or "").startswith("javascript:")
    assert not dialogs


def test_pages_run_under_the_content_security_policy(page: Any, live_netkeel: LiveNetkeel) -> None:
    """Every kind of page works with scripts from netkeel only: the shell, a list, the Swagger UI (its script
    served apart) and the browsable API — no policy violation in the console, and the pages do their work."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    for path in ("/", "/tenancy/tenants/", "/api/tenancy/tenants/"):
        response = page.goto(f"{live_netkeel.url}{path}")
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        assert response.headers["cache-control"] == "private, no-store", path
    page.goto(f"{live_netkeel.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=STEP_TIMEOUT_MS)  # the UI loaded the schema and drew it
    assert [text for text in messages if "Content Security Policy" in text] == []
