"""The link between graph kinds (`"dcim.interface"`) and models, content types and instances."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from netkeel.dcim.cabling.graph import ENDPOINT_KINDS, PASS_THROUGH_KINDS, Ref

TERMINATION_KINDS: tuple[str, ...] = tuple(sorted(ENDPOINT_KINDS | PASS_THROUGH_KINDS))


def kind_of(obj: models.Model | type[models.Model]) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def ref_of(obj: models.Model) -> Ref:
    return Ref(kind_of(obj), obj.pk)


def model_of(kind: str) -> type[models.Model] | None:
    """The model of a kind, or None while its app (circuits, say) is not installed."""
    app_label, model_name = kind.split(".")
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def installed_termination_models() -> dict[str, type[models.Model]]:
    found = {kind: model_of(kind) for kind in TERMINATION_KINDS}
    return {kind: model for kind, model in found.items() if model is not None}


def content_type_id(kind: str) -> int:
    app_label, model_name = kind.split(".")
    return int(ContentType.objects.get_by_natural_key(app_label, model_name).pk)


@cache
def _kind_of_content_type(content_type_id: int) -> str:
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def kind_of_content_type(content_type_id: int) -> str:
    return _kind_of_content_type(content_type_id)


def instances(refs: list[Ref]) -> dict[Ref, Any]:
    """Load the objects behind refs, one query per kind."""
    by_kind: dict[str, list[Any]] = {}
    for ref in refs:
        by_kind.setdefault(ref.kind, []).append(ref.id)
    loaded: dict[Ref, Any] = {}
    for kind, ids in by_kind.items():
        model = model_of(kind)
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            loaded[Ref(kind, obj.pk)] = obj
    return loaded
