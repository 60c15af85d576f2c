"""Locations, racks, device types (with their component templates), devices, virtual chassis and power in
the API.

Each serializer's `display_related` names what its `display` and `natural_slug` read (a device's natural
key runs through its location, an unnamed device's display through its type's manufacturer), so a page of
them costs the same queries whatever its length. Counts (`device_count`, `member_count`) are annotated on
the endpoint's queryset; nested objects leave them out.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from netkeel.core.api.counts import RowCountsSerializerMixin
from netkeel.core.api.fields import (
    UUID_IN_URL,
    ChoiceField,
    ContentTypeField,
    RelatedObjectField,
)
from netkeel.core.api.serializers import ENVELOPE_HEAD, ENVELOPE_TAIL, BaseModelSerializer, TreeDepthMixin
from netkeel.core.inputs import is_uuid
from netkeel.dcim import services
from netkeel.dcim.api.plain_writes import PlainWritesMixin
from netkeel.dcim.api.serializers_cabling import PathEndpointSerializerMixin
from netkeel.dcim.choices import DeviceFaceChoices, InterfaceDuplexChoices
from netkeel.dcim.models import (
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    Device,
    DeviceBay,
    DeviceBayTemplate,
    DeviceFamily,
    DeviceRedundancyGroup,
    DeviceType,
    FrontPortTemplate,
    InterfaceTemplate,
    Location,
    LocationType,
    Manufacturer,
    Platform,
    PowerFeed,
    PowerOutletTemplate,
    PowerPanel,
    PowerPortTemplate,
    Rack,
    RackGroup,
    RackReservation,
    RearPortTemplate,
    VirtualChassis,
)

# --------------------------------------------------------------------------------------------- fields


class CountField(serializers.IntegerField):
    """A read-only count of related rows, annotated under the field's name by the endpoint's queryset; an
    object that comes without the annotation (the answer to a write) is counted on the spot."""

    def __init__(self, relation: str, **kwargs: Any) -> None:
        self.relation = relation
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        annotated = instance.__dict__.get(self.field_name)
        if annotated is not None:
            return annotated
        return getattr(instance, self.relation).count()


class UserField(RelatedObjectField):
    """A user, also by username (`"admin"`) besides the forms every related field takes."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and not UUID_IN_URL.search(data) and not is_uuid(data):
            data = {"username": data}
        return super().to_internal_value(data)


class DeviceSideSerializer(BaseModelSerializer):
    """The serializers of this module: computed fields follow the model's own, and count fields are left
    out of nested objects (they are annotated only on the endpoint's own rows)."""

    def get_field_names(self, declared_fields: Any, info: Any) -> list[str]:
        """Computed fields (counts, `parent_bay`, `config_context`) after the model's own, as Nautobot
        orders them."""
        names = super().get_field_names(declared_fields, info)
        computed = [
            name
            for name in names
            if name in declared_fields
            and name not in (*ENVELOPE_HEAD, *ENVELOPE_TAIL)
            and name not in info.fields
            and (name not in info.relations or name in info.reverse_relations)  # a device's parent_bay
        ]
        rest = [name for name in names if name not in computed]
        tail = next((index for index, name in enumerate(rest) if name in ENVELOPE_TAIL), len(rest))
        return [*rest[:tail], *computed, *rest[tail:]]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.context.get("nested"):
            for name in [name for name, field in fields.items() if isinstance(field, CountField)]:
                fields.pop(name)
        return fields


# --------------------------------------------------------------------------------------------- locations


class TreeSerializer(TreeDepthMixin, DeviceSideSerializer):
    """A tree's rows: `tree_depth` (see `TreeDepthMixin`) after the model's own fields."""


class LocationTypeSerializer(TreeSerializer):
    content_types = ContentTypeField(many=True, required=False)

    class Meta(BaseModelSerializer.Meta):
        model = LocationType


class LocationSerializer(RowCountsSerializerMixin, TreeSerializer):
    display_related = ("parent",)
    # Nautobot's counts of what is at the location itself (not below it), one field per registered count:
    # DCIM's devices and racks, and what IPAM and circuits register from their ready().

    class Meta(BaseModelSerializer.Meta):
        model = Location


class RackGroupSerializer(TreeSerializer):
    display_related = ("location",)
    rack_count = CountField("racks")

    class Meta(BaseModelSerializer.Meta):
        model = RackGroup


