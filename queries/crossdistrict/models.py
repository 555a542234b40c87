"""What the cross-district question answers with: frozen models, English fields, Chinese titles.

Money is integer fen (``*_fen``); each model that carries money also carries the yuan text
for people. Dates are ISO dates.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LeadBy = Literal["workers", "amount"]
DefaulterSource = Literal["employers_first", "respondents", "both"]
MatchStatus = Literal["confirmed", "auto", "review"]
CoordinatorLevel = Literal["city", "province", "cross_province"]
TaskKind = Literal["文书送达协助", "财产查控", "诚信档案通报"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Policy(Frozen):
    """The knobs of detection, entity resolution and coordination (all have defaults)."""

    lead_by: LeadBy = Field("workers", title="主办地依据", description="workers or amount")
    auto_match: float = Field(0.8, title="自动合并阈值", ge=0, le=1)
    review_match: float = Field(0.6, title="人工复核阈值", ge=0, le=1)
    spreading_days: int = Field(30, title="蔓延观察期（天）", ge=1)
    task_due_working_days: int = Field(10, title="协查期限（工作日）", ge=1)
    min_districts: int = Field(2, title="最少涉及区县数", ge=2)
    include_investors: bool = Field(False, title="出资人视为关联人")
    defaulters: DefaulterSource = Field(
        "employers_first",
        title="欠薪主体口径",
        description="employers_first: the claimants' employers who owe them, else the "
        "respondents; respondents: who the complaint names; both",
    )


class Match(Frozen):
    """Two Enterprise nodes judged to be one unit, with the score and the reasons."""

    a: str = Field(title="企业标识A")
    b: str = Field(title="企业标识B")
    a_name: str = Field(title="名称A")
    b_name: str = Field(title="名称B")
    score: float = Field(title="匹配得分")
    reasons: tuple[str, ...] = Field(title="匹配理由")
    status: MatchStatus = Field(title="状态", description="confirmed, auto (applied) or review")


class MatchDecision(Frozen):
    """An analyst's recorded decision on a pair (SAME_AS or NOT_SAME_AS)."""

    a: str = Field(title="企业标识A")
    b: str = Field(title="企业标识B")
    same: bool = Field(title="是否同一主体")
    decided_by: str = Field(title="决定人")
    decided_at: str = Field(title="决定时间")
    reason: str = Field(title="理由")


class DistrictStat(Frozen):
    code: str = Field(title="区县代码")
    name: str = Field(title="区县名称")
    cases: int = Field(title="案件数")
    workers: int = Field(title="涉及人数")
    amount_fen: int = Field(title="欠薪金额（分）")
    first_received: date = Field(title="首次受理日期")
    new: bool = Field(title="近期新增", description="first reached within the spreading window")


class CaseRow(Frozen):
    id: str = Field(title="案件编号")
    district: str = Field(title="区县代码")
    street: str | None = Field(None, title="街镇代码")
    project: str | None = Field(None, title="项目编号")
    received_at: date = Field(title="受理日期")
    workers: int = Field(title="涉及人数")
    amount_fen: int = Field(title="欠薪金额（分）")
    respondents: tuple[str, ...] = Field(title="被投诉主体")
    employers: tuple[str, ...] = Field((), title="欠薪用工主体")


class Member(Frozen):
    ref: str = Field(title="节点", description="'Enterprise:<eid>' or 'Person:<pid>'")
    name: str = Field(title="名称")
    roles: tuple[str, ...] = Field(title="角色")
    districts: tuple[str, ...] = Field(title="被投诉所在区县")
    connector: bool = Field(title="关联纽带", description="ties cases of several districts")


class TiePath(Frozen):
    """How a case of the lead district reaches a case of another district."""

    from_district: str = Field(title="起点区县")
    to_district: str = Field(title="终点区县")
    text: str = Field(title="关联路径")
    nodes: tuple[str, ...] = Field(title="路径节点")


class Coordinator(Frozen):
    level: CoordinatorLevel = Field(title="协调层级")
    area: str | None = Field(title="协调区划", description="None across provinces")
    name: str = Field(title="协调机关")
    agency_ids: tuple[str, ...] = Field((), title="图中部门编号")
    basis: str = Field(title="依据")


class Task(Frozen):
    district: str = Field(title="承担区县")
    district_name: str = Field(title="区县名称")
    kind: TaskKind = Field(title="任务类别")
    subject: str = Field(title="对象")
    due: date = Field(title="期限")
    status: str = Field("待办", title="状态")


class Group(Frozen):
    """One cross-district group of open arrears and who coordinates it."""

    id: str = Field(title="协调组编号", description="digest of the sorted party keys: stable")
    span: Literal["跨区", "跨市", "跨省"] = Field(title="跨越范围")
    districts: tuple[DistrictStat, ...] = Field(title="涉及区县")
    streets: tuple[str, ...] = Field(title="涉及街镇")
    cases: tuple[CaseRow, ...] = Field(title="案件")
    workers: int = Field(title="涉及人数")
    amount_fen: int = Field(title="欠薪金额（分）")
    amount_text: str = Field(title="欠薪金额")
    first_received: date = Field(title="最早受理")
    last_received: date = Field(title="最近受理")
    members: tuple[Member, ...] = Field(title="关联主体")
    paths: tuple[TiePath, ...] = Field(title="关联路径")
    matches: tuple[Match, ...] = Field((), title="实体合并")
    spreading: bool = Field(title="跨地区蔓延")
    new_districts: tuple[str, ...] = Field((), title="新进入区县")
    lead_district: str = Field(title="主办区县")
    co_districts: tuple[str, ...] = Field(title="协办区县")
    coordinator: Coordinator = Field(title="协调机关")
    tasks: tuple[Task, ...] = Field(title="协查任务")
