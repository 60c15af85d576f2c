"""The shell of the web UI: sign-in everywhere, the menu by permission, the home page, API tokens, the
theme, the option search of large selects, and the safety helpers (return URLs, Markdown)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from netkeel.core.testing.ui import PAYLOAD, assert_escaped, make_user, post_forms_have_csrf, signed_in
from netkeel.core.ui.render import markdown
from netkeel.core.ui.views.base import safe_return_url
from netkeel.tenancy.models import Tenant, TenantGroup

pytestmark = pytest.mark.django_db


def ui_routes() -> list[str]:
    """Every page route outside /api/, /health/, /login/ and /static/, with a made-up id."""
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith("api/"):
                    walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append(
                    "/"
                    + route.replace("<uuid:pk>", str(uuid.uuid4()))
                    .replace("<int:pk>", "7")
                    .replace("<str:object_type>", "tenancy.tenant")
                )

    walk(get_resolver().url_patterns, "")
    return [route for route in found if route not in ("/health/", "/login/", "/logout/", "/favicon.ico")]


def test_every_page_but_login_and_health_sends_anonymous_users_to_login() -> None:
    routes = ui_routes()
    assert "/tenancy/tenants/" in routes and "/user/api-tokens/" in routes and "/" in routes
    client = Client()
    for route in routes:
        response = client.get(route)
        assert response.status_code == 302 and response["Location"].startswith("/login/?next="), route
    assert client.get("/login/").status_code == 200
    icon = client.get("/favicon.ico")  # browsers ask for it before anyone signs in
    assert icon.status_code == 301 and icon["Location"].endswith(".svg")
    assert 'rel="icon"' in client.get("/login/").content.decode()


def test_login_page_keeps_the_password_field_and_logout_is_a_post() -> None:
    html = Client().get("/login/").content.decode()
    assert 'name="password"' in html and "csrfmiddlewaretoken" in html
    client = signed_in(make_user("leaver"))
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_menu_shows_what_the_user_may_view() -> None:
    admin = signed_in(make_user("menu-admin", superuser=True)).get("/").content.decode()
    assert 'href="/tenancy/tenants/"' in admin and 'href="/extras/statuses/"' in admin
    assert 'href="/tenancy/tenants/add/"' in admin
    reader = signed_in(make_user("menu-reader", perms=("tenancy.view_tenant",))).get("/").content.decode()
    assert 'href="/tenancy/tenants/"' in reader
    assert 'href="/tenancy/tenants/add/"' not in reader and "/extras/statuses/" not in reader
    assert "/tenancy/tenant-groups/" not in reader


def test_home_counts_objects_once_per_kind_and_caches_them() -> None:
    cache.clear()
    TenantGroup.objects.create(name="g")
    for index in range(3):
        Tenant.objects.create(name=f"t{index}")
    client = signed_in(make_user("counter", superuser=True))
    client.get("/")
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        response = client.get("/")
    counts = {item.label: item.count for group in response.context["count_groups"] for item in group.counts}
    assert counts["Tenants"] == 3 and counts["Tenant groups"] == 1
    with CaptureQueriesContext(connection) as second:
        client.get("/")
    assert len(second) <= len(first) - len(counts)


def test_home_lists_recent_changes_to_those_who_may_see_them() -> None:
    change_model = apps.get_model("extras", "ObjectChange")
    tenant = Tenant.objects.create(name="changed")
    change_model.objects.create(
        time=tenant.created, user_name="alice", action="update", object_repr=PAYLOAD,
        changed_object_type=ContentType.objects.get_for_model(Tenant), changed_object_id=tenant.pk,
    )  # fmt: skip
    html = signed_in(make_user("watcher", superuser=True)).get("/").content.decode()
    assert f'href="/tenancy/tenants/{tenant.pk}/"' in html and "alice" in html
    assert_escaped(html, "home")
    reader = signed_in(make_user("no-log", perms=("tenancy.view_tenant",))).get("/")
    assert reader.context["changes"] is None and "alice" not in reader.content.decode()


def test_api_tokens_are_made_shown_once_listed_masked_and_revoked() -> None:
    user = make_user("tokener")
    client = signed_in(user, enforce_csrf_checks=False)
    page = client.get("/user/api-tokens/")
    assert page.status_code == 200 and post_forms_have_csrf(page.content.decode())
    made = client.post("/user/api-tokens/", {"action": "create", "description": "ci", "write_enabled": "on"})
    assert made.status_code == 201
    token = apps.get_model("users", "Token").objects.get(user=user)
    assert token.key in made.content.decode() and token.write_enabled and token.description == "ci"
    listed = client.get("/user/api-tokens/").content.decode()
    assert token.key not in listed and token.key[-4:] in listed
    other = apps.get_model("users", "Token").objects.create(user=make_user("someone-else"))
    assert client.post("/user/api-tokens/", {"action": "revoke", "token": str(other.pk)}).status_code == 404
    assert client.post("/user/api-tokens/", {"action": "revoke", "token": str(token.pk)}).status_code == 302
    assert not apps.get_model("users", "Token").objects.filter(pk=token.pk).exists()
    read_only = client.post("/user/api-tokens/", {"action": "create", "description": "reader"})
    assert read_only.status_code == 201
    assert not apps.get_model("users", "Token").objects.get(user=user, description="reader").write_enabled


def test_the_api_token_page_refuses_a_post_without_csrf() -> None:
    client = signed_in(make_user("csrf-tokener"), enforce_csrf_checks=True)
    assert client.post("/user/api-tokens/", {"action": "create"}).status_code == 403


def test_the_theme_is_remembered_on_the_user_and_in_a_cookie() -> None:
    user = make_user("night")
    client = signed_in(user)
    assert 'data-bs-theme="light"' in client.get("/").content.decode()
    response = client.post("/user/theme/", {"theme": "dark", "return_url": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["netkeel_theme"].value == "dark"
    user.refresh_from_db()
    assert user.config_data["ui"]["theme"] == "dark"
    assert 'data-bs-theme="dark"' in client.get("/").content.decode()
    assert 'data-bs-theme="dark"' in signed_in(user).get("/").content.decode()  # another browser


def test_options_of_a_large_select_need_view_permission_and_escape_names() -> None:
    group = TenantGroup.objects.create(name=PAYLOAD)
    TenantGroup.objects.create(name="other")
    url = reverse("ui-options", kwargs={"object_type": "tenancy.tenantgroup"})
    assert signed_in(make_user("blind")).get(url, {"_search": "x"}).status_code == 403
    client = signed_in(make_user("seer", perms=("tenancy.view_tenantgroup",)))
    response = client.get(url, {"_search": "script", "field": "tenant_group", "tenant_group": "not-a-uuid"})
    html = response.content.decode()
    assert response.status_code == 200 and str(group.pk) in html and "other" not in html
    assert_escaped(html, "options")
    assert client.get(reverse("ui-options", kwargs={"object_type": "no.such"})).status_code == 404


def test_a_large_related_table_renders_a_search_box_with_only_the_chosen_option(monkeypatch: Any) -> None:
    from netkeel.core.ui import forms

    monkeypatch.setattr(forms, "SELECT_INLINE_LIMIT", 1)
    chosen = TenantGroup.objects.create(name="chosen-group")
    TenantGroup.objects.create(name="unchosen-group")
    tenant = Tenant.objects.create(name="t", tenant_group=chosen)
    html = signed_in(make_user("big", superuser=True)).get(f"/tenancy/tenants/{tenant.pk}/edit/").content.decode()
    assert 'hx-get="/ui/options/tenancy.tenantgroup/' in html
    assert "chosen-group" in html and "unchosen-group" not in html


def test_permission_denied_renders_the_page_with_a_sentence() -> None:
    response = signed_in(make_user("stranger")).get("/tenancy/tenants/")
    assert response.status_code == 403
    assert "tenancy.view_tenant" in response.content.decode()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/tenancy/tenants/?q=a", "/tenancy/tenants/?q=a"),
        ("//evil.example/", "/fallback/"),
        ("https://evil.example/", "/fallback/"),
        ("/\\evil.example/", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_return_urls_are_local_paths_only(given: str, expected: str) -> None:
    request = RequestFactory().get("/", {"return_url": given})
    assert safe_return_url(request, "/fallback/") == expected


def test_markdown_is_sanitized() -> None:
    html = markdown("# T\n\n<script>alert(1)</script>[x](javascript:alert(1)) <img src=x onerror=alert(1)> *ok*")
    assert "<h1>T</h1>" in html and "<em>ok</em>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_vendored_assets_are_served() -> None:
    client = Client()
    for path in (
        "/static/netkeel/vendor/bootstrap/bootstrap.min.css",
        "/static/netkeel/vendor/bootstrap/bootstrap.bundle.min.js",
        "/static/netkeel/vendor/htmx/htmx.min.js",
        "/static/netkeel/vendor/bootstrap-icons/bootstrap-icons.min.css",
        "/static/netkeel/netkeel.js",
    ):
        assert client.get(path).status_code == 200, path


def test_csv_import_page_shows_each_bad_row_with_its_line() -> None:
    pytest.importorskip("netkeel.extras.csv_io")
    client = signed_in(make_user("importer", superuser=True))
    page = client.get("/tenancy/tenants/import/")
    assert page.status_code == 200 and post_forms_have_csrf(page.content.decode())
    text = f"name,tenant_group\ngood,\n{PAYLOAD},no-such-group\n"
    response = client.post("/tenancy/tenants/import/", {"csv": text})
    html = response.content.decode()
    assert response.status_code == 400 and "Nothing was imported" in html
    problems = response.context["outcome"].problems
    assert [(p.line, p.field) for p in problems] == [(3, "tenant_group")]
    assert_escaped(html, "import errors")
    assert not Tenant.objects.exists()
    ok = client.post("/tenancy/tenants/import/", {"csv": "name,description\nalpha,first\nbeta,second\n"})
    assert ok.status_code == 302 and Tenant.objects.count() == 2


def test_a_long_csv_file_is_imported_by_the_job(monkeypatch: Any, django_capture_on_commit_callbacks: Any) -> None:
    pytest.importorskip("netkeel.extras.csv_io.jobs")
    from netkeel.extras.ui import importer

    monkeypatch.setattr(importer, "INLINE_LINES", 1)
    client = signed_in(make_user("bulk-importer", superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tenancy/tenants/import/", {"csv": "name\nfrom-job-1\nfrom-job-2\n"})
    assert response.status_code == 302 and response["Location"].startswith("/api/extras/job-results/")
    assert set(Tenant.objects.values_list("name", flat=True)) == {"from-job-1", "from-job-2"}
    run = apps.get_model("extras", "JobResult").objects.get()
    assert run.user.username == "bulk-importer" and run.status == "SUCCESS", run.status
