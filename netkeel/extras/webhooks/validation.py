"""Checks of a webhook's templates when it is saved. Only what cannot change later is judged here (syntax,
the URL's form); the URL's addresses are vetted at each delivery, since DNS answers change."""

from __future__ import annotations

import re

from netkeel.extras.webhooks import ssrf
from netkeel.extras.webhooks.delivery import DeliveryProblem, parse_headers
from netkeel.extras.webhooks.templating import has_template_markup, syntax_error

_SCHEME_PREFIX = re.compile(r"^\s*https?://", re.IGNORECASE)


def url_problem(url: str) -> str | None:
    """Why the payload URL cannot be used, or None."""
    if not url.strip():
        return "Give the URL to send the webhook to."
    if has_template_markup(url):
        problem = syntax_error(url)
        if problem:
            return problem
        if not _SCHEME_PREFIX.match(url):
            return "A templated URL must still start with http:// or https://."
        return None
    try:
        ssrf.split_url(url)
    except ssrf.RefusedTarget as exc:
        text = str(exc)
        return text[0].upper() + text[1:] + "."
    return None


def headers_problem(text: str) -> str | None:
    """Why the additional headers template cannot be used, or None. Lines holding template markup are
    judged after rendering, at delivery."""
    problem = syntax_error(text)
    if problem:
        return problem
    plain = "\n".join("" if has_template_markup(line) else line for line in text.splitlines())
    try:
        parse_headers(plain)
    except DeliveryProblem as exc:
        message = str(exc)
        return message[0].upper() + message[1:] + "."
    return None


def template_problem(text: str) -> str | None:
    return syntax_error(text)
