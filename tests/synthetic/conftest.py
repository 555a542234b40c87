"""Generated cities shared by the synthetic-data tests (each made once per session)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from loaders.columns import SOURCES_BY_NAME
from loaders.synthetic import GeneratedCity, generate

Rows = Callable[[str], list[dict[str, str]]]


def read_rows(directory: Path, source: str) -> list[dict[str, str]]:
    """The rows of one generated CSV, keyed by column name (not the Chinese header)."""
    spec = SOURCES_BY_NAME[source]
    with (directory / f"{spec.file_stem}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        assert header == [c.zh for c in spec.columns]
        return [dict(zip([c.name for c in spec.columns], row, strict=True)) for row in reader]


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> GeneratedCity:
    return generate("tiny", 42, tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="session")
def tiny_rows(tiny: GeneratedCity) -> Rows:
    cache: dict[str, list[dict[str, str]]] = {}

    def rows(source: str) -> list[dict[str, str]]:
        if source not in cache:
            cache[source] = read_rows(tiny.out_dir, source)
        return cache[source]

    return rows


@pytest.fixture(scope="session")
def district(tmp_path_factory: pytest.TempPathFactory) -> GeneratedCity:
    return generate("district", 7, tmp_path_factory.mktemp("district"))
