"""Hooks through which an app above core extends every endpoint, since core may not import it.

Custom fields (defined in extras) are read, written and filtered on every model's endpoint: extras
registers a `CustomFieldsProvider` from its AppConfig.ready(), and the serializer and filter set base
classes ask it. With no provider registered, `custom_fields` reads as `{}` and offers no filters.

Objects inserted in bulk (a list POSTed to an endpoint without a service) send no model signals; whatever
must hear of every new object (extras: the change log, and through it webhooks) registers a receiver with
`register_bulk_created`, and the writer calls `objects_bulk_created(objects)` right after the INSERT.

What the API serializer has already checked, a service need not check again: it hands custom field values
as `CheckedCustomFields` (the provider's `clean` result, merged, to be stored as they are) and tags as
`CheckedTags` (each offered on the model).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from django.db import models

# The JSON column every netkeel model keeps its custom field values in (core.BaseModel).
CUSTOM_FIELD_DATA = "custom_field_data"


class CustomFieldsProvider(Protocol):
    def render(self, obj: models.Model, context: Mapping[str, Any]) -> dict[str, Any]:
        """`custom_fields` of `obj`: every field that applies to its model, null when unset. `context` is
        the serializer's (its request caches the field definitions, so a page costs no query per row)."""
        ...

    def clean(
        self, model: type[models.Model], instance: models.Model | None, value: Any, context: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The `custom_field_data` to store when a client writes `custom_fields: value` (None: not given)
        on a new object (`instance` None, defaults applied) or an existing one (keys merged). Raises
        rest_framework's ValidationError as `{"custom_fields": {key: [message]}}`."""
        ...

    def filters(self, model: type[models.Model], request: Any) -> dict[str, Any]:
        """django-filter filters (`cf_<key>`, …) for the model's filterable custom fields."""
        ...

    def fingerprint(self) -> tuple[Any, ...]:
        """What `filters` depends on, for every model at once (one query): equal fingerprints, equal filters."""
        ...


_provider: CustomFieldsProvider | None = None


def register_custom_fields_provider(provider: CustomFieldsProvider | None) -> None:
    """Set (or, with None, remove) the provider; extras calls it once from its AppConfig.ready()."""
    global _provider
    _provider = provider


def custom_fields_provider() -> CustomFieldsProvider | None:
    return _provider


@functools.cache
def has_custom_fields(model: type[models.Model]) -> bool:
    """Whether objects of `model` store custom field values (users, tokens and content types do not)."""
    return any(field.name == CUSTOM_FIELD_DATA for field in model._meta.concrete_fields)


def custom_field_filters(model: type[models.Model] | None, request: Any) -> dict[str, Any]:
    if _provider is None or model is None or not has_custom_fields(model):
        return {}
    return _provider.filters(model, request)


def custom_fields_fingerprint() -> tuple[Any, ...]:
    """Changes whenever a custom field filter is added, changed or removed (the OpenAPI schema is cached by it)."""
    return () if _provider is None else _provider.fingerprint()


class CheckedCustomFields(dict[str, Any]):
    """The whole `custom_field_data` of an object as the provider's `clean` made it (checked, defaults
    applied, merged with what the object held): a service stores it as it is."""


class CheckedTags(list[Any]):
    """Tags already checked to be offered on the object's model: a service sets them as they are."""


BulkCreatedReceiver = Callable[[Sequence[models.Model]], object]
_bulk_created: list[BulkCreatedReceiver] = []


def register_bulk_created(receiver: BulkCreatedReceiver) -> None:
    """Have `receiver` called with the objects of every bulk insert that announces them (once per receiver)."""
    if receiver not in _bulk_created:
        _bulk_created.append(receiver)


def objects_bulk_created(objects: Iterable[models.Model]) -> None:
    """Announce objects just inserted with `bulk_create`, in the inserting transaction."""
    created = list(objects)
    if created:
        for receiver in list(_bulk_created):
            receiver(created)
