"""Limit/offset pages as Nautobot serves them: 50 by default (PAGINATE_COUNT), `limit` capped at
MAX_PAGE_SIZE rather than refused, `limit=0` meaning the largest page, and absolute `next`/`previous`
links that keep every query parameter (pynautobot follows them as given)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


class NetkeelPagination(LimitOffsetPagination):
    def get_limit(self, request: Request) -> int | None:
        default = int(getattr(settings, "PAGINATE_COUNT", 50))
        largest = int(getattr(settings, "MAX_PAGE_SIZE", 1000)) or None
        raw = request.query_params.get(self.limit_query_param)
        if raw is None or raw == "":
            return default if largest is None else min(default, largest)
        try:
            limit = int(raw)
        except ValueError:
            return default
        if limit < 0:
            return default
        if limit == 0:
            return largest  # None: everything, when the site set no maximum
        return limit if largest is None else min(limit, largest)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        limit = self.get_limit(request)
        if limit is None:
            self.limit = None
            self.request = request
            self.offset = 0
            rows = list(queryset)
            self.count = len(rows)
            return rows
        # A deep read already counted its filtered rows for the render budget (views._rows_to_render).
        self._known_count = getattr(view, "filtered_count", None)
        return super().paginate_queryset(queryset, request, view)

    def get_count(self, queryset: Any) -> int:
        known = self.__dict__.pop("_known_count", None)
        return int(known) if known is not None else int(super().get_count(queryset))

    def get_next_link(self) -> str | None:
        if self.limit is None:
            return None
        return super().get_next_link()

    def get_previous_link(self) -> str | None:
        if self.limit is None:
            return None
        return super().get_previous_link()

    def get_offset(self, request: Request) -> int:
        try:
            return max(0, int(request.query_params.get(self.offset_query_param, 0)))
        except (TypeError, ValueError):
            return 0
