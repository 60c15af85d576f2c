"""uv.lock is the install: `make venv`, `make run`, `make test` and `.ci/run` sync from it with `--locked`.
These tests fail when pyproject.toml's dependencies and the lock disagree (run `make lock`), so a change of
either is never half made. They read the files only: no registry is asked."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

REPOSITORY = Path(__file__).resolve().parents[3]
Entry = tuple[str, tuple[str, ...], str, str]  # (name, extras, specifier, marker) of a requirement


def _pyproject_requirements() -> set[Entry]:
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text())["project"]
    found: set[Entry] = set()
    groups: list[tuple[str | None, list[str]]] = [(None, project["dependencies"])]
    groups += list(project.get("optional-dependencies", {}).items())
    for extra, requirements in groups:
        for text in requirements:
            requirement = Requirement(text)
            marker = f"extra == '{extra}'" if extra else ""
            found.add((canonicalize_name(requirement.name), tuple(sorted(requirement.extras)),
                       _specifier(str(requirement.specifier)), marker))  # fmt: skip
    return found


def _specifier(text: str) -> str:
    """A version specifier in one spelling, whatever the order of its clauses."""
    return ",".join(sorted(str(clause) for clause in SpecifierSet(text)))


def _lock() -> dict[str, Any]:
    return tomllib.loads((REPOSITORY / "uv.lock").read_text())


def _netkeel_in(lock: dict[str, Any]) -> dict[str, Any]:
    return next(package for package in lock["package"] if package["name"] == "netkeel")


def test_the_lock_was_made_from_these_dependencies() -> None:
    locked: set[Entry] = {
        (
            canonicalize_name(entry["name"]),
            tuple(sorted(entry.get("extras", ()))),
            _specifier(entry.get("specifier", "")),
            entry.get("marker", ""),
        )  # fmt: skip
        for entry in _netkeel_in(_lock())["metadata"]["requires-dist"]
    }
    wanted = _pyproject_requirements()
    assert wanted - locked == set(), "pyproject.toml asks for what uv.lock was not made from: run 'make lock'"
    assert locked - wanted == set(), "uv.lock was made from requirements pyproject.toml no longer has: run 'make lock'"


def test_every_locked_version_satisfies_pyproject() -> None:
    versions: dict[str, Version] = {
        canonicalize_name(package["name"]): Version(package["version"])
        for package in _lock()["package"]
        if "version" in package
    }
    for name, _, specifier, _ in _pyproject_requirements():
        assert name in versions, f"{name} is not in uv.lock: run 'make lock'"
        assert Requirement(f"{name}{specifier}").specifier.contains(versions[name], prereleases=True), (
            f"uv.lock holds {name} {versions[name]}, which pyproject.toml's {specifier} does not allow"
        )


def test_every_locked_package_is_pinned_by_hash() -> None:
    """What is installed from the registry is checked against the hashes recorded when the lock was made."""
    for package in _lock()["package"]:
        if "registry" not in package.get("source", {}):
            continue
        files = [*filter(None, [package.get("sdist")]), *package.get("wheels", [])]
        assert files and all(file.get("hash", "").startswith("sha256:") for file in files), package["name"]


def test_uv_itself_is_pinned_by_hash() -> None:
    lines = (REPOSITORY / "requirements" / "uv.txt").read_text().split("\n")
    pinned = [line for line in lines if line.startswith("uv==")]
    assert len(pinned) == 1
    assert sum("--hash=sha256:" in line for line in lines) >= 1
