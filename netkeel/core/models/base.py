"""`BaseModel`: a UUID primary key, creation and update times, and a natural key.

The natural key is what people and clients call an object by (`"Active"` for a status, a device and an
interface name for an interface). Subclasses name its fields in `natural_key_field_names`, following
foreign keys with `__`; the manager resolves it back with `get_by_natural_key`.

An object read from the database remembers the values it was read with (`loaded_values`), so that the
change log knows what a save changed without reading the row a second time.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from functools import cache
from typing import Any, ClassVar, Self

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.text import slugify

from netkeel.core.models.ordering import (
    natural_fields,
    natural_update_values,
    refresh_natural_values,
    with_natural_fields,
)

NATURAL_KEY_SEPARATOR = ";"
LOADED_VALUES = "_loaded_values"


def detached(value: Any) -> Any:
    """`value`, with JSON containers copied: changing a dict in place must still show as a change."""
    if isinstance(value, dict):
        return {key: detached(item) for key, item in value.items()}
    if isinstance(value, list):
        return [detached(item) for item in value]
    return value


@cache
def _json_positions(model: type[models.Model]) -> tuple[tuple[int, str], ...]:
    """(position among the concrete fields, attname) of each JSON column."""
    fields = model._meta.concrete_fields
    return tuple((index, f.attname) for index, f in enumerate(fields) if isinstance(f, models.JSONField))


def loaded_values(instance: models.Model) -> dict[str, Any] | None:
    """The column values (by attname) `instance` was last read with or saved with; None when unknown."""
    state = instance.__dict__
    known = state.get(LOADED_VALUES)
    if isinstance(known, tuple):  # as from_db left it: names and values
        known = state[LOADED_VALUES] = dict(zip(*known, strict=True))
    return known


def moved_fields(instance: models.Model, attnames: Iterable[str]) -> list[str]:
    """Those of `attnames` whose value differs from the one `instance` was loaded with: what a model's
    `clean()` checks when a field may not change once saved. Empty for a new or never-read object."""
    known = loaded_values(instance)
    if known is None or instance._state.adding:
        return []
    return [name for name in attnames if name in known and known[name] != instance.__dict__.get(name)]


def remember_loaded_values(instance: models.Model, attnames: Iterable[str] | None = None) -> None:
    """Note the current values of `attnames` (every loaded column when None) as the database's."""
    state = instance.__dict__
    names = [f.attname for f in instance._meta.concrete_fields] if attnames is None else attnames
    current = {name: detached(state[name]) for name in names if name in state}
    known = loaded_values(instance)
    if known is None or attnames is None:
        state[LOADED_VALUES] = current
    else:
        known.update(current)


@cache
def natural_key_relations(model: type[models.Model]) -> tuple[str, ...] | None:
    """The relations a model's natural key walks, as select_related paths (`("device", "device__location")`
    for an interface's `device__name`, `device__location__name`, `name`), so that reading it costs no query;
    None when the key is only the id or walks something that is not a foreign key (it cannot be joined)."""
    names = tuple(getattr(model, "natural_key_field_names", ("id",)))
    if names == ("id",) or not hasattr(model, "natural_key"):
        return None
    paths: list[str] = []
    for name in names:
        current: Any = model
        walked: list[str] = []
        for segment in name.split("__")[:-1]:
            try:
                field = current._meta.get_field(segment)
            except FieldDoesNotExist:
                return None
            if not (field.concrete and field.is_relation and (field.many_to_one or field.one_to_one)):
                return None
            walked.append(segment)
            current = field.related_model
        if walked:
            paths.append("__".join(walked))
    return tuple(dict.fromkeys(paths))


