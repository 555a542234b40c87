"""Reading the tables agencies send: CSV in any of the encodings they use, and XLSX.

A :class:`Table` yields the header once and then every data row as ``(line, cells)``
where ``line`` is the physical line number in the file (the header is line 1; for XLSX,
the sheet row number) and every cell is text ('' when empty). Rows are streamed, never
held in memory all at once.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from graph.errors import InvalidValue

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
_CHUNK = 1 << 20
Row = tuple[int, list[str]]


def detect_encoding(path: Path) -> str:
    """'utf-8-sig' when the file starts with a BOM, 'utf-8' when it decodes strictly as
    UTF-8, else 'gb18030' (a superset of GBK and GB2312) when that decodes, else the best
    guess of charset-normalizer. Raises :class:`InvalidValue` when nothing fits."""
    with path.open("rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        if _decodes(path, encoding):
            return encoding
    return _guess_encoding(path)


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _guess_encoding(path: Path) -> str:
    from charset_normalizer import from_path

    best = from_path(path).best()
    if best is None:
        raise InvalidValue(
            "file", path.name, "is not text in UTF-8, GB18030/GBK or a known encoding"
        )
    return str(best.encoding)


@dataclass(slots=True)
class Table:
    """An open input table: its file name, encoding ('xlsx' for workbooks), header and rows."""

    path: Path
    encoding: str
    header: list[str]
    rows: Iterator[Row]
    total_rows: int | None = None
    _closers: list[Any] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    def close(self) -> None:
        for closer in self._closers:
            closer.close()


def open_table(path: Path) -> Table:
    """Open a CSV or XLSX file; raises :class:`InvalidValue` for an unreadable or empty file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _open_csv(path)
    if suffix == ".xlsx":
        return _open_xlsx(path)
    raise InvalidValue("file", path.name, f"is not one of {', '.join(SUPPORTED_SUFFIXES)}")


# ---------------------------------------------------------------- CSV


def _open_csv(path: Path) -> Table:
    encoding = detect_encoding(path)
    lines, special = _scan(path)
    handle = path.open("r", encoding=encoding, newline="")
    plain = encoding in _ASCII_SAFE and not special
    rows = _plain_rows(handle) if plain else _csv_rows(handle)
    try:
        _line, header = next(rows)
    except StopIteration:
        handle.close()
        raise InvalidValue("file", path.name, "is empty (no header row)") from None
    return Table(path, encoding, header, rows, lines - 1, [handle])


def _csv_rows(handle: IO[str]) -> Iterator[Row]:
    reader = csv.reader(handle)
    start = 1
    for cells in reader:
        if "".join(cells).strip():
            yield start, cells
        start = reader.line_num + 1


_ASCII_SAFE = frozenset({"utf-8", "utf-8-sig", "gb18030"})
"""Encodings in which a byte below 0x80 is always that ASCII character."""


def _plain_rows(handle: IO[str]) -> Iterator[Row]:
    """The rows of a file without a quote character or NUL: each line is one row and its
    cells are what lies between commas, which is what :func:`_csv_rows` gives, for a
    fraction of the cost (the largest files are plain). A line long enough to hold a cell
    over the csv module's size limit goes through the csv module, which refuses it."""
    limit = csv.field_size_limit()
    for line, text in enumerate(handle, start=1):
        cells = next(csv.reader([text])) if len(text) > limit else text.rstrip("\r\n").split(",")
        if "".join(cells).strip():
            yield line, cells


def _scan(path: Path) -> tuple[int, bool]:
    """The file's line count (at least 1) and whether it holds a quote character or NUL."""
    count, special = 0, False
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            count += chunk.count(b"\n")
            special = special or b'"' in chunk or b"\0" in chunk
    return max(count, 1), special


# ---------------------------------------------------------------- XLSX


def _open_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InvalidValue("file", path.name, f"is not a readable XLSX workbook ({exc})") from exc
    sheet = book.worksheets[0]
    rows = _xlsx_rows(sheet.iter_rows(values_only=True))
    try:
        _line, header = next(rows)
    except StopIteration:
        book.close()
        raise InvalidValue("file", path.name, "is empty (no header row)") from None
    total = (sheet.max_row - 1) if sheet.max_row else None
    return Table(path, "xlsx", header, rows, total, [book])


def _xlsx_rows(values: Iterator[tuple[Any, ...]]) -> Iterator[Row]:
    for line, row in enumerate(values, start=1):
        cells = [cell_text(value) for value in row]
        if any(cells):
            yield line, cells


def cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold: dates ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()
