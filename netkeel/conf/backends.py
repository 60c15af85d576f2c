"""AUTHENTICATION_BACKENDS as the config file sets it, made whole, and the LDAP packages it may need.

An operator who signs people in through LDAP writes their own list, as Nautobot's documentation has them
do: `["django_auth_ldap.backend.LDAPBackend", "django.contrib.auth.backends.ModelBackend"]`. netkeel's own
backends are then appended when the list leaves them out: the object-permission backend is how object
permissions reach every user (an LDAP user's included), and the remote-user backend answers nothing
unless `REMOTE_AUTH_ENABLED`. Which backends sign people in, and in which order, stays the operator's.

Naming django-auth-ldap's backend without python-ldap and django-auth-ldap installed would fail every
sign-in with a server error, so the settings refuse to load with one sentence saying what to install.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from netkeel.conf import ConfigError

OBJECT_PERMISSION_BACKEND = "netkeel.users.permissions.ObjectPermissionBackend"
REMOTE_USER_BACKEND = "netkeel.users.remote.RemoteUserBackend"
# Kept in every list, in this order, after the operator's own.
NETKEEL_BACKENDS = (OBJECT_PERMISSION_BACKEND, REMOTE_USER_BACKEND)

LDAP_BACKEND = "django_auth_ldap.backend.LDAPBackend"
# The top-level modules a config using LDAP imports: python-ldap's (and its compiled part) and django-auth-ldap's.
LDAP_MODULES = frozenset({"ldap", "_ldap", "django_auth_ldap"})
LDAP_INSTALL = (
    "install python-ldap and django-auth-ldap into netkeel's virtual environment: apt-get install libldap2-dev "
    "libsasl2-dev build-essential python3-dev (python-ldap compiles against them), add django-auth-ldap to "
    "$NETKEEL_ROOT/local_requirements.txt and pip install -r it (or pip install 'netkeel[ldap]'); see "
    "docs/install.md, 'LDAP'"
)


def authentication_backends(configured: Any) -> list[str]:
    """The config file's AUTHENTICATION_BACKENDS with netkeel's own backends appended where missing."""
    if not isinstance(configured, list | tuple) or not all(isinstance(name, str) and name for name in configured):
        raise ConfigError(
            "AUTHENTICATION_BACKENDS must be a list of dotted paths to backend classes, such as "
            f"['{LDAP_BACKEND}', 'django.contrib.auth.backends.ModelBackend']."
        )
    backends = list(dict.fromkeys(configured))
    backends += [name for name in NETKEEL_BACKENDS if name not in backends]
    if any(name.split(".", 1)[0] == "django_auth_ldap" for name in backends):
        require_ldap_packages()
    return backends


def require_ldap_packages() -> None:
    """Refuse, in one sentence, when django-auth-ldap or python-ldap cannot be imported.

    python-ldap is imported (it needs nothing of Django), so a build that lost its libldap is found too;
    django-auth-ldap's backend cannot be imported before Django's apps are ready, so it is only looked up.
    """
    try:
        importlib.import_module("ldap")
        missing = importlib.util.find_spec("django_auth_ldap") is None
    except ImportError as exc:
        raise ConfigError(
            f"AUTHENTICATION_BACKENDS names {LDAP_BACKEND}, but python-ldap cannot be imported ({exc}); {LDAP_INSTALL}."
        ) from None
    if missing:
        raise ConfigError(
            f"AUTHENTICATION_BACKENDS names {LDAP_BACKEND}, but django-auth-ldap is not installed; {LDAP_INSTALL}."
        )


def missing_ldap_module(exc: BaseException) -> str | None:
    """The LDAP package a config file failed to import (`import ldap`, `from django_auth_ldap.config import
    LDAPSearch`), or None for any other failure."""
    if not isinstance(exc, ImportError):
        return None
    name = (exc.name or "").split(".", 1)[0]
    return name if name in LDAP_MODULES else None
