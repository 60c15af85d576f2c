"""DCIM's computed GraphQL fields: every cable termination's `cable_peer` (Nautobot's union
CableTerminationTypes) and every path endpoint's `connected_endpoint` (PathEndpointTypes), loaded for a
whole level at once (its cables and paths in two queries, then the objects found, a query per model,
through the permission check); Nautobot's per-kind shortcuts of both (`cable_peer_interface`,
`connected_power_port`, …: the same far end, typed as one kind, null when it is of another); a device's and a
virtual machine's `config_context`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from netkeel.core.graphql import hooks
from netkeel.dcim.api.serializers_cabling import CablingInfo, is_termination
from netkeel.dcim.cabling.graph import ENDPOINT_KINDS, Ref
from netkeel.dcim.cabling.kinds import (
    compatible_kinds,
    installed_termination_models,
    kind_of,
)
from netkeel.dcim.cabling.read import load_objects


def _termination_models() -> list[type[models.Model]]:
    return [model for _, model in sorted(installed_termination_models().items())]


def _endpoint_models() -> list[type[models.Model]]:
    return [model for kind, model in sorted(installed_termination_models().items()) if kind in ENDPOINT_KINDS]


def _is_termination(model: type[models.Model]) -> bool:
    return model in _termination_models()


def _is_endpoint(model: type[models.Model]) -> bool:
    return model in _endpoint_models()


def _loader(far_end: Callable[[CablingInfo, Any], Ref | None], only: str | None = None) -> hooks.Loader:
    """Each object's far end (`only`: a shortcut's field name for one kind, the others read as None)."""

    def load(objects: list[Any], viewable: hooks.Viewable) -> dict[int, Any]:
        info = CablingInfo()
        info.prepare([obj for obj in objects if is_termination(obj)], 0)
        refs = {id(obj): far_end(info, obj) for obj in objects}
        if only is not None:
            kind = _kind_named(only)
            refs = {key: ref if ref is not None and ref.kind == kind else None for key, ref in refs.items()}
        # The cabling reader's loader, a query per kind, each through the permission check.
        found = load_objects(refs.values(), related=lambda model, kind, queryset: viewable(queryset))
        return {key: found.get(ref) if ref is not None else None for key, ref in refs.items()}

    return load


def _field_name(model: type[models.Model]) -> str:
    """`FrontPort` → `front_port`, as the shortcuts name a kind."""
    return str(model._meta.verbose_name).lower().replace(" ", "_")


def _kind_named(name: str) -> str | None:
    return next((kind for kind, model in installed_termination_models().items() if _field_name(model) == name), None)


_shortcuts_made: set[str] = set()


def register_shortcuts() -> None:
    """One field per (termination kind, kind its far end may be), named `cable_peer_<far kind>` and, between
    path endpoints, `connected_<far kind>`: the kinds come from the cabling engine's registry (a cable's
    compatible kinds), so an app that registers a termination kind calls this again after it."""
    for prefix, targets_of, far_end in (
        ("cable_peer_", _peer_kinds, _peer_of),
        ("connected_", _connected_kinds, _destination_of),
    ):
        for source in installed_termination_models():
            for target in targets_of(source):
                found = installed_termination_models().get(target)
                key = f"{source} {prefix}{target}"
                if found is None or key in _shortcuts_made:
                    continue
                _shortcuts_made.add(key)
                target_model: type[models.Model] = found
                name = _field_name(target_model)

                def applies(model: type[models.Model], source: str = source) -> bool:
                    return _is_termination(model) and kind_of(model) == source

                def type_of(types: Any, target_model: type[models.Model] = target_model) -> Any:
                    return types.of_model(target_model)

                hooks.batched(applies, f"{prefix}{name}", type_of, _loader(far_end, only=name))


def _peer_of(info: CablingInfo, obj: Any) -> Ref | None:
    return info.peer_of(obj)


def _destination_of(info: CablingInfo, obj: Any) -> Ref | None:
    return info.destination_of(obj)


def _peer_kinds(kind: str) -> list[str]:
    return sorted(compatible_kinds(kind) or ())


def _connected_kinds(kind: str) -> list[str]:
    return [other for other in _peer_kinds(kind) if kind in ENDPOINT_KINDS and other in ENDPOINT_KINDS]


def _has_local_context(model: type[models.Model]) -> bool:
    """Devices and virtual machines: what carries local config context data has `config_context`, as in REST."""
    return any(field.name == "local_config_context_data" for field in model._meta.concrete_fields)


def _config_context(obj: Any) -> Any:
    # No config contexts exist yet (as in REST): the rendered context is the object's own local data.
    local = obj.local_config_context_data
    return dict(local) if isinstance(local, dict) else {}


def register() -> None:
    from netkeel.core.graphql.scalars import GenericScalar

    hooks.batched(
        _is_termination,
        "cable_peer",
        lambda types: types.union("CableTerminationTypes", _termination_models()),
        _loader(lambda info, obj: info.peer_of(obj)),
    )
    hooks.batched(
        _is_endpoint,
        "connected_endpoint",
        lambda types: types.union("PathEndpointTypes", _endpoint_models()),
        _loader(lambda info, obj: info.destination_of(obj)),
    )
    register_shortcuts()
    hooks.computed(_has_local_context, "config_context", lambda types: GenericScalar, _config_context)
