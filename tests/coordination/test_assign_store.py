"""Assignment through the store: fetch, decide, write; owner kept to the end; batch balancing."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from graph.enums import Label, RelType
from graph.errors import Conflict
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from queries.coordination import assign_all, assign_case, coverage, default_policy
from queries.coordination.lifecycle import history_of
from tests.coordination.conftest import LJZ, XH_STREET, add_case, build_city, roles

NOW = datetime(2025, 1, 6, 9, 0)
POLICY = default_policy()


def test_assign_writes_units_leaders_grade_plan_and_history(store: GraphStore) -> None:
    build_city(store)
    add_case(store, "C-1", project="P-1", areas=(LJZ,))
    result = assign_case(store, "C-1", POLICY, actor="tester", now=NOW)
    assert roles(store, "C-1") == {
        "主办": ["LI-PD"], "属地": ["GOV-PD", "STR-LJZ"], "协办": ["CON-PD"], "包案": ["O-LI-1"],
    }
    case = store.get_node(NodeRef(Label.CASE, "C-1"))
    assert case is not None
    assert case.get("severity") == "ordinary"
    plan = json.loads(str(case.get("plan")))
    assert plan["lead_unit"] == "浦东新区劳动保障监察大队"
    assert plan["deadline"] == "2025-01-13"  # 5 working days from Mon 2025-01-06
    assert any("转包" in line for line in result.trace)
    assert history_of(case)[-1].actor == "tester"


def test_gov_invested_project_gets_superior_supervision(store: GraphStore) -> None:
    build_city(store)
    add_case(store, "C-2", project="P-2", workers=60)
    assign_case(store, "C-2", POLICY, actor="t", now=NOW)
    got = roles(store, "C-2")
    assert got["督办"] == ["HR-C"]
    assert got["包案"] == ["O-GOV-1"]
    assert got["指导"] == ["O-HR-2"]
    assert "协办" not in got  # no chain trigger on P-2


def test_repeat_offender_on_another_project_raises_the_grade(store: GraphStore) -> None:
    build_city(store)
    add_case(store, "C-A", project="P-1", against=("E-SUB",))
    add_case(store, "C-B", project="P-1", against=("E-SUB",))  # a co-worker, same site
    assert assign_case(store, "C-A", POLICY, actor="t", now=NOW).grade.value == "ordinary"
    add_case(store, "C-C", project="P-3", against=("E-SUB",))  # another arrears episode
    result = assign_case(store, "C-A", POLICY, actor="t", now=NOW)
    assert result.grade.value == "difficult"
    assert "重复欠薪主体" in result.trace[0]


def test_owner_is_kept_on_reassignment_and_changes_only_by_transfer(store: GraphStore) -> None:
    build_city(store)
    add_case(store, "C-1", project="P-1")
    first = assign_case(store, "C-1", POLICY, actor="t", now=NOW)
    add_case(store, "C-0", project="P-3")  # gives O-LI-1 no extra load; owner must stay anyway
    again = assign_case(store, "C-1", POLICY, actor="t", now=NOW)
    assert first.owner is not None
    assert again.owner is not None
    assert again.owner.official_id == first.owner.official_id
    assert again.kept_owner
    store.upsert_relationships(RelType.LED_BY, [RelRecord(
        RelType.LED_BY, NodeRef(Label.CASE, "C-0"), NodeRef(Label.OFFICIAL, "O-LI-2"), "包案")])
    moved = assign_case(store, "C-1", POLICY, actor="t", now=NOW, transfer_reason="原领导调任")
    assert moved.owner is not None
    assert roles(store, "C-1")["包案"] == [moved.owner.official_id]
    assert any("原领导调任" in line for line in moved.trace)


def test_transfer_needs_a_reason(store: GraphStore) -> None:
    build_city(store)
    add_case(store, "C-1", project="P-1")
    with pytest.raises(Conflict, match="reason"):
        assign_case(store, "C-1", POLICY, actor="t", now=NOW, transfer_reason="  ")


def test_batch_assignment_balances_loads(store: GraphStore) -> None:
    build_city(store)
    for i in range(4):
        add_case(store, f"C-{i}", project="P-1")
    results = assign_all(store, POLICY, actor="t", now=NOW)
    owners = sorted(r.owner.official_id for r in results if r.owner)
    assert owners == ["O-LI-1", "O-LI-1", "O-LI-2", "O-LI-2"]


def test_coverage_counts_lead_units_owners_and_reasons(store: GraphStore) -> None:
    build_city(store)
    add_case(store, "C-1", project="P-1")
    # 徐汇 has no street leader for a difficult case
    add_case(store, "C-X", project="P-3", months_owed=6)
    add_case(store, "C-Z", status="closed")  # closed cases are not counted
    assign_all(store, POLICY, actor="t", now=NOW)
    got = coverage(store)
    assert got["open_cases"] == 2
    assert got["with_one_lead_unit"] == 2
    assert got["with_one_owner"] == 1
    assert got["owner_share"] == 0.5
    assert got["reasons"] == {"无符合条件的包案领导": 1, "无符合条件的指导领导": 1}


def test_case_without_project_uses_where_it_occurred(store: GraphStore) -> None:
    build_city(store)
    add_case(store, "C-N", areas=(XH_STREET,))
    result = assign_case(store, "C-N", POLICY, actor="t", now=NOW)
    assert result.lead_unit is not None
    assert result.lead_unit.agency_id == "LI-XH"


def test_reassignment_replaces_stale_units_but_keeps_overdue_supervision(
    memory_store: GraphStore,
) -> None:
    build_city(memory_store)
    add_case(memory_store, "C-2", project="P-2")
    assign_case(memory_store, "C-2", POLICY, actor="t", now=NOW)
    overdue = RelRecord(RelType.ASSIGNED_TO, NodeRef(Label.CASE, "C-2"),
                        NodeRef(Label.AGENCY, "HR-PD"), "督办", {"overdue_stage": "received:x"})
    memory_store.upsert_relationships(RelType.ASSIGNED_TO, [overdue])
    no_escalation = POLICY.model_copy(update={"escalate_gov_invested": False})
    assign_case(memory_store, "C-2", no_escalation, actor="t", now=NOW)
    assert roles(memory_store, "C-2")["督办"] == ["HR-PD"]


def test_rerunning_the_same_assignment_changes_nothing(store: GraphStore) -> None:
    build_city(store)
    add_case(store, "C-1", project="P-1")
    assign_case(store, "C-1", POLICY, actor="t", now=NOW)
    before = store.case_context("C-1")
    assign_case(store, "C-1", POLICY, actor="t", now=datetime(2025, 2, 1))
    after = store.case_context("C-1")
    assert len(history_of(after.case)) == len(history_of(before.case)) == 1
    assert {(r.key, r.dst.key, r.get("assigned_at")) for r in after.handling} == {
        (r.key, r.dst.key, r.get("assigned_at")) for r in before.handling
    }
