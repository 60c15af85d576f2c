"""The shared part of the demo data: location types, roles, regions, device types with templates, and the
platforms the network devices and servers run with a software version each.

`plan_catalog` adds these rows (unsaved, ids from the seeded generator) and returns a `Catalog` that the
site planner in `netkeel.dcim.demo` uses to instantiate components without reading anything back.
Location types, roles, platforms and software versions that already exist by name are reused, since other
data may use them too.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models

from netkeel.dcim.models import (
    TEMPLATE_MODELS,
    ComponentTemplate,
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    Controller,
    Device,
    DeviceFamily,
    DeviceType,
    FrontPortTemplate,
    InterfaceTemplate,
    Location,
    LocationType,
    Manufacturer,
    Platform,
    PowerOutletTemplate,
    PowerPanel,
    PowerPortTemplate,
    Rack,
    RearPortTemplate,
    SoftwareVersion,
)
from netkeel.extras.models import Role

if TYPE_CHECKING:
    from netkeel.dcim.demo import Rows

# (name, code for site names, time zone) of each region, used in this order.
REGIONS: tuple[tuple[str, str, str], ...] = (
    ("Europe", "eu", "Europe/Amsterdam"),
    ("North America", "na", "America/New_York"),
    ("Asia Pacific", "ap", "Asia/Singapore"),
    ("South America", "sa", "America/Sao_Paulo"),
    ("Africa", "af", "Africa/Johannesburg"),
    ("Oceania", "oc", "Australia/Sydney"),
    ("Middle East", "me", "Asia/Dubai"),
    ("Central America", "ca", "America/Mexico_City"),
)
# (name, parent type name, content types its locations may hold).
LOCATION_TYPES: tuple[tuple[str, str | None, tuple[type[models.Model], ...]], ...] = (
    ("Region", None, ()),
    ("Site", "Region", (Rack, Device, PowerPanel, Controller)),
)
ROLES: tuple[tuple[str, str], ...] = (
    ("Spine", "3f51b5"),
    ("Leaf", "2196f3"),
    ("Server", "4caf50"),
    ("Patch Panel", "9e9e9e"),
    ("Console Server", "ff9800"),
    ("PDU", "f44336"),
)


@dataclass(frozen=True)
class TypeSpec:
    """A demo device type and the components its templates give each device."""

    manufacturer: str
    model: str
    role: str
    u_height: int = 1
    full_depth: bool = True
    interfaces: tuple[tuple[str, str, bool], ...] = ()  # name, type, management only
    console_port: bool = False
    console_server_ports: int = 0
    power_ports: tuple[str, ...] = ()
    power_outlets: int = 0  # all fed from the first power port
    rear_ports: int = 0
    positions: int = 1  # of each rear port; front ports are numbered rear by rear, position by position
    platform: str = ""  # what its devices run (a name in PLATFORMS), with that platform's software version


@dataclass(frozen=True)
class PlatformSpec:
    """A demo platform and the one software version of it that the demo devices run."""

    name: str
    manufacturer: str | None
    network_driver: str
    version: str
    alias: str
    release_date: str
    end_of_support_date: str


NETWORK_OS = PlatformSpec("Northwind NOS", "Northwind Networks", "northwind_nos", "4.2.1", "Evergreen", "2025-03-10",
                          "2030-03-31")  # fmt: skip
SERVER_OS = PlatformSpec("Ubuntu Linux", None, "linux", "24.04", "Noble Numbat", "2024-04-25", "2029-05-31")
PLATFORMS: tuple[PlatformSpec, ...] = (NETWORK_OS, SERVER_OS)


def _ethernet(first: int, last: int, kind: str) -> tuple[tuple[str, str, bool], ...]:
    return tuple((f"Ethernet{n}", kind, False) for n in range(first, last + 1))


MANAGEMENT = (("Management1", "1000base-t", True),)
PSUS = ("PSU1", "PSU2")
LEAF = TypeSpec("Northwind Networks", "NW-7048L", "Leaf",
                interfaces=_ethernet(1, 48, "25gbase-x-sfp28") + _ethernet(49, 54, "100gbase-x-qsfp28") + MANAGEMENT,
                console_port=True, power_ports=PSUS, platform=NETWORK_OS.name)  # fmt: skip
SPINE = TypeSpec("Northwind Networks", "NW-7032S", "Spine",
                 interfaces=_ethernet(1, 32, "100gbase-x-qsfp28") + MANAGEMENT, console_port=True,
                 power_ports=PSUS, platform=NETWORK_OS.name)  # fmt: skip
CONSOLE_SERVER = TypeSpec("Northwind Networks", "NW-CS48", "Console Server", interfaces=MANAGEMENT,
                          console_server_ports=48, power_ports=PSUS, platform=NETWORK_OS.name)  # fmt: skip
PDU = TypeSpec("Tailspin Power", "TP-2401", "PDU", u_height=0, full_depth=False, power_ports=("Input",),
               power_outlets=24)  # fmt: skip
SERVERS = tuple(
    TypeSpec("Contoso Compute", f"CC-R{nics}20", "Server", u_height=2,
             interfaces=tuple((f"eth{n}", "25gbase-x-sfp28", False) for n in range(nics)), power_ports=PSUS,
             platform=SERVER_OS.name)
    for nics in (2, 3, 4)
)  # fmt: skip
SERVER_MODELS: tuple[str, ...] = tuple(spec.model for spec in SERVERS)
# The three panel kinds a trunk may run between: 24 × 1 position, 12 × 4 positions, 4 × 12 positions.
PANEL_KINDS: tuple[TypeSpec, ...] = tuple(
    TypeSpec("Fabrikam Cabling", f"FC-{rears * positions}-{rears}x{positions}", "Patch Panel", full_depth=False,
             rear_ports=rears, positions=positions)
    for rears, positions in ((24, 1), (12, 4), (4, 12))
)  # fmt: skip
DEVICE_TYPES: tuple[TypeSpec, ...] = (LEAF, SPINE, CONSOLE_SERVER, PDU, *SERVERS, *PANEL_KINDS)
# The device family of the fabric's switches (Nautobot 3's device families).
SWITCH_FAMILY = ("NW-7000", "Northwind Networks' data-centre switches.", (LEAF.model, SPINE.model))
MANUFACTURERS: tuple[str, ...] = tuple(dict.fromkeys(spec.manufacturer for spec in DEVICE_TYPES))


@dataclass(frozen=True)
class PlannedTemplate:
    """One component template, as the site planner needs it to build the component."""

    id: uuid.UUID
    component: type[models.Model]
    values: dict[str, Any]  # the component's own field values (name, type, …)
    rear_template: uuid.UUID | None = None  # front ports: the template of their rear port
    power_port_template: uuid.UUID | None = None  # power outlets: the template of the port feeding them


@dataclass
class Catalog:
    """Ids of the shared rows, and each device type's templates in the order they are instantiated."""

    location_types: dict[str, uuid.UUID] = field(default_factory=dict)
    roles: dict[str, uuid.UUID] = field(default_factory=dict)
    regions: list[Location] = field(default_factory=list)
    types: dict[str, DeviceType] = field(default_factory=dict)  # by model name
    templates: dict[str, list[PlannedTemplate]] = field(default_factory=dict)  # by model name
    platforms: dict[str, uuid.UUID] = field(default_factory=dict)  # by platform name
    software_versions: dict[str, uuid.UUID] = field(default_factory=dict)  # by platform name


