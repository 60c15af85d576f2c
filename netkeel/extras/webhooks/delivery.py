"""One delivery attempt of a webhook: render its templates over the event, sign the body, pass every URL
(the first and each redirect) through the SSRF guard, and send the request to the vetted address itself.

- Connection: to the vetted IP, never to the name (no second DNS lookup: DNS rebinding cannot steer it),
  with the URL's Host header and, for https, SNI and certificate checks against the URL's host name
  (`ssl_verification`, `ca_file_path`). Timeouts: 5 s to connect, 10 s to read.
- Redirects are not followed by the HTTP library: up to 3 are followed here, each target vetted like the
  first; a 303 (or a 301/302 answering a POST) becomes a GET without body, as browsers do; a redirect to
  another origin drops the additional headers (they may carry credentials meant for the first host).
- Signature: with a secret, `X-Hook-Signature: <hex HMAC-SHA512 of the exact body bytes>`.
- Each outcome is logged on `netkeel.webhooks`; `Outcome.retryable` tells the caller whether trying again
  later can help (connection errors, timeouts, 408/425/429/5xx) or not (refused target, template error,
  other 4xx, TLS verification failure).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import ssl
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NewConnectionError, SSLError
from urllib3.util.ssl_match_hostname import CertificateError as HostnameMismatch

from netkeel.extras.webhooks import ssrf
from netkeel.extras.webhooks.templating import TemplateFailure, has_template_markup, render, template_context

if TYPE_CHECKING:
    from netkeel.extras.models import Webhook

logger = logging.getLogger("netkeel.webhooks")

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
MAX_REDIRECTS = 3
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRYABLE_STATUSES = frozenset({408, 425, 429})
SIGNATURE_HEADER = "X-Hook-Signature"
# Headers the request itself decides; additional_headers may not set them.
RESERVED_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection"})
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_HEADER_VALUE = re.compile(r"^[^\x00-\x08\x0a-\x1f\x7f]*$")


@dataclass(frozen=True)
class WebhookSpec:
    """What a delivery needs of a webhook, detached from the database (threads and jobs carry it)."""

    id: str
    name: str
    content_type_ids: frozenset[int]
    type_create: bool
    type_update: bool
    type_delete: bool
    payload_url: str
    http_method: str
    http_content_type: str
    additional_headers: str
    body_template: str
    secret: str
    ssl_verification: bool
    ca_file_path: str

    @classmethod
    def from_model(cls, webhook: Webhook, content_type_ids: frozenset[int] | None = None) -> WebhookSpec:
        if content_type_ids is None:
            content_type_ids = frozenset(webhook.content_types.values_list("pk", flat=True))
        return cls(
            id=str(webhook.pk),
            name=webhook.name,
            content_type_ids=content_type_ids,
            type_create=webhook.type_create,
            type_update=webhook.type_update,
            type_delete=webhook.type_delete,
            payload_url=webhook.payload_url,
            http_method=webhook.http_method,
            http_content_type=webhook.http_content_type,
            additional_headers=webhook.additional_headers,
            body_template=webhook.body_template,
            secret=webhook.secret,
            ssl_verification=webhook.ssl_verification,
            ca_file_path=webhook.ca_file_path,
        )

    def wants(self, content_type_id: int, action: str) -> bool:
        wanted = {"create": self.type_create, "update": self.type_update, "delete": self.type_delete}
        return content_type_id in self.content_type_ids and wanted.get(action, False)


@dataclass(frozen=True)
class PreparedRequest:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes
    extra_header_names: frozenset[str]  # from additional_headers: dropped on a redirect to another origin


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    retryable: bool
    detail: str  # "HTTP 200" or why not
    status: int | None = None


class DeliveryProblem(Exception):
    """The webhook's own configuration prevents this delivery (not worth retrying)."""


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha512).hexdigest()


def parse_headers(text: str) -> dict[str, str]:
    """`Name: value` per line (blank lines ignored) as a dict; `DeliveryProblem` on a malformed line."""
    headers: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, separator, value = line.partition(":")
        name, value = name.strip(), value.strip()
        if not separator or not _HEADER_NAME.match(name):
            raise DeliveryProblem(f"additional_headers line {number} is not 'Name: value'")
        if not _HEADER_VALUE.match(value):
            raise DeliveryProblem(f"additional_headers line {number} has a control character in its value")
        if name.lower() in RESERVED_HEADERS:
            raise DeliveryProblem(f"additional_headers may not set {name} (line {number})")
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            problem = f"additional_headers line {number} has characters HTTP headers cannot carry"
            raise DeliveryProblem(problem) from None
        headers[name] = value
    return headers


def prepare(spec: WebhookSpec, event: dict[str, Any]) -> PreparedRequest:
    """The request for this event: templates rendered, body signed. Raises TemplateFailure/DeliveryProblem."""
    context = template_context(event)
    url = spec.payload_url
    if has_template_markup(url):
        url = render("payload_url", url, context).strip()
    extra = parse_headers(render("additional_headers", spec.additional_headers, context))
    if spec.body_template.strip():
        body = render("body", spec.body_template, context).encode("utf-8")
    else:
        body = json.dumps(context).encode("utf-8")
    if spec.ssl_verification and spec.ca_file_path and not os.path.isfile(spec.ca_file_path):
        raise DeliveryProblem(f"ca_file_path {spec.ca_file_path!r} is not a readable file on this machine")
    headers = {"Content-Type": spec.http_content_type or "application/json", **extra}
    if spec.secret:
        headers[SIGNATURE_HEADER] = sign(spec.secret, body)
    return PreparedRequest(spec.http_method.upper(), url, headers, body, frozenset(name.lower() for name in extra))


