"""Power panels and the feeds they supply; a power feed is a cable endpoint (it powers a power port)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from netkeel.core.models import BaseModel
from netkeel.dcim.choices import (
    PowerFeedBreakerPoleChoices,
    PowerFeedPhaseChoices,
    PowerFeedSupplyChoices,
    PowerFeedTypeChoices,
    PowerPanelTypeChoices,
    PowerPathChoices,
)
from netkeel.dcim.models.components import CableTermination
from netkeel.dcim.models.locations import Location, Rack, RackGroup, refuse_rack_group_outside
from netkeel.extras.fields import StatusField, TagsField


class PowerPanel(BaseModel):
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="power_panels")
    rack_group = models.ForeignKey(
        RackGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="power_panels"
    )
    name = models.CharField(max_length=100)
    panel_type = models.CharField(max_length=30, choices=PowerPanelTypeChoices.flat(), blank=True)
    breaker_position_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Total number of breaker positions in the panel (e.g., 42)"
    )
    power_path = models.CharField(
        max_length=20,
        choices=PowerPathChoices.flat(),
        blank=True,
        help_text="Physical power distribution redundancy path.",
    )
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
    power_panel = models.ForeignKey(
        PowerPanel,
        on_delete=models.PROTECT,
        related_name="power_feeds",
        help_text="Source panel that originates this power feed",
    )
    destination_panel = models.ForeignKey(
        PowerPanel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feeders",
        help_text="Destination panel that receives power from this feed",
    )
    rack = models.ForeignKey(Rack, on_delete=models.PROTECT, null=True, blank=True, related_name="power_feeds")
    name = models.CharField(max_length=100)
    status = StatusField()
    type = models.CharField(max_length=50, choices=PowerFeedTypeChoices.flat(), default="primary")
    power_path = models.CharField(
        max_length=20,
        choices=PowerPathChoices.flat(),
        blank=True,
        help_text="Physical power distribution redundancy path.",
    )
    supply = models.CharField(max_length=50, choices=PowerFeedSupplyChoices.flat(), default="ac")
    phase = models.CharField(max_length=50, choices=PowerFeedPhaseChoices.flat(), default="single-phase")
    voltage = models.SmallIntegerField(default=120)
    amperage = models.PositiveSmallIntegerField(default=20, validators=[MinValueValidator(1)])
    max_utilization = models.PositiveSmallIntegerField(
        default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    breaker_position = models.PositiveIntegerField(
        null=True, blank=True, help_text="The first breaker position it takes in the panel"
    )
    breaker_pole_count = models.PositiveSmallIntegerField(
        choices=PowerFeedBreakerPoleChoices.CHOICES, null=True, blank=True, help_text="Number of breaker poles"
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
        self._check_destination_panel()
        self._check_breaker()

    @property
    def available_power(self) -> int:
        """Watts the feed may deliver: volts × amps × the utilisation allowed (× √3 on three phases)."""
        power = abs(self.voltage or 0) * (self.amperage or 0) * (self.max_utilization or 0) / 100
        return round(power * 1.732 if self.phase == "three-phase" else power)

    def occupied_positions(self) -> set[int]:
        """The breaker positions the feed takes: its first and every other one after, one per pole (a panel
        numbers its two columns odd and even)."""
        if not self.breaker_position or not self.breaker_pole_count:
            return set()
        return {self.breaker_position + 2 * pole for pole in range(self.breaker_pole_count)}

    def _check_destination_panel(self) -> None:
        if self.destination_panel_id is None:
            return
        if self.destination_panel_id == self.power_panel_id:
            raise ValidationError({"destination_panel": "A power feed cannot connect a panel to itself."})
        if self.cable_id is not None:
            raise ValidationError(
                {
                    "destination_panel": "A power feed connected by a cable cannot also feed a destination panel: "
                    "it feeds either a panel or a cabled endpoint."
                }
            )

    def _check_breaker(self) -> None:
        """As Nautobot: a breaker position without a pole count is a single pole; the positions fit the panel
        and are taken by no other feed of it."""
        if self.breaker_position is None or not self.power_panel_id:
            return
        if self.breaker_pole_count is None:
            self.breaker_pole_count = 1
        taken = self.occupied_positions()
        capacity = self.power_panel.breaker_position_count
        if capacity is not None and taken and max(taken) > capacity:
            raise ValidationError(
                {
                    "breaker_position": f"Breaker configuration starting at position {self.breaker_position} "
                    f"with {self.breaker_pole_count} poles would occupy positions {sorted(taken)}, "
                    f"but panel only has {capacity} breaker positions."
                }
            )
        others = PowerFeed.objects.filter(
            power_panel_id=self.power_panel_id, breaker_position__isnull=False, breaker_pole_count__isnull=False
        ).exclude(pk=self.pk)
        for other in others.only("name", "breaker_position", "breaker_pole_count"):
            clash = taken & other.occupied_positions()
            if clash:
                occupied = ", ".join(str(position) for position in sorted(other.occupied_positions()))
                raise ValidationError(
                    {
                        "breaker_position": f"Breaker position {self.breaker_position} conflicts with feed "
                        f'"{other.name}" (occupies {occupied}).'
                    }
                )
