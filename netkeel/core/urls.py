"""Core's pages: home, health, sign-in, the user's theme, the option search, and the user-menu pages that
apps lend (netkeel.core.ui.extensions)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from netkeel.core import views
from netkeel.core.ui import views as ui_views
from netkeel.core.ui.extensions import user_page_patterns

# The user pages that apps lend (the users app its API tokens page) were registered in their ready().
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    # Browsers and crawlers ask for /favicon.ico whatever the page says; answer with the icon, not a 404.
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="netkeel/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    *user_page_patterns(),
    path("user/theme/", ui_views.ThemeView.as_view(), name="user-theme"),
    path("ui/options/<str:object_type>/", ui_views.OptionsView.as_view(), name="ui-options"),
]
