"""Where netkeel keeps its files and which config file it reads.

Order: an explicit path (`netkeel-server -c PATH`, `netkeel.setup(PATH)`), then `NETKEEL_CONFIG`, then
`$NETKEEL_ROOT/netkeel_config.py`. With none of these, netkeel runs on its built-in defaults.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from netkeel.conf import ConfigError

CONFIG_FILENAME = "netkeel_config.py"


def netkeel_root(environ: Mapping[str, str] | None = None) -> Path:
    """`$NETKEEL_ROOT`, or `~/.netkeel`; always absolute."""
    environ = os.environ if environ is None else environ
    raw = environ.get("NETKEEL_ROOT", "").strip()
    root = Path(raw).expanduser() if raw else Path.home() / ".netkeel"
    return root.absolute()


def ensure_root(root: os.PathLike[str] | str) -> None:
    """The root holds the SQLite file and backups; make it exist before anything opens them."""
    try:
        os.makedirs(root, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"The netkeel root {root} cannot be created: {exc.strerror or exc}; set NETKEEL_ROOT to a writable folder."
        ) from None


def discover_config_path(
    explicit: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path | None:
    """The config file to read, or None to run on defaults.

    A path that was asked for explicitly (argument or `NETKEEL_CONFIG`) must exist; the root's default
    file is optional.
    """
    environ = os.environ if environ is None else environ
    if explicit is not None and str(explicit).strip():
        return _must_exist(Path(explicit).expanduser(), "given with -c/--config")
    from_env = environ.get("NETKEEL_CONFIG", "").strip()
    if from_env:
        return _must_exist(Path(from_env).expanduser(), "named by NETKEEL_CONFIG")
    default = netkeel_root(environ) / CONFIG_FILENAME
    return default if default.is_file() else None


def _must_exist(path: Path, how: str) -> Path:
    path = path.absolute()
    if path.is_dir():
        candidate = path / CONFIG_FILENAME
        if candidate.is_file():
            return candidate
        raise ConfigError(f"The config path {path} ({how}) is a folder without a {CONFIG_FILENAME}.")
    if not path.is_file():
        raise ConfigError(
            f"The config file {path} ({how}) does not exist; create it with 'netkeel-server init {path}'."
        )
    return path
