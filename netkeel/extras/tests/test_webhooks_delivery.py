"""Webhooks end to end: a recorded change fires the matching webhooks after commit, and a real HTTP
receiver on 127.0.0.1 gets the signed event; rolled-back changes send nothing; template failures and
refused targets are logged and send nothing; retries with backoff in process, in the background thread
and on a real RQ queue (Redis db 12) run by a real RQ worker."""

from __future__ import annotations

import datetime
import json
import logging
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from netkeel.extras import events
from netkeel.extras.models import ObjectChange, Webhook
from netkeel.extras.tests.worker_processes import forget_queue, own_queue_name, run_burst_worker
from netkeel.extras.webhooks import dispatch, ssrf
from netkeel.extras.webhooks.matching import TABLE, on_change
from netkeel.extras.webhooks.testing import CONNECTIONS, Receiver, running_receiver
from netkeel.tenancy.models import Tenant

pytestmark = pytest.mark.django_db

REDIS_DB12 = "redis://127.0.0.1:6379/12"


@pytest.fixture(autouse=True)
def webhook_settings(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.WEBHOOK_DELIVER_INLINE = True
    settings.RQ_QUEUES = {}
    monkeypatch.setattr(dispatch, "RETRY_INTERVALS", (0, 0, 0))
    TABLE.invalidate()
    yield
    TABLE.invalidate()


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def logs() -> Iterator[Records]:
    """What `netkeel.webhooks` logs, whatever the logging configuration does with it."""
    logger = logging.getLogger("netkeel.webhooks")
    handler = Records()
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(previous)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver(secret="s3cret") as running:
        yield running


def make_webhook(url: str, **fields: Any) -> Webhook:
    types = fields.pop("content_types", ["tenancy.tenant"])
    defaults: dict[str, Any] = {
        "name": f"hook-{uuid.uuid4().hex[:8]}",
        "type_create": True,
        "type_update": True,
        "type_delete": True,
        "secret": "s3cret",
    }
    webhook = Webhook.objects.create(payload_url=url, **{**defaults, **fields})
    for label in types:
        app_label, model = label.split(".")
        webhook.content_types.add(ContentType.objects.get_by_natural_key(app_label, model))
    return webhook


def record(obj: Any, action: str, before: Any, after: Any, user_name: str = "alice") -> ObjectChange:
    """What the change log does for each write: an ObjectChange in the transaction, then publish()."""
    change = ObjectChange.objects.create(
        time=timezone.now(),
        user_name=user_name,
        request_id=uuid.uuid4(),
        change_context="api",
        action=action,
        changed_object_type=ContentType.objects.get_for_model(obj),
        changed_object_id=obj.pk,
        object_repr=str(obj),
        prechange_data=before,
        postchange_data=after,
    )
    events.publish(change)
    return change


def snapshot(tenant: Tenant) -> dict[str, Any]:
    return {"id": str(tenant.pk), "name": tenant.name, "description": tenant.description}


def test_create_update_delete_are_delivered_signed(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any], logs: Records
) -> None:
    make_webhook(receiver.url, additional_headers="X-Netkeel-Test: yes")
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            created = record(tenant, "create", None, snapshot(tenant))
        with transaction.atomic():
            after = {**snapshot(tenant), "description": "changed"}
            record(tenant, "update", snapshot(tenant), after)
        with transaction.atomic():
            record(tenant, "delete", after, None)
    requests = receiver.requests
    assert [json.loads(r.body)["event"] for r in requests] == ["created", "updated", "deleted"]
    for received in requests:
        assert received.method == "POST" and received.path == "/hook"
        assert received.signature_valid is True
        assert received.headers["content-type"] == "application/json"
        assert received.headers["x-netkeel-test"] == "yes"
        assert received.headers["host"] == f"127.0.0.1:{receiver.port}"
    first = json.loads(requests[0].body)
    assert set(first) == {"event", "timestamp", "model", "username", "request_id", "data", "snapshots"}
    assert first["model"] == "tenant" and first["username"] == "alice"
    assert first["request_id"] == str(created.request_id) and first["timestamp"] == created.time.isoformat()
    assert first["data"] == {"id": str(tenant.pk), "name": "acme", "description": ""}
    assert first["snapshots"]["prechange"] is None
    assert first["snapshots"]["differences"] == {"removed": None, "added": first["data"]}
    update = json.loads(requests[1].body)
    assert update["snapshots"]["differences"] == {"removed": {"description": ""}, "added": {"description": "changed"}}
    deleted = json.loads(requests[2].body)
    assert deleted["data"]["description"] == "changed" and deleted["snapshots"]["postchange"] is None
    delivered = [r.getMessage() for r in logs.records if "delivered" in r.getMessage()]
    assert len(delivered) == 3 and "HTTP 200" in delivered[0] and "attempt 1 of 4" in delivered[0]


