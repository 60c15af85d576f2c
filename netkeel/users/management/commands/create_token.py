"""`netkeel-server create_token USERNAME [--key KEY] [--read-only] [--description TEXT]`: print a new API key.

With `--key`, running it again is harmless: the user's token with that key is kept (its write access
and description follow the options given) and the same key is printed, so deployment scripts can seed a
known token on every run. Any problem ends in one sentence and exit status 1.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from netkeel.users.models import Token

KEY = re.compile(r"[0-9a-f]{40}")


class Command(BaseCommand):
    help = "Create an API token for a user and print its key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--key", help="Use this key (40 hexadecimal characters) instead of a random one.")
        parser.add_argument("--read-only", action="store_true", help="The token may read but not write.")
        parser.add_argument("--description", default="", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["key"]
        if key is not None:
            key = key.strip().lower()
            if not KEY.fullmatch(key):
                raise CommandError("A token key must be exactly 40 hexadecimal characters (0-9, a-f).")
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['username']!r}; create it first (createsuperuser).")
        write_enabled = not options["read_only"]
        with transaction.atomic():
            existing = Token.objects.select_for_update().filter(key=key).first() if key is not None else None
            if existing is not None:
                if existing.user_id != user.pk:
                    raise CommandError("That key already belongs to another user's token; choose another.")
                existing.write_enabled = write_enabled
                existing.description = options["description"] or existing.description
                existing.save(update_fields=["write_enabled", "description"])
                self.stdout.write(existing.key)
                return
            token = Token(user=user, write_enabled=write_enabled, description=options["description"])
            if key is not None:
                token.key = key
            token.save()
        self.stdout.write(token.key)
