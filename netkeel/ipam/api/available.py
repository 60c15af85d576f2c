"""What `available-ips`, `available-prefixes` and `available-vlans` read and write.

GET lists free space as bare lists (`[{"ip_version": 4, "address": "10.0.0.1/24"}, …]`). POST takes one
object or a list of them, each the fields of one new object, and the server picks the next free
address, block or VLAN id under a lock: `allocate_ip_addresses`, `allocate_prefixes` and `allocate_vlan`
in `netkeel.ipam.services`. A request that does not fit raises `NoRoomError` (the view answers 204).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers

from netkeel.core.api.fields import RelatedObjectField
from netkeel.ipam import services
from netkeel.ipam.api.serializers import IPAddressSerializer, PrefixSerializer, VLANSerializer
from netkeel.ipam.models import VLANGroup
from netkeel.ipam.models.vlans import VID_MAX, VID_MIN


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
    """The fields of a VLAN to allocate in `context["vlan_group"]`: the server picks `vid` unless one is
    asked for (as Nautobot: free and in the group's range; the ids a request asks for are set aside before
    the others are picked, `context["reserved_vids"]`); `vlan_group`, when given, must be that group."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["vid"] = serializers.IntegerField(
            required=False, min_value=VID_MIN, max_value=VID_MAX, help_text="Picked by the server when not given."
        )
        fields["vlan_group"] = RelatedObjectField(
            queryset=VLANGroup.objects.all(), required=False, allow_null=True, help_text="The group, if given."
        )
        return fields

    def validate_vlan_group(self, value: VLANGroup | None) -> VLANGroup | None:
        group = self.context["vlan_group"]
        if value is None or value.pk != group.pk:
            raise serializers.ValidationError(f"VLANs allocated here are in group {group}, not {value or 'none'}.")
        return value

    def unchecked_fields(self) -> list[str]:
        return ["vid", "vlan_group"]

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        # A list is allocated in one transaction (its items share this context): the group is locked and
        # its free ids read once.
        data.pop("vlan_group", None)
        return services.allocate_vlan(
            self.context["vlan_group"],
            reserved=self.context.get("reserved_vids", frozenset()),
            batch=self.context.setdefault("vlan_allocation", {}),
            **data,
            **writes,
        )


# ---------------------------------------------------------------------------------------------- schema
# What each route is documented as: GET the free space (a bare list, at most `limit` long), POST the
# objects to allocate (one or a list) answered with the objects made.

_LIMIT = OpenApiParameter("limit", OpenApiTypes.INT, description="At most this many (the page size by default).")
_OFFSET = OpenApiParameter("offset", OpenApiTypes.INT, description="Pass over this many free ones first.")
_ADDRESS = {"oneOf": [{"type": "string", "format": "ipv6"}, {"type": "string", "format": "ipv4"}]}


def _free_space(name: str, fields: dict[str, serializers.Field], parameters: list[OpenApiParameter]) -> Any:
    response = inline_serializer(name, fields=fields, many=True)
    return extend_schema(methods=["GET"], parameters=parameters, responses={200: response})


def _allocation(request: type[serializers.Serializer], made: type[serializers.Serializer]) -> Any:
    return extend_schema(methods=["POST"], request=request(many=True), responses={201: made(many=True)})


available_ips_schema = [
    _free_space(
        "FreeIPAddress",
        {"ip_version": serializers.IntegerField(), "address": serializers.CharField()},
        [
            _LIMIT,
            _OFFSET,
            OpenApiParameter("range_start", _ADDRESS, description="The first address to offer."),
            OpenApiParameter("range_end", _ADDRESS, description="The last address to offer."),
        ],
    ),
    _allocation(AvailableIPSerializer, IPAddressSerializer),
]
available_prefixes_schema = [
    _free_space(
        "FreePrefix",
        {"ip_version": serializers.IntegerField(), "prefix": serializers.CharField()},
        [_LIMIT, _OFFSET],
    ),
    _allocation(AvailablePrefixSerializer, PrefixSerializer),
]
available_vlans_schema = [
    _free_space("FreeVLAN", {"vid": serializers.IntegerField()}, [_LIMIT, _OFFSET]),
    _allocation(AvailableVLANSerializer, VLANSerializer),
]


def documented(decorators: list[Any]) -> Any:
    """The route's schema decorators applied to its action, in order."""

    def apply(function: Any) -> Any:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply
