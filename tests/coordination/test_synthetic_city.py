"""Every open case of the seeded tiny city gets one lead unit and one owner, or a reason."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from graph.settings import Settings
from graph.store.protocol import GraphStore
from queries.coordination import assign_all, coverage, default_policy


def test_tiny_city_every_case_has_one_lead_unit_and_one_owner_or_a_reason(
    memory_store: GraphStore, settings: Settings, tmp_path: Path
) -> None:
    synthetic = pytest.importorskip("loaders.synthetic")
    ingest = pytest.importorskip("loaders.ingest")
    synthetic.generate("tiny", 7, tmp_path / "city")
    ingest.load_directory(memory_store, tmp_path / "city", settings)
    results = assign_all(memory_store, default_policy(), actor="t", now=datetime(2025, 6, 1))
    assert results
    for result in results:
        has_lead = result.lead_unit is not None
        assert has_lead or any("部门" in p or "所在地" in p for p in result.problems)
        assert result.owner is not None or any("包案领导" in p for p in result.problems)
    got = coverage(memory_store)
    assert got["open_cases"] == len(results)
    explained = sum(1 for r in results if r.owner is None)
    assert got["with_one_owner"] + explained == got["open_cases"]
    assert all(len([u for u in r.units if u.role == "主办"]) <= 1 for r in results)
