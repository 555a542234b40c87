"""Case intake, case views and lifecycle requests."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from api.schemas.common import ApiModel
from graph.enums import CaseKind, CaseSource, PartyKind
from graph.values import AreaCode, Fen, IsoDate, Name, Uscc

CASE_ID_PATTERN = r"^[^\x00-\x1f\x7f/\\]{1,64}$"
"""Any printable text but slashes, so that every id can stand in a URL path."""


class RespondentIn(ApiModel):
    """The unit (or foreman) complained against."""

    name: Name = Field(title="名称", examples=["上海某劳务有限公司"])
    uscc: Uscc | None = Field(None, title="统一社会信用代码", examples=["91310115MA1K000017"])
    kind: PartyKind = Field(PartyKind.COMPANY, title="主体类型")


class ClaimantIn(ApiModel):
    """One worker who complains. The resident id is hashed on arrival and never stored."""

    name: Name = Field(title="姓名", examples=["张三"])
    resident_id: str = Field(title="公民身份号码", min_length=15, max_length=20,
                             examples=["990101199001011237"])
    phone: str | None = Field(None, title="联系电话", max_length=20, examples=["10012345678"])
    amount_claimed: Fen = Field(0, title="主张金额（分）", examples=[1500000])
    months_owed: int = Field(0, title="欠薪月数", ge=0, le=240)
    employer: str | None = Field(
        None, title="实际用工单位", max_length=64,
        description="企业标识（统一社会信用代码或 X-…）；须为已登记企业或本案被投诉单位",
    )


class CaseIntake(ApiModel):
    """A complaint or lead from 12345 / 12333 / the national clue platform / petition / on site."""

    id: str | None = Field(None, title="案件编号", pattern=CASE_ID_PATTERN,
                           description="留空则自动生成；不得含 / 或 \\", examples=["C-2024-0001"])
    source: CaseSource = Field(title="来源", examples=["12345"])
    kind: CaseKind = Field(CaseKind.COMPLAINT, title="类别")
    received_at: IsoDate = Field(title="受理日期", examples=["2024-06-01"])
    area: AreaCode = Field(title="发生地（区/街镇代码）", examples=["310115"])
    project: str | None = Field(None, title="项目编号", max_length=64, examples=["P-001"])
    respondents: list[RespondentIn] = Field(default_factory=list, title="被投诉单位",
                                            max_length=20)
    claimants: list[ClaimantIn] = Field(default_factory=list, title="投诉人", max_length=1000)
    workers: int | None = Field(None, title="涉及人数", ge=0, le=1_000_000,
                                description="留空则取投诉人数")
    amount_owed: Fen | None = Field(None, title="欠薪金额（分）",
                                    description="留空则取投诉人主张金额之和")
    months_owed: int = Field(0, title="欠薪月数", ge=0, le=240)
    group_incident: bool = Field(False, title="群体性事件")
    summary: str | None = Field(None, title="摘要", max_length=2000)
    assign: bool = Field(True, title="受理即分派", description="受理后立即按包案规则分派")

    @model_validator(mode="after")
    def _has_party(self) -> CaseIntake:
        if not self.respondents and not self.project:
            raise ValueError("a case needs a respondent or a project")
        return self


class Party(ApiModel):
    id: str = Field(title="节点标识", examples=["Enterprise:91310115MA1K000017"])
    name: str = Field(title="名称")


class Claimant(ApiModel):
    """Shown only to investigators and admins, for people in scope."""

    pid: str = Field(title="人员标识（哈希）")
    name: str | None = Field(None, title="姓名")
    id_masked: str | None = Field(None, title="身份号码（脱敏）")
    phone_masked: str | None = Field(None, title="电话（脱敏）")
    amount_claimed: int = Field(0, title="主张金额（分）")


class Handler(ApiModel):
    type: str = Field(title="关系", examples=["ASSIGNED_TO"])
    role: str = Field(title="角色", examples=["主办"])
    id: str = Field(title="节点标识", examples=["Agency:310115-LI"])
    name: str = Field(title="名称")


class CaseSummary(ApiModel):
    id: str = Field(title="案件编号", examples=["C-2024-0001"])
    source: str = Field(title="来源")
    kind: str = Field(title="类别")
    received_at: str = Field(title="受理日期")
    status: str = Field(title="状态", examples=["received"])
    status_zh: str = Field(title="状态（中文）", examples=["线索受理"])
    areas: list[str] = Field(title="关联区划")
    project: str | None = Field(None, title="项目编号")
    workers: int = Field(0, title="涉及人数")
    amount_owed: int = Field(0, title="欠薪金额（分）")
    amount_owed_text: str = Field(title="欠薪金额", examples=["15,000.00 元"])
    severity: str | None = Field(None, title="等级")
    groups: list[str] = Field(default_factory=list, title="跨区协调组")


class CaseDetail(CaseSummary):
    summary: str | None = Field(None, title="摘要")
    respondents: list[Party] = Field(title="被投诉单位")
    claimant_count: int = Field(title="投诉人数")
    claimants: list[Claimant] | None = Field(
        None, title="投诉人", description="仅对监察员/管理员且在管辖范围内返回；否则为 null"
    )
    handling: list[Handler] = Field(title="承办与包案")
    linked_cases: list[str] = Field(title="串案")
    plan: dict[str, Any] | None = Field(None, title="一案一策")


class Transition(ApiModel):
    to: str = Field(title="目标状态", max_length=32, examples=["verifying"])
    reason: str = Field(title="理由", min_length=1, max_length=500, examples=["已电话联系投诉人"])
    approval: str | None = Field(None, title="批准文号", max_length=100)


class HistoryItem(ApiModel):
    at: str = Field(title="时间")
    actor: str = Field(title="操作人")
    from_state: str = Field(title="原状态")
    to_state: str = Field(title="新状态")
    to_state_zh: str = Field(title="新状态（中文）")
    reason: str = Field(title="理由")


class CaseHistory(ApiModel):
    case_id: str = Field(title="案件编号")
    status: str = Field(title="当前状态")
    deadline: str | None = Field(None, title="当前阶段期限")
    allowed: list[str] = Field(title="可转入状态")
    entries: list[HistoryItem] = Field(title="流转记录")