class RackSerializer(DeviceSideSerializer):
    display_related = ("location",)
    device_count = CountField("devices")
    power_feed_count = CountField("power_feeds")

    class Meta(BaseModelSerializer.Meta):
        model = Rack


class RackElevationQuerySerializer(serializers.Serializer):
    """The query of `/api/dcim/racks/<id>/elevation/`; a bad value is a 400 naming its parameter. The sizes
    are checked as Nautobot takes them; netkeel's drawing keeps its own unit size."""

    q = serializers.CharField(required=False, default=None, min_length=1)
    face = serializers.ChoiceField(choices=DeviceFaceChoices.flat(), default=DeviceFaceChoices.FRONT)
    render = serializers.ChoiceField(choices=[("json", "json"), ("svg", "svg")], default="json")
    unit_width = serializers.IntegerField(required=False, min_value=1)
    unit_height = serializers.IntegerField(required=False, min_value=1)
    legend_width = serializers.IntegerField(default=30, min_value=0)
    exclude = serializers.UUIDField(required=False, default=None)
    expand_devices = serializers.BooleanField(required=False, default=True)
    include_images = serializers.BooleanField(required=False, default=True)
    display_fullname = serializers.BooleanField(required=False, default=True)
    is_occupied = serializers.BooleanField(required=False, allow_null=True, default=None)


class RackUnitSerializer(serializers.Serializer):
    """One unit of a rack's face (not a row of its own): its number, `U<number>`, the face, taken or not."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    face = ChoiceField(choices=DeviceFaceChoices.flat(), read_only=True)
    occupied = serializers.BooleanField(read_only=True)


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class RackUnitsField(serializers.JSONField):
    """A reservation's units, `[1, 2, 3]`: checked by the model (whole numbers inside the rack, free)."""


class RackReservationSerializer(DeviceSideSerializer):
    display_related = ("rack",)
    user = UserField(queryset=get_user_model()._default_manager.all(), required=False)
    units = RackUnitsField()

    class Meta(BaseModelSerializer.Meta):
        model = RackReservation

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context.get("request")
        if self.instance is None and "user" not in attrs and request is not None and request.user.is_authenticated:
            attrs["user"] = request.user  # reserved by whoever asks, unless they name someone
        attrs = super().validate(attrs)
        units = attrs.get("units")
        if isinstance(units, list):
            attrs["units"] = sorted(set(units))  # as the model's clean() keeps them
        return attrs


# --------------------------------------------------------------------------------------------- device types


class ManufacturerSerializer(DeviceSideSerializer):
    device_type_count = CountField("device_types")
    platform_count = CountField("platforms")
    inventory_item_count = CountField("inventory_items")

    class Meta(BaseModelSerializer.Meta):
        model = Manufacturer


class PlatformSerializer(RowCountsSerializerMixin, DeviceSideSerializer):
    """Also the counts other apps register (virtualization's `virtual_machine_count`)."""

    device_count = CountField("devices")
    # Nautobot's: the network driver in each automation library's words (netutils, and NETWORK_DRIVERS).
    network_driver_mappings = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta(BaseModelSerializer.Meta):
        model = Platform


class DeviceFamilySerializer(PlainWritesMixin, DeviceSideSerializer):
    device_type_count = CountField("device_types")

    class Meta(BaseModelSerializer.Meta):
        model = DeviceFamily


class DeviceTypeSerializer(DeviceSideSerializer):
    display_related = ("manufacturer",)
    device_count = CountField("devices")

    class Meta(BaseModelSerializer.Meta):
        model = DeviceType
        exclude = ["software_image_files"]  # through dcim/device-types-to-software-image-files, as in Nautobot
        fields = None

    # front_image, rear_image: sent as multipart files, read back as their URLs (UploadedImageField); null clears
    # one, and the file of an image replaced or cleared goes after the commit (services.update_device_type).
    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Any:
        return services.update_device_type(instance, **data, **writes)


class ComponentTemplateSerializer(DeviceSideSerializer):
    display_related = ("device_type__manufacturer",)