def _templates(spec: TypeSpec, device_type: DeviceType, new_id: Any) -> list[ComponentTemplate]:
    """The templates of one type, in `TEMPLATE_MODELS` order (rear before front, ports before outlets)."""

    def make(model: type[ComponentTemplate], **values: Any) -> Any:
        return model(id=new_id(), device_type_id=device_type.id, **values)

    power_ports = [make(PowerPortTemplate, name=name, type="iec-60320-c14", maximum_draw=450, allocated_draw=300)
                   for name in spec.power_ports]  # fmt: skip
    if spec.role == "PDU":
        power_ports[0].type, power_ports[0].maximum_draw, power_ports[0].allocated_draw = "nema-l6-30p", None, None
    rears = [make(RearPortTemplate, name=f"Rear{n}", type="mpo" if spec.positions > 1 else "lc",
                  positions=spec.positions) for n in range(1, spec.rear_ports + 1)]  # fmt: skip
    by_kind: dict[type[ComponentTemplate], list[Any]] = {
        ConsolePortTemplate: [make(ConsolePortTemplate, name="Console", type="rj-45")] if spec.console_port else [],
        ConsoleServerPortTemplate: [make(ConsoleServerPortTemplate, name=f"Port{n}", type="rj-45")
                                    for n in range(1, spec.console_server_ports + 1)],
        PowerPortTemplate: power_ports,
        PowerOutletTemplate: [make(PowerOutletTemplate, name=f"Outlet{n}", type="iec-60320-c13",
                                   power_port_template_id=power_ports[0].id, feed_leg="A")
                              for n in range(1, spec.power_outlets + 1)],
        InterfaceTemplate: [make(InterfaceTemplate, name=name, type=kind, mgmt_only=mgmt)
                            for name, kind, mgmt in spec.interfaces],
        RearPortTemplate: rears,
        FrontPortTemplate: [make(FrontPortTemplate, name=f"Front{(r * spec.positions) + p}", type="lc",
                                 rear_port_template_id=rear.id, rear_port_position=p)
                            for r, rear in enumerate(rears) for p in range(1, spec.positions + 1)],
    }  # fmt: skip
    return [template for model in TEMPLATE_MODELS for template in by_kind.get(model, [])]


