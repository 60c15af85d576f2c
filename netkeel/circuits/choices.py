"""Choice values and labels of the circuit models: Nautobot's, compared with its schema by
`circuits/tests/test_choices.py`."""

from __future__ import annotations

from netkeel.core.choices import ChoiceSet


class CircuitTerminationSideChoices(ChoiceSet):
    SIDE_A = "A"
    SIDE_Z = "Z"
    CHOICES = ((SIDE_A, "A"), (SIDE_Z, "Z"))
