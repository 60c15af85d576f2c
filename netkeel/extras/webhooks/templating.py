"""Webhook templates (payload URL, additional headers, body) in a sandboxed Jinja2 environment.

The sandbox (`ImmutableSandboxedEnvironment`) refuses attributes starting with an underscore (so
`''.__class__.__mro__`, `cycler.__init__.__globals__` lead nowhere) and methods that modify containers.
On top of it:
- the context is ONLY the event, passed through a JSON round trip: dicts, lists, strings, numbers,
  booleans and None — no model instance, manager, callable or setting can be reached from it;
- the environment's globals (`range`, `cycler`, `joiner`, `namespace`, `lipsum`, `dict`) are removed;
- repetition (`'x' * n`) and powers are bounded, and the output is capped, so a template cannot eat
  the worker's memory;
- `StrictUndefined`: a name the event does not have (`{{ data.nmae }}`) is an error that fails the
  delivery with a log line naming it, rather than an empty string silently sent to another system.
  (ChainableUndefined would quietly render `{{ data.tenant.name }}` as "" for a missing tenant; with
  StrictUndefined the author writes `{{ data.tenant.name if data.tenant }}` or `| default("")` and
  says what they mean.) Forbidden attributes (`__class__`) fail the same way, as a SecurityError.
- autoescape is off: bodies are JSON or plain text, not HTML (`| tojson` quotes values for JSON).
"""

from __future__ import annotations

import json
import operator
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_OUTPUT = 1024 * 1024  # characters a rendered template may produce
MAX_EXPONENT = 256


class TemplateFailure(Exception):
    """A template could not be rendered; the message names the template and the reason."""


class WebhookSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def getattr(self, obj: Any, attribute: str) -> Any:
        # The event's keys before dict methods: `data.items` is the object's "items" field when it has one.
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"an exponent above {MAX_EXPONENT} is not allowed in a webhook template")
            return operator.pow(left, right)
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, str | list | tuple) and isinstance(count, int):
                if len(sequence) * count > MAX_OUTPUT:
                    raise SecurityError("a repetition this large is not allowed in a webhook template")
        return operator.mul(left, right)


def _environment() -> WebhookSandbox:
    environment = WebhookSandbox(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)
    environment.globals.clear()
    return environment


ENVIRONMENT = _environment()


def template_context(event: dict[str, Any]) -> dict[str, Any]:
    """The event as plain JSON values, a fresh copy each time (templates cannot change what others see)."""
    plain = json.loads(json.dumps(event, default=str))
    if not isinstance(plain, dict):
        raise TypeError("a webhook event is a JSON object")
    return plain


def has_template_markup(text: str) -> bool:
    return any(mark in text for mark in ("{{", "{%", "{#"))


def syntax_error(text: str) -> str | None:
    """Why the template cannot be compiled (with the line), or None when it can."""
    try:
        ENVIRONMENT.parse(text)
    except TemplateSyntaxError as exc:
        return f"Template syntax error on line {exc.lineno}: {exc.message}"
    return None


def render(label: str, text: str, context: dict[str, Any]) -> str:
    """`text` rendered over the (already plain) context; `TemplateFailure` says what went wrong."""
    try:
        output = ENVIRONMENT.from_string(text).render(context)
    except SecurityError as exc:
        raise TemplateFailure(f"the {label} template tried something the sandbox forbids: {exc}") from None
    except TemplateSyntaxError as exc:
        raise TemplateFailure(f"the {label} template has a syntax error on line {exc.lineno}: {exc.message}") from None
    except Exception as exc:  # noqa: BLE001 - whatever a user's template raises is that template's failure
        raise TemplateFailure(f"the {label} template failed: {type(exc).__name__}: {exc}") from None
    if len(output) > MAX_OUTPUT:
        raise TemplateFailure(f"the {label} template produced more than {MAX_OUTPUT} characters")
    return output
