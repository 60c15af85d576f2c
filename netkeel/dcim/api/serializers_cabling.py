"""Cables in the API, and the read-only cable fields of everything a cable plugs into.

Every cable termination shows `cable`, `cable_peer` (the termination at the cable's other end) and
`cable_peer_type`; every path endpoint also `connected_endpoint` (the far end of the path that starts
there), `connected_endpoint_type` and `connected_endpoint_reachable` (that path is active). These come
from a per-response `CablingInfo`: a page gathers its cable and path rows in two queries, and at
`?depth=1+` loads the peers and far ends a query per model, whatever the page's length.

Cables are written through `netkeel.dcim.cabling.service`: create is `connect`, a change is `update_cable`
(a new status retraces the paths over it), delete is `disconnect`, so paths are always retraced.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from netkeel.core.api import registry
from netkeel.core.api.fields import RelatedObjectField, brief, render_nested
from netkeel.core.api.permissions import may_view_object, note_nested
from netkeel.core.api.schema import answers_a_reference
from netkeel.core.api.serializers import ENVELOPE_TAIL, BaseModelSerializer, django_errors
from netkeel.core.api.views import related_paths
from netkeel.dcim.cabling import service as cabling
from netkeel.dcim.cabling.graph import ENDPOINT_KINDS, Ref
from netkeel.dcim.cabling.kinds import (
    installed_termination_models,
    kind_of,
    kind_of_content_type,
    model_of,
    ref_of,
)
from netkeel.dcim.cabling.read import cable_ends, cable_ends_by_id, destination_of_row, far_end, load_objects
from netkeel.dcim.models import Cable, CablePath

# --------------------------------------------------------------------------------------------- page cache


@dataclass(frozen=True)
class PathEnd:
    """What an endpoint's stored path says about its far end."""

    destination: Ref | None
    is_active: bool


@cache
def _has_cable(model: type[models.Model]) -> bool:
    return any(field.name == "cable" for field in model._meta.concrete_fields)


def is_termination(obj: Any) -> bool:
    return isinstance(obj, models.Model) and _has_cable(type(obj))


def is_endpoint(obj: Any) -> bool:
    return isinstance(obj, models.Model) and kind_of(obj) in ENDPOINT_KINDS


