"""Webhook pages: the shared page contract (list, detail, add, edit, delete, bulk, import, permissions,
constrained users, CSRF, XSS), the serializer's checks as form errors, and a signing secret that is set on
the form and never shown on any page, column or export."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from netkeel.core.testing.ui import UIModelTests, make_user, signed_in
from netkeel.extras.models import Webhook

pytestmark = pytest.mark.django_db

SECRET = "never-on-a-page-0451"


def device_type_id() -> str:
    return str(ContentType.objects.get_by_natural_key("dcim", "device").pk)


class TestWebhookPages(UIModelTests):
    model = Webhook
    edit_data = {"payload_url": "https://changed.example.com/in"}
    bulk_edit_data = {"http_method": "PUT"}
    bad_form_data = [
        ({"name": ""}, "name"),
        ({"payload_url": "ftp://hooks.example.com/"}, "payload_url"),
        ({"payload_url": "https://user:pw@hooks.example.com/"}, "payload_url"),
        ({"body_template": "{% if data %}"}, "body_template"),
        ({"additional_headers": "Host: evil.example.com"}, "additional_headers"),
        ({"type_create": ""}, "type_create"),
    ]
    filter_cases = [("q", "hook-1", 1), ("name", "hook-2", 1)]
    xss_fields = ("name",)

    def make(self, index: int) -> Any:
        webhook = Webhook.objects.create(
            name=f"hook-{index}",
            payload_url=f"https://hooks{index}.example.com/in",
            type_create=True,
            secret=SECRET,
        )
        webhook.content_types.add(ContentType.objects.get_by_natural_key("dcim", "device"))
        return webhook

    def form_data(self) -> dict[str, Any]:
        return {
            "name": "new hook",
            "content_types": [device_type_id()],
            "enabled": "on",
            "type_create": "on",
            "payload_url": "https://hooks.example.com/{{ model }}",
            "http_method": "POST",
            "http_content_type": "application/json",
            "ssl_verification": "on",
        }


@pytest.fixture
def admin(db: Any) -> Client:
    return signed_in(make_user("admin", superuser=True))


def test_the_secret_is_set_on_the_form_kept_when_left_empty_and_never_shown(admin: Client) -> None:
    form = {**TestWebhookPages().form_data(), "secret": SECRET}
    response = admin.post("/extras/webhooks/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    webhook = Webhook.objects.get(name="new hook")
    assert webhook.secret == SECRET

    edited = admin.post(f"/extras/webhooks/{webhook.pk}/edit/", {**form, "secret": "", "name": "renamed"})
    assert edited.status_code == 302
    webhook.refresh_from_db()
    assert (webhook.name, webhook.secret) == ("renamed", SECRET)

    every_column = "&".join(
        f"columns={name}"
        for name in ("name", "content_types", "enabled", "payload_url", "http_method", "ssl_verification", "secret")
    )
    for url in (
        f"/extras/webhooks/{webhook.pk}/",
        f"/extras/webhooks/{webhook.pk}/edit/",
        f"/extras/webhooks/?{every_column}",
        "/api/extras/webhooks/?format=csv",
    ):
        page = admin.get(url)
        body = b"".join(page.streaming_content) if page.streaming else page.content  # type: ignore[attr-defined]
        assert page.status_code == 200, (url, page.status_code)
        assert SECRET.encode() not in body, url


def test_a_template_error_is_a_form_error_and_nothing_is_written(admin: Client) -> None:
    form = {**TestWebhookPages().form_data(), "body_template": "{{ data.name "}
    response = admin.post("/extras/webhooks/add/", form)
    assert response.status_code == 400
    assert "body_template" in response.context["form"].errors
    assert not Webhook.objects.exists()


def test_the_pages_are_in_the_menu_only_for_who_may_view_webhooks(db: Any) -> None:
    reader = make_user("reader", perms=("extras.view_webhook",))
    other = make_user("other")
    assert "/extras/webhooks/" in signed_in(reader).get("/").content.decode()
    assert "/extras/webhooks/" not in signed_in(other).get("/").content.decode()
    assert signed_in(other).get("/extras/webhooks/").status_code == 403
