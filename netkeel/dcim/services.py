"""DCIM writes that matter: creating a device with its components, deleting one with its cabling,
creating, changing and deleting one component (a rear port given other positions, a front port remapped:
the paths through them retraced), virtual chassis, device families and device redundancy groups. Each
function is one transaction and takes `tags=` and `custom_fields=` where it creates or changes an object;
cabling changes go through `cabling.service`, whose locks (`lock_for_write`) are taken first, in
primary-key order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Q

from netkeel.core.models.bulk import insert_rows
from netkeel.core.models.cleaning import full_clean_once
from netkeel.dcim import device_type_images
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.cabling.graph import Ref
from netkeel.dcim.cabling.kinds import installed_termination_models, kind_of, ref_of
from netkeel.dcim.cabling.store import origins_through
from netkeel.dcim.device_type_templates import device_type_templates
from netkeel.dcim.models import (
    CableTermination,
    Controller,
    ControllerManagedDeviceGroup,
    Device,
    DeviceBay,
    DeviceFamily,
    DeviceRedundancyGroup,
    DeviceType,
    DeviceTypeToSoftwareImageFile,
    FrontPort,
    FrontPortTemplate,
    Interface,
    PowerOutlet,
    PowerOutletTemplate,
    RearPort,
    SoftwareImageFile,
    SoftwareVersion,
    VirtualChassis,
)
from netkeel.dcim.models.interface_groups import (
    InterfaceRedundancyGroup,
    InterfaceRedundancyGroupAssociation,
    InterfaceVDCAssignment,
    VirtualDeviceContext,
)
from netkeel.extras.changelog import one_insert, record_bulk_create
from netkeel.extras.models import Status
from netkeel.extras.services import save_changes, save_new, set_custom_fields, set_tags

NOT_GIVEN: Any = object()


def create_device(
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    parent_bay: DeviceBay | None | Any = NOT_GIVEN,
    **fields: Any,
) -> Device:
    """Validate and save a device, then give it every component its type's templates describe, in bulk;
    given a `parent_bay`, install it there (`place_in_bay`).

    The device is judged before the transaction opens (once: not again when the API serializer has just
    judged the same values), so a refusal leaves a caller's own transaction usable and the writes need no
    savepoint inside it."""
    device = Device(**fields)
    set_custom_fields(device, custom_fields, new=True)
    full_clean_once(device, fields)
    placing = parent_bay is not NOT_GIVEN and parent_bay is not None
    # A bay can still refuse inside the transaction (taken meanwhile): only then a savepoint, so the refusal
    # leaves a caller's transaction usable too. The change records of the device, its tags and its
    # components go in one INSERT.
    with transaction.atomic(savepoint=placing), one_insert():
        device.save(force_insert=True)
        Device.parent_bay.related.set_cached_value(device, None)  # a new device sits in no bay yet
        set_tags(device, tags)
        instantiate_components(device)
        if placing:
            place_in_bay(device, parent_bay)
    return device


def update_device(
    device: Device,
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    parent_bay: DeviceBay | None | Any = NOT_GIVEN,
    **changes: Any,
) -> Device:
    """Change a device's fields, tags and custom field values; given a `parent_bay`, move it into that bay
    (None: out of its bay). Judged once and before the transaction opens, as `create_device` is."""
    for name, value in changes.items():
        setattr(device, name, value)
    set_custom_fields(device, custom_fields, new=False)
    full_clean_once(device, changes)
    with transaction.atomic(savepoint=parent_bay is not NOT_GIVEN):
        device.save()
        set_tags(device, tags)
        if parent_bay is not NOT_GIVEN:
            place_in_bay(device, parent_bay)
    return device


def update_device_type(
    device_type: DeviceType,
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> DeviceType:
    """Change a device type's fields, tags and custom field values; the file of a front or rear image
    replaced or cleared is deleted once the change commits. Judged once, as `create_device` is."""
    replaced = device_type_images.replaced_images(device_type, changes)
    for name, value in changes.items():
        setattr(device_type, name, value)
    set_custom_fields(device_type, custom_fields, new=False)
    full_clean_once(device_type, changes)
    with transaction.atomic(savepoint=False):
        device_type.save()
        set_tags(device_type, tags)
    device_type_images.delete_on_commit(replaced)
    return device_type


@transaction.atomic
def place_in_bay(device: Device, bay: DeviceBay | None) -> None:
    """Install `device` in `bay`, out of the bay it sat in (Nautobot's `parent_bay` written on a device);
    None takes it out of its bay. Both bays are locked, so two devices written into one bay at once make
    one install and one refusal. A refusal is a ValidationError on `parent_bay`."""
    wanted = Q(installed_device=device) if bay is None else Q(installed_device=device) | Q(pk=bay.pk)
    held = list(DeviceBay.objects.select_for_update().filter(wanted).order_by("pk"))
    current = next((held_bay for held_bay in held if held_bay.installed_device_id == device.pk), None)
    target = next((held_bay for held_bay in held if bay is not None and held_bay.pk == bay.pk), None)
    if bay is not None and target is None:
        raise ValidationError({"parent_bay": [f"The device bay {bay} no longer exists."]})
    if target is not None and target.installed_device_id not in (None, device.pk):
        occupant = Device.objects.filter(pk=target.installed_device_id).first()
        raise ValidationError({"parent_bay": [f"The bay {target} already holds {occupant}; empty it first."]})
    if current is not None and current != target:
        save_changes(current, {"installed_device": None})
    if target is not None and target.installed_device_id != device.pk:
        try:
            save_changes(target, {"installed_device": device})
        except ValidationError as exc:
            raise ValidationError({"parent_bay": exc.messages}) from None
    Device.parent_bay.related.set_cached_value(device, target)


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
        insert_rows(components, router.db_for_write(type(components[0]), instance=device))
        created.extend(components)
        if template_model.component_model_name == "RearPort":
            rear_ports_by_template = {t.pk: c for t, c in zip(templates, components, strict=True)}
        elif template_model.component_model_name == "PowerPort":
            power_ports_by_template = {t.pk: c for t, c in zip(templates, components, strict=True)}
    record_bulk_create(created, saved_again=False)  # the components are not saved again here


@transaction.atomic
def delete_device(device: Device) -> None:
    """Delete a device with its components and cables; paths that crossed its cables are retraced.

    Its cables and then its components are locked first, in the order every cabling write takes them
    (`cabling.lock_for_write`), so a cable of the device deleted at the same time waits or is waited for."""
    kinds = {
        kind: model
        for kind, model in installed_termination_models().items()
        if any(field.name == "device" for field in model._meta.fields)
    }

    def components() -> tuple[list[Any], list[Any]]:
        refs, cables = [], []
        for kind, model in kinds.items():
            for pk, cable_id in model._default_manager.filter(device=device).values_list("pk", "cable_id"):
                refs.append(Ref(kind, pk))
                cables.append(cable_id)
        return refs, cables

    refs, cable_ids = components()
    cabling.lock_for_write(cable_ids, refs)
    refs, cable_ids = components()  # as they are now that nothing else can change them
    component_ids = [ref.id for ref in refs]

    def delete() -> None:
        # Front ports point at rear ports of the same device; delete them first so PROTECT-free cascades
        # stay simple and every component goes in a bulk statement.
        FrontPort.objects.filter(device=device).delete()
        PowerOutlet.objects.filter(device=device).update(power_port=None)
        device.delete()

    cabling.remove_terminations(component_ids, cable_ids, delete)


@transaction.atomic
def create_virtual_chassis(
    *,
    name: str,
    master: Device | None = None,
    domain: str = "",
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **given: Any,
) -> VirtualChassis:
    """Create a virtual chassis; its master becomes its member at position 1. `given` holds what else the
    client may set (its id, its tenant)."""
    chassis = VirtualChassis(name=name, domain=domain, master=master, **given)
    set_custom_fields(chassis, custom_fields, new=True)
    chassis.full_clean()
    chassis.save(force_insert=True)
    set_tags(chassis, tags)
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
    if isinstance(component, CableTermination):
        current = type(component)._default_manager.filter(pk=component.pk).values_list("cable_id", flat=True)
        cabling.lock_for_write([current.first()], [ref_of(component)])
    component = type(component)._default_manager.select_for_update().get(pk=component.pk)
    doomed = [component, *(component.frontports.all() if isinstance(component, RearPort) else [])]
    doomed_ids = [part.pk for part in doomed]

    def delete() -> None:
        FrontPort.objects.filter(pk__in=doomed_ids).delete()
        type(component)._default_manager.filter(pk=component.pk).delete()

    cabling.remove_terminations(doomed_ids, [getattr(part, "cable_id", None) for part in doomed], delete)


@transaction.atomic
def create_component(
    model: type[Any],
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Any:
    """Validate and save one component (or any DCIM object without side effects of its own). Paths that
    stopped at a rear port position go on through a new front port mapped to it."""
    obj = model(**fields)
    set_custom_fields(obj, custom_fields, new=True)
    obj.full_clean()
    obj.save(force_insert=True)
    set_tags(obj, tags)
    if isinstance(obj, FrontPort):
        cabling.retrace(origins_through([obj.rear_port_id]))
    return obj


@transaction.atomic
def update_component(
    component: Any,
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> Any:
    """Validate and save changes to one component (it stays on its device: the model's `clean` refuses a
    move). A front port remapped or a rear port given other positions goes through `remap_front_port` or
    `set_rear_port_positions`, which retrace the paths through it; an interface that is no longer tagged
    drops its tagged VLANs."""
    if isinstance(component, FrontPort) and {"rear_port", "rear_port_id", "rear_port_position"} & set(changes):
        position = changes.pop("rear_port_position", component.rear_port_position)
        rear_port = changes.pop("rear_port", None) or changes.pop("rear_port_id", None) or component.rear_port_id
        return remap_front_port(component, rear_port, position, tags=tags, custom_fields=custom_fields, **changes)
    if isinstance(component, RearPort) and "positions" in changes:
        positions = changes.pop("positions")
        return set_rear_port_positions(component, positions, tags=tags, custom_fields=custom_fields, **changes)
    if isinstance(component, CableTermination):
        cabling.lock_termination(component)
    save_changes(component, changes, tags, custom_fields)
    if isinstance(component, Interface) and component.mode != "tagged":
        component.tagged_vlans.clear()
    return component


@transaction.atomic
def set_rear_port_positions(
    rear_port: RearPort,
    positions: int,
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> RearPort:
    """Give a rear port another number of positions (refused below a position a front port uses) and
    retrace every path through it: a path split for lack of a position may now go on, or stop."""
    cabling.lock_termination(rear_port)
    before = rear_port.positions
    save_changes(rear_port, {**changes, "positions": positions}, tags, custom_fields)
    if rear_port.positions != before:
        cabling.retrace(origins_through([rear_port.pk]))
    return rear_port


@transaction.atomic
def remap_front_port(
    front_port: FrontPort,
    rear_port: RearPort | Any,
    rear_port_position: int = 1,
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **changes: Any,
) -> FrontPort:
    """Map a front port to another rear port (of its device) or position, and retrace the paths through the
    front port and through both rear ports."""
    new_rear_id = rear_port.pk if isinstance(rear_port, RearPort) else rear_port
    old_rear_id, old_position = front_port.rear_port_id, front_port.rear_port_position
    rear_refs = [Ref(kind_of(RearPort), pk) for pk in sorted({old_rear_id, new_rear_id} - {None})]
    cabling.lock_termination(front_port, *rear_refs)
    target = {"rear_port": rear_port} if isinstance(rear_port, RearPort) else {"rear_port_id": rear_port}
    save_changes(front_port, {**changes, **target, "rear_port_position": rear_port_position}, tags, custom_fields)
    if (front_port.rear_port_id, front_port.rear_port_position) != (old_rear_id, old_position):
        cabling.retrace(origins_through({front_port.pk, old_rear_id, front_port.rear_port_id} - {None}))
    return front_port


# ------------------------------------------------------------------------------------- plain objects
# Device families, redundancy groups, the software models, interface redundancy groups, virtual device contexts
# (with the interfaces they take) and controllers change nothing else when written: judged, inserted or saved,
# tagged. One create and one update serve them all (and their API serializers).

PLAIN_MODELS: tuple[type[Any], ...] = (
    DeviceFamily,
    DeviceRedundancyGroup,
    SoftwareVersion,
    SoftwareImageFile,
    DeviceTypeToSoftwareImageFile,
    InterfaceRedundancyGroup,
    InterfaceRedundancyGroupAssociation,
    VirtualDeviceContext,
    InterfaceVDCAssignment,
    Controller,
    ControllerManagedDeviceGroup,
)


def create_plain_object(
    model: type[Any],
    *,
    tags: Iterable[Any] | None = None,
    custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Any:
    """Create one of `PLAIN_MODELS`: judged (a version is unique on its platform, a version has one default
    image, a priority needs a group) before the transaction opens."""
    if model not in PLAIN_MODELS:
        raise TypeError(f"{model.__name__} is not written by create_plain_object.")
    obj = model(**fields)
    save_new(obj, fields, tags, custom_fields)
    return obj


@transaction.atomic
def update_plain_object(
    obj: Any, *, tags: Iterable[Any] | None = None, custom_fields: Mapping[str, Any] | None = None, **changes: Any
) -> Any:
    save_changes(obj, changes, tags, custom_fields)
    return obj


def create_device_family(**fields: Any) -> DeviceFamily:
    return create_plain_object(DeviceFamily, **fields)


def create_device_redundancy_group(**fields: Any) -> DeviceRedundancyGroup:
    return create_plain_object(DeviceRedundancyGroup, **fields)


def create_software_version(**fields: Any) -> SoftwareVersion:
    return create_plain_object(SoftwareVersion, **fields)


def create_software_image_file(**fields: Any) -> SoftwareImageFile:
    return create_plain_object(SoftwareImageFile, **fields)


def assign_software_image_file(**fields: Any) -> DeviceTypeToSoftwareImageFile:
    """Say that an image file suits a device type (`device_type=`, `software_image_file=`)."""
    return create_plain_object(DeviceTypeToSoftwareImageFile, **fields)


@transaction.atomic
def delete_device_redundancy_group(group: DeviceRedundancyGroup) -> None:
    """Delete a redundancy group: its devices leave it, and with it their priority in it (a priority
    without a group is refused by `Device.clean`, so none is left behind)."""
    Device.objects.filter(device_redundancy_group=group).update(device_redundancy_group_priority=None)
    group.delete()


@transaction.atomic
def delete_software_object(obj: Any) -> None:
    """Delete a version, an image file or an assignment; a version that image files, devices, inventory items
    or virtual machines use is refused (PROTECT), as an image file that device types use is."""
    obj.delete()


# ------------------------------------------------------------------------------ interface groups
# Interface redundancy groups and virtual device contexts, with the interfaces they take, are plain objects
# too: judged, inserted or saved, tagged, nothing else changed. Deleting one takes its associations or
# assignments with it (CASCADE); deleting an association or an assignment frees the interface.


def create_interface_redundancy_group(**fields: Any) -> InterfaceRedundancyGroup:
    return create_plain_object(InterfaceRedundancyGroup, **fields)


def add_interface_to_redundancy_group(
    group: InterfaceRedundancyGroup, interface: Interface, priority: int
) -> InterfaceRedundancyGroupAssociation:
    """Put an interface in a redundancy group with its priority there (an interface is there once)."""
    return create_plain_object(
        InterfaceRedundancyGroupAssociation, interface_redundancy_group=group, interface=interface, priority=priority
    )


def create_virtual_device_context(**fields: Any) -> VirtualDeviceContext:
    return create_plain_object(VirtualDeviceContext, **fields)


def assign_interface_to_vdc(vdc: VirtualDeviceContext, interface: Interface) -> InterfaceVDCAssignment:
    return create_plain_object(InterfaceVDCAssignment, virtual_device_context=vdc, interface=interface)


@transaction.atomic
def delete_interface_group_object(obj: Any) -> None:
    """Delete a redundancy group or a virtual device context (with its associations or assignments), or one
    association or assignment."""
    obj.delete()


# ------------------------------------------------------------------------------------- controllers
# A controller and the groups of devices it manages (changed by `update_plain_object`); a device joins a group
# through its own update.


def create_controller(**fields: Any) -> Controller:
    """A controller on one device or one redundancy group, never both (judged before the transaction opens)."""
    return create_plain_object(Controller, **fields)


def create_controller_managed_device_group(**fields: Any) -> ControllerManagedDeviceGroup:
    """A group of the devices a controller manages, below a group of the same controller."""
    return create_plain_object(ControllerManagedDeviceGroup, **fields)


@transaction.atomic
def delete_controller_object(obj: Controller | ControllerManagedDeviceGroup) -> None:
    """Delete a controller with its groups (as Nautobot does: the deepest groups first, since a group protects
    the groups below it), or one group (refused while groups sit below it). Their devices stay, in no group."""
    if isinstance(obj, Controller):
        for group in ControllerManagedDeviceGroup.deepest_first(obj.controller_managed_device_groups.all()):
            group.delete()
    obj.delete()
