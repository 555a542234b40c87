"""Responsibility look-ups for other agencies' systems: for a case, a project, a street + sector.

The answer is the 包案 decision of :mod:`queries.coordination` (lead unit, co-units,
territorial owner, supervisors, leader and guide, rule trace), plus the sector regulator
(谁主管谁负责) and the deadline. For a case it keeps the leaders already assigned; for a project
or a street + sector it is the decision a new ordinary complaint there would get today.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import Field

from api.deps import Caller, CallerDep, PolicyDep
from api.errors import ERROR_RESPONSES
from api.schemas.common import ApiModel
from graph.areas import area_registry
from graph.enums import Label, Sector
from graph.errors import NotFound
from graph.store.records import CaseContext, NodeRecord, NodeRef
from graph.values import validate_area_code
from queries.coordination.assign import gather_inputs
from queries.coordination.assignment import (
    ASSIST,
    SUPERVISE,
    TERRITORIAL,
    AssignmentInputs,
    LeaderRole,
    UnitRole,
    agencies_at,
    decide_assignment,
)
from queries.coordination.lifecycle import deadline_of
from queries.coordination.policy import CoordinationPolicy, Level
from queries.coordination.workdays import add_days

router = APIRouter(prefix="/v1/responsibility", tags=["责任查询 Responsibility"],
                   responses=ERROR_RESPONSES)


class Deadline(ApiModel):
    stage: str = Field(title="阶段", examples=["received"])
    due: str = Field(title="期限", examples=["2024-06-07"])
    basis: str = Field(title="计算依据", examples=["自 2024-06-01 起 5 个工作日"])


class Responsibility(ApiModel):
    """Who answers for a case, project or street + sector."""

    subject: str = Field(title="查询对象", examples=["Case:C-2024-0001"])
    place: str | None = Field(title="用工所在地", examples=["310115004"])
    place_name: str | None = Field(title="所在地名称", examples=["上海市浦东新区潍坊新村街道"])
    sector: str = Field(title="行业", examples=["building"])
    grade: str = Field(title="等级", examples=["ordinary"])
    grade_title: str = Field(title="等级名称", examples=["普通"])
    lead_unit: UnitRole | None = Field(title="主办单位")
    co_units: list[UnitRole] = Field(title="协办单位")
    territorial: list[UnitRole] = Field(title="属地责任单位")
    supervisors: list[UnitRole] = Field(title="督办单位")
    regulator: UnitRole | None = Field(title="行业主管部门")
    owner: LeaderRole | None = Field(title="包案领导")
    guide: LeaderRole | None = Field(title="指导领导")
    deadline: Deadline | None = Field(title="办理期限")
    report_immediately: bool = Field(title="即时专报")
    problems: list[str] = Field(title="未能确定的原因")
    trace: list[str] = Field(title="规则轨迹")


SectorQuery = Annotated[Sector, Query(
    title="行业", openapi_examples={"建设": {"value": "building"}}
)]


@router.get(
    "/cases/{case_id}",
    summary="案件责任单位 Responsibility for a case",
    description="案件的主办、协办、属地、督办单位，行业主管部门，包案与指导领导，当前阶段期限与规则轨迹。",
)
def for_case(
    caller: CallerDep,
    rules: PolicyDep,
    case_id: Annotated[str, Path(title="案件编号", min_length=1, max_length=64,
                                 openapi_examples={"案件": {"value": "C-2024-0001"}})],
) -> Responsibility:
    caller.guard.require_case(case_id)
    ctx = caller.store.case_context(case_id)
    inputs = gather_inputs(caller.store, ctx, caller.services.lookup())
    deadline = deadline_of(ctx.case, rules)
    due = Deadline(stage=deadline.state, due=deadline.due.isoformat(),
                   basis=f"自 {deadline.anchor_day.isoformat()} 起算") if deadline else None
    return _answer(f"Case:{case_id}", inputs, rules, due)


@router.get(
    "/projects/{code}",
    summary="项目责任单位 Responsibility for a project",
    description="该项目上新发生一起普通欠薪投诉时的责任单位与领导（按项目所在地、行业与分包链问题）。",
)
def for_project(
    caller: CallerDep,
    rules: PolicyDep,
    code: Annotated[str, Path(title="项目编号", min_length=1, max_length=64,
                              openapi_examples={"项目": {"value": "P-001"}})],
) -> Responsibility:
    project = caller.store.get_node(NodeRef(Label.PROJECT, code))
    if project is None:
        raise NotFound("project", code)
    inputs = _hypothetical(caller, project, None)
    return _answer(f"Project:{code}", inputs, rules, _intake_deadline(rules))


@router.get(
    "/areas/{street}",
    summary="街镇+行业责任单位 Responsibility for a street and sector",
    description="某街镇（9 位代码，或区县 6 位代码）某行业发生欠薪时的责任单位与领导。",
)
def for_area(
    caller: CallerDep,
    rules: PolicyDep,
    street: Annotated[str, Path(title="街镇代码", pattern=r"^\d{6}(\d{3})?$",
                                openapi_examples={"街镇": {"value": "310115004"}})],
    sector: SectorQuery = Sector.BUILDING,
) -> Responsibility:
    place = validate_area_code(street, "street")
    inputs = replace(_hypothetical(caller, None, place), sector=sector.value)
    return _answer(f"Area:{place}/{sector.value}", inputs, rules, _intake_deadline(rules))


def _hypothetical(caller: Caller, project: NodeRecord | None,
                  place: str | None) -> AssignmentInputs:
    """Inputs of a new ordinary complaint on the project (or at the place), received today."""
    case = NodeRecord(NodeRef(Label.CASE, ""), {"status": "received",
                                                "received_at": date.today().isoformat()})
    areas = (place,) if place else ()
    ctx = CaseContext(case, project, (), (), {}, areas, (), 0, (), ())
    return gather_inputs(caller.store, ctx, caller.services.lookup())


def _intake_deadline(rules: CoordinationPolicy) -> Deadline | None:
    rule = rules.deadlines.get("received")
    if rule is None:
        return None
    today = date.today()
    due = add_days(today, rule.days, rule.unit)
    unit = "个工作日" if rule.unit == "working" else "天"
    return Deadline(stage="received", due=due.due.isoformat(),
                    basis=f"自 {today.isoformat()} 受理起 {rule.days} {unit}")


def _regulator(inputs: AssignmentInputs, rules: CoordinationPolicy) -> UnitRole | None:
    kinds = tuple(rules.sector_regulators.get(Sector(inputs.sector), ()))
    for level in (Level.DISTRICT, Level.CITY):
        found = agencies_at(inputs, level, kinds)
        if found:
            return UnitRole(role="行业主管", agency_id=found[0].id, agency_name=found[0].name,
                            reason=f"R-7 谁主管谁负责（{inputs.sector}）")
    return None


def _answer(subject: str, inputs: AssignmentInputs, rules: CoordinationPolicy,
            deadline: Deadline | None) -> Responsibility:
    result = decide_assignment(inputs, rules, Counter())
    units = list(result.units)
    place = inputs.place
    return Responsibility(
        subject=subject, place=place,
        place_name=area_registry().full_name(place) if place else None,
        sector=inputs.sector, grade=result.grade.value, grade_title=result.grade_title,
        lead_unit=result.lead_unit, co_units=[u for u in units if u.role == ASSIST],
        territorial=[u for u in units if u.role == TERRITORIAL],
        supervisors=[u for u in units if u.role == SUPERVISE],
        regulator=_regulator(inputs, rules), owner=result.owner, guide=result.guide,
        deadline=deadline, report_immediately=result.report_immediately,
        problems=list(result.problems), trace=list(result.trace),
    )

