"""Cross-district coordination groups (跨区域欠薪): the recorded groups and their detail.

A principal sees a group when one of its districts lies in the principal's scope (or is the
principal's district); the member cases of a visible group are visible too (see
:mod:`api.scope`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import Field

from api.deps import CallerDep
from api.errors import ERROR_RESPONSES
from api.schemas.common import ApiModel, DistrictQuery, Page, Paging, StatusQuery, paging
from graph.enums import Label, RelType
from graph.errors import Forbidden, NotFound
from graph.store.records import NodeRecord, NodeRef
from graph.values import format_yuan
from queries.coordination.lifecycle import STATE_TITLES

router = APIRouter(prefix="/v1/cross-district", tags=["跨区协同 Cross-district"],
                   responses=ERROR_RESPONSES)


class GroupSummary(ApiModel):
    id: str = Field(title="协调组编号", examples=["G-3f9a1c2d"])
    span: str = Field(title="跨越范围", examples=["跨区"])
    districts: list[str] = Field(title="涉及区县", examples=[["310104", "310115"]])
    lead_district: str | None = Field(None, title="主办区县", examples=["310115"])
    co_districts: list[str] = Field(default_factory=list, title="协办区县")
    coordinator: str | None = Field(None, title="协调机关", examples=["上海市人力资源和社会保障局"])
    cases: int = Field(0, title="案件数")
    workers: int = Field(0, title="涉及人数")
    amount_owed: int = Field(0, title="欠薪金额（分）")
    amount_owed_text: str = Field(title="欠薪金额", examples=["12,000.00 元"])
    spreading: bool = Field(False, title="跨地区蔓延")
    status: str = Field("open", title="状态")
    created_at: str | None = Field(None, title="建立时间")


class GroupCase(ApiModel):
    id: str = Field(title="案件编号")
    status: str = Field(title="状态")
    status_zh: str = Field(title="状态（中文）")
    received_at: str = Field(title="受理日期")
    areas: list[str] = Field(title="关联区划")
    workers: int = Field(0, title="涉及人数")
    amount_owed: int = Field(0, title="欠薪金额（分）")


class GroupDetail(GroupSummary):
    tasks: list[dict[str, Any]] = Field(title="协查任务")
    member_cases: list[GroupCase] = Field(title="成员案件")


GroupIdPath = Annotated[str, Path(title="协调组编号", min_length=1, max_length=64,
                                  openapi_examples={"协调组": {"value": "G-3f9a1c2d"}})]


@router.get(
    "/groups",
    summary="跨区协调组列表 Cross-district groups",
    description="调用者所在区（或管辖范围内的区）参与的跨区域欠薪协调组，按欠薪金额倒序。",
)
def list_groups(
    caller: CallerDep,
    pages: Annotated[Paging, Depends(paging)],
    district: DistrictQuery = None,
    status: StatusQuery = None,
) -> Page[GroupSummary]:
    rows = []
    for group in caller.store.nodes(Label.COORDINATION_GROUP):
        summary = _summary(group)
        if status and summary.status != status:
            continue
        if district and not any(d.startswith(district[:6]) for d in summary.districts):
            continue
        if caller.guard.group_visible(group.ref.key):
            rows.append(summary)
    rows.sort(key=lambda g: (-g.amount_owed, g.id))
    return pages.cut(rows)


@router.get(
    "/groups/{group_id}",
    summary="跨区协调组详情 Group detail",
    description="协调组的主办/协办区县、协调机关、协查任务与成员案件。",
)
def get_group(caller: CallerDep, group_id: GroupIdPath) -> GroupDetail:
    group = caller.store.get_node(NodeRef(Label.COORDINATION_GROUP, group_id))
    if group is None:
        raise NotFound("coordination group", group_id)
    if not caller.guard.group_visible(group_id):
        scope = caller.principal.scope_area
        raise Forbidden(f"group {group_id!r} has no district in scope {scope}")
    members = caller.store.relationships_of(group.ref, RelType.IN_GROUP, "in")
    cases = caller.store.get_nodes([r.src for r in members])
    tasks = [json.loads(t) if isinstance(t, str) else dict(t) for t in group.get("tasks") or []]
    return GroupDetail(**_summary(group).model_dump(), tasks=tasks,
                       member_cases=[_case(caller, c) for c in sorted(cases.values(),
                                                                      key=lambda c: c.ref.key)])


def _summary(group: NodeRecord) -> GroupSummary:
    g = group.props
    owed = int(g.get("amount_owed", 0) or 0)
    return GroupSummary(
        id=group.ref.key, span=str(g.get("span", "跨区")),
        districts=[str(d) for d in g.get("districts") or []],
        lead_district=g.get("lead_district"), co_districts=list(g.get("co_districts") or []),
        coordinator=g.get("coordinator"), cases=int(g.get("cases", 0) or 0),
        workers=int(g.get("workers", 0) or 0), amount_owed=owed,
        amount_owed_text=format_yuan(owed), spreading=bool(g.get("spreading", False)),
        status=str(g.get("status", "open")), created_at=g.get("created_at"),
    )


def _case(caller: CallerDep, case: NodeRecord) -> GroupCase:
    status = str(case.get("status", "received"))
    return GroupCase(id=case.ref.key, status=status, status_zh=STATE_TITLES.get(status, status),
                     received_at=str(case.get("received_at", "")),
                     areas=caller.guard.case_areas(case), workers=int(case.get("workers", 0) or 0),
                     amount_owed=int(case.get("amount_owed", 0) or 0))
