"""The graph route: facts from the store give the same answer as the same facts from a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.enums import Label, RelType
from graph.errors import NotFound
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from queries.liability import (
    evaluate,
    liability_for_case,
    liability_for_project,
    liability_for_worker,
    load_scenario,
)
from tests.conftest import SHARED
from tests.liability.helpers import finding_keys, load_into_store

SCENARIOS = sorted((SHARED / "scenarios").glob("EX-*.yaml"))
GC_ID, SUB_ID, BOSS_PID = "91310000MA1FL0001X", "91310000MA1FL0002X", "a" * 32


def ent(key: str) -> NodeRef:
    return NodeRef(Label.ENTERPRISE, key)


def per(key: str) -> NodeRef:
    return NodeRef(Label.PERSON, key)


def _small_project(store: GraphStore) -> None:
    """Owner → GC (general) → SUB (labour) → foreman BOSS (individual) who hired two workers."""
    store.upsert_nodes(
        Label.PROJECT,
        [
            {
                "code": "P1",
                "name": "测试楼",
                "area": "320102",
                "sector": "building",
                "planning_compliant": True,
                "permit": True,
                "wage_deposit": False,
            }
        ],
    )
    store.upsert_nodes(
        Label.ENTERPRISE,
        [
            {
                "eid": "OWN",
                "name": "甲置业",
                "kind": "company",
                "status": "存续",
                "qualification": "n/a",
            },
            {
                "eid": GC_ID,
                "name": "乙建工",
                "kind": "company",
                "licence": "valid",
                "qualification": "adequate",
            },
            {
                "eid": SUB_ID,
                "name": "丙劳务",
                "kind": "company",
                "status": "存续",
                "qualification": "adequate",
            },
        ],
    )
    store.upsert_nodes(
        Label.PERSON,
        [
            {"pid": p, "name": n, "id_masked": "***"}
            for p, n in ((BOSS_PID, "王某"), ("w1", "工人1"), ("w2", "工人2"))
        ],
    )
    store.upsert_relationships(
        RelType.CONTRACTS_TO,
        [
            RelRecord(
                RelType.CONTRACTS_TO,
                ent("OWN"),
                ent(GC_ID),
                "P1",
                {
                    "project": "P1",
                    "kind": "general_contract",
                    "unpaid": 100_000_00,
                    "overdue": 40_000_00,
                },
            ),
            RelRecord(
                RelType.CONTRACTS_TO,
                ent(GC_ID),
                ent(SUB_ID),
                "P1",
                {"project": "P1", "kind": "labour_subcontract"},
            ),
            RelRecord(
                RelType.CONTRACTS_TO,
                ent(SUB_ID),
                per(BOSS_PID),
                "P1",
                {"project": "P1", "kind": "let_to_individual"},
            ),
        ],
    )
    store.upsert_relationships(
        RelType.EMPLOYED_BY,
        [
            RelRecord(
                RelType.EMPLOYED_BY,
                per(w),
                per(BOSS_PID),
                "P1",
                {"project": "P1", "wages_due": due, "wages_paid": 0, "months_owed": 4},
            )
            for w, due in (("w1", 30_000_00), ("w2", 20_000_00))
        ],
    )
    store.upsert_nodes(
        Label.CASE, [{"id": "C1", "source": "12345", "kind": "投诉", "received_at": "2024-05-01"}]
    )
    store.upsert_relationships(
        RelType.CONCERNS,
        [RelRecord(RelType.CONCERNS, NodeRef(Label.CASE, "C1"), NodeRef(Label.PROJECT, "P1"))],
    )
    store.upsert_relationships(
        RelType.CLAIMANT_IN,
        [
            RelRecord(
                RelType.CLAIMANT_IN,
                per("w1"),
                NodeRef(Label.CASE, "C1"),
                props={"amount_claimed": 30_000_00},
            )
        ],
    )


def test_project_route_reads_roles_from_position(store: GraphStore) -> None:
    _small_project(store)
    answer = liability_for_project(store, "P1", date(2024, 6, 1))
    found = {(f.party, f.capacity) for f in answer.findings}
    assert found == {
        (BOSS_PID, "DIRECT"),
        (GC_ID, "PAY_FIRST"),
        (SUB_ID, "EMPLOYER_RESP"),
        ("OWN", "ADVANCE_CAPPED"),
    }
    assert next(f.cap for f in answer.findings if f.capacity == "ADVANCE_CAPPED") == 100000.0
    assert [r.party for r in answer.criminal_referral] == [BOSS_PID]
    assert "江苏省标准）：达到" in answer.criminal_referral[0].conditions[1]


def test_case_route_uses_the_claimants_crew_only(store: GraphStore) -> None:
    _small_project(store)
    answer = liability_for_case(store, "C1", date(2024, 6, 1))
    direct = next(f for f in answer.findings if f.capacity == "DIRECT")
    assert (answer.scenario, direct.party, direct.amount) == ("C1", BOSS_PID, 30000.0)


def test_worker_route_and_unknown_employment(store: GraphStore) -> None:
    _small_project(store)
    answer = liability_for_worker(store, "w2", "P1", date(2024, 6, 1))
    assert next(f.amount for f in answer.findings if f.capacity == "DIRECT") == 20000.0
    with pytest.raises(NotFound):
        liability_for_worker(store, "w2", "P-NONE", date(2024, 6, 1))


def test_regime_defaults_to_today_on_the_graph_route(store: GraphStore) -> None:
    _small_project(store)
    assert liability_for_project(store, "P1").decided_on == date.today()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_same_facts_same_answer_by_either_route(store: GraphStore, path: Path) -> None:
    facts = load_scenario(path)
    code = load_into_store(store, facts)
    by_file = evaluate(facts)
    by_graph = liability_for_project(store, code, facts.decided_on)
    assert finding_keys(by_graph) == finding_keys(by_file)
    assert {r.party for r in by_graph.criminal_referral} == {
        r.party for r in by_file.criminal_referral
    }
    assert by_graph.enforcement_order == by_file.enforcement_order


def test_case_without_project_or_claimants_is_answered_with_a_warning(store: GraphStore) -> None:
    store.upsert_nodes(
        Label.CASE, [{"id": "C0", "source": "12345", "kind": "投诉", "received_at": "2024-05-01"}]
    )
    answer = liability_for_case(store, "C0", date(2024, 6, 1))
    assert answer.findings == ()
    assert any("没有班组及欠薪信息" in w for w in answer.warnings)
