"""Small builders for DCIM tests: a location, a device type with templates, devices, panels.

Each builder creates only what it is asked for, through the same service functions users go through.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.contenttypes.models import ContentType

from netkeel.dcim import services
from netkeel.dcim.models import (
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    Device,
    DeviceType,
    FrontPortTemplate,
    InterfaceTemplate,
    Location,
    LocationType,
    Manufacturer,
    PowerOutletTemplate,
    PowerPortTemplate,
    Rack,
    RearPortTemplate,
)
from netkeel.extras.models import Role, Status

_counter = itertools.count(1)


def status(name: str = "Active") -> Status:
    return Status.objects.get(name=name)


def location(name: str | None = None) -> Location:
    site_type, _ = LocationType.objects.get_or_create(name="Site")
    return Location.objects.create(
        name=name or f"site-{next(_counter)}", location_type=site_type, status=status("Active")
    )


def role(name: str = "Leaf") -> Role:
    found, created = Role.objects.get_or_create(name=name)
    if created:
        found.content_types.add(ContentType.objects.get_for_model(Device))
    return found


def device_type(
    model: str | None = None,
    *,
    interfaces: int = 0,
    console_ports: int = 0,
    console_server_ports: int = 0,
    power_ports: int = 0,
    power_outlets: int = 0,
    rear_ports: int = 0,
    positions: int = 1,
    u_height: int = 1,
    full_depth: bool = True,
    interface_type: str = "1000base-t",
) -> DeviceType:
    """A device type with named templates; a panel's front ports map onto its rear ports' positions."""
    manufacturer, _ = Manufacturer.objects.get_or_create(name="Acme")
    dtype = DeviceType.objects.create(
        manufacturer=manufacturer,
        model=model or f"model-{next(_counter)}",
        u_height=u_height,
        is_full_depth=full_depth,
    )
    InterfaceTemplate.objects.bulk_create(
        InterfaceTemplate(device_type=dtype, name=f"eth{i}", type=interface_type) for i in range(interfaces)
    )
    ConsolePortTemplate.objects.bulk_create(
        ConsolePortTemplate(device_type=dtype, name=f"con{i}", type="rj-45") for i in range(console_ports)
    )
    ConsoleServerPortTemplate.objects.bulk_create(
        ConsoleServerPortTemplate(device_type=dtype, name=f"cs{i}", type="rj-45") for i in range(console_server_ports)
    )
    PowerPortTemplate.objects.bulk_create(
        PowerPortTemplate(device_type=dtype, name=f"psu{i}", type="iec-60320-c14") for i in range(power_ports)
    )
    PowerOutletTemplate.objects.bulk_create(
        PowerOutletTemplate(device_type=dtype, name=f"out{i}", type="iec-60320-c13") for i in range(power_outlets)
    )
    for r in range(rear_ports):
        rear = RearPortTemplate.objects.create(device_type=dtype, name=f"rear{r}", type="mpo", positions=positions)
        FrontPortTemplate.objects.bulk_create(
            FrontPortTemplate(
                device_type=dtype,
                name=f"front{r}-{p}" if positions > 1 else f"front{r}",
                type="lc",
                rear_port_template=rear,
                rear_port_position=p,
            )
            for p in range(1, positions + 1)
        )
    return dtype


def device(name: str, dtype: DeviceType, site: Location, **extra: Any) -> Device:
    return services.create_device(
        name=name, device_type=dtype, role=role(), status=status("Active"), location=site, **extra
    )


def rack(name: str, site: Location, u_height: int = 42) -> Rack:
    return Rack.objects.create(name=name, location=site, status=status("Active"), u_height=u_height)
