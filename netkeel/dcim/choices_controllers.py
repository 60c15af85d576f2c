"""Choices of controllers and controller-managed device groups, value for value and label for label as Nautobot
3.2.7 has them (`dcim/tests/test_choices.py` compares them with its schema)."""

from __future__ import annotations

from netkeel.core.choices import ChoiceSet


class ControllerCapabilitiesChoices(ChoiceSet):
    """What a controller, or a group of the devices it manages, can do (a list of these on each)."""

    WIRELESS = "wireless"

    CHOICES = ((WIRELESS, "Wireless"),)
