"""`ChangeContextMiddleware`: each request's changes are recorded as made through the API (paths under
/api/) or the web UI, under a fresh request id that the response returns as `X-Request-ID`. The user is
read from the request when a change is recorded, so token authentication (done by the API view, after
this middleware) is seen."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from netkeel.extras.changelog import change_context
from netkeel.extras.choices import ObjectChangeEventContextChoices

REQUEST_ID_HEADER = "X-Request-ID"


class ChangeContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4()
        api = request.path_info == "/api" or request.path_info.startswith("/api/")
        context = ObjectChangeEventContextChoices.API if api else ObjectChangeEventContextChoices.WEB
        with change_context(context, detail=request.path, request_id=request_id, request=request):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = str(request_id)
        return response
