"""What a device is before it exists: manufacturers, platforms, device types and their component templates.

Creating a device copies every template of its type into a real component (`instantiate` builds the
unsaved component; the device service saves them in bulk).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from netkeel.core.models import BaseModel, NamedModel
from netkeel.core.models.bulk import new_instance
from netkeel.core.models.ordering import NaturalOrderingField, naturalize_interface
from netkeel.dcim.choices import (
    ConsolePortTypeChoices,
    InterfaceTypeChoices,
    PortTypeChoices,
    PowerOutletFeedLegChoices,
    PowerOutletTypeChoices,
    PowerPortTypeChoices,
    SubdeviceRoleChoices,
)
from netkeel.dcim.models.fields import duplex_field, port_type_field, power_factor_field, speed_field
from netkeel.dcim.network_drivers import driver_mappings
from netkeel.extras.fields import TagsField


class Manufacturer(NamedModel):
    class Meta(NamedModel.Meta):
        pass


class Platform(BaseModel):
    name = models.CharField(max_length=100, unique=True)
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.PROTECT, null=True, blank=True, related_name="platforms"
    )
    network_driver = models.CharField(max_length=100, blank=True)
    napalm_driver = models.CharField(max_length=50, blank=True)
    napalm_args = models.JSONField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def network_driver_mappings(self) -> dict[str, str]:
        """The network driver as each automation library names it (netutils, then `NETWORK_DRIVERS`)."""
        return driver_mappings(self.network_driver)


class DeviceFamily(NamedModel):
    """A line of device types (Nautobot 3's device families: "Catalyst 9300", "MX")."""

    name = models.CharField(max_length=255, unique=True)
    description = models.CharField(max_length=255, blank=True)
    tags = TagsField()

    class Meta(NamedModel.Meta):
        verbose_name_plural = "device families"


# Where device types' images go under MEDIA_ROOT (Nautobot's folder name, so a copied media folder still works).
IMAGE_FOLDER = "devicetype-images"


class DeviceType(BaseModel):
    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.PROTECT, related_name="device_types")
    device_family = models.ForeignKey(
        DeviceFamily, on_delete=models.PROTECT, null=True, blank=True, related_name="device_types"
    )
    model = models.CharField(max_length=100)
    part_number = models.CharField(max_length=50, blank=True)
    u_height = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(100)])
    is_full_depth = models.BooleanField(default=True)
    subdevice_role = models.CharField(max_length=50, choices=SubdeviceRoleChoices.flat(), blank=True)
    # Pictures of the device's faces, kept by the default storage under MEDIA_ROOT, as Nautobot keeps them.
    front_image = models.ImageField(upload_to=IMAGE_FOLDER, blank=True)
    rear_image = models.ImageField(upload_to=IMAGE_FOLDER, blank=True)
    comments = models.TextField(blank=True)
    software_image_files = models.ManyToManyField(
        "dcim.SoftwareImageFile",
        through="dcim.DeviceTypeToSoftwareImageFile",
        blank=True,
        related_name="device_types",
    )
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("model", "manufacturer__name")

    class Meta:
        ordering = ["manufacturer", "model"]
        constraints = [
            models.UniqueConstraint(fields=["manufacturer", "model"], name="dcim_devicetype_unique_manufacturer_model"),
        ]

    def __str__(self) -> str:
        return self.model

    @property
    def display(self) -> str:
        return f"{self.manufacturer} {self.model}"

    @property
    def is_parent_device(self) -> bool:
        """Has device bays ("parent", or "parent-child": a child that is a parent in turn)."""
        return self.subdevice_role in (SubdeviceRoleChoices.PARENT, SubdeviceRoleChoices.PARENT_CHILD)

    @property
    def is_child_device(self) -> bool:
        """Sits in a device bay, not at a rack position."""
        return self.subdevice_role in (SubdeviceRoleChoices.CHILD, SubdeviceRoleChoices.PARENT_CHILD)

    def clean(self) -> None:
        super().clean()
        if self.is_child_device and self.u_height != 0:
            raise ValidationError({"u_height": "A child device type (installed in a device bay) must be 0U."})


class ComponentTemplate(BaseModel):
    device_type = models.ForeignKey(DeviceType, on_delete=models.CASCADE, related_name="%(class)ss")
    name = models.CharField(max_length=64)
    _name = NaturalOrderingField(target_field="name")
    label = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=200, blank=True)

    natural_key_field_names: ClassVar[tuple[str, ...]] = (
        "device_type__manufacturer__name",
        "device_type__model",
        "name",
    )
    # The real component a template becomes; set by each subclass.
    component_model_name: ClassVar[str] = ""
    # Template fields copied as they are onto the component.
    copied_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True
        ordering = ["device_type", "_name", "id"]  # naturally, as the components they become

    def __str__(self) -> str:
        return self.name

    def instantiate(self, device: Any, **extra: Any) -> Any:
        """The unsaved component this template gives `device`."""
        from django.apps import apps

        model = apps.get_model("dcim", self.component_model_name)
        values = {name: getattr(self, name) for name in ("name", "label", "description", *self.copied_fields)}
        return new_instance(model, values, {"device": device, **extra})


