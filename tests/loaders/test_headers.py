"""Header matching: Chinese, English, aliases, width and case; unknown and missing columns."""

from __future__ import annotations

import pytest

from loaders.columns import ROSTERS, SOURCES, Source
from loaders.headers import header_key, map_header


def _names(source: Source, header: list[str]) -> dict[str, int]:
    return {column.name: index for index, column in map_header(source, header).columns}


def test_chinese_english_and_alias_headers_match() -> None:
    header = ["项目编号", "resident_id", "姓名", "手机号", "所属单位", "工种"]
    assert _names(ROSTERS, header) == {
        "project": 0,
        "resident_id": 1,
        "name": 2,
        "phone": 3,
        "employer_name": 4,
        "position": 5,
    }


def test_matching_ignores_case_width_and_spaces() -> None:
    assert _names(ROSTERS, [" PROJECT ", "Ｒｅｓｉｄｅｎｔ_ＩＤ", "NAME", "Employer_Name"]) == {
        "project": 0,
        "resident_id": 1,
        "name": 2,
        "employer_name": 3,
    }


def test_unknown_duplicate_and_missing_columns_are_reported() -> None:
    mapped = map_header(ROSTERS, ["项目编号", "姓名", "备注", "project", ""])
    assert mapped.unknown == ("备注",)
    assert mapped.duplicates == ("project",)
    assert [c.name for c in mapped.missing_required] == ["resident_id", "employer_name"]
    assert mapped.titles["project"] == "项目编号"


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_no_header_word_names_two_columns_of_one_source(source: Source) -> None:
    seen: dict[str, str] = {}
    for column in source.columns:
        for word in {header_key(w) for w in (column.name, column.zh, *column.aliases)}:
            assert seen.setdefault(word, column.name) == column.name, (source.name, word)