def deliver(spec: WebhookSpec, event: dict[str, Any], attempt: str = "") -> Outcome:
    """Render, vet and send; log the outcome; never raises for anything the webhook or receiver did."""
    what = f"webhook {spec.name!r} ({event.get('model')} {event.get('event')})"
    suffix = f" [{attempt}]" if attempt else ""
    try:
        request = prepare(spec, event)
    except (TemplateFailure, DeliveryProblem) as exc:
        logger.error("%s not sent: %s%s", what, exc, suffix)
        return Outcome(False, False, str(exc))
    started = time.monotonic()
    outcome = send(request, verify=spec.ssl_verification, ca_file=spec.ca_file_path or None)
    elapsed = time.monotonic() - started
    if outcome.delivered:
        logger.info("%s delivered to %s: %s in %.2f s%s", what, shown(request.url), outcome.detail, elapsed, suffix)
    elif outcome.retryable:
        logger.warning("%s to %s failed: %s%s", what, shown(request.url), outcome.detail, suffix)
    else:
        logger.error("%s to %s failed: %s%s", what, shown(request.url), outcome.detail, suffix)
    return outcome


def send(request: PreparedRequest, *, verify: bool = True, ca_file: str | None = None) -> Outcome:
    """Send through the guard, following at most MAX_REDIRECTS vetted redirects."""
    method, url, body = request.method, request.url, request.body
    headers = dict(request.headers)
    for hop in range(MAX_REDIRECTS + 1):
        try:
            target = ssrf.vet_url(url)
        except ssrf.RefusedTarget as exc:
            prefix = f"redirect to {shown(url)} refused: " if hop else "refused: "
            return Outcome(False, False, prefix + str(exc))
        try:
            status, location, excerpt = _exchange(target, method, headers, body, verify, ca_file)
        except SSLError as exc:
            # A certificate that does not verify will not verify in ten minutes either.
            retryable = not _certificate_failure(exc)
            return Outcome(False, retryable, f"TLS error with {target.hostname}: {exc}")
        except (Urllib3Error, OSError) as exc:
            return Outcome(False, True, f"{type(exc).__name__}: {exc}")
        if status in REDIRECT_STATUSES and location:
            if hop == MAX_REDIRECTS:
                return Outcome(False, False, f"more than {MAX_REDIRECTS} redirects", status)
            next_url = urljoin(url, location)
            if status == 303 or (status in (301, 302) and method == "POST"):
                method, body = ("GET" if method != "HEAD" else method), b""
                headers = {k: v for k, v in headers.items() if k.lower() not in ("content-type", "x-hook-signature")}
            if _origin(next_url) != _origin(url):
                headers = {k: v for k, v in headers.items() if k.lower() not in request.extra_header_names}
            url = next_url
            continue
        detail = f"HTTP {status}" + (f" {excerpt}" if excerpt and not 200 <= status < 300 else "")
        if 200 <= status < 300:
            return Outcome(True, False, detail, status)
        return Outcome(False, status >= 500 or status in RETRYABLE_STATUSES, detail, status)
    raise AssertionError("unreachable")  # the loop returns on its last hop


def _exchange(
    target: ssrf.Target, method: str, headers: dict[str, str], body: bytes, verify: bool, ca_file: str | None
) -> tuple[int, str | None, str]:
    """One request to the first vetted address that accepts a connection: (status, Location, excerpt)."""
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
    last_error: Exception | None = None
    for address in target.addresses:
        pool = _pool(target, str(address), verify, ca_file, timeout)
        try:
            response = pool.urlopen(
                method,
                target.path,
                body=body or None,
                headers={**headers, "Host": target.host_header},
                redirect=False,
                retries=False,
                assert_same_host=False,
                preload_content=False,
                timeout=timeout,
            )
            try:
                excerpt = response.read(300, decode_content=False).decode("utf-8", "replace").strip()
            finally:
                response.release_conn()
            return response.status, response.headers.get("Location"), " ".join(excerpt.split())[:200]
        except NewConnectionError as exc:  # this address does not answer: try the next vetted one
            last_error = exc
        finally:
            pool.close()
    assert last_error is not None
    raise last_error


def _pool(
    target: ssrf.Target, address: str, verify: bool, ca_file: str | None, timeout: urllib3.Timeout
) -> urllib3.HTTPConnectionPool:
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            target.port,
            timeout=timeout,
            maxsize=1,
            retries=False,
            cert_reqs="CERT_REQUIRED" if verify else "CERT_NONE",
            ca_certs=ca_file if verify else None,
            assert_hostname=target.hostname if verify else False,
            server_hostname=target.hostname,
        )
    return urllib3.HTTPConnectionPool(address, target.port, timeout=timeout, maxsize=1, retries=False)


def _certificate_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        current = stack.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError | HostnameMismatch):
            return True
        stack.extend([current.__cause__, current.__context__, *current.args])
    return False


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or ssrf.DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port


def shown(url: str) -> str:
    """A URL for the log: no credentials, no query string (either may hold a token)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<invalid URL>"
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}{port}{parts.path}"
