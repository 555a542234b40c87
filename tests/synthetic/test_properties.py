"""Invariants that hold for every seed (Hypothesis draws the seeds)."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.values import yuan_to_fen
from loaders.synthetic import generate
from tests.synthetic.conftest import read_rows


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_any_seed_gives_a_consistent_city(seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        generate("tiny", seed, out)
        claimed: Counter[str] = Counter()
        for row in read_rows(out, "claimants"):
            claimed[row["case_id"]] += yuan_to_fen(row["amount_claimed"])
        cases = read_rows(out, "cases")
        assert all(yuan_to_fen(c["amount_owed"]) == claimed[c["id"]] > 0 for c in cases)
        parties: dict[str, set[str]] = {}
        for row in read_rows(out, "contracts"):
            parties.setdefault(row["project"], set()).update(
                {row["to_uscc"], row["to_resident_id"]}
            )
        for row in read_rows(out, "name_lending"):
            parties[row["project"]].update({row["borrower_uscc"], row["borrower_resident_id"]})
        for row in read_rows(out, "dispatch"):
            parties[row["project"]].add(row["agency_uscc"])
        for row in read_rows(out, "rosters"):
            employer = row["employer_uscc"] or row["employer_resident_id"]
            assert employer in parties[row["project"]]