def test_only_matching_enabled_webhooks_fire(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    make_webhook(f"{receiver.url}/updates", type_create=False, type_update=True, type_delete=False)
    make_webhook(f"{receiver.url}/devices", content_types=["dcim.device"])
    make_webhook(f"{receiver.url}/disabled", enabled=False)
    make_webhook(f"{receiver.url}/both", content_types=["dcim.device", "tenancy.tenant"])
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            record(tenant, "create", None, snapshot(tenant))
            record(tenant, "update", snapshot(tenant), snapshot(tenant))
    assert sorted(r.path for r in receiver.requests) == ["/hook/both", "/hook/both", "/hook/updates"]


def test_a_rolled_back_change_sends_nothing(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    make_webhook(receiver.url)
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            record(tenant, "create", None, snapshot(tenant))
            raise RuntimeError("the write fails after its change was recorded")
    assert callbacks == [] and receiver.requests == []


def test_templates_shape_the_request(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    make_webhook(
        f"http://127.0.0.1:{receiver.port}/{{{{ model }}}}/{{{{ event }}}}",
        http_method="PUT",
        http_content_type="text/plain",
        additional_headers="X-Object: {{ data.name }}\nX-User: {{ username }}",
        body_template="{{ username }} {{ event }} {{ data.name }} ({{ snapshots.differences.added | join(',') }})",
    )
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "create", None, snapshot(tenant))
    [received] = receiver.requests
    assert (received.method, received.path) == ("PUT", "/tenant/created")
    assert received.body == b"alice created acme (id,name,description)"
    assert received.headers["x-object"] == "acme" and received.headers["x-user"] == "alice"
    assert received.headers["content-type"] == "text/plain" and received.signature_valid is True


@pytest.mark.parametrize(
    "template",
    [
        "{{ settings }}",
        "{{ ''.__class__.__mro__ }}",
        "{{ data.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ data.objects.all() }}",
        "{{ data.tenant_group.objects }}",
    ],
)
def test_template_escapes_send_nothing_and_say_why(
    template: str,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Callable[..., Any],
    logs: Records,
) -> None:
    make_webhook(receiver.url, body_template=template)
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "create", None, snapshot(tenant))
    assert receiver.requests == []
    [line] = [r for r in logs.records if r.levelno == logging.ERROR]
    assert "not sent: the body template" in line.getMessage()
    assert Tenant.objects.filter(name="acme").exists()  # the originating write stands


def test_refused_targets_send_nothing_and_connect_nowhere(
    settings: Any, django_capture_on_commit_callbacks: Callable[..., Any], logs: Records
) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/hook",
        "http://[::1]/",
        "http://localhost/",
    ):
        make_webhook(url)
    tenant = Tenant.objects.create(name="acme")
    with CONNECTIONS.record() as log:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            record(tenant, "create", None, snapshot(tenant))
    assert log.addresses == []
    messages = sorted(r.getMessage() for r in logs.records if r.levelno == logging.ERROR)
    assert len(messages) == 4 and all("failed: refused: " in m for m in messages)
    assert any("cloud metadata" in m for m in messages) and any("10.0.0.1 is a private address" in m for m in messages)


def test_retries_with_backoff_in_process(
    receiver: Receiver,
    django_capture_on_commit_callbacks: Callable[..., Any],
    logs: Records,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waits: list[float] = []
    monkeypatch.setattr(dispatch, "RETRY_INTERVALS", (1, 2, 3))
    monkeypatch.setattr(dispatch.time, "sleep", waits.append)  # the backoff, observed instead of slept
    receiver.replies = [(500, {}), (502, {})]
    make_webhook(receiver.url)
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "create", None, snapshot(tenant))
    assert len(receiver.requests) == 3 and all(r.signature_valid for r in receiver.requests)
    assert waits == [1, 2]
    messages = [r.getMessage() for r in logs.records]
    assert "HTTP 500 ok [attempt 1 of 4]" in messages[0] and "HTTP 502 ok [attempt 2 of 4]" in messages[1]
    assert "delivered" in messages[2] and "attempt 3 of 4" in messages[2]


