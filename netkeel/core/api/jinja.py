"""`POST /api/core/render-jinja-template/` (`{"template_code": …, "context": {…}}`): a Jinja2 template
rendered as Nautobot renders it for a client trying one out, answered with `rendered_template` and its
`rendered_template_lines`; a template that fails is a 400 `Failed to render Jinja template: <reason>`.

Rendered in Jinja2's sandbox (no attributes starting with `_`, no unsafe calls), and bounded so that no
request holds a worker: the template's length, the text it makes, the steps its code takes (loops
included, counted by a trace on the template's own frames) and the size of what `*` and `**` build.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from drf_spectacular.utils import extend_schema
from jinja2.sandbox import SandboxedEnvironment
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from netkeel.core.api.views import APIVersionMixin

MAX_TEMPLATE = 100_000  # characters of template code
MAX_OUTPUT = 1_000_000  # characters rendered
MAX_STEPS = 1_000_000  # lines of the compiled template run
MAX_BUILT = 100_000  # items or characters one `*` or `**` may make


class RenderJinjaError(exceptions.APIException):
    status_code = 400
    default_detail = "Failed to render Jinja template."


class RenderJinjaSerializer(serializers.Serializer):
    template_code = serializers.CharField(max_length=MAX_TEMPLATE)
    context = serializers.DictField(default=dict)  # type: ignore[assignment]  # the field, not Field.context
    rendered_template = serializers.CharField(read_only=True)
    rendered_template_lines = serializers.ListField(read_only=True, child=serializers.CharField())


class TooMuchWork(Exception):
    pass


class BoundedSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 100:
            raise TooMuchWork("an exponent above 100")
        if operator == "*":
            for size, times in ((left, right), (right, left)):
                if isinstance(size, str | list | tuple) and isinstance(times, int) and len(size) * times > MAX_BUILT:
                    raise TooMuchWork(f"a sequence of more than {MAX_BUILT} items")
        return super().call_binop(context, operator, left, right)


def _step_counter() -> Callable[[FrameType, str, Any], Any]:
    steps = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal steps
        if event == "line":
            steps += 1
            if steps > MAX_STEPS:
                raise TooMuchWork(f"more than {MAX_STEPS} steps")
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename == "<template>" else None

    return calls


def render(template_code: str, context: dict[str, Any]) -> str:
    """The template rendered in the bounded sandbox; raises for a template that fails or does too much."""
    template = BoundedSandbox().from_string(template_code)
    parts: list[str] = []
    made = 0
    previous = sys.gettrace()
    sys.settrace(_step_counter())
    try:
        for part in template.generate(**context):
            made += len(part)
            if made > MAX_OUTPUT:
                raise TooMuchWork(f"more than {MAX_OUTPUT} characters of output")
            parts.append(part)
    finally:
        sys.settrace(previous)
    return "".join(parts)


class RenderJinjaView(APIVersionMixin, APIView):
    permission_classes = [IsAuthenticated]

    def get_view_name(self) -> str:
        return "Render Jinja2 Template"

    @extend_schema(request=RenderJinjaSerializer, responses={200: RenderJinjaSerializer})
    def post(self, request: Request) -> Response:
        given = RenderJinjaSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        template_code = given.validated_data["template_code"]
        context = given.validated_data["context"]
        try:
            rendered = render(template_code, context)
        except Exception as exc:  # noqa: BLE001 - any failure of the template is the client's, said as a 400
            raise RenderJinjaError(f"Failed to render Jinja template: {exc}") from None
        return Response(
            {
                "rendered_template": rendered,
                "rendered_template_lines": rendered.split("\n"),
                "template_code": template_code,
                "context": context,
            }
        )
