"""Services: a layer-four application (SSH, HTTPS, BGP) listening on a device or a virtual machine, on some
ports of one protocol, optionally bound to some of its parent's own addresses (Nautobot's `ipam.Service`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.extras.fields import TagsField
from netkeel.ipam.choices import ServiceProtocolChoices
from netkeel.ipam.models.prefixes import IPAddressToInterface

PORT_MIN, PORT_MAX = 1, 65535


def port_errors(ports: Any) -> list[str]:
    """What is wrong with a list of port numbers (none when every one is a whole number in 1-65535)."""
    if not isinstance(ports, list) or not ports:
        return ["Give the ports as a list of one or more numbers."]
    wrong = [p for p in ports if isinstance(p, bool) or not isinstance(p, int) or not PORT_MIN <= p <= PORT_MAX]
    return [f"Ports are whole numbers from {PORT_MIN} to {PORT_MAX}: not {wrong[0]!r}."] if wrong else []


def port_list(ports: Iterable[int]) -> str:
    """`22`, `80-81, 443`: consecutive ports as ranges, as Nautobot shows them."""
    spans: list[list[int]] = []
    for port in sorted(set(ports)):
        if spans and port == spans[-1][1] + 1:
            spans[-1][1] = port
        else:
            spans.append([port, port])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def parse_port_list(text: str) -> list[int]:
    """`"22, 8000-8002"` as `[22, 8000, 8001, 8002]`; a ValueError saying what is not a port or a range."""
    ports: list[int] = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        first, _, last = part.partition("-")
        try:
            low, high = int(first), int(last or first)
        except ValueError:
            raise ValueError(f"{part!r} is neither a port number nor a range such as 8000-8010.") from None
        if not PORT_MIN <= low <= high <= PORT_MAX:
            raise ValueError(f"{part!r}: ports are whole numbers from {PORT_MIN} to {PORT_MAX}, ranges low-high.")
        ports.extend(range(low, high + 1))
    return ports


class Service(BaseModel):
    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, null=True, blank=True, related_name="services")
    virtual_machine = models.ForeignKey(
        "virtualization.VirtualMachine", on_delete=models.CASCADE, null=True, blank=True, related_name="services"
    )
    name = models.CharField(max_length=255, db_index=True)
    protocol = models.CharField(max_length=50, choices=ServiceProtocolChoices.flat())
    ports = models.JSONField(verbose_name="port numbers")
    ip_addresses = models.ManyToManyField(
        "ipam.IPAddress", related_name="services", blank=True, verbose_name="IP addresses"
    )
    description = models.CharField(max_length=255, blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name", "virtual_machine__name", "device__name")

    class Meta:
        ordering = ["protocol", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "device"], name="ipam_service_unique_device_name"),
            models.UniqueConstraint(fields=["name", "virtual_machine"], name="ipam_service_unique_vm_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({ServiceProtocolChoices.label_of(self.protocol)}/{port_list(self.ports or [])})"

    @property
    def parent(self) -> Any:
        return self.device or self.virtual_machine

    @property
    def port_list(self) -> str:
        return port_list(self.ports or [])

    def clean(self) -> None:
        super().clean()
        errors = port_errors(self.ports)
        if errors:
            raise ValidationError({"ports": errors})
        # Exactly one parent, as Nautobot's; said on both fields so a client sees which to give.
        if self.device_id and self.virtual_machine_id:
            message = "A service cannot be associated with both a device and a virtual machine."
            raise ValidationError({"device": message, "virtual_machine": message})
        if not self.device_id and not self.virtual_machine_id:
            message = "A service must be associated with either a device or a virtual machine."
            raise ValidationError({"device": message, "virtual_machine": message})

    def foreign_addresses(self, addresses: Iterable[Any]) -> list[Any]:
        """Those of `addresses` not assigned to an interface of this service's device or virtual machine
        (Nautobot's form offers only the parent's own; netkeel refuses the others everywhere)."""
        ids = {getattr(address, "pk", address) for address in addresses}
        if not ids:
            return []
        assignments = IPAddressToInterface.objects.filter(ip_address_id__in=ids)
        if self.device_id:
            own = assignments.filter(interface__device_id=self.device_id)
        elif self.virtual_machine_id:
            own = assignments.filter(vm_interface__virtual_machine_id=self.virtual_machine_id)
        else:
            return []
        mine = set(own.values_list("ip_address_id", flat=True))
        return [address for address in addresses if getattr(address, "pk", address) not in mine]
