"""The DCIM update services: a cable changed, a rear port given other positions, a front port remapped.
Each retraces what it moves; each takes `tags=` and `custom_fields=`; the models refuse what cannot move.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from netkeel.dcim import services
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.models import Cable, Device, FrontPort, Interface, RearPort
from netkeel.dcim.tests import factories as f
from netkeel.dcim.tests import sample_jobs
from netkeel.dcim.tests.test_cable_paths import assert_path
from netkeel.dcim.tests.test_incremental_property import rebuilt_paths, stored_paths
from netkeel.extras.jobs.runner import run_job_result
from netkeel.extras.jobs.service import create_job_result
from netkeel.extras.models import CustomField, Job, Status, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def site() -> Any:
    return f.location()


@pytest.fixture
def switch() -> Any:
    return f.device_type("switch", interfaces=2)


def through_a_panel(site: Any, switch: Any) -> tuple[Interface, Cable, RearPort, FrontPort, Cable, Interface]:
    """
    [a eth0]-c1-[p1 rear0 (1 position) | p1 front0]-c2-[b eth0]
    """
    panel = f.device_type("panel", rear_ports=1)
    a, b, p1 = f.device("a", switch, site), f.device("b", switch, site), f.device("p1", panel, site)
    a0, b0 = a.interfaces.get(name="eth0"), b.interfaces.get(name="eth0")
    r1, f1 = p1.rearports.get(), p1.frontports.get()
    c1, c2 = cabling.connect(a0, r1), cabling.connect(f1, b0)
    assert_path(a0, [c1, r1, f1, c2, b0], destination=b0, active=True)
    return a0, c1, r1, f1, c2, b0


# ------------------------------------------------------------------------------------------------ cables


def test_update_cable_changes_its_fields_and_a_new_status_retraces(site: Any, switch: Any) -> None:
    a0, c1, r1, f1, c2, b0 = through_a_panel(site, switch)
    planned = Status.objects.get_or_create(name="Planned")[0]
    planned.content_types.add(ContentType.objects.get_for_model(Cable))
    changed = cabling.update_cable(c2, label="uplink", color="aa1409", status="Planned")
    assert (changed.label, changed.color, changed.status_id) == ("uplink", "aa1409", planned.pk)
    assert_path(a0, [c1, r1, f1, c2, b0], destination=b0, active=False)
    cabling.update_cable(Cable.objects.get(pk=c2.pk), status="Connected")
    assert_path(a0, [c1, r1, f1, c2, b0], destination=b0, active=True)
    assert stored_paths() == rebuilt_paths()


def test_update_cable_refuses_to_move_an_end(site: Any, switch: Any) -> None:
    a0, c1, *_ = through_a_panel(site, switch)
    other = Interface.objects.get(device__name="a", name="eth1")
    cable = Cable.objects.get(pk=c1.pk)
    with pytest.raises(ValidationError) as refused:
        cabling.update_cable(cable, termination_a_id=other.pk)
    assert "termination_a_id" in refused.value.message_dict
    assert Cable.objects.get(pk=c1.pk).termination_a_id == a0.pk


def test_update_cable_wants_a_unit_for_a_length(site: Any, switch: Any) -> None:
    _, c1, *_ = through_a_panel(site, switch)
    with pytest.raises(ValidationError) as refused:
        cabling.update_cable(Cable.objects.get(pk=c1.pk), length=3)
    assert "length_unit" in refused.value.message_dict


def test_one_call_is_the_whole_write_tags_and_custom_fields_included(site: Any, switch: Any) -> None:
    cable_type = ContentType.objects.get_for_model(Cable)
    tag = Tag.objects.create(name="core")
    tag.content_types.add(cable_type)
    field = CustomField.objects.create(key="circuit_ref", label="Circuit ref", type="text")
    field.content_types.add(cable_type)
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    made = cabling.connect(
        a.interfaces.get(name="eth0"), b.interfaces.get(name="eth0"), tags=[tag], custom_fields={"circuit_ref": "X1"}
    )
    stored = Cable.objects.get(pk=made.pk)
    assert [t.name for t in stored.tags.all()] == ["core"] and stored.custom_field_data == {"circuit_ref": "X1"}
    cabling.update_cable(stored, tags=[], custom_fields={"circuit_ref": None})
    stored = Cable.objects.get(pk=made.pk)
    assert list(stored.tags.all()) == [] and stored.custom_field_data == {}
    with pytest.raises(ValidationError) as refused:
        cabling.update_cable(stored, custom_fields={"nope": 1})
    assert "custom_fields" in refused.value.message_dict
    untagged = Tag.objects.create(name="not-for-cables")
    with pytest.raises(ValidationError) as refused:
        cabling.update_cable(stored, tags=[untagged])
    assert "tags" in refused.value.message_dict


def test_lock_for_write_returns_only_the_cables_that_still_exist(site: Any, switch: Any) -> None:
    _, c1, *_ = through_a_panel(site, switch)
    cabling.disconnect(c1)
    assert cabling.lock_for_write([c1.pk]) == []
    cabling.disconnect(c1)  # already gone: nothing to do, no error


# --------------------------------------------------------------------------------------- pass-through ports


def test_set_rear_port_positions_splits_and_rejoins_the_paths_through_it(site: Any, switch: Any) -> None:
    a0, c1, r1, f1, c2, b0 = through_a_panel(site, switch)
    services.set_rear_port_positions(r1, 2)
    # Two positions and nothing on the cable to say which: the path from a is split at the rear port.
    assert_path(a0, [c1, r1], destination=None, active=False, split=True)
    assert stored_paths() == rebuilt_paths()
    services.set_rear_port_positions(RearPort.objects.get(pk=r1.pk), 1)
    assert_path(a0, [c1, r1, f1, c2, b0], destination=b0, active=True)
    assert stored_paths() == rebuilt_paths()


def test_set_rear_port_positions_keeps_the_positions_front_ports_use(site: Any) -> None:
    panel = f.device("p", f.device_type("panel4", rear_ports=1, positions=4), site)
    with pytest.raises(ValidationError) as refused:
        services.set_rear_port_positions(panel.rearports.get(), 2)
    assert "positions" in refused.value.message_dict


def test_remap_front_port_retraces_through_both_rear_ports(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 rear0 (2) | front0-1]-c2-[b eth0]        front0-2 moved to position 1 of rear1
                [p1 rear1 (2) | front1-1, front1-2]
    """
    panel = f.device("p1", f.device_type("panel2x2", rear_ports=2, positions=2), site)
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    a0, b0 = a.interfaces.get(name="eth0"), b.interfaces.get(name="eth0")
    rear0, rear1 = panel.rearports.get(name="rear0"), panel.rearports.get(name="rear1")
    front = panel.frontports.get(name="front0-1")
    c2 = cabling.connect(front, b0)
    c1 = cabling.connect(a0, rear0)
    assert_path(b0, [c2, front, rear0, c1, a0], destination=a0, active=True)
    panel.frontports.get(name="front1-1").delete()  # free position 1 of rear1 (no path crosses it)
    services.remap_front_port(front, rear1, 1)
    assert_path(b0, [c2, front, rear1], destination=None, active=False)  # rear1 has no cable
    assert_path(a0, [c1, rear0], destination=None, active=False, split=True)
    assert stored_paths() == rebuilt_paths()


