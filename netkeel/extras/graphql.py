"""Custom fields in GraphQL: each model's type has `cf_<key>` for its custom fields (read once a request,
so the schema is rebuilt when they change)."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from netkeel.core.graphql import hooks


def custom_field_keys() -> dict[type[models.Model], list[str]]:
    from netkeel.extras.models import CustomField

    keys: dict[type[models.Model], list[str]] = {}
    rows = CustomField.objects.values_list("key", "content_types__app_label", "content_types__model")
    for key, app_label, model_name in rows:
        if app_label is None:
            continue
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        keys.setdefault(model, []).append(key)
    return keys


def register() -> None:
    hooks.custom_field_keys(custom_field_keys)
