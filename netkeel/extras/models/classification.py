"""Status, Role and Tag: named labels, each limited to the kinds of object it may be applied to."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from netkeel.core.models import BaseManager, BaseQuerySet, NamedModel

color_validator = RegexValidator(
    regex=r"^[0-9a-f]{6}$", message="Enter a colour as six lowercase hexadecimal digits, such as 4caf50."
)


class ContentTypeLimitedQuerySet(BaseQuerySet):
    def get_for_model(self, model: type[models.Model] | models.Model) -> ContentTypeLimitedQuerySet:
        """The rows that may be applied to objects of `model`."""
        content_type = ContentType.objects.get_for_model(model)
        return self.filter(content_types=content_type)


class ContentTypeLimitedManager(BaseManager):
    def get_queryset(self) -> ContentTypeLimitedQuerySet:
        return ContentTypeLimitedQuerySet(self.model, using=self._db)

    def get_for_model(self, model: type[models.Model] | models.Model) -> ContentTypeLimitedQuerySet:
        return self.get_queryset().get_for_model(model)

    def get_offered(self, model: type[models.Model], name: str) -> Any:
        """The row called `name` that may be applied to `model`, in one query; else a ValidationError on the
        field named after this label (`status`, `role`) that says whether the name or the model is wrong."""
        row = self.get_for_model(model).filter(name=name).order_by().first()
        if row is not None:
            return row
        field = self.model._meta.model_name
        if not self.filter(name=name).exists():
            raise ValidationError({field: f"There is no {field} named {name!r}."})
        raise ValidationError({field: f"The {field} {name} is not offered on {model._meta.verbose_name_plural}."})


class NamedLabel(NamedModel):
    color = models.CharField(max_length=6, default="9e9e9e", validators=[color_validator])

    objects: ClassVar[ContentTypeLimitedManager] = ContentTypeLimitedManager()

    class Meta(NamedModel.Meta):
        abstract = True

    def applies_to(self, model: type[models.Model] | models.Model) -> bool:
        content_type = ContentType.objects.get_for_model(model)
        return self.content_types.filter(pk=content_type.pk).exists()


class Status(NamedLabel):
    """The lifecycle state of an object: Active, Planned, Decommissioning, …"""

    content_types = models.ManyToManyField(ContentType, related_name="statuses", blank=True)

    class Meta(NamedLabel.Meta):
        verbose_name_plural = "statuses"


class Role(NamedLabel):
    """The function of an object: a leaf switch, a loopback address, …"""

    content_types = models.ManyToManyField(ContentType, related_name="roles", blank=True)
    weight = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(NamedLabel.Meta):
        ordering = ["weight", "name"]


class Tag(NamedLabel):
    """A free label; with no content types it may be applied to nothing yet."""

    content_types = models.ManyToManyField(ContentType, related_name="tags", blank=True)
