"""What an object looks like in the change log: a JSON snapshot of its columns.

Each column is keyed by field name; foreign keys are ids, choices their values, dates ISO text, binary
columns hex, JSON columns themselves. Secrets (a password hash, a token key, a webhook secret) are shown
as a fingerprint keyed with SECRET_KEY, so that a change of one is seen but its value is not. Models
whose columns are not readable as text add their text properties (an IP address's `address`, a
prefix's `prefix`). Objects with tags carry their tag ids, sorted. Building a snapshot reads only the
object's own attributes: no query per object.

Which models are recorded, and the object a change belongs to in people's eyes (an interface's device),
are declared here for the apps below; a model may also declare `changelog_related_object` (a foreign
key's name, or a (content type, id) pair of attribute names) and `changelog_text_properties` itself.
"""

from __future__ import annotations

import decimal
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.crypto import salted_hmac

from netkeel.core.models import BaseModel
from netkeel.core.models.ordering import is_private

# Not recorded: the log itself, job bookkeeping, derived cable paths and the installation record.
UNRECORDED = frozenset(
    {
        "extras.objectchange",
        "extras.jobresult",
        "extras.joblogentry",
        "dcim.cablepath",
        "dcim.cablepathnode",
        "core.installation",
    }
)
# Recorded although not netkeel BaseModels.
ALSO_RECORDED = frozenset({"users.user", "users.token"})
# Written into a snapshot only as a keyed fingerprint.
SECRET_FIELDS: dict[str, frozenset[str]] = {
    "users.user": frozenset({"password"}),
    "users.token": frozenset({"key"}),
    "extras.webhook": frozenset({"secret"}),
}
# Columns that change on their own (a login) or are a person's preferences (theme, columns, page size),
# and never make a change worth recording by themselves.
IGNORED_FIELDS: dict[str, frozenset[str]] = {
    "users.user": frozenset({"last_login", "config_data"}),
    "users.token": frozenset({"last_used"}),
}
ALWAYS_IGNORED = frozenset({"last_updated"})

_COMPONENT = "device"
RELATED_OBJECT: dict[str, str | tuple[str, str]] = {
    **{
        f"dcim.{name}": _COMPONENT
        for name in (
            "consoleport",
            "consoleserverport",
            "powerport",
            "poweroutlet",
            "interface",
            "rearport",
            "frontport",
            "devicebay",
            "inventoryitem",
        )
    },
    **{
        f"dcim.{name}template": "device_type"
        for name in (
            "consoleport",
            "consoleserverport",
            "powerport",
            "poweroutlet",
            "interface",
            "rearport",
            "frontport",
            "devicebay",
        )
    },
    "dcim.rackreservation": "rack",
    "dcim.powerfeed": "power_panel",
    "circuits.circuittermination": "circuit",
    "ipam.ipaddresstointerface": "interface",
    "extras.customfieldchoice": "custom_field",
    "extras.note": ("assigned_object_type_id", "assigned_object_id"),
    "users.token": "user",
}
TEXT_PROPERTIES: dict[str, tuple[str, ...]] = {
    "ipam.ipaddress": ("address",),
    "ipam.prefix": ("prefix",),
}

_encoder = DjangoJSONEncoder()


def json_safe(value: Any) -> Any:
    """`value` as JSON holds it (DjangoJSONEncoder's text for dates, decimals and UUIDs)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(item) for item in value]
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    try:
        return _encoder.default(value)
    except TypeError:
        return str(value)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    return json_safe(value)


def fingerprint(value: Any) -> Any:
    """A secret as a snapshot shows it: empty stays empty, anything else a short keyed digest."""
    if value in (None, ""):
        return value
    return "hmac:" + salted_hmac("netkeel.changelog.secret", str(value)).hexdigest()[:16]


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """How one column's value becomes JSON, normalising what a client may assign (text for a date)."""
    if isinstance(field, models.JSONField):
        return json_safe
    if isinstance(field, models.DecimalField):
        places = decimal.Decimal(1).scaleb(-(field.decimal_places or 0))

        def as_decimal(value: Any) -> Any:
            if value is None:
                return None
            try:
                return str(decimal.Decimal(str(value)).quantize(places))
            except (decimal.InvalidOperation, ValueError):
                return str(value)

        return as_decimal
    if isinstance(field, models.DateTimeField | models.DateField | models.TimeField):

        def as_time(value: Any) -> Any:
            if isinstance(value, str):
                try:
                    value = field.to_python(value)
                except Exception:  # noqa: BLE001 - a value the model refuses is recorded as given
                    return value
            return _plain(value)

        return as_time
    return _plain


