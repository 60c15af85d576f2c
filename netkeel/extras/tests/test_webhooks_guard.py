"""The SSRF guard and the template sandbox, without the database: which addresses and URLs are refused,
that a refusal happens before any connection, redirects, and template escape attempts.

No test reaches beyond this machine: hosts are IP literals, `localhost`, or names answered by a
replacement of the guard's own resolver (`ssrf.resolve_host`)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any

import pytest

from netkeel.extras.webhooks import ssrf
from netkeel.extras.webhooks.delivery import PreparedRequest, WebhookSpec, parse_headers, prepare, send
from netkeel.extras.webhooks.templating import TemplateFailure, render, template_context
from netkeel.extras.webhooks.testing import CONNECTIONS, running_receiver
from netkeel.extras.webhooks.validation import headers_problem, url_problem

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8")]


@pytest.fixture
def allow_loopback(settings: Any) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]


@pytest.fixture
def names(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[str]]]:
    """Host names the guard's resolver answers from this dict (never from DNS); calls are counted."""
    table: dict[str, list[str]] = {}
    calls: list[str] = []

    def resolve(hostname: str, port: int) -> list[Any]:
        calls.append(hostname)
        if hostname not in table:
            raise OSError(f"unknown test name {hostname}")
        return [ipaddress.ip_address(address) for address in table[hostname]]

    monkeypatch.setattr(ssrf, "resolve_host", resolve)
    table["__calls__"] = calls
    yield table


@pytest.mark.parametrize(
    ("address", "phrase"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "cloud metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("fc00::1", "private"),
        ("100.64.0.1", "CGNAT"),
        ("100.127.255.254", "CGNAT"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("239.1.2.3", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("198.18.0.1", "private"),
        ("192.0.2.1", "private"),
        ("::ffff:127.0.0.1", "IPv4-mapped form of a loopback"),
        ("::ffff:169.254.169.254", "IPv4-mapped form of the cloud metadata"),
        ("::ffff:10.0.0.1", "IPv4-mapped form of a private"),
        ("2002:a9fe:a9fe::1", "embedding the cloud metadata"),
        ("2002:0a00:0001::1", "embedding a private"),
        ("64:ff9b::a9fe:a9fe", "embedding the cloud metadata"),
    ],
)
def test_forbidden_addresses(address: str, phrase: str) -> None:
    reason = ssrf.forbidden_reason(ipaddress.ip_address(address))
    assert reason is not None and phrase in reason, (address, reason)


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "2002:5db8:d822::1"])
def test_public_addresses_pass(address: str) -> None:
    assert ssrf.forbidden_reason(ipaddress.ip_address(address)) is None


def test_allowed_networks_open_exactly_what_they_list() -> None:
    allowed = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("10.20.0.0/16")]
    assert ssrf.forbidden_reason(ipaddress.ip_address("127.0.0.1"), allowed) is None
    assert ssrf.forbidden_reason(ipaddress.ip_address("::ffff:127.0.0.1"), allowed) is None  # mapped form
    assert ssrf.forbidden_reason(ipaddress.ip_address("10.20.3.4"), allowed) is None
    assert ssrf.forbidden_reason(ipaddress.ip_address("10.21.0.1"), allowed) is not None
    assert ssrf.forbidden_reason(ipaddress.ip_address("::1"), allowed) is not None
    assert ssrf.forbidden_reason(ipaddress.ip_address("169.254.169.254"), allowed) is not None


@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("ftp://example.com/x", "scheme must be http or https"),
        ("file:///etc/passwd", "scheme must be http or https"),
        ("gopher://127.0.0.1:6379/_INFO", "scheme must be http or https"),
        ("//example.com/x", "scheme must be http or https"),
        ("http://user:secret@example.com/", "credentials"),
        ("http://user@example.com/", "credentials"),
        ("http:///path-only", "names no host"),
        ("http://example.com:99999/", "not valid"),
        ("http://example.com:0/", "port"),
        ("http://[::1/", "not valid"),
    ],
)
def test_url_forms_refused(url: str, phrase: str) -> None:
    with pytest.raises(ssrf.RefusedTarget, match=phrase):
        ssrf.vet_url(url, allowed=LOOPBACK)