class ConsolePortTemplateSerializer(ComponentTemplateSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = ConsolePortTemplate


class ConsoleServerPortTemplateSerializer(ComponentTemplateSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = ConsoleServerPortTemplate


class PowerPortTemplateSerializer(ComponentTemplateSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = PowerPortTemplate


class PowerOutletTemplateSerializer(ComponentTemplateSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = PowerOutletTemplate


class InterfaceTemplateSerializer(ComponentTemplateSerializer):
    # Nautobot answers a template's duplex as the bare value ("full"), unlike an interface's {value, label}.
    duplex = serializers.ChoiceField(choices=InterfaceDuplexChoices.flat(), required=False, allow_blank=True)

    class Meta(BaseModelSerializer.Meta):
        model = InterfaceTemplate


class RearPortTemplateSerializer(ComponentTemplateSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = RearPortTemplate


class FrontPortTemplateSerializer(ComponentTemplateSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = FrontPortTemplate


class DeviceBayTemplateSerializer(ComponentTemplateSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = DeviceBayTemplate


# --------------------------------------------------------------------------------------------- devices


class DeviceSerializer(DeviceSideSerializer):
    """Created by `services.create_device` (which gives the device its type's components), so a POST
    answers with a device that already has its interfaces."""

    # location: the natural key; device_type__manufacturer and virtual_chassis: an unnamed device's display;
    # parent_bay: the bay a child device sits in.
    display_related = ("location", "device_type__manufacturer", "virtual_chassis", "parent_bay")
    opt_in_fields: ClassVar[tuple[str, ...]] = ("config_context",)

    # Written as in Nautobot: the device is installed in that bay (taken out of the one it was in), null
    # takes it out of its bay (services.place_in_bay).
    parent_bay = RelatedObjectField(queryset=DeviceBay.objects.all(), required=False, allow_null=True)
    config_context = serializers.SerializerMethodField()

    class Meta(BaseModelSerializer.Meta):
        model = Device

    def get_config_context(self, obj: Device) -> dict[str, Any]:
        # No config contexts exist yet: the rendered context is the device's own local data.
        local = obj.local_config_context_data
        return dict(local) if isinstance(local, dict) else {}

    def validate_name(self, value: str | None) -> str | None:
        return value or None  # "" is no name: unnamed devices are NULL, so they never clash

    def validate_local_config_context_data(self, value: Any) -> Any:
        if value is not None and not isinstance(value, dict):
            raise serializers.ValidationError("Give the local config context as a JSON object, or null.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The bay is the reverse side of its one-to-one: no field of the device for the model to judge.
        if "parent_bay" not in attrs:
            return super().validate(attrs)
        bay = attrs.pop("parent_bay")
        return {**super().validate(attrs), "parent_bay": bay}

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.create_device(**data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Any:
        return services.update_device(instance, **data, **writes)


class DeviceRedundancyGroupSerializer(PlainWritesMixin, DeviceSideSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = DeviceRedundancyGroup


class VirtualChassisSerializer(DeviceSideSerializer):
    """Created by `services.create_virtual_chassis`: a chassis created with a master has it as its member at
    position 1."""

    member_count = CountField("members")

    class Meta(BaseModelSerializer.Meta):
        model = VirtualChassis

    def validate_master(self, value: Device | None) -> Device | None:
        # On create the service makes the master a member; later, as in Nautobot, it must already be one.
        # (A rule VirtualChassis.clean() does not hold yet.)
        instance = self.instance
        if isinstance(instance, VirtualChassis) and value is not None and value.virtual_chassis_id != instance.pk:
            raise serializers.ValidationError(f"{value} is not a member of virtual chassis {instance}.")
        return value

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return services.create_virtual_chassis(**data, **writes)


# --------------------------------------------------------------------------------------------- power


class PowerPanelSerializer(DeviceSideSerializer):
    display_related = ("location",)
    power_feed_count = CountField("power_feeds")

    class Meta(BaseModelSerializer.Meta):
        model = PowerPanel


class PowerFeedSerializer(PathEndpointSerializerMixin, DeviceSideSerializer):
    """A power feed is a cable endpoint: `cable` (read-only), `cable_peer` and `connected_endpoint` as on
    power ports."""

    display_related = ("power_panel",)
    available_power = serializers.IntegerField(read_only=True, help_text="Watts the feed may deliver.")

    class Meta(BaseModelSerializer.Meta):
        model = PowerFeed
