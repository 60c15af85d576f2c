"""Power panels and the feeds they supply; a power feed is a cable endpoint (it powers a power port)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.dcim.choices import PowerFeedPhaseChoices, PowerFeedSupplyChoices, PowerFeedTypeChoices
from netkeel.dcim.models.components import CableTermination
from netkeel.dcim.models.locations import Location, Rack, RackGroup, refuse_rack_group_outside
from netkeel.extras.fields import StatusField, TagsField


class PowerPanel(BaseModel):
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="power_panels")
    rack_group = models.ForeignKey(
        RackGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="power_panels"
    )
    name = models.CharField(max_length=100)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name", "location__name")

    class Meta:
        ordering = ["location", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="dcim_powerpanel_unique_location_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        refuse_rack_group_outside(self.rack_group, self.location if self.location_id else None)


class PowerFeed(CableTermination, BaseModel):
    power_panel = models.ForeignKey(PowerPanel, on_delete=models.PROTECT, related_name="power_feeds")
    rack = models.ForeignKey(Rack, on_delete=models.PROTECT, null=True, blank=True, related_name="power_feeds")
    name = models.CharField(max_length=100)
    status = StatusField()
    type = models.CharField(max_length=50, choices=PowerFeedTypeChoices.flat(), default="primary")
    supply = models.CharField(max_length=50, choices=PowerFeedSupplyChoices.flat(), default="ac")
    phase = models.CharField(max_length=50, choices=PowerFeedPhaseChoices.flat(), default="single-phase")
    voltage = models.SmallIntegerField(default=120)
    amperage = models.PositiveSmallIntegerField(default=20, validators=[MinValueValidator(1)])
    max_utilization = models.PositiveSmallIntegerField(
        default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    comments = models.TextField(blank=True)
    tags = TagsField()

    natural_key_field_names: ClassVar[tuple[str, ...]] = ("name", "power_panel__name")

    class Meta:
        ordering = ["power_panel", "name"]
        constraints = [models.UniqueConstraint(fields=["power_panel", "name"], name="dcim_powerfeed_unique_panel_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # As Nautobot: the rack and the panel are in one branch of the location tree (either may hold the
        # other); any supply may be of any phase, but an AC voltage is not negative.
        if self.rack is not None and self.power_panel_id:
            rack_at, panel_at = self.rack.location, self.power_panel.location
            if not rack_at.lies_within(panel_at.pk) and not panel_at.lies_within(rack_at.pk):
                raise ValidationError(
                    {
                        "rack": f'Rack "{self.rack}" ({rack_at}) and power panel "{self.power_panel}" ({panel_at}) '
                        "are not in the same branch of locations."
                    }
                )
        if self.supply == "ac" and self.voltage is not None and self.voltage < 0:
            raise ValidationError({"voltage": "An AC supply's voltage cannot be negative."})
