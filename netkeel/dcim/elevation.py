"""What a rack holds, unit by unit: read once, shared by the rack's page (its drawings) and the REST API's
`/api/dcim/racks/<id>/elevation/` (its list of units).

A device shows on a face when it is mounted on that face, or when it is full depth (it then fills the unit
from behind); a half-depth device on the other face leaves the unit free. 0U devices and devices without a
position are in the rack but on no unit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from netkeel.dcim.models import Device, Rack, RackReservation


@dataclass(frozen=True)
class Contents:
    """What a rack holds: its mounted devices, those in it without a position, its reservations."""

    mounted: list[Device]
    unmounted: list[Device]
    reservations: list[RackReservation]

    def reserved_units(self) -> dict[int, RackReservation]:
        return {unit: reservation for reservation in self.reservations for unit in reservation.units}


def rack_devices(rack: Rack) -> tuple[list[Device], list[Device]]:
    """The rack's devices in one query: (mounted on units, in the rack without a unit)."""
    devices = list(
        Device.objects.filter(rack=rack)
        .select_related("device_type__manufacturer", "role", "virtual_chassis")
        .order_by("position", "name")
    )
    mounted = [d for d in devices if d.position is not None and d.device_type.u_height > 0]
    return mounted, [d for d in devices if d not in mounted]


def contents(rack: Rack) -> Contents:
    mounted, unmounted = rack_devices(rack)
    reservations = list(RackReservation.objects.filter(rack=rack).select_related("user").order_by("created"))
    return Contents(mounted, unmounted, reservations)


def shows_on(device: Device, face: str) -> bool:
    """Whether a mounted device takes its units on `face`."""
    return device.face == face or bool(device.device_type.is_full_depth)


def units_top_down(rack: Rack) -> list[int]:
    """The rack's unit numbers as drawn from the top: descending, or ascending for racks numbered top down."""
    units = range(1, rack.u_height + 1)
    return list(units) if rack.desc_units else list(reversed(units))


def rack_units(
    rack: Rack,
    mounted: list[Device],
    face: str,
    exclude: uuid.UUID | None = None,
    expand_devices: bool = True,
) -> list[dict[str, Any]]:
    """Each unit of `face` from the top as `{id, name, face, device, occupied}`. A device is on every unit it
    takes; with `expand_devices` false it is on its lowest unit (its position) only and the units above it
    that it takes are left out. `exclude` leaves one device out (one being moved within the rack)."""
    elevation: dict[int, dict[str, Any]] = {
        unit: {"id": unit, "name": f"U{unit}", "face": face, "device": None, "occupied": False}
        for unit in units_top_down(rack)
    }
    for device in mounted:
        if device.pk == exclude or not shows_on(device, face):
            continue
        assert device.position is not None
        taken = range(device.position, device.position + device.device_type.u_height)
        for unit in taken if expand_devices else taken[:1]:
            if unit in elevation:
                elevation[unit].update(device=device, occupied=True)
        if not expand_devices:
            for unit in taken[1:]:
                elevation.pop(unit, None)
    return list(elevation.values())
