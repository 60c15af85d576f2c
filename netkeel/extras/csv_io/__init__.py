"""CSV import of any model (through its API serializer) and CSV export of any filtered list."""

from __future__ import annotations

from netkeel.extras.csv_io.exporting import Export, ExportError, export_csv, resolve_model
from netkeel.extras.csv_io.importer import ImportReport, RowError, import_csv
from netkeel.extras.csv_io.reading import CSVError, CSVFileError

__all__ = [
    "CSVError",
    "CSVFileError",
    "Export",
    "ExportError",
    "ImportReport",
    "RowError",
    "export_csv",
    "import_csv",
    "resolve_model",
]
