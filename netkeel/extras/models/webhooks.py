"""Webhooks: an HTTP request sent by the worker after an object of chosen kinds is created, updated or
deleted. The body is a sandboxed Jinja2 template over the event's data; a secret signs it."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.extras.choices import WebhookHttpMethodChoices


class Webhook(BaseModel):
    name = models.CharField(max_length=150, unique=True)
    content_types = models.ManyToManyField(ContentType, related_name="webhooks")
    enabled = models.BooleanField(default=True)
    type_create = models.BooleanField(default=False)
    type_update = models.BooleanField(default=False)
    type_delete = models.BooleanField(default=False)
    payload_url = models.CharField(max_length=500, help_text="Where to send it; a Jinja2 template over the event.")
    http_method = models.CharField(max_length=30, choices=WebhookHttpMethodChoices.flat(), default="POST")
    http_content_type = models.CharField(max_length=100, default="application/json")
    additional_headers = models.TextField(blank=True, help_text="`Name: value` per line; a Jinja2 template.")
    body_template = models.TextField(blank=True, help_text="A Jinja2 template; empty sends the event as JSON.")
    secret = models.CharField(max_length=255, blank=True, help_text="Signs the body: X-Hook-Signature (HMAC-SHA512).")
    ssl_verification = models.BooleanField(default=True)
    ca_file_path = models.CharField(max_length=4096, blank=True)

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
