"""Responsibility for a place, a project and a case: the 包案 rules without a stand-in case,
and a case's stored assignment ahead of the rules' suggestion."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from graph.enums import Label, RelType
from graph.errors import InvalidValue, NotFound
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from queries.coordination import assign_case, default_policy
from queries.coordination.responsibility import (
    responsibility_for_case,
    responsibility_for_place,
    responsibility_for_project,
)
from tests.coordination.conftest import LJZ, add_case, build_city

POLICY = default_policy()
MONDAY = date(2025, 1, 6)
NOW = datetime(2025, 1, 6, 9, 0)


def _ids(units: tuple[object, ...]) -> list[str]:
    return sorted(str(getattr(u, "agency_id", "")) for u in units)


def test_street_and_sector_get_units_regulator_candidates_and_intake_deadline(
    memory_store: GraphStore,
) -> None:
    build_city(memory_store)
    answer = responsibility_for_place(memory_store, LJZ, "transport", policy=POLICY, today=MONDAY)
    assert answer.basis == "computed"
    assert answer.subject == f"Area:{LJZ}/transport"
    assert answer.lead_unit is not None
    assert answer.lead_unit.agency_id == "LI-PD"
    assert _ids(answer.territorial) == ["GOV-PD", "STR-LJZ"]
    assert answer.regulator is not None
    assert answer.regulator.agency_id == "TR-PD"
    assert answer.co_units == ()
    assert answer.supervisors == ()
    assert [c.official_id for c in answer.owner_candidates] == ["O-LI-1", "O-LI-2"]
    assert answer.owner is not None
    assert answer.owner.official_id == "O-LI-1"
    assert answer.deadline is not None
    assert answer.deadline.due == "2025-01-13"
    assert any(line.startswith("主办") for line in answer.trace)


def test_government_project_gets_superior_supervision_and_guide_candidates(
    memory_store: GraphStore,
) -> None:
    build_city(memory_store)
    answer = responsibility_for_project(memory_store, "P-2", policy=POLICY, today=MONDAY)
    assert answer.sector == "transport"
    assert _ids(answer.supervisors) == ["HR-C"]
    assert "R-59" in answer.supervisors[0].reason
    assert [c.official_id for c in answer.guide_candidates] == ["O-HR-1", "O-HR-2"]
    assert answer.guide is not None


def test_project_answer_is_the_decision_a_new_case_there_gets(memory_store: GraphStore) -> None:
    build_city(memory_store)
    answer = responsibility_for_project(memory_store, "P-1", policy=POLICY, today=MONDAY)
    add_case(memory_store, "C-NEW", project="P-1", workers=1, amount_owed=100_000)
    decided = assign_case(memory_store, "C-NEW", POLICY, actor="t", now=NOW)
    assert answer.grade == decided.grade.value
    assert _ids(answer.co_units) == ["CON-PD"]  # the 转包 on P-1 triggers R-7
    every = (*answer.territorial, *answer.co_units, *answer.supervisors)
    assert {(u.role, u.agency_id) for u in (answer.lead_unit, *every) if u} == {
        (u.role, u.agency_id) for u in decided.units}


def test_unknown_project_and_sector_are_named(memory_store: GraphStore) -> None:
    build_city(memory_store)
    with pytest.raises(NotFound, match="P-NONE"):
        responsibility_for_project(memory_store, "P-NONE", policy=POLICY)
    with pytest.raises(InvalidValue, match="shipping"):
        responsibility_for_place(memory_store, LJZ, "shipping", policy=POLICY)


def test_case_without_assignment_gets_the_computed_decision(memory_store: GraphStore) -> None:
    build_city(memory_store)
    add_case(memory_store, "C-1", project="P-1", areas=(LJZ,))
    answer = responsibility_for_case(memory_store, "C-1", policy=POLICY)
    assert answer.basis == "computed"
    assert answer.subject == "Case:C-1"
    assert answer.suggestion is None


def test_case_reports_stored_units_and_leaders_including_escalation(
    memory_store: GraphStore,
) -> None:
    build_city(memory_store)
    add_case(memory_store, "C-1", project="P-1", areas=(LJZ,))
    assign_case(memory_store, "C-1", POLICY, actor="t", now=NOW)
    overdue = RelRecord(RelType.ASSIGNED_TO, NodeRef(Label.CASE, "C-1"),
                        NodeRef(Label.AGENCY, "HR-C"), "督办",
                        {"overdue_stage": "received:2025-01-13", "reason": "逾期督办"})
    memory_store.upsert_relationships(RelType.ASSIGNED_TO, [overdue])
    answer = responsibility_for_case(memory_store, "C-1", policy=POLICY)
    assert answer.basis == "assigned"
    assert _ids(answer.supervisors) == ["HR-C"]
    assert answer.supervisors[0].reason == "逾期督办"
    assert answer.owner is not None
    assert answer.owner.official_id == "O-LI-1"
    assert answer.suggestion is None  # escalation's 督办 is not a disagreement with the rules


def test_case_shows_the_rules_decision_as_suggestion_when_it_differs(
    memory_store: GraphStore,
) -> None:
    build_city(memory_store)
    add_case(memory_store, "C-1", project="P-1", areas=(LJZ,))
    assign_case(memory_store, "C-1", POLICY, actor="t", now=NOW)
    co_unit = [r for r in memory_store.case_context("C-1").handling if r.key == "协办"]
    memory_store.delete_relationships(RelType.ASSIGNED_TO, co_unit)
    answer = responsibility_for_case(memory_store, "C-1", policy=POLICY)
    assert answer.basis == "assigned"
    assert answer.co_units == ()
    assert answer.suggestion is not None
    assert answer.suggestion.differences == ("新增 协办：浦东新区建管委",)
    assert "CON-PD" in _ids(answer.suggestion.units)
