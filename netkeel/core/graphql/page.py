"""The GraphiQL page at `/graphql/`: an in-browser editor that sends its queries to `/api/graphql/` with the
user's session and CSRF token. Its assets (GraphiQL, React, React DOM) are shipped under
`static/graphiql/`, so the page works on a network that cannot reach a CDN. It is a page of the user menu
(`register`, from CoreConfig.ready()), beside the API documentation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from netkeel.core.ui.extensions import UserPage, register_user_page

DEFAULT_QUERY = """# GraphQL in Nautobot's schema: press the run button (or Ctrl-Enter).
query {
  devices(limit: 10) {
    name
    location { name }
    interfaces { name ip_addresses { address } }
  }
}
"""


@require_GET
@login_required
@ensure_csrf_cookie
def graphiql(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "netkeel/graphiql.html",
        {"endpoint": reverse("api:graphql"), "default_query": DEFAULT_QUERY},
    )


def register() -> None:
    register_user_page(UserPage("graphiql", "GraphiQL", "braces-asterisk", "graphql/", graphiql))
