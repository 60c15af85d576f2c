"""Object permissions: what a saved one may hold (`actions`, `constraints`), the constraints turned into a
query filter (never SQL from text: each is an ORM lookup the model must know, `"$user"` the requesting
user), and the authentication backend through which an enabled, unconstrained permission grants Django's
model permission (`dcim.view_device`) to its users and groups' members, and gives their constraints to
the one enforcement point, `netkeel.core.permissions.restrict`, which every read and write path uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.models import Q

ACTION_MAX_LENGTH = 30
USER_TOKEN = "$user"


def actions_problem(actions: Any) -> str | None:
    if not isinstance(actions, list) or not actions:
        return 'Give the actions as a list of names, such as ["view", "change"].'
    for action in actions:
        if not isinstance(action, str) or not action.strip():
            return f"An action is a name, not {action!r}."
        if len(action) > ACTION_MAX_LENGTH or not action.isidentifier():
            return f"{action!r} is not an action name (letters, digits and _, at most {ACTION_MAX_LENGTH})."
    return None


def constraint_sets(constraints: Any) -> list[dict[str, Any]]:
    """The constraints as a list of lookup sets (ORed); none (null, {} or []) is one empty set: all objects."""
    if constraints in (None, {}, []):
        return [{}]
    return [constraints] if isinstance(constraints, dict) else list(constraints)


def constraints_shape_problem(constraints: Any) -> str | None:
    if constraints is not None and not isinstance(constraints, dict | list):
        return "Give the constraints as a JSON object of lookups, a list of such objects, or null."
    for lookups in constraint_sets(constraints):
        if not isinstance(lookups, dict):
            return 'Each set of constraints is a JSON object of lookups, such as {"location__name": "Berlin"}.'
        for key in lookups:
            if not isinstance(key, str) or not key or key.startswith("_") or key.endswith("_"):
                return f"{key!r} is not a lookup."
    return None


def as_q(constraints: Any, user: Any = None) -> Q:
    """The constraints as one filter: the sets ORed, the lookups within a set ANDed; `"$user"` (as a value,
    or in a list of values) stands for `user`."""
    condition: Q | None = None
    for lookups in constraint_sets(constraints):
        if not lookups:
            return Q()  # an empty set matches every object
        matched = Q(**{key: _with_user(value, user) for key, value in lookups.items()})
        condition = matched if condition is None else condition | matched
    return condition if condition is not None else Q()


def _with_user(value: Any, user: Any) -> Any:
    if value == USER_TOKEN:
        return user
    if isinstance(value, list):
        return [user if item == USER_TOKEN else item for item in value]
    return value


def constraints_problems(constraints: Any, object_models: Iterable[type[models.Model]]) -> list[str]:
    """What is wrong with `constraints` on each of `object_models`: a lookup the model does not have, or a
    value it cannot take. The query is compiled (not run) for each model."""
    if problem := constraints_shape_problem(constraints):
        return [problem]
    problems = []
    for model in object_models:
        try:
            queryset = model._default_manager.filter(as_q(constraints, user=None))
            str(queryset.query)  # compiles every lookup and value; runs nothing
        except (FieldError, ValidationError, ValueError, TypeError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            problems.append(f"Not a valid constraint on {model._meta.label_lower}: {message}")
    return problems


def held_constraints(user: Any) -> dict[str, list[Any]]:
    """`app_label.action_model` → the constraints of each enabled object permission of `user` (directly or
    through a group) granting it, and of `DEFAULT_PERMISSIONS` (which every active user holds)."""
    from netkeel.users.models import ObjectPermission

    if not getattr(user, "is_active", False) or getattr(user, "is_anonymous", True):
        return {}
    held: dict[str, list[Any]] = {}
    for name, constraints in (getattr(settings, "DEFAULT_PERMISSIONS", None) or {}).items():
        held.setdefault(name, []).append(constraints)
    permissions = ObjectPermission.objects.filter(enabled=True).filter(Q(users=user) | Q(groups__user=user))
    for permission in permissions.distinct().prefetch_related("object_types"):
        for content_type in permission.object_types.all():
            for action in permission.actions:
                name = f"{content_type.app_label}.{action}_{content_type.model}"
                held.setdefault(name, []).append(permission.constraints)
    return held


def constraints_as_q(held: list[Any], user: Any) -> Q:
    """The constraints of several permissions as one filter: all their lookup sets ORed (`as_q`), so an
    unconstrained one matches every object."""
    return as_q([lookups for constraints in held for lookups in constraint_sets(constraints)], user)


class ObjectPermissionBackend(BaseBackend):
    """Object permissions (and `DEFAULT_PERMISSIONS`) for Django's checks and for core's enforcement point.

    `user.has_perm("dcim.change_device")` answers yes when some permission grants the action on some
    devices, constrained or not (as Nautobot): the model-level check opens the page or endpoint, and
    `netkeel.core.permissions.restrict`, which asks `constraints_for`, says which objects. With `obj`:
    whether that object matches. Read once per user object (a request's), as Django's ModelBackend caches
    its own."""

    cache_name = "_netkeel_object_permissions"

    def held(self, user_obj: Any) -> dict[str, list[Any]]:
        cached = getattr(user_obj, self.cache_name, None)
        if cached is None:
            cached = held_constraints(user_obj)
            setattr(user_obj, self.cache_name, cached)
        return cached

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if obj is not None:
            return set()
        return set(self.held(user_obj))

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        held = self.held(user_obj).get(perm)
        if held is None:
            return False
        if obj is None:
            return True
        return type(obj)._base_manager.filter(constraints_as_q(held, user_obj), pk=obj.pk).exists()

    def constraints_for(self, user_obj: Any, model: type[models.Model], action: str) -> Q | None:
        """What `user_obj` may `action` among `model`'s objects through object permissions: None (nothing),
        an empty Q (every object) or the constraints' filter, `$user` replaced."""
        held = self.held(user_obj).get(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
        return None if held is None else constraints_as_q(held, user_obj)
