"""The generated files load through the real loaders without a single reject."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from graph.settings import Settings
from graph.store.protocol import GraphStore
from loaders.synthetic import GeneratedCity

HAVE_INGEST = importlib.util.find_spec("loaders.ingest") is not None


@pytest.mark.skipif(not HAVE_INGEST, reason="loaders.ingest.load_directory is not written yet")
def test_tiny_city_loads_with_zero_rejects(
    tiny: GeneratedCity, memory_store: GraphStore, settings: Settings, tmp_path: Path
) -> None:
    from loaders.ingest import load_directory

    report = load_directory(memory_store, tiny.out_dir, settings, rejects_dir=tmp_path / "rej")
    loaded = {f.file: (f.rows, f.loaded, f.rejected) for f in report.files}
    assert len(loaded) == 13  # 12 sources and the risk signals
    for source, rows in tiny.counts.items():
        name = f"{source}.csv"
        assert loaded[name] == (rows, rows, 0), name


@pytest.mark.skipif(not HAVE_INGEST, reason="loaders.ingest.load_directory is not written yet")
def test_tiny_xlsx_city_loads_with_zero_rejects(
    tmp_path: Path, memory_store: GraphStore, settings: Settings
) -> None:
    from loaders.ingest import load_directory
    from loaders.synthetic import generate

    city = generate("tiny", 11, tmp_path / "x", fmt="xlsx")
    report = load_directory(memory_store, city.out_dir, settings, rejects_dir=tmp_path / "rej")
    assert sum(f.rejected for f in report.files) == 0
    assert sum(f.loaded for f in report.files) == sum(city.counts.values())
