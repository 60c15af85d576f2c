"""Controllers and controller-managed device groups in the API, field for field as Nautobot 3.2.7 (an external
integration and the wireless assignments aside: netkeel has neither model); every write through
`netkeel.dcim.services`' controller functions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netkeel.core.api.fields import ChoiceField
from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.dcim.api.plain_writes import PlainWritesMixin
from netkeel.dcim.choices_controllers import ControllerCapabilitiesChoices
from netkeel.dcim.models import Controller, ControllerManagedDeviceGroup


class CapabilitiesField(serializers.ListField):
    """A list of capabilities, each read as `{value, label}` and written as its value or label (null: none);
    also taken as text, `"wireless"` or `"a,b"` (a CSV cell)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(child=ChoiceField(ControllerCapabilitiesChoices.flat(), allow_blank=False), **kwargs)

    def to_internal_value(self, data: Any) -> list[Any]:
        if isinstance(data, str):
            data = [part.strip() for part in data.split(",") if part.strip()]
        return list(super().to_internal_value(data))


class ControllerSideSerializer(PlainWritesMixin, BaseModelSerializer):
    """Capabilities as a list of choices; written as the plain models are."""

    capabilities = CapabilitiesField()


class ControllerSerializer(ControllerSideSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = Controller


class ControllerManagedDeviceGroupSerializer(ControllerSideSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = ControllerManagedDeviceGroup
