"""Filters of the IPAM endpoints.

Prefix and address filters take text (`?within=10.0.0.0/16`, `?address=10.0.0.1`) and become range
conditions on the stored byte columns, which the containment index answers. Text that is not an address
or prefix is a 400 naming the filter.
"""

from __future__ import annotations

from typing import Any

import django_filters
import netaddr
from django import forms
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from rest_framework import exceptions

from netkeel.core.api.filters import (
    BaseFilterSet,
    MultipleCharField,
    MultipleUUIDField,
    MultiValueNumberFilter,
    MultiValueUUIDFilter,
    RelatedFilter,
    documented_as,
)
from netkeel.core.inputs import is_uuid
from netkeel.dcim.models import Device, Interface, Location
from netkeel.ipam.fields import address_to_bytes
from netkeel.ipam.models import (
    RIR,
    VLAN,
    VRF,
    IPAddress,
    IPAddressToInterface,
    Namespace,
    Prefix,
    RouteTarget,
    VLANGroup,
)
from netkeel.tenancy.api.filters import TenancyFilterSet

AN_ID = {"type": "string", "format": "uuid"}


def as_network(text: str) -> netaddr.IPNetwork | None:
    """`"10.0.0.0/24"`, `"10.0.0.1"` or `"2001:db8::/32"` as a network; None when it is none of those."""
    try:
        return netaddr.IPNetwork(text.strip())
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return None


class NetworkListField(MultipleCharField):
    """Values that must each be an IP address or a prefix."""

    def clean(self, value: Any) -> list[str]:
        values = [v.strip() for v in super().clean(value) if v.strip()]
        for item in values:
            if as_network(item) is None:
                raise forms.ValidationError(f"{item!r} is not an IP address or prefix, such as 10.0.0.0/24.")
        return values


class IdOrNetworkField(MultipleCharField):
    """Values that must each be an object's id, or an IP address or prefix as text."""

    def clean(self, value: Any) -> list[str]:
        values = [v.strip() for v in super().clean(value) if v.strip()]
        for item in values:
            if not is_uuid(item) and as_network(item) is None:
                raise forms.ValidationError(f"{item!r} is neither an id nor an IP address or prefix as text.")
        return values


class NetworkFilter(django_filters.Filter):
    field_class = NetworkListField


class IdOrNetworkFilter(django_filters.Filter):
    field_class = IdOrNetworkField

    def __init__(self, *args: Any, schema_type: dict[str, str] | None = None, **kwargs: Any) -> None:
        # How the schema documents the value where Nautobot documents an id (it takes the text too).
        self.schema_type = schema_type
        super().__init__(*args, **kwargs)


class NamesFilter(django_filters.Filter):
    field_class = MultipleCharField


class IdsFilter(django_filters.Filter):
    field_class = MultipleUUIDField


def _bounds(network: netaddr.IPNetwork) -> tuple[int, bytes, bytes, int]:
    """(version, first, last as stored bytes, length) of the network a text names (host bits cleared)."""
    version = network.version
    return (
        version,
        address_to_bytes(int(network.first), version),
        address_to_bytes(int(network.last), version),
        network.prefixlen,
    )


def prefixes_containing(network: netaddr.IPNetwork) -> Q:
    """Prefixes that contain `network` or are it (an address is a /32 or /128)."""
    version, first, last, length = _bounds(network)
    return Q(ip_version=version, network__lte=first, broadcast__gte=last, prefix_length__lte=length)


def prefixes_within(network: netaddr.IPNetwork, *, include: bool) -> Q:
    version, first, last, length = _bounds(network)
    longer = {"prefix_length__gte" if include else "prefix_length__gt": length}
    return Q(ip_version=version, network__gte=first, broadcast__lte=last, **longer)


def addresses_within(network: netaddr.IPNetwork, namespace_id: Any = None) -> Q:
    version, first, last, _ = _bounds(network)
    condition = Q(ip_version=version, host__gte=first, host__lte=last)
    return condition & Q(namespace_id=namespace_id) if namespace_id is not None else condition


def addresses_named(texts: list[str]) -> Q:
    """Addresses by text: `10.0.0.1/24` is that host with that mask, `10.0.0.1` that host with any mask."""
    conditions = []
    for text in texts:
        network = netaddr.IPNetwork(text)
        condition = Q(ip_version=network.version, host=address_to_bytes(int(network.ip), network.version))
        if "/" in text:
            condition &= Q(mask_length=network.prefixlen)
        conditions.append(condition)
    return _any(conditions)


