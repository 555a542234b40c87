"""Reading CSV in every encoding agencies use, and XLSX, with physical line numbers."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from pathlib import Path

import pytest

from graph.errors import InvalidValue
from loaders.readers import cell_text, detect_encoding, open_table
from tests.loaders.fixtures import write_xlsx

HEADER = "项目编号,姓名\n"


def _rows(path: Path) -> tuple[str, list[str], list[tuple[int, list[str]]]]:
    table = open_table(path)
    try:
        return table.encoding, table.header, list(table.rows)
    finally:
        table.close()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((HEADER + "P-1,张三\n").encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + (HEADER + "P-1,张三\n").encode("utf-8"), "utf-8-sig"),
        ((HEADER + "P-1,张三\n").encode("gbk"), "gb18030"),
        ((HEADER + "P-1,䶮\n").encode("gb18030"), "gb18030"),
        (b"code,name\nP-1,Zhang\n", "utf-8"),
    ],
)
def test_encoding_is_detected(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "rosters.csv"
    path.write_bytes(data)
    assert detect_encoding(path) == encoding
    _found, header, rows = _rows(path)
    assert header[0] == "项目编号" or header[0] == "code"
    assert rows[0][1][0] == "P-1"


def test_gbk_text_decodes_to_the_same_characters(tmp_path: Path) -> None:
    path = tmp_path / "persons.csv"
    path.write_bytes((HEADER + "P-1,张三丰\n").encode("gbk"))
    assert _rows(path)[2] == [(2, ["P-1", "张三丰"])]


def test_line_numbers_are_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(HEADER + 'P-1,甲\n\nP-2,"乙\n丙"\nP-3,丁\n', encoding="utf-8")
    rows = _rows(path)[2]
    assert [line for line, _ in rows] == [2, 4, 6]
    assert rows[1][1] == ["P-2", "乙\n丙"]


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(b"")
    with pytest.raises(InvalidValue) as caught:
        open_table(path)
    assert caught.value.reason == "is empty (no header row)"


def test_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.txt"
    path.write_text("a\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"is not one of \.csv, \.xlsx"):
        open_table(path)


def test_xlsx_rows_are_text_like_csv(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "rosters.xlsx",
        ["项目编号", "进场日期", "人数", "金额"],
        [
            ["P-1", datetime(2024, 3, 5), 12, 1234.5],
            [None, None, None, None],
            ["P-2", date(2024, 4, 1), 3.0, "88"],
        ],
    )
    encoding, header, rows = _rows(path)
    assert encoding == "xlsx"
    assert header == ["项目编号", "进场日期", "人数", "金额"]
    assert rows == [
        (2, ["P-1", "2024-03-05", "12", "1234.5"]),
        (4, ["P-2", "2024-04-01", "3", "88"]),
    ]


def test_damaged_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rosters.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(InvalidValue, match="is not a readable XLSX workbook"):
        open_table(path)


def test_cell_text() -> None:
    assert cell_text(None) == ""
    assert cell_text(datetime(2024, 1, 2, 8, 30)) == "2024-01-02T08:30:00"
    assert cell_text(2.0) == "2"
    assert cell_text(" x ") == "x"
