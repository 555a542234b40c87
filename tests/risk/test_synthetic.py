"""Synthetic signals for the generated city, and the planted risky enterprises being found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.settings import Settings
from graph.store.memory import MemoryStore
from loaders.ingest import load_directory
from loaders.signals import load_signals
from loaders.synthetic import REFERENCE_DATE, generate
from loaders.synthetic_signals import write_signals
from queries.risk.assess import assess
from queries.risk.policy import default_policy
from queries.risk.truth import evaluate_against_truth


@pytest.fixture(scope="module")
def tiny_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny-city")
    generate("tiny", 7, out)
    return out


def test_signals_are_deterministic_and_loadable(tiny_city: Path, tmp_path: Path) -> None:
    other = write_signals(tiny_city, 8).read_bytes()
    first = write_signals(tiny_city, 7).read_bytes()
    assert write_signals(tiny_city, 7).read_bytes() == first
    assert other != first
    store = MemoryStore(None)
    report = load_signals(store, tiny_city / "signals.csv")
    assert report.errors == []
    assert report.written == first.decode().count("\n") - 1


def test_planted_risky_enterprises_are_found(tiny_city: Path, settings: Settings) -> None:
    store = MemoryStore(None)
    load_directory(store, tiny_city, settings)
    load_signals(store, write_signals(tiny_city, 7))
    a = assess(store, REFERENCE_DATE, default_policy())
    truth = json.loads((tiny_city / "truth" / "risky_enterprises.json").read_text("utf-8"))
    quality = evaluate_against_truth(a.risk, truth)
    assert quality["recall"] == 1.0
    assert quality["precision"] >= 0.25
    rules = {w.rule_id for w in a.risk.warnings}
    assert {"W01_attendance_unpaid", "W02_labour_cost_late"} <= rules
    assert all(w.responsible_unit for w in a.risk.warnings)
