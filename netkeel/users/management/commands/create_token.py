"""`netkeel-server create_token USERNAME [--key KEY] [--read-only] [--description TEXT]`: print a new API key."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from netkeel.users.models import Token


class Command(BaseCommand):
    help = "Create an API token for a user and print its key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--key", help="Use this key (40 hexadecimal characters) instead of a random one.")
        parser.add_argument("--read-only", action="store_true", help="The token may read but not write.")
        parser.add_argument("--description", default="", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['username']!r}; create it first (createsuperuser).")
        key = options["key"]
        if key is not None:
            key = key.strip().lower()
            if not re.fullmatch(r"[0-9a-f]{40}", key):
                raise CommandError("A token key must be exactly 40 hexadecimal characters (0-9, a-f).")
            existing = Token.objects.filter(key=key).select_related("user").first()
            if existing is not None:
                if existing.user_id != user.pk:
                    raise CommandError("That key already belongs to another user's token; choose another.")
                existing.write_enabled = not options["read_only"]
                existing.save(update_fields=["write_enabled"])
                self.stdout.write(existing.key)
                return
        token = Token(user=user, write_enabled=not options["read_only"], description=options["description"])
        if key is not None:
            token.key = key
        token.save()
        self.stdout.write(token.key)
