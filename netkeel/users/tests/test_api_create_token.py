"""`netkeel-server create_token`: the key it prints works against the API, a given key is reused, and
every mistake is one sentence with exit status 1."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from netkeel.core.testing.api import APIClient, make_user
from netkeel.users.models import Token

pytestmark = pytest.mark.django_db

KEY = "0123456789abcdef0123456789abcdef01234567"


def create_token(*args: str) -> str:
    out = StringIO()
    call_command("create_token", *args, stdout=out)
    return out.getvalue().strip()


def test_prints_a_new_key_that_authenticates() -> None:
    make_user("admin", superuser=True)
    key = create_token("admin", "--description", "ci")
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    token = Token.objects.get(key=key)
    assert token.user.username == "admin" and token.write_enabled and token.description == "ci"
    client = APIClient(token=key)
    assert client.send("GET", "/api/tenancy/tenants/").status_code == 200
    assert client.send("POST", "/api/tenancy/tenants/", {"name": "t"}).status_code == 201
    assert create_token("admin") != key, "each run without --key makes a new token"


def test_a_read_only_token_cannot_write_through_the_api() -> None:
    make_user("admin", superuser=True)
    key = create_token("admin", "--read-only")
    assert not Token.objects.get(key=key).write_enabled
    client = APIClient(token=key)
    assert client.send("GET", "/api/tenancy/tenants/").status_code == 200
    refused = client.send("POST", "/api/tenancy/tenants/", {"name": "t"})
    assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
    assert client.send("POST", "/api/users/tokens/", {}).status_code == 403
    assert Token.objects.count() == 1


def test_a_given_key_is_reused_idempotently() -> None:
    make_user("admin", superuser=True)
    assert create_token("admin", "--key", KEY.upper(), "--description", "seeded") == KEY
    assert create_token("admin", "--key", KEY) == KEY
    token = Token.objects.get()
    assert token.key == KEY and token.write_enabled and token.description == "seeded"
    # The options describe the token: a later run may make it read-only, and back.
    assert create_token("admin", "--key", KEY, "--read-only") == KEY
    assert not Token.objects.get().write_enabled
    create_token("admin", "--key", KEY)
    assert Token.objects.get().write_enabled and Token.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody",), "There is no user 'nobody'"),
        (("admin", "--key", "xyz"), "40 hexadecimal characters"),
        (("admin", "--key", KEY + "0"), "40 hexadecimal characters"),
        (("admin", "--key", "g" * 40), "40 hexadecimal characters"),
        (("admin", "--key", "b" * 40), "belongs to another user"),
    ],
)
def test_mistakes_are_refused_and_change_nothing(args: tuple[str, ...], message: str) -> None:
    make_user("admin", superuser=True)
    make_user("other", token="b" * 40)
    with pytest.raises(CommandError, match=message):
        create_token(*args)
    assert list(Token.objects.values_list("key", flat=True)) == ["b" * 40]


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.mark.slow
def test_through_netkeel_server(netkeel_server: Run) -> None:
    """As an operator runs it: the key on stdout; a mistake is one line on stderr and exit status 1."""
    bad_key = netkeel_server("create_token", "admin", "--key", "xyz")
    assert bad_key.returncode == 1 and bad_key.stdout == ""
    assert "40 hexadecimal characters" in one_sentence(bad_key.stderr)

    assert netkeel_server("migrate", "--no-input", "-v", "0", timeout=300).returncode == 0
    unknown = netkeel_server("create_token", "nobody")
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert "There is no user 'nobody'" in one_sentence(unknown.stderr)

    assert netkeel_server("ensure_superuser").returncode == 0
    first = netkeel_server("create_token", "admin", "--key", KEY, "--read-only")
    again = netkeel_server("create_token", "admin", "--key", KEY, "--read-only")
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert first.stdout.strip() == again.stdout.strip() == KEY
    new = netkeel_server("create_token", "admin")
    assert new.returncode == 0 and re.fullmatch(r"[0-9a-f]{40}\n", new.stdout)


def one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {stderr!r}"
    assert "Traceback" not in stderr
    return lines[0]
