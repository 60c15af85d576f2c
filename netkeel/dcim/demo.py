"""Demo data: a deterministic data-centre network, from regions down to patch cords, written in bulk.

`generate_demo_data(size, seed=...)` fills an empty database and traces every cable path;
`plan_demo(size, seed)` yields the same rows unsaved, site by site, so the writer never holds a whole
`large` network in memory and tests can compare two plans. Every id comes from `random.Random(seed)`,
so one seed always gives the same objects with the same ids and names.

Each site has a core rack (spines, console server), network racks (MLAG pairs of leaves, each leaf
patched port for port to its own panel) and server racks (the far panels of those trunks, servers
and PDUs). Panels come in three kinds, used in turn: 24 fronts on 24 one-position rears, 48 fronts
on 12 four-position rears, 48 fronts on 4 twelve-position rears; each trunk joins rear N of a leaf's
panel to rear N of its twin in a server rack, so a leaf port reaches the same front on the far panel.
Servers take far fronts (and one direct cable when they have a third interface); the far fronts no
server takes stay free, as pre-cabled capacity does, so those paths end there. Every switch has its
console on a console server, every powered device its two PSUs on the rack's PDUs A and B, and every
PDU its input on a power feed. About 4% of server cables are Planned, the rest Connected.

Counts with the default seed (1), and the time `generate_demo_data` takes on SQLite (writing, then
tracing every path) on a 2-CPU machine:

    size    sites  racks  devices  interfaces  front ports  rear ports   cables    paths  time
    small       2      6       50         602          624         216      535      526   0.4 s
    medium      7     77    1,085      13,898       18,000       5,912   15,036   14,712   9 s
    large      70    770   10,850     139,167      179,424      59,488  150,317  146,954   150 s

Interfaces fall short of the ~40 per device of a switch-only inventory: over half of the devices are
patch panels and PDUs, which have none. Cables and paths, which the benchmarks measure, are at scale.
"""

from __future__ import annotations

import math
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from netkeel.dcim.cabling.rebuild import rebuild_paths
from netkeel.dcim.demo_catalog import (
    CONSOLE_SERVER,
    LEAF,
    MANUFACTURERS,
    PANEL_KINDS,
    PDU,
    REGIONS,
    SERVERS,
    SPINE,
    Catalog,
    TypeSpec,
    plan_catalog,
)
from netkeel.dcim.models import (
    Cable,
    CablePath,
    ConsolePort,
    ConsolePortTemplate,
    ConsoleServerPort,
    ConsoleServerPortTemplate,
    Controller,
    ControllerManagedDeviceGroup,
    Device,
    DeviceFamily,
    DeviceRedundancyGroup,
    DeviceType,
    FrontPort,
    FrontPortTemplate,
    Interface,
    InterfaceTemplate,
    Location,
    LocationType,
    Manufacturer,
    Platform,
    PowerFeed,
    PowerOutlet,
    PowerOutletTemplate,
    PowerPanel,
    PowerPort,
    PowerPortTemplate,
    Rack,
    RearPort,
    RearPortTemplate,
    SoftwareVersion,
)
from netkeel.extras.models import Role, Status

# Rows per INSERT asked for; each backend lowers it to its own limit on query parameters.
BATCH_SIZE = 2000
RACK_UNITS = 42
PLANNED_SHARE = 0.04

M = TypeVar("M", bound=models.Model)


class DemoDataError(ValueError):
    """Demo data cannot be generated here; the message says why in one sentence."""


@dataclass(frozen=True)
class DemoSize:
    """The shape of one size: how many sites, and what each site holds."""

    regions: int
    sites: int
    spines: int  # per site, 2 to 4: every leaf has one uplink to each spine, and 2 peer links
    network_racks: int  # per site
    leaves_per_rack: int  # even (MLAG pairs); each leaf also brings its panel to the rack
    panels_per_server_rack: int
    servers_per_server_rack: int


SIZES: dict[str, DemoSize] = {
    "small": DemoSize(1, 2, spines=2, network_racks=1, leaves_per_rack=4, panels_per_server_rack=4,
                      servers_per_server_rack=4),
    "medium": DemoSize(3, 7, spines=4, network_racks=2, leaves_per_rack=16, panels_per_server_rack=4,
                       servers_per_server_rack=4),
    "large": DemoSize(7, 70, spines=4, network_racks=2, leaves_per_rack=16, panels_per_server_rack=4,
                      servers_per_server_rack=4),
}  # fmt: skip

