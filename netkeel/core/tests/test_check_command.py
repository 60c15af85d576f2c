"""`netkeel-server check` in process, against the suite's own database."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_check_reports_each_service_and_passes() -> None:
    out = StringIO()
    call_command("check", stdout=out)
    text = out.getvalue()
    assert "Python 3." in text and "Python: Python" not in text
    assert "Database: " in text and " - ok" in text
    assert "System check identified no issues" in text


def test_check_fails_on_unreachable_redis() -> None:
    err = StringIO()
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"), pytest.raises(SystemExit) as caught:
        call_command("check", stdout=StringIO(), stderr=err)
    assert caught.value.code == 1
    assert err.getvalue().strip() == "netkeel-server: cannot connect to Redis at 127.0.0.1:1: connection refused."


def test_check_without_services_only_runs_configuration_checks() -> None:
    out = StringIO()
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        call_command("check", "--no-services", stdout=out)
    assert "Database:" not in out.getvalue()


def test_deploy_check_refuses_the_development_key() -> None:
    from django.core.management.base import SystemCheckError

    from netkeel.conf.defaults import DEVELOPMENT_SECRET_KEY

    with override_settings(SECRET_KEY=DEVELOPMENT_SECRET_KEY), pytest.raises(SystemCheckError, match="netkeel.E001"):
        call_command(
            "check", "--deploy", "--no-services", "--fail-level", "ERROR", stdout=StringIO(), stderr=StringIO()
        )


def test_deploy_check_prints_only_deployment_advice() -> None:
    """`check --deploy` on a production-like configuration: Django's security advice and nothing else (the
    OpenAPI schema's own warnings are the contract test's business); with HTTPS set up as docs/install.md
    says, it has nothing to say."""
    out, err = StringIO(), StringIO()
    call_command("check", "--deploy", "--no-services", stdout=out, stderr=err)
    advice = out.getvalue() + err.getvalue()
    assert "drf_spectacular" not in advice
    assert "security.W004" in advice and "security.W012" in advice and "security.W016" in advice
    assert len([line for line in advice.splitlines() if line.startswith("?: (")]) <= 6

    https = {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECRET_KEY": "a-production-key-" + "k8Qz3xV7pL2mN9wR4tY6uI1oP5aS0dF" * 2,  # as init writes one
    }
    out, err = StringIO(), StringIO()
    with override_settings(**https):
        call_command("check", "--deploy", "--no-services", stdout=out, stderr=err)
    assert "System check identified no issues" in out.getvalue() + err.getvalue(), out.getvalue() + err.getvalue()
