"""Fields shared by a component and its template (an interface's speed, a power port's power factor)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from netkeel.dcim.choices import InterfaceDuplexChoices, PortTypeChoices


def power_factor_field() -> models.DecimalField[Any, Any]:
    """As Nautobot: the factor (0.01 to 1.00) between watts and volt-amperes, 0.95 unless told."""
    return models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.95"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text="Power factor (0.01-1.00) for converting between watts (W) and volt-amps (VA). Defaults to 0.95.",
    )


def speed_field() -> models.PositiveIntegerField[Any, Any]:
    """An interface's speed in Kbps, as Nautobot stores it."""
    return models.PositiveIntegerField(null=True, blank=True, verbose_name="Speed (Kbps)")


def duplex_field() -> models.CharField[Any, Any]:
    return models.CharField(max_length=10, choices=InterfaceDuplexChoices.flat(), blank=True)


def port_type_field() -> models.CharField[Any, Any]:
    """The physical connector of an interface (8P8C, LC, ...), from the front and rear ports' choices."""
    return models.CharField(max_length=50, choices=PortTypeChoices.flat(), blank=True)