def named_addresses(values: list[str]) -> models.QuerySet[Any]:
    """Addresses by id or as text (`10.0.0.1/24`, or `10.0.0.1` with any mask)."""
    ids = [text for text in values if is_uuid(text)]
    texts = [text for text in values if not is_uuid(text)]
    return IPAddress.objects.filter(Q(pk__in=ids) | addresses_named(texts))


class AssignedAddressesFilter(IdOrNetworkFilter):
    """Rows that hold any of the addresses named by id or as text through `field_name` (Nautobot's
    `ip_addresses` of devices and interfaces: `?ip_addresses=10.0.0.1&ip_addresses=<id>`), each row once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("schema_type", {"type": "array", "items": {"type": "string"}})
        super().__init__(*args, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: Any) -> models.QuerySet[Any]:
        if not value:
            return qs
        holding = qs.model._base_manager.filter(**{f"{self.field_name}__in": named_addresses(list(value))})
        return qs.filter(pk__in=holding.values("pk"))


def prefixes_named(values: list[str]) -> models.QuerySet[Any]:
    """The prefixes named by id or as text (`10.0.0.0/24`: that prefix in any namespace)."""
    conditions = [Q(pk__in=[text for text in values if is_uuid(text)])]
    for text in values:
        if not is_uuid(text):
            version, first, _, length = _bounds(netaddr.IPNetwork(text).cidr)
            conditions.append(Q(ip_version=version, network=first, prefix_length=length))
    return Prefix.objects.filter(_any(conditions))


def present_in_vrf(queryset: models.QuerySet[Any], name: str, value: Any, path: str) -> models.QuerySet[Any]:
    """Nautobot's `present_in_vrf` (a VRF's route distinguisher) and `present_in_vrf_id`: rows in the VRF, or in
    a VRF exporting a route target that it imports. A VRF that does not exist is a 400 naming the filter."""
    if value in (None, ""):
        return queryset
    vrf = VRF.objects.filter(pk=value).first() if name.endswith("_id") else VRF.objects.filter(rd=value).first()
    if vrf is None:
        raise exceptions.ValidationError({name: [f"There is no VRF {value}."]})
    imported = VRF.objects.filter(export_targets__in=vrf.import_targets.all()).values("pk")
    inside = queryset.model._base_manager.filter(Q(**{f"{path}": vrf.pk}) | Q(**{f"{path}__in": imported}))
    return queryset.filter(pk__in=inside.values("pk"))


class PrefixesFilter(RelatedFilter):
    """Rows related to prefixes named by id or as text (`?prefixes=10.0.0.0/24`), as Nautobot's tenant
    `prefixes` filter takes them; documented as a string."""

    field_class = IdOrNetworkField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(related=Prefix, to_field="prefix", descendants=False)
        super().__init__(*args, **kwargs)

    def ids_named(self, names: list[str]) -> set[Any]:
        return set(prefixes_named(names).values_list("pk", flat=True))


class AddressesFilter(RelatedFilter):
    """Rows related to addresses named by id or as text (`?virtual_ip=10.0.0.1/24`, or `10.0.0.1` with any
    mask), as Nautobot's `virtual_ip` and `primary_ip4` filters of DCIM objects take them."""

    field_class = IdOrNetworkField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(related=IPAddress, to_field="address", descendants=False)
        super().__init__(*args, **kwargs)

    def ids_named(self, names: list[str]) -> set[Any]:
        return set(IPAddress.objects.filter(addresses_named(names)).values_list("pk", flat=True))


