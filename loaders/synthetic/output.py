"""Streaming writers for the input files: CSV (UTF-8 or GB18030) or XLSX (openpyxl write-only).

Headers are the columns' Chinese names (loaders.columns), in the order the columns are
declared. XLSX files are rewritten with fixed zip timestamps and document dates so that the
same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from loaders.columns import Source

FORMATS = ("csv", "xlsx")
XLSX_MAX_ROWS = 1_048_575
_FLUSH_ROWS = 20_000
_ZIP_TIME = (2025, 10, 31, 0, 0, 0)
_DOC_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


class Table:
    """One source's file, written row by row; rows are tuples in column order."""

    def __init__(self, path: Path, source: Source, fmt: str, encoding: str) -> None:
        self.path = path
        self.source = source
        self.rows = 0
        self._buffer: list[Sequence[str]] = []
        self._file: IO[str] | None = None
        self._book: Any = None
        header = [c.zh for c in source.columns]
        if fmt == "csv":
            self._file = path.open("w", encoding=encoding, newline="")
            self._csv = csv.writer(self._file, lineterminator="\n")
            self._csv.writerow(header)
        else:
            from openpyxl import Workbook

            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet(title=source.name)
            self._sheet.append(header)

    def write(self, row: Sequence[str]) -> None:
        self._buffer.append(row)
        self.rows += 1
        if len(self._buffer) >= _FLUSH_ROWS:
            self._flush()

    def write_many(self, rows: list[Sequence[str]]) -> None:
        self._buffer.extend(rows)
        self.rows += len(rows)
        if len(self._buffer) >= _FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._file is not None:
            self._csv.writerows(self._buffer)
        else:
            if self.rows > XLSX_MAX_ROWS:
                raise ValueError(
                    f"{self.path.name}: {self.rows} rows exceed one XLSX sheet; "
                    "use --format csv at this scale"
                )
            for row in self._buffer:
                self._sheet.append(list(row))
        self._buffer.clear()

    def close(self) -> Path:
        self._flush()
        if self._file is not None:
            self._file.close()
        else:
            self._book.save(self.path)
            normalise_xlsx(self.path)
        return self.path


def normalise_xlsx(path: Path) -> None:
    """Rewrite an XLSX with fixed entry times and document dates (openpyxl stamps 'now')."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            fixed = (
                _DOC_DATE.sub(rb"\g<1>2025-10-31T00:00:00Z\g<2>", data)
                if (name == "docProps/core.xml")
                else data
            )
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, fixed)


def file_name(source: Source, fmt: str) -> str:
    return f"{source.file_stem}.{fmt}"
