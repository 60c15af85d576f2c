"""Base models every netkeel model builds on."""

from netkeel.core.models.base import BaseManager, BaseModel, BaseQuerySet
from netkeel.core.models.tree import TreeModel

__all__ = ["BaseManager", "BaseModel", "BaseQuerySet", "TreeModel"]
