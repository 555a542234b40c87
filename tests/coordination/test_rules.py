"""The pure 包案 rules: one test per grade criterion and per assignment rule."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from queries.coordination.assignment import (
    AgencyInfo,
    AssignmentInputs,
    OfficialInfo,
    decide_assignment,
    grade_case,
)
from queries.coordination.policy import CoordinationPolicy, Grade, default_policy
from tests.coordination.conftest import AGENCIES, LJZ, OFFICIALS, REPORTS, XUHUI

POLICY = default_policy()


def facts(**changes: Any) -> AssignmentInputs:
    """An ordinary case on a 陆家嘴 building site, with the whole test city's units."""
    base = AssignmentInputs(
        case_id="C-T", place=LJZ, districts=(LJZ[:6],), sector="building", gov_invested=False,
        workers=3, amount_fen=2_000_000, months=1, group_incident=False, repeat_offender=False,
        chain_issues=(),
        agencies=tuple(AgencyInfo(i, n, k, lv, a) for i, n, k, lv, a, _ in AGENCIES),
        officials=tuple(OfficialInfo(*o) for o in OFFICIALS),
        superiors=dict(REPORTS),
    )
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("changes", "grade", "because"),
    [
        ({}, Grade.ORDINARY, "未达任何升级标准"),
        ({"workers": 10}, Grade.DIFFICULT, "涉及 10 人 ≥ 10"),
        ({"amount_fen": 30_000_000}, Grade.DIFFICULT, "≥ 300000 元"),
        ({"months": 6}, Grade.DIFFICULT, "欠薪 6 个月 ≥ 6"),
        ({"repeat_offender": True}, Grade.DIFFICULT, "重复欠薪主体"),
        ({"gov_invested": True}, Grade.DIFFICULT, "政府投资项目"),
        ({"workers": 50}, Grade.MAJOR, "涉及 50 人 ≥ 50"),
        ({"amount_fen": 200_000_000}, Grade.MAJOR, "≥ 2000000 元"),
        ({"group_incident": True}, Grade.MAJOR, "群体性事件风险"),
        ({"workers": 200}, Grade.SPECIAL, "涉及 200 人 ≥ 200"),
        ({"amount_fen": 1_000_000_000}, Grade.SPECIAL, "≥ 10000000 元"),
    ],
)
def test_each_grade_criterion(changes: dict[str, Any], grade: Grade, because: str) -> None:
    got, line = grade_case(facts(**changes), POLICY)
    assert got is grade
    assert because in line


def test_just_below_a_threshold_stays_lower() -> None:
    assert grade_case(facts(workers=49), POLICY)[0] is Grade.DIFFICULT
    assert grade_case(facts(workers=9), POLICY)[0] is Grade.ORDINARY


def test_thresholds_are_configuration() -> None:
    strict = POLICY.model_copy(update={"grades": (
        POLICY.grades[0], POLICY.grades[1].model_copy(update={"min_workers": 5}),
    )})
    assert grade_case(facts(workers=5), strict)[0] is Grade.MAJOR


def test_ordinary_case_lead_territory_and_owner() -> None:
    result = decide_assignment(facts(), POLICY, {})
    units = {(u.role, u.agency_id) for u in result.units}
    assert units == {("主办", "LI-PD"), ("属地", "STR-LJZ"), ("属地", "GOV-PD")}
    assert result.owner is not None
    assert result.owner.official_id == "O-LI-1"  # rank ≥2 inspectors, equal load, lowest id
    assert result.guide is None
    assert result.problems == ()
    assert any("R-L13" in line for line in result.trace)


def test_lead_unit_falls_back_to_hr_bureau_without_inspection_team() -> None:
    ctx = facts()
    ctx = replace(ctx, agencies=tuple(a for a in ctx.agencies if a.id != "LI-PD"))
    result = decide_assignment(ctx, POLICY, {})
    assert result.lead_unit is not None
    assert result.lead_unit.agency_id == "HR-PD"
    assert result.owner is not None
    assert result.owner.official_id == "O-HR-1"  # second owner pick: HR bureau rank ≥2


