"""`netkeel-server init [PATH]`: write a documented config file with a fresh secret key, never overwriting."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from netkeel.conf.discovery import CONFIG_FILENAME, netkeel_root

SECRET_KEY_PLACEHOLDER = "__SECRET_KEY__"


class ConfigExistsError(Exception):
    """The target config file is already there; it is left as it is."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists and was left unchanged; edit it, or move it away to write a new one.")
        self.path = path


def init_target(path: str | None, config_option: str | None, environ: Mapping[str, str]) -> Path:
    """Where `init` writes: PATH (a folder or a `.py` file), else -c, else NETKEEL_CONFIG, else the root."""
    chosen = path or config_option or environ.get("NETKEEL_CONFIG", "").strip() or None
    if chosen is None:
        return netkeel_root(environ) / CONFIG_FILENAME
    target = Path(chosen).expanduser().absolute()
    if target.suffix == ".py":
        return target
    return target / CONFIG_FILENAME


def render_config(secret_key: str | None = None) -> str:
    template = resources.files("netkeel.conf").joinpath("config_template.tmpl").read_text(encoding="utf-8")
    return template.replace(SECRET_KEY_PLACEHOLDER, secret_key or generate_secret_key())


def generate_secret_key() -> str:
    # URL-safe characters only, so the key sits in a Python string literal without escaping.
    return secrets.token_urlsafe(50)


def write_config(target: Path) -> Path:
    """Create `target` (and its folder) with a new config; raise ConfigExistsError if it exists."""
    target.parent.mkdir(parents=True, exist_ok=True)
    content = render_config()
    try:
        # O_EXCL: even two `init`s racing each other cannot overwrite a file.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigExistsError(target) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
    return target
