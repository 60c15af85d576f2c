"""`netkeel-server rqworker`: django-rq's worker (the `netkeel-worker` service), refusing to start on a
database that a newer netkeel has upgraded, since it would run jobs with the wrong code."""

from __future__ import annotations

from typing import Any

from django_rq.management.commands.rqworker import Command as RQWorkerCommand

from netkeel.core.management.commands.start import refuse_newer_database


class Command(RQWorkerCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        refuse_newer_database()
        super().handle(*args, **options)
