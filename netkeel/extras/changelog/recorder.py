"""Writing change records: from model signals for single saves and deletes and tag changes, and from
`record_bulk_create` for services that insert in bulk.

An update is compared with the object as it was read (`BaseModel.from_db` keeps the values), so recording
it costs one INSERT and no SELECT; an object read some other way (a user) is read once more. Tags before a
delete are read in one query per kind of object the delete reaches, not per object.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from netkeel.core.api.hooks import register_bulk_created
from netkeel.core.models.base import loaded_values, remember_loaded_values
from netkeel.core.models.bulk import insert_rows, new_instance
from netkeel.extras import events
from netkeel.extras.changelog.context import current_context
from netkeel.extras.changelog.snapshots import ModelSpec, object_repr, spec_for, tag_ids
from netkeel.extras.choices import ObjectChangeActionChoices
from netkeel.extras.models import ObjectChange, Tag

CREATE = ObjectChangeActionChoices.CREATE
UPDATE = ObjectChangeActionChoices.UPDATE
DELETE = ObjectChangeActionChoices.DELETE

# Per-object notes kept in the instance's __dict__ between a pre_ and a post_ signal.
_BEFORE = "_changelog_before"
_TAGS = "_changelog_tags"  # tag ids this process saw the object get (created bare, or a tag change)
_TAGS_BEFORE = "_changelog_tags_before"
_TAG_SIDE_BEFORE = "_changelog_tag_side_before"  # on a tag: {tagged model: (tag pk, {object pk: tag ids})}
_DELETING = "_changelog_deleting"
_DELETE_TAGS = "_changelog_delete_tags"  # on a delete's origin: {model: {pk: tag ids}}

_state = {"connected": False}

# By database alias: the records made inside `one_insert`, not yet written.
_held: ContextVar[dict[str, list[ObjectChange]] | None] = ContextVar("netkeel_changelog_held", default=None)


# ------------------------------------------------------------------------------------------ writing


Row = tuple[ModelSpec, models.Model, dict[str, Any] | None, dict[str, Any] | None, str | None]
"""(spec, object, snapshot before, snapshot after, what it is shown as or None to take `str(object)`)"""


def _write(
    spec: ModelSpec,
    instance: models.Model,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    using: str,
    shown: str | None = None,
) -> ObjectChange:
    return _record(action, [(spec, instance, before, after, shown)], using)[0]


def _record(action: str, rows: list[Row], using: str) -> list[ObjectChange]:
    """Record one change of each object in `rows`: an update folds into the record the same context wrote for
    the object earlier in the open transaction (one UPDATE each), the rest are written in one INSERT. Each
    record is published, in the order of `rows`."""
    context = current_context()
    pending = context.pending(using)
    user_id, user_name = context.user()
    now = timezone.now()
    out: list[ObjectChange] = []
    fresh: list[ObjectChange] = []
    content_types = ContentType.objects.db_manager(using)
    type_ids: dict[type[models.Model], int] = {}  # by model: the rows of one call are mostly of one or two
    for spec, instance, before, after, shown in rows:
        shown = object_repr(instance) if shown is None else shown
        content_type_id = type_ids.get(spec.model)
        if content_type_id is None:
            content_type_id = type_ids[spec.model] = content_types.get_for_model(spec.model).pk
        key = (content_type_id, instance.pk)
        if pending is not None and action == UPDATE:
            earlier = pending.get(key)
            if earlier is not None and _merge(earlier, after, shown, using):
                out.append(earlier)
                continue
        if pending is not None and action == DELETE:
            context.drop(using, key)
        related_type, related_id = spec.related_object(instance)
        change = new_instance(
            ObjectChange,
            dict(
                time=now,
                user_id=user_id,
                user_name=user_name[:150],
                request_id=context.request_id,
                change_context=context.context,
                change_context_detail=context.detail,
                action=action,
                changed_object_type_id=content_type_id,
                changed_object_id=instance.pk,
                related_object_type_id=related_type,
                related_object_id=related_id,
                object_repr=shown,
                prechange_data=before,
                postchange_data=after,
            ),
        )
        out.append(change)
        fresh.append(change)
    held = _held.get()
    if held is not None:
        held.setdefault(using, []).extend(fresh)
    elif len(fresh) == 1:
        fresh[0].save(using=using, force_insert=True)
    elif fresh:
        insert_rows(fresh, using)
    if action != DELETE:
        context.keep(using, fresh)
    for change in out:
        events.publish(change)
    return out


def _merge(earlier: ObjectChange, after: dict[str, Any] | None, shown: str, using: str) -> bool:
    """Fold an update into the record written for the same object earlier in this transaction (a create
    stays a create, an update keeps its "before"). False when that record is gone (rolled back)."""
    if earlier.action == DELETE:
        return False
    if earlier._state.adding:  # held by `one_insert`, not written yet: its INSERT will carry the data
        earlier.postchange_data = after
        earlier.object_repr = shown
        return True
    updated = ObjectChange.objects.using(using).filter(pk=earlier.pk).update(postchange_data=after, object_repr=shown)
    if not updated:
        return False
    earlier.postchange_data = after
    earlier.object_repr = shown
    return True


@contextmanager
def one_insert() -> Iterator[None]:
    """Hold the change records made inside and write them when the block ends, in one INSERT per database:
    a service writing an object and its parts (a device and its components) pays one statement for all
    their records instead of one per write, and an update folded into a held record (a new device tagged)
    costs no statement at all. The records are published as they are made, as outside.

    Open it inside the transaction of the writes (so the records commit or roll back with them) and let a
    failure inside end the block: the held records are then dropped, and forgotten by the context so that
    nothing folds into them. Nested blocks are one block (the outermost writes)."""
    if _held.get() is not None:
        yield
        return
    held: dict[str, list[ObjectChange]] = {}
    token = _held.set(held)
    try:
        yield
    except BaseException:
        context = current_context()
        for using, changes in held.items():
            context.forget(using, changes)
        raise
    finally:
        _held.reset(token)
    for using, changes in held.items():
        if len(changes) == 1:
            changes[0].save(using=using, force_insert=True)
        elif changes:
            insert_rows(changes, using)


# ------------------------------------------------------------------------------------------ tags


def _known_tags(spec: ModelSpec, instance: models.Model) -> list[str] | None:
    known = instance.__dict__.get(_TAGS)
    if known is not None:
        return list(known)
    prefetched = getattr(instance, "_prefetched_objects_cache", {}).get(spec.tags.name)
    if prefetched is not None:
        return tag_ids(tag.pk for tag in prefetched)
    return None


def _tags_of(spec: ModelSpec, instance: models.Model, using: str) -> list[str]:
    known = _known_tags(spec, instance)
    if known is not None:
        return known
    links, source, target = _links(spec, using)
    return tag_ids(links.filter(**{source: instance.pk}).values_list(target, flat=True))


def _links(spec: ModelSpec, using: str) -> tuple[models.QuerySet[Any], str, str]:
    """The model's object-to-tag rows, and the columns holding the object's id and the tag's."""
    through = spec.tags.remote_field.through
    source = through._meta.get_field(spec.tags.m2m_field_name()).attname
    target = through._meta.get_field(spec.tags.m2m_reverse_field_name()).attname
    return through._default_manager.using(using), source, target


