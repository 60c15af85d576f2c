"""`judged` / `full_clean_once`: a service skips the model's `full_clean()` only for the very column values a
serializer has just judged, once; anything else a serializer holds (a device's `parent_bay`, passed to the
service as an argument of its own) does not count."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netkeel.core.models.cleaning import full_clean_once, judged
from netkeel.dcim.models import Location

pytestmark = pytest.mark.django_db


def unjudgeable() -> Location:
    return Location(name="nowhere")  # no location type, no status: full_clean() refuses it


def test_the_values_just_judged_are_not_judged_again_once() -> None:
    with judged(Location, {"name": "nowhere", "parent_bay": object()}):
        full_clean_once(unjudgeable(), {"name": "nowhere"})  # skipped: the same columns were judged
        with pytest.raises(ValidationError):
            full_clean_once(unjudgeable(), {"name": "nowhere"})  # one write per judgement


def test_other_values_or_no_judgement_are_judged() -> None:
    with pytest.raises(ValidationError):
        full_clean_once(unjudgeable(), {"name": "nowhere"})
    with judged(Location, {"name": "elsewhere"}), pytest.raises(ValidationError):
        full_clean_once(unjudgeable(), {"name": "nowhere"})
    with judged(Location, {"name": "nowhere"}), pytest.raises(ValidationError):
        full_clean_once(unjudgeable(), {"name": "nowhere", "description": "changed"})
