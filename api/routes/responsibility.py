"""Responsibility look-ups for other agencies' systems: for a case, a project, a street + sector.

The answers come from :mod:`queries.coordination.responsibility`: for a project or a street +
sector, the 包案 decision a new ordinary complaint there would get today (lead unit, co-units,
territorial owner, supervisors, sector regulator, leader and guide with their candidates,
intake deadline, rule trace); for a case, what was actually assigned (``basis`` assigned,
including 督办 added by escalation), with the rules' decision as ``suggestion`` when it differs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import CallerDep, PolicyDep
from api.errors import ERROR_RESPONSES
from graph.enums import Sector
from graph.values import validate_area_code
from queries.coordination.responsibility import (
    Responsibility,
    responsibility_for_case,
    responsibility_for_place,
    responsibility_for_project,
)

router = APIRouter(prefix="/v1/responsibility", tags=["责任查询 Responsibility"],
                   responses=ERROR_RESPONSES)

SectorQuery = Annotated[Sector, Query(
    title="行业", openapi_examples={"建设": {"value": "building"}}
)]


@router.get(
    "/cases/{case_id}",
    summary="案件责任单位 Responsibility for a case",
    description="案件已分派的主办、协办、属地、督办单位（含逾期督办）与包案、指导领导，行业主管部门，"
    "当前阶段期限；按规则推算的结果与已分派不同时作为建议（suggestion）给出。",
)
def for_case(
    caller: CallerDep,
    rules: PolicyDep,
    case_id: Annotated[str, Path(title="案件编号", min_length=1, max_length=64,
                                 openapi_examples={"案件": {"value": "C-2024-0001"}})],
) -> Responsibility:
    caller.guard.require_case(case_id)
    return responsibility_for_case(caller.store, case_id, policy=rules,
                                   lookup=caller.services.lookup())


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
    return responsibility_for_project(caller.store, code, policy=rules,
                                      lookup=caller.services.lookup())


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
    return responsibility_for_place(caller.store, place, sector.value, policy=rules,
                                    lookup=caller.services.lookup())
