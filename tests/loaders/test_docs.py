"""docs/input-formats.md documents every source and every column of loaders/columns.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loaders.columns import SOURCES, Source

DOC = Path(__file__).resolve().parents[2] / "docs" / "input-formats.md"


def _section(source: Source) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"^### {source.name} — .*?(?=^### |\Z)", text, re.M | re.S)
    assert match, f"docs/input-formats.md has no section for {source.name}"
    return match.group(0)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_every_column_is_documented_with_its_headers(source: Source) -> None:
    rows = {
        line.split("|")[1].strip(" `"): line
        for line in _section(source).splitlines()
        if line.startswith("| `")
    }
    assert set(rows) == {c.name for c in source.columns}
    for column in source.columns:
        cells = [cell.strip() for cell in rows[column.name].split("|")]
        assert cells[2] == column.zh
        assert all(alias in cells[3] for alias in column.aliases)
        assert (cells[5] == "yes") is column.required
