"""Every circuits choice set has Nautobot 3.2.7's values."""

from __future__ import annotations

from netkeel.circuits import choices
from netkeel.core.testing.reference import assert_choice_sets_match_nautobot


def test_every_circuits_choice_set_is_nautobots() -> None:
    assert_choice_sets_match_nautobot("circuits", {choices.CircuitTerminationSideChoices: "TermSideEnum"}, own={})
