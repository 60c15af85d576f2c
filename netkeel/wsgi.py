"""The WSGI application that gunicorn serves as the `netkeel` service."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netkeel.conf.settings")

application = get_wsgi_application()