def _tags_by_object(spec: ModelSpec, using: str, pks: Any) -> dict[Any, list[str]]:
    """The tag ids of the objects `pks` (ids, or a subquery of them), sorted, by object: one query."""
    links, source, target = _links(spec, using)
    found: dict[Any, list[str]] = {}
    for pk, tag_pk in links.filter(**{f"{source}__in": pks}).values_list(source, target):
        found.setdefault(pk, []).append(str(tag_pk))
    return {pk: tag_ids(tags) for pk, tags in found.items()}


def _tags_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[Any] | None, using: str, **kwargs: Any
) -> None:
    if reverse:
        _tag_side_changed(sender, instance, action, pk_set, using, kwargs.get("model"))
        return
    model: type[models.Model] = type(instance)
    spec = spec_for(model)
    if spec is None or spec.tags is None or spec.tags.remote_field.through is not sender:
        return
    if action.startswith("pre_"):
        if _TAGS_BEFORE not in instance.__dict__:
            instance.__dict__[_TAGS_BEFORE] = _tags_of(spec, instance, using)
        return
    before: list[str] = instance.__dict__.pop(_TAGS_BEFORE, None) or []
    changed = {str(pk) for pk in pk_set or ()}
    if action == "post_add":
        after = tag_ids(set(before) | changed)
    elif action == "post_remove":
        after = tag_ids(set(before) - changed)
    else:
        after = []
    instance.__dict__[_TAGS] = after
    if after == before:
        return
    loaded = loaded_values(instance)
    columns = spec.from_values(loaded) if loaded is not None and spec.attnames <= loaded.keys() else spec.of(instance)
    _write(spec, instance, UPDATE, {**columns, "tags": before}, {**columns, "tags": after}, using)


