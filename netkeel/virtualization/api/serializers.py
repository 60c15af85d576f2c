"""Virtualization in the API, field for field as Nautobot 3.2.7: counts annotated on each list's rows
(`cluster_count`, `device_count`, `virtualmachine_count`), a VM's `config_context` on `?include=config_context`,
and every write through `netkeel.virtualization.services`."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers

from netkeel.core.api.serializers import BaseModelSerializer
from netkeel.dcim.api.serializers_devices import CountField, DeviceSideSerializer
from netkeel.virtualization import services
from netkeel.virtualization.models import (
    Cluster,
    ClusterGroup,
    ClusterType,
    DeviceClusterAssignment,
    VirtualMachine,
    VMInterface,
)


class ServiceWritesMixin:
    """Creates through the model's service (`services.create_object`), changes through `services.update_object`."""

    Meta: Any

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.create_object(self.Meta.model, **data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Any:
        return services.update_object(instance, **data, **writes)


class ClusterTypeSerializer(ServiceWritesMixin, DeviceSideSerializer):
    cluster_count = CountField("clusters")

    class Meta(BaseModelSerializer.Meta):
        model = ClusterType


class ClusterGroupSerializer(ServiceWritesMixin, DeviceSideSerializer):
    cluster_count = CountField("clusters")

    class Meta(BaseModelSerializer.Meta):
        model = ClusterGroup


class ClusterSerializer(ServiceWritesMixin, DeviceSideSerializer):
    device_count = CountField("device_assignments")
    virtualmachine_count = CountField("virtual_machines")

    class Meta(BaseModelSerializer.Meta):
        model = Cluster


class DeviceClusterAssignmentSerializer(ServiceWritesMixin, BaseModelSerializer):
    display_related = ("device", "cluster")

    class Meta(BaseModelSerializer.Meta):
        model = DeviceClusterAssignment


class VirtualMachineSerializer(ServiceWritesMixin, DeviceSideSerializer):
    display_related = ("cluster",)  # natural_slug names the cluster
    opt_in_fields: ClassVar[tuple[str, ...]] = ("config_context",)

    config_context = serializers.SerializerMethodField()

    class Meta(BaseModelSerializer.Meta):
        model = VirtualMachine

    def get_config_context(self, obj: VirtualMachine) -> dict[str, Any]:
        # No config contexts exist yet: the rendered context is the VM's own local data.
        local = obj.local_config_context_data
        return dict(local) if isinstance(local, dict) else {}

    def validate_local_config_context_data(self, value: Any) -> Any:
        if value is not None and not isinstance(value, dict):
            raise serializers.ValidationError("Give the local config context as a JSON object, or null.")
        return value


class VMInterfaceSerializer(ServiceWritesMixin, BaseModelSerializer):
    display_related = ("virtual_machine",)

    class Meta(BaseModelSerializer.Meta):
        model = VMInterface
        fields = [
            "id",
            "object_type",
            "display",
            "url",
            "natural_slug",
            "virtual_machine",
            "name",
            "enabled",
            "mtu",
            "mac_address",
            "mode",
            "status",
            "role",
            "parent_interface",
            "bridge",
            "untagged_vlan",
            "tagged_vlans",
            "vrf",
            "description",
            "tags",
            "created",
            "last_updated",
            "notes_url",
            "custom_fields",
        ]