# Models in the order they are written: every foreign key points at a model written before it. Cables
# come before the components, whose `cable` is set while planning, so no second pass is needed.
WRITE_ORDER: tuple[type[models.Model], ...] = (
    LocationType,
    LocationType.content_types.through,
    Role,
    Role.content_types.through,
    Manufacturer,
    DeviceFamily,
    Platform,
    SoftwareVersion,
    DeviceType,
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    PowerPortTemplate,
    PowerOutletTemplate,
    InterfaceTemplate,
    RearPortTemplate,
    FrontPortTemplate,
    Location,
    Rack,
    PowerPanel,
    DeviceRedundancyGroup,
    Controller,
    ControllerManagedDeviceGroup,
    Device,
    Cable,
    ConsolePort,
    ConsoleServerPort,
    PowerPort,
    PowerOutlet,
    Interface,
    RearPort,
    FrontPort,
    PowerFeed,
)


class Rows:
    """Unsaved rows grouped by model, written in `WRITE_ORDER`."""

    def __init__(self) -> None:
        self.by_model: dict[type[models.Model], list[models.Model]] = {}

    def add(self, obj: M) -> M:
        self.by_model.setdefault(type(obj), []).append(obj)
        return obj

    def __iter__(self) -> Iterator[tuple[type[models.Model], list[models.Model]]]:
        for model in WRITE_ORDER:
            if self.by_model.get(model):
                yield model, self.by_model[model]

    def write(self) -> None:
        for model, objs in self:
            model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)


@dataclass(frozen=True)
class DemoReport:
    """What `generate_demo_data` wrote: rows per model (read back from the database) and timings."""

    size: str
    seed: int
    counts: dict[str, int]
    write_seconds: float
    trace_seconds: float
    untraced: int