def _tag_side_changed(
    sender: Any, tag: Any, action: str, pk_set: set[Any] | None, using: str, model: type[models.Model] | None
) -> None:
    """A tag's objects changed from the tag's side (`tag.<model>_related.add(obj)`, `.remove`, `.set`,
    `.clear`): an update of each object whose tags change, in a constant number of queries (their tags
    before, the objects, one INSERT of records)."""
    spec = spec_for(model) if model is not None else None
    if spec is None or spec.tags is None or spec.tags.remote_field.through is not sender:
        return
    if action.startswith("pre_"):
        _note_tag_side(spec, tag, using, None if action == "pre_clear" else pk_set)
    else:
        _record_tag_side(spec, tag, using, added=action == "post_add")


def _note_tag_side(spec: ModelSpec, tag: Any, using: str, pks: set[Any] | None) -> None:
    """Before a tag-side change, note the tags of the objects it reaches (`pks`, or None: every object of
    `spec`'s model that has the tag) on the tag: one query."""
    if pks is None:
        links, source, target = _links(spec, using)
        before = _tags_by_object(spec, using, links.filter(**{target: tag.pk}).values(source))
        pks = set(before)
    else:
        before = _tags_by_object(spec, using, list(pks))
    notes: dict[Any, Any] = tag.__dict__.setdefault(_TAG_SIDE_BEFORE, {})
    notes[spec.model] = (tag.pk, {pk: before.get(pk, []) for pk in pks})  # a deleted tag's pk is None after


def _record_tag_side(spec: ModelSpec, tag: Any, using: str, *, added: bool) -> None:
    """After a tag-side change: an update of each noted object whose tags it changed."""
    notes: dict[Any, Any] = tag.__dict__.get(_TAG_SIDE_BEFORE, {})
    tag_pk, before_by_pk = notes.pop(spec.model, (None, {}))
    if not notes:
        tag.__dict__.pop(_TAG_SIDE_BEFORE, None)
    mark = str(tag_pk)
    after_by_pk: dict[Any, list[str]] = {}
    for pk, tags in before_by_pk.items():
        now_tags = tag_ids((set(tags) | {mark}) if added else (set(tags) - {mark}))
        if now_tags != tags:
            after_by_pk[pk] = now_tags
    if not after_by_pk:
        return
    objects = spec.model._base_manager.using(using).filter(pk__in=list(after_by_pk)).order_by("pk")
    rows: list[Row] = []
    for obj in objects:
        columns = spec.of(obj)
        before, after = {**columns, "tags": before_by_pk[obj.pk]}, {**columns, "tags": after_by_pk[obj.pk]}
        rows.append((spec, obj, before, after, None))
    _record(UPDATE, rows, using)


def _tagged_specs() -> list[ModelSpec]:
    return [spec for spec in _recorded_models() if spec.tags is not None]


def _tag_deleting(sender: Any, instance: Any, using: str = "default", **kwargs: Any) -> None:
    """A tag about to be deleted takes its links with it (a cascade sends no m2m signal): note the objects
    it is on, one query per kind of tagged object."""
    for spec in _tagged_specs():
        _note_tag_side(spec, instance, using, None)


def _tag_deleted(sender: Any, instance: Any, using: str = "default", **kwargs: Any) -> None:
    for spec in _tagged_specs():
        _record_tag_side(spec, instance, using, added=False)


# ------------------------------------------------------------------------------------------ saves