def test_owner_balances_open_loads() -> None:
    result = decide_assignment(facts(), POLICY, {"O-LI-1": 4, "O-LI-2": 1})
    assert result.owner is not None
    assert result.owner.official_id == "O-LI-2"


def test_sector_regulator_joins_when_the_chain_shows_subcontracting() -> None:
    result = decide_assignment(facts(chain_issues=("转包",)), POLICY, {})
    assert ("协办", "CON-PD") in {(u.role, u.agency_id) for u in result.units}
    transport = decide_assignment(facts(sector="transport", chain_issues=("挂靠",)), POLICY, {})
    assert ("协办", "TR-PD") in {(u.role, u.agency_id) for u in transport.units}


def test_no_sector_regulator_without_a_trigger_unless_policy_says_always() -> None:
    assert all(u.role != "协办" for u in decide_assignment(facts(), POLICY, {}).units)
    always = POLICY.model_copy(update={"co_unit_always": True})
    assert any(u.role == "协办" for u in decide_assignment(facts(), always, {}).units)


def test_other_sector_has_no_regulator() -> None:
    result = decide_assignment(facts(sector="other", chain_issues=("转包",)), POLICY, {})
    assert all(u.role != "协办" for u in result.units)


def test_difficult_case_street_leader_owns_district_hr_guides() -> None:
    result = decide_assignment(facts(months=6), POLICY, {})
    assert result.owner is not None
    assert result.guide is not None
    assert (result.owner.official_id, result.guide.official_id) == ("O-STR-1", "O-HR-1")


def test_major_case_district_leader_owns_hr_head_guides() -> None:
    result = decide_assignment(facts(workers=60), POLICY, {})
    assert result.owner is not None
    assert result.guide is not None
    assert (result.owner.official_id, result.guide.official_id) == ("O-GOV-1", "O-HR-2")
    assert not result.report_immediately


def test_special_case_principal_leader_and_immediate_report() -> None:
    result = decide_assignment(facts(workers=250), POLICY, {})
    assert result.owner is not None
    assert result.owner.official_id == "O-GOV-2"
    assert result.report_immediately


def test_government_investment_escalates_to_the_superior_hr_bureau() -> None:
    result = decide_assignment(facts(gov_invested=True), POLICY, {})
    assert ("督办", "HR-C") in {(u.role, u.agency_id) for u in result.units}
    assert any("R-59" in u.reason for u in result.units)


def test_conflict_of_jurisdiction_goes_to_the_common_superior() -> None:
    result = decide_assignment(facts(districts=(LJZ[:6], XUHUI)), POLICY, {})
    supervising = [u for u in result.units if u.role == "督办"]
    assert [u.agency_id for u in supervising] == ["HR-C"]
    assert "指定管辖" in supervising[0].reason


def test_missing_rank_is_an_explicit_reason() -> None:
    ctx = facts(place="310104003", districts=(XUHUI,), months=6)
    result = decide_assignment(ctx, POLICY, {})
    assert result.lead_unit is not None
    assert result.lead_unit.agency_id == "LI-XH"
    assert result.owner is None
    assert any("无符合条件的包案领导" in p and "街镇政府" in p for p in result.problems)


def test_no_place_is_an_explicit_reason() -> None:
    result = decide_assignment(facts(place=None, districts=()), POLICY, {})
    assert result.lead_unit is None
    assert result.owner is None
    assert result.problems == ("无项目所在地或发生地，无法确定用工所在地",)


def test_current_owner_is_kept() -> None:
    result = decide_assignment(facts(current_owner="O-LI-2"), POLICY, {"O-LI-2": 9})
    assert result.owner is not None
    assert result.owner.official_id == "O-LI-2"
    assert result.kept_owner


def test_policy_is_frozen_and_forbids_unknown_fields() -> None:
    with pytest.raises(ValueError, match="extra"):
        CoordinationPolicy.model_validate({**POLICY.model_dump(), "surprise": 1})


def test_government_investment_goes_above_district_level() -> None:
    chain = {"LI-PD": "HR-PD", "HR-PD": "HR-C"}
    result = decide_assignment(facts(gov_invested=True, superiors=chain), POLICY, {})
    assert [u.agency_id for u in result.units if u.role == "督办"] == ["HR-C"]
