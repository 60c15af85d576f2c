"""The WSGI application that gunicorn serves as the `netkeel` service."""

from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netkeel.conf.settings")

application = get_wsgi_application()

# Import every URL and view module now (Django would on the first request), then take what start-up made
# out of the garbage collector's sight: a 1,000-row API page allocates enough objects to run several full
# collections, each otherwise walking the whole framework again (half of that page's time, measured).
get_resolver().url_patterns  # noqa: B018 - read for its imports
gc.freeze()
