"""The one place that decides which objects a user may act on: `restrict(queryset, user, action)`.

Every read and write path (REST lists, details and writes, nested objects at any depth, GraphQL, the UI,
search, exports, traces) narrows its queryset here and nowhere else. In order:

- an active superuser: every object;
- an inactive or anonymous user (or none): no object;
- `view` of a model named in `EXEMPT_VIEW_PERMISSIONS` (`"app.model"`, or `"*"` for every model but
  users, groups and object permissions, as Nautobot): every object;
- Django's own model permission (user or group permissions, through a backend without constraints):
  every object;
- else the objects matching any of the user's constraints for (model, action), which backends with a
  `constraints_for(user, model, action)` method give (users' object permissions, `DEFAULT_PERMISSIONS`):
  a filter, never SQL from text; none at all: no object.

Core knows those backends only through Django's `get_backends()` (core may not import users). What a user
may do is read once per user object, that is once per request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_backends
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet

ACTIONS_BY_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}
# Never exempted by `EXEMPT_VIEW_PERMISSIONS = ["*"]`; naming one of them exempts it all the same.
EXEMPT_EXCLUDE_MODELS = frozenset({"auth.group", "users.user", "users.objectpermission", "users.token"})

CACHE_NAME = "_netkeel_restrictions"
# `None`: no object; `Q()` (empty): every object; else the objects it matches.
Restriction = Q | None


def permission_name(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def view_exempt(model: type[models.Model]) -> bool:
    """Whether `EXEMPT_VIEW_PERMISSIONS` lets everyone signed in view every object of `model`."""
    exempt = getattr(settings, "EXEMPT_VIEW_PERMISSIONS", ()) or ()
    label = model._meta.label_lower
    return label in exempt or ("*" in exempt and label not in EXEMPT_EXCLUDE_MODELS)


class CommandLine(AnonymousUser):
    """Who acts when no one signs in: the command line (`netkeel-server export_csv`), through the same
    endpoint code as a request. May do everything; never a request's user."""

    is_command_line = True


COMMAND_LINE = CommandLine()


def restriction(user: Any, model: type[models.Model], action: str) -> Restriction:
    """What `user` may `action` among `model`'s objects (see the module docstring), cached on the user."""
    if isinstance(user, CommandLine):
        return Q()
    if user is None or not getattr(user, "is_active", False) or getattr(user, "is_anonymous", True):
        return None
    if user.is_superuser:
        return Q()
    concrete = model._meta.concrete_model or model
    key = (concrete._meta.label_lower, action)
    cache: dict[tuple[str, str], Restriction] | None = getattr(user, CACHE_NAME, None)
    if cache is None:
        cache = {}
        setattr(user, CACHE_NAME, cache)
    if key not in cache:
        cache[key] = _restriction(user, concrete, action)
    return cache[key]


def _restriction(user: Any, model: type[models.Model], action: str) -> Restriction:
    if action == "view" and view_exempt(model):
        return Q()
    perm = permission_name(model, action)
    found: Q | None = None
    for backend in get_backends():
        constraints_for = getattr(backend, "constraints_for", None)
        if constraints_for is None:
            if backend.has_perm(user, perm):
                return Q()  # a model permission without constraints: every object
            continue
        condition = constraints_for(user, model, action)
        if condition is None:
            continue
        if not condition:
            return Q()  # an unconstrained grant
        # (Q() | q would be q: an empty Q means "every object" here, so it is returned above instead.)
        found = condition if found is None else found | condition
    return found


def restrict(queryset: QuerySet[Any], user: Any, action: str = "view") -> QuerySet[Any]:
    """The objects of `queryset` that `user` may `action` (view, add, change, delete, or a custom action
    such as run): the one enforcement point."""
    allowed = restriction(user, queryset.model, action)
    if allowed is None:
        return queryset.none()
    if not allowed:
        return queryset
    # As a subquery of keys: a constraint across a many-valued relation (tags__name) may match an object
    # more than once, and a join in the caller's queryset must not see the constraint's joins.
    return queryset.filter(pk__in=queryset.model._base_manager.filter(allowed).values("pk"))


def may(user: Any, model: type[models.Model], action: str) -> bool:
    """Whether `user` may `action` some objects of `model` (a page or an endpoint opens; `restrict` says
    which objects)."""
    return restriction(user, model, action) is not None


def allowed_ids(user: Any, model: type[models.Model], ids: Any, action: str = "view") -> set[Any]:
    """Which of `ids` (primary keys of `model`) `user` may `action`: one query for any number, none when
    the user may act on every object or none."""
    wanted = {pk for pk in ids if pk is not None}
    allowed = restriction(user, model, action)
    if allowed is None or not wanted:
        return set()
    if not allowed:
        return wanted
    return set(model._base_manager.filter(allowed, pk__in=wanted).values_list("pk", flat=True))


def check_written(user: Any, objects: list[Any], action: str) -> None:
    """After a write, inside its transaction: every object as written must be one `user` may `action` (a
    device moved out of the user's location is refused), else PermissionDenied (a 403) undoes the write.
    The API's views and the UI's forms both end their writes with it."""
    if not objects:
        return
    model = type(objects[0])
    wanted = {obj.pk for obj in objects}
    if allowed_ids(user, model, wanted, action) != wanted:
        raise PermissionDenied(
            f"Your permissions do not allow this {model._meta.verbose_name} as written; nothing was changed."
        )


def forget(user: Any) -> None:
    """Drop what was read of `user`'s permissions (after they change within one request or test)."""
    for name in (CACHE_NAME, "_netkeel_object_permissions", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, name):
            delattr(user, name)
