"""Where things are: location types and locations (trees), rack groups, racks and rack reservations."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from netkeel.core.models import BaseModel, TreeModel
from netkeel.core.models.ordering import NaturalOrderingField
from netkeel.dcim.choices import RackDimensionUnitChoices, RackTypeChoices, RackWidthChoices
from netkeel.extras.fields import RoleField, StatusField, TagsField
from netkeel.tenancy.models import tenant_field


class LocationType(TreeModel):
    """A level of the location hierarchy (Region → Site → Building → Floor …)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)
    nestable = models.BooleanField(default=False, help_text="Locations of this type may contain others of it.")
    content_types = models.ManyToManyField(ContentType, related_name="location_types", blank=True)

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name",)
    # Its content types name what may stand at a location of this type (the UI offers what refers to a
    # location), not what refers to the type itself.
    content_types_of: ClassVar[str] = "dcim.Location"

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(TreeModel):
    location_type = models.ForeignKey(LocationType, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=100)
    _name = NaturalOrderingField(target_field="name")
    status = StatusField()
    tenant = tenant_field()
    facility = models.CharField(max_length=50, blank=True)
    asn = models.PositiveBigIntegerField(null=True, blank=True)
    time_zone = models.CharField(max_length=63, blank=True)
    description = models.CharField(max_length=200, blank=True)
    physical_address = models.TextField(blank=True)
    shipping_address = models.TextField(blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    contact_name = models.CharField(max_length=100, blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    contact_email = models.EmailField(blank=True)
    comments = models.TextField(blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name", "parent__name")

    class Meta:
        ordering = ["_name", "id"]  # DC2 before DC10 (netkeel.core.models.ordering)
        indexes = [models.Index(fields=["_name"], name="dcim_location_natural")]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="dcim_location_unique_parent_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def lies_within(self, location_id: Any) -> bool:
        """Whether this location is `location_id` or inside it (Nautobot's `in ancestors(include_self=True)`)."""
        return location_id == self.pk or any(node.pk == location_id for node in self.ancestors())

    def clean(self) -> None:
        super().clean()
        if self.time_zone:
            import zoneinfo

            if self.time_zone not in zoneinfo.available_timezones():
                raise ValidationError({"time_zone": f"{self.time_zone!r} is not a known time zone."})
        if not self.location_type_id:
            return
        location_type = self.location_type
        if self.parent is None:
            if location_type.parent_id is not None:
                raise ValidationError(
                    {"parent": f"A location of type {location_type} must have a parent of type {location_type.parent}."}
                )
            return
        allowed = {location_type.parent_id} | ({location_type.pk} if location_type.nestable else set())
        if self.parent.location_type_id not in allowed:
            raise ValidationError(
                {
                    "parent": f"A location of type {location_type} cannot sit in a location of type "
                    f"{self.parent.location_type}."
                }
            )


class RackGroup(TreeModel):
    name = models.CharField(max_length=100)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="rack_groups")
    description = models.CharField(max_length=200, blank=True)

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name", "location__name")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="dcim_rackgroup_unique_location_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # As Nautobot: the parent group's location is this group's location or one holding it.
        if self.parent is not None and self.location_id and not self.location.lies_within(self.parent.location_id):
            raise ValidationError(
                {
                    "location": f'Location "{self.location}" is not descended from parent rack group '
                    f'"{self.parent}" location "{self.parent.location}".'
                }
            )


def refuse_rack_group_outside(rack_group: RackGroup | None, location: Location | None) -> None:
    """As Nautobot: a rack or power panel may use a rack group of its own location or of one holding it."""
    if rack_group is not None and location is not None and not location.lies_within(rack_group.location_id):
        raise ValidationError(
            {"rack_group": f'Rack group "{rack_group}" is in a location that does not hold "{location}".'}
        )


class Rack(BaseModel):
    name = models.CharField(max_length=100)
    _name = NaturalOrderingField(target_field="name")
    facility_id = models.CharField(max_length=50, blank=True)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="racks")
    rack_group = models.ForeignKey(RackGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="racks")
    status = StatusField()
    role = RoleField(null=True, blank=True)
    tenant = tenant_field()
    serial = models.CharField(max_length=255, blank=True)
    # "Asset tag", as Nautobot labels it: clients match "<model> with this Asset tag already exists."
    asset_tag = models.CharField(max_length=100, null=True, blank=True, unique=True, verbose_name="Asset tag")
    type = models.CharField(max_length=50, choices=RackTypeChoices.flat(), blank=True)
    width = models.PositiveSmallIntegerField(choices=RackWidthChoices.CHOICES, default=19)
    u_height = models.PositiveSmallIntegerField(default=42, validators=[MinValueValidator(1), MaxValueValidator(100)])
    desc_units = models.BooleanField(default=False, help_text="Units are numbered top to bottom.")
    outer_width = models.PositiveSmallIntegerField(null=True, blank=True)
    outer_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    outer_unit = models.CharField(max_length=50, choices=RackDimensionUnitChoices.flat(), blank=True)
    comments = models.TextField(blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name", "location__name")

    class Meta:
        ordering = ["location", "_name", "id"]  # R2 before R10 (netkeel.core.models.ordering)
        indexes = [models.Index(fields=["location", "_name"], name="dcim_rack_natural")]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="dcim_rack_unique_location_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        refuse_rack_group_outside(self.rack_group, self.location if self.location_id else None)
        if self.outer_unit == "" and (self.outer_width or self.outer_depth):
            raise ValidationError({"outer_unit": "Give a unit for the outer width and depth."})
        if self.pk is not None:
            # Shrinking a rack must not strand devices above its new top.
            from netkeel.dcim.models.devices import Device

            top = (
                Device.objects.filter(rack=self, position__isnull=False)
                .annotate(top=models.F("position") + models.F("device_type__u_height") - 1)
                .aggregate(highest=models.Max("top"))["highest"]
            )
            if top is not None and top > self.u_height:
                raise ValidationError(
                    {"u_height": f"The rack must be at least {top}U tall: a device occupies unit {top}."}
                )

    @property
    def units(self) -> range:
        return range(self.u_height, 0, -1) if not self.desc_units else range(1, self.u_height + 1)


class RackReservation(BaseModel):
    rack = models.ForeignKey(Rack, on_delete=models.CASCADE, related_name="reservations")
    units = models.JSONField(default=list)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rack_reservations")
    description = models.CharField(max_length=200)
    tenant = tenant_field()
    tags = TagsField()

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return f"Reservation for rack {self.rack}"

    def clean(self) -> None:
        super().clean()
        units: Any = self.units
        if not isinstance(units, list) or not units or not all(isinstance(u, int) for u in units):
            raise ValidationError({"units": "Give the reserved units as a list of whole numbers."})
        if self.rack_id:
            invalid = sorted(u for u in units if not 1 <= u <= self.rack.u_height)
            if invalid:
                raise ValidationError({"units": f"Units {invalid} are outside this {self.rack.u_height}U rack."})
            overlapping = set(units) & {
                unit
                for reservation in RackReservation.objects.filter(rack_id=self.rack_id).exclude(pk=self.pk)
                for unit in reservation.units
            }
            if overlapping:
                raise ValidationError({"units": f"Units {sorted(overlapping)} are already reserved."})
        self.units = sorted(set(units))
