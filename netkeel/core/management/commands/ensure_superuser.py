"""`netkeel-server ensure_superuser`: create the first administrator unless it exists.

The password comes from NETKEEL_SUPERUSER_PASSWORD, or is generated and printed once. Running it
again changes nothing, so `make run` may call it every time.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Create a superuser (default 'admin') if no user of that name exists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        username = options["username"]
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(f"User {username!r} exists; left unchanged.")
            return
        password = os.environ.get("NETKEEL_SUPERUSER_PASSWORD") or ""
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email=options["email"], password=password)
        if generated:
            self.stdout.write(
                f"Created superuser {username!r} with password {password} (shown only now; change it after logging in)."
            )
        else:
            self.stdout.write(f"Created superuser {username!r} with the password from NETKEEL_SUPERUSER_PASSWORD.")
