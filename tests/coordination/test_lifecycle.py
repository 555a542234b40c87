"""Every transition (legal and illegal), history, deadlines, extension, police referral."""

from __future__ import annotations

import importlib
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from graph.enums import Label
from graph.errors import Conflict, InvalidValue
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef
from queries.coordination import TRANSITIONS, default_policy, extend_deadline, transition
from queries.coordination.lifecycle import STATE_TITLES, deadline_of, history_of
from tests.coordination.conftest import LJZ, add_case, build_city

NOW = datetime(2025, 1, 20, 10, 30)
POLICY = default_policy()
LEGAL = [(a, b) for a, targets in TRANSITIONS.items() for b in targets if b != "referred_to_police"]
ILLEGAL = [
    (a, b) for a in STATE_TITLES for b in STATE_TITLES if b not in TRANSITIONS[a]
]


@pytest.mark.parametrize(("start", "target"), LEGAL)
def test_legal_transition(memory_store: GraphStore, start: str, target: str) -> None:
    add_case(memory_store, "C-1", status=start)
    case = transition(memory_store, "C-1", target, actor="张三", reason="依据核查结果", now=NOW)
    assert case.get("status") == target
    entry = history_of(case)[-1]
    assert (entry.actor, entry.from_state, entry.to_state) == ("张三", start, target)
    assert entry.at == "2025-01-20T10:30:00"
    assert entry.reason == "依据核查结果"


@pytest.mark.parametrize(("start", "target"), ILLEGAL)
def test_illegal_transition_is_refused(memory_store: GraphStore, start: str, target: str) -> None:
    add_case(memory_store, "C-1", status=start)
    with pytest.raises(Conflict, match=f"cannot move from .*\\({start}\\) to .*\\({target}\\)"):
        transition(memory_store, "C-1", target, actor="张三", reason="试图", now=NOW)
    node = memory_store.get_node(NodeRef(Label.CASE, "C-1"))
    assert node is not None
    assert node.get("status") == start


def test_refusal_names_the_allowed_targets(memory_store: GraphStore) -> None:
    add_case(memory_store, "C-1")
    with pytest.raises(Conflict, match="allowed: 核查\\(verifying\\)"):
        transition(memory_store, "C-1", "closed", actor="a", reason="r", now=NOW)


def test_unknown_state_and_empty_reason_are_bad_input(memory_store: GraphStore) -> None:
    add_case(memory_store, "C-1")
    with pytest.raises(InvalidValue, match="not a case state"):
        transition(memory_store, "C-1", "done", actor="a", reason="r", now=NOW)
    with pytest.raises(InvalidValue, match="reason"):
        transition(memory_store, "C-1", "verifying", actor="a", reason=" ", now=NOW)


def test_full_path_keeps_history_in_order(store: GraphStore) -> None:
    add_case(store, "C-1")
    path = ["verifying", "inspection_filed", "handling", "return_visit", "closed"]
    for state in path:
        transition(store, "C-1", state, actor="a", reason=f"进入{state}", now=NOW)
    case = store.get_node(NodeRef(Label.CASE, "C-1"))
    assert case is not None
    assert [e.to_state for e in history_of(case)] == path


def test_stage_deadlines(memory_store: GraphStore) -> None:
    add_case(memory_store, "C-1", received_at="2025-01-24")
    case = memory_store.get_node(NodeRef(Label.CASE, "C-1"))
    assert case is not None
    deadline = deadline_of(case, POLICY)
    assert deadline is not None
    assert deadline.due.isoformat() == "2025-02-07"  # acceptance across Spring Festival
    transition(memory_store, "C-1", "verifying", actor="a", reason="r", now=NOW)
    case = transition(memory_store, "C-1", "inspection_filed", actor="a", reason="r", now=NOW)
    deadline = deadline_of(case, POLICY)
    assert deadline is not None
    assert deadline.due.isoformat() == "2025-04-21"
    case = extend_deadline(memory_store, "C-1", actor="局长", approval="沪人社批〔2025〕1号",
                           now=NOW, policy=POLICY)
    deadline = deadline_of(case, POLICY)
    assert deadline is not None
    assert (deadline.due.isoformat(), deadline.extended) == ("2025-06-05", True)
    case = transition(memory_store, "C-1", "handling", actor="a", reason="r", now=NOW)
    deadline = deadline_of(case, POLICY)
    assert deadline is not None
    assert deadline.due.isoformat() == "2025-06-05"  # handling runs on the inspection clock
    with pytest.raises(Conflict, match="already extended"):
        extend_deadline(memory_store, "C-1", actor="a", approval="x", now=NOW, policy=POLICY)


def test_arbitration_deadline_and_no_deadline_when_closed(memory_store: GraphStore) -> None:
    add_case(memory_store, "C-1", status="verifying")
    case = transition(memory_store, "C-1", "arbitration", actor="a", reason="r",
                      now=datetime(2025, 1, 10))
    deadline = deadline_of(case, POLICY)
    assert deadline is not None
    assert deadline.due.isoformat() == "2025-02-24"
    add_case(memory_store, "C-2", status="closed")
    closed = memory_store.get_node(NodeRef(Label.CASE, "C-2"))
    assert closed is not None
    assert deadline_of(closed, POLICY) is None


def test_approval_is_recorded(memory_store: GraphStore) -> None:
    add_case(memory_store, "C-1")
    case = transition(memory_store, "C-1", "cancelled", actor="a", reason="不属于受理范围",
                      now=NOW, approval="审批单 17")
    assert "审批单 17" in history_of(case)[-1].reason


def test_police_referral_refused_when_criminal_test_fails(memory_store: GraphStore) -> None:
    if getattr(importlib.import_module("queries.liability"), "liability_for_case", None) is None:
        pytest.skip("queries.liability.liability_for_case is not available yet")
    build_city(memory_store)
    add_case(memory_store, "C-1", project="P-1", areas=(LJZ,), status="inspection_filed")
    with pytest.raises(Conflict, match="criminal test"):
        transition(memory_store, "C-1", "referred_to_police", actor="a", reason="r", now=NOW)


def test_police_referral_writes_referred_to(
    memory_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module("queries.liability")
    answer = SimpleNamespace(criminal_referral=("E-SUB",))

    def engine(store: Any, case_id: str) -> Any:
        assert case_id == "C-1"
        return answer

    monkeypatch.setattr(module, "liability_for_case", engine, raising=False)
    build_city(memory_store)
    add_case(memory_store, "C-1", project="P-1", status="inspection_filed")
    case = transition(memory_store, "C-1", "referred_to_police", actor="a", reason="拒不支付",
                      now=NOW)
    assert case.get("status") == "referred_to_police"
    referred = [r.dst.key for r in memory_store.case_context("C-1").handling if r.key == "两法衔接"]
    assert referred == ["POL-PD"]
    assert "浦东公安分局" in history_of(case)[-1].reason


def test_imported_case_without_history_counts_from_receipt(memory_store: GraphStore) -> None:
    add_case(memory_store, "C-1", status="arbitration", received_at="2025-01-10")
    case = memory_store.get_node(NodeRef(Label.CASE, "C-1"))
    assert case is not None
    deadline = deadline_of(case, POLICY)
    assert deadline is not None
    assert deadline.due.isoformat() == "2025-02-24"


def test_referral_refused_when_engine_is_missing(
    memory_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(importlib.import_module("queries.liability"), "liability_for_case",
                        raising=False)
    add_case(memory_store, "C-1", status="inspection_filed")
    with pytest.raises(Conflict, match="liability_for_case"):
        transition(memory_store, "C-1", "referred_to_police", actor="a", reason="r", now=NOW)
