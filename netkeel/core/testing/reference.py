"""Nautobot 3.2.7's interface as facts (`../shared/reference/`, see its README), for tests that hold netkeel
to it: here, the values and labels of every choice field, so that a choice set cannot drift."""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from netkeel.core.choices import ChoiceSet

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "reference"
OPENAPI_FACTS = REFERENCE / "nautobot-3.2.7-openapi.facts.json.gz"


@functools.cache
def _schemas() -> dict[str, Any]:
    if not OPENAPI_FACTS.exists():
        pytest.skip(f"Nautobot's schema facts are not at {OPENAPI_FACTS} (see the project's README).")
    with gzip.open(OPENAPI_FACTS, "rt") as facts:
        schemas: dict[str, Any] = json.load(facts)["components"]["schemas"]
    return schemas


def nautobot_choices(where: str) -> list[tuple[Any, Any]]:
    """The (value, label) pairs, in Nautobot's order, of `Schema.property` (a response's `{value, label}`
    shape); a bare name is an enum schema holding values only, paired with None for the label."""
    schemas = _schemas()
    schema, _, prop = where.partition(".")
    if not prop:
        return [(value, None) for value in schemas[schema]["enum"]]
    shape = schemas[schema]["properties"][prop]["properties"]
    values, labels = shape["value"]["enum"], shape["label"]["enum"]
    assert len(values) == len(labels), f"{where}: values and labels do not pair up"
    return list(zip(values, labels, strict=True))


def flat_choices(choices: type[ChoiceSet] | Any) -> list[tuple[Any, Any]]:
    """A choice set's (value, label) pairs, groups flattened; also for a plain class of integer CHOICES."""
    if isinstance(choices, type) and issubclass(choices, ChoiceSet):
        return choices.flat()
    return list(choices.CHOICES)


def assert_choice_sets_match_nautobot(app_label: str, sets: dict[Any, str], own: dict[str, str]) -> None:
    """Every set in `sets` has exactly Nautobot's values and labels in its order (labels only where the
    facts hold them), and every choice field of the app's models uses one of `sets` or is in `own` (a
    field of netkeel's own, "model.field" with the reason)."""
    differences = []
    for choice_set, where in sets.items():
        ours = flat_choices(choice_set)
        theirs = nautobot_choices(where)
        if theirs and theirs[0][1] is None:
            ours = [(value, None) for value, _ in ours]
        if ours != theirs:
            missing = [pair for pair in theirs if pair not in ours]
            extra = [pair for pair in ours if pair not in theirs]
            order = "" if missing or extra else " (order differs)"
            differences.append(f"{choice_set.__name__} vs {where}{order}: missing {missing}, not in Nautobot {extra}")
    assert not differences, "\n".join(differences)

    known = [flat_choices(choice_set) for choice_set in sets]
    unmatched = []
    for model in apps.get_app_config(app_label).get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field) or not field.choices:
                continue
            name = f"{model._meta.model_name}.{field.name}"
            if name not in own and list(field.flatchoices) not in known:
                unmatched.append(name)
    assert not unmatched, f"choice fields compared with no Nautobot enum: {unmatched}"
