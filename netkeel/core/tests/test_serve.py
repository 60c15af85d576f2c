"""The whole path a newcomer takes: init, migrate, collectstatic, a superuser, then a real gunicorn server."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.slow

Run = Callable[..., subprocess.CompletedProcess[str]]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(netkeel_server: Run, clean_env: dict[str, str]) -> Iterator[tuple[str, str, subprocess.Popen[str]]]:
    for args in (("init",), ("migrate", "--no-input"), ("collectstatic", "--no-input", "--verbosity", "0")):
        result = netkeel_server(*args)
        assert result.returncode == 0, result.stderr
    made = netkeel_server("ensure_superuser")
    password = re.search(r"with password (\S+) ", made.stdout).group(1)  # type: ignore[union-attr]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "netkeel", "start", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=clean_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/health/", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.2)
        yield base, password, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_served_health_login_and_static(served: tuple[str, str, subprocess.Popen[str]]) -> None:
    base, password, server = served
    with urllib.request.urlopen(f"{base}/health/", timeout=5) as response:
        assert response.status == 200
        assert b'"status": "ok"' in response.read()

    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/login/", timeout=5) as response:
        html = response.read().decode()
    assert response.status == 200 and 'name="password"' in html
    stylesheet = re.search(r'href="(/static/netkeel/netkeel\.[0-9a-f]+\.css)"', html)
    assert stylesheet, "the stylesheet is served under its hashed name"
    with opener.open(base + stylesheet.group(1), timeout=5) as response:
        assert response.status == 200
        assert "max-age" in response.headers["Cache-Control"]

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    form = urlencode({"username": "admin", "password": password, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(f"{base}/login/", data=form, headers={"Referer": f"{base}/login/"})
    with opener.open(request, timeout=5) as response:
        assert response.status == 200
        assert "Welcome, admin" in response.read().decode()

    # The access log has the requests that tell an operator something, not one line per stylesheet.
    server.terminate()
    log = server.communicate(timeout=30)[0]
    assert '"GET /health/ HTTP/1.1" 200' in log and '"POST /login/ HTTP/1.1"' in log
    assert "/static/" not in log


def test_start_refuses_an_unmigrated_database(netkeel_server: Run) -> None:
    result = netkeel_server("start", "--bind", f"127.0.0.1:{_free_port()}")
    assert result.returncode == 1
    assert "unapplied migration" in result.stderr
    assert "Traceback" not in result.stderr
