"""DCIM writes that matter: creating a device with its components, deleting one with its cabling,
creating, changing and deleting one component, and virtual chassis. Each function is one transaction;
cabling changes go through `cabling.service`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from netkeel.core.models.cleaning import full_clean_once
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.cabling.kinds import installed_termination_models
from netkeel.dcim.cabling.store import origins_through
from netkeel.dcim.device_type_templates import device_type_templates
from netkeel.dcim.models import (
    Device,
    FrontPort,
    FrontPortTemplate,
    Interface,
    PowerOutlet,
    PowerOutletTemplate,
    RearPort,
    VirtualChassis,
)
from netkeel.extras.changelog import record_bulk_create
from netkeel.extras.models import Status


def create_device(**fields: Any) -> Device:
    """Validate and save a device, then give it every component its type's templates describe, in bulk.

    The device is judged before the transaction opens (once: not again when the API serializer has just
    judged the same values), so a refusal leaves a caller's own transaction usable and the writes need no
    savepoint inside it."""
    device = Device(**fields)
    full_clean_once(device, fields)
    with transaction.atomic(savepoint=False):
        device.save(force_insert=True)
        Device.parent_bay.related.set_cached_value(device, None)  # a new device sits in no bay yet
        instantiate_components(device)
    return device


def instantiate_components(device: Device) -> None:
    """One query to read the device type's templates of every kind, one bulk insert per component kind to
    write, and the change log records of them all in one more bulk insert."""
    created: list[Any] = []
    rear_ports_by_template: dict[Any, Any] = {}
    power_ports_by_template: dict[Any, Any] = {}
    for template_model, templates in device_type_templates(device.device_type_id).items():
        components = []
        interface_status = None
        if template_model.component_model_name == "Interface":
            interface_status = Status.objects.get_offered(Interface, "Active")
        for template in templates:
            extra: dict[str, Any] = {}
            if isinstance(template, FrontPortTemplate):
                extra["rear_port"] = rear_ports_by_template[template.rear_port_template_id]
            elif isinstance(template, PowerOutletTemplate) and template.power_port_template_id:
                extra["power_port"] = power_ports_by_template.get(template.power_port_template_id)
            component = template.instantiate(device, **extra)
            if interface_status is not None:
                component.status = interface_status
            components.append(component)
        component_model = type(components[0])
        component_model.objects.bulk_create(components)
        created.extend(components)
        if template_model.component_model_name == "RearPort":
            rear_ports_by_template = {t.pk: c for t, c in zip(templates, components, strict=True)}
        elif template_model.component_model_name == "PowerPort":
            power_ports_by_template = {t.pk: c for t, c in zip(templates, components, strict=True)}
    record_bulk_create(created)


@transaction.atomic
def delete_device(device: Device) -> None:
    """Delete a device with its components and cables; paths that crossed its cables are retraced."""
    component_ids: list[Any] = []
    cable_ids: list[Any] = []
    for model in installed_termination_models().values():
        if not any(field.name == "device" for field in model._meta.fields):
            continue
        for pk, cable_id in model._default_manager.filter(device=device).values_list("pk", "cable_id"):
            component_ids.append(pk)
            cable_ids.append(cable_id)

    def delete() -> None:
        # Front ports point at rear ports of the same device; delete them first so PROTECT-free cascades
        # stay simple and every component goes in a bulk statement.
        FrontPort.objects.filter(device=device).delete()
        PowerOutlet.objects.filter(device=device).update(power_port=None)
        device.delete()

    cabling.remove_terminations(component_ids, cable_ids, delete)


@transaction.atomic
def create_virtual_chassis(*, name: str, master: Device | None = None, domain: str = "") -> VirtualChassis:
    """Create a virtual chassis; its master becomes its member at position 1."""
    chassis = VirtualChassis(name=name, domain=domain, master=master)
    chassis.full_clean()
    chassis.save(force_insert=True)
    if master is not None:
        if master.virtual_chassis_id is None:
            taken = Device.objects.filter(virtual_chassis=chassis, vc_position=1).exists()
            if taken:
                raise ValidationError({"master": "Position 1 of the virtual chassis is already taken."})
            master.virtual_chassis = chassis
            master.vc_position = 1
            master.save(update_fields=["virtual_chassis", "vc_position", "last_updated"])
    return chassis


@transaction.atomic
def delete_component(component: Any) -> None:
    """Delete one component (a rear port with its front ports); its cable goes with it, and every path
    that crossed or ended at it is retraced."""
    # The caller's instance may predate a cable; what counts is the row as it is now.
    component = type(component)._default_manager.select_for_update().get(pk=component.pk)
    doomed = [component, *(component.frontports.all() if isinstance(component, RearPort) else [])]
    doomed_ids = [part.pk for part in doomed]

    def delete() -> None:
        FrontPort.objects.filter(pk__in=doomed_ids).delete()
        type(component)._default_manager.filter(pk=component.pk).delete()

    cabling.remove_terminations(doomed_ids, [getattr(part, "cable_id", None) for part in doomed], delete)


@transaction.atomic
def create_component(model: type[Any], **fields: Any) -> Any:
    """Validate and save one component (or any DCIM object without side effects of its own). Paths that
    stopped at a rear port position go on through a new front port mapped to it."""
    obj = model(**fields)
    obj.full_clean()
    obj.save(force_insert=True)
    if isinstance(obj, FrontPort):
        cabling.retrace(origins_through([obj.rear_port_id]))
    return obj


# The fields whose change moves the paths through a component: where a front port sits on its rear port,
# how many positions a rear port has.
_PATH_FIELDS: dict[type[Any], tuple[str, ...]] = {
    FrontPort: ("rear_port_id", "rear_port_position"),
    RearPort: ("positions",),
}


@transaction.atomic
def update_component(component: Any, **changes: Any) -> Any:
    """Validate and save changes to one component (it stays on its device). A front port mapped to another
    rear port position, or a rear port given other positions, retraces the paths through it; an interface
    that is no longer tagged drops its tagged VLANs."""
    path_fields = _PATH_FIELDS.get(type(component), ())
    before = [getattr(component, name) for name in path_fields]
    old_rear_port = getattr(component, "rear_port_id", None)
    for name, value in changes.items():
        setattr(component, name, value)
    component.full_clean()  # the model normalises as it checks (MAC addresses, say)
    component.save()
    if isinstance(component, Interface) and component.mode != "tagged":
        component.tagged_vlans.clear()
    if [getattr(component, name) for name in path_fields] != before:
        nodes = {component.pk, old_rear_port, getattr(component, "rear_port_id", None)} - {None}
        cabling.retrace(origins_through(nodes))
    return component