def test_update_component_sends_path_changes_to_their_services(site: Any, switch: Any) -> None:
    a0, c1, r1, *_ = through_a_panel(site, switch)
    services.update_component(r1, positions=2, label="trunk")
    assert RearPort.objects.get(pk=r1.pk).label == "trunk"
    assert_path(a0, [c1, r1], destination=None, active=False, split=True)


def test_a_component_stays_on_its_device(site: Any, switch: Any) -> None:
    a, b = f.device("a", switch, site), f.device("b", switch, site)
    eth0 = a.interfaces.get(name="eth0")
    with pytest.raises(ValidationError) as refused:
        services.update_component(eth0, device=b, name="eth9")
    assert "device" in refused.value.message_dict
    assert Interface.objects.get(pk=eth0.pk).device_id == a.pk


# --------------------------------------------------------------------------------------------------- jobs


def test_a_job_through_the_service_leaves_every_path_as_a_full_rebuild_would(site: Any, switch: Any) -> None:
    """
    [a eth0]-c1-[p1 rear0 | p1 front0]-c2-[b eth0]     and    [a eth1]-c3-[p2 rear0 (4 positions)]
    The job gives p1's rear port 3 positions (the path splits) and p2's 4 back (nothing changes).
    """
    a0, *_ = through_a_panel(site, switch)
    p2 = f.device("p2", f.device_type("panel4", rear_ports=1, positions=4), site)
    cabling.connect(Interface.objects.get(device__name="a", name="eth1"), p2.rearports.get())
    job_model = Job.objects.create(
        module_name=sample_jobs.__name__,
        job_class_name=sample_jobs.SetRearPortPositions.__name__,
        name=sample_jobs.SetRearPortPositions.meta().name,
    )
    rear = RearPort.objects.get(device__name="p1")
    for port, positions in ((rear, 3), (p2.rearports.get(), 4)):
        result = create_job_result(job_model, None, {"rear_port": str(port.pk), "positions": positions})
        run_job_result(result.pk)
        result.refresh_from_db()
        assert result.status == "SUCCESS", result.traceback
    assert RearPort.objects.get(pk=rear.pk).positions == 3
    assert stored_paths() == rebuilt_paths()
    assert stored_paths()[str(a0.pk)][3] is True  # split at p1's rear port


def test_delete_device_takes_its_cables_and_retraces_the_far_ends(site: Any, switch: Any) -> None:
    a0, c1, r1, f1, c2, b0 = through_a_panel(site, switch)
    services.delete_device(Device.objects.get(name="p1"))
    assert not Cable.objects.filter(pk__in=[c1.pk, c2.pk]).exists()
    assert Interface.objects.get(pk=a0.pk).cable_id is None
    assert stored_paths() == rebuilt_paths() == {}
