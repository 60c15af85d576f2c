"""Errors as JSON a client can act on: a refused delete is 409 naming what holds the object, a model's
validation error is 400 per field, a database constraint a 400 sentence — never a 500 for bad input."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from netkeel.core.api.serializers import django_errors


def _holders(exc: ProtectedError | RestrictedError) -> str:
    objects = list(exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects)
    shown = ", ".join(f"{obj._meta.verbose_name} {obj}" for obj in objects[:5])
    more = f" and {len(objects) - 5} more" if len(objects) > 5 else ""
    return f"{shown}{more}"


def handle_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ProtectedError | RestrictedError | DjangoValidationError | IntegrityError):
        set_rollback()
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response(
            {"detail": f"Cannot delete: it is still used by {_holders(exc)}. Delete or reassign those first."},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(django_errors(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": f"The database refused the change: {str(exc).splitlines()[0]}"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return exception_handler(exc, context)