def _unique_name(model_name: str) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=["device_type", "name"], name=f"dcim_{model_name}_unique_name")]


class ConsolePortTemplate(ComponentTemplate):
    type = models.CharField(max_length=50, choices=ConsolePortTypeChoices.flat(), blank=True)
    component_model_name = "ConsolePort"
    copied_fields = ("type",)

    class Meta(ComponentTemplate.Meta):
        constraints = _unique_name("consoleporttemplate")


class ConsoleServerPortTemplate(ComponentTemplate):
    type = models.CharField(max_length=50, choices=ConsolePortTypeChoices.flat(), blank=True)
    component_model_name = "ConsoleServerPort"
    copied_fields = ("type",)

    class Meta(ComponentTemplate.Meta):
        constraints = _unique_name("consoleserverporttemplate")


class PowerPortTemplate(ComponentTemplate):
    type = models.CharField(max_length=50, choices=PowerPortTypeChoices.flat(), blank=True)
    maximum_draw = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    allocated_draw = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    power_factor = power_factor_field()
    component_model_name = "PowerPort"
    copied_fields = ("type", "maximum_draw", "allocated_draw", "power_factor")

    class Meta(ComponentTemplate.Meta):
        constraints = _unique_name("powerporttemplate")

    def clean(self) -> None:
        super().clean()
        if self.maximum_draw and self.allocated_draw and self.allocated_draw > self.maximum_draw:
            raise ValidationError(
                {"allocated_draw": f"Allocated draw cannot exceed the maximum ({self.maximum_draw}W)."}
            )


class PowerOutletTemplate(ComponentTemplate):
    type = models.CharField(max_length=50, choices=PowerOutletTypeChoices.flat(), blank=True)
    power_port_template = models.ForeignKey(
        PowerPortTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="power_outlet_templates"
    )
    feed_leg = models.CharField(max_length=50, choices=PowerOutletFeedLegChoices.flat(), blank=True)
    component_model_name = "PowerOutlet"
    copied_fields = ("type", "feed_leg")

    class Meta(ComponentTemplate.Meta):
        constraints = _unique_name("poweroutlettemplate")

    def clean(self) -> None:
        super().clean()
        if self.power_port_template is not None and self.power_port_template.device_type_id != self.device_type_id:
            raise ValidationError(
                {"power_port_template": "The power port template must belong to the same device type."}
            )


class InterfaceTemplate(ComponentTemplate):
    _name = NaturalOrderingField(target_field="name", naturalize_function=naturalize_interface)
    type = models.CharField(max_length=50, choices=InterfaceTypeChoices.flat())
    mgmt_only = models.BooleanField(default=False)
    speed = speed_field()
    duplex = duplex_field()
    port_type = port_type_field()
    component_model_name = "Interface"
    copied_fields = ("type", "mgmt_only", "speed", "duplex", "port_type")

    class Meta(ComponentTemplate.Meta):
        constraints = _unique_name("interfacetemplate")


class RearPortTemplate(ComponentTemplate):
    type = models.CharField(max_length=50, choices=PortTypeChoices.flat())
    positions = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(1024)])
    component_model_name = "RearPort"
    copied_fields = ("type", "positions")

    class Meta(ComponentTemplate.Meta):
        constraints = _unique_name("rearporttemplate")


class FrontPortTemplate(ComponentTemplate):
    type = models.CharField(max_length=50, choices=PortTypeChoices.flat())
    rear_port_template = models.ForeignKey(
        RearPortTemplate, on_delete=models.CASCADE, related_name="front_port_templates"
    )
    rear_port_position = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(1024)]
    )
    component_model_name = "FrontPort"
    copied_fields = ("type", "rear_port_position")

    class Meta(ComponentTemplate.Meta):
        constraints = [
            *_unique_name("frontporttemplate"),
            models.UniqueConstraint(
                fields=["rear_port_template", "rear_port_position"], name="dcim_frontporttemplate_unique_rear_position"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if not self.rear_port_template_id:
            return
        rear = self.rear_port_template
        if rear.device_type_id != self.device_type_id:
            raise ValidationError({"rear_port_template": "The rear port template must belong to the same device type."})
        if self.rear_port_position > rear.positions:
            raise ValidationError(
                {
                    "rear_port_position": f"Position {self.rear_port_position} is beyond the {rear.positions} "
                    f"position(s) of rear port {rear.name}."
                }
            )


class DeviceBayTemplate(ComponentTemplate):
    component_model_name = "DeviceBay"

    class Meta(ComponentTemplate.Meta):
        constraints = _unique_name("devicebaytemplate")


# Every template model, in the order the device service instantiates them (rear ports before the front
# ports that map to them, power ports before the outlets that feed from them).
TEMPLATE_MODELS: tuple[type[ComponentTemplate], ...] = (
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    PowerPortTemplate,
    PowerOutletTemplate,
    InterfaceTemplate,
    RearPortTemplate,
    FrontPortTemplate,
    DeviceBayTemplate,
)
