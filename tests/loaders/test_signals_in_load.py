"""`load_directory` also loads the risk signals found beside the sources."""

from __future__ import annotations

from pathlib import Path

from graph.settings import Settings
from graph.store.protocol import GraphStore
from loaders.ingest import load_directory
from loaders.synthetic import generate


def test_generated_city_carries_signals_and_load_picks_them_up(
    tmp_path: Path, memory_store: GraphStore, settings: Settings
) -> None:
    city = generate("tiny", 7, tmp_path / "city")
    assert city.counts["signals"] > 0
    report = load_directory(memory_store, tmp_path / "city", settings)
    (signals,) = [f for f in report.files if f.source == "signals"]
    assert signals.rows == city.counts["signals"]
    assert signals.rejected == 0
    assert memory_store.counts()["Signal"] == signals.loaded > 0
    again = load_directory(memory_store, tmp_path / "city", settings)
    assert next(f for f in again.files if f.source == "signals").loaded == signals.loaded
    assert memory_store.counts()["Signal"] == signals.loaded
