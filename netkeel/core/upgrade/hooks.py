"""Work that domain apps add to `post_upgrade`, registered from their AppConfig.ready().

core sits below the domain apps and cannot import them; DCIM registers its cable path rebuild here and
the `cable-paths` step runs whatever is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PathRebuild:
    origins: int  # how many origins had no path
    created: int
    untraced: tuple[tuple[str, str], ...]  # (origin, reason) for each origin that could not be traced


CablePathRebuilder = Callable[[bool], PathRebuild]  # argument: draw a progress bar

_cable_paths: list[CablePathRebuilder] = []


def register_cable_path_rebuild(rebuild: CablePathRebuilder) -> None:
    if rebuild not in _cable_paths:
        _cable_paths.append(rebuild)


def cable_path_rebuilders() -> list[CablePathRebuilder]:
    return list(_cable_paths)
