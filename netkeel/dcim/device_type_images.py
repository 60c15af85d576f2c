"""A device type's front and rear images as files in the default storage (under MEDIA_ROOT).

A file goes once no row names it any more — replaced, cleared, or its device type deleted — and only after
the transaction commits, so that a change rolled back keeps the file its row still names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from netkeel.dcim.models import DeviceType

IMAGE_FIELDS = ("front_image", "rear_image")


def stored_images(device_type: DeviceType) -> list[str]:
    """The names of the image files `device_type` holds now."""
    return [name for name in (getattr(device_type, field).name for field in IMAGE_FIELDS) if name]


def replaced_images(device_type: DeviceType, changes: Mapping[str, Any]) -> list[str]:
    """The files of `device_type` that `changes` (new values by field) replace or clear."""
    return [
        current.name
        for field in IMAGE_FIELDS
        if field in changes and (current := getattr(device_type, field)).name and changes[field] != current.name
    ]


def delete_on_commit(names: Iterable[str]) -> None:
    gone = [name for name in names if name]
    if not gone:
        return
    storage = DeviceType._meta.get_field("front_image").storage

    def delete() -> None:
        for name in gone:
            storage.delete(name)

    transaction.on_commit(delete)
