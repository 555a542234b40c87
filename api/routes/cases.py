"""Cases: intake (with assignment on intake), lists, detail, lifecycle transitions, history."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path
from pydantic import Field

from api.deps import Caller, CallerDep, PolicyDep, WriterDep
from api.errors import ERROR_RESPONSES
from api.intake import Intake
from api.present import Presenter, node_id
from api.schemas.cases import (
    CaseDetail,
    CaseHistory,
    CaseIntake,
    CaseSummary,
    Claimant,
    Handler,
    HistoryItem,
    Party,
    Transition,
)
from api.schemas.common import (
    ApiModel,
    DistrictQuery,
    Page,
    Paging,
    PeriodQuery,
    StatusQuery,
    in_period,
    paging,
)
from graph.enums import Label, RelType
from graph.errors import Forbidden
from graph.store.records import CaseContext, NodeRecord
from graph.values import format_yuan
from queries.coordination.assign import assign_case
from queries.coordination.assignment import Assignment
from queries.coordination.lifecycle import (
    STATE_TITLES,
    TRANSITIONS,
    deadline_of,
    history_of,
    transition,
)
from queries.coordination.policy import CoordinationPolicy

router = APIRouter(prefix="/v1/cases", tags=["案件 Cases"], responses=ERROR_RESPONSES)

CaseIdPath = Annotated[str, Path(title="案件编号", min_length=1, max_length=64, openapi_examples={
    "案件": {"summary": "案件编号", "value": "C-2024-0001"}})]
INTAKE_EXAMPLES = {
    "12345 投诉": {
        "summary": "12345 热线投诉：2 名工人",
        "value": {
            "id": "C-2024-0100", "source": "12345", "kind": "投诉", "received_at": "2024-06-01",
            "area": "310115", "project": "P-001",
            "respondents": [{"name": "上海某劳务有限公司", "uscc": "91310115MA1K000017"}],
            "claimants": [{"name": "张三", "resident_id": "990101199001011237",
                           "phone": "10012345678", "amount_claimed": 1500000,
                           "months_owed": 3}],
            "summary": "某小区二期木工班组 3 个月工资未发",
        },
    },
}


class CaseCreated(ApiModel):
    case: CaseDetail = Field(title="案件")
    assignment: Assignment | None = Field(None, title="分派结果（包案）")




class Reassign(ApiModel):
    transfer_reason: str | None = Field(None, title="转交理由", min_length=1, max_length=500)


@router.post(
    "",
    status_code=201,
    summary="受理案件 Take in a case",
    description="受理来自 12345、12333、全国线索平台、信访、现场等渠道的投诉或线索：校验后写入图谱"
    "（投诉人身份号码只保存哈希与脱敏形式），默认随即按包案规则分派主办、协办、属地单位与包案领导。"
    "发生地须在调用者管辖范围内。",
)
def take_in(
    caller: WriterDep,
    rules: PolicyDep,
    intake: Annotated[CaseIntake, Body(openapi_examples=INTAKE_EXAMPLES)],
) -> CaseCreated:
    if not caller.principal.covers(intake.area):
        raise Forbidden(f"area {intake.area} is outside scope {caller.principal.scope_area}")
    job = Intake(caller.store, caller.services.settings, intake)
    job.check()
    job.write()
    caller.audit("case.create", f"Case:{job.case_id}", claimants=len(job.claimants),
                 respondents=len(job.respondents))
    result = None
    if intake.assign:
        result = assign_case(caller.store, job.case_id, rules, actor=caller.principal.name,
                             now=datetime.now(UTC))
        caller.audit("case.assign", f"Case:{job.case_id}", grade=result.grade.value)
    return CaseCreated(case=_detail(caller, job.case_id, rules), assignment=result)


@router.get(
    "",
    summary="案件列表 List cases",
    description="调用者管辖范围内（及其所在区参与的跨区协调组）的案件，按受理日期倒序；"
    "可按区县、期间（YYYY / YYYY-MM / YYYY-Qn）和状态过滤。",
)
def list_cases(
    *,
    caller: CallerDep,
    pages: Annotated[Paging, Depends(paging)],
    district: DistrictQuery = None,
    period: PeriodQuery = None,
    status: StatusQuery = None,
) -> Page[CaseSummary]:
    guard = caller.guard
    rows = []
    for case in caller.store.nodes(Label.CASE):
        if status and str(case.get("status", "received")) != status:
            continue
        if not in_period(str(case.get("received_at", "")), period):
            continue
        areas = guard.case_areas(case)
        if district and not any(a.startswith(district) for a in areas):
            continue
        if guard.case_visible(case):
            rows.append(_summary(case, areas, guard.case_groups(case)))
    rows.sort(key=lambda r: (r.received_at, r.id), reverse=True)
    return pages.cut(rows)


@router.get(
    "/{case_id}",
    summary="案件详情 Case detail",
    description="案件、被投诉单位、承办与包案、串案与一案一策。投诉人姓名与脱敏号码仅对"
    "监察员/管理员返回（并记入审计日志），其他角色只得到人数。",
)
def get_case(caller: CallerDep, rules: PolicyDep, case_id: CaseIdPath) -> CaseDetail:
    return _detail(caller, case_id, rules)


@router.post(
    "/{case_id}/transitions",
    summary="案件流转 Move a case",
    description="按流程表把案件转入下一状态（如 received→verifying），记录操作人、时间与理由；"
    "不允许的转移返回 409。",
)
def move(
    caller: WriterDep,
    rules: PolicyDep,
    case_id: CaseIdPath,
    body: Annotated[Transition, Body(openapi_examples={
        "核查": {"summary": "转入核查", "value": {"to": "verifying", "reason": "已联系投诉人"}}})],
) -> CaseHistory:
    before = str(caller.guard.require_case(case_id).get("status", "received"))
    case = transition(caller.store, case_id, body.to, actor=caller.principal.name,
                      reason=body.reason, now=datetime.now(UTC), approval=body.approval)
    caller.audit("case.transition", f"Case:{case_id}", from_state=before, to_state=body.to)
    return _history(case, rules)


@router.get(
    "/{case_id}/history",
    summary="流转历史 Case history",
    description="案件的全部流转记录、当前阶段期限与可转入的状态。",
)
def history(caller: CallerDep, rules: PolicyDep, case_id: CaseIdPath) -> CaseHistory:
    return _history(caller.guard.require_case(case_id), rules)


@router.post(
    "/{case_id}/assignment",
    summary="重新分派 Re-assign a case",
    description="按包案规则重新分派；已有包案领导保留（一人一案到底），除非给出 transfer_reason。",
)
def reassign(
    caller: WriterDep,
    rules: PolicyDep,
    case_id: CaseIdPath,
    body: Annotated[Reassign, Body(openapi_examples={
        "重新分派": {"summary": "保留包案领导", "value": {}}})],
) -> Assignment:
    caller.guard.require_case(case_id)
    result = assign_case(caller.store, case_id, rules, actor=caller.principal.name,
                         now=datetime.now(UTC), transfer_reason=body.transfer_reason)
    caller.audit("case.assign", f"Case:{case_id}", grade=result.grade.value,
                 transfer=body.transfer_reason is not None)
    return result


# ------------------------------------------------------------------ presentation


def _summary(case: NodeRecord, areas: list[str], groups: list[str]) -> CaseSummary:
    status = str(case.get("status", "received"))
    owed = int(case.get("amount_owed", 0) or 0)
    return CaseSummary(
        id=case.ref.key, source=str(case.get("source", "")), kind=str(case.get("kind", "")),
        received_at=str(case.get("received_at", "")), status=status,
        status_zh=STATE_TITLES.get(status, status), areas=areas,
        project=case.get("project"), workers=int(case.get("workers", 0) or 0),
        amount_owed=owed, amount_owed_text=format_yuan(owed), severity=case.get("severity"),
        groups=groups,
    )


def _detail(caller: Caller, case_id: str, rules: CoordinationPolicy) -> CaseDetail:
    case = caller.guard.require_case(case_id)
    ctx = caller.store.case_context(case_id)
    base = _summary(case, caller.guard.case_areas(case), caller.guard.case_groups(case))
    presenter = Presenter(caller)
    claimants = _claimants(caller, presenter, ctx) if caller.principal.sees_personal_data else None
    presenter.audit_personal("case.read", f"Case:{case_id}")
    return CaseDetail(
        **base.model_dump(),
        summary=case.get("summary"),
        respondents=[Party(id=node_id(r.ref), name=str(r.get("name", r.ref.key)))
                     for r in ctx.respondents],
        claimant_count=ctx.claimants,
        claimants=claimants,
        handling=_handlers(caller, ctx),
        linked_cases=sorted({r.dst.key if r.src == case.ref else r.src.key for r in ctx.links}),
        plan=_plan(case),
    )


def _claimants(caller: Caller, presenter: Presenter, ctx: CaseContext) -> list[Claimant]:
    rels = caller.store.relationships_of(ctx.case.ref, RelType.CLAIMANT_IN, "in")
    people = caller.store.get_nodes([r.src for r in rels])
    out = []
    for rel in rels:
        person = people.get(rel.src)
        fields = presenter.person(person) if person else None
        if fields is not None:
            out.append(Claimant(pid=rel.src.key, name=fields.get("name"),
                                id_masked=fields.get("id_masked"),
                                phone_masked=fields.get("phone_masked"),
                                amount_claimed=int(rel.get("amount_claimed", 0) or 0)))
    return out


def _handlers(caller: Caller, ctx: CaseContext) -> list[Handler]:
    nodes = caller.store.get_nodes([r.dst for r in ctx.handling])
    return [Handler(type=r.type.value, role=str(r.get("role", r.key)), id=node_id(r.dst),
                    name=str(nodes[r.dst].get("name", r.dst.key)) if r.dst in nodes else r.dst.key)
            for r in ctx.handling]


def _plan(case: NodeRecord) -> dict[str, Any] | None:
    raw = case.get("plan")
    if not raw:
        return None
    parsed: dict[str, Any] = json.loads(raw) if isinstance(raw, str) else dict(raw)
    return parsed


def _history(case: NodeRecord, rules: CoordinationPolicy) -> CaseHistory:
    status = str(case.get("status", "received"))
    deadline = deadline_of(case, rules)
    entries = [HistoryItem(at=e.at, actor=e.actor, from_state=e.from_state, to_state=e.to_state,
                           to_state_zh=STATE_TITLES.get(e.to_state, e.to_state), reason=e.reason)
               for e in history_of(case)]
    return CaseHistory(case_id=case.ref.key, status=status,
                       deadline=deadline.due.isoformat() if deadline else None,
                       allowed=list(TRANSITIONS.get(status, ())), entries=entries)

