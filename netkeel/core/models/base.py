"""`BaseModel`: a UUID primary key, creation and update times, and a natural key.

The natural key is what people and clients call an object by (`"Active"` for a status, a device and an
interface name for an interface). Subclasses name its fields in `natural_key_field_names`, following
foreign keys with `__`; the manager resolves it back with `get_by_natural_key`.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, Self

from django.contrib.contenttypes.fields import GenericRelation
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.text import slugify

NATURAL_KEY_SEPARATOR = ";"


class BaseQuerySet(models.QuerySet[Any]):
    def get_by_natural_key(self, *values: Any) -> Any:
        return self.get(**self.model.natural_key_lookups(values))


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

    # Notes go with the object they are about (by name: extras sits above core in the layer contract).
    notes = GenericRelation(
        "extras.Note", content_type_field="assigned_object_type", object_id_field="assigned_object_id"
    )

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("id",)

    objects = BaseManager()

    class Meta:
        abstract = True

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
        parts = [slugify(str(value)) if value is not None else "" for value in self.natural_key()]
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
