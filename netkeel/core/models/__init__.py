"""Base models every netkeel model builds on."""

from netkeel.core.models.base import BaseManager, BaseModel, BaseQuerySet

__all__ = ["BaseManager", "BaseModel", "BaseQuerySet"]
