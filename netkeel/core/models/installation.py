"""`Installation`: one row per `post_upgrade` run, so the database knows which release it holds."""

from __future__ import annotations

from django.db import models


class Installation(models.Model):
    id = models.BigAutoField(primary_key=True)
    version = models.CharField(max_length=50)
    previous_version = models.CharField(max_length=50, blank=True)
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    # [{"name": "migrate", "status": "done", "seconds": 1.2, "detail": "..."}, ...]
    steps = models.JSONField(default=list)
    host = models.CharField(max_length=255, blank=True)
    user = models.CharField(max_length=100, blank=True)
    python = models.CharField(max_length=20, blank=True)
    database = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["-started", "-id"]

    def __str__(self) -> str:
        state = "succeeded" if self.succeeded else "did not finish"
        return f"netkeel {self.version} ({state}, {self.started:%Y-%m-%d %H:%M})"


def recorded_version() -> str | None:
    """The version of the last successful `post_upgrade`, or None on a database that never had one (or no
    table yet)."""
    from django.db import connection

    # Asking the catalogue first, rather than catching the error, keeps an enclosing transaction usable.
    if Installation._meta.db_table not in connection.introspection.table_names():
        return None
    row = Installation.objects.filter(succeeded=True).order_by("-finished", "-id").values_list("version").first()
    return row[0] if row else None
