"""Where jobs come from: the job modules netkeel's apps and plugins register from their AppConfig.ready()
(`register_job_module`, as they register their routes, pages and upgrade steps: nothing is found by its
module's name), and every `*.py` file in `$NETKEEL_ROOT/jobs/` (imported as `local_jobs.<file name>`, so
those files may import each other).

A module that fails to import is reported — logged once, listed by `netkeel-server check` and kept in
`Discovery.errors` — and skipped; it never stops the server. A local file is imported again only when it
changed, and a fresh copy is loaded for each run (`load_job_class(..., fresh=True)`), so an edited job
runs its new code without a restart.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import logging
import sys
import threading
import traceback
import types
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from netkeel.extras.jobs.base import Job

LOCAL_PACKAGE = "local_jobs"
log = logging.getLogger("netkeel.jobs")


@dataclass(frozen=True)
class FoundJob:
    module_name: str
    class_name: str
    job_class: type[Job]
    default_grouping: str

    @property
    def class_path(self) -> str:
        return f"{self.module_name}.{self.class_name}"


@dataclass
class Discovery:
    jobs: list[FoundJob] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # module → one sentence


_app_modules: dict[str, str] = {}  # module → default grouping, in the order the apps registered them
_lock = threading.RLock()  # a job module may itself look up jobs while being imported
_local_stamps: dict[str, tuple[float, int]] = {}  # module → (mtime, size) when last imported
_reported: set[tuple[str, str]] = set()


def local_jobs_dir() -> Path:
    return Path(getattr(settings, "NETKEEL_ROOT")) / "jobs"  # noqa: B009 - a netkeel setting the stubs do not know


def discover() -> Discovery:
    """Every job class netkeel can run now, in a stable order: apps, plugins, then local files."""
    found = Discovery()
    with _lock:
        for module_name, grouping in _app_job_modules():
            module = _import(module_name, found)
            if module is not None:
                found.jobs.extend(_jobs_in(module, grouping))
        importlib.invalidate_caches()  # a file added since the last look must be found
        for module_name, path in _local_modules():
            module = _import_local(module_name, path, found)
            if module is not None:
                grouping = str(getattr(module, "name", "") or path.stem)
                found.jobs.extend(_jobs_in(module, grouping))
    for module_name, problem in found.errors.items():
        if (module_name, problem) not in _reported:
            _reported.add((module_name, problem))
            log.warning("Jobs in %s were skipped: %s", module_name, problem)
    return found


def load_job_class(module_name: str, class_name: str, *, fresh: bool = False) -> type[Job] | None:
    """The job class at module.class, or None when it is gone. `fresh` re-reads a local file first."""
    with _lock:
        try:
            if module_name.startswith(f"{LOCAL_PACKAGE}."):
                path = local_jobs_dir() / f"{module_name.split('.', 1)[1]}.py"
                if not path.is_file():
                    return None
                _local_package()
                loaded = sys.modules.get(module_name)
                module = _load_local(module_name, path) if fresh or loaded is None else loaded
            else:
                module = importlib.import_module(module_name)
        except Exception:  # noqa: BLE001 - a broken job module is the job's failure, not the caller's
            # Discovery reports broken modules once; a run that needs one logs it in full.
            log.log(logging.WARNING if fresh else logging.DEBUG, "Cannot import %s:\n%s", module_name,
                    traceback.format_exc())  # fmt: skip
            return None
    candidate = getattr(module, class_name, None)
    if isinstance(candidate, type) and issubclass(candidate, Job) and not candidate.abstract:
        return candidate
    return None


# ---------------------------------------------------------------------------------------------- apps


def register_job_module(module_name: str, grouping: str) -> None:
    """Offer the jobs in `module_name` (imported when jobs are looked up, not now, so that a broken one is
    reported and skipped rather than stopping the server), grouped under `grouping` unless a job says
    otherwise; called from an app's or plugin's AppConfig.ready()."""
    _app_modules[module_name] = grouping


def _app_job_modules() -> list[tuple[str, str]]:
    """(module, default grouping) as the apps and plugins registered them, in the order of their ready()."""
    return list(_app_modules.items())


def _import(module_name: str, found: Discovery) -> types.ModuleType | None:
    try:
        return importlib.import_module(module_name)
    except Exception as exc:  # noqa: BLE001 - one broken module must not hide the others
        found.errors[module_name] = _problem(exc)
        return None


# ---------------------------------------------------------------------------------------------- local files


def _local_package() -> types.ModuleType:
    """`local_jobs`: a package whose folder is $NETKEEL_ROOT/jobs (recreated if the root changed)."""
    folder = str(local_jobs_dir())
    package = sys.modules.get(LOCAL_PACKAGE)
    if package is None or list(getattr(package, "__path__", [])) != [folder]:
        for name in [name for name in sys.modules if name.startswith(f"{LOCAL_PACKAGE}.")]:
            del sys.modules[name]
        _local_stamps.clear()
        package = types.ModuleType(LOCAL_PACKAGE, "Jobs in $NETKEEL_ROOT/jobs/.")
        package.__path__ = [folder]
        sys.modules[LOCAL_PACKAGE] = package
    return package


def _local_modules() -> list[tuple[str, Path]]:
    folder = local_jobs_dir()
    if not folder.is_dir():
        return []
    return [
        (f"{LOCAL_PACKAGE}.{path.stem}", path)
        for path in sorted(folder.glob("*.py"))
        if not path.name.startswith(("_", ".")) and path.stem.isidentifier()
    ]


def _import_local(module_name: str, path: Path, found: Discovery) -> types.ModuleType | None:
    _local_package()
    try:
        stat = path.stat()
    except OSError as exc:
        found.errors[module_name] = _problem(exc)
        return None
    stamp = (stat.st_mtime, stat.st_size)
    module = sys.modules.get(module_name)
    if module is not None and _local_stamps.get(module_name) == stamp:
        return module
    try:
        module = _load_local(module_name, path)
    except Exception as exc:  # noqa: BLE001 - a broken file is reported, the others still load
        found.errors[module_name] = _problem(exc, path)
        return None
    _local_stamps[module_name] = stamp
    return module


class _SourceLoader(importlib.machinery.SourceFileLoader):
    """Compiles the file as it is now: no bytecode cache, which could be stale after a quick edit."""

    def get_code(self, fullname: str) -> types.CodeType:
        return compile(self.get_data(self.path), self.path, "exec", dont_inherit=True)


def _load_local(module_name: str, path: Path) -> types.ModuleType:
    loader = _SourceLoader(module_name, str(path))
    spec = importlib.util.spec_from_file_location(module_name, path, loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


# ---------------------------------------------------------------------------------------------- classes


def _jobs_in(module: types.ModuleType, grouping: str) -> list[FoundJob]:
    jobs = []
    for name, value in vars(module).items():
        if (
            isinstance(value, type)
            and issubclass(value, Job)
            and value.__module__ == module.__name__
            and not value.abstract
            and not name.startswith("_")
        ):
            jobs.append(FoundJob(module.__name__, name, value, grouping))
    return jobs


def _problem(exc: BaseException, path: Path | None = None) -> str:
    """One line: the error and where it happened (file and line when the error has them)."""
    where = ""
    frames = traceback.extract_tb(exc.__traceback__)
    if isinstance(exc, SyntaxError) and exc.filename:
        where = f" ({Path(exc.filename).name}, line {exc.lineno})"
    elif frames:
        own = [frame for frame in frames if path is not None and frame.filename == str(path)] or frames[-1:]
        where = f" ({Path(own[-1].filename).name}, line {own[-1].lineno})"
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {message}{where}" if message else f"{type(exc).__name__}{where}"


def describe_errors(errors: dict[str, str]) -> list[str]:
    return [f"{module}: {problem}" for module, problem in errors.items()]