@dataclass(frozen=True)
class ModelSpec:
    """How one recorded model is snapshotted."""

    model: type[models.Model]
    columns: tuple[tuple[str, str, Callable[[Any], Any]], ...]  # (key, attname, to JSON)
    attnames: frozenset[str]
    ignored: frozenset[str]  # snapshot keys a change of which alone is not recorded
    text_properties: tuple[str, ...]
    tags: Any  # the `tags` many-to-many field, or None
    related: str | tuple[str, str] | None

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)

    def from_values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The snapshot of an object whose columns held `values` (by attname)."""
        data = {key: convert(values.get(attname)) for key, attname, convert in self.columns}
        if self.text_properties:
            shadow = self.model.__new__(self.model)
            shadow.__dict__.update(values)
            data.update(self._properties(shadow))
        return data

    def of(self, instance: models.Model) -> dict[str, Any]:
        """The snapshot of `instance` as it is in memory."""
        state = instance.__dict__
        data = {key: convert(state.get(attname)) for key, attname, convert in self.columns}
        if self.text_properties:
            data.update(self._properties(instance))
        return data

    def _properties(self, instance: Any) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name in self.text_properties:
            try:
                found[name] = _plain(getattr(instance, name))
            except Exception:  # noqa: BLE001 - a property that cannot be read from bare columns is left empty
                found[name] = None
        return found

    def differs(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
        return any(before.get(key) != value for key, value in after.items() if key not in self.ignored)

    def related_object(self, instance: models.Model) -> tuple[int | None, Any]:
        """(content type id, object id) of the object this one belongs to, from its own columns."""
        if self.related is None:
            return None, None
        if isinstance(self.related, tuple):
            type_attname, id_attname = self.related
            return getattr(instance, type_attname, None), getattr(instance, id_attname, None)
        attname, type_id = self._related_column
        related_id = getattr(instance, attname, None)
        if related_id is None or type_id is None:
            return None, None
        return type_id, related_id

    @cached_property
    def _related_column(self) -> tuple[str, int | None]:
        """(attname, content type id of the model it points at) of the `related` foreign key: worked out once."""
        field: Any = self.model._meta.get_field(str(self.related))
        if field.related_model is None or isinstance(field.related_model, str):
            return field.attname, None
        return field.attname, ContentType.objects.get_for_model(field.related_model).pk


def object_repr(instance: models.Model) -> str:
    try:
        text = str(instance)
    except Exception:  # noqa: BLE001 - a display that needs a row already deleted falls back to the id
        text = f"{instance._meta.verbose_name} {instance.pk}"
    return text[:200]


def label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def is_recorded(model: type[models.Model]) -> bool:
    meta = model._meta
    if meta.abstract or meta.proxy or meta.auto_created:
        return False
    name = label(model)
    if name in UNRECORDED:
        return False
    if not isinstance(meta.pk, models.UUIDField):
        return False  # ObjectChange keeps object ids as UUIDs
    return issubclass(model, BaseModel) or name in ALSO_RECORDED


@cache
def spec_for(model: type[models.Model]) -> ModelSpec | None:
    """The snapshot recipe of `model`, or None when its changes are not recorded."""
    if not is_recorded(model):
        return None
    name = label(model)
    secret = SECRET_FIELDS.get(name, frozenset())
    # Private columns (`_name`, derived from the name for ordering) are not the object's data, as Nautobot
    # leaves them out of its change log; `attnames` still reads every column (a row rebuilt from them).
    columns = tuple(
        (field.name, field.attname, fingerprint if field.name in secret else _converter(field))
        for field in model._meta.concrete_fields
        if not is_private(field)
    )
    tags = next((f for f in model._meta.many_to_many if f.name == "tags"), None)
    related = getattr(model, "changelog_related_object", None) or RELATED_OBJECT.get(name)
    properties = tuple(getattr(model, "changelog_text_properties", ()) or TEXT_PROPERTIES.get(name, ()))
    return ModelSpec(
        model=model,
        columns=columns,
        attnames=frozenset(field.attname for field in model._meta.concrete_fields),
        ignored=ALWAYS_IGNORED | IGNORED_FIELDS.get(name, frozenset()),
        text_properties=properties,
        tags=tags,
        related=related,
    )


def tag_ids(values: Any) -> list[str]:
    return sorted(str(value) for value in values)
