"""CSV import of any model (through its API serializer) and CSV export of any filtered list."""

from __future__ import annotations

from netkeel.extras.csv_io.importer import ImportReport, RowError, import_csv
from netkeel.extras.csv_io.reading import CSVFileError

__all__ = ["CSVFileError", "ImportReport", "RowError", "import_csv"]
