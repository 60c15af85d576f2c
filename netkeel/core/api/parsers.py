"""Request bodies the API reads (JSON, form, multipart), refused with a 400 before any view sees them
when they hold what no field can take: a NUL character anywhere (named by its path: `status`,
`custom_fields.note`, `0.name` in a bulk list), or JSON nested deeper than `inputs.MAX_NESTING` levels
(Python's parser would otherwise end in a RecursionError, a 500)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, parsers

from netkeel.core import inputs


def checked(data: Any) -> Any:
    """`data` as parsed, or a 400 naming every path that holds a NUL character."""
    if hasattr(data, "lists"):  # a form's QueryDict: each key with all its values
        paths = [key for key, values in data.lists() if list(inputs.nul_paths([key, *values]))]
    else:
        paths = list(inputs.nul_paths(data))
    if paths:
        raise exceptions.ValidationError({path or "non_field_errors": [inputs.NUL_MESSAGE] for path in paths})
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
            deep = inputs.too_deep(data)
        except RecursionError:
            deep = True
        if deep:
            raise exceptions.ParseError(f"JSON parse error - nested more than {inputs.MAX_NESTING} levels deep.")
        return checked(data)


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return checked(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        checked(parsed.data)
        return parsed
