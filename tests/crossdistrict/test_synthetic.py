"""End to end on the synthetic city: every planted group with open arrears in two or more
districts is found (recall 1.0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.settings import Settings
from graph.store.protocol import GraphStore
from queries.crossdistrict import Policy, analyse, evaluate_against_truth, fetch_inputs

synthetic = pytest.importorskip("loaders.synthetic", reason="loaders.synthetic.generate is missing")
ingest = pytest.importorskip("loaders.ingest", reason="loaders.ingest.load_directory is missing")


@pytest.mark.parametrize("seed", [7, 11])
def test_planted_groups_of_the_tiny_city_are_found(
    memory_store: GraphStore, settings: Settings, tmp_path: Path, seed: int
) -> None:
    city = tmp_path / "city"
    synthetic.generate("tiny", seed, city)
    ingest.load_directory(memory_store, city, settings)
    facts = fetch_inputs(memory_store)
    detection = analyse(facts, Policy(), now=synthetic.REFERENCE_DATE)
    truth = json.loads((city / "truth" / "cross_district_groups.json").read_text("utf-8"))
    pid_of = settings.pseudonymiser().person_key
    precision, recall, details = evaluate_against_truth(
        detection.groups, truth, pid_of=pid_of, facts=facts
    )
    assert details["expected"] >= 1
    assert recall == 1.0, details["missed"]
    assert precision == 1.0, details["unmatched_detected"]