def tree_depth() -> Any:
    """A prefix's depth in its namespace's tree (0 at a root): how many prefixes of its namespace hold it,
    as a correlated subquery on the containment index."""
    holding = (
        Prefix.objects.filter(
            namespace_id=OuterRef("namespace_id"),
            ip_version=OuterRef("ip_version"),
            network__lte=OuterRef("network"),
            broadcast__gte=OuterRef("broadcast"),
            prefix_length__lt=OuterRef("prefix_length"),
        )
        .order_by()
        .values("namespace_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(holding, output_field=models.IntegerField()), 0)


def _any(conditions: list[Q]) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


class NamespaceFilterSet(TenancyFilterSet):
    search_fields = ("name", "description")
    # Documented by id, as Nautobot's; the location itself only (a namespace is not "in" a site's rooms).
    location = RelatedFilter(field_name="location", related=Location, descendants=False, schema_type=AN_ID)

    class Meta:
        model = Namespace
        fields = ["name", "description", "location", "tenant"]


class RIRFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = RIR
        fields = ["name", "description", "is_private"]


class RouteTargetFilterSet(TenancyFilterSet):
    search_fields = ("name", "description")
    relations = {"exporting_vrfs": "exporting_vrfs", "importing_vrfs": "importing_vrfs"}

    class Meta:
        model = RouteTarget
        fields = ["name", "description", "tenant"]


class VRFFilterSet(TenancyFilterSet):
    search_fields = ("name", "rd", "description")
    import_targets = RelatedFilter(field_name="import_targets", related=RouteTarget)
    export_targets = RelatedFilter(field_name="export_targets", related=RouteTarget)
    prefix = PrefixesFilter(field_name="prefixes")
    # Where the VRF is assigned (Nautobot's names: one device, several virtual machines).
    relations = {
        "device": "devices",
        "virtual_machines": "virtual_machines",
        "virtual_device_contexts": "virtual_device_contexts",
    }

    class Meta:
        model = VRF
        fields = ["name", "rd", "namespace", "status", "tenant", "description"]


class PrefixFilterSet(TenancyFilterSet):
    prefix = NetworkFilter(method="filter_prefix", label="Prefix (exact)")
    within = NetworkFilter(method="filter_within", label="Within prefix (not the prefix itself)")
    within_include = NetworkFilter(method="filter_within_include", label="Within prefix, or the prefix itself")
    contains = NetworkFilter(method="filter_contains", label="Contains an address or prefix")
    prefix_exact = NetworkFilter(method="filter_prefix", label="Prefix (exact)")
    parent = IdOrNetworkFilter(method="filter_parent", label="Directly inside a prefix (its id, or as text)")
    parent__n = IdOrNetworkFilter(method="filter_parent", label="Not directly inside a prefix")
    parent__isnull = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label="A root prefix")
    ancestors = IdOrNetworkFilter(method="filter_ancestors", label="Holding a prefix (its id, or as text)")
    prefix_and_descendants = IdOrNetworkFilter(
        method="filter_prefix_and_descendants", label="A prefix (its id, or as text) and those inside it"
    )
    max_depth = documented_as(
        {"type": "number"},
        django_filters.NumberFilter(method="filter_max_depth", label="At most this deep in its tree"),
    )
    location = RelatedFilter(field_name="locations", related=Location)
    present_in_vrf = documented_as(
        {"type": "string"},
        django_filters.CharFilter(method="filter_present_in_vrf", label="In a VRF, or imported (its RD)"),
    )
    present_in_vrf_id = django_filters.UUIDFilter(method="filter_present_in_vrf", label="In a VRF, or imported (id)")
    vlan_id = MultiValueUUIDFilter(field_name="vlan", lookup_expr="exact")
    vlan_id__isnull = django_filters.BooleanFilter(field_name="vlan", lookup_expr="isnull")
    vlan_vid = MultiValueNumberFilter(field_name="vlan__vid", lookup_expr="exact")
    relations = {"locations": "locations", "vrfs": "vrfs"}
    has_relations = {"rir": "rir"}

    class Meta:
        model = Prefix
        fields = [
            "type",
            "ip_version",
            "prefix_length",
            "namespace",
            "status",
            "role",
            "tenant",
            "vlan",
            "rir",
            "description",
            "date_allocated",
        ]

    def filter_present_in_vrf(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        return present_in_vrf(queryset, name, value, "vrfs")

    def filter_prefix(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        conditions = []
        for text in value:
            network = netaddr.IPNetwork(text).cidr
            version, first, _, length = _bounds(network)
            conditions.append(Q(ip_version=version, network=first, prefix_length=length))
        return queryset.filter(_any(conditions))

    def filter_within(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        return queryset.filter(_any([prefixes_within(netaddr.IPNetwork(t).cidr, include=False) for t in value]))

    def filter_parent(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        parents = prefixes_named(value).values("pk")
        return queryset.exclude(parent__in=parents) if name.endswith("__n") else queryset.filter(parent__in=parents)

    def filter_ancestors(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        """The prefixes of the same namespace holding any of those named (not those themselves)."""
        conditions = []
        for prefix in prefixes_named(value):
            version, first, last, length = _bounds(prefix.ip_network)
            conditions.append(
                Q(namespace_id=prefix.namespace_id, ip_version=version, network__lte=first, broadcast__gte=last)
                & Q(prefix_length__lt=length)
            )
        return queryset.filter(_any(conditions))

    def filter_prefix_and_descendants(
        self, queryset: models.QuerySet[Any], name: str, value: list[str]
    ) -> models.QuerySet[Any]:
        conditions = []
        for prefix in prefixes_named(value):
            inside = prefixes_within(prefix.ip_network, include=True) & Q(namespace_id=prefix.namespace_id)
            conditions.append(inside)
        return queryset.filter(_any(conditions))

    def filter_max_depth(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.alias(tree_depth=tree_depth()).filter(tree_depth__lte=value)

    def filter_within_include(
        self, queryset: models.QuerySet[Any], name: str, value: list[str]
    ) -> models.QuerySet[Any]:
        return queryset.filter(_any([prefixes_within(netaddr.IPNetwork(t).cidr, include=True) for t in value]))

    def filter_contains(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        return queryset.filter(_any([prefixes_containing(netaddr.IPNetwork(t)) for t in value]))

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        condition = Q(description__icontains=value)
        network = as_network(value)
        if network is not None:
            condition |= prefixes_containing(network)
        return queryset.filter(condition)


class IPAddressFilterSet(TenancyFilterSet):
    address = NetworkFilter(method="filter_address", label="Address (with its mask length, or any mask without)")
    parent = IdOrNetworkFilter(method="filter_parent", label="Inside a prefix (its id, or as text)", schema_type=AN_ID)
    parent__n = IdOrNetworkFilter(method="filter_parent", label="Not inside a prefix", schema_type=AN_ID)
    # Every address has a parent prefix: `true` finds none.
    parent__isnull = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label="No parent")
    prefix = NetworkFilter(method="filter_within_prefix", label="Inside a prefix (as text)")
    prefix_exact = NetworkFilter(method="filter_parent_exact", label="Whose parent is exactly this prefix")
    device = NamesFilter(method="filter_device", label="Assigned to an interface of a device (name or id)")
    device_id = IdsFilter(method="filter_device", label="Assigned to an interface of a device (id)")
    interface = NamesFilter(method="filter_interface", label="Assigned to an interface (id or name)")
    interfaces = NamesFilter(method="filter_interface", label="Assigned to an interface (id or name)")
    interfaces__n = NamesFilter(method="filter_interface", label="Not assigned to an interface (id or name)")
    interfaces__isnull = django_filters.BooleanFilter(method="filter_unassigned", label="Assigned to no interface")
    has_interface_assignments = django_filters.BooleanFilter(method="filter_unassigned", label="Assigned to one")
    present_in_vrf = documented_as(
        {"type": "string"},
        django_filters.CharFilter(method="filter_present_in_vrf", label="In a VRF, or imported (its RD)"),
    )
    present_in_vrf_id = django_filters.UUIDFilter(method="filter_present_in_vrf", label="In a VRF, or imported (id)")
    # An address is in the VRFs of its parent prefix, as Nautobot has it.
    relations = {"nat_inside": "nat_inside", "services": "services", "vrfs": "parent__vrfs"}
    has_relations = {"nat_inside": "nat_inside"}

    class Meta:
        model = IPAddress
        fields = [
            "type",
            "ip_version",
            "mask_length",
            "namespace",
            "status",
            "role",
            "tenant",
            "dns_name",
            "description",
        ]

    def filter_address(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        return queryset.filter(addresses_named(value))

    def filter_present_in_vrf(self, queryset: models.QuerySet[Any], name: str, value: Any) -> models.QuerySet[Any]:
        return present_in_vrf(queryset, name, value, "parent__vrfs")

    def filter_parent(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        conditions = [addresses_within(netaddr.IPNetwork(t).cidr) for t in value if not is_uuid(t)]
        ids = [t for t in value if is_uuid(t)]
        for prefix in Prefix.objects.filter(pk__in=ids):
            conditions.append(addresses_within(prefix.ip_network, prefix.namespace_id))
        return queryset.exclude(_any(conditions)) if name.endswith("__n") else queryset.filter(_any(conditions))

    def filter_within_prefix(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        return queryset.filter(_any([addresses_within(netaddr.IPNetwork(t).cidr) for t in value]))

    def filter_parent_exact(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        return queryset.filter(parent__in=prefixes_named(value).values("pk"))

    def filter_device(self, queryset: models.QuerySet[Any], name: str, value: list[Any]) -> models.QuerySet[Any]:
        return self._assigned(queryset, "interface__device", Device, value)

    def filter_interface(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        if name == "interfaces__n":
            return queryset.exclude(pk__in=self._assigned(queryset, "interface", Interface, value).values("pk"))
        return self._assigned(queryset, "interface", Interface, value)

    def filter_unassigned(self, queryset: models.QuerySet[Any], name: str, value: bool | None) -> models.QuerySet[Any]:
        """`interfaces__isnull=true` and `has_interface_assignments=false`: no interface holds the address."""
        if value is None:
            return queryset
        unassigned = value if name == "interfaces__isnull" else not value
        assigned = IPAddressToInterface.objects.values("ip_address_id")
        return queryset.exclude(pk__in=assigned) if unassigned else queryset.filter(pk__in=assigned)

    def _assigned(
        self, queryset: models.QuerySet[Any], path: str, model: type[models.Model], value: list[Any]
    ) -> models.QuerySet[Any]:
        """Addresses assigned (through IPAddressToInterface) to one of the objects named by id or name."""
        ids = [str(v) for v in value if is_uuid(str(v))]
        names = [str(v) for v in value if not is_uuid(str(v))]
        condition = Q(**{f"{path}_id__in": ids})
        if names:
            condition |= Q(**{f"{path}__name__in": names})
        assigned = IPAddressToInterface.objects.filter(condition).values("ip_address_id")
        return queryset.filter(pk__in=assigned)

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        condition = Q(dns_name__icontains=value) | Q(description__icontains=value)
        network = as_network(value)
        if network is not None:
            condition |= addresses_within(network.cidr)
        return queryset.filter(condition)


class IPAddressToInterfaceFilterSet(BaseFilterSet):
    search_fields = ("interface__name", "interface__device__name")
    ip_address = IdOrNetworkFilter(
        method="filter_ip_address", label="The address (its id, or as text)", schema_type=AN_ID
    )
    ip_address__n = IdOrNetworkFilter(method="filter_ip_address", label="Not the address", schema_type=AN_ID)
    device = RelatedFilter(field_name="interface__device", related=Device)

    class Meta:
        model = IPAddressToInterface
        fields = [
            "interface",
            "is_source",
            "is_destination",
            "is_default",
            "is_preferred",
            "is_primary",
            "is_secondary",
            "is_standby",
        ]

    def filter_ip_address(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        ids = [text for text in value if is_uuid(text)]
        texts = [text for text in value if not is_uuid(text)]
        addresses = IPAddress.objects.filter(addresses_named(texts)).values("pk")
        condition = Q(ip_address_id__in=ids) | Q(ip_address__in=addresses)
        return queryset.exclude(condition) if name.endswith("__n") else queryset.filter(condition)


class VLANGroupFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = VLANGroup
        fields = ["name", "description", "location"]


class VLANFilterSet(TenancyFilterSet):
    search_fields = ("name", "description")
    location = RelatedFilter(field_name="locations", related=Location)
    available_on_device = IdsFilter(method="filter_available_on_device", label="Usable on a device (its id)")
    interfaces = NamesFilter(method="filter_interfaces", label="Carried by an interface (id or name)")
    relations = {"locations": "locations"}

    def filter_available_on_device(
        self, queryset: models.QuerySet[Any], name: str, value: list[Any]
    ) -> models.QuerySet[Any]:
        """VLANs a device can carry: those at no location, and those at the device's location or one above it."""
        if not value:
            return queryset
        places: set[Any] = set()
        for device in Device.objects.filter(pk__in=value).select_related("location"):
            if device.location is not None:
                places |= {device.location.pk, *(node.pk for node in device.location.ancestors())}
        located = VLAN.locations.through.objects.values("vlan_id")
        return queryset.filter(~Q(pk__in=located) | Q(pk__in=located.filter(location_id__in=places)))

    def filter_interfaces(self, queryset: models.QuerySet[Any], name: str, value: list[str]) -> models.QuerySet[Any]:
        """VLANs an interface carries, untagged or tagged."""
        ids = [text for text in value if is_uuid(text)]
        names = [text for text in value if not is_uuid(text)]
        interfaces = Interface.objects.filter(Q(pk__in=ids) | Q(name__in=names))
        untagged = interfaces.filter(untagged_vlan__isnull=False).values("untagged_vlan_id")
        tagged = Interface.tagged_vlans.through.objects.filter(interface__in=interfaces).values("vlan_id")
        return queryset.filter(Q(pk__in=untagged) | Q(pk__in=tagged))

    class Meta:
        model = VLAN
        fields = ["vid", "name", "vlan_group", "status", "role", "tenant", "description"]

    def search(self, queryset: models.QuerySet[Any], name: str, value: str) -> models.QuerySet[Any]:
        found = super().search(queryset, name, value)
        if value.strip().isdigit():
            found = found | queryset.filter(vid=int(value.strip()))
        return found
