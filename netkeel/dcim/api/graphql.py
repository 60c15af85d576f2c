"""DCIM's computed GraphQL fields: every cable termination's `cable_peer` (Nautobot's union
CableTerminationTypes) and every path endpoint's `connected_endpoint` (PathEndpointTypes), loaded for a
whole level at once (its cables and paths in two queries, then the objects found, a query per model,
through the permission check); a device's and a virtual machine's `config_context`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from netkeel.core.graphql import hooks
from netkeel.dcim.api.serializers_cabling import CablingInfo, is_termination
from netkeel.dcim.cabling.graph import ENDPOINT_KINDS, Ref
from netkeel.dcim.cabling.kinds import installed_termination_models
from netkeel.dcim.cabling.read import load_objects


def _termination_models() -> list[type[models.Model]]:
    return [model for _, model in sorted(installed_termination_models().items())]


def _endpoint_models() -> list[type[models.Model]]:
    return [model for kind, model in sorted(installed_termination_models().items()) if kind in ENDPOINT_KINDS]


def _is_termination(model: type[models.Model]) -> bool:
    return model in _termination_models()


def _is_endpoint(model: type[models.Model]) -> bool:
    return model in _endpoint_models()


def _loader(far_end: Callable[[CablingInfo, Any], Ref | None]) -> hooks.Loader:
    def load(objects: list[Any], viewable: hooks.Viewable) -> dict[int, Any]:
        info = CablingInfo()
        info.prepare([obj for obj in objects if is_termination(obj)], 0)
        refs = {id(obj): far_end(info, obj) for obj in objects}
        # The cabling reader's loader, a query per kind, each through the permission check.
        found = load_objects(refs.values(), related=lambda model, kind, queryset: viewable(queryset))
        return {key: found.get(ref) if ref is not None else None for key, ref in refs.items()}

    return load


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
    hooks.computed(_has_local_context, "config_context", lambda types: GenericScalar, _config_context)
