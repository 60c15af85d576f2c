"""The base model through a concrete subclass: UUID key, timestamps, natural key and slug."""

from __future__ import annotations

import uuid

import pytest

from netkeel.extras.models import Status

pytestmark = pytest.mark.django_db


def test_uuid_primary_key_and_timestamps() -> None:
    status = Status.objects.create(name="Testing")
    assert isinstance(status.pk, uuid.UUID)
    assert status.created is not None and status.last_updated >= status.created
    first_update = status.last_updated
    status.description = "changed"
    status.save()
    assert status.last_updated > first_update


def test_caller_may_choose_the_id() -> None:
    chosen = uuid.uuid4()
    assert Status.objects.create(id=chosen, name="Chosen").pk == chosen


def test_natural_key_round_trip() -> None:
    status = Status.objects.get(name="Active")
    assert status.natural_key() == ("Active",)
    assert Status.objects.get_by_natural_key("Active") == status
    assert Status.get_natural_key_string(status) == "Active"


def test_natural_key_with_the_wrong_number_of_values() -> None:
    with pytest.raises(ValueError, match="Status is found by 1 value"):
        Status.objects.get_by_natural_key("Active", "extra")


def test_natural_slug_is_the_key_and_the_start_of_the_id() -> None:
    status = Status.objects.create(name="End of Sale")
    assert status.natural_slug == f"end-of-sale_{str(status.pk)[:4]}"
    assert status.display == "End of Sale"
