"""/api/extras/webhooks/: the endpoint contract, the write-only secret, and templates and URLs checked on
save (a 400 on the field)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from netkeel.core.testing.api import APIClient, APIEndpointTests
from netkeel.extras.models import Webhook

pytestmark = pytest.mark.django_db


def _webhook(index: int, **fields: Any) -> Webhook:
    webhook = Webhook.objects.create(
        name=f"hook-{index}",
        payload_url=f"https://hooks{index}.example.com/in",
        type_create=True,
        type_update=index != 1,
        http_method="PUT" if index == 2 else "POST",
        enabled=index != 2,
        secret=f"secret-{index}",
        **fields,
    )
    labels = ["dcim.device"] if index != 1 else ["dcim.interface", "tenancy.tenant"]
    for label in labels:
        webhook.content_types.add(ContentType.objects.get_by_natural_key(*label.split(".")))
    return webhook


class TestWebhooks(APIEndpointTests):
    endpoint = "/api/extras/webhooks/"
    model = Webhook
    update_payload = {"enabled": False, "body_template": '{"name": {{ data.name | tojson }}}'}
    bad_payloads = [
        (
            {"name": "x", "content_types": ["dcim.device"], "type_create": True, "payload_url": "ftp://x/"},
            "payload_url",
        ),
        (
            {"name": "x", "content_types": ["dcim.device"], "type_create": True, "payload_url": "https://u:p@x/"},
            "payload_url",
        ),
        (
            {"name": "x", "content_types": ["dcim.device"], "type_create": True, "payload_url": "https://x/{{ a"},
            "payload_url",
        ),
        (
            {
                "name": "x",
                "content_types": ["dcim.device"],
                "type_create": True,
                "payload_url": "https://x/",
                "body_template": "{% if data %}",
            },
            "body_template",
        ),
        (
            {
                "name": "x",
                "content_types": ["dcim.device"],
                "type_create": True,
                "payload_url": "https://x/",
                "additional_headers": "Host: evil.example.com",
            },
            "additional_headers",
        ),
        ({"name": "x", "content_types": ["dcim.device"], "payload_url": "https://x/"}, "type_create"),
        (
            {"name": "x", "content_types": ["dcim.nothing"], "type_create": True, "payload_url": "https://x/"},
            "content_types",
        ),
        ({"name": "x", "type_create": True, "payload_url": "https://x/"}, "content_types"),
        (
            {
                "name": "x",
                "content_types": ["dcim.device"],
                "type_create": True,
                "payload_url": "https://x/",
                "http_method": "BREW",
            },
            "http_method",
        ),
    ]
    filter_cases = [
        ("name", "hook-1", 1),
        ("name__ic", "HOOK", 3),
        ("enabled", "false", 1),
        ("type_update", "true", 2),
        ("type_create", "true", 3),
        ("type_delete", "true", 0),
        ("content_types", "dcim.device", 2),
        ("content_types", "tenancy.tenant", 1),
        ("content_types__n", "dcim.device", 1),
        ("payload_url__ic", "hooks2.example", 1),
        ("http_method", "PUT", 1),
        ("q", "hooks0", 1),
    ]

    def make(self, index: int) -> Any:
        return _webhook(index)

    def create_payloads(self) -> list[dict[str, Any]]:
        return [
            {
                "name": "new-1",
                "content_types": ["dcim.device"],
                "type_create": True,
                "payload_url": "https://hooks.example.com/devices",
                "secret": "abc",
            },
            {
                "name": "new-2",
                "content_types": ["dcim.interface", "tenancy.tenant"],
                "type_delete": True,
                "payload_url": "https://{{ model }}.hooks.example.com/",
                "additional_headers": "X-Event: {{ event }}\nX-Static: 1",
                "body_template": "{{ data | tojson }}",
            },
            {
                "name": "new-3",
                "content_types": ["dcim.device"],
                "type_update": True,
                "payload_url": "http://10.1.2.3:8080/in",
                "http_method": "PATCH",
                "ssl_verification": False,
            },
        ]


def test_the_secret_is_written_but_never_read(api: APIClient) -> None:
    payload = {
        "name": "signed",
        "content_types": ["dcim.device"],
        "type_create": True,
        "payload_url": "https://hooks.example.com/",
        "secret": "top-secret",
    }
    response = api.send("POST", "/api/extras/webhooks/", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert "secret" not in body and "top-secret" not in response.content.decode()
    assert body["content_types"] == ["dcim.device"]
    assert Webhook.objects.get(name="signed").secret == "top-secret"
    detail = api.send("GET", f"/api/extras/webhooks/{body['id']}/")
    assert "secret" not in detail.json() and "top-secret" not in detail.content.decode()
    listing = api.send("GET", "/api/extras/webhooks/?depth=1")
    assert "top-secret" not in listing.content.decode()
    # A PATCH without the secret keeps it; one with it replaces it.
    assert api.send("PATCH", f"/api/extras/webhooks/{body['id']}/", {"enabled": False}).status_code == 200
    assert Webhook.objects.get(name="signed").secret == "top-secret"
    assert api.send("PATCH", f"/api/extras/webhooks/{body['id']}/", {"secret": "new"}).status_code == 200
    assert Webhook.objects.get(name="signed").secret == "new"
    options = api.send("OPTIONS", "/api/extras/webhooks/").json()["actions"]["POST"]
    assert options["secret"]["type"] == "string"  # offered for writing


def test_template_errors_name_the_field_and_line(api: APIClient) -> None:
    payload = {
        "name": "broken",
        "content_types": ["dcim.device"],
        "type_create": True,
        "payload_url": "https://hooks.example.com/",
        "body_template": '{\n  "name": {{ data.name }\n}',
    }
    response = api.send("POST", "/api/extras/webhooks/", payload)
    assert response.status_code == 400
    [message] = response.json()["body_template"]
    assert message.startswith("Template syntax error on line 2")
    assert not Webhook.objects.filter(name="broken").exists()


def test_a_templated_url_must_still_name_its_scheme(api: APIClient) -> None:
    payload = {"name": "t", "content_types": ["dcim.device"], "type_create": True, "payload_url": "{{ data.url }}"}
    response = api.send("POST", "/api/extras/webhooks/", payload)
    assert response.status_code == 400
    assert response.json()["payload_url"] == ["A templated URL must still start with http:// or https://."]


def test_a_patch_that_clears_every_event_type_is_refused(api: APIClient) -> None:
    webhook = _webhook(0)
    response = api.send("PATCH", f"/api/extras/webhooks/{webhook.pk}/", {"type_create": False, "type_update": False})
    assert response.status_code == 400 and "type_create" in response.json()
    webhook.refresh_from_db()
    assert webhook.type_create is True
