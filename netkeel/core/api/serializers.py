"""`BaseModelSerializer`: every object in Nautobot's envelope, validated by the model itself.

Read: `id`, `object_type`, `display`, `url` (absolute), `natural_slug`, the model's fields (foreign keys
as brief references or, at `?depth=N`, nested objects), `created`, `last_updated`, `notes_url`,
`custom_fields`. Write: the model's `full_clean()` decides, and its errors come back per field (400).
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Iterable, Mapping, MutableMapping
from contextlib import nullcontext
from typing import Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, router, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils import model_meta

from netkeel.core import inputs
from netkeel.core.api import hooks, registry, rows
from netkeel.core.api.fields import ChoiceField, PlainChoiceField, RelatedObjectField, UploadedImageField
from netkeel.core.api.permissions import (
    note_natural_keys,
    note_nested_references,
    note_viewable,
    viewable_natural_key,
)
from netkeel.core.api.rows import load_many_to_many
from netkeel.core.models.base import BaseModel
from netkeel.core.models.cleaning import judged
from netkeel.core.models.ordering import is_private
from netkeel.core.models.tree import TREE_SEPARATOR, TreeModel

ENVELOPE_HEAD = ("id", "object_type", "display", "url", "natural_slug")
ENVELOPE_TAIL = ("created", "last_updated", "notes_url", "custom_fields")
# Many-to-many fields a read shows unless asked otherwise (?exclude_m2m=true hides, =false shows all).
DEFAULT_MANY_TO_MANY = frozenset({"tags", "content_types", "object_types"})

# A model's `save()` that does nothing a bulk INSERT skips: Django's, and BaseModel's (which only adds the
# natural ordering columns to `update_fields`, and bulk_create fills those itself).
PLAIN_SAVES = (models.Model.save, BaseModel.save)


def django_errors(exc: DjangoValidationError) -> Any:
    """A Django ValidationError as DRF's error detail: per field where the model said which."""
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


