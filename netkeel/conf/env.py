"""Typed readers for `NETKEEL_*` environment variables.

Each reader takes the environment mapping explicitly so that tests can pass a plain dict, and raises
`ConfigError` naming the variable and the value it could not use.
"""

from __future__ import annotations

from collections.abc import Mapping

from netkeel.conf import ConfigError

Environ = Mapping[str, str]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(environ: Environ, name: str, default: str) -> str:
    value = environ.get(name)
    return default if value is None else value.strip()


def env_optional(environ: Environ, name: str) -> str | None:
    """The stripped value, or None when the variable is unset or empty."""
    value = environ.get(name, "").strip()
    return value or None


def env_bool(environ: Environ, name: str, default: bool) -> bool:
    value = environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false (or 1/0, yes/no, on/off), not {value!r}.")


def env_int(environ: Environ, name: str, default: int, *, minimum: int | None = None) -> int:
    value = environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(environ: Environ, name: str, default: list[str]) -> list[str]:
    """A list given with commas and/or spaces: `a.example.com, b.example.com` or `a b`."""
    value = environ.get(name)
    if value is None:
        return list(default)
    return [item for item in value.replace(",", " ").split() if item]
