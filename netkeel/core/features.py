"""Nautobot's model features (`custom_fields`, `statuses`, `cable_terminations`, …): which kinds of object
take part in a feature, as `/api/extras/content-types/?feature=<name>` lists them.

Each app declares, from its AppConfig.ready(), the features it knows as a test on a model class (extras:
custom fields, statuses, roles, webhooks; DCIM: cable terminations), so core names none of
them. A feature nobody declared has no kinds of object, as in Nautobot.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import models

FeatureTest = Callable[[type[models.Model]], bool]

_tests: dict[str, FeatureTest] = {}


def register_feature(name: str, test: FeatureTest) -> None:
    """Declare feature `name`: the models for which `test` is true take part in it (the last one wins)."""
    _tests[name] = test


def feature_names() -> tuple[str, ...]:
    return tuple(sorted(_tests))


def models_with_feature(name: str) -> list[type[models.Model]]:
    """The concrete models taking part in feature `name`; none for a feature nobody declared."""
    test = _tests.get(name)
    if test is None:
        return []
    concrete = (model for model in apps.get_models() if not (model._meta.proxy or model._meta.auto_created))
    return [model for model in concrete if test(model)]


def refers_to(target: str) -> FeatureTest:
    """A test true of models with a foreign key to `target` (`"extras.Status"`): what has a status (a tree's
    parent is no such key)."""

    def test(model: type[models.Model]) -> bool:
        wanted = apps.get_model(target)
        return model is not wanted and any(
            field.many_to_one and not field.auto_created and field.related_model is wanted
            for field in model._meta.get_fields()
        )

    return test
