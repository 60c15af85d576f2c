"""`VarbinaryIPField`: an IP address stored as fixed-width big-endian bytes (4 for IPv4, 16 for IPv6).

Bytes of one width compare like the numbers they encode on every backend (PostgreSQL bytea, MySQL
VARBINARY, SQLite BLOB all compare bytewise), so with the version alongside, "contains" and "within" are
range comparisons an index can answer.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def address_to_bytes(address: int, version: int) -> bytes:
    return address.to_bytes(4 if version == 4 else 16, "big")


def bytes_to_address(value: bytes | memoryview) -> int:
    return int.from_bytes(bytes(value), "big")


class VarbinaryIPField(models.BinaryField):
    description = "IP address as fixed-width bytes"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def db_type(self, connection: Any) -> str:
        if connection.vendor == "postgresql":
            return "bytea"
        if connection.vendor == "mysql":
            return "varbinary(16)"
        return "blob"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> bytes | None:
        return None if value is None else bytes(value)

    def to_python(self, value: Any) -> bytes | None:
        if value is None or isinstance(value, bytes):
            return value
        if isinstance(value, memoryview | bytearray):
            return bytes(value)
        return super().to_python(value)
