"""Parsing one cell by its :class:`~loaders.columns.ColumnKind`.

Every parser takes the cell's text (never empty: empty cells are ``None`` before they get
here) and returns the stored form: names NFKC-normalised, money integer fen, dates ISO
text, months 'YYYY-MM', booleans, token values from :mod:`loaders.vocab`. A bad cell raises
:class:`InvalidValue` whose ``value`` is safe to print (resident ids and phones masked by
the validators of :mod:`graph.values`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graph.errors import InvalidValue
from graph.values import (
    normalize_name,
    parse_date,
    validate_area_code,
    validate_phone,
    validate_resident_id,
    validate_uscc,
    yuan_to_fen,
)
from loaders.columns import Column, ColumnKind
from loaders.vocab import VOCABULARIES

_TRUE = frozenset(
    {"是", "有", "yes", "y", "true", "t", "1", "√", "✓", "已设立", "已缴纳", "已办理"}
)
_FALSE = frozenset(
    {"否", "无", "没有", "no", "n", "false", "f", "0", "×", "✗", "未设立", "未缴纳", "未办理"}
)
_LIST_SPLIT = re.compile(r"[;；,，、/|\s]+")
_MONTH = re.compile(r"(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?(?:[-/.]\d{1,2}日?)?")
_INT = re.compile(r"[+]?\d+(?:\.0+)?")


@dataclass(frozen=True, slots=True)
class CellOptions:
    """What parsing depends on beyond the column: whether synthetic ids are accepted."""

    allow_synthetic: bool = False


def parse_cell(column: Column, text: str, options: CellOptions) -> Any:
    """Parse a non-empty cell; raises :class:`InvalidValue` with a printable value."""
    return _PARSERS[column.kind](column, text, options)


_UNCACHED = frozenset({ColumnKind.PHONE, ColumnKind.LIST})
CACHE_LIMIT = 65_536
RECENT_LIMIT = 4_096
_MISSING = object()
Problem = tuple[str, object, str]
"""A bad cell: column name, value safe to print, reason."""
_Step = tuple[int, Column, Callable[[Column, str, CellOptions], Any], dict[str, Any] | None, int]


class RowParser:
    """Parses the mapped cells of each row, with a bounded memo per column because files
    repeat the same employer codes, dates, areas and tokens on every row. Resident ids are
    remembered only briefly (the last few thousand: a payroll file repeats a worker on
    consecutive lines), phones not at all; mutable results (lists) are never shared."""

    def __init__(self, columns: Sequence[tuple[int, Column]], options: CellOptions) -> None:
        self.options = options
        self._plan: list[_Step] = [
            (
                index,
                column,
                _PARSERS[column.kind],
                None if column.kind in _UNCACHED else {},
                RECENT_LIMIT if column.kind == ColumnKind.RESIDENT_ID else CACHE_LIMIT,
            )
            for index, column in columns
        ]

    def parse(self, cells: list[str], row: dict[str, Any]) -> list[Problem]:
        """Fill ``row`` (column name → value) and return the bad cells. The hot loop of a
        load: kept flat on purpose."""
        problems: list[Problem] = []
        size, options = len(cells), self.options
        for index, column, parser, memo, limit in self._plan:
            text = cells[index].strip() if index < size else ""
            if not text:
                if column.required:
                    problems.append((column.name, "", "is required"))
                continue
            value = _MISSING if memo is None else memo.get(text, _MISSING)
            if value is _MISSING:
                try:
                    value = parser(column, text, options)
                except InvalidValue as exc:
                    problems.append((column.name, exc.value, exc.reason))
                    continue
                if memo is not None:
                    if len(memo) >= limit:
                        memo.clear()
                    memo[text] = value
            row[column.name] = value
        return problems


def _text(column: Column, text: str, options: CellOptions) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _name(column: Column, text: str, options: CellOptions) -> str:
    return normalize_name(text)


def _uscc(column: Column, text: str, options: CellOptions) -> str:
    return validate_uscc(text, column.name)


def _resident_id(column: Column, text: str, options: CellOptions) -> str:
    return validate_resident_id(text, column.name, allow_synthetic=options.allow_synthetic)


def _phone(column: Column, text: str, options: CellOptions) -> str:
    return validate_phone(text, column.name, allow_synthetic=options.allow_synthetic)


def _area(column: Column, text: str, options: CellOptions) -> str:
    return validate_area_code(unicodedata.normalize("NFKC", text), column.name)


def _date(column: Column, text: str, options: CellOptions) -> str:
    return parse_date(unicodedata.normalize("NFKC", text), column.name).isoformat()


def _month(column: Column, text: str, options: CellOptions) -> str:
    """'2024-01', '2024/1', '2024年1月', '202401' or a date in the month → '2024-01'."""
    match = _MONTH.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise InvalidValue(column.name, text, "is not a month (YYYY-MM)")
    return f"{match[1]}-{int(match[2]):02d}"


def _yuan(column: Column, text: str, options: CellOptions) -> int:
    fen = yuan_to_fen(text if text.isascii() else unicodedata.normalize("NFKC", text), column.name)
    if fen < 0:
        raise InvalidValue(column.name, text, "must not be negative")
    return fen


def _int(column: Column, text: str, options: CellOptions) -> int:
    clean = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not _INT.fullmatch(clean):
        raise InvalidValue(column.name, text, "is not a whole number ≥ 0")
    return int(clean.split(".")[0])


def _bool(column: Column, text: str, options: CellOptions) -> bool:
    word = unicodedata.normalize("NFKC", text).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidValue(column.name, text, "is not yes/no (是/否)")


def _token(column: Column, text: str, options: CellOptions) -> str:
    assert column.tokens is not None, f"token column {column.name} names no vocabulary"
    return token_value(column.tokens, text, column.name)


def token_value(vocabulary: str, text: str, field: str) -> str:
    """The canonical token of a vocabulary word (NFKC, case-insensitive)."""
    words = VOCABULARIES[vocabulary]
    word = unicodedata.normalize("NFKC", text).strip()
    found = words.get(word) or words.get(word.lower())
    if found is None:
        allowed = "、".join(dict.fromkeys(words.values()))
        raise InvalidValue(field, text, f"is not one of {allowed}")
    return found


def _list(column: Column, text: str, options: CellOptions) -> list[str]:
    items = [i for i in _LIST_SPLIT.split(unicodedata.normalize("NFKC", text)) if i]
    if column.tokens:
        items = [token_value(column.tokens, item, column.name) for item in items]
    return list(dict.fromkeys(items))


_PARSERS: dict[ColumnKind, Callable[[Column, str, CellOptions], Any]] = {
    ColumnKind.TEXT: _text,
    ColumnKind.NAME: _name,
    ColumnKind.USCC: _uscc,
    ColumnKind.RESIDENT_ID: _resident_id,
    ColumnKind.PHONE: _phone,
    ColumnKind.AREA: _area,
    ColumnKind.DATE: _date,
    ColumnKind.MONTH: _month,
    ColumnKind.YUAN: _yuan,
    ColumnKind.INT: _int,
    ColumnKind.BOOL: _bool,
    ColumnKind.TOKEN: _token,
    ColumnKind.LIST: _list,
}
