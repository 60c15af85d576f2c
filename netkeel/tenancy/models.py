"""Tenant groups (a tree) and tenants."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from netkeel.core.models import NamedModel, TreeModel
from netkeel.extras.fields import TagsField


class TenantGroup(TreeModel):
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tenant(NamedModel):
    tenant_group = models.ForeignKey(
        TenantGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="tenants"
    )
    comments = models.TextField(blank=True)
    tags = TagsField()

    class Meta(NamedModel.Meta):
        pass


def tenant_field(**kwargs: Any) -> models.ForeignKey[Any, Any]:
    """The `tenant` foreign key every tenant-aware model carries."""
    return models.ForeignKey(
        Tenant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_related",
        **kwargs,
    )