@extend_schema_field(OpenApiTypes.OBJECT)
class CustomFieldsField(serializers.Field):
    """`custom_fields`: read through the registered custom fields provider (hooks.py), written as a JSON
    object that the serializer's `validate()` checks against the fields applying to its model."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Custom field values by key.")
        super().__init__(source="*", **kwargs)

    def to_representation(self, value: Any) -> dict[str, Any]:
        provider = hooks.custom_fields_provider()
        if provider is None or not isinstance(value, models.Model) or not hooks.has_custom_fields(type(value)):
            return dict(getattr(value, hooks.CUSTOM_FIELD_DATA, None) or {})
        return provider.render(value, self.context)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError('Give custom fields as a JSON object: {"<key>": value, …}.')
        return {hooks.CUSTOM_FIELD_DATA: data}


class BaseListSerializer(serializers.ListSerializer):
    """Prepares a page once before its rows render (tree displays), so a page costs the same queries
    whatever its length."""

    def to_representation(self, data: Any) -> list[Any]:
        iterable = data.all() if isinstance(data, models.manager.BaseManager) else data
        rows = list(iterable)
        child: Any = self.child
        if not child.context.get("nested") and rows and isinstance(rows[0], models.Model):
            # A page's own rows were read through `restrict`: met again nested, they cost no query.
            note_viewable(child.context, type(rows[0]), [row.pk for row in rows])
        prepare = getattr(child, "prepare_rows", None)
        if prepare is not None:
            prepare(rows)
        return [child.to_representation(row) for row in rows]

    @transaction.atomic(savepoint=False)
    def create(self, validated_data: list[dict[str, Any]]) -> list[Any]:
        """A bulk POST: objects saved by a plain `save()` go in with one INSERT, announced to whatever hears
        of new objects (`hooks.objects_bulk_created`: the change log records them all in one more INSERT);
        the others one service call at a time."""
        child: Any = self.child
        if not child.inserts_in_bulk():
            return [child.create(attrs) for attrs in validated_data]
        model = child.Meta.model
        using = router.db_for_write(model)
        pending = []
        for attrs in validated_data:
            values = dict(attrs)
            many = child._pop_many_to_many(values)
            custom = values.pop(hooks.CUSTOM_FIELD_DATA, None)
            instance = model(**values)
            if custom is not None:
                setattr(instance, hooks.CUSTOM_FIELD_DATA, dict(custom))
            pending.append((instance, many))
        created = model._base_manager.using(using).bulk_create([instance for instance, _ in pending])
        hooks.objects_bulk_created(created)
        for instance, many in pending:
            child._set_many_to_many(instance, many, new=True)
        return [instance for instance, _ in pending]


class BaseModelSerializer(serializers.ModelSerializer):
    serializer_related_field = RelatedObjectField
    serializer_choice_field = ChoiceField
    # An image field is Nautobot's: a multipart upload (null clears it) of a limited size, read back as its URL.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.ImageField: UploadedImageField,
    }
    # Choice fields read as their bare value rather than `{value, label}`, where Nautobot renders them so.
    plain_choices: ClassVar[tuple[str, ...]] = ()

    object_type = serializers.SerializerMethodField()
    display = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    natural_slug = serializers.SerializerMethodField()
    notes_url = serializers.SerializerMethodField()
    custom_fields = CustomFieldsField()

    # Related objects that `display` reads, fetched with the row: ("device_type__manufacturer",). What the
    # natural key walks (for natural_slug) needs no entry: the viewset reads it off the model.
    display_related: ClassVar[tuple[str, ...]] = ()
    # Fields rendered only when asked with ?include=<name> (e.g. config_context).
    opt_in_fields: ClassVar[tuple[str, ...]] = ()
    # Many-to-many fields whose rules the endpoint's service keeps (a service's addresses must be its parent's):
    # given to `create_instance`/`update_instance` as keywords, for the service to check and set.
    service_many_to_many: ClassVar[tuple[str, ...]] = ()

    class Meta:
        model: type[models.Model]
        fields: Any = "__all__"
        list_serializer_class = BaseListSerializer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.depth_level = int(self.context.get("depth", 0) or 0)

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("context", {})
        return super().many_init(*args, **kwargs)

    # -------------------------------------------------------------------------------- field selection

    def get_field_names(self, declared_fields: Any, info: Any) -> list[str]:
        # custom_field_data is the storage; clients read and write it as `custom_fields`. A private column
        # (`_name`, for natural ordering) is netkeel's own and never a field.
        names = [
            name
            for name in super().get_field_names(declared_fields, info)
            if name != "custom_field_data" and not is_private(name)
        ]
        head = [name for name in ENVELOPE_HEAD if name in names or name in declared_fields]
        tail = [name for name in ENVELOPE_TAIL if name in names or name in declared_fields]
        body = [name for name in names if name not in head and name not in tail]
        return [*head, *body, *tail]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = self._model_fields()
        if isinstance(self.Meta.model._meta.pk, models.UUIDField) and "id" in fields and fields["id"].read_only:
            # Nautobot lets a client give a new object its id (a sync from another system keeps its keys).
            fields["id"] = serializers.UUIDField(required=False, help_text="Given on create, or generated.")
        custom = fields.get("custom_fields")
        if isinstance(custom, CustomFieldsField) and not hooks.has_custom_fields(self.Meta.model):
            custom.read_only = True  # users, tokens, …: no custom field values to write
        many_to_many = set(self.many_to_many_names())
        if self.context.get("nested"):
            for name in [*many_to_many, *self.opt_in_fields]:
                fields.pop(name, None)
            return fields
        request = self.context.get("request")
        params = request.query_params if request is not None else {}
        include = set(params.getlist("include")) if hasattr(params, "getlist") else set()
        for name in self.opt_in_fields:
            if name not in include:
                fields.pop(name, None)
        # Nautobot 3: exclude_m2m=true hides every many-to-many field, false shows them all, and without
        # it reads show only the light ones (tags, content types). Writes always accept them all.
        exclude_m2m = str(params.get("exclude_m2m", "")).lower()
        reading = request is None or request.method in ("GET", "HEAD")
        if exclude_m2m in ("true", "1"):
            hidden = many_to_many
        elif exclude_m2m in ("false", "0") or not reading:
            hidden = set()
        else:
            hidden = many_to_many - DEFAULT_MANY_TO_MANY
        for name in hidden:
            fields.pop(name, None)
        return fields

    def _model_fields(self) -> dict[str, serializers.Field]:
        """DRF's `ModelSerializer.get_fields()`, from a plan made once per class: which fields are declared
        (deep-copied per serializer, as DRF does) and, for the others, the field class and keyword arguments
        DRF derives from the model. Deriving them took ~1 ms per serializer built, and a request builds one
        per serializer class it renders or reads."""
        plan: list[tuple[str, tuple[Any, dict[str, Any]] | None]] | None = type(self).__dict__.get("_fields_plan")
        if plan is None:
            self._derived: list[list[Any]] = []  # [field class, keyword arguments] per field DRF derives
            built = super().get_fields()  # DRF's checks and derivation, once
            derived = iter(self._derived)
            plan = [(name, None if name in self._declared_fields else tuple(next(derived))) for name in built]
            del self._derived
            type(self)._fields_plan = plan  # type: ignore[attr-defined]
            return built
        declared = copy.deepcopy(self._declared_fields)
        fields: dict[str, serializers.Field] = {}
        for name, recipe in plan:
            if recipe is None:
                fields[name] = declared[name]
            else:
                field_class, kwargs = recipe
                # Lists and dicts (validators, choices) are copied: a field may change its own.
                fields[name] = field_class(
                    **{k: copy.copy(v) if isinstance(v, list | dict) else v for k, v in kwargs.items()}
                )
        return fields

    def build_field(self, *args: Any) -> tuple[Any, dict[str, Any]]:
        field_class, kwargs = super().build_field(*args)
        if "_derived" in self.__dict__:
            self._derived.append([field_class, kwargs])
        return field_class, kwargs

    def include_extra_kwargs(
        self, kwargs: MutableMapping[str, Any], extra_kwargs: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if "_derived" in self.__dict__:
            self._derived[-1][1] = dict(kwargs)
        return kwargs

    @classmethod
    def many_to_many_names(cls) -> list[str]:
        model = cls.Meta.model
        return [f.name for f in model._meta.get_fields() if f.many_to_many and not f.auto_created]

    def build_standard_field(self, field_name: str, model_field: models.Field) -> tuple[Any, dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if field_class is ChoiceField:
            if field_name in self.plain_choices:
                field_class = PlainChoiceField
            for unused in ("max_length", "min_length"):
                kwargs.pop(unused, None)
            if not isinstance(model_field, models.CharField | models.TextField):
                # A number chosen from a list (a rack's width): "" is no choice, not an empty number.
                kwargs["allow_blank"] = False
        return field_class, kwargs

    def get_unique_together_validators(self) -> list[Any]:
        return []  # the model's full_clean() checks its constraints, with better sentences

    def get_uniqueness_extra_kwargs(
        self, field_names: Any, declared_fields: Any, extra_kwargs: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        # DRF would give fields of a unique constraint the model's default as a serializer default (a
        # callable default of a foreign key then arrives as a raw value); the model applies its own.
        return extra_kwargs, {}

    def get_unique_for_date_validators(self) -> list[Any]:
        return []

    # -------------------------------------------------------------------------------- reads

    def to_representation(self, instance: Any) -> Any:
        """DRF's rendering, by a plan of this serializer's fields made on its first row (see rows.py)."""
        if not isinstance(instance, models.Model):
            return rows.generic_row(self, instance)  # validated data rendered before a save, say
        plan = self.__dict__.get("_row_plan")
        if plan is None:
            plan = self._row_plan = rows.row_plan(self)
        return rows.render_row(plan, instance)

    # -------------------------------------------------------------------------------- envelope

    def get_object_type(self, obj: models.Model) -> str:
        return registry.object_type(type(obj))

    def get_display(self, obj: models.Model) -> str:
        if isinstance(obj, TreeModel):
            return self._tree_display(obj)
        return str(getattr(obj, "display", obj))

    def get_url(self, obj: models.Model) -> str | None:
        # The URL up to the id, once per model this serializer meets (one, but for a proxy or child model).
        prefixes: dict[type[models.Model], str | None] = self.__dict__.setdefault("_url_prefixes", {})
        model = type(obj)
        if model not in prefixes:
            prefixes[model] = registry.detail_url_prefix(model, self.context.get("request"))
        prefix = prefixes[model]
        url = f"{prefix}{obj.pk}/" if prefix is not None else None
        self._last_url = (obj.pk, url)  # notes_url, rendered after it, builds on it
        return url

    def get_natural_slug(self, obj: models.Model) -> str:
        """`natural_slug` (`leaf01_ams01_9f2c`) as the requester may read it: a part that names a related
        object they may not view is left empty (`leaf01__9f2c`); `prepare_rows` decided on a page's at once."""
        if not isinstance(obj, BaseModel):
            return str(getattr(obj, "natural_slug", obj.pk))
        if not any("__" in name for name in obj.natural_key_field_names):
            return obj.natural_slug  # no part of it names another object
        return obj.slug_of(viewable_natural_key(obj, self.context))

    def get_notes_url(self, obj: models.Model) -> str | None:
        last = getattr(self, "_last_url", None)
        url = last[1] if last is not None and last[0] == obj.pk else self.get_url(obj)
        return f"{url}notes/" if url else None

    # -------------------------------------------------------------------------------- tree displays

    def prepare_rows(self, rows: list[models.Model]) -> None:
        """Load the many-to-many fields the page shows, one query each (a list view leaves them to this),
        and the ancestors of every tree object on the page (its own and its nested ones), one query per
        tree level rather than one per row."""
        load_many_to_many(self, rows)
        note_natural_keys(self.Meta.model, rows, self.context)  # what natural_slug may name
        if self.depth_level > 0:
            note_nested_references(self.Meta.model, rows, self.context)
        trees: dict[type[models.Model], set[Any]] = {}
        for row in rows:
            if isinstance(row, TreeModel):
                trees.setdefault(type(row), set()).add(row.__dict__.get("parent_id"))
            if self.depth_level > 0:
                for field in self.Meta.model._meta.concrete_fields:
                    related = field.related_model if field.is_relation else None
                    if isinstance(related, type) and issubclass(related, TreeModel):
                        value = row.__dict__.get(field.attname)
                        if value is not None:
                            trees.setdefault(related, set()).add(value)
        for model, ids in trees.items():
            self._load_tree(model, ids)

    def _tree_cache(self, model: type[models.Model]) -> dict[Any, tuple[Any, str]]:
        caches: dict[Any, dict[Any, tuple[Any, str]]] = self.context.setdefault("_tree_nodes", {})
        return caches.setdefault(model, {})

    def _load_tree(self, model: type[models.Model], ids: Iterable[Any]) -> None:
        cache = self._tree_cache(model)
        wanted = {pk for pk in ids if pk is not None and pk not in cache}
        while wanted:
            rows = model._base_manager.filter(pk__in=wanted).values_list("pk", "parent_id", "name")
            found = {pk: (parent, str(name)) for pk, parent, name in rows}
            cache.update(found)
            for missing in wanted - set(found):
                cache[missing] = (None, "")
            wanted = {parent for parent, _ in found.values() if parent is not None and parent not in cache}

    def _tree_ancestor_names(self, obj: Any) -> list[str]:
        """The names of `obj`'s ancestors, its parent first, read from the page's loaded tree (a cycle ends it)."""
        model = type(obj)
        cache = self._tree_cache(model)
        parent_id = obj.__dict__.get("parent_id")
        if parent_id is not None and parent_id not in cache:
            self._load_tree(model, [parent_id])
        names: list[str] = []
        seen = {obj.pk}
        node = parent_id
        while node is not None and node not in seen and node in cache:
            seen.add(node)
            parent, name = cache[node]
            names.append(name)
            node = parent
        return names

    def _tree_display(self, obj: TreeModel) -> str:
        return TREE_SEPARATOR.join(reversed([str(obj), *self._tree_ancestor_names(obj)]))

    # -------------------------------------------------------------------------------- writes

    def to_internal_value(self, data: Any) -> Any:
        """A NUL character in any value is refused first, by field (and custom field): what the API's
        parsers refuse in a body, refused here too for the UI's forms and jobs, which write through here."""
        if isinstance(data, Mapping):
            refused: dict[str, Any] = {}
            for path in inputs.nul_paths(dict(data)):
                head, _, rest = path.partition(".")
                if head == "custom_fields" and rest:
                    refused.setdefault(head, {})[rest.split(".")[0]] = [inputs.NUL_MESSAGE]
                else:
                    refused[head] = [inputs.NUL_MESSAGE]
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Let the model judge the object as it would be saved: `full_clean()` on a copy."""
        attrs = super().validate(attrs)
        model = self.Meta.model
        if self.instance is not None and "id" in attrs:
            if attrs.pop("id") != getattr(self.instance, "pk", None):
                raise serializers.ValidationError({"id": "An object's id cannot be changed."})
        attrs = self._clean_custom_fields(attrs)
        info = model_meta.get_field_info(model)
        plain = {
            key: value for key, value in attrs.items() if key not in info.relations or not info.relations[key].to_many
        }
        if self.instance is not None and isinstance(self.instance, models.Model):
            candidate = copy.copy(self.instance)  # the client's values on a copy: a refusal changes nothing
            candidate._state = copy.copy(self.instance._state)
            candidate._state.fields_cache = dict(self.instance._state.fields_cache)
            for key, value in plain.items():
                setattr(candidate, key, value)
        else:
            candidate = model(**plain)
        concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
        before = {f.attname: getattr(candidate, f.attname) for f in concrete}
        try:
            full_clean(candidate, set(self.unchecked_fields()), self._fetched_references(plain), "id" in attrs)
            for name in self.many_to_many_names():
                check = getattr(model._meta.get_field(name), "check_values", None)
                if name in attrs and check is not None:
                    check(model, attrs[name])  # e.g. a tag must be offered on this model
        except DjangoValidationError as exc:
            raise serializers.ValidationError(django_errors(exc)) from None
        # What clean() normalised (a MAC address upper-cased, say) is what gets saved.
        for f in concrete:
            value = getattr(candidate, f.attname)
            if value != before[f.attname]:
                attrs[f.attname if f.is_relation else f.name] = value
        return attrs

    def _fetched_references(self, values: dict[str, Any]) -> set[str]:
        """Foreign keys among `values` whose object this serializer's own field has just read through a
        queryset holding the model field's `limit_choices_to` (a field DRF built from the model): the
        model need not read them again to know they exist and may be chosen."""
        fetched: set[str] = set()
        declared = getattr(self, "_declared_fields", {})
        for name, value in values.items():
            field = self.fields.get(name)
            if not isinstance(field, RelatedObjectField) or not isinstance(value, models.Model):
                continue
            if value._state.adding or value.pk is None:
                continue  # not read from the database
            try:
                model_field = self.Meta.model._meta.get_field(str(field.source))
            except FieldDoesNotExist:
                continue
            if not isinstance(model_field, models.ForeignKey | models.OneToOneField):
                continue
            if name in declared and model_field.get_limit_choices_to():
                continue  # a declared field's queryset may not apply the model's limits
            related = model_field.related_model
            if isinstance(related, type) and isinstance(value, related) and field._model_or_none() is not None:
                fetched.add(model_field.name)
        return fetched

    def _clean_custom_fields(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Custom field values checked and merged by the provider: on create always (defaults, required
        fields), on update when the client sent `custom_fields`."""
        provider = hooks.custom_fields_provider()
        model = self.Meta.model
        given = attrs.get(hooks.CUSTOM_FIELD_DATA)
        if provider is None or not hooks.has_custom_fields(model) or (self.instance is not None and given is None):
            return attrs
        instance = self.instance if isinstance(self.instance, models.Model) else None
        checked = hooks.CheckedCustomFields(provider.clean(model, instance, given, self.context))
        return {**attrs, hooks.CUSTOM_FIELD_DATA: checked}

    def unchecked_fields(self) -> list[str]:
        """Model fields `full_clean()` should leave alone (set by the service, not the client)."""
        return []

    # No savepoint of its own: the caller's transaction (the request's, a CSV row's) is all or nothing, so a
    # bulk POST of ten objects costs no SAVEPOINT/RELEASE pair per object.
    @transaction.atomic(savepoint=False)
    def create(self, validated_data: dict[str, Any]) -> Any:
        many = self._pop_many_to_many(validated_data)
        writes = self._tags_and_custom_fields(validated_data, many)
        with judged(self.Meta.model, validated_data) if not self.unchecked_fields() else nullcontext():
            instance = self.create_instance(validated_data, **writes)
        held = {name: writes[name] for name in ("tags", *self.service_many_to_many) if name in writes}
        self._set_many_to_many(instance, many, new=True, held=held)
        return instance

    @transaction.atomic(savepoint=False)
    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        many = self._pop_many_to_many(validated_data)
        writes = self._tags_and_custom_fields(validated_data, many)
        with judged(self.Meta.model, validated_data) if not self.unchecked_fields() else nullcontext():
            instance = self.update_instance(instance, validated_data, **writes)
        self._set_many_to_many(instance, many)
        return instance

    def _tags_and_custom_fields(self, data: dict[str, Any], many: dict[str, Any]) -> dict[str, Any]:
        """What a service takes besides the model's own fields, taken out of `data` and `many`: `tags=` (as
        checked in `validate`), `custom_fields=` (the whole data `validate` made) and the many-to-many fields
        the service writes itself (`service_many_to_many`), each only when given."""
        writes: dict[str, Any] = {name: many.pop(name) for name in self.service_many_to_many if name in many}
        if "tags" in many:
            writes["tags"] = hooks.CheckedTags(many.pop("tags"))
        custom = data.pop(hooks.CUSTOM_FIELD_DATA, None)
        if custom is not None:
            writes["custom_fields"] = hooks.CheckedCustomFields(custom)
        return writes

    def inserts_in_bulk(self) -> bool:
        """Whether a list of new objects may go in with one INSERT: nothing but a plain `save()` creates
        one (no service, no `save()` of the model's own, no multi-table parent)."""
        model = self.Meta.model
        return (
            type(self).create is BaseModelSerializer.create
            and type(self).create_instance is BaseModelSerializer.create_instance
            and model.save in PLAIN_SAVES
            and not model._meta.parents
        )

    def create_instance(
        self, data: dict[str, Any], *, tags: list[Any] | None = None, custom_fields: dict[str, Any] | None = None
    ) -> Any:
        """Save a new object with its tags and custom field values (both as `validate` checked them): the
        whole write of a model without consequences. Endpoints whose writes have consequences override this
        to call their service, passing `tags` and `custom_fields` on."""
        instance = self.Meta.model(**data)
        if custom_fields is not None:
            setattr(instance, hooks.CUSTOM_FIELD_DATA, dict(custom_fields))
        instance.save(force_insert=True)
        if tags is not None:
            getattr(instance, "tags").set(tags)  # noqa: B009 - only models with a TagsField have the manager
        return instance

    def update_instance(
        self,
        instance: Any,
        data: dict[str, Any],
        *,
        tags: list[Any] | None = None,
        custom_fields: dict[str, Any] | None = None,
    ) -> Any:
        """Save changes to an object, its tags and custom field values with them (see `create_instance`)."""
        for key, value in data.items():
            setattr(instance, key, value)
        if custom_fields is not None:
            setattr(instance, hooks.CUSTOM_FIELD_DATA, dict(custom_fields))
        instance.save()
        if tags is not None:
            getattr(instance, "tags").set(tags)  # noqa: B009 - only models with a TagsField have the manager
        return instance

    def _pop_many_to_many(self, data: dict[str, Any]) -> dict[str, Any]:
        names = set(self.many_to_many_names())
        return {name: data.pop(name) for name in list(data) if name in names}

    def _set_many_to_many(
        self, instance: Any, many: dict[str, Any], new: bool = False, held: dict[str, Any] | None = None
    ) -> None:
        """Set the many-to-many fields in `many`; on a new object, remember them all (and those its service
        set, `held`: tags, `service_many_to_many`) so that its answer reads none of them back."""
        for name, values in many.items():
            getattr(instance, name).set(values)
        if new and isinstance(instance, models.Model):
            # A new object holds exactly what was just set (a service sets no many-to-many on a create
            # beyond those it was given, as given).
            held_values = {**many, **(held or {})}
            for name in self.many_to_many_names():
                remember_related(instance, name, held_values.get(name, ()))


