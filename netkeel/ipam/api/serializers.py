"""IPAM objects in the API.

Prefixes and addresses are read and written as text (`"10.0.0.0/24"`, `"10.0.0.1/24"`), rendered from
the row's own columns (no query). Their `parent` is derived by the services, never set by a client, and a
prefix or address is created and changed (moved too) through `netkeel.ipam.services`, which keeps every
parent right.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import exceptions, serializers

from netkeel.core.api.counts import RowCountsSerializerMixin
from netkeel.core.api.fields import RelatedObjectField, brief
from netkeel.core.api.serializers import BaseModelSerializer, django_errors
from netkeel.dcim.api.serializers_devices import CountField, DeviceSideSerializer
from netkeel.dcim.models import Location
from netkeel.ipam import services
from netkeel.ipam.addresses import normalize_prefix, parse_address
from netkeel.ipam.ipmath import format_address
from netkeel.ipam.models import (
    RIR,
    VLAN,
    VRF,
    IPAddress,
    IPAddressToInterface,
    Namespace,
    Prefix,
    RouteTarget,
    Service,
    VLANGroup,
)
from netkeel.ipam.models.applications import PORT_MAX, PORT_MIN, parse_port_list


def _namespace_field(**kwargs: Any) -> RelatedObjectField:
    # Declared, so that DRF does not give the field the model's default (a pk, from the unique constraint
    # it is part of) and then assign that pk where a Namespace object belongs.
    return RelatedObjectField(queryset=Namespace.objects.all(), required=False, **kwargs)


def _parsed(parse: Any, text: str, field: str) -> str:
    """The text normalized by `parse` (`"10.0.0.0/24"`), or a 400 naming `field`."""
    try:
        return str(parse(text, field))
    except DjangoValidationError as exc:
        raise serializers.ValidationError(django_errors(exc)[field]) from None


class NamespaceSerializer(BaseModelSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = Namespace


class RIRSerializer(RowCountsSerializerMixin, BaseModelSerializer):
    """`assigned_prefix_count` on the endpoint's own rows (registered in `IpamConfig`)."""

    class Meta(BaseModelSerializer.Meta):
        model = RIR


class RouteTargetSerializer(BaseModelSerializer):
    class Meta(BaseModelSerializer.Meta):
        model = RouteTarget


class VRFSerializer(BaseModelSerializer):
    namespace = _namespace_field(help_text="Global when not given.")

    display_related = ("namespace",)  # natural_slug names the namespace

    class Meta(BaseModelSerializer.Meta):
        model = VRF


class SeveralLocations(exceptions.APIException):
    """Nautobot's 412 where the 2.0/2.1 shape (one `location`) cannot show an object with several."""

    status_code = 412
    default_detail = (
        "This object has multiple Locations and so cannot be represented in the 2.0 or 2.1 REST API. "
        "Please correct the data or use a later API version."
    )
    default_code = "precondition_failed"


class SingleLocationField(RelatedObjectField):
    """A prefix's or VLAN's one `location`, as in Nautobot's API before 2.2 (now `locations`): read as that
    location, null when it has none and a 412 when it has several (read from the page's prefetched
    `locations`, no query per row); written, it makes that location the only one."""

    reads_many_to_many = "locations"  # the page loads them for it (core.api.rows.load_many_to_many)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Location.objects.all(), required=False, allow_null=True, **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        located = list(instance.locations.all())
        if len(located) > 1:
            raise SeveralLocations()
        return located[0] if located else None


# `locations` go through an assignment model (Nautobot 3's, with its own route), which DRF would make read-only;
# Nautobot writes them on the prefix or VLAN too.
WRITABLE_LOCATIONS = {"locations": {"read_only": False, "required": False, "queryset": Location.objects.all()}}


class LocatedSerializer(RowCountsSerializerMixin, BaseModelSerializer):
    """Prefixes and VLANs, which Nautobot still lets a client place with one `location` (write-only from
    API version 2.2 on; the Ansible collection sends it, at version 2.0, for any prefix or VLAN with a
    location). Given, it replaces `locations` with itself, as Nautobot's `location` setter does; a null is
    ignored, as Nautobot ignores it. Versions 2.0 and 2.1 get the older shape: a subclass with `legacy`
    set, where `location` is read too and `locations` is not shown."""

    location = SingleLocationField(write_only=True, help_text="The only location (sets locations).")

    legacy: ClassVar[bool] = False

    def get_field_names(self, declared_fields: Any, info: Any) -> list[str]:
        names = super().get_field_names(declared_fields, info)
        if self.legacy:
            return ["location" if name == "locations" else name for name in names if name != "location"]
        return names

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        location = attrs.pop("location", None)
        attrs = super().validate(attrs)
        if location is None:
            return attrs
        if isinstance(self.instance, models.Model) and self.instance.pk is not None:
            if self.instance.locations.count() > 1:  # type: ignore[attr-defined]
                raise SeveralLocations()
        return {**attrs, "locations": [location]}