def _stored(spec: ModelSpec, instance: models.Model, using: str) -> dict[str, Any] | None:
    """The object's snapshot as the database holds it: from the values it was read with, or one SELECT."""
    loaded = loaded_values(instance)
    if loaded is not None and spec.attnames <= loaded.keys():
        return spec.from_values(loaded)
    row = spec.model._base_manager.using(using).filter(pk=instance.pk).values(*spec.attnames).first()
    return None if row is None else spec.from_values(row)


def _field_keys(spec: ModelSpec, names: Iterable[str]) -> set[str]:
    keys = set()
    for name in names:
        try:
            keys.add(spec.model._meta.get_field(name).name)
        except Exception:  # noqa: BLE001 - Django itself refuses unknown update_fields
            keys.add(name)
    return keys


def _pre_save(sender: Any, instance: Any, raw: bool = False, using: str = "default", **kwargs: Any) -> None:
    if raw or instance._state.adding:
        return
    spec = spec_for(sender)
    if spec is None:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and _field_keys(spec, update_fields) <= spec.ignored:
        return  # a login's last_login, a token's last_used
    instance.__dict__[_BEFORE] = _stored(spec, instance, using)


def _post_save(
    sender: Any, instance: Any, created: bool = False, raw: bool = False, using: str = "default", **kwargs: Any
) -> None:
    if raw:
        return
    spec = spec_for(sender)
    if spec is None:
        return
    before = instance.__dict__.pop(_BEFORE, None)
    update_fields = kwargs.get("update_fields")
    if created:
        after = spec.of(instance)
        if spec.tags is not None:
            after["tags"] = []
            instance.__dict__[_TAGS] = []
        _write(spec, instance, CREATE, None, after, using)
        remember_loaded_values(instance)
        return
    if before is not None:
        after = spec.of(instance)
        if update_fields is not None:
            # Only these columns were written; the others are as the database has them.
            keys = _field_keys(spec, update_fields) | set(spec.text_properties)
            after = {key: (value if key in keys else before.get(key)) for key, value in after.items()}
        if spec.differs(before, after):
            if spec.tags is not None:
                before["tags"] = after["tags"] = _tags_of(spec, instance, using)
            _write(spec, instance, UPDATE, before, after, using)
    if update_fields is None:
        remember_loaded_values(instance)
    else:
        remember_loaded_values(
            instance, [getattr(spec.model._meta.get_field(name), "attname", name) for name in update_fields]
        )


# ------------------------------------------------------------------------------------------ deletes


def _origin_lookup(model: type[models.Model], origin: Any) -> dict[str, Any] | None:
    """Lookups on `model` for every object a delete starting at `origin` reaches through one foreign key."""
    if isinstance(origin, models.QuerySet):
        origin_model: Any = origin.model
        value: Any = origin.values("pk")
        suffix = "__in"
    elif isinstance(origin, models.Model) and origin.pk is not None:
        origin_model, value, suffix = type(origin), origin.pk, ""
    else:
        return None
    concrete = origin_model._meta.concrete_model
    if concrete is model._meta.concrete_model:
        return {f"pk{suffix}": value}
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is concrete:
            return {f"{field.name}{suffix}": value}
    return None


def _tags_before_delete(spec: ModelSpec, instance: models.Model, using: str, origin: Any) -> list[str]:
    known = _known_tags(spec, instance)
    if known is not None:
        return known
    batches: dict[Any, dict[Any, list[str]]] | None = None
    if origin is not None and hasattr(origin, "__dict__"):
        batches = origin.__dict__.setdefault(_DELETE_TAGS, {})
    if batches is not None and spec.model not in batches:
        lookup = _origin_lookup(spec.model, origin)
        found: dict[Any, list[str]] = {}
        if lookup is not None:
            rows = spec.model._base_manager.using(using).filter(**lookup).values_list("pk", spec.tags.name)
            for pk, tag in rows:
                found.setdefault(pk, [])
                if tag is not None:
                    found[pk].append(str(tag))
        batches[spec.model] = found
    if batches is not None and instance.pk in batches[spec.model]:
        return sorted(batches[spec.model][instance.pk])
    return _tags_of(spec, instance, using)


