"""netkeel's default settings.

Constants here are the same for every deployment. `environment_settings()` reads the `NETKEEL_*`
variables; the config file may then override any upper-case name, and `derived_settings()` fills in
what follows from the final values (the cache and queues from `REDIS_URL`, plugins as apps).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from whitenoise.compress import Compressor

from netkeel import __version__
from netkeel.conf import ConfigError
from netkeel.conf.database import database_settings
from netkeel.conf.discovery import netkeel_root
from netkeel.conf.env import Environ, env_bool, env_int, env_list, env_optional, env_str

# Used when no key is configured, so that the embedded default runs with no file at all. The
# `netkeel.W001` check warns about it and `check --deploy` refuses it.
DEVELOPMENT_SECRET_KEY = "netkeel-development-key-not-for-production-use"

# Every variable the defaults read, with what it sets. The config template documents each one, and a
# test keeps the two in step.
ENVIRONMENT_VARIABLES: dict[str, str] = {
    "NETKEEL_ROOT": "folder for the config file, SQLite database, static files, media and backups",
    "NETKEEL_CONFIG": "path of the config file, instead of $NETKEEL_ROOT/netkeel_config.py",
    "NETKEEL_SECRET_KEY": "SECRET_KEY",
    "NETKEEL_DEBUG": "DEBUG",
    "NETKEEL_ALLOWED_HOSTS": "ALLOWED_HOSTS",
    "NETKEEL_CSRF_TRUSTED_ORIGINS": "CSRF_TRUSTED_ORIGINS",
    "NETKEEL_DATABASE_URL": "DATABASES (all in one URL)",
    "NETKEEL_DB_ENGINE": "DATABASES engine: sqlite, postgresql or mysql",
    "NETKEEL_DB_NAME": "DATABASES name (a file name for SQLite)",
    "NETKEEL_DB_USER": "DATABASES user",
    "NETKEEL_DB_PASSWORD": "DATABASES password",
    "NETKEEL_DB_HOST": "DATABASES host",
    "NETKEEL_DB_PORT": "DATABASES port",
    "NETKEEL_DB_CONN_MAX_AGE": "DATABASES CONN_MAX_AGE",
    "NETKEEL_DB_CONNECT_TIMEOUT": "DATABASES connect timeout",
    "NETKEEL_REDIS_URL": "REDIS_URL",
    "NETKEEL_CACHE_TIMEOUT": "CACHE_TIMEOUT",
    "NETKEEL_CACHE_KEY_PREFIX": "CACHE_KEY_PREFIX (its part of the cache keys in a shared Redis; default: netkeel)",
    "NETKEEL_STATIC_ROOT": "STATIC_ROOT",
    "NETKEEL_MEDIA_ROOT": "MEDIA_ROOT",
    "NETKEEL_SERVE_MEDIA": "SERVE_MEDIA (netkeel serves uploaded files itself: make run, not production)",
    "NETKEEL_MAX_IMAGE_SIZE": "MAX_IMAGE_SIZE (bytes an uploaded image may have)",
    "NETKEEL_TIME_ZONE": "TIME_ZONE",
    "NETKEEL_LOG_LEVEL": "LOG_LEVEL",
    "NETKEEL_PAGINATE_COUNT": "PAGINATE_COUNT",
    "NETKEEL_MAX_PAGE_SIZE": "MAX_PAGE_SIZE",
    "NETKEEL_API_MAX_RENDERED_OBJECTS": "API_MAX_RENDERED_OBJECTS (objects one API read may render)",
    "NETKEEL_CHANGELOG_RETENTION": "CHANGELOG_RETENTION (days the change log keeps; 0 keeps it forever)",
    "NETKEEL_WEBHOOK_ALLOWED_NETWORKS": "WEBHOOK_ALLOWED_NETWORKS (CIDRs webhooks may reach despite the SSRF guard)",
    "NETKEEL_JOBS_QUEUE": "JOBS_QUEUE (the RQ queue job runs go to; default: default)",
    "NETKEEL_WEBHOOKS_QUEUE": "WEBHOOKS_QUEUE (the RQ queue webhook deliveries go to; default: webhooks)",
}

VERSION = __version__
DEFAULT_CACHE_SITE = "netkeel"

# The most objects one API read may render (core.api.budget): the largest page of IP addresses at depth 2
# (1,000 × 23), which the Ansible inventory reads with `interfaces: true` and which costs about what the
# largest page of interfaces at depth 1 costs, always served (each ~1.4 s on the medium demo, SQLite).
DEFAULT_MAX_RENDERED_OBJECTS = 25_000

# The largest image an upload may be (a device type's front or rear image): a photo or drawing of a device's face.
DEFAULT_MAX_IMAGE_SIZE = 5 * 1_048_576

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "netkeel.core",
    "netkeel.extras",
    "netkeel.users",
    "netkeel.tenancy",
    "netkeel.dcim",
    "netkeel.circuits",
    "netkeel.ipam",
    "netkeel.virtualization",
    "netkeel.demo",
    # After netkeel.core: the first app with a command wins, and core's `rqworker` must replace django-rq's.
    "django_rq",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "netkeel.users.remote.RemoteUserMiddleware",  # only with REMOTE_AUTH_ENABLED
    "netkeel.extras.middleware.ChangeContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "netkeel.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "netkeel.urls"
WSGI_APPLICATION = "netkeel.wsgi.application"
AUTH_USER_MODEL = "users.User"
# Django's own model permissions, and those an enabled, unconstrained object permission grants.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "netkeel.users.permissions.ObjectPermissionBackend",
    "netkeel.users.remote.RemoteUserBackend",  # only with REMOTE_AUTH_ENABLED
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "netkeel.core.context_processors.netkeel",
                "netkeel.core.ui.context.ui",
            ],
            # django_tables2 is not an installed app: its app module imports django.contrib.postgres (and
            # so psycopg) at start-up, which every command would pay for. The UI uses its table classes
            # only, from the URL map, with netkeel's own templates and this tag library.
            "libraries": {"netkeel_ui": "netkeel.core.ui.templatetags"},
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Sent with every HTML page (netkeel.core.middleware); "" sends none. Scripts, styles and fonts from netkeel only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names: a browser never runs an asset from the release before.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Besides whitenoise's own list (images, fonts, archives): source maps are fetched only by a developer's
# tools, and gzipping the API docs' multi-megabyte maps took most of collectstatic's time on a fresh install.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS: list[str] = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# A platform's network_driver in each automation library's words comes from netutils; this extends or overrides
# it, as Nautobot's setting of the same name does: {"netmiko": {"my_driver": "cisco_ios"}, "mytool": {...}}.
NETWORK_DRIVERS: dict[str, dict[str, str]] = {}

# Models everyone signed in may view, whatever their permissions (as Nautobot): "app.model" names, or "*"
# for every model but users, groups, tokens and object permissions (netkeel.core.permissions).
EXEMPT_VIEW_PERMISSIONS: list[str] = []
# Permissions every active user holds, each with its constraints (None: every object), as NetBox's setting
# of the same name: {"extras.view_note": None, "users.view_token": {"user": "$user"}}.
DEFAULT_PERMISSIONS: dict[str, Any] = {}

PLUGINS: list[str] = []
PLUGINS_CONFIG: dict[str, dict[str, Any]] = {}

# Sign-in by a trusted SSO proxy's header (netkeel.users.remote), off by default: the header as request.META
# spells it, whether users met for the first time are created, and the groups they are put in.
REMOTE_AUTH_ENABLED = False
REMOTE_AUTH_HEADER = "HTTP_REMOTE_USER"
REMOTE_AUTH_AUTO_CREATE_USER = False
REMOTE_AUTH_DEFAULT_GROUPS: list[str] = []


def environment_settings(environ: Environ) -> dict[str, Any]:
    """The settings that `NETKEEL_*` variables control, with their defaults."""
    root = netkeel_root(environ)
    debug = env_bool(environ, "NETKEEL_DEBUG", False)
    return {
        "NETKEEL_ROOT": root,
        "SECRET_KEY": env_str(environ, "NETKEEL_SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY,
        "DEBUG": debug,
        "ALLOWED_HOSTS": env_list(environ, "NETKEEL_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"]),
        "CSRF_TRUSTED_ORIGINS": env_list(environ, "NETKEEL_CSRF_TRUSTED_ORIGINS", []),
        "DATABASES": {"default": database_settings(environ, root)},
        "REDIS_URL": env_optional(environ, "NETKEEL_REDIS_URL"),
        "CACHE_TIMEOUT": env_int(environ, "NETKEEL_CACHE_TIMEOUT", 300, minimum=0),
        "CACHE_KEY_PREFIX": _cache_site(environ),
        "STATIC_ROOT": Path(env_str(environ, "NETKEEL_STATIC_ROOT", "") or root / "static"),
        "MEDIA_ROOT": Path(env_str(environ, "NETKEEL_MEDIA_ROOT", "") or root / "media"),
        "SERVE_MEDIA": env_bool(environ, "NETKEEL_SERVE_MEDIA", False),
        "MAX_IMAGE_SIZE": env_int(environ, "NETKEEL_MAX_IMAGE_SIZE", DEFAULT_MAX_IMAGE_SIZE, minimum=1),
        "TIME_ZONE": env_str(environ, "NETKEEL_TIME_ZONE", "UTC"),
        "LOG_LEVEL": env_str(environ, "NETKEEL_LOG_LEVEL", "INFO").upper(),
        "PAGINATE_COUNT": env_int(environ, "NETKEEL_PAGINATE_COUNT", 50, minimum=1),
        "MAX_PAGE_SIZE": env_int(environ, "NETKEEL_MAX_PAGE_SIZE", 1000, minimum=0),
        "API_MAX_RENDERED_OBJECTS": env_int(
            environ, "NETKEEL_API_MAX_RENDERED_OBJECTS", DEFAULT_MAX_RENDERED_OBJECTS, minimum=1
        ),
        "CHANGELOG_RETENTION": env_int(environ, "NETKEEL_CHANGELOG_RETENTION", 90, minimum=0),
        "WEBHOOK_ALLOWED_NETWORKS": _networks(environ, "NETKEEL_WEBHOOK_ALLOWED_NETWORKS"),
        # The RQ queues job runs and webhook deliveries go to: another name lets several netkeels (or test
        # runs) share one Redis database without taking each other's work.
        "JOBS_QUEUE": env_str(environ, "NETKEEL_JOBS_QUEUE", "") or "default",
        "WEBHOOKS_QUEUE": env_str(environ, "NETKEEL_WEBHOOKS_QUEUE", "") or "webhooks",
    }


def _networks(environ: Environ, name: str) -> list[str]:
    """CIDRs given with commas and/or spaces, each checked now so that a typo stops the start."""
    networks = env_list(environ, name, [])
    for text in networks:
        try:
            ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise ConfigError(f"{name} must list networks such as 10.1.0.0/16 or fd00::/8, not {text!r}.") from None
    return networks


def _cache_site(environ: Environ) -> str:
    """This netkeel's part of the cache key prefix: several netkeels (or test runs) sharing one Redis
    database each read and clear only their own keys."""
    site = env_str(environ, "NETKEEL_CACHE_KEY_PREFIX", "") or DEFAULT_CACHE_SITE
    if not re.fullmatch(r"[A-Za-z0-9_-]+", site):
        raise ConfigError(
            f"NETKEEL_CACHE_KEY_PREFIX may hold only letters, digits, '-' and '_' (it names keys), not {site!r}."
        )
    return site


def cache_key_prefix(version: str = __version__, site: str = DEFAULT_CACHE_SITE) -> str:
    """Our keys in a shared cache: the site's prefix, then the release, so an upgrade never reads old
    entries (`netkeel.<version>` by default)."""
    return f"{site}.{version}"


def derived_settings(final: Mapping[str, Any], overridden: set[str]) -> dict[str, Any]:
    """Settings computed from the final values, unless the config file set them itself."""
    derived: dict[str, Any] = {}
    redis_url = final.get("REDIS_URL")
    if "CACHES" not in overridden:
        if redis_url:
            backend = {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
            }
        else:
            backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "netkeel"}
        derived["CACHES"] = {
            "default": {
                **backend,
                "KEY_PREFIX": cache_key_prefix(site=final["CACHE_KEY_PREFIX"]),
                "TIMEOUT": final["CACHE_TIMEOUT"],
            }
        }
    if "RQ_QUEUES" not in overridden:
        # Without Redis there is no queue: jobs run in the web process (see the worker issue).
        derived["RQ_QUEUES"] = (
            {
                name: {"URL": redis_url, "DEFAULT_TIMEOUT": 3600}
                for name in dict.fromkeys(("default", final["JOBS_QUEUE"], final["WEBHOOKS_QUEUE"]))
            }
            if redis_url
            else {}
        )
    if "LOGGING" not in overridden:
        derived["LOGGING"] = logging_settings(final["LOG_LEVEL"])
    if "REST_FRAMEWORK" not in overridden:
        derived["REST_FRAMEWORK"] = rest_framework_settings()
    if "SPECTACULAR_SETTINGS" not in overridden:
        derived["SPECTACULAR_SETTINGS"] = spectacular_settings()
    return derived


def rest_framework_settings() -> dict[str, Any]:
    """The REST API as Nautobot clients expect it (shared/API.md): JSON first, so `Accept: */*` gets JSON."""
    return {
        "DEFAULT_SCHEMA_CLASS": "netkeel.core.api.schema.NetkeelAutoSchema",
        # Session first: its missing credentials are a 403, as Nautobot answers.
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.SessionAuthentication",
            "netkeel.users.api.authentication.TokenAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["netkeel.core.api.permissions.ModelPermissions"],
        "DEFAULT_PAGINATION_CLASS": "netkeel.core.api.pagination.NetkeelPagination",
        "DEFAULT_FILTER_BACKENDS": ["netkeel.core.api.filters.StrictFilterBackend"],
        "DEFAULT_VERSIONING_CLASS": "netkeel.core.api.versioning.NautobotVersioning",
        "DEFAULT_METADATA_CLASS": "netkeel.core.api.metadata.NetkeelMetadata",
        "DEFAULT_RENDERER_CLASSES": [
            "rest_framework.renderers.JSONRenderer",
            "rest_framework.renderers.BrowsableAPIRenderer",
            "netkeel.core.api.renderers.CSVRenderer",
        ],
        "DEFAULT_PARSER_CLASSES": [
            "netkeel.core.api.parsers.JSONParser",
            "netkeel.core.api.parsers.FormParser",
            "netkeel.core.api.parsers.MultiPartParser",
        ],
        "EXCEPTION_HANDLER": "netkeel.core.api.exceptions.handle_exception",
        "VIEW_NAME_FUNCTION": "rest_framework.views.get_view_name",
    }


def spectacular_settings() -> dict[str, Any]:
    """OpenAPI 3 at /api/swagger.json: servers `/api`, paths without the prefix (as Nautobot's schema)."""
    return {
        "TITLE": "netkeel API",
        "DESCRIPTION": "A network source of truth, compatible with Nautobot's 3.x REST API.",
        "VERSION": __version__,
        "SERVERS": [{"url": "/api"}],
        "SCHEMA_PATH_PREFIX": "/api",
        "SCHEMA_PATH_PREFIX_TRIM": True,
        "SERVE_INCLUDE_SCHEMA": False,
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
        "COMPONENT_SPLIT_REQUEST": True,
        "DISABLE_ERRORS_AND_WARNINGS": True,
        # `check --deploy` is for deployment advice; the schema is checked by the test suite against
        # Nautobot's (its warnings buried the four security warnings under four hundred lines).
        "ENABLE_DJANGO_DEPLOY_CHECK": False,
    }


def logging_settings(level: str) -> dict[str, Any]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "netkeel": {"handlers": ["console"], "level": level, "propagate": False},
            "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        },
    }
