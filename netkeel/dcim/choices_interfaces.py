"""Choice values and labels of the models grouped around interfaces (interface redundancy groups), kept apart
from `netkeel.dcim.choices`; `dcim/tests/test_choices.py` compares them with Nautobot 3.2.7's schema too."""

from __future__ import annotations

from netkeel.core.choices import ChoiceSet


class InterfaceRedundancyGroupProtocolChoices(ChoiceSet):
    CHOICES = (
        ("hsrp", "HSRP"),
        ("vrrp", "VRRP"),
        ("glbp", "GLBP"),
        ("carp", "CARP"),
    )
