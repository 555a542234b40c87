"""Matching a file's header row to a source's columns.

A header matches a column when, NFKC-normalised, trimmed and case-folded, it equals the
column's English ``name``, its Chinese ``zh`` header or one of its ``aliases``
(so '合同价（元）' and '合同价(元)', 'USCC' and 'uscc' are the same).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from loaders.columns import Column, Source


def header_key(text: str) -> str:
    """The form headers are compared in."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


@cache
def _lookup(source: Source) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for column in source.columns:
        for word in (column.name, column.zh, *column.aliases):
            table.setdefault(header_key(word), column)
    return table


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Which cell index holds which column; what the file lacks or adds."""

    columns: tuple[tuple[int, Column], ...]
    titles: dict[str, str]
    """Column name → the header as the file writes it (for messages)."""
    unknown: tuple[str, ...]
    duplicates: tuple[str, ...]
    missing_required: tuple[Column, ...]

    def title(self, column: Column) -> str:
        return self.titles.get(column.name, column.zh)


def map_header(source: Source, header: list[str]) -> HeaderMap:
    """Map the header cells of a file of ``source`` to its columns."""
    lookup = _lookup(source)
    found: dict[str, tuple[int, Column]] = {}
    titles: dict[str, str] = {}
    unknown: list[str] = []
    duplicates: list[str] = []
    for index, text in enumerate(header):
        column = lookup.get(header_key(text))
        if column is None:
            if text.strip():
                unknown.append(text.strip())
        elif column.name in found:
            duplicates.append(text.strip())
        else:
            found[column.name] = (index, column)
            titles[column.name] = text.strip()
    missing = tuple(c for c in source.columns if c.required and c.name not in found)
    return HeaderMap(tuple(found.values()), titles, tuple(unknown), tuple(duplicates), missing)
