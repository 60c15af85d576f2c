"""The login page and the home page behind it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


def test_login_page_renders_a_form_with_csrf(client: Client) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert "csrfmiddlewaretoken" in html


def test_home_sends_anonymous_users_to_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/")


def test_logging_in_and_out() -> None:
    get_user_model().objects.create_user(username="alice", password="correct horse battery")
    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/")
    token = page.cookies["csrftoken"].value
    bad = client.post("/login/", {"username": "alice", "password": "wrong", "csrfmiddlewaretoken": token})
    assert bad.status_code == 200
    assert "Please enter a correct username and password" in bad.content.decode()
    good = client.post(
        "/login/", {"username": "alice", "password": "correct horse battery", "csrfmiddlewaretoken": token}
    )
    assert good.status_code == 302 and good["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and "Welcome, alice" in home.content.decode()
    out = client.post("/logout/", {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert out.status_code == 302
    assert client.get("/").status_code == 302


def test_user_supplied_names_are_escaped(admin_user: object) -> None:
    user = get_user_model().objects.create_user(username="<script>x</script>", password="pw-long-enough-1")
    client = Client()
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_static_stylesheet_is_served(client: Client) -> None:
    response = client.get("/static/netkeel/netkeel.css")
    assert response.status_code == 200
