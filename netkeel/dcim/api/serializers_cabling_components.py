"""The parts of a device in the API: interfaces, console, power and pass-through ports, device bays and
inventory items.

Components are created and changed through `services.create_component` and `services.update_component`
(which retrace the paths a new front port or a remapped one moves) and stay on the device they were made
on.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netkeel.core.api.counts import RowCountField, RowCountsSerializerMixin
from netkeel.core.api.serializers import BaseModelSerializer, TreeDepthMixin
from netkeel.dcim import services
from netkeel.dcim.api.serializers_cabling import CableTerminationSerializerMixin, PathEndpointSerializerMixin
from netkeel.dcim.models import (
    ConsolePort,
    ConsoleServerPort,
    DeviceBay,
    FrontPort,
    Interface,
    InventoryItem,
    PowerOutlet,
    PowerPort,
    RearPort,
)
from netkeel.extras.models import Status


class ComponentSerializer(BaseModelSerializer):
    """A part of a device: made and changed through the DCIM services; the model refuses a move to another
    device."""

    # A component's natural key (and so its natural_slug) runs through its device's location.
    display_related = ("device__location",)

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.create_component(self.Meta.model, **data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Any:
        return services.update_component(instance, **data, **writes)


class ConsolePortSerializer(PathEndpointSerializerMixin, ComponentSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = ConsolePort


class ConsoleServerPortSerializer(PathEndpointSerializerMixin, ComponentSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = ConsoleServerPort


class PowerPortSerializer(PathEndpointSerializerMixin, ComponentSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = PowerPort


class PowerOutletSerializer(PathEndpointSerializerMixin, ComponentSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = PowerOutlet


class InterfaceSerializer(RowCountsSerializerMixin, PathEndpointSerializerMixin, ComponentSerializer):
    ip_address_count = RowCountField()  # registered by IPAM

    class Meta(BaseModelSerializer.Meta):
        model = Interface
        fields = [
            "id",
            "object_type",
            "display",
            "url",
            "natural_slug",
            "device",
            "name",
            "label",
            "type",
            "enabled",
            "mgmt_only",
            "mtu",
            "mac_address",
            "mode",
            "status",
            "role",
            "lag",
            "parent_interface",
            "bridge",
            "untagged_vlan",
            "tagged_vlans",
            "vrf",
            "speed",
            "duplex",
            "port_type",
            "breakout_position",
            "description",
            "tags",
            "cable",
            "cable_peer",
            "cable_peer_type",
            "connected_endpoint",
            "connected_endpoint_type",
            "connected_endpoint_reachable",
            "ip_address_count",
            "created",
            "last_updated",
            "notes_url",
            "custom_fields",
        ]
        extra_kwargs = {"status": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None and attrs.get("status") is None:
            attrs["status"] = Status.objects.get_for_model(Interface).filter(name="Active").first()
            if attrs["status"] is None:
                raise serializers.ValidationError({"status": ["Give the interface a status."]})
        self._check_vlans(attrs)
        return super().validate(attrs)

    def _current(self, attrs: dict[str, Any], name: str) -> Any:
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, None) if self.instance is not None else None

    def _check_vlans(self, attrs: dict[str, Any]) -> None:
        mode = self._current(attrs, "mode")
        tagged = attrs.get("tagged_vlans")
        if tagged and mode != "tagged":
            raise serializers.ValidationError(
                {"tagged_vlans": ["Tagged VLANs need the interface's mode to be 'tagged'."]}
            )
        device = self._current(attrs, "device")
        location = getattr(device, "location", None)
        allowed = {node.pk for node in location.ancestors()} | {location.pk} if location is not None else set()
        for field, vlans in (("untagged_vlan", [attrs.get("untagged_vlan")]), ("tagged_vlans", tagged or [])):
            for vlan in vlans:
                if vlan is None:
                    continue
                places = {place.pk for place in vlan.locations.all()}
                if places and not places & allowed:
                    raise serializers.ValidationError(
                        {
                            field: [
                                f"VLAN {vlan} belongs to other locations than {location}; use a global VLAN or one "
                                f"of the device's location."
                            ]
                        }
                    )


class RearPortSerializer(CableTerminationSerializerMixin, ComponentSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = RearPort


class FrontPortSerializer(CableTerminationSerializerMixin, ComponentSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = FrontPort


class DeviceBaySerializer(ComponentSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = DeviceBay


class InventoryItemSerializer(TreeDepthMixin, ComponentSerializer):
    """An item and, as Nautobot's, its `tree_depth` among the items it sits in (0: directly in the device)."""

    class Meta(BaseModelSerializer.Meta):
        model = InventoryItem
