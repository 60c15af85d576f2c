"""IPAM writes: prefixes and addresses with their parents kept right, and safe allocation.

- Creating or deleting a prefix re-parents the prefixes and addresses below it with two set-based
  UPDATEs, never row by row.
- Writes in one namespace are serialized by locking the namespace row (PostgreSQL and MariaDB; SQLite
  serializes every write transaction), so two clients allocating from one prefix never get the same
  address and concurrent prefix creation never leaves a wrong parent.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from netkeel.extras.changelog import record_bulk_create
from netkeel.ipam import ipmath, queries
from netkeel.ipam.addresses import parse_address, parse_prefix
from netkeel.ipam.fields import address_to_bytes
from netkeel.ipam.models import IPAddress, IPAddressToInterface, Namespace, Prefix
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
    Namespace.objects.select_for_update().filter(pk=namespace.pk).values_list("pk", flat=True).first()


@transaction.atomic
def create_prefix(prefix: str, *, namespace: Namespace | Any | None = None, **fields: Any) -> Prefix:
    """Validate and save a prefix, then hand it the prefixes and addresses it now contains."""
    parsed = parse_prefix(prefix)
    space = _namespace(namespace)
    _lock_namespace(space)
    network = address_to_bytes(parsed.network, parsed.version)
    last = ipmath.prefix_span(parsed.network, parsed.prefix_length, parsed.version).last
    if Prefix.objects.filter(namespace=space, network=network, prefix_length=parsed.prefix_length).exists():
        raise ValidationError({"prefix": f"{parsed} already exists in namespace {space}."})
    parent = queries.closest_prefix(space.pk, parsed.version, parsed.network, last, parsed.prefix_length - 1)
    new = Prefix(
        network=network,
        broadcast=address_to_bytes(last, parsed.version),
        prefix_length=parsed.prefix_length,
        ip_version=parsed.version,
        namespace=space,
        parent=parent,
        **fields,
    )
    new.full_clean(validate_constraints=False)
    new.save(force_insert=True)
    adopt_descendants(new, parent)
    return new


def adopt_descendants(prefix: Prefix, former_parent: Prefix | None) -> None:
    """Move the prefixes and addresses inside `prefix` that hung on its parent under `prefix` itself."""
    inside = {
        "namespace_id": prefix.namespace_id,
        "ip_version": prefix.ip_version,
        "network__gte": prefix.network,
        "broadcast__lte": prefix.broadcast,
        "prefix_length__gt": prefix.prefix_length,
    }
    Prefix.objects.filter(parent=former_parent, **inside).exclude(pk=prefix.pk).update(parent=prefix)
    if former_parent is not None:
        # An address hangs on a prefix no longer than its mask, so only those with mask >= length move.
        IPAddress.objects.filter(
            parent=former_parent,
            ip_version=prefix.ip_version,
            host__gte=prefix.network,
            host__lte=prefix.broadcast,
            mask_length__gte=prefix.prefix_length,
        ).update(parent=prefix)


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
    prefix.children.update(parent=prefix.parent_id)
    prefix.ip_addresses.update(parent=prefix.parent_id)
    prefix.delete()


@transaction.atomic
def create_ip_address(address: str, *, namespace: Namespace | Any | None = None, **fields: Any) -> IPAddress:
    """Validate and save an address under the closest prefix of its namespace that contains it."""
    parsed = parse_address(address)
    space = _namespace(namespace)
    _lock_namespace(space)
    parent = queries.closest_prefix(space.pk, parsed.version, parsed.host, parsed.host, parsed.mask_length)
    if parent is None:
        raise ValidationError(
            {
                "address": f"No prefix in namespace {space} contains {parsed}; create a prefix for it first "
                f"(for example {_suggested_prefix(parsed.host, parsed.mask_length, parsed.version)})."
            }
        )
    host = address_to_bytes(parsed.host, parsed.version)
    if IPAddress.objects.filter(namespace=space, host=host).exists():
        text = ipmath.format_address(parsed.host, parsed.version)
        raise ValidationError({"address": f"{text} already exists in namespace {space}."})
    ip = IPAddress(
        host=host, mask_length=parsed.mask_length, ip_version=parsed.version, parent=parent, namespace=space, **fields
    )
    ip.full_clean(validate_constraints=False)
    ip.save(force_insert=True)
    return ip


def _suggested_prefix(host: int, length: int, version: int) -> str:
    bits = ipmath.address_bits(version)
    network = host >> (bits - length) << (bits - length)
    return f"{ipmath.format_address(network, version)}/{length}"


@transaction.atomic
def allocate_ip_addresses(prefix: Prefix, count: int = 1, **fields: Any) -> list[IPAddress]:
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
        ip.full_clean(validate_constraints=False, exclude=["parent", "namespace"])
        created.append(ip)
    IPAddress.objects.bulk_create(created)
    record_bulk_create(created)
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
def assign_ip_address(ip_address: IPAddress, interface: Any, **flags: bool) -> IPAddressToInterface:
    assignment = IPAddressToInterface(ip_address=ip_address, interface=interface, **flags)
    if IPAddressToInterface.objects.filter(ip_address=ip_address, interface=interface).exists():
        raise ValidationError({"interface": f"{ip_address} is already assigned to {interface}."})
    assignment.full_clean(validate_constraints=False)
    assignment.save(force_insert=True)
    return assignment