def test_without_redis_a_background_thread_delivers_and_retries(
    settings: Any, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    settings.WEBHOOK_DELIVER_INLINE = False
    receiver.replies = [(503, {})]
    make_webhook(receiver.url)
    tenant = Tenant.objects.create(name="acme")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "create", None, snapshot(tenant))
    assert time.monotonic() - started < 1  # the commit does not wait for the receiver
    requests = receiver.wait(2)
    assert len(requests) == 2 and all(r.signature_valid for r in requests)
    assert json.loads(requests[1].body)["event"] == "created"


@pytest.mark.django_db(transaction=True)
def test_bulk_changes_cost_no_query_per_change(receiver: Receiver, settings: Any) -> None:
    settings.WEBHOOK_DELIVER_INLINE = False
    settings.WEBHOOK_ALLOWED_NETWORKS = []  # the background deliveries are refused: nothing leaves
    make_webhook(receiver.url, content_types=["dcim.device"])  # matches none of the changes below
    tenants = [Tenant.objects.create(name=f"t{n}") for n in range(60)]
    inside, overall = [], []
    for size in (5, 60):
        changes = [
            ObjectChange(
                time=timezone.now(),
                action="create",
                changed_object_type=ContentType.objects.get_for_model(Tenant),
                changed_object_id=tenant.pk,
                object_repr=tenant.name,
                postchange_data=snapshot(tenant),
            )
            for tenant in tenants[:size]
        ]
        TABLE.invalidate()  # each batch loads the table at its commit
        with CaptureQueriesContext(connection) as whole:
            with transaction.atomic():
                ObjectChange.objects.bulk_create(changes)
                with CaptureQueriesContext(connection) as queries:
                    for change in changes:
                        on_change(change)  # this feature's subscriber alone (others may subscribe too)
                inside.append(len(queries))
        # At commit: at most the table's fingerprint, the webhooks and their content types, whatever the size.
        overall.append(sum("extras_webhook" in query["sql"] for query in whole.captured_queries))
    assert inside == [0, 0], inside
    assert 2 <= min(overall) and max(overall) <= 3, overall


def test_a_webhook_edit_is_seen_at_once(
    receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    webhook = make_webhook(f"{receiver.url}/old")
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "create", None, snapshot(tenant))
    webhook.payload_url = f"{receiver.url}/new"
    webhook.save()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "update", snapshot(tenant), snapshot(tenant))
    webhook.content_types.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "update", snapshot(tenant), snapshot(tenant))
    assert [r.path for r in receiver.requests] == ["/hook/old", "/hook/new"]


# ------------------------------------------------------------------------------------------ TLS


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for receiver.test (openssl), its file doubling as the CA file."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=receiver.test",
         "-addext", "subjectAltName=DNS:receiver.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_https_checks_the_certificate_against_the_url_host(
    certificate: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
    logs: Records,
) -> None:
    import ipaddress

    names = {"receiver.test": "127.0.0.1", "impostor.test": "127.0.0.1"}
    monkeypatch.setattr(ssrf, "resolve_host", lambda host, port: [ipaddress.ip_address(names[host])])
    with running_receiver(secret="s3cret", certificate=certificate) as tls:
        make_webhook(f"https://receiver.test:{tls.port}/ok", ca_file_path=certificate[0])
        make_webhook(f"https://impostor.test:{tls.port}/wrong-name", ca_file_path=certificate[0])
        make_webhook(f"https://receiver.test:{tls.port}/unknown-ca")  # the system's CAs do not know it
        make_webhook(f"https://impostor.test:{tls.port}/unverified", ssl_verification=False)
        tenant = Tenant.objects.create(name="acme")
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            record(tenant, "create", None, snapshot(tenant))
        paths = sorted(r.path for r in tls.requests)
        assert paths == ["/ok", "/unverified"]
        ok = next(r for r in tls.requests if r.path == "/ok")
        assert ok.headers["host"] == f"receiver.test:{tls.port}" and ok.signature_valid
    failures = [r.getMessage() for r in logs.records if r.levelno == logging.ERROR]
    assert len(failures) == 2 and all("TLS error" in m for m in failures)
    # A certificate that does not verify is not retried (one attempt each).
    assert all("attempt 1 of 4" in m for m in failures)


# ------------------------------------------------------------------------------------------ RQ (Redis db 12)


