"""Reading the facts: the lean scans of fetch_inputs give exactly what the plain per-case and
per-record reads give (tests/crossdistrict/reference.py)."""

from __future__ import annotations

import gc
from datetime import datetime
from pathlib import Path

import pytest

from graph.collector import collector_paused
from graph.enums import Label, RelType
from graph.settings import Settings
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from queries.crossdistrict import Policy, analyse, confirm_match, fetch_inputs, reject_match
from tests.crossdistrict.reference import reference_inputs
from tests.crossdistrict.scenario import (
    A_USCC,
    B_USCC,
    JINGAN,
    NOW,
    PUDONG,
    XUHUI,
    Builder,
    ent,
)

AT = datetime(2026, 6, 30, 9, 0)


def _ties_and_edge_cases(store: GraphStore) -> None:
    """Officers of respondents and of employers, investors, name lending named by property or
    by key only, on an open case's project or another, analyst decisions, a closed case, an
    open case without a known place and one whose claimant has no job on its project."""
    b = Builder(store)
    a = b.enterprise(A_USCC, "上海甲建设有限公司")
    boss = b.person("p-boss", "包工头甲")
    crew = b.enterprise("X-0001", "上海乙劳务有限公司")
    other = b.enterprise("X-0002", "上海乙劳务有限责任公司")
    rep, investor = b.person("p-rep", "法人乙"), b.person("p-inv", "出资人丙")
    b.tie(RelType.LEGAL_REP_OF, rep, a)
    b.tie(RelType.LEGAL_REP_OF, rep, crew)
    b.tie(RelType.CONTROLS, boss, crew)
    b.tie(RelType.INVESTS_IN, investor, a)
    b.tie(RelType.INVESTS_IN, investor, other)
    first = b.case(PUDONG, [a], employers=(crew, boss))
    b.case(XUHUI, [other], workers=0, amount_fen=0, employers=(other,))
    b.case(JINGAN, [a], status="closed", employers=(crew,))
    b.tie(RelType.WORKS_UNDER_NAME_OF, boss, a, "P001")
    b.tie(RelType.WORKS_UNDER_NAME_OF, boss, crew, "P003")
    store.upsert_relationships(
        RelType.WORKS_UNDER_NAME_OF,
        [RelRecord(RelType.WORKS_UNDER_NAME_OF, rep, a, "P002")],  # key, no project property
    )
    store.upsert_nodes(Label.CASE, [{"id": "C900", "received_at": "2026-06-01"}])  # no place
    store.upsert_relationships(
        RelType.AGAINST, [RelRecord(RelType.AGAINST, NodeRef(Label.CASE, "C900"), a)]
    )
    stray = b.person("p-stray", "无关工人")
    store.upsert_relationships(
        RelType.CLAIMANT_IN, [RelRecord(RelType.CLAIMANT_IN, stray, NodeRef(Label.CASE, first))]
    )
    b.enterprise(B_USCC, "上海丙建设有限公司")
    confirm_match(store, "X-0001", "X-0002", actor="analyst", reason="同一劳务队", now=AT)
    reject_match(store, A_USCC, B_USCC, actor="analyst", reason="不同单位", now=AT)


def test_fetch_inputs_equals_the_plain_read(store: GraphStore) -> None:
    _ties_and_edge_cases(store)
    facts = fetch_inputs(store)
    assert facts == reference_inputs(store)
    assert facts.unlocated == reference_inputs(store).unlocated == 1
    assert {t.type for t in facts.ties} == {
        RelType.LEGAL_REP_OF,
        RelType.CONTROLS,
        RelType.INVESTS_IN,
        RelType.WORKS_UNDER_NAME_OF,
    }
    assert {t.project for t in facts.ties if t.type is RelType.WORKS_UNDER_NAME_OF} == {
        "P001",
        None,
    }
    assert facts.enterprises["X-0001"].legal_reps == frozenset({"p-rep"})
    assert ("X-0001", "X-0002") in facts.same_as
    assert ent("X-0001") in facts.cases[0].employers


def test_fetch_inputs_equals_the_plain_read_on_the_tiny_city(
    memory_store: GraphStore, settings: Settings, tmp_path: Path
) -> None:
    synthetic = pytest.importorskip("loaders.synthetic")
    ingest = pytest.importorskip("loaders.ingest")
    city = tmp_path / "city"
    synthetic.generate("tiny", 7, city)
    ingest.load_directory(memory_store, city, settings)
    facts = fetch_inputs(memory_store)
    assert any(case.employers for case in facts.cases)
    assert facts.ties
    assert facts == reference_inputs(memory_store)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(memory_store: GraphStore, enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        _ties_and_edge_cases(memory_store)
        analyse(fetch_inputs(memory_store), Policy(), now=NOW)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
