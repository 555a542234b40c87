"""Same seed → byte-identical files; another seed → other files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from graph.errors import InvalidValue
from loaders.synthetic import GeneratedCity, generate


def digests(directory: Path) -> dict[str, str]:
    """sha256 of every file under ``directory``, by relative path."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = generate("tiny", 42, tmp_path / "a")
    second = generate("tiny", 42, tmp_path / "b")
    assert digests(first.out_dir) == digests(second.out_dir)
    assert len(digests(first.out_dir)) == 16  # 12 sources + signals + 3 truth files
    assert first.counts == second.counts


def test_different_seed_gives_different_files(tmp_path: Path) -> None:
    first = digests(generate("tiny", 42, tmp_path / "a").out_dir)
    other = digests(generate("tiny", 43, tmp_path / "b").out_dir)
    assert first.keys() == other.keys()
    changed = [name for name in first if first[name] != other[name]]
    assert "rosters.csv" in changed
    assert "cases.csv" in changed
    # agencies come from the area table, not from the seed
    assert len(changed) >= 10


def test_xlsx_output_is_byte_identical_too(tmp_path: Path) -> None:
    first = generate("tiny", 5, tmp_path / "a", fmt="xlsx")
    second = generate("tiny", 5, tmp_path / "b", fmt="xlsx")
    assert all(p.suffix == ".xlsx" for p in first.files)
    assert digests(first.out_dir) == digests(second.out_dir)


def test_gb18030_csv_holds_the_same_rows_as_utf8(tmp_path: Path) -> None:
    utf8 = generate("tiny", 3, tmp_path / "u")
    gb = generate("tiny", 3, tmp_path / "g", encoding="gb18030")
    sources = [p for p in utf8.files if p.stem != "signals"]  # signals are written as UTF-8 only
    for plain, other in zip(sources, gb.files, strict=True):
        assert plain.read_text(encoding="utf-8") == other.read_text(encoding="gb18030")
    assert (utf8.out_dir / "cases.csv").read_bytes() != (gb.out_dir / "cases.csv").read_bytes()


@pytest.mark.parametrize(
    ("scale", "fmt", "encoding", "field"),
    [
        ("town", "csv", "utf-8", "scale"),
        ("tiny", "ods", "utf-8", "format"),
        ("tiny", "xlsx", "gb18030", "encoding"),
        ("tiny", "csv", "latin-1", "encoding"),
    ],
)
def test_bad_arguments_are_refused_by_name(
    tmp_path: Path, scale: str, fmt: str, encoding: str, field: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        generate(scale, 1, tmp_path, fmt=fmt, encoding=encoding)
    assert caught.value.field == field


def test_files_of_the_other_format_are_refused_not_deleted(tmp_path: Path) -> None:
    generate("tiny", 1, tmp_path, fmt="xlsx")
    with pytest.raises(InvalidValue) as caught:
        generate("tiny", 1, tmp_path, fmt="csv")
    assert caught.value.field == "out_dir"
    assert (tmp_path / "rosters.xlsx").is_file()


def test_district_scale_is_byte_identical_too(tmp_path: Path, district: GeneratedCity) -> None:
    again = generate("district", district.seed, tmp_path / "again")
    assert digests(again.out_dir) == digests(district.out_dir)