def _pre_delete(sender: Any, instance: Any, using: str = "default", origin: Any = None, **kwargs: Any) -> None:
    spec = spec_for(sender)
    if spec is None:
        return
    loaded = loaded_values(instance)
    before = spec.from_values(loaded) if loaded is not None and spec.attnames <= loaded.keys() else spec.of(instance)
    if spec.tags is not None:
        before["tags"] = _tags_before_delete(spec, instance, using, origin)
    # Shown now: a display that follows a foreign key may not find its row after the delete.
    instance.__dict__[_DELETING] = (before, object_repr(instance))


def _post_delete(sender: Any, instance: Any, using: str = "default", origin: Any = None, **kwargs: Any) -> None:
    spec = spec_for(sender)
    if spec is None:
        return
    state = instance.__dict__.pop(_DELETING, None)
    before, shown = state if state is not None else (spec.of(instance), object_repr(instance))
    if origin is instance:
        instance.__dict__.pop(_DELETE_TAGS, None)
    _write(spec, instance, DELETE, before, None, using, shown)


# ------------------------------------------------------------------------------------------ bulk


def record_bulk_create(objects: Iterable[models.Model], *, saved_again: bool = True) -> list[ObjectChange]:
    """Record objects a service has just inserted with `bulk_create`, in one bulk insert of records.

    Call it right after the insert, in the same transaction. Objects of models the change log does not
    record are skipped. Returns the records written (each also published). `saved_again=False` says the
    caller drops the objects without saving them again (a new device's components): they are then not
    given their values as loaded, which only a later save of the same instance would compare against."""
    if not _state["connected"]:
        return []
    rows = [(spec, obj) for obj in objects if (spec := spec_for(type(obj))) is not None]
    if not rows:
        return []
    using = rows[0][1]._state.db or router.db_for_write(rows[0][0].model)
    records: list[Row] = []
    for spec, obj in rows:
        after = spec.of(obj)
        if spec.tags is not None:
            after["tags"] = []
            obj.__dict__[_TAGS] = []
        records.append((spec, obj, None, after, None))
        if saved_again:
            remember_loaded_values(obj)
    return _record(CREATE, records, using)


# ------------------------------------------------------------------------------------------ set-based updates


def recorded_update(queryset: models.QuerySet[Any], **values: Any) -> int:
    """`queryset.update(**values)`, recording an update of every row whose recorded columns it changes.

    For netkeel code that changes recorded columns of many rows at once (re-parenting, detaching): the
    rows are read once (locked where the database can), updated by primary key, and recorded in one
    INSERT, so the cost does not grow with the number of rows: 3 queries (4 for a model with tags, 5 when a
    value is an expression such as `F()`, read back after the update) where a plain `update()` takes one.
    Returns the number of rows updated."""
    model: type[models.Model] = queryset.model
    spec = spec_for(model)
    if spec is None or not _state["connected"]:
        return queryset.update(**values)
    using = queryset.db
    meta = model._meta
    pk_attname = meta.pk.attname
    assigned: dict[str, Any] = {}
    computed = False
    for name, value in values.items():
        field = meta.get_field(name)
        if hasattr(value, "resolve_expression"):
            computed = True
        elif field.is_relation and isinstance(value, models.Model):
            value = value.pk
        assigned[getattr(field, "attname", name)] = value
    # No savepoint of its own (two queries a call): a failure here fails the caller's transaction anyway.
    with transaction.atomic(using=using, savepoint=False):
        locked = queryset.select_for_update() if connections[using].features.has_select_for_update else queryset
        before_rows = {row[pk_attname]: row for row in locked.values(*spec.attnames)}
        if not before_rows:
            return 0
        rows = model._base_manager.using(using).filter(pk__in=list(before_rows))
        count = rows.update(**values)
        if computed:
            after_rows = {row[pk_attname]: row for row in rows.values(*spec.attnames)}
        else:
            after_rows = {pk: {**row, **assigned} for pk, row in before_rows.items()}
        changed: list[tuple[Any, dict[str, Any], dict[str, Any]]] = []
        for pk, row in before_rows.items():
            if pk not in after_rows:
                continue
            before, after = spec.from_values(row), spec.from_values(after_rows[pk])
            if spec.differs(before, after):
                changed.append((pk, before, after))
        if not changed:
            return count
        tags = _tags_by_object(spec, using, [pk for pk, _, _ in changed]) if spec.tags is not None else {}
        records: list[Row] = []
        concrete = meta.concrete_fields
        for pk, before, after in changed:
            if spec.tags is not None:
                before["tags"] = after["tags"] = tag_ids(tags.get(pk, ()))
            row = after_rows[pk]
            shadow = model.from_db(using, [f.attname for f in concrete], [row[f.attname] for f in concrete])
            records.append((spec, shadow, before, after, None))
        _record(UPDATE, records, using)
    return count


