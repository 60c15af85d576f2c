"""A tree's nodes in the order they can be deleted: each before its parent, from their parent ids alone."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netkeel.core.models.tree import TreeModel
from netkeel.tenancy.models import TenantGroup

pytestmark = pytest.mark.django_db


def test_a_node_comes_before_its_parent_and_nothing_is_read() -> None:
    root, middle, leaf, other = (TenantGroup(pk=uuid.uuid4(), name=name) for name in ("root", "mid", "leaf", "other"))
    middle.parent_id, leaf.parent_id = root.pk, middle.pk
    with CaptureQueriesContext(connection) as read:
        ordered = TreeModel.deepest_first([root, other, middle, leaf])
    assert read.captured_queries == []
    position = {node.name: index for index, node in enumerate(ordered)}
    assert position["leaf"] < position["mid"] < position["root"]
    assert {node.name for node in ordered} == {"root", "mid", "leaf", "other"}
