"""IPAM writes: prefixes and addresses with their parents kept right, and safe allocation.

- Creating, moving or deleting a prefix re-parents the prefixes and addresses below it with set-based
  UPDATEs, never row by row, each recorded in the change log (`recorded_update`: a constant number of
  queries whatever the number of rows moved, so the moves reach the change log and webhooks too).
- Writes in one namespace are serialized by locking the namespace row (PostgreSQL and MariaDB; SQLite
  serializes every write transaction), so two clients allocating from one prefix never get the same
  address and concurrent prefix creation never leaves a wrong parent. VLAN allocation locks the group.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from netkeel.extras.changelog import record_bulk_create, recorded_update
from netkeel.extras.services import save_changes, save_new, set_custom_fields, set_tags
from netkeel.ipam import ipmath, queries
from netkeel.ipam.addresses import parse_address, parse_prefix
from netkeel.ipam.fields import address_to_bytes
from netkeel.ipam.models import (
    VLAN,
    IPAddress,
    IPAddressToInterface,
    Namespace,
    Prefix,
    PrefixLocationAssignment,
    Service,
    VLANGroup,
    VLANLocationAssignment,
    VRFDeviceAssignment,
    VRFPrefixAssignment,
)
from netkeel.ipam.models.namespaces import GLOBAL_NAMESPACE


class NoRoomError(ValidationError):
    """A prefix has fewer free addresses or prefixes than were asked for."""


def _namespace(namespace: Namespace | Any | None) -> Namespace:
    if isinstance(namespace, Namespace):
        return namespace
    if namespace is None:
        return Namespace.objects.get_or_create(name=GLOBAL_NAMESPACE)[0]
    found = Namespace.objects.filter(pk=namespace).first() if not isinstance(namespace, str) else None
    found = found or Namespace.objects.filter(name=str(namespace)).first()
    if found is None:
        raise ValidationError({"namespace": f"There is no namespace {namespace!r}."})
    return found


def _lock_namespace(namespace: Namespace) -> None:
    """Serialize writes within one namespace until the transaction ends."""
    _lock_namespaces(namespace.pk)


def _lock_namespaces(*ids: Any) -> None:
    """Lock namespaces in primary-key order (a move between two waits for, never deadlocks with, another)."""
    list(Namespace.objects.select_for_update().filter(pk__in=set(ids)).order_by("pk").values_list("pk", flat=True))


DUPLICATE_ADDRESS_NAUTOBOT = "IP address with this Parent and Host already exists."
# A prefix's `parent` the client did not give (None is a given "no parent").
NOT_GIVEN: Any = object()


@transaction.atomic
def create_prefix(
    prefix: str,
    *,
    namespace: Namespace | Any | None = None,
    parent: Prefix | None | Any = NOT_GIVEN,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Prefix:
    """Validate and save a prefix, then hand it the prefixes and addresses it now contains. A `parent` given
    (Nautobot's API takes one) must be the one it gets: the closest prefix holding it in its namespace."""
    parsed = parse_prefix(prefix)
    space = _namespace(namespace)
    _lock_namespace(space)
    network = address_to_bytes(parsed.network, parsed.version)
    last = ipmath.prefix_span(parsed.network, parsed.prefix_length, parsed.version).last
    _refuse_duplicate_prefix(space, network, parsed.prefix_length, str(parsed))
    closest = queries.closest_prefix(space.pk, parsed.version, parsed.network, last, parsed.prefix_length - 1)
    _check_given_parent(parent, closest, str(parsed), space)
    parent = closest
    new = Prefix(
        network=network,
        broadcast=address_to_bytes(last, parsed.version),
        prefix_length=parsed.prefix_length,
        ip_version=parsed.version,
        namespace=space,
        parent=parent,
        **fields,
    )
    set_custom_fields(new, custom_fields, new=True)
    new.full_clean(validate_constraints=False)
    new.save(force_insert=True)
    set_tags(new, tags)
    adopt_descendants(new, parent)
    return new


def _check_given_parent(given: Any, actual: Prefix | None, text: str, space: Namespace) -> None:
    """A 400 naming `parent` when the client gave one other than `actual`, the prefix's computed parent."""
    if given is NOT_GIVEN or getattr(given, "pk", None) == getattr(actual, "pk", None):
        return
    where = f"no prefix holds it in namespace {space}"
    if actual is not None:
        where = f"the closest prefix holding it in namespace {space} is {actual}"
    shown = "null" if given is None else f"{given} (namespace {given.namespace})"
    raise ValidationError({"parent": [f"{shown} cannot be the parent of {text}: {where}."]})


def _refuse_duplicate_prefix(space: Namespace, network: bytes, length: int, text: str, exclude: Any = None) -> None:
    if Prefix.objects.filter(namespace=space, network=network, prefix_length=length).exclude(pk=exclude).exists():
        raise ValidationError({"prefix": f"{text} already exists in namespace {space}."})


@transaction.atomic
def update_prefix(
    instance: Prefix,
    *,
    prefix: str | None = None,
    namespace: Namespace | Any | None = None,
    parent: Prefix | None | Any = NOT_GIVEN,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> Prefix:
    """Change a prefix. Given another network or length (`prefix`, as text) or namespace, it moves: what it
    held goes to its old parent unless still inside it, it takes its place under the closest prefix holding
    it there, and adopts what it now contains. Refused when addresses it held would be left in no prefix,
    or when a `parent` given is not the one it has (or, moved, gets)."""
    space = _namespace(namespace) if namespace is not None else instance.namespace
    parsed = parse_prefix(prefix) if prefix is not None else None
    moves = space.pk != instance.namespace_id or (
        parsed is not None
        and (parsed.version, parsed.network, parsed.prefix_length)
        != (instance.ip_version, instance.first, instance.prefix_length)
    )
    if moves:
        _lock_namespaces(space.pk, instance.namespace_id)
    for name, value in changes.items():
        setattr(instance, name, value)
    set_custom_fields(instance, custom_fields, new=False)
    if moves:
        target = parsed or parse_prefix(instance.prefix)
        _move_prefix(instance, space, target.version, target.network, target.prefix_length, str(target))
    instance.full_clean(validate_constraints=False)
    instance.save()
    set_tags(instance, tags)
    if moves:
        _take_place(instance)
    _check_given_parent(parent, instance.parent, str(instance), space)
    return instance


def _move_prefix(prefix: Prefix, space: Namespace, version: int, network: int, length: int, text: str) -> None:
    """Let go of what `prefix` holds (its children to its parent; its addresses too, unless they stay
    inside it where it goes) and give it its new network, length and namespace, with no parent yet."""
    last = ipmath.prefix_span(network, length, version).last
    _refuse_duplicate_prefix(space, address_to_bytes(network, version), length, text, exclude=prefix.pk)
    old_parent, old_text = prefix.parent_id, str(prefix)
    recorded_update(Prefix.objects.filter(parent=prefix), parent=old_parent)
    prefix.network = address_to_bytes(network, version)
    prefix.broadcast = address_to_bytes(last, version)
    prefix.prefix_length = length
    prefix.ip_version = version
    prefix.namespace = space
    prefix.parent = None
    leaving = IPAddress.objects.filter(parent=prefix).exclude(**queries.held_filter(prefix))
    if old_parent is None:
        stranded = leaving.count()
        if stranded:
            raise ValidationError(
                {
                    "prefix": f"{old_text} holds {stranded} IP address(es) that {text} would not, and no larger "
                    f"prefix contains them; delete or move them first, or create a containing prefix."
                }
            )
    else:
        recorded_update(leaving, parent=old_parent)


def _take_place(prefix: Prefix) -> None:
    """Hang a moved prefix under the closest prefix holding it, adopt what it now contains, and hand the
    addresses it kept to the children that now hold them."""
    parent = queries.closest_prefix(
        prefix.namespace_id, prefix.ip_version, prefix.first, prefix.last, prefix.prefix_length - 1
    )
    if parent is not None:
        recorded_update(Prefix.objects.filter(pk=prefix.pk), parent=parent)
        prefix.parent = parent
    adopt_descendants(prefix, parent)
    if IPAddress.objects.filter(parent=prefix).exists():
        for child in Prefix.objects.filter(parent=prefix).order_by("prefix_length"):
            recorded_update(IPAddress.objects.filter(parent=prefix, **queries.held_filter(child)), parent=child)


def adopt_descendants(prefix: Prefix, former_parent: Prefix | None) -> None:
    """Move the prefixes and addresses inside `prefix` that hung on its parent under `prefix` itself."""
    inside = {
        "namespace_id": prefix.namespace_id,
        "ip_version": prefix.ip_version,
        "network__gte": prefix.network,
        "broadcast__lte": prefix.broadcast,
        "prefix_length__gt": prefix.prefix_length,
    }
    recorded_update(Prefix.objects.filter(parent=former_parent, **inside).exclude(pk=prefix.pk), parent=prefix)
    if former_parent is not None:
        recorded_update(IPAddress.objects.filter(parent=former_parent, **queries.held_filter(prefix)), parent=prefix)


@transaction.atomic
def delete_prefix(prefix: Prefix) -> None:
    """Delete a prefix; what it held moves up to its parent. Refused when addresses would have no parent."""
    _lock_namespace(prefix.namespace)
    prefix = Prefix.objects.get(pk=prefix.pk)
    held = prefix.ip_addresses.count()
    if held and prefix.parent_id is None:
        raise ValidationError(
            {
                "prefix": f"{prefix} holds {held} IP address(es) and no larger prefix contains it; "
                f"delete or move them first, or create a containing prefix."
            }
        )
    recorded_update(prefix.children.all(), parent=prefix.parent_id)
    recorded_update(prefix.ip_addresses.all(), parent=prefix.parent_id)
    prefix.delete()


@transaction.atomic
def create_ip_address(
    address: str,
    *,
    namespace: Namespace | Any | None = None,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> IPAddress:
    """Validate and save an address under the closest prefix of its namespace that contains it."""
    parsed = parse_address(address)
    space = _namespace(namespace)
    _lock_namespace(space)
    ip = IPAddress(**fields)
    _place_address(ip, parsed, space)
    set_custom_fields(ip, custom_fields, new=True)
    ip.full_clean(validate_constraints=False)
    ip.save(force_insert=True)
    set_tags(ip, tags)
    return ip


def _place_address(ip: IPAddress, parsed: Any, space: Namespace) -> None:
    """Give `ip` the address `parsed` in `space`, under the closest prefix there holding it."""
    parent = queries.closest_prefix(space.pk, parsed.version, parsed.host, parsed.host, parsed.mask_length)
    if parent is None:
        raise ValidationError(
            {
                "address": f"No prefix in namespace {space} contains {parsed}; create a prefix for it first "
                f"(for example {_suggested_prefix(parsed.host, parsed.mask_length, parsed.version)})."
            }
        )
    host = address_to_bytes(parsed.host, parsed.version)
    if IPAddress.objects.filter(namespace=space, host=host).exclude(pk=ip.pk).exists():
        # Ours says which address and where; Nautobot's sentence follows, as clients match on it.
        text = ipmath.format_address(parsed.host, parsed.version)
        raise ValidationError({"address": [f"{text} already exists in namespace {space}.", DUPLICATE_ADDRESS_NAUTOBOT]})
    ip.host, ip.mask_length, ip.ip_version = host, parsed.mask_length, parsed.version
    ip.parent, ip.namespace = parent, space


@transaction.atomic
def update_ip_address(
    ip: IPAddress,
    *,
    address: str | None = None,
    namespace: Namespace | Any | None = None,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> IPAddress:
    """Change an address. Given another address, mask length or namespace it moves, under the closest
    prefix holding it there (refused when none does, or the address is taken)."""
    space = _namespace(namespace) if namespace is not None else ip.namespace
    parsed = parse_address(address) if address is not None else None
    moves = space.pk != ip.namespace_id or (
        parsed is not None
        and (parsed.version, parsed.host, parsed.mask_length) != (ip.ip_version, ip.host_int, ip.mask_length)
    )
    for name, value in changes.items():
        setattr(ip, name, value)
    if moves:
        _lock_namespaces(space.pk, ip.namespace_id)
        _place_address(ip, parsed or parse_address(ip.address), space)
    set_custom_fields(ip, custom_fields, new=False)
    ip.full_clean(validate_constraints=False)
    ip.save()
    set_tags(ip, tags)
    return ip


def _suggested_prefix(host: int, length: int, version: int) -> str:
    bits = ipmath.address_bits(version)
    network = host >> (bits - length) << (bits - length)
    return f"{ipmath.format_address(network, version)}/{length}"


@transaction.atomic
def allocate_ip_addresses(
    prefix: Prefix,
    count: int = 1,
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> list[IPAddress]:
    """Create the next `count` free addresses of `prefix` (with its mask length). All or nothing."""
    if count < 1:
        raise ValidationError({"count": "Ask for at least one address."})
    _lock_namespace(prefix.namespace)
    prefix = Prefix.objects.get(pk=prefix.pk)
    free = queries.available_addresses(prefix, count)
    if len(free) < count:
        raise NoRoomError(
            f"{prefix} has {len(free)} free address(es); {count} were asked for."
            if free
            else f"{prefix} has no free addresses."
        )
    created = []
    for address in free:
        parsed = parse_address(address)
        ip = IPAddress(
            host=address_to_bytes(parsed.host, parsed.version),
            mask_length=parsed.mask_length,
            ip_version=parsed.version,
            parent=prefix,
            namespace=prefix.namespace,
            **fields,
        )
        set_custom_fields(ip, custom_fields, new=True)
        ip.full_clean(validate_constraints=False, exclude=["parent", "namespace"])
        created.append(ip)
    IPAddress.objects.bulk_create(created)
    record_bulk_create(created)
    for ip in created:
        set_tags(ip, tags)
    return created


@transaction.atomic
def allocate_prefixes(prefix: Prefix, prefix_length: int, count: int = 1, **fields: Any) -> list[Prefix]:
    """Create the next `count` free child prefixes of `prefix_length` inside `prefix`. All or nothing."""
    bits = ipmath.address_bits(prefix.ip_version)
    if not isinstance(prefix_length, int) or not prefix.prefix_length < prefix_length <= bits:
        raise ValidationError(
            {"prefix_length": f"Give a length from {prefix.prefix_length + 1} to {bits} for a prefix inside {prefix}."}
        )
    _lock_namespace(prefix.namespace)
    prefix = Prefix.objects.get(pk=prefix.pk)
    blocks = ipmath.available_prefixes(
        prefix.span, queries.child_prefix_spans(prefix), prefix_length, prefix.ip_version, count
    )
    if len(blocks) < count:
        raise NoRoomError(f"{prefix} has room for {len(blocks)} /{prefix_length}(s); {count} were asked for.")
    return [
        create_prefix(
            f"{ipmath.format_address(network, prefix.ip_version)}/{length}", namespace=prefix.namespace, **fields
        )
        for network, length in blocks
    ]


@transaction.atomic
def assign_ip_address(
    ip_address: IPAddress,
    interface: Any = None,
    *,
    vm_interface: Any = None,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **flags: bool,
) -> IPAddressToInterface:
    """Assign an address to a device's interface or to a virtual machine's (exactly one: `clean` says so)."""
    assignment = IPAddressToInterface(ip_address=ip_address, interface=interface, vm_interface=vm_interface, **flags)
    for field, target in (("interface", interface), ("vm_interface", vm_interface)):
        if (
            target is not None
            and IPAddressToInterface.objects.filter(ip_address=ip_address, **{field: target}).exists()
        ):
            raise ValidationError({field: f"{ip_address} is already assigned to {target}."})
    set_custom_fields(assignment, custom_fields, new=True)
    assignment.full_clean(validate_constraints=False)
    assignment.save(force_insert=True)
    set_tags(assignment, tags)
    return assignment


def free_vids(group: VLANGroup) -> Iterator[int]:
    """The group's VLAN ids not yet taken, lowest first (ranges may overlap; each id comes once)."""
    taken = set(VLAN.objects.filter(vlan_group=group).values_list("vid", flat=True))
    for low, high in sorted(group.vid_ranges):
        for vid in range(low, high + 1):
            if vid not in taken:
                taken.add(vid)
                yield vid


def locked_free_vids(group: VLANGroup) -> tuple[VLANGroup, Iterator[int]]:
    """The group as it is now, locked until the transaction ends (allocations in one group wait for each
    other), and its free ids, lowest first: for allocating several VLANs in one transaction."""
    VLANGroup.objects.select_for_update().filter(pk=group.pk).values_list("pk", flat=True).first()
    group = VLANGroup.objects.get(pk=group.pk)
    return group, free_vids(group)


@transaction.atomic
def allocate_vlan(
    group: VLANGroup,
    *,
    vid: int | None = None,
    reserved: Collection[int] = (),
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    batch: dict[str, Any] | None = None,
    **fields: Any,
) -> VLAN:
    """Create a VLAN in `group`: with `vid` when one is asked for (free, in the group's range), else with the
    lowest free id not `reserved` (the ids other VLANs of the same request ask for, as Nautobot sets them
    aside first). Allocations in one group wait for each other. `batch`: a dict the caller keeps for several
    allocations in one transaction; the group is locked and its free ids read at the first
    (`locked_free_vids`) and kept there for the next, not read per VLAN."""
    locked = batch.get("locked") if batch is not None else None
    if locked is None:
        locked = locked_free_vids(group)
        if batch is not None:
            batch["locked"] = locked
    group, free = locked
    if vid is not None:
        if not any(low <= vid <= high for low, high in group.vid_ranges):
            raise ValidationError({"vid": f"VLAN id {vid} is outside the range {group.range} of group {group}."})
        if VLAN.objects.filter(vlan_group=group, vid=vid).exists():
            raise ValidationError({"vid": f"VLAN id {vid} is already taken in group {group}."})
    else:
        vid = next((candidate for candidate in free if candidate not in reserved), None)
        if vid is None:
            raise NoRoomError(f"VLAN group {group} has no free VLAN id in {group.range}.")
    vlan = VLAN(vid=vid, vlan_group=group, **fields)
    set_custom_fields(vlan, custom_fields, new=True)
    vlan.full_clean()
    vlan.save(force_insert=True)
    set_tags(vlan, tags)
    return vlan


def refuse_foreign_addresses(service: Service, addresses: Iterable[Any] | None) -> None:
    """A 400 naming `ip_addresses` when one of `addresses` is not on an interface of the service's parent."""
    foreign = service.foreign_addresses(list(addresses or ()))
    if foreign:
        parent = "device" if service.device_id else "virtual machine"
        raise ValidationError(
            {"ip_addresses": f"{foreign[0]} is not assigned to an interface of this service's {parent}."}
        )


def create_service(
    *,
    ip_addresses: Iterable[Any] | None = None,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Service:
    """A service on a device or a virtual machine (exactly one), bound to some of that parent's addresses."""
    service = Service(**fields)
    if ip_addresses is not None:
        ip_addresses = list(ip_addresses)
        refuse_foreign_addresses(service, ip_addresses)
    save_new(service, fields, tags, custom_fields, many_to_many={"ip_addresses": ip_addresses})
    return service


@transaction.atomic
def update_service(
    service: Service,
    *,
    ip_addresses: Iterable[Any] | None = None,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> Service:
    """Change a service. The addresses given must be its (new) parent's; a service moved to another device or
    virtual machine without new addresses must be able to keep the ones it has."""
    moved = any(name in changes for name in ("device", "virtual_machine"))
    save_changes(service, changes, tags, custom_fields)
    if ip_addresses is not None:
        ip_addresses = list(ip_addresses)
        refuse_foreign_addresses(service, ip_addresses)
        service.ip_addresses.set(ip_addresses)
    elif moved:
        refuse_foreign_addresses(service, service.ip_addresses.all())
    return service


@transaction.atomic
def delete_service(service: Service) -> None:
    service.delete()


# The assignments of Nautobot 3 (a VRF on a device, a virtual machine or a prefix; a prefix's or a VLAN's
# locations), written one at a time through their own routes; each model judges itself in `clean`.
ASSIGNMENT_MODELS = (VRFDeviceAssignment, VRFPrefixAssignment, PrefixLocationAssignment, VLANLocationAssignment)


def create_assignment(
    model: type[Any],
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Any:
    """Create one of `ASSIGNMENT_MODELS` (judged before the transaction opens: a VRF on a device or a virtual
    machine, not both; a prefix in its VRF's namespace; each pair once)."""
    if model not in ASSIGNMENT_MODELS:
        raise TypeError(f"{model.__name__} is not written by create_assignment.")
    assignment = model(**fields)
    if isinstance(assignment, VRFDeviceAssignment):
        assignment.take_vrf_defaults()  # also when the API's serializer has judged it (no clean() here then)
    save_new(assignment, fields, tags, custom_fields)
    return assignment


@transaction.atomic
def update_assignment(
    assignment: Any,
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> Any:
    save_changes(assignment, changes, tags, custom_fields)
    return assignment


def assign_vrf(vrf: Any, **fields: Any) -> VRFDeviceAssignment:
    """Put `vrf` on a device or a virtual machine (`device=` or `virtual_machine=`, `rd=`, `name=`)."""
    return create_assignment(VRFDeviceAssignment, vrf=vrf, **fields)


def assign_vrf_to_prefix(vrf: Any, prefix: Prefix) -> VRFPrefixAssignment:
    return create_assignment(VRFPrefixAssignment, vrf=vrf, prefix=prefix)
