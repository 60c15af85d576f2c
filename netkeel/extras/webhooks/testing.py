"""Test helpers for webhooks: a real HTTP(S) receiver on 127.0.0.1 that checks signatures, and a record
of every outgoing connection the process attempts (from Python's `socket.connect` audit event), so that
tests can prove the SSRF guard refused before connecting."""

from __future__ import annotations

import hashlib
import hmac
import socket
import ssl
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    signature_valid: bool | None  # None when no signature was sent


@dataclass
class Receiver:
    """Answers each request with the next scripted reply (status, headers), then 200."""

    secret: str = ""
    replies: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def wait(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Block until `count` requests arrived (or the timeout), then return them."""
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.requests)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            signature = self.headers.get("X-Hook-Signature")
            valid = None
            if signature is not None:
                expected = hmac.new(receiver.secret.encode(), body, hashlib.sha512).hexdigest()
                valid = hmac.compare_digest(expected, signature)
            receiver.requests.append(
                Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body, valid)
            )
            status, headers = receiver.replies.pop(0) if receiver.replies else (200, {})
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            return

    return Handler


class _V6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


@contextmanager
def running_receiver(
    secret: str = "", certificate: tuple[str, str] | None = None, host: str = "127.0.0.1"
) -> Iterator[Receiver]:
    """A receiver serving on `host` (a free port) for the duration of the block; HTTPS with a
    (certificate file, key file) pair."""
    receiver = Receiver(secret=secret)
    server_class = _V6Server if ":" in host else ThreadingHTTPServer
    server = server_class((host, 0), _handler(receiver))
    if certificate is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*certificate)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class ConnectionLog:
    """Every address this process tries to connect a socket to, while recording."""

    def __init__(self) -> None:
        self.addresses: list[Any] = []
        self.recording = False

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if self.recording and event == "socket.connect" and len(args) >= 2:
            self.addresses.append(args[1])

    def hosts(self) -> list[str]:
        return [str(address[0]) for address in self.addresses if isinstance(address, tuple)]

    @contextmanager
    def record(self) -> Iterator[ConnectionLog]:
        self.addresses.clear()
        self.recording = True
        try:
            yield self
        finally:
            self.recording = False


CONNECTIONS = ConnectionLog()
sys.addaudithook(CONNECTIONS.hook)  # audit hooks cannot be removed; this one only appends while recording
