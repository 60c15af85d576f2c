"""Row counts moved to `netkeel.core.api.counts` (tenancy counts a tenant's rows too); kept for imports."""

from netkeel.core.api.counts import (
    RowCountField,
    RowCountsMixin,
    RowCountsSerializerMixin,
    count_of,
    fill_row_counts,
    register_row_count,
    with_row_counts,
)

__all__ = [
    "RowCountField",
    "RowCountsMixin",
    "RowCountsSerializerMixin",
    "count_of",
    "fill_row_counts",
    "register_row_count",
    "with_row_counts",
]
