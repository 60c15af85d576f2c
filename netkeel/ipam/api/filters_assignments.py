"""Filters of Nautobot 3's assignment routes (`/api/ipam/vrf-device-assignments/`, `vrf-prefix-assignments`,
`prefix-location-assignments`, `vlan-location-assignments`), with Nautobot 3.2.7's names: each side of the
assignment by name or id (a prefix by id or as text), a VRF's route distinguisher and name where it is on a
device or a virtual machine."""

from __future__ import annotations

from netkeel.core.api.filters import BaseFilterSet
from netkeel.ipam.api.filters import PrefixesFilter
from netkeel.ipam.models import (
    PrefixLocationAssignment,
    VLANLocationAssignment,
    VRFDeviceAssignment,
    VRFPrefixAssignment,
)


class PrefixSideFilterSet(BaseFilterSet):
    """`prefix` (and `prefix__n`): a prefix's id, or the prefix as text (`10.0.0.0/24`, in any namespace)."""

    prefix = PrefixesFilter(field_name="prefix")


class VRFDeviceAssignmentFilterSet(BaseFilterSet):
    search_fields = ("name", "rd", "vrf__name", "device__name", "virtual_machine__name", "virtual_device_context__name")

    class Meta:
        model = VRFDeviceAssignment
        fields = ["vrf", "device", "virtual_machine", "virtual_device_context", "rd", "name"]


class VRFPrefixAssignmentFilterSet(PrefixSideFilterSet):
    search_fields = ("vrf__name",)

    class Meta:
        model = VRFPrefixAssignment
        fields = ["vrf"]


class PrefixLocationAssignmentFilterSet(PrefixSideFilterSet):
    search_fields = ("location__name",)

    class Meta:
        model = PrefixLocationAssignment
        fields = ["location"]


class VLANLocationAssignmentFilterSet(BaseFilterSet):
    search_fields = ("vlan__name", "location__name")

    class Meta:
        model = VLANLocationAssignment
        fields = ["vlan", "location"]
