"""GraphiQL and the saved-query page in a real browser: headless Chromium against a live gunicorn.

The GraphiQL page mounts from the shipped assets, sends a query to /api/graphql/ with the session and its
CSRF token, and shows the answer; a saved query's Run button does the same through `…/<id>/run/`.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from netkeel.core.testing.browser import BROWSER_TESTS, LiveAPI
from netkeel.core.testing.live import LiveNetkeel

pytestmark = BROWSER_TESTS


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_graphiql_runs_a_query_and_shows_the_answer(page: Any, live_api: LiveAPI, live_netkeel: LiveNetkeel) -> None:
    tenant = unique("tenant")
    live_api.post("/api/tenancy/tenants/", {"name": tenant})
    outside: list[str] = []
    page.on(
        "request", lambda request: None if request.url.startswith(live_netkeel.url) else outside.append(request.url)
    )
    page.goto("/graphql/")
    page.wait_for_selector(".graphiql-query-editor .CodeMirror")
    query = f'{{ tenants(name: "{tenant}") {{ name }} }}'
    page.evaluate(
        "query => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(query)", query
    )
    page.locator(".graphiql-execute-button").click()
    page.wait_for_function(
        "name => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue().includes(name)",
        arg=tenant,
    )
    answer = page.evaluate("() => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()")
    assert json.loads(answer) == {"data": {"tenants": [{"name": tenant}]}}
    assert outside == []  # no CDN, no font host: everything came from netkeel


def test_a_saved_query_runs_from_its_page_with_edited_variables(page: Any, live_api: LiveAPI) -> None:
    first, second = unique("tenant"), unique("tenant")
    for name in (first, second):
        live_api.post("/api/tenancy/tenants/", {"name": name})
    saved = live_api.post(
        "/api/extras/graphql-queries/",
        {
            "name": unique("query"),
            "query": f'query ($name: [String] = ["{first}"]) {{ tenants(name: $name) {{ name }} }}',
        },
    )
    page.goto(f"/extras/graphql-queries/{saved['id']}/")
    result = page.locator("#nk-run-query-result")
    page.get_by_role("button", name="Run").click()
    page.wait_for_function("() => document.getElementById('nk-run-query-result').dataset.status === '200'")
    assert json.loads(result.inner_text()) == {"data": {"tenants": [{"name": first}]}}
    page.fill("#nk-run-query-variables", json.dumps({"name": [second]}))
    page.get_by_role("button", name="Run").click()
    page.wait_for_function(f"() => document.getElementById('nk-run-query-result').textContent.includes('{second}')")
    assert json.loads(result.inner_text()) == {"data": {"tenants": [{"name": second}]}}
