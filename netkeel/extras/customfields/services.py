"""Writes of custom fields and their choices, one transaction each, and their consequences for the data
stored on objects: a field's new key renames its values on every object, and a deleted field or a content
type taken from it removes its values. Those rewrites run in the database (backend.py), in batches of
`BATCH_SIZE` rows, so no lock is held on a whole table at once; each batch is recorded in the change log
(`recorded_update`: an update of every object whose data changed, in a constant number of queries).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import QueryDict

from netkeel.core.api import registry
from netkeel.core.api.hooks import CUSTOM_FIELD_DATA, has_custom_fields
from netkeel.extras.changelog import recorded_update
from netkeel.extras.customfields.backend import WithKeyRenamed, WithoutKey
from netkeel.extras.customfields.definitions import rules_of
from netkeel.extras.customfields.filters import list_contains
from netkeel.extras.customfields.validation import CHOICE_TYPES, check_choice_value, check_definition
from netkeel.extras.models.customfields import CustomField, CustomFieldChoice

BATCH_SIZE = 1_000
IN_USE_SHOWN = 5  # objects named in a refusal


class ChoiceInUse(Exception):
    """A choice still held by objects; the message is the sentence for the client."""


# ------------------------------------------------------------------------------------------- fields


@transaction.atomic
def create_custom_field(*, content_types: Iterable[ContentType] = (), **fields: Any) -> CustomField:
    field = CustomField(**fields)
    wanted = _check_content_types(content_types)
    field.full_clean()
    check_scope_filter(field, wanted)
    check_definition(rules_of(field), field.default, choice_values=())
    field.save(force_insert=True)
    field.content_types.set(wanted)
    return field


@transaction.atomic
def update_custom_field(
    field: CustomField,
    *,
    content_types: Iterable[ContentType] | None = None,
    batch_size: int = BATCH_SIZE,
    **changes: Any,
) -> CustomField:
    """Change a field; a new key is renamed in the data of every object it applies to, and content types
    taken away lose its values."""
    before = CustomField.objects.select_for_update().get(pk=field.pk)
    before_types = list(before.content_types.all())
    for name, value in changes.items():
        setattr(field, name, value)
    field.full_clean()
    check_definition(rules_of(field), field.default, choice_values=_choice_values(field))
    after_types = before_types if content_types is None else _check_content_types(content_types)
    check_scope_filter(field, after_types)
    if field.type != before.type and _any_values(before.key, before_types):
        raise ValidationError(
            {"type": [f"Objects hold values of {before.key!r}; clear them before changing the field's type."]}
        )
    field.save()
    removed = [ct for ct in before_types if ct not in after_types]
    for content_type in removed:
        remove_values(_model(content_type), before.key, batch_size=batch_size)
    if field.key != before.key:
        for content_type in after_types:
            if content_type in before_types:
                rename_values(_model(content_type), before.key, field.key, batch_size=batch_size)
    if content_types is not None:
        field.content_types.set(after_types)
    return field


@transaction.atomic
def delete_custom_field(field: CustomField, *, batch_size: int = BATCH_SIZE) -> None:
    """Delete a field and its values on every object."""
    for content_type in field.content_types.all():
        remove_values(_model(content_type), field.key, batch_size=batch_size)
    field.delete()


def _check_content_types(content_types: Iterable[ContentType]) -> list[ContentType]:
    wanted = list(dict.fromkeys(content_types))
    refused = [ct for ct in wanted if not _carries_custom_fields(ct)]
    if refused:
        names = ", ".join(f"{ct.app_label}.{ct.model}" for ct in refused)
        raise ValidationError({"content_types": [f"{names} cannot have custom fields."]})
    return wanted


def check_scope_filter(field: CustomField, content_types: Iterable[ContentType]) -> None:
    """A scope is a JSON object of filters (`{"status": ["active"]}`) that each of the field's kinds of
    object takes, as its API list would; a required field has none (Nautobot's rule: the objects outside
    the scope could never satisfy it)."""
    scope = field.scope_filter
    if scope is None:
        scope = field.scope_filter = {}
    if not isinstance(scope, dict):
        raise ValidationError({"scope_filter": ['Give the scope as a JSON object of filters: {"status": ["active"]}.']})
    if not scope:
        return
    if field.required:
        raise ValidationError({"required": ["A field with a scope_filter cannot be required."]})
    data = QueryDict(mutable=True)
    for name, value in scope.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str | int | bool) for item in values):
            raise ValidationError({"scope_filter": [f"{name}: give a filter's value as text or a list of them."]})
        data.setlist(name, [str(item).lower() if isinstance(item, bool) else str(item) for item in values])
    for content_type in content_types:
        model = _model(content_type)
        endpoint = registry.endpoint_for(model)
        filterset_class = getattr(endpoint.viewset, "filterset_class", None) if endpoint is not None else None
        if filterset_class is None:
            raise ValidationError({"scope_filter": [f"{content_type.app_label}.{content_type.model} has no filters."]})
        unknown = sorted(set(scope) - filterset_class.filter_names())
        if unknown:
            kind = f"{content_type.app_label}.{content_type.model}"
            raise ValidationError({"scope_filter": [f"{kind} has no filter {', '.join(unknown)}."]})
        filterset = filterset_class(data=data, queryset=model._base_manager.none())
        if not filterset.is_valid():
            problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items())
            raise ValidationError({"scope_filter": [problems]})


def _carries_custom_fields(content_type: ContentType) -> bool:
    model = content_type.model_class()
    return model is not None and has_custom_fields(model)


def _model(content_type: ContentType) -> type[models.Model]:
    model = content_type.model_class()
    assert model is not None, f"{content_type} has no model"
    return model


def _choice_values(field: CustomField) -> tuple[str, ...]:
    if field.pk is None or field.type not in CHOICE_TYPES:
        return ()
    return tuple(field.custom_field_choices.values_list("value", flat=True))


def _any_values(key: str, content_types: Iterable[ContentType]) -> bool:
    return any(
        _model(ct)._base_manager.filter(**{f"{CUSTOM_FIELD_DATA}__has_key": key}).exists() for ct in content_types
    )


# ------------------------------------------------------------------------------------------- batches


def remove_values(model: type[models.Model], key: str, *, batch_size: int = BATCH_SIZE) -> int:
    """Remove `key` from the data of every object of `model`; returns how many objects held it."""
    return _rewrite(model, key, lambda: WithoutKey(CUSTOM_FIELD_DATA, key), batch_size)


def rename_values(model: type[models.Model], old: str, new: str, *, batch_size: int = BATCH_SIZE) -> int:
    """Move every object's value of `old` to `new`; returns how many objects held one."""
    return _rewrite(model, old, lambda: WithKeyRenamed(CUSTOM_FIELD_DATA, old, new), batch_size)