def _planned(template: ComponentTemplate) -> PlannedTemplate:
    from django.apps import apps

    names = ("name", "label", "description", *template.copied_fields)
    return PlannedTemplate(
        id=template.id,
        component=apps.get_model("dcim", template.component_model_name),
        values={name: getattr(template, name) for name in names},
        rear_template=getattr(template, "rear_port_template_id", None),
        power_port_template=getattr(template, "power_port_template_id", None),
    )


def plan_catalog(
    rng: random.Random, rows: Rows, content_types: dict[type[models.Model], int], statuses: dict[str, uuid.UUID],
    regions: int,
) -> Catalog:  # fmt: skip
    """Add the shared rows to `rows`. Ids are drawn whether or not a row is reused, so that reusing one
    never shifts the ids of everything after it."""

    def new_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    catalog = Catalog()
    location_type_through = LocationType.content_types.through
    existing_types = {t.name: t for t in LocationType.objects.filter(name__in=[n for n, _, _ in LOCATION_TYPES])}
    for name, parent, held in LOCATION_TYPES:
        drawn = new_id()
        if name in existing_types:
            catalog.location_types[name] = existing_types[name].id
            continue
        parent_id = catalog.location_types[parent] if parent else None
        rows.add(LocationType(id=drawn, name=name, parent_id=parent_id))
        catalog.location_types[name] = drawn
        for model in held:
            rows.add(location_type_through(locationtype_id=drawn, contenttype_id=content_types[model]))

    role_through = Role.content_types.through
    existing_roles = {r.name: r for r in Role.objects.filter(name__in=[n for n, _ in ROLES]).prefetch_related(
        "content_types")}  # fmt: skip
    for weight, (name, color) in enumerate(ROLES, start=1):
        drawn = new_id()
        role = existing_roles.get(name)
        offered = role is not None and any(ct.pk == content_types[Device] for ct in role.content_types.all())
        if role is None:
            role = rows.add(Role(id=drawn, name=name, color=color, weight=weight * 100))
        catalog.roles[name] = role.id
        if not offered:
            rows.add(role_through(role_id=role.id, contenttype_id=content_types[Device]))

    for name, _, time_zone in REGIONS[:regions]:
        region = Location(id=new_id(), name=name, location_type_id=catalog.location_types["Region"],
                          status_id=statuses["Active"], time_zone=time_zone)  # fmt: skip
        catalog.regions.append(rows.add(region))

    manufacturers = {name: Manufacturer(id=new_id(), name=name) for name in MANUFACTURERS}
    for manufacturer in manufacturers.values():
        rows.add(manufacturer)
    for spec in DEVICE_TYPES:
        device_type = DeviceType(id=new_id(), manufacturer_id=manufacturers[spec.manufacturer].id, model=spec.model,
                                 u_height=spec.u_height, is_full_depth=spec.full_depth)  # fmt: skip
        rows.add(device_type)
        templates = _templates(spec, device_type, new_id)
        for template in templates:
            rows.add(template)
        catalog.types[spec.model] = device_type
        catalog.templates[spec.model] = [_planned(template) for template in templates]

    # Drawn last, so the ids of the rows above stay those of earlier releases.
    family_name, description, family_models = SWITCH_FAMILY
    drawn = new_id()
    family = DeviceFamily.objects.filter(name=family_name).first()
    if family is None:
        family = rows.add(DeviceFamily(id=drawn, name=family_name, description=description))
    for model_name in family_models:
        catalog.types[model_name].device_family_id = family.id
    _plan_platforms(catalog, rows, new_id, manufacturers, statuses)
    return catalog


def _plan_platforms(
    catalog: Catalog, rows: Rows, new_id: Any, manufacturers: dict[str, Manufacturer], statuses: dict[str, uuid.UUID]
) -> None:
    """A platform per `PLATFORMS` entry and its software version; an existing one of the name is reused."""
    existing = {p.name: p.id for p in Platform.objects.filter(name__in=[spec.name for spec in PLATFORMS])}
    versions = {
        (v.platform_id, v.version): v.id
        for v in SoftwareVersion.objects.filter(platform_id__in=existing.values()).only("platform_id", "version")
    }
    for spec in PLATFORMS:
        platform_id, version_id = new_id(), new_id()
        if spec.name in existing:
            platform_id = existing[spec.name]
        else:
            manufacturer = manufacturers[spec.manufacturer].id if spec.manufacturer else None
            rows.add(Platform(id=platform_id, name=spec.name, manufacturer_id=manufacturer,
                              network_driver=spec.network_driver))  # fmt: skip
        catalog.platforms[spec.name] = platform_id
        if (platform_id, spec.version) in versions:
            catalog.software_versions[spec.name] = versions[(platform_id, spec.version)]
            continue
        rows.add(SoftwareVersion(id=version_id, platform_id=platform_id, version=spec.version, alias=spec.alias,
                                 release_date=spec.release_date, end_of_support_date=spec.end_of_support_date,
                                 long_term_support=True, status_id=statuses["Active"]))  # fmt: skip
        catalog.software_versions[spec.name] = version_id
