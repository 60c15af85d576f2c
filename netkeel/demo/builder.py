"""Build the demo network: the DCIM estate (`netkeel.dcim.demo`), circuits joining its sites, then its
IPAM and tenants (`netkeel.demo.ipam`), then its clusters and virtual machines (`netkeel.demo.virtualization`),
then its gateway redundancy groups and virtual device contexts (`netkeel.demo.interface_groups`).

A circuit from each site to the next lands on a free spine (or leaf) port at both ends, so paths run from
a switch in one site, across the carrier, to a switch in the next. Written through the
circuit and cabling services (a handful per site), with ids drawn from the seed, so it stays
deterministic.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db import transaction

from netkeel.circuits import services as circuit_services
from netkeel.circuits.models import Circuit, CircuitType, Provider
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.demo import DemoReport, generate_demo_data
from netkeel.dcim.models import Interface, Location
from netkeel.demo.interface_groups import add_interface_groups
from netkeel.demo.ipam import add_ipam
from netkeel.demo.virtualization import add_virtualization
from netkeel.extras.models import Status

PROVIDER = "Demo Carrier"
CIRCUIT_TYPE = "Metro Ethernet"


@dataclass(frozen=True)
class CircuitReport:
    circuits: int
    seconds: float


def new_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def spare_port(site: Location) -> Interface | None:
    """A free data interface of the site's network gear for the WAN circuit: a spine's if one is left,
    else a leaf's; the highest-numbered one, so the choice is stable."""
    for role in ("Spine", "Leaf"):
        free = Interface.objects.filter(
            device__location=site, device__role__name=role, cable__isnull=True, mgmt_only=False
        ).select_related("device")
        ranked = sorted(free, key=lambda i: (i.device.name or "", int("".join(filter(str.isdigit, i.name)) or 0)))
        if ranked:
            return ranked[-1]
    return None


@transaction.atomic
def add_circuits(seed: int) -> CircuitReport:
    """A circuit from each site to the next (by name), cabled to a spare spine port at both ends."""
    started = time.perf_counter()
    rng = random.Random(f"circuits-{seed}")
    provider = Provider.objects.create(id=new_id(rng), name=PROVIDER, asn=64999, account="DEMO-1")
    kind = CircuitType.objects.create(id=new_id(rng), name=CIRCUIT_TYPE)
    active = Status.objects.get(name="Active")
    sites = list(Location.objects.filter(devices__isnull=False).distinct().order_by("name"))
    made = 0
    for number, (here, there) in enumerate(zip(sites, sites[1:], strict=False), start=1):
        near, far = spare_port(here), spare_port(there)
        if near is None or far is None:
            continue
        circuit = Circuit.objects.create(
            id=new_id(rng),
            cid=f"DEMO-{number:04d}",
            provider=provider,
            circuit_type=kind,
            status=active,
            commit_rate=10_000_000,
        )
        side_a = circuit_services.create_termination(id=new_id(rng), circuit=circuit, term_side="A", location=here)
        side_z = circuit_services.create_termination(id=new_id(rng), circuit=circuit, term_side="Z", location=there)
        cabling.connect(near, side_a, type="smf-os2", id=new_id(rng))
        cabling.connect(side_z, far, type="smf-os2", id=new_id(rng))
        made += 1
    return CircuitReport(made, time.perf_counter() - started)


def build_demo(size: str = "small", *, seed: int = 1, progress: Callable[[str], None] | None = None) -> DemoReport:
    """The whole demo network: DCIM with its paths, the circuits between sites, then IPAM and tenants, then
    clusters and virtual machines (whose addresses are counted with IPAM's)."""
    report = generate_demo_data(size, seed=seed, progress=progress)
    circuits = add_circuits(seed)
    if progress is not None:
        progress("Adding prefixes, addresses, VLANs and tenants…")
    started = time.perf_counter()
    with transaction.atomic():
        ipam = add_ipam(seed)
    if progress is not None:
        progress("Adding clusters and virtual machines…")
    with transaction.atomic():
        virtualization = add_virtualization(size, seed)
    with transaction.atomic():
        interface_groups = add_interface_groups(size, seed)
    # VMs' prefixes and addresses, the gateways' addresses: counted with IPAM's.
    added = {name: ipam.get(name, 0) + count for name, count in virtualization.items()}
    added["IPAddress"] = added.get("IPAddress", ipam.get("IPAddress", 0)) + interface_groups.pop("IPAddress")
    added.update(interface_groups)
    counts = {**report.counts, "Circuit": circuits.circuits, **ipam, **added}
    return replace(
        report,
        counts=counts,
        write_seconds=report.write_seconds + time.perf_counter() - started,
        trace_seconds=report.trace_seconds + circuits.seconds,
    )
