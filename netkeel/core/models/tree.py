"""Tree models (locations, rack groups, tenant groups, …): a `parent` and the walks up and down it.

Trees here are shallow (a handful of levels) and wide, so walking down one level per query is cheap and
portable across SQLite, PostgreSQL and MySQL without recursive SQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from netkeel.core.models.base import BaseModel

TREE_SEPARATOR = " → "


class TreeModel(BaseModel):
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        abstract = True

    def ancestors(self) -> list[Any]:
        """From the root down to this node's parent."""
        chain: list[Any] = []
        node = self.parent
        seen = {self.pk}
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @staticmethod
    def deepest_first(nodes: Iterable[Any]) -> list[Any]:
        """`nodes` (of one tree model) ordered so that a node comes before its parent: the order in which they can
        be deleted, as a parent is protected while it has children. Worked out from their `parent_id`s, no query."""
        nodes = list(nodes)
        parent_of = {node.pk: node.parent_id for node in nodes}

        def depth(pk: Any) -> int:
            seen = {pk}
            while (pk := parent_of.get(pk)) is not None and pk not in seen:
                seen.add(pk)
            return len(seen) - 1

        return sorted(nodes, key=lambda node: -depth(node.pk))

    @property
    def tree_depth(self) -> int:
        return len(self.ancestors())

    @property
    def display(self) -> str:
        return TREE_SEPARATOR.join([*(str(node) for node in self.ancestors()), str(self)])

    @classmethod
    def descendant_ids(cls, roots: Iterable[uuid.UUID], *, include_self: bool = True) -> set[uuid.UUID]:
        """The ids of `roots` and everything below them, one query per level."""
        found: set[uuid.UUID] = set(roots) if include_self else set()
        frontier = set(roots)
        while frontier:
            children = set(cls.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
            found |= children
            frontier = children
        return found

    @classmethod
    def ancestor_ids(cls, nodes: Iterable[uuid.UUID], *, include_self: bool = True) -> set[uuid.UUID]:
        """The ids of `nodes` and everything above them, one query per level."""
        found: set[uuid.UUID] = set(nodes) if include_self else set()
        frontier = set(nodes)
        while frontier:
            parents = set(cls.objects.filter(pk__in=frontier, parent__isnull=False).values_list("parent_id", flat=True))
            frontier = parents - found
            found |= parents
        return found

    def clean(self) -> None:
        super().clean()
        if self.parent_id is not None and self.pk is not None:
            if self.parent_id == self.pk or self.parent_id in type(self).descendant_ids([self.pk]):
                raise ValidationError({"parent": "A node cannot be its own parent or sit below its own descendant."})