def test_localhost_refused_unless_allowed() -> None:
    with pytest.raises(ssrf.RefusedTarget, match=r"localhost \((127\.0\.0\.1|::1)\) is a loopback address"):
        ssrf.vet_url("http://localhost:8080/hook", allowed=[])
    # Allowed only when every address it resolves to is allowed (it may resolve to ::1 as well).
    target = ssrf.vet_url("http://localhost:8080/hook?a=1", allowed=[*LOOPBACK, ipaddress.ip_network("::1/128")])
    assert target.hostname == "localhost" and target.port == 8080
    assert target.host_header == "localhost:8080" and target.path == "/hook?a=1"
    assert all(address.is_loopback for address in target.addresses)


def test_a_name_is_refused_if_any_of_its_addresses_is_forbidden(names: dict[str, list[str]]) -> None:
    names["mixed.test"] = ["93.184.216.34", "10.0.0.1"]
    names["metadata.test"] = ["169.254.169.254"]
    names["public.test"] = ["93.184.216.34", "2606:4700:4700::1111"]
    with pytest.raises(ssrf.RefusedTarget, match=r"mixed.test \(10.0.0.1\) is a private address"):
        ssrf.vet_url("https://mixed.test/", allowed=[])
    with pytest.raises(ssrf.RefusedTarget, match="metadata"):
        ssrf.vet_url("http://metadata.test/latest/meta-data/", allowed=[])
    target = ssrf.vet_url("https://PUBLIC.test./x", allowed=[])
    assert target.hostname == "public.test" and target.host_header == "public.test" and target.port == 443
    with pytest.raises(ssrf.RefusedTarget, match="could not be resolved"):
        ssrf.vet_url("http://nowhere.test/", allowed=[])


def test_literal_addresses_are_not_resolved(names: dict[str, list[str]]) -> None:
    with pytest.raises(ssrf.RefusedTarget, match="private"):
        ssrf.vet_url("http://10.0.0.1/", allowed=[])
    target = ssrf.vet_url("http://[2606:4700:4700::1111]:8443/", allowed=[])
    assert target.host_header == "[2606:4700:4700::1111]:8443"
    assert names["__calls__"] == []


def test_bad_allowed_networks_setting_is_a_clear_refusal(settings: Any) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8", "not-a-network"]
    with pytest.raises(ssrf.RefusedTarget, match="WEBHOOK_ALLOWED_NETWORKS holds 'not-a-network'"):
        ssrf.vet_url("http://127.0.0.1/")


# ------------------------------------------------------------------------------------------ no connection


def _request(url: str) -> PreparedRequest:
    return PreparedRequest("POST", url, {"Content-Type": "application/json"}, b"{}", frozenset())


@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://10.0.0.1/hook", "private"),
        ("http://[::1]:9/hook", "loopback"),
        ("http://[::ffff:169.254.169.254]/", "IPv4-mapped"),
        ("http://localhost:9/hook", "loopback"),
        ("ftp://127.0.0.1/hook", "scheme"),
        ("http://admin:pw@127.0.0.1:9/hook", "credentials"),
    ],
)
def test_refused_targets_are_never_connected_to(url: str, phrase: str, settings: Any) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with CONNECTIONS.record() as log:
        outcome = send(_request(url))
    assert not outcome.delivered and not outcome.retryable
    assert phrase in outcome.detail and outcome.detail.startswith("refused: ")
    assert log.addresses == [], f"the guard let a connection through: {log.addresses}"


def test_a_name_resolving_to_loopback_is_refused_unless_allowed(settings: Any, names: dict[str, list[str]]) -> None:
    names["sneaky.test"] = ["127.0.0.1"]
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with running_receiver() as receiver, CONNECTIONS.record() as log:
        outcome = send(_request(f"http://sneaky.test:{receiver.port}/hook"))
    assert "sneaky.test (127.0.0.1) is a loopback address" in outcome.detail
    assert log.addresses == [] and receiver.requests == []


def test_connects_to_the_vetted_address_with_the_original_host(
    allow_loopback: None, names: dict[str, list[str]]
) -> None:
    names["receiver.test"] = ["127.0.0.1"]
    with running_receiver() as receiver, CONNECTIONS.record() as log:
        outcome = send(_request(f"http://receiver.test:{receiver.port}/hook?x=1"))
    assert outcome.delivered, outcome
    [received] = receiver.requests
    assert received.headers["host"] == f"receiver.test:{receiver.port}" and received.path == "/hook?x=1"
    assert names["__calls__"] == ["receiver.test"]  # one lookup: the connection used its answer
    assert log.hosts() == ["127.0.0.1"]


