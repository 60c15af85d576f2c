"""`netkeel-server ensure_superuser`: create the first administrator unless it exists.

The password comes from NETKEEL_SUPERUSER_PASSWORD, or is generated and printed once. Running it
again changes nothing, so `make run` may call it every time; `--new-password` gives an existing
administrator a new password (generated and printed, or NETKEEL_SUPERUSER_PASSWORD) for the one who
lost the first.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Create a superuser (default 'admin') if no user of that name exists; --new-password resets it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--new-password",
            action="store_true",
            help="give the existing user a new password (generated and printed, or NETKEEL_SUPERUSER_PASSWORD)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        username = options["username"]
        given = os.environ.get("NETKEEL_SUPERUSER_PASSWORD") or ""
        password = given or secrets.token_urlsafe(12)
        user = user_model.objects.filter(username=username).first()
        if user is not None and not options["new_password"]:
            self.stdout.write(
                f"Sign in as {username!r} with the password printed when it was created; "
                f"'netkeel-server ensure_superuser --new-password' sets a new one."
            )
            return
        if user is None:
            user_model.objects.create_superuser(username=username, email=options["email"], password=password)
            done = "Created superuser"
        else:
            if not user.is_active:
                raise CommandError(f"the user {username!r} is deactivated; activate it first (in the admin pages).")
            user.set_password(password)
            user.save(update_fields=["password"])
            done = "Set a new password for"
        if given:
            self.stdout.write(f"{done} {username!r}: the password from NETKEEL_SUPERUSER_PASSWORD.")
        else:
            self.stdout.write(
                f"{done} {username!r} with password {password} (shown only now; change it after signing in)."
            )
