"""`/api/core/render-jinja-template/`: Nautobot's shapes, Jinja2's sandbox, and bounds on the work."""

from __future__ import annotations

import pytest

from netkeel.core.testing.api import APIClient

pytestmark = pytest.mark.django_db

URL = "/api/core/render-jinja-template/"


def test_a_template_renders_with_its_context_in_nautobots_shape(api: APIClient) -> None:
    body = {
        "template_code": "{% for i in items %}{{ i | upper }}\n{% endfor %}{{ name }}",
        "context": {"items": ["a", "b"], "name": "x"},
    }
    response = api.send("POST", URL, body)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "rendered_template": "A\nB\nx",
        "rendered_template_lines": ["A", "B", "x"],
        "template_code": body["template_code"],
        "context": body["context"],
    }


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{% hello world %}", "Encountered unknown tag 'hello'."),
        ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe."),
        (
            "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}"
            "{% endfor %}{% endfor %}{% endfor %}",
            "more than 1000000 steps",
        ),
        ("{{ 'x' * 100000000 }}", "a sequence of more than 100000 items"),
        ("{{ 9 ** 99999999 }}", "an exponent above 100"),
        (
            "{% for i in range(99999) %}{{ 'abcdefghijklmnopqrstuvwxyz' }}{% endfor %}",
            "more than 1000000 characters of output",
        ),
    ],
)
def test_a_template_that_fails_or_does_too_much_is_a_400_saying_why(api: APIClient, template: str, reason: str) -> None:
    response = api.send("POST", URL, {"template_code": template})
    assert response.status_code == 400, response.content
    assert response.json() == {"detail": f"Failed to render Jinja template: {reason}"}


def test_a_template_needs_code_and_a_signed_in_user(api: APIClient) -> None:
    assert "template_code" in api.send("POST", URL, {"context": {}}).json()
    assert APIClient(token=None).send("POST", URL, {"template_code": "x"}).status_code in (401, 403)