def _rewrite(model: type[models.Model], key: str, expression: Callable[[], Any], batch_size: int) -> int:
    """Rewrite, `batch_size` rows at a time, the data of the rows holding `key`: per batch one query for
    the next ids (in id order, after the last batch) and one recorded UPDATE of those rows (a few queries,
    however many rows the batch holds)."""
    manager = model._base_manager
    holding = manager.filter(**{f"{CUSTOM_FIELD_DATA}__has_key": key}).order_by("pk")
    done = 0
    last: Any = None
    while True:
        batch = holding if last is None else holding.filter(pk__gt=last)
        ids = list(batch.values_list("pk", flat=True)[:batch_size])
        if not ids:
            return done
        recorded_update(manager.filter(pk__in=ids), **{CUSTOM_FIELD_DATA: expression()})
        done += len(ids)
        last = ids[-1]
        if len(ids) < batch_size:
            return done


# ------------------------------------------------------------------------------------------- choices


@transaction.atomic
def create_choice(**fields: Any) -> CustomFieldChoice:
    choice = CustomFieldChoice(**fields)
    choice.full_clean()
    check_choice_value(rules_of(choice.custom_field), choice.value)
    choice.save(force_insert=True)
    return choice


@transaction.atomic
def update_choice(choice: CustomFieldChoice, **changes: Any) -> CustomFieldChoice:
    """Change a choice; its value and field stay while objects hold it."""
    before = CustomFieldChoice.objects.select_for_update().select_related("custom_field").get(pk=choice.pk)
    for name, value in changes.items():
        setattr(choice, name, value)
    choice.full_clean()
    check_choice_value(rules_of(choice.custom_field), choice.value)
    if (choice.value, choice.custom_field_id) != (before.value, before.custom_field_id):
        users = holders(before)
        if users:
            raise ValidationError(
                {"value": [f"{_in_use_sentence(before, users)} Change their value first, then this choice."]}
            )
    choice.save()
    return choice


@transaction.atomic
def delete_choice(choice: CustomFieldChoice) -> None:
    """Delete a choice no object holds; raises ChoiceInUse naming the objects that do."""
    users = holders(choice)
    if users:
        raise ChoiceInUse(f"{_in_use_sentence(choice, users)} Change their value first, then delete the choice.")
    choice.delete()


def holders(choice: CustomFieldChoice) -> list[tuple[type[models.Model], int, list[Any]]]:
    """Per model, how many objects hold `choice` and the first few of them."""
    field = choice.custom_field
    found = []
    for content_type in field.content_types.all():
        model = _model(content_type)
        queryset = model._base_manager.all()
        path = f"{CUSTOM_FIELD_DATA}__{field.key}"
        if field.type == "multi-select":
            condition = list_contains(queryset, field.key, choice.value)
        else:
            condition = Q(**{path: choice.value})
        holding = queryset.filter(condition)
        count = holding.count()
        if count:
            found.append((model, count, list(holding.order_by("pk")[:IN_USE_SHOWN])))
    return found


def _in_use_sentence(choice: CustomFieldChoice, users: list[tuple[type[models.Model], int, list[Any]]]) -> str:
    total = sum(count for _, count, _ in users)
    named = [f"{model._meta.verbose_name} {obj}" for model, _, objects in users for obj in objects][:IN_USE_SHOWN]
    more = f" and {total - len(named)} more" if total > len(named) else ""
    return f"The choice {choice.value!r} is held by {total} object(s) ({', '.join(named)}{more})."