@pytest.fixture
def rq_queue(settings: Any, require_service: Callable[[str], None]) -> Iterator[Any]:
    """The webhooks queue under a name of this test's own (other runs may share Redis db 12 meanwhile:
    nothing is flushed, only this queue's keys and jobs are removed afterwards)."""
    require_service("redis")
    import django_rq

    name = own_queue_name("webhooks")
    settings.WEBHOOKS_QUEUE = name
    settings.WEBHOOK_DELIVER_INLINE = False
    settings.RQ_QUEUES = {name: {"URL": REDIS_DB12, "DEFAULT_TIMEOUT": 300}}
    queue = django_rq.get_queue(name)
    yield queue
    forget_queue(queue.connection, name)


def test_on_redis_a_worker_delivers(
    rq_queue: Any, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    make_webhook(receiver.url)
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "create", None, snapshot(tenant))
    assert receiver.requests == [] and rq_queue.count == 1  # queued, not sent by the web process
    [job] = rq_queue.get_jobs()
    assert "s3cret" not in str(job.args) and job.retries_left == 3 and job.retry_intervals == [0, 0, 0]
    run_burst_worker(rq_queue)
    [received] = receiver.requests
    assert received.signature_valid and json.loads(received.body)["event"] == "created"
    assert job.get_status(refresh=True) == "finished" and job.return_value() == "HTTP 200"


def test_on_redis_a_500_is_retried_after_its_backoff(
    rq_queue: Any,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rq.registry import ScheduledJobRegistry

    monkeypatch.setattr(dispatch, "RETRY_INTERVALS", (1, 1, 1))
    receiver.replies = [(500, {})]
    make_webhook(receiver.url)
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "create", None, snapshot(tenant))
    [job] = rq_queue.get_jobs()
    before = timezone.now()
    run_burst_worker(rq_queue)
    assert len(receiver.requests) == 1
    registry = ScheduledJobRegistry(queue=rq_queue)
    assert registry.get_job_ids() == [job.id] and job.get_status(refresh=True) == "scheduled"
    due = registry.get_scheduled_time(job)
    # Scheduled one interval (1 s) after the failed attempt: compared with the attempt, not with the clock
    # now, which a loaded machine may already have carried past it.
    assert before < due <= timezone.now() + datetime.timedelta(seconds=1.5), (before, due)
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.1)
    run_burst_worker(rq_queue, scheduler=True)  # due: moved back to the queue and run
    assert len(receiver.requests) == 2 and all(r.signature_valid for r in receiver.requests)
    job.refresh()
    assert job.get_status() == "finished" and job.retries_left == 2


def test_on_redis_a_refused_delivery_fails_at_once(
    settings: Any, rq_queue: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    make_webhook("http://169.254.169.254/latest/meta-data/")
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "create", None, snapshot(tenant))
    [job] = rq_queue.get_jobs()
    with CONNECTIONS.record() as log:
        run_burst_worker(rq_queue)
    assert not any(host == "169.254.169.254" for host in log.hosts())
    job.refresh()
    assert job.get_status() == "failed" and "cloud metadata" in (job.latest_result().exc_string or "")
    assert rq_queue.count == 0 and rq_queue.scheduled_job_registry.count == 0


def test_a_deleted_webhook_sends_nothing_from_the_queue(
    rq_queue: Any, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    webhook = make_webhook(receiver.url)
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "create", None, snapshot(tenant))
    webhook.delete()
    run_burst_worker(rq_queue)
    assert receiver.requests == []


def test_redis_down_at_commit_falls_back_to_the_thread(
    settings: Any, receiver: Receiver, django_capture_on_commit_callbacks: Callable[..., Any], logs: Records
) -> None:
    settings.WEBHOOK_DELIVER_INLINE = False
    settings.RQ_QUEUES = {"webhooks": {"URL": "redis://127.0.0.1:1/12", "DEFAULT_TIMEOUT": 300}}
    make_webhook(receiver.url)
    tenant = Tenant.objects.create(name="acme")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record(tenant, "create", None, snapshot(tenant))
    assert len(receiver.wait(1)) == 1
    assert any("could not queue the delivery on Redis" in r.getMessage() for r in logs.records)


def test_the_receiver_helper_checks_signatures(tmp_path: Path) -> None:
    from netkeel.extras.webhooks.delivery import PreparedRequest, send

    with running_receiver(secret="right") as running:
        request = PreparedRequest("POST", running.url, {"X-Hook-Signature": "0" * 128}, b"{}", frozenset())
        assert send(request).delivered
    assert running.requests[0].signature_valid is False
