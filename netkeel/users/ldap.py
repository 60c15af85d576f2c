"""Sign-in through LDAP: django-auth-ldap's backend, configured with `AUTH_LDAP_*` in the config file.

netkeel adds no code to the sign-in itself: django-auth-ldap checks the password against the directory,
creates or updates the user, mirrors their LDAP groups into netkeel's groups (`AUTH_LDAP_MIRROR_GROUPS`)
and sets flags from groups (`AUTH_LDAP_USER_FLAGS_BY_GROUP`); the object permissions of those groups then
apply through `ObjectPermissionBackend`, which the settings keep in AUTHENTICATION_BACKENDS (see
`netkeel.conf.backends`).

What is here are the system checks that `netkeel-server check` (and every command's start) runs on that
configuration: django-auth-ldap reads its settings only when someone signs in, and some mistakes would
only then show, as a server error on the sign-in page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

LDAP_BACKEND = "django_auth_ldap.backend.LDAPBackend"
# Every setting that makes django-auth-ldap read the user's groups, and so needs both the group search and
# the group type (without them it raises ImproperlyConfigured in the middle of a sign-in).
GROUP_SETTINGS = (
    "AUTH_LDAP_REQUIRE_GROUP",
    "AUTH_LDAP_DENY_GROUP",
    "AUTH_LDAP_MIRROR_GROUPS",
    "AUTH_LDAP_MIRROR_GROUPS_EXCEPT",
    "AUTH_LDAP_FIND_GROUP_PERMS",
    "AUTH_LDAP_USER_FLAGS_BY_GROUP",
)


def ldap_enabled() -> bool:
    return any(
        backend == LDAP_BACKEND or backend.startswith("django_auth_ldap.")
        for backend in getattr(settings, "AUTHENTICATION_BACKENDS", [])
    )


@register()
def ldap_settings(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """The `AUTH_LDAP_*` settings that sign-in needs, while the LDAP backend is in AUTHENTICATION_BACKENDS."""
    if not ldap_enabled():
        return []
    # Importable: the settings refuse to load otherwise (netkeel.conf.backends).
    from django_auth_ldap.config import LDAPGroupType, LDAPSearch, LDAPSearchUnion

    problems: list[CheckMessage] = []
    if not getattr(settings, "AUTH_LDAP_SERVER_URI", ""):
        problems.append(
            Warning(
                "AUTH_LDAP_SERVER_URI is not set, so django-auth-ldap asks ldap://localhost.",
                hint='Set it to your directory, such as AUTH_LDAP_SERVER_URI = "ldaps://ldap.example.com".',
                id="netkeel.W201",
            )
        )
    user_search = getattr(settings, "AUTH_LDAP_USER_SEARCH", None)
    if not getattr(settings, "AUTH_LDAP_USER_DN_TEMPLATE", None) and not isinstance(
        user_search, LDAPSearch | LDAPSearchUnion
    ):
        problems.append(
            Error(
                "Neither AUTH_LDAP_USER_DN_TEMPLATE nor AUTH_LDAP_USER_SEARCH (an LDAPSearch) is set, so no "
                "LDAP user can sign in.",
                hint='Set AUTH_LDAP_USER_SEARCH = LDAPSearch("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, '
                '"(uid=%(user)s)"); see docs/install.md, "LDAP".',
                id="netkeel.E201",
            )
        )
    used = [name for name in GROUP_SETTINGS if getattr(settings, name, None)]
    if used:
        lacking = []
        if not isinstance(getattr(settings, "AUTH_LDAP_GROUP_SEARCH", None), LDAPSearch | LDAPSearchUnion):
            lacking.append("AUTH_LDAP_GROUP_SEARCH (an LDAPSearch)")
        if not isinstance(getattr(settings, "AUTH_LDAP_GROUP_TYPE", None), LDAPGroupType):
            lacking.append("AUTH_LDAP_GROUP_TYPE (such as GroupOfNamesType())")
        if lacking:
            problems.append(
                Error(
                    f"{', '.join(used)} read LDAP groups, but {' and '.join(lacking)} "
                    f"{'is' if len(lacking) == 1 else 'are'} not set, so every LDAP sign-in would fail with a "
                    "server error.",
                    hint='Set both; see docs/install.md, "LDAP".',
                    id="netkeel.E202",
                )
            )
    return problems
