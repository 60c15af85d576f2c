"""Base models every netkeel model builds on, and the installation record."""

from netkeel.core.models.base import BaseManager, BaseModel, BaseQuerySet, NamedModel
from netkeel.core.models.installation import Installation, recorded_version
from netkeel.core.models.tree import TreeModel

__all__ = ["BaseManager", "BaseModel", "BaseQuerySet", "Installation", "NamedModel", "TreeModel", "recorded_version"]
