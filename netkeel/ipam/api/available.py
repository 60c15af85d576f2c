"""What `available-ips`, `available-prefixes` and `available-vlans` read and write.

GET lists free space as bare lists (`[{"ip_version": 4, "address": "10.0.0.1/24"}, …]`). POST takes one
object or a list of them, each the fields of one new object, and the server picks the next free
address, block or VLAN id under a lock: `allocate_ip_addresses`, `allocate_prefixes` and `allocate_vlan`
in `netkeel.ipam.services`. A request that does not fit raises `NoRoomError` (the view answers 204).
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netkeel.ipam import services
from netkeel.ipam.api.serializers import IPAddressSerializer, PrefixSerializer, VLANSerializer


class AvailableIPSerializer(IPAddressSerializer):
    """The fields of an address to allocate from `context["prefix"]`: the server picks `address`, and the
    namespace and parent are the prefix's. Created objects are rendered by `IPAddressSerializer`."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["address"] = serializers.CharField(read_only=True)
        for name in ("namespace", "parent"):
            fields.pop(name, None)
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return super(IPAddressSerializer, self).validate(attrs)

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.allocate_ip_addresses(self.context["prefix"], **data, **writes)[0]


class AvailablePrefixSerializer(PrefixSerializer):
    """The fields of a child prefix to allocate inside `context["prefix"]`, `prefix_length` first."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["prefix"] = serializers.CharField(read_only=True)
        fields["prefix_length"] = serializers.IntegerField(
            min_value=0, max_value=128, help_text="The length of the prefix to allocate, such as 24."
        )
        fields.pop("namespace", None)
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return super(PrefixSerializer, self).validate(attrs)

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.allocate_prefixes(self.context["prefix"], **data, **writes)[0]


class AvailableVLANSerializer(VLANSerializer):
    """The fields of a VLAN to allocate in `context["vlan_group"]`: the server picks `vid`."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["vid"] = serializers.IntegerField(read_only=True)
        fields.pop("vlan_group", None)
        return fields

    def unchecked_fields(self) -> list[str]:
        return ["vid", "vlan_group"]

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        # A list is allocated in one transaction (its items share this context): the group is locked and
        # its free ids read once.
        return services.allocate_vlan(
            self.context["vlan_group"], batch=self.context.setdefault("vlan_allocation", {}), **data, **writes
        )