def new_id(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from `rng`, so that ids repeat with the seed."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@dataclass
class Context:
    """What every site planner needs: the seeded generator, lookups and the shared catalog."""

    rng: random.Random
    size: DemoSize
    catalog: Catalog
    statuses: dict[str, uuid.UUID]
    content_types: dict[type[models.Model], int]


def _lookups() -> tuple[dict[str, uuid.UUID], dict[type[models.Model], int]]:
    names = ("Active", "Connected", "Planned")
    statuses = dict(Status.objects.filter(name__in=names).values_list("name", "pk"))
    missing = [name for name in names if name not in statuses]
    if missing:
        raise DemoDataError(f"The status(es) {', '.join(missing)} are missing; run 'netkeel-server migrate' first.")
    kinds: tuple[type[models.Model], ...] = (ConsolePort, ConsoleServerPort, PowerPort, PowerOutlet, Interface,
                                             RearPort, FrontPort, PowerFeed, Device, Rack, PowerPanel,
                                             Controller)  # fmt: skip
    content_types = {model: ContentType.objects.get_for_model(model).pk for model in kinds}
    return statuses, content_types


def plan_demo(size: str, seed: int = 1) -> Iterator[Rows]:
    """The demo rows, unsaved: first the catalog (types, roles, regions), then one batch per site."""
    if size not in SIZES:
        raise DemoDataError(f"Unknown size {size!r}; choose one of {', '.join(SIZES)}.")
    spec = SIZES[size]
    rng = random.Random(seed)
    statuses, content_types = _lookups()
    catalog_rows = Rows()
    catalog = plan_catalog(rng, catalog_rows, content_types, statuses, spec.regions)
    yield catalog_rows
    context = Context(rng, spec, catalog, statuses, content_types)
    for index in range(spec.sites):
        region = index % len(catalog.regions)
        name = f"{REGIONS[region][1]}-dc{index // len(catalog.regions) + 1:02d}"
        yield SitePlanner(context, catalog.regions[region], name).plan()


def generate_demo_data(
    size: str = "small", *, seed: int = 1, progress: Callable[[str], None] | None = None
) -> DemoReport:
    """Write the demo network into an empty database in one transaction, then trace every path."""
    if size not in SIZES:
        raise DemoDataError(f"Unknown size {size!r}; choose one of {', '.join(SIZES)}.")
    if Device.objects.exists():
        raise DemoDataError(
            "The database already holds devices; generate demo data into an empty database (run migrate on a new one)."
        )
    if Manufacturer.objects.filter(name__in=MANUFACTURERS).exists():
        raise DemoDataError("The demo manufacturers already exist; generate demo data into an empty database.")
    started = time.perf_counter()
    with transaction.atomic():
        for number, rows in enumerate(plan_demo(size, seed)):
            rows.write()
            if progress is not None and number:
                progress(f"Wrote site {number} of {SIZES[size].sites}.")
        written = time.perf_counter()
        if progress is not None:
            progress("Tracing every cable path…")
        report = rebuild_paths(force=True)
    traced = time.perf_counter()
    counted = (Location, Rack, Device, Interface, ConsolePort, ConsoleServerPort, PowerPort, PowerOutlet,
               RearPort, FrontPort, PowerFeed, Cable, CablePath)  # fmt: skip
    counts = {model.__name__: model._default_manager.count() for model in counted}
    return DemoReport(size, seed, counts, written - started, traced - written, len(report.untraced))


class Units:
    """Hands out rack units: switches and servers fill a rack from the bottom, panels from the top."""

    def __init__(self, rack: str, height: int = RACK_UNITS) -> None:
        self.rack = rack
        self.bottom = 1
        self.top = height

    def from_bottom(self, height: int) -> int:
        position = self.bottom
        self.bottom += height
        self._check()
        return position

    def from_top(self, height: int) -> int:
        self.top -= height
        self._check()
        return self.top + 1

    def _check(self) -> None:
        if self.bottom > self.top + 1:
            raise DemoDataError(f"Rack {self.rack} is too small for the devices planned in it.")


Parts = dict[type[models.Model], dict[str, Any]]


@dataclass
class PlannedDevice:
    device: Device
    parts: Parts
    panel_kind: int = 0  # patch panels only: index into PANEL_KINDS

    def port(self, model: type[models.Model], name: str) -> Any:
        return self.parts[model][name]


@dataclass
class PlannedRack:
    rack: Rack
    units: Units
    powered: list[PlannedDevice] = field(default_factory=list)  # devices with PSU1/PSU2 for the PDUs


class SitePlanner:
    """Plans one site: its racks, devices with their components, and every cable between them."""

    def __init__(self, context: Context, region: Location, name: str) -> None:
        self.ctx = context
        self.rng = context.rng
        self.rows = Rows()
        self.name = name
        self.site = self.rows.add(
            Location(id=new_id(self.rng), name=self.name, parent_id=region.id,
                     location_type_id=context.catalog.location_types["Site"], status_id=context.statuses["Active"],
                     facility=f"Hall {self.rng.randint(1, 9)}", asn=64512 + self.rng.randrange(1000),
                     time_zone=region.time_zone)
        )  # fmt: skip
        self.power_panel = self.rows.add(PowerPanel(id=new_id(self.rng), location_id=self.site.id, name="PP-1"))
        self.servers = 0
        self.free_leaf_ports: list[Any] = []  # leaf ports no panel took: for direct server cables

    # Building blocks -------------------------------------------------------------------------------
    def _status(self, name: str) -> uuid.UUID:
        return self.ctx.statuses[name]

    def add_rack(self, name: str) -> PlannedRack:
        rack = Rack(id=new_id(self.rng), name=name, location_id=self.site.id, status_id=self._status("Active"),
                    u_height=RACK_UNITS, type="4-post-cabinet", width=19)  # fmt: skip
        self.rows.add(rack)
        return PlannedRack(rack, Units(f"{self.name} {name}"))

    def add_device(self, spec: TypeSpec, name: str, rack: PlannedRack, *, top: bool = False) -> PlannedDevice:
        """A device in `rack` with every component of its type, ids drawn in template order."""
        catalog = self.ctx.catalog
        device_type = catalog.types[spec.model]
        if spec.u_height == 0:
            position, face = None, ""
        else:
            units = rack.units
            position = units.from_top(spec.u_height) if top else units.from_bottom(spec.u_height)
            face = "front"
        device = Device(id=new_id(self.rng), name=f"{self.name}-{name}", device_type_id=device_type.id,
                        role_id=self.ctx.catalog.roles[spec.role], status_id=self._status("Active"),
                        location_id=self.site.id, rack_id=rack.rack.id, position=position, face=face,
                        serial=f"{self.rng.getrandbits(40):010X}", platform_id=catalog.platforms.get(spec.platform),
                        software_version_id=catalog.software_versions.get(spec.platform))  # fmt: skip
        self.rows.add(device)
        parts: Parts = {}
        made: dict[uuid.UUID, uuid.UUID] = {}  # template id → component id, for front→rear and outlet→port
        for template in self.ctx.catalog.templates[spec.model]:
            model, values = template.component, dict(template.values)
            if template.rear_template is not None:
                values["rear_port_id"] = made[template.rear_template]
            if template.power_port_template is not None:
                values["power_port_id"] = made[template.power_port_template]
            if model is Interface:
                values["status_id"] = self._status("Active")
            component_id = new_id(self.rng)
            component = model(id=component_id, device_id=device.id, **values)
            made[template.id] = component_id
            parts.setdefault(model, {})[values["name"]] = self.rows.add(component)
        planned = PlannedDevice(device, parts)
        if PowerPort in parts and spec.role != "PDU":
            rack.powered.append(planned)
        return planned

    def cable(self, a: Any, b: Any, cable_type: str, *, planned: bool = False) -> Cable:
        """A cable from `a` to `b`, and both terminations pointing back at it."""
        if a.cable_id is not None or b.cable_id is not None:
            raise DemoDataError(f"The demo plan cables {a.name} or {b.name} twice; this is a bug in the plan.")
        content_types = self.ctx.content_types
        cable = Cable(id=new_id(self.rng), termination_a_type_id=content_types[type(a)], termination_a_id=a.id,
                      termination_b_type_id=content_types[type(b)], termination_b_id=b.id, type=cable_type,
                      status_id=self._status("Planned" if planned else "Connected"))  # fmt: skip
        a.cable_id = b.cable_id = cable.id
        self.rows.add(cable)
        return cable

    # The site --------------------------------------------------------------------------------------
    def plan(self) -> Rows:
        size = self.ctx.size
        core = self.add_rack("R00")
        spines = [self.add_device(SPINE, f"spine{n:02d}", core) for n in range(1, size.spines + 1)]
        leaves: list[PlannedDevice] = []
        a_panels: list[PlannedDevice] = []
        network_racks = [self.add_rack(f"R{n:02d}") for n in range(1, size.network_racks + 1)]
        kinds = list(range(len(PANEL_KINDS)))
        self.rng.shuffle(kinds)  # which panel kind comes first varies by site; all kinds appear in turn
        for rack in network_racks:
            for _ in range(size.leaves_per_rack):
                number = len(leaves) + 1
                leaf = self.add_device(LEAF, f"leaf{number:02d}", rack)
                kind = kinds[len(leaves) % len(kinds)]
                panel = self.add_device(PANEL_KINDS[kind], f"pp{number:02d}", rack, top=True)
                panel.panel_kind = kind
                leaves.append(leaf)
                a_panels.append(panel)
        switches = spines + leaves
        console_servers = [
            self.add_device(CONSOLE_SERVER, f"cs{n:02d}", core) for n in range(1, math.ceil(len(switches) / 48) + 1)
        ]
        self._cable_fabric(spines, leaves)
        self._cable_console(switches, console_servers)
        for leaf, panel in zip(leaves, a_panels, strict=True):
            self._patch_leaf(leaf, panel)
        server_racks = self._plan_server_racks(a_panels)
        for rack in [core, *network_racks, *server_racks]:
            self._power_rack(rack)
        self._group_mlag_pairs(leaves)
        self._control_leaves(leaves)
        return self.rows

    def _group_mlag_pairs(self, leaves: list[PlannedDevice]) -> None:
        """Each MLAG pair of leaves is a device redundancy group, active/active (its ids drawn after the
        rest of the site's, so those stay as they were before groups existed)."""
        for first, second in zip(leaves[::2], leaves[1::2], strict=True):
            pair = f"{first.device.name}-{str(second.device.name).rsplit('-', 1)[-1]}"
            group = DeviceRedundancyGroup(id=new_id(self.rng), name=pair, status_id=self._status("Active"),
                                          failover_strategy="active-active", description="MLAG pair")  # fmt: skip
            self.rows.add(group)
            for priority, leaf in enumerate((first, second), start=1):
                leaf.device.device_redundancy_group_id = group.id
                leaf.device.device_redundancy_group_priority = priority

    def _control_leaves(self, leaves: list[PlannedDevice]) -> None:
        """The site's fabric controller manages its leaves (the access switches) as one device group (ids
        drawn last, so the rest of the site's stay as they were before controllers existed)."""
        if not leaves:
            return
        controller = Controller(id=new_id(self.rng), name=f"{self.name}-fabric", location_id=self.site.id,
                                status_id=self._status("Active"), platform_id=leaves[0].device.platform_id,
                                description="Fabric controller of the site's leaves")  # fmt: skip
        group = ControllerManagedDeviceGroup(id=new_id(self.rng), name=f"{self.name}-leaves",
                                             controller_id=controller.id, description="Access switches")  # fmt: skip
        self.rows.add(controller)
        self.rows.add(group)
        for leaf in leaves:
            leaf.device.controller_managed_device_group_id = group.id

    def _cable_fabric(self, spines: list[PlannedDevice], leaves: list[PlannedDevice]) -> None:
        if len(leaves) > 32 or not 1 <= len(spines) <= 4:
            raise DemoDataError("A site has at most 32 leaves (spine ports) and 1 to 4 spines (leaf uplinks).")
        for index, leaf in enumerate(leaves):
            for number, spine in enumerate(spines):
                self.cable(leaf.port(Interface, f"Ethernet{49 + number}"),
                           spine.port(Interface, f"Ethernet{index + 1}"), "aoc")  # fmt: skip
        for first, second in zip(leaves[::2], leaves[1::2], strict=True):
            for port in ("Ethernet53", "Ethernet54"):  # the MLAG peer link
                self.cable(first.port(Interface, port), second.port(Interface, port), "dac-passive")

    def _cable_console(self, switches: list[PlannedDevice], console_servers: list[PlannedDevice]) -> None:
        for index, switch in enumerate(switches):
            server = console_servers[index // 48]
            self.cable(switch.port(ConsolePort, "Console"), server.port(ConsoleServerPort, f"Port{index % 48 + 1}"),
                       "cat6")  # fmt: skip

    def _patch_leaf(self, leaf: PlannedDevice, panel: PlannedDevice) -> None:
        """Leaf port N to panel front N, every front; the leaf ports left over serve direct cables."""
        fronts = len(panel.parts[FrontPort])
        for number in range(1, fronts + 1):
            self.cable(leaf.port(Interface, f"Ethernet{number}"), panel.port(FrontPort, f"Front{number}"), "mmf-om4")
        self.free_leaf_ports.extend(leaf.port(Interface, f"Ethernet{n}") for n in range(fronts + 1, 49))

    def _plan_server_racks(self, a_panels: list[PlannedDevice]) -> list[PlannedRack]:
        """The far twin of every leaf panel, trunked rear to rear, and servers on the far fronts."""
        size = self.ctx.size
        racks: list[PlannedRack] = []
        for start in range(0, len(a_panels), size.panels_per_server_rack):
            rack = self.add_rack(f"R{len(racks) + size.network_racks + 1:02d}")
            racks.append(rack)
            free_fronts: list[list[Any]] = []
            for number, near in enumerate(a_panels[start : start + size.panels_per_server_rack], start=start + 1):
                far = self.add_device(PANEL_KINDS[near.panel_kind], f"pp{number:02d}-far", rack, top=True)
                for name, rear in near.parts[RearPort].items():
                    self.cable(rear, far.port(RearPort, name), "smf-os2" if rear.positions > 1 else "mmf-om4")
                free_fronts.append(list(far.parts[FrontPort].values()))
            for number in range(size.servers_per_server_rack):
                self._plan_server(rack, number, free_fronts)
        return racks

    def _plan_server(self, rack: PlannedRack, number: int, free_fronts: list[list[Any]]) -> None:
        self.servers += 1
        server = self.add_device(self.rng.choice(SERVERS), f"srv{self.servers:03d}", rack)
        nics = list(server.parts[Interface].values())
        # Two NICs through different panels (so different leaves), a third one direct, a fourth spare.
        for nic, panel in zip(nics[:2], (number, number + 1), strict=False):
            fronts = free_fronts[panel % len(free_fronts)]
            if fronts:
                self.cable(nic, fronts.pop(0), "mmf-om4", planned=self.rng.random() < PLANNED_SHARE)
        if len(nics) > 2 and self.free_leaf_ports:
            self.cable(nics[2], self.free_leaf_ports.pop(0), "cat6", planned=self.rng.random() < PLANNED_SHARE)

    def _power_rack(self, rack: PlannedRack) -> None:
        """PDUs A and B on their own feeds; each powered device's PSU1 on A and PSU2 on B."""
        for side, psu in (("A", "PSU1"), ("B", "PSU2")):
            pdu = self.add_device(PDU, f"{rack.rack.name.lower()}-pdu-{side.lower()}", rack)
            feed = PowerFeed(id=new_id(self.rng), power_panel_id=self.power_panel.id, rack_id=rack.rack.id,
                             name=f"{rack.rack.name}-{side}", status_id=self._status("Active"), voltage=230,
                             amperage=32)  # fmt: skip
            self.rows.add(feed)
            self.cable(pdu.port(PowerPort, "Input"), feed, "power")
            outlets = list(pdu.parts[PowerOutlet].values())
            if len(rack.powered) > len(outlets):
                raise DemoDataError(f"Rack {rack.rack.name} has more powered devices than PDU outlets.")
            for device, outlet in zip(rack.powered, outlets, strict=False):
                self.cable(device.port(PowerPort, psu), outlet, "power")