def full_clean(instance: models.Model, exclude: set[str], fetched: set[str], pk_given: bool) -> None:
    """Django's `full_clean(exclude=exclude)`, less the reads that prove nothing here: the existence query
    of each foreign key in `fetched` (just read by the serializer) and, for a new object whose id the
    model generated, the id's uniqueness query (a fresh UUID; the primary key refuses a clash anyway)."""
    errors: dict[str, Any] = {}
    try:
        instance.clean_fields(exclude=exclude | fetched)
    except DjangoValidationError as exc:
        errors = exc.update_error_dict(errors)
    try:
        instance.clean()
    except DjangoValidationError as exc:
        errors = exc.update_error_dict(errors)
    checked_apart = set(exclude) | {name for name in errors if name != NON_FIELD_ERRORS}
    unique_exclude = set(checked_apart)
    if instance._state.adding and not pk_given:
        unique_exclude.add(instance._meta.pk.name)
    try:
        instance.validate_unique(exclude=unique_exclude)
    except DjangoValidationError as exc:
        errors = exc.update_error_dict(errors)
    checked_apart |= {name for name in errors if name != NON_FIELD_ERRORS}
    try:
        instance.validate_constraints(exclude=checked_apart)
    except DjangoValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise DjangoValidationError(errors)


def remember_related(instance: models.Model, name: str, values: Iterable[Any]) -> None:
    """Give `instance` the many-to-many `name` as if prefetched: `values` in the related model's order
    (when that order is plain field names; otherwise it is left to be read)."""
    manager = getattr(instance, name)
    ordering = list(manager.model._meta.ordering or [])
    objects = list(values)
    if not all(isinstance(item, str) and item.lstrip("-").isidentifier() for item in ordering):
        return
    try:
        for key in reversed(ordering):
            objects.sort(key=operator.attrgetter(key.lstrip("-")), reverse=key.startswith("-"))
    except TypeError:
        return  # a None among the values: the database orders those
    queryset = manager.get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[manager.prefetch_cache_name] = queryset


class TreeDepthMixin(BaseModelSerializer):
    """`tree_depth` (0 at the root) on the endpoint's own rows of a tree (locations, tenant groups, …), read
    from the ancestors the page already loaded for `display`; nested objects leave it out."""

    tree_depth = serializers.SerializerMethodField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.context.get("nested"):
            fields.pop("tree_depth", None)
        return fields

    def get_tree_depth(self, obj: Any) -> int:
        return len(self._tree_ancestor_names(obj))