class CablingInfo:
    """Cable ends, path ends and the objects behind them, for every termination a response renders.

    `prepare(objects, depth)` costs a fixed number of queries for any number of objects: one for their
    cables, one for their paths, and at depth 1+ one per model of peer or far end (plus what rendering
    those at depth-1 needs), so serializers never query per row.
    """

    def __init__(self) -> None:
        self.cables: dict[uuid.UUID, tuple[Ref, Ref]] = {}
        self.paths: dict[uuid.UUID, PathEnd | None] = {}
        self.objects: dict[Ref, models.Model] = {}
        self._prepared: dict[Ref, int] = {}

    def prepare(self, objects: Iterable[Any], depth: int) -> None:
        todo = [obj for obj in objects if is_termination(obj) and self._prepared.get(ref_of(obj), -1) < depth]
        if not todo:
            return
        for obj in todo:
            self._prepared[ref_of(obj)] = depth
            self.objects.setdefault(ref_of(obj), obj)
        self._load_cables({obj.cable_id for obj in todo if obj.cable_id is not None})
        self._load_paths([obj for obj in todo if is_endpoint(obj)])
        if depth < 1:
            return
        wanted: set[Ref] = set()
        for obj in todo:
            wanted.update(ref for ref in (self.peer_of(obj), self.destination_of(obj)) if ref is not None)
        self.load(wanted, depth - 1)
        nested = [self.objects[ref] for ref in wanted if ref in self.objects]
        # Terminations reached by ordinary foreign keys (a front port's rear port, an interface's LAG) render
        # nested too, with their own cable fields.
        nested.extend(_cached_related_terminations(todo))
        self.prepare(nested, depth - 1)

    def load(self, refs: Iterable[Ref], depth: int) -> None:
        """Fetch the objects behind refs, a query per model, with what rendering them at `depth` reads."""

        def related(model: type[models.Model], kind: str, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
            serializer_class = registry.serializer_for(model)
            if serializer_class is not None:
                select, prefetch = related_paths(serializer_class, depth, nested=True)
                if select:
                    queryset = queryset.select_related(*select)
                if prefetch:
                    queryset = queryset.prefetch_related(*prefetch)
            return queryset

        self.objects.update(load_objects(refs, having=self.objects, related=related))

    def _load_cables(self, cable_ids: set[uuid.UUID]) -> None:
        self.cables.update(cable_ends_by_id(cable_ids - set(self.cables)))

    def _load_paths(self, endpoints: list[Any]) -> None:
        wanted = []
        for obj in endpoints:
            if obj.pk in self.paths:
                continue
            self.paths[obj.pk] = None
            if obj.cable_id is not None:  # an uncabled endpoint has no path
                wanted.append(obj.pk)
        if not wanted:
            return
        rows = (
            CablePath.objects.filter(origin_id__in=wanted)
            .order_by()
            .values_list("origin_id", "destination_type_id", "destination_id", "is_active")
        )
        for origin_id, dest_type, dest_id, is_active in rows:
            self.paths[origin_id] = PathEnd(destination_of_row(dest_type, dest_id), bool(is_active))

    # Answers (after `prepare`) ---------------------------------------------------------------------------

    def peer_of(self, obj: Any) -> Ref | None:
        ends = self.cables.get(obj.cable_id) if obj.cable_id is not None else None
        return far_end(ends, obj.pk) if ends is not None else None

    def destination_of(self, obj: Any) -> Ref | None:
        path = self.paths.get(obj.pk) if is_endpoint(obj) else None
        return path.destination if path is not None else None

    def path_of(self, obj: Any) -> PathEnd | None:
        return self.paths.get(obj.pk)


def _cached_related_terminations(objects: list[Any]) -> list[models.Model]:
    found: list[models.Model] = []
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.name != "cable" and field.is_cached(obj):
                related = field.get_cached_value(obj)
                if is_termination(related):
                    found.append(related)
    return found


def cabling_info(context: dict[str, Any]) -> CablingInfo:
    """The response's `CablingInfo`, shared by the serializers nested below (they copy the context)."""
    info = context.get("_cabling")
    if not isinstance(info, CablingInfo):
        info = context["_cabling"] = CablingInfo()
    return info


def render_ref(ref: Ref | None, depth: int, context: dict[str, Any], info: CablingInfo) -> dict[str, Any] | None:
    """A termination named by kind and id: brief at depth 0 (no query), its serializer at depth-1 beyond."""
    if ref is None:
        return None
    model = model_of(ref.kind)
    if model is None:
        return None
    request = context.get("request")
    if depth <= 0 or not may_view_object(context, model, ref.id):
        return brief(model, ref.id, request)
    obj = info.objects.get(ref)
    if obj is None:
        info.load([ref], depth - 1)
        obj = info.objects.get(ref)
        if obj is None:
            return brief(model, ref.id, request)
    return render_nested(obj, depth - 1, context)


# --------------------------------------------------------------------------------------------- mixins


# Nautobot documents a termination's `cable` as an object of no stated shape (what `?depth` makes of it).
@extend_schema_field({"type": "object", "nullable": True})
class CableField(RelatedObjectField):
    """A termination's `cable`: read as any foreign key, never written (the cabling service sets it)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_queryset(self) -> models.QuerySet[Any]:
        return Cable.objects.all()


class CableTerminationSerializerMixin(BaseModelSerializer):
    """`cable` (read-only), `cable_peer` and `cable_peer_type` on a cable termination's serializer. Use it
    as the first base of any termination's serializer (power feeds and the kinds other apps register too)."""

    cable = CableField()
    cable_peer = serializers.SerializerMethodField()
    cable_peer_type = serializers.SerializerMethodField()

    cabling_fields: ClassVar[tuple[str, ...]] = ("cable", "cable_peer", "cable_peer_type")

    def get_field_names(self, declared_fields: Any, info: Any) -> list[str]:
        """The cable fields after the object's own (as Nautobot orders them), before `created`."""
        names = super().get_field_names(declared_fields, info)
        cabling_names = [name for name in self.cabling_fields if name in names]
        rest = [name for name in names if name not in cabling_names]
        tail = next((i for i, name in enumerate(rest) if name in ENVELOPE_TAIL), len(rest))
        return [*rest[:tail], *cabling_names, *rest[tail:]]

    @property
    def cabling(self) -> CablingInfo:
        return cabling_info(self.context)

    def prepare_rows(self, rows: list[models.Model]) -> None:
        super().prepare_rows(rows)
        self.cabling.prepare(rows, self.depth_level)
        if self.depth_level > 0:
            # Whether the user may view each peer and far end the page renders nested: a query per kind.
            by_model: dict[type[models.Model], list[Any]] = {}
            for obj in self.cabling.objects.values():
                by_model.setdefault(type(obj), []).append(obj.pk)
            for model, ids in by_model.items():
                note_nested(self.context, model, ids)

    def to_representation(self, instance: Any) -> Any:
        self.cabling.prepare([instance], self.depth_level)  # a no-op for the rows of a prepared page
        return super().to_representation(instance)

    @answers_a_reference
    def get_cable_peer(self, obj: Any) -> dict[str, Any] | None:
        return render_ref(self.cabling.peer_of(obj), self.depth_level, self.context, self.cabling)

    def get_cable_peer_type(self, obj: Any) -> str | None:
        peer = self.cabling.peer_of(obj)
        return peer.kind if peer is not None else None


class PathEndpointSerializerMixin(CableTerminationSerializerMixin):
    """Adds `connected_endpoint`, `connected_endpoint_type` and `connected_endpoint_reachable` (the path
    from here is active; null without a path)."""

    connected_endpoint = serializers.SerializerMethodField()
    connected_endpoint_type = serializers.SerializerMethodField()
    connected_endpoint_reachable = serializers.SerializerMethodField()

    cabling_fields: ClassVar[tuple[str, ...]] = (
        *CableTerminationSerializerMixin.cabling_fields,
        "connected_endpoint",
        "connected_endpoint_type",
        "connected_endpoint_reachable",
    )

    @answers_a_reference
    def get_connected_endpoint(self, obj: Any) -> dict[str, Any] | None:
        return render_ref(self.cabling.destination_of(obj), self.depth_level, self.context, self.cabling)

    def get_connected_endpoint_type(self, obj: Any) -> str | None:
        destination = self.cabling.destination_of(obj)
        return destination.kind if destination is not None else None

    def get_connected_endpoint_reachable(self, obj: Any) -> bool | None:
        path = self.cabling.path_of(obj)
        return path.is_active if path is not None else None


# --------------------------------------------------------------------------------------------- cables


def termination_type_choices() -> list[tuple[str, str]]:
    """`[("dcim.interface", "dcim | interface"), …]`: the kinds a cable can end at (installed models)."""
    return [
        (kind, f"{model._meta.app_label} | {model._meta.verbose_name}")
        for kind, model in sorted(installed_termination_models().items())
    ]


class TerminationTypeField(serializers.ChoiceField):
    """`termination_a_type`: read and written as `"dcim.interface"`; OPTIONS lists the installed kinds."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=termination_type_choices(), **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        # From the id, through the content type cache: the foreign key would be a query per row.
        return kind_of_content_type(getattr(instance, f"{self.source}_id"))

    def to_representation(self, value: Any) -> Any:
        if isinstance(value, ContentType):
            return f"{value.app_label}.{value.model}"
        return value

    def to_internal_value(self, data: Any) -> ContentType:  # type: ignore[override]
        text = str(data.get("value", "") if isinstance(data, dict) else data).strip().lower()
        text = next((value for value, label in self.choices.items() if text == str(label).lower()), text)
        if text not in self.choices:
            kinds = ", ".join(self.choices)
            raise serializers.ValidationError(f"{data!r} is not something a cable can end at; use one of {kinds}.")
        app_label, model = text.split(".")
        return ContentType.objects.get_by_natural_key(app_label, model)


def _termination(content_type: ContentType, pk: Any, field: str) -> Any:
    model = content_type.model_class()
    found = model._default_manager.filter(pk=pk).first() if model is not None else None
    if found is None:
        name = model._meta.verbose_name if model is not None else content_type.model
        raise serializers.ValidationError({field: [f"No {name} has the id {pk}."]})
    return found


class CableSerializer(BaseModelSerializer):
    termination_a_type = TerminationTypeField()
    termination_b_type = TerminationTypeField()
    termination_a = serializers.SerializerMethodField()
    termination_b = serializers.SerializerMethodField()
    terminations = serializers.SerializerMethodField()

    ENDS: ClassVar[tuple[str, ...]] = (
        "termination_a_type",
        "termination_a_id",
        "termination_b_type",
        "termination_b_id",
    )

    class Meta(BaseModelSerializer.Meta):
        model = Cable
        fields = [
            "id",
            "object_type",
            "display",
            "url",
            "natural_slug",
            "termination_a_type",
            "termination_a_id",
            "termination_a",
            "termination_b_type",
            "termination_b_id",
            "termination_b",
            "terminations",
            "type",
            "status",
            "label",
            "color",
            "length",
            "length_unit",
            "tenant",
            "tags",
            "created",
            "last_updated",
            "notes_url",
            "custom_fields",
        ]
        extra_kwargs = {"status": {"required": False}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unchecked: list[str] = []

    # Reads -------------------------------------------------------------------------------------------------

    @property
    def cabling(self) -> CablingInfo:
        return cabling_info(self.context)

    def prepare_rows(self, rows: list[models.Model]) -> None:
        super().prepare_rows(rows)
        if self.depth_level > 0:
            refs = [ref for row in rows if isinstance(row, Cable) for ref in cable_ends(row)]
            self.cabling.load(refs, self.depth_level - 1)
            self.cabling.prepare(
                [self.cabling.objects[r] for r in refs if r in self.cabling.objects], self.depth_level - 1
            )

    @answers_a_reference
    def get_termination_a(self, obj: Cable) -> dict[str, Any] | None:
        return render_ref(cable_ends(obj)[0], self.depth_level, self.context, self.cabling)

    @answers_a_reference
    def get_termination_b(self, obj: Cable) -> dict[str, Any] | None:
        return render_ref(cable_ends(obj)[1], self.depth_level, self.context, self.cabling)

    def get_terminations(self, obj: Cable) -> dict[str, Any]:
        a, b = cable_ends(obj)
        return {"a1": render_ref(a, 0, self.context, self.cabling), "b1": render_ref(b, 0, self.context, self.cabling)}

    # Writes ------------------------------------------------------------------------------------------------

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            return self._validate_new(attrs)
        self._unchecked = []
        return super().validate(attrs)  # Cable.clean refuses a move of its ends

    def _validate_new(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, Any] = {}
        ends: list[Any] = []
        for side in ("a", "b"):
            try:
                ends.append(
                    _termination(
                        attrs[f"termination_{side}_type"], attrs[f"termination_{side}_id"], f"termination_{side}_id"
                    )
                )
            except serializers.ValidationError as exc:
                errors.update(exc.detail)  # type: ignore[arg-type]
        if errors:
            raise serializers.ValidationError(errors)
        a, b = ends
        try:
            cabling.validate_terminations(a, b)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(django_errors(exc)) from None
        if attrs.get("length") is not None and not attrs.get("length_unit"):
            raise serializers.ValidationError({"length_unit": ["Give a unit for the cable's length."]})
        # The service picks Connected when no status is given; the model's own checks judge the rest.
        self._unchecked = [] if attrs.get("status") is not None else ["status"]
        attrs = super().validate(attrs)
        # What `cabling.connect` takes: the two terminations themselves, then the cable's own fields.
        return {**{key: value for key, value in attrs.items() if key not in self.ENDS}, "a": a, "b": b}

    def unchecked_fields(self) -> list[str]:
        return self._unchecked

    def create_instance(self, data: dict[str, Any], **writes: Any) -> Any:
        return cabling.connect(**data, **writes)

    def update_instance(self, instance: Any, data: dict[str, Any], **writes: Any) -> Any:
        return cabling.update_cable(instance, **data, **writes)