def test_redirects_are_vetted_hop_by_hop(allow_loopback: None) -> None:
    for forbidden in ("http://10.0.0.1/next", "http://169.254.169.254/latest/", "http://[::1]/", "file:///etc/x"):
        with running_receiver() as receiver, CONNECTIONS.record() as log:
            receiver.replies = [(302, {"Location": forbidden})]
            outcome = send(_request(receiver.url))
        assert not outcome.delivered and not outcome.retryable
        assert outcome.detail.startswith("redirect to ") and "refused" in outcome.detail, outcome.detail
        assert len(receiver.requests) == 1
        assert log.hosts() == ["127.0.0.1"], log.addresses  # only the allowed receiver was contacted


def test_allowed_redirects_are_followed_up_to_three(allow_loopback: None) -> None:
    with running_receiver() as receiver:
        receiver.replies = [
            (307, {"Location": "/b"}),
            (308, {"Location": f"{receiver.url}/c"}),
            (303, {"Location": "/d"}),
        ]
        outcome = send(_request(receiver.url))
        assert outcome.delivered, outcome
        methods = [(r.method, r.path, r.body) for r in receiver.requests]
    assert methods == [("POST", "/hook", b"{}"), ("POST", "/b", b"{}"), ("POST", "/hook/c", b"{}"), ("GET", "/d", b"")]
    with running_receiver() as receiver:
        receiver.replies = [(302, {"Location": f"/r{n}"}) for n in range(4)]
        outcome = send(_request(receiver.url))
    assert outcome.detail == "more than 3 redirects" and len(receiver.requests) == 4


def test_additional_headers_do_not_follow_a_redirect_to_another_origin(allow_loopback: None) -> None:
    with running_receiver() as second, running_receiver() as first:
        first.replies = [(307, {"Location": second.url})]
        request = PreparedRequest(
            "POST",
            first.url,
            {"Content-Type": "application/json", "Authorization": "Bearer t"},
            b"{}",
            frozenset({"authorization"}),
        )
        assert send(request).delivered
    assert first.requests[0].headers["authorization"] == "Bearer t"
    assert "authorization" not in second.requests[0].headers
    assert second.requests[0].headers["content-type"] == "application/json"


def test_server_errors_are_retryable_client_errors_are_not(allow_loopback: None) -> None:
    with running_receiver() as receiver:
        receiver.replies = [(500, {}), (503, {}), (429, {}), (404, {}), (400, {})]
        outcomes = [send(_request(receiver.url)) for _ in range(5)]
    assert [(o.status, o.retryable) for o in outcomes] == [
        (500, True),
        (503, True),
        (429, True),
        (404, False),
        (400, False),
    ]
    assert outcomes[0].detail == "HTTP 500 ok"


def test_a_closed_port_is_a_retryable_connection_error(allow_loopback: None) -> None:
    with running_receiver() as receiver:
        url = receiver.url
    outcome = send(_request(url))
    assert not outcome.delivered and outcome.retryable and "Connection" in outcome.detail


# ------------------------------------------------------------------------------------------ templates


def _context() -> dict[str, Any]:
    return template_context({"event": "created", "model": "device", "data": {"name": "leaf1", "tenant": None}})


@pytest.mark.parametrize(
    "template",
    [
        "{{ settings }}",
        "{{ settings.SECRET_KEY }}",
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ data.__class__ }}",
        "{{ data.__class__.__base__.__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ joiner.__init__.__globals__.os }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ lipsum.__globals__ }}",
        "{{ range.__self__ }}",
        "{{ self.__init__.__globals__ }}",
        "{{ data.objects.all() }}",
        "{{ data.name.objects }}",
        "{{ model.objects.all() }}",
        "{{ data._meta }}",
        "{{ request.user }}",
        "{{ config }}",
        "{{ data.name | attr('__class__') }}",
        "{{ '{0.__class__}'.format(data) }}",
        "{% for c in ''.__class__.__mro__ %}{{ c }}{% endfor %}",
        "{{ data.update({'x': 1}) }}",
        "{{ 'x' * 100000000 }}",
        "{{ 9 ** 9999999 }}",
    ],
)
def test_template_escapes_fail_safely(template: str) -> None:
    with pytest.raises(TemplateFailure) as caught:
        render("body", template, _context())
    assert "the body template" in str(caught.value)


def test_the_context_holds_only_plain_json_values() -> None:
    class Leaky:
        objects = "manager"

    context = template_context({"data": {"when": Leaky(), "items": [1, "a", None, True, 1.5]}})
    assert context == {"data": {"when": str(context["data"]["when"]), "items": [1, "a", None, True, 1.5]}}
    assert isinstance(context["data"]["when"], str)
    assert render("body", "{{ data['items'] | tojson }}/{{ data.items | length }}", context).startswith("[1, ")


