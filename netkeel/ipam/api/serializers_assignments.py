"""Serializers of Nautobot 3's assignment routes: a VRF on a device or a virtual machine, a VRF on a prefix,
and a prefix's or a VLAN's locations. Each writes through `services.create_assignment` / `update_assignment`;
the models judge them (one parent of a VRF's, a prefix in its VRF's namespace, each pair once)."""

from __future__ import annotations

from typing import Any

from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.ipam import services
from netkeel.ipam.models import (
    PrefixLocationAssignment,
    VLANLocationAssignment,
    VRFDeviceAssignment,
    VRFPrefixAssignment,
)


class AssignmentSerializer(BaseModelSerializer):
    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.create_assignment(self.Meta.model, **data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Any:
        return services.update_assignment(instance, **data, **writes)


class VRFDeviceAssignmentSerializer(AssignmentSerializer):
    """`rd` and `name` default to the VRF's, as in Nautobot."""

    display_related = ("vrf", "device", "virtual_machine", "virtual_device_context")

    class Meta(BaseModelSerializer.Meta):
        model = VRFDeviceAssignment


class VRFPrefixAssignmentSerializer(AssignmentSerializer):
    display_related = ("vrf", "prefix")

    class Meta(BaseModelSerializer.Meta):
        model = VRFPrefixAssignment


class PrefixLocationAssignmentSerializer(AssignmentSerializer):
    display_related = ("prefix", "location")

    class Meta(BaseModelSerializer.Meta):
        model = PrefixLocationAssignment


class VLANLocationAssignmentSerializer(AssignmentSerializer):
    display_related = ("vlan", "location")

    class Meta(BaseModelSerializer.Meta):
        model = VLANLocationAssignment