def recorded_assign(objects: Iterable[models.Model], **values: Any) -> None:
    """Give `objects` the same `values` (fields by name) and write them with one UPDATE per model, recording
    an update of each whose recorded columns change.

    For objects a service has just read in its transaction (locked): "before" is what each was read with,
    so no row is read again, and the records of every model go in one INSERT, plus a tag read per model
    whose objects' tags this process does not know. The objects are left holding the values."""
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    records: list[Row] = []
    using = ""
    for model, group in by_model.items():
        using = group[0]._state.db or router.db_for_write(model)
        model._base_manager.using(using).filter(pk__in=[obj.pk for obj in group]).update(**values)
        attnames = [getattr(model._meta.get_field(name), "attname", name) for name in values]
        spec = spec_for(model) if _state["connected"] else None
        changed: list[tuple[models.Model, dict[str, Any], dict[str, Any]]] = []
        for obj in group:
            before = _stored(spec, obj, using) if spec is not None else None
            for name, value in values.items():
                setattr(obj, name, value)
            remember_loaded_values(obj, attnames)
            if spec is not None and before is not None:
                after = spec.of(obj)
                if spec.differs(before, after):
                    changed.append((obj, before, after))
        if spec is None or not changed:
            continue
        if spec.tags is not None:
            unknown = [obj.pk for obj, _, _ in changed if _known_tags(spec, obj) is None]
            read = _tags_by_object(spec, using, unknown) if unknown else {}
            for obj, before, after in changed:
                known = _known_tags(spec, obj)
                before["tags"] = after["tags"] = tag_ids(known if known is not None else read.get(obj.pk, []))
        records.extend((spec, obj, before, after, None) for obj, before, after in changed)
    if records:
        _record(UPDATE, records, using)


# ------------------------------------------------------------------------------------------ wiring

_SIGNALS: tuple[tuple[Any, Any], ...] = (
    (pre_save, _pre_save),
    (post_save, _post_save),
    (pre_delete, _pre_delete),
    (post_delete, _post_delete),
)


def _recorded_models() -> list[ModelSpec]:
    return [spec for model in apps.get_models() if (spec := spec_for(model)) is not None]


def connect() -> None:
    """Record every save and delete of the recorded models, and their tag changes."""
    for spec in _recorded_models():
        uid = f"netkeel.changelog.{spec.model._meta.label_lower}"
        for signal, handler in _SIGNALS:
            signal.connect(handler, sender=spec.model, weak=False, dispatch_uid=f"{uid}.{handler.__name__}")
        if spec.tags is not None:
            m2m_changed.connect(
                _tags_changed, sender=spec.tags.remote_field.through, weak=False, dispatch_uid=f"{uid}.tags"
            )
    pre_delete.connect(_tag_deleting, sender=Tag, weak=False, dispatch_uid="netkeel.changelog.tag-links.pre")
    post_delete.connect(_tag_deleted, sender=Tag, weak=False, dispatch_uid="netkeel.changelog.tag-links.post")
    register_bulk_created(record_bulk_create)  # records nothing while disconnected
    _state["connected"] = True


def disconnect() -> None:
    """Stop recording (benchmarks and tests compare with and without)."""
    for spec in _recorded_models():
        uid = f"netkeel.changelog.{spec.model._meta.label_lower}"
        for signal, handler in _SIGNALS:
            signal.disconnect(sender=spec.model, dispatch_uid=f"{uid}.{handler.__name__}")
        if spec.tags is not None:
            m2m_changed.disconnect(sender=spec.tags.remote_field.through, dispatch_uid=f"{uid}.tags")
    pre_delete.disconnect(sender=Tag, dispatch_uid="netkeel.changelog.tag-links.pre")
    post_delete.disconnect(sender=Tag, dispatch_uid="netkeel.changelog.tag-links.post")
    _state["connected"] = False


def is_connected() -> bool:
    return _state["connected"]
