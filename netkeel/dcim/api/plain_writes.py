"""The writes of the serializers of `dcim.services.PLAIN_MODELS` (device families, redundancy groups, the
software models, interface groups and contexts, controllers): one create and one update service for all."""

from __future__ import annotations

from typing import Any

from netkeel.dcim import services


class PlainWritesMixin:
    """Creates through `services.create_plain_object`, changes through `services.update_plain_object`; put before
    the serializer base class."""

    Meta: Any

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.create_plain_object(self.Meta.model, **data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Any:
        return services.update_plain_object(instance, **data, **writes)
