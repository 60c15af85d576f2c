from __future__ import annotations

import re
import uuid
from io import StringIO

import pytest
from django.core.management import call_command

from netkeel.users.models import User

pytestmark = pytest.mark.django_db


def test_generated_password_is_printed_once_and_works() -> None:
    out = StringIO()
    call_command("ensure_superuser", stdout=out)
    match = re.search(r"with password (\S+) ", out.getvalue())
    assert match
    admin = User.objects.get(username="admin")
    assert isinstance(admin.pk, uuid.UUID)
    assert admin.is_superuser and admin.is_staff and admin.check_password(match.group(1))

    again = StringIO()
    call_command("ensure_superuser", stdout=again)
    assert "--new-password" in again.getvalue()
    assert match.group(1) not in again.getvalue()
    assert User.objects.count() == 1


def test_password_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETKEEL_SUPERUSER_PASSWORD", "from-the-env-123")
    out = StringIO()
    call_command("ensure_superuser", "--username", "root2", stdout=out)
    assert "from-the-env-123" not in out.getvalue()
    assert User.objects.get(username="root2").check_password("from-the-env-123")


def test_a_new_password_for_the_one_who_lost_the_first() -> None:
    """`make run` prints the generated password once; `--new-password` is the documented way to get another."""
    call_command("ensure_superuser", stdout=StringIO())
    out = StringIO()
    call_command("ensure_superuser", "--new-password", stdout=out)
    match = re.search(r"Set a new password for 'admin' with password (\S+) ", out.getvalue())
    assert match
    assert User.objects.get(username="admin").check_password(match.group(1))
    assert User.objects.count() == 1


def test_new_password_creates_the_user_when_there_is_none() -> None:
    out = StringIO()
    call_command("ensure_superuser", "--new-password", "--username", "ops", stdout=out)
    match = re.search(r"Created superuser 'ops' with password (\S+) ", out.getvalue())
    assert match and User.objects.get(username="ops").check_password(match.group(1))
