"""Object permissions: what a saved one may hold (`actions`, `constraints`), the constraints turned into a
query filter (never SQL from text: each is an ORM lookup the model must know, `"$user"` the requesting
user), and the authentication backend through which an enabled, unconstrained permission grants Django's
model permission (`dcim.view_device`) to its users and groups' members.

Constrained permissions grant nothing yet: a constraint must hold on every read and write path (REST at
every depth, GraphQL, the UI, search, exports) before it may grant anything, or it would grant more than
it says."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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


def granted_model_permissions(user: Any) -> set[str]:
    """`app_label.action_model` for every enabled, unconstrained object permission of `user` (directly or
    through a group)."""
    from netkeel.users.models import ObjectPermission

    if not getattr(user, "is_active", False) or getattr(user, "is_anonymous", True):
        return set()
    held = ObjectPermission.objects.filter(enabled=True).filter(Q(users=user) | Q(groups__user=user)).distinct()
    granted: set[str] = set()
    for permission in held.prefetch_related("object_types"):
        if constraint_sets(permission.constraints) != [{}]:
            continue  # constrained: grants nothing until constraints are enforced everywhere
        for content_type in permission.object_types.all():
            for action in permission.actions:
                granted.add(f"{content_type.app_label}.{action}_{content_type.model}")
    return granted


class ObjectPermissionBackend(BaseBackend):
    """Django's permission checks (`user.has_perm`) also answer yes for what an object permission grants.
    Read once per user object (a request's), as Django's ModelBackend caches its own."""

    cache_name = "_netkeel_object_permissions"

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if obj is not None:
            return set()
        cached = getattr(user_obj, self.cache_name, None)
        if cached is None:
            cached = granted_model_permissions(user_obj)
            setattr(user_obj, self.cache_name, cached)
        return cached

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