class BaseQuerySet(models.QuerySet[Any]):
    def get_by_natural_key(self, *values: Any) -> Any:
        return self.get(**self.model.natural_key_lookups(values))

    # A change of a naturally ordered name writes its natural column too (netkeel.core.models.ordering).

    def bulk_update(self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None) -> int:
        objs = list(objs)
        return super().bulk_update(objs, refresh_natural_values(objs, fields), batch_size=batch_size)

    def update(self, **kwargs: Any) -> int:
        return super().update(**natural_update_values(self.model, kwargs))


class BaseManager(models.Manager[Any]):
    def get_queryset(self) -> BaseQuerySet:
        return BaseQuerySet(self.model, using=self._db)

    def get_by_natural_key(self, *values: Any) -> Any:
        return self.get_queryset().get_by_natural_key(*values)


class BaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)
    # Values of the site's custom fields (extras.CustomField), by key.
    custom_field_data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    # Notes go with the object they are about. Named, not imported (extras sits above core), and kept on
    # purpose: Django's delete collector then removes the notes of every object a delete takes, cascades
    # included (a device's interfaces), one query per model, sending the delete signals the change log
    # reads. A listener in extras would cost a query per deleted object and be domain work in a signal.
    notes = GenericRelation(
        "extras.Note", content_type_field="assigned_object_type", object_id_field="assigned_object_id"
    )

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("id",)

    objects = BaseManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and natural_fields(type(self)):
            kwargs["update_fields"] = with_natural_fields(type(self), update_fields)
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Self:
        instance = super().from_db(db, field_names, values)
        # Kept as read (a dict is built only when asked for), JSON values copied.
        loaded = list(values)
        whole_row = len(loaded) == len(cls._meta.concrete_fields)
        for index, name in _json_positions(cls):
            if whole_row:
                loaded[index] = detached(loaded[index])
            elif name in field_names:
                position = list(field_names).index(name)
                loaded[position] = detached(loaded[position])
        instance.__dict__[LOADED_VALUES] = (field_names, loaded)
        return instance

    def refresh_from_db(self, using: str | None = None, fields: Any = None, from_queryset: Any = None) -> None:
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None:
            remember_loaded_values(self)
        elif loaded_values(self) is not None:
            concrete = {f.name: f.attname for f in self._meta.concrete_fields}
            concrete.update({attname: attname for attname in concrete.values()})
            remember_loaded_values(self, [concrete[name] for name in fields if name in concrete])

    @property
    def display(self) -> str:
        return str(self)

    @classmethod
    def natural_key_lookups(cls, values: tuple[Any, ...] | list[Any]) -> dict[str, Any]:
        """Queryset filter keyword arguments for a natural key given as values in field order."""
        names = cls.natural_key_field_names
        if len(values) != len(names):
            raise ValueError(
                f"{cls.__name__} is found by {len(names)} value(s) ({', '.join(names)}), not {len(values)}."
            )
        return dict(zip(names, values, strict=True))

    def natural_key(self) -> tuple[Any, ...]:
        return tuple(self._natural_key_value(name) for name in self.natural_key_field_names)

    def _natural_key_value(self, path: str) -> Any:
        value: Any = self
        for attribute in path.split("__"):
            value = getattr(value, attribute, None)
            if value is None:
                return None
        return value

    @property
    def natural_slug(self) -> str:
        """A readable, lossy slug of the natural key with the start of the id: `leaf01_9f2c`."""
        return self.slug_of(self.natural_key())

    def slug_of(self, values: Iterable[Any]) -> str:
        """`natural_slug` made of `values` (the natural key, or the parts of it a reader may see; None is an
        empty part)."""
        parts = [slugify(str(value)) if value is not None else "" for value in values]
        if self.natural_key_field_names == ("id",):
            parts = []
        return "_".join([*parts, str(self.id)[:4]])

    @classmethod
    def get_natural_key_string(cls, obj: Self) -> str:
        return NATURAL_KEY_SEPARATOR.join("" if value is None else str(value) for value in obj.natural_key())


class NamedModel(BaseModel):
    """A model people call by a unique name (a manufacturer, a circuit type, a tenant, …)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
