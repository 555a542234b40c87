"""Node and relationship models of the graph (see docs/graph-model.md).

Frozen pydantic models with ``extra="forbid"``: English identifiers, Chinese titles. Each
node model knows its label and natural key; :func:`node_props` turns one into the flat
property map both stores keep (dates as ISO text, money as integer fen).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from graph.enums import (
    AgencyKind,
    AgencyLevel,
    CaseKind,
    CaseSource,
    ContractKind,
    EnterpriseStatus,
    Funding,
    Label,
    Licence,
    PartyKind,
    Qualification,
    RelType,
    Sector,
    YesNo,
)
from graph.values import AreaCode, Fen, IsoDate, Name


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class NodeModel(Model):
    label: ClassVar[Label]
    key_field: ClassVar[str]

    @property
    def key(self) -> str:
        return str(getattr(self, self.key_field))


class Area(NodeModel):
    label: ClassVar[Label] = Label.AREA
    key_field: ClassVar[str] = "code"
    code: AreaCode = Field(title="区划代码")
    name: Name = Field(title="名称")
    level: AgencyLevel = Field(title="层级")


class Agency(NodeModel):
    label: ClassVar[Label] = Label.AGENCY
    key_field: ClassVar[str] = "id"
    id: str = Field(title="部门编号", min_length=1, max_length=64)
    name: Name = Field(title="部门名称")
    kind: AgencyKind = Field(title="部门类别")
    level: AgencyLevel = Field(title="层级")
    area: AreaCode = Field(title="所在区划")
    sectors: tuple[Sector, ...] = Field((), title="主管行业")


class Official(NodeModel):
    label: ClassVar[Label] = Label.OFFICIAL
    key_field: ClassVar[str] = "id"
    id: str = Field(title="干部编号", min_length=1, max_length=64)
    name: Name = Field(title="姓名")
    title: str = Field(title="职务")
    rank: int = Field(title="职级", ge=1, le=9, description="1 street section … 5 district head")
    agency: str = Field(title="所在部门编号")


class Enterprise(NodeModel):
    label: ClassVar[Label] = Label.ENTERPRISE
    key_field: ClassVar[str] = "eid"
    eid: str = Field(title="企业标识", description="the USCC, or 'X-…' for an unregistered unit")
    uscc: str | None = Field(None, title="统一社会信用代码")
    name: Name = Field(title="企业名称")
    kind: PartyKind = Field(PartyKind.COMPANY, title="主体类型")
    status: EnterpriseStatus = Field(EnterpriseStatus.ACTIVE, title="登记状态")
    licence: Licence = Field(Licence.VALID, title="营业执照")
    qualification: Qualification = Field(Qualification.UNKNOWN, title="建筑业资质")
    dispatch_licence: YesNo = Field(YesNo.NOT_APPLICABLE, title="劳务派遣许可")
    registered_area: AreaCode | None = Field(None, title="注册地")
    address: str | None = Field(None, title="住所")


class Person(NodeModel):
    label: ClassVar[Label] = Label.PERSON
    key_field: ClassVar[str] = "pid"
    pid: str = Field(title="人员标识", description="keyed hash of the resident id")
    name: Name = Field(title="姓名")
    id_masked: str = Field(title="身份号码（脱敏）")
    origin_area: str | None = Field(None, title="户籍地")
    phone_hash: str | None = Field(None, title="电话（哈希）")
    phone_masked: str | None = Field(None, title="电话（脱敏）")


class Project(NodeModel):
    label: ClassVar[Label] = Label.PROJECT
    key_field: ClassVar[str] = "code"
    code: str = Field(title="项目编号", min_length=1, max_length=64)
    name: Name = Field(title="项目名称")
    sector: Sector = Field(Sector.BUILDING, title="行业")
    funding: Funding = Field(Funding.UNKNOWN, title="资金来源")
    area: AreaCode = Field(title="项目所在地")
    contract_value: Fen | None = Field(None, title="合同价（分）")
    wage_account: bool | None = Field(None, title="工资专用账户")
    wage_deposit: bool | None = Field(None, title="工资保证金")
    planning_compliant: bool | None = Field(None, title="规划合法")
    permit: bool | None = Field(None, title="施工许可")
    notice_board: bool | None = Field(None, title="维权告示牌")
    status: str = Field("在建", title="项目状态")
    started_on: IsoDate | None = Field(None, title="开工日期")


class Case(NodeModel):
    label: ClassVar[Label] = Label.CASE
    key_field: ClassVar[str] = "id"
    id: str = Field(title="案件编号", min_length=1, max_length=64)
    source: CaseSource = Field(title="来源")
    kind: CaseKind = Field(title="类别")
    received_at: IsoDate = Field(title="受理日期")
    status: str = Field("received", title="状态")
    workers: int = Field(0, title="涉及人数", ge=0)
    amount_owed: Fen = Field(0, title="欠薪金额（分）")
    months_owed: int = Field(0, title="欠薪月数", ge=0)
    severity: str | None = Field(None, title="等级")
    group_incident: bool = Field(False, title="群体性事件")
    area: AreaCode | None = Field(None, title="发生地")
    project: str | None = Field(None, title="项目编号")
    summary: str | None = Field(None, title="摘要")


NODE_MODELS: dict[Label, type[NodeModel]] = {
    m.label: m for m in (Area, Agency, Official, Enterprise, Person, Project, Case)
}


def node_props(node: NodeModel) -> dict[str, Any]:
    """The flat property map a store keeps: JSON-safe, ``None`` left out."""
    return node.model_dump(mode="json", exclude_none=True)


# ---------------------------------------------------------------- relationships


class RelModel(Model):
    """A relationship's own properties (ends and identity travel beside it)."""

    rel_type: ClassVar[RelType]


class Contract(RelModel):
    rel_type: ClassVar[RelType] = RelType.CONTRACTS_TO
    project: str = Field(title="项目编号")
    contract_id: str | None = Field(None, title="合同编号")
    kind: ContractKind = Field(ContractKind.UNKNOWN, title="合同类别")
    price: Fen | None = Field(None, title="合同价（分）")
    paid: Fen | None = Field(None, title="已付（分）")
    unpaid: Fen | None = Field(None, title="未结清（分）")
    overdue: Fen | None = Field(None, title="逾期未付（分）")
    disputed: bool | None = Field(None, title="存在争议")
    signed_on: IsoDate | None = Field(None, title="签订日期")


class Employment(RelModel):
    rel_type: ClassVar[RelType] = RelType.EMPLOYED_BY
    project: str = Field(title="项目编号")
    wages_due: Fen = Field(0, title="应发工资（分）")
    wages_paid: Fen = Field(0, title="实发工资（分）")
    months_owed: int = Field(0, title="欠薪月数", ge=0)
    position: str | None = Field(None, title="岗位")
    last_paid_on: date | None = Field(None, title="最近发放日期")