def test_templates_render_the_event() -> None:
    body = '{"name": {{ data.name | tojson }}, "tenant": {{ data.tenant | tojson }}, "e": "{{ event }}"}'
    assert render("body", body, _context()) == '{"name": "leaf1", "tenant": null, "e": "created"}'
    assert render("body", "{{ data.tenant.name if data.tenant }}|{{ nope | default('-') }}", _context()) == "|-"


def test_undefined_names_fail_the_delivery_with_the_name() -> None:
    with pytest.raises(TemplateFailure, match="'nmae' is undefined|has no attribute 'nmae'"):
        render("body", "{{ data.nmae }}", _context())


def test_prepare_renders_url_headers_and_body_and_signs() -> None:
    spec = WebhookSpec(
        id="1",
        name="w",
        content_type_ids=frozenset(),
        type_create=True,
        type_update=False,
        type_delete=False,
        payload_url="https://hooks.example.com/{{ model }}/{{ event }}",
        http_method="post",
        http_content_type="application/json",
        additional_headers="X-Device: {{ data.name }}\n\nX-Static: 1",
        body_template="",
        secret="s3cret",
        ssl_verification=True,
        ca_file_path="",
    )
    request = prepare(spec, {"event": "created", "model": "device", "data": {"name": "leaf1"}})
    assert request.url == "https://hooks.example.com/device/created" and request.method == "POST"
    assert request.headers["X-Device"] == "leaf1" and request.headers["X-Static"] == "1"
    import hashlib
    import hmac

    assert request.headers["X-Hook-Signature"] == hmac.new(b"s3cret", request.body, hashlib.sha512).hexdigest()
    assert request.body == b'{"event": "created", "model": "device", "data": {"name": "leaf1"}}'


def test_header_lines_are_checked() -> None:
    assert parse_headers("A: 1\nB-c: two words") == {"A": "1", "B-c": "two words"}
    for bad, phrase in [
        ("no colon", "not 'Name: value'"),
        ("Bad Name: x", "not 'Name: value'"),
        ("Host: evil", "may not set Host"),
        ("Content-Length: 1", "may not set"),
        ("X-Name: caf\u00e9 \u2603", "cannot carry"),
    ]:
        with pytest.raises(Exception, match=phrase):
            parse_headers(bad)


def test_save_time_checks() -> None:
    assert url_problem("https://hooks.example.com/x") is None
    assert url_problem("https://{{ data.name }}.example.com/x") is None
    assert "start with http" in (url_problem("{{ data.url }}") or "")
    assert "syntax" in (url_problem("https://x/{{ data.name ") or "")
    assert "credentials" in (url_problem("https://u:p@x/") or "")
    assert "scheme" in (url_problem("javascript:alert(1)") or "")
    assert url_problem("http://10.0.0.1/") is None  # addresses are judged at delivery (DNS changes)
    assert headers_problem("X-A: {{ data.name }}\n{% if data %}X-B: 1{% endif %}") is None
    assert "line 2" in (headers_problem("X-A: 1\nnot a header") or "")
    assert "syntax" in (headers_problem("X-A: {{ ") or "")


def test_a_missing_ca_file_is_a_clear_failure(tmp_path: Any) -> None:
    from netkeel.extras.webhooks.delivery import DeliveryProblem

    spec = WebhookSpec(
        id="1", name="w", content_type_ids=frozenset(), type_create=True, type_update=False, type_delete=False,
        payload_url="https://hooks.example.com/", http_method="POST", http_content_type="application/json",
        additional_headers="", body_template="", secret="", ssl_verification=True,
        ca_file_path=str(tmp_path / "missing.pem"),
    )  # fmt: skip
    with pytest.raises(DeliveryProblem, match="missing.pem' is not a readable file"):
        prepare(spec, {"event": "created"})


def test_ipv6_loopback_receives_when_allowed(settings: Any) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = ["::1/128"]
    try:
        server = running_receiver(host="::1")
        receiver = server.__enter__()
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    try:
        outcome = send(_request(f"http://[::1]:{receiver.port}/v6"))
    finally:
        server.__exit__(None, None, None)
    assert outcome.delivered, outcome
    assert receiver.requests[0].headers["host"] == f"[::1]:{receiver.port}"