class PrefixSerializer(LocatedSerializer):
    prefix = serializers.CharField(help_text="The prefix with its length, such as 10.0.0.0/24.")
    network = serializers.SerializerMethodField()
    broadcast = serializers.SerializerMethodField()
    prefix_length = serializers.IntegerField(read_only=True)
    ip_version = serializers.IntegerField(read_only=True)
    # The metaclass moves declared fields off the class, so `parent` does not shadow Field.parent at runtime.
    parent = RelatedObjectField(  # type: ignore[assignment]
        queryset=Prefix.objects.all(),
        required=False,
        allow_null=True,
        help_text="The closest prefix holding this one (kept by the server; when given, it must be that one).",
    )
    namespace = _namespace_field(help_text="Global when not given (on create, the parent's when one is).")

    display_related = ("namespace",)
    # Set by the service from `prefix` and the namespace, never by the client.
    derived: ClassVar[tuple[str, ...]] = ("network", "broadcast", "prefix_length", "ip_version", "parent")

    class Meta(BaseModelSerializer.Meta):
        model = Prefix
        fields = [
            "id",
            "prefix",
            "network",
            "broadcast",
            "prefix_length",
            "type",
            "ip_version",
            "parent",
            "namespace",
            "status",
            "role",
            "tenant",
            "vlan",
            "rir",
            "date_allocated",
            "description",
            "locations",
            "location",
            "tags",
            "created",
            "last_updated",
        ]
        extra_kwargs = WRITABLE_LOCATIONS

    def get_network(self, obj: Prefix) -> str:
        return format_address(obj.first, obj.ip_version)

    def get_broadcast(self, obj: Prefix) -> str:
        return format_address(obj.last, obj.ip_version)

    def validate_prefix(self, value: str) -> str:
        # As Nautobot: host bits are cleared, and the answer shows the prefix as stored.
        return _parsed(normalize_prefix, value, "prefix")

    def unchecked_fields(self) -> list[str]:
        return list(self.derived)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        text = attrs.pop("prefix", None)
        given = "parent" in attrs
        parent = attrs.pop("parent", None)
        attrs = super().validate(attrs)
        # A changed network, length or namespace moves the prefix: the service re-parents what it passes.
        attrs = attrs if text is None else {**attrs, "prefix": text}
        if not given:
            return attrs
        # Nautobot takes a parent; the service checks it is the one the prefix gets. It says the namespace.
        namespace = attrs.get("namespace")
        if parent is not None and namespace is not None and namespace.pk != parent.namespace_id:
            raise serializers.ValidationError(
                {"parent": f"Prefix {parent} is in namespace {parent.namespace}, not {namespace}."}
            )
        if parent is not None and namespace is None and self.instance is None:
            attrs["namespace"] = parent.namespace  # a new prefix goes where its parent is
        return {**attrs, "parent": parent}

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Prefix:
        return services.create_prefix(**data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Prefix:
        return services.update_prefix(instance, **data, **writes)


class PrefixLegacySerializer(PrefixSerializer):
    """A prefix as Nautobot's API 2.0 and 2.1 shows it: one `location`, no `locations`."""

    location = SingleLocationField(help_text="The only location (null when none).")
    legacy = True


class IPAddressSerializer(BaseModelSerializer):
    address = serializers.CharField(help_text="The address with its mask length, such as 10.0.0.1/24.")
    host = serializers.SerializerMethodField()
    mask_length = serializers.IntegerField(read_only=True)
    ip_version = serializers.IntegerField(read_only=True)
    parent = RelatedObjectField(  # type: ignore[assignment]  # see PrefixSerializer.parent
        queryset=Prefix.objects.all(),
        required=False,
        help_text="The closest prefix holding the address; give it instead of a namespace to say where it goes.",
    )
    namespace = _namespace_field(
        write_only=True, help_text="Where the address goes (Global when neither it nor a parent is given)."
    )
    nat_outside_list = serializers.SerializerMethodField()

    display_related = ("namespace",)
    derived: ClassVar[tuple[str, ...]] = ("host", "mask_length", "ip_version", "parent", "namespace")
    plain_choices = ("type",)  # Nautobot sends an address's type as `"host"`, not `{value, label}`

    class Meta(BaseModelSerializer.Meta):
        model = IPAddress
        fields = [
            "id",
            "address",
            "host",
            "mask_length",
            "ip_version",
            "type",
            "parent",
            "namespace",
            "status",
            "role",
            "tenant",
            "dns_name",
            "description",
            "nat_inside",
            "nat_outside_list",
            "interfaces",  # many-to-many: read with ?exclude_m2m=false, written as ip-address-to-interface rows
            "vm_interfaces",
            "tags",
            "created",
            "last_updated",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.context.get("nested"):
            fields.pop("nat_outside_list", None)  # a reverse relation, read per page only at the top level
        return fields

    def get_host(self, obj: IPAddress) -> str:
        return obj.host_text

    # ------------------------------------------------------------------------------ NAT, per page

    def prepare_rows(self, rows: list[models.Model]) -> None:
        super().prepare_rows(rows)
        self._load_nat_outside([row.pk for row in rows])

    def _nat_cache(self) -> dict[Any, list[Any]]:
        cache: dict[Any, list[Any]] = self.context.setdefault("_nat_outside", {})
        return cache

    def _load_nat_outside(self, ids: list[Any]) -> None:
        cache = self._nat_cache()
        wanted = [pk for pk in ids if pk not in cache]
        if not wanted:
            return
        for pk in wanted:
            cache[pk] = []
        rows = IPAddress.objects.filter(nat_inside_id__in=wanted).order_by().values_list("pk", "nat_inside_id")
        for pk, inside in rows:
            cache[inside].append(pk)

    def get_nat_outside_list(self, obj: IPAddress) -> list[dict[str, Any]]:
        if obj.pk not in self._nat_cache():
            self._load_nat_outside([obj.pk])
        request = self.context.get("request")
        return [brief(IPAddress, pk, request) for pk in self._nat_cache()[obj.pk]]

    # ------------------------------------------------------------------------------ writes

    def validate_address(self, value: str) -> str:
        return _parsed(parse_address, value, "address")

    def unchecked_fields(self) -> list[str]:
        return list(self.derived)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        text = attrs.pop("address", None)
        namespace = attrs.pop("namespace", None)
        parent = attrs.pop("parent", None)
        attrs = super().validate(attrs)
        instance = self.instance if isinstance(self.instance, IPAddress) else None
        if text is None and instance is None:
            return attrs  # `address` is required: the field itself said so
        if parent is not None:
            # A parent says where the address goes: its namespace, and it must hold the address.
            if namespace is not None and namespace.pk != parent.namespace_id:
                raise serializers.ValidationError(
                    {"parent": f"Prefix {parent} is in namespace {parent.namespace}, not {namespace}."}
                )
            held = text if text is not None else instance.address if instance is not None else ""
            parsed = parse_address(held)
            inside = parsed.version == parent.ip_version and parent.first <= parsed.host <= parent.last
            if not inside or parsed.mask_length < parent.prefix_length:
                raise serializers.ValidationError({"parent": f"Prefix {parent} does not hold {held}."})
            namespace = parent.namespace
        # On a change, another address or namespace moves the address (the service finds its new parent).
        moves = {"address": text, "namespace": namespace}
        return {**attrs, **{key: value for key, value in moves.items() if value is not None or instance is None}}

    def create_instance(self, data: dict[str, Any], **writes: Any) -> IPAddress:
        return services.create_ip_address(**data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> IPAddress:
        return services.update_ip_address(instance, **data, **writes)


class IPAddressToInterfaceSerializer(BaseModelSerializer):
    display_related = ("ip_address", "interface")

    class Meta(BaseModelSerializer.Meta):
        model = IPAddressToInterface

    def create_instance(self, data: dict[str, Any], **writes: Any) -> IPAddressToInterface:
        return services.assign_ip_address(**data, **writes)


class VLANGroupSerializer(DeviceSideSerializer):
    """`vlan_count` annotated on the list, left out of nested objects (see `DeviceSideSerializer`)."""

    vlan_count = CountField("vlans")

    class Meta(BaseModelSerializer.Meta):
        model = VLANGroup


class VLANSerializer(LocatedSerializer):
    display_related = ("vlan_group",)  # natural_slug names the group

    class Meta(BaseModelSerializer.Meta):
        model = VLAN
        extra_kwargs = WRITABLE_LOCATIONS


class VLANLegacySerializer(VLANSerializer):
    """A VLAN as Nautobot's API 2.0 and 2.1 shows it: one `location`, no `locations`."""

    location = SingleLocationField(help_text="The only location (null when none).")
    legacy = True


class PortsField(serializers.ListField):
    """A list of port numbers; also taken as text, `"22, 8000-8002"` (a CSV cell, a form's field)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.IntegerField(min_value=PORT_MIN, max_value=PORT_MAX), **kwargs)

    def to_internal_value(self, data: Any) -> list[Any]:
        if isinstance(data, str):
            try:
                data = parse_port_list(data)
            except ValueError as exc:
                raise serializers.ValidationError(str(exc)) from None
        return list(super().to_internal_value(data))


class ServiceSerializer(BaseModelSerializer):
    """A service on a device or a virtual machine; its addresses (written, read with `?exclude_m2m=false`)
    must be on that parent's interfaces."""

    ports = PortsField()

    display_related = ("device", "virtual_machine")
    service_many_to_many = ("ip_addresses",)

    class Meta(BaseModelSerializer.Meta):
        model = Service

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Service:
        return services.create_service(**data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Service:
        return services.update_service(instance, **data, **writes)
