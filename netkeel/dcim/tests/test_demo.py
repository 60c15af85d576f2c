"""The demo data generator: what `small` holds, determinism, consistent cabling, traced paths, refusal."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netkeel.dcim.cabling.kinds import installed_termination_models, kind_of_content_type, model_of
from netkeel.dcim.cabling.rebuild import rebuild_paths
from netkeel.dcim.demo import SIZES, DemoDataError, generate_demo_data, plan_demo
from netkeel.dcim.models import (
    Cable,
    CablePath,
    CablePathNode,
    ConsolePort,
    ConsoleServerPort,
    Controller,
    Device,
    DeviceRedundancyGroup,
    DeviceType,
    FrontPort,
    Interface,
    Location,
    LocationType,
    PowerFeed,
    PowerOutlet,
    PowerPort,
    Rack,
    RearPort,
)
from netkeel.extras.models import Role

pytestmark = pytest.mark.django_db


def _plan_keys(seed: int) -> list[tuple[str, uuid.UUID, str]]:
    return [
        (model.__name__, obj.pk, str(getattr(obj, "name", "")))
        for rows in plan_demo("small", seed)
        for model, objs in rows
        for obj in objs
        if isinstance(obj.pk, uuid.UUID)  # m2m through rows have database-assigned integer ids
    ]


def test_small_holds_every_kind_of_object() -> None:
    report = generate_demo_data("small", seed=1)

    assert 40 <= report.counts["Device"] <= 60
    assert report.untraced == 0
    for model in (Rack, Interface, ConsolePort, ConsoleServerPort, PowerPort, PowerOutlet, RearPort, FrontPort,
                  PowerFeed, Cable, CablePath):  # fmt: skip
        assert model.objects.exists(), model.__name__
    roles = set(Device.objects.values_list("role__name", flat=True))
    assert roles == {"Spine", "Leaf", "Server", "Patch Panel", "Console Server", "PDU"}
    assert set(RearPort.objects.values_list("positions", flat=True)) == {1, 4, 12}
    assert set(Cable.objects.values_list("status__name", flat=True)) <= {"Connected", "Planned"}
    assert set(Interface.objects.values_list("status__name", flat=True)) == {"Active"}
    # The fabric's switches are one device family; each MLAG pair of leaves is a redundancy group.
    assert set(DeviceType.objects.filter(device_family__name="NW-7000").values_list("model", flat=True)) == {
        "NW-7048L",
        "NW-7032S",
    }
    leaves = Device.objects.filter(role__name="Leaf")
    assert not leaves.filter(device_redundancy_group__isnull=True).exists()
    for group in DeviceRedundancyGroup.objects.all():
        priorities = sorted(group.devices.values_list("device_redundancy_group_priority", flat=True))
        assert priorities == [1, 2] and group.status.name == "Active", group
    assert DeviceRedundancyGroup.objects.count() == leaves.count() // 2
    # Each site's fabric controller manages its leaves as one device group.
    sites = Location.objects.filter(location_type__name="Site")
    assert Controller.objects.count() == sites.count()
    assert sites.filter(location_type__content_types__model="controller").count() == sites.count()
    for controller in Controller.objects.all():
        (group,) = controller.controller_managed_device_groups.all()
        assert set(group.devices.values_list("role__name", flat=True)) == {"Leaf"}
        assert group.devices.count() == leaves.filter(location=controller.location).count()
    # Rack positions are valid and never overlap: the model's own validation agrees.
    for device in Device.objects.select_related("device_type", "rack", "location"):
        device.full_clean()


def test_medium_plans_about_a_thousand_devices_and_fifteen_thousand_cables() -> None:
    counts: Counter[str] = Counter()
    for rows in plan_demo("medium"):
        for model, objs in rows:
            counts[model.__name__] += len(objs)

    assert 950 <= counts["Device"] <= 1100
    assert 14_000 <= counts["Cable"] <= 16_000
    large = SIZES["large"]
    assert large.sites == 10 * SIZES["medium"].sites and large.spines == SIZES["medium"].spines


def test_same_seed_gives_the_same_ids_and_names() -> None:
    first, second = _plan_keys(7), _plan_keys(7)
    assert first == second
    assert {key[1] for key in first}.isdisjoint({key[1] for key in _plan_keys(8)})

    generate_demo_data("small", seed=7)
    planned = {(model, pk) for model, pk, _ in first}
    for model in (Device, Interface, FrontPort, Cable):
        written = {(model.__name__, pk) for pk in model.objects.values_list("pk", flat=True)}
        assert written == {key for key in planned if key[0] == model.__name__}


def test_existing_roles_and_location_types_are_reused() -> None:
    leaf = Role.objects.create(name="Leaf")  # not yet offered on devices
    region = LocationType.objects.create(name="Region")

    generate_demo_data("small")

    assert set(Device.objects.filter(role__name="Leaf").values_list("role_id", flat=True)) == {leaf.pk}
    assert leaf.applies_to(Device)
    assert Location.objects.filter(location_type=region).count() == SIZES["small"].regions


def test_every_cable_is_pointed_back_at_by_both_terminations() -> None:
    generate_demo_data("small")

    ends: set[tuple[str, Any]] = set()
    for cable in Cable.objects.all():
        for type_id, termination_id in (
            (cable.termination_a_type_id, cable.termination_a_id),
            (cable.termination_b_type_id, cable.termination_b_id),
        ):
            kind = kind_of_content_type(type_id)
            model = model_of(kind)
            assert model is not None
            assert model._default_manager.filter(pk=termination_id).values_list("cable_id", flat=True).get() == cable.pk
            ends.add((kind, termination_id))
    # And no termination claims a cable that does not end at it.
    for kind, model in installed_termination_models().items():
        for pk in model._default_manager.filter(cable__isnull=False).values_list("pk", flat=True):
            assert (kind, pk) in ends


@pytest.mark.parametrize("positions", [4, 12])
def test_paths_cross_multi_position_trunks_to_the_matching_far_port(positions: int) -> None:
    """
    leaf Ethernet7 ─ Front7 [near panel] Rear(pos) ══ trunk ══ Rear(pos) [far panel] Front7 ─ server eth
    """
    generate_demo_data("small")

    rears = RearPort.objects.filter(positions=positions, cable__isnull=False).values_list("pk", flat=True)
    crossing = CablePath.objects.filter(
        nodes__node_id__in=list(rears), origin_type__model="interface", is_active=True, destination_id__isnull=False
    ).distinct()
    assert crossing.exists()
    for path in crossing:
        origin, destination = Interface.objects.get(pk=path.origin_id), Interface.objects.get(pk=path.destination_id)
        assert {origin.device.role.name, destination.device.role.name} == {"Leaf", "Server"}
        fronts = FrontPort.objects.filter(pk__in=[node.split(":")[1] for node in path.path if "frontport" in node])
        # The front taken at one panel is the front left at its twin: same name, other device.
        names = Counter(front.name for front in fronts)
        assert len(fronts) == 2 and len(names) == 1
        assert CablePathNode.objects.filter(cable_path=path).count() == len(path.path)


def test_trace_paths_finds_nothing_missing_after_generation() -> None:
    generate_demo_data("small")
    before = CablePath.objects.count()

    assert rebuild_paths().created == 0
    out = StringIO()
    call_command("trace_paths", "--no-progress", stdout=out)
    assert "Created 0 cable path(s)" in out.getvalue()
    assert CablePath.objects.count() == before


def test_a_database_with_devices_is_refused() -> None:
    generate_demo_data("small")

    with pytest.raises(DemoDataError):
        generate_demo_data("small", seed=2)
    with pytest.raises(CommandError, match=r"^The database already holds devices;[^\n]*\.$") as raised:
        call_command("generate_demo_data", "--size", "small")
    assert raised.value.returncode == 1


@pytest.mark.slow
def test_command_exits_1_on_a_database_with_devices(netkeel_server: Callable[..., Any]) -> None:
    assert netkeel_server("migrate", "--no-input").returncode == 0
    generated = netkeel_server("generate_demo_data", "--size", "small")
    assert generated.returncode == 0, generated.stderr
    assert "Generated the small demo network" in generated.stdout

    again = netkeel_server("generate_demo_data", "--size", "small")
    assert again.returncode == 1
    assert again.stderr.strip().count("\n") == 0
    assert "already holds devices" in again.stderr


def test_the_command_says_what_it_is_doing_and_refuses_to_mix_with_real_data() -> None:
    """The demo command prints a line per stage as it goes (a medium network takes half a minute), and on a
    database that already has devices it says how to see the demo instead of adding nothing in silence."""
    out = StringIO()
    call_command("generate_demo_data", "--size", "small", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Wrote site 1 of ") and "Tracing every cable path…" in lines
    again = StringIO()
    call_command("generate_demo_data", "--size", "small", "--if-empty", stdout=again)
    assert "no demo data was added" in again.getvalue() and "RUN_ROOT=" in again.getvalue()
