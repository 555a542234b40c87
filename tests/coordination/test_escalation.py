"""Overdue cases escalate to the superior of their lead unit, once per stage deadline."""

from __future__ import annotations

from datetime import datetime

from graph.enums import Label
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef
from queries.coordination import assign_case, default_policy, escalate_overdue, transition
from queries.coordination.lifecycle import history_of
from tests.coordination.conftest import add_case, build_city, roles

POLICY = default_policy()


def _city_with_cases(store: GraphStore) -> None:
    build_city(store)
    add_case(store, "C-LATE", project="P-1", received_at="2025-01-24")  # due 2025-02-07
    # due 2025-02-12 (Sat 02-08 is a make-up working day)
    add_case(store, "C-OK", project="P-1", received_at="2025-02-06")
    add_case(store, "C-DONE", project="P-1", received_at="2025-01-02", status="closed")
    assign_case(store, "C-LATE", POLICY, actor="t", now=datetime(2025, 1, 24))


def test_overdue_case_is_supervised_by_the_superior(store: GraphStore) -> None:
    _city_with_cases(store)
    found = escalate_overdue(store, datetime(2025, 2, 10, 8), "督查室", POLICY)
    assert [(e.case_id, e.supervisor_id, e.due, e.days_overdue) for e in found] == [
        ("C-LATE", "HR-C", "2025-02-07", 3)
    ]
    assert roles(store, "C-LATE")["督办"] == ["HR-C"]
    case = store.get_node(NodeRef(Label.CASE, "C-LATE"))
    assert case is not None
    assert case.get("supervised") is True
    assert "逾期督办" in history_of(case)[-1].reason


def test_escalation_is_idempotent(store: GraphStore) -> None:
    _city_with_cases(store)
    escalate_overdue(store, datetime(2025, 2, 10), "督查室", POLICY)
    assert escalate_overdue(store, datetime(2025, 2, 11), "督查室", POLICY) == []
    case = store.get_node(NodeRef(Label.CASE, "C-LATE"))
    assert case is not None
    assert sum("逾期督办" in e.reason for e in history_of(case)) == 1


def test_a_new_stage_deadline_can_escalate_again(memory_store: GraphStore) -> None:
    _city_with_cases(memory_store)
    escalate_overdue(memory_store, datetime(2025, 2, 10), "督查室", POLICY)
    transition(memory_store, "C-LATE", "verifying", actor="a", reason="r",
               now=datetime(2025, 2, 10))
    transition(memory_store, "C-LATE", "arbitration", actor="a", reason="r",
               now=datetime(2025, 2, 10))
    found = escalate_overdue(memory_store, datetime(2025, 3, 28), "督查室", POLICY)
    late = [(e.state, e.due) for e in found if e.case_id == "C-LATE"]
    assert late == [("arbitration", "2025-03-27")]


def test_unassigned_case_escalates_via_its_district_bureau(memory_store: GraphStore) -> None:
    _city_with_cases(memory_store)
    found = escalate_overdue(memory_store, datetime(2025, 2, 14), "督查室", POLICY)
    assert {(e.case_id, e.supervisor_id) for e in found} == {("C-LATE", "HR-C"), ("C-OK", "HR-C")}


def test_no_superior_is_reported_not_written(memory_store: GraphStore) -> None:
    add_case(memory_store, "C-ALONE", received_at="2025-01-02")
    found = escalate_overdue(memory_store, datetime(2025, 2, 1), "督查室", POLICY)
    assert [(e.case_id, e.supervisor_id, e.problem) for e in found] == [
        ("C-ALONE", None, "无主办单位")
    ]
