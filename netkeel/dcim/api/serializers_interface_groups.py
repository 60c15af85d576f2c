"""Interface redundancy groups, their interfaces' associations, virtual device contexts and the interfaces
assigned to them in the API, field for field as Nautobot 3.2.7; every write through `netkeel.dcim.services`."""

from __future__ import annotations

from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.dcim.api.plain_writes import PlainWritesMixin
from netkeel.dcim.models import (
    InterfaceRedundancyGroup,
    InterfaceRedundancyGroupAssociation,
    InterfaceVDCAssignment,
    VirtualDeviceContext,
)


class InterfaceGroupSerializer(PlainWritesMixin, BaseModelSerializer):
    """An interface group's or context's serializer (written as the plain models are)."""


class InterfaceRedundancyGroupSerializer(InterfaceGroupSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = InterfaceRedundancyGroup
        exclude = ["interfaces"]  # through dcim/interface-redundancy-group-associations, as in Nautobot
        fields = None


class InterfaceRedundancyGroupAssociationSerializer(InterfaceGroupSerializer):
    display_related = ("interface_redundancy_group", "interface__device")

    class Meta(BaseModelSerializer.Meta):
        model = InterfaceRedundancyGroupAssociation


class VirtualDeviceContextSerializer(InterfaceGroupSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = VirtualDeviceContext
        exclude = ["interfaces"]  # through dcim/interface-vdc-assignments, as in Nautobot
        fields = None


class InterfaceVDCAssignmentSerializer(InterfaceGroupSerializer):
    display_related = ("virtual_device_context", "interface")

    class Meta(BaseModelSerializer.Meta):
        model = InterfaceVDCAssignment
