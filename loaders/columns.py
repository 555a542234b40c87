"""The input files an agency has, and their columns (the mapping is documented in
docs/input-formats.md; a test keeps the two in step).

Each source is a CSV (UTF-8 with or without BOM, or GB18030/GBK) or XLSX file whose header
row names columns in Chinese or English; any alias below is accepted, case and width
insensitive. ``kind`` says how a cell is parsed and validated.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ColumnKind(StrEnum):
    TEXT = "text"
    NAME = "name"
    USCC = "uscc"
    RESIDENT_ID = "resident_id"
    PHONE = "phone"
    AREA = "area"
    DATE = "date"
    MONTH = "month"
    YUAN = "yuan"
    INT = "int"
    BOOL = "bool"
    TOKEN = "token"
    LIST = "list"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    zh: str
    kind: ColumnKind
    required: bool = False
    aliases: tuple[str, ...] = ()
    tokens: str | None = None
    """For TOKEN columns: the token vocabulary (a key of loaders.vocab.VOCABULARIES)."""
    doc: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    zh: str
    file_stem: str
    columns: tuple[Column, ...]
    doc: str = ""


C = Column
K = ColumnKind

ENTERPRISES = Source(
    "enterprises",
    "企业登记",
    "enterprises",
    (
        C(
            "uscc",
            "统一社会信用代码",
            K.USCC,
            aliases=("信用代码", "社会信用代码"),
            doc="empty for an unregistered unit",
        ),
        C("name", "企业名称", K.NAME, True, ("名称", "单位名称")),
        C("kind", "主体类型", K.TOKEN, tokens="party_kind", aliases=("企业类型",)),
        C("status", "登记状态", K.TOKEN, tokens="enterprise_status", aliases=("经营状态",)),
        C("qualification", "建筑业资质", K.TOKEN, tokens="qualification", aliases=("资质",)),
        C("dispatch_licence", "劳务派遣许可", K.TOKEN, tokens="yes_no", aliases=("派遣许可",)),
        C("registered_area", "注册地区划代码", K.AREA, aliases=("注册地", "区划代码")),
        C("address", "住所", K.TEXT, aliases=("地址", "注册地址")),
    ),
    "market-regulator registry extract",
)

PERSONS = Source(
    "persons",
    "人员（法定代表人/实际控制人/出资人/包工头）",
    "persons",
    (
        C("resident_id", "公民身份号码", K.RESIDENT_ID, True, ("身份证号", "身份证号码")),
        C("name", "姓名", K.NAME, True),
        C("phone", "联系电话", K.PHONE, aliases=("手机号", "电话")),
        C(
            "role",
            "身份",
            K.TOKEN,
            tokens="person_role",
            aliases=("关系", "角色"),
            doc="legal_rep | controller | investor | foreman | manager",
        ),
        C("enterprise_uscc", "企业统一社会信用代码", K.USCC, aliases=("企业信用代码",)),
        C("enterprise_name", "企业名称", K.NAME, aliases=("单位名称",)),
    ),
    "people behind enterprises, and foremen",
)

PROJECTS = Source(
    "projects",
    "项目备案",
    "projects",
    (
        C("code", "项目编号", K.TEXT, True, ("项目代码", "备案编号")),
        C("name", "项目名称", K.NAME, True),
        C("sector", "行业", K.TOKEN, tokens="sector", aliases=("行业类别",)),
        C("funding", "资金来源", K.TOKEN, tokens="funding", aliases=("投资性质",)),
        C("area", "项目所在地区划代码", K.AREA, True, ("项目所在地", "所在街镇")),
        C("contract_value", "合同价（元）", K.YUAN, aliases=("合同金额", "合同价")),
        C("wage_account", "工资专用账户", K.BOOL, aliases=("专户",)),
        C("wage_deposit", "工资保证金", K.BOOL, aliases=("保证金",)),
        C("planning_compliant", "规划合法", K.BOOL, aliases=("规划许可",)),
        C("permit", "施工许可", K.BOOL, aliases=("施工许可证",)),
        C("notice_board", "维权告示牌", K.BOOL, aliases=("告示牌",)),
        C("status", "项目状态", K.TEXT, aliases=("状态",)),
        C("started_on", "开工日期", K.DATE),
    ),
    "construction project filings",
)

_PARTY = "发包方", "承包方"
CONTRACTS = Source(
    "contracts",
    "合同/分包备案",
    "contracts",
    (
        C("contract_id", "合同编号", K.TEXT, True),
        C("project", "项目编号", K.TEXT, True),
        C("from_uscc", "发包方统一社会信用代码", K.USCC),
        C(
            "from_resident_id",
            "发包方身份证号",
            K.RESIDENT_ID,
            doc="when the letting party is a person",
        ),
        C("from_name", "发包方名称", K.NAME, True),
        C("to_uscc", "承包方统一社会信用代码", K.USCC),
        C(
            "to_resident_id",
            "承包方身份证号",
            K.RESIDENT_ID,
            doc="when the contractor is a person (包工头)",
        ),
        C("to_name", "承包方名称", K.NAME, True),
        C(
            "kind",
            "合同类别",
            K.TOKEN,
            True,
            tokens="contract_kind",
            aliases=("合同类型", "承包方式"),
        ),
        C("price", "合同价（元）", K.YUAN, aliases=("合同价", "合同金额")),
        C("paid", "已付（元）", K.YUAN, aliases=("已付金额",)),
        C("unpaid", "未结清（元）", K.YUAN, aliases=("未结清工程款",)),
        C("overdue", "逾期未付（元）", K.YUAN, aliases=("逾期未付",)),
        C("disputed", "存在争议", K.BOOL, aliases=("争议",)),
        C("signed_on", "签订日期", K.DATE),
    ),
    "general contracts and subcontract filings, one row per contract",
)

NAME_LENDING = Source(
    "name_lending",
    "挂靠关系",
    "name_lending",
    (
        C("project", "项目编号", K.TEXT, True),
        C("lender_uscc", "被挂靠单位统一社会信用代码", K.USCC, True),
        C("lender_name", "被挂靠单位名称", K.NAME),
        C("borrower_uscc", "挂靠人统一社会信用代码", K.USCC),
        C("borrower_resident_id", "挂靠人身份证号", K.RESIDENT_ID),
        C("borrower_name", "挂靠人名称", K.NAME, True),
    ),
    "挂靠 found by inspection: the borrower works under the lender's name",
)

DISPATCH = Source(
    "dispatch",
    "劳务派遣",
    "dispatch",
    (
        C("project", "项目编号", K.TEXT),
        C("agency_uscc", "派遣单位统一社会信用代码", K.USCC),
        C("agency_resident_id", "派遣人身份证号", K.RESIDENT_ID),
        C("agency_name", "派遣单位名称", K.NAME, True),
        C("user_uscc", "用工单位统一社会信用代码", K.USCC, doc="empty if unregistered"),
        C("user_name", "用工单位名称", K.NAME, True),
    ),
    "dispatch arrangements",
)

ROSTERS = Source(
    "rosters",
    "实名制花名册",
    "rosters",
    (
        C("project", "项目编号", K.TEXT, True),
        C("resident_id", "公民身份号码", K.RESIDENT_ID, True, ("身份证号", "身份证号码")),
        C("name", "姓名", K.NAME, True),
        C("phone", "联系电话", K.PHONE, aliases=("手机号",)),
        C("employer_uscc", "用工单位统一社会信用代码", K.USCC, aliases=("所属单位信用代码",)),
        C("employer_resident_id", "班组长身份证号", K.RESIDENT_ID, aliases=("包工头身份证号",)),
        C("employer_name", "用工单位名称", K.NAME, True, ("所属单位", "班组长")),
        C("position", "岗位", K.TEXT, aliases=("工种",)),
        C("entered_on", "进场日期", K.DATE),
        C("left_on", "退场日期", K.DATE),
    ),
    "real-name registration: who works on which project, for whom",
)

WAGES = Source(
    "wages",
    "工资发放/专户流水",
    "wages",
    (
        C("project", "项目编号", K.TEXT, True),
        C("resident_id", "公民身份号码", K.RESIDENT_ID, True, ("身份证号",)),
        C("month", "工资月份", K.MONTH, True, ("月份",)),
        C("due", "应发工资（元）", K.YUAN, True, ("应发",)),
        C("paid", "实发工资（元）", K.YUAN, True, ("实发",)),
        C("paid_on", "发放日期", K.DATE),
        C("via", "发放方式", K.TOKEN, tokens="payment_via", aliases=("支付方式",)),
    ),
    "monthly payroll lines, aggregated per worker, employer and project into what is owed",
)

CASES = Source(
    "cases",
    "投诉/线索/仲裁/群体性事件",
    "cases",
    (
        C("id", "案件编号", K.TEXT, True, ("编号",)),
        C("source", "来源", K.TOKEN, True, tokens="case_source", aliases=("案件来源",)),
        C("kind", "类别", K.TOKEN, True, tokens="case_kind", aliases=("案件类别",)),
        C("received_at", "受理日期", K.DATE, True, ("登记日期",)),
        C("status", "状态", K.TEXT),
        C("project", "项目编号", K.TEXT),
        C("respondent_uscc", "被投诉单位统一社会信用代码", K.USCC),
        C("respondent_resident_id", "被投诉人身份证号", K.RESIDENT_ID),
        C("respondent_name", "被投诉单位名称", K.NAME, aliases=("被投诉人",)),
        C("area", "发生地区划代码", K.AREA, aliases=("发生地",)),
        C("workers", "涉及人数", K.INT),
        C("amount_owed", "欠薪金额（元）", K.YUAN, aliases=("涉及金额",)),
        C("months_owed", "欠薪月数", K.INT),
        C("group_incident", "群体性事件", K.BOOL),
        C("summary", "摘要", K.TEXT, aliases=("诉求",)),
        C("closed_at", "结案日期", K.DATE, aliases=("办结日期", "销号日期"), doc="when closed"),
    ),
    "complaints, leads, arbitration cases and group incidents",
)

CLAIMANTS = Source(
    "claimants",
    "投诉人",
    "claimants",
    (
        C("case_id", "案件编号", K.TEXT, True),
        C("resident_id", "公民身份号码", K.RESIDENT_ID, True, ("身份证号",)),
        C("name", "姓名", K.NAME, True),
        C("phone", "联系电话", K.PHONE, aliases=("手机号",)),
        C("amount_claimed", "主张金额（元）", K.YUAN, aliases=("诉求金额",)),
    ),
    "the workers behind a case",
)

AGENCIES = Source(
    "agencies",
    "部门",
    "agencies",
    (
        C("id", "部门编号", K.TEXT, True),
        C("name", "部门名称", K.NAME, True),
        C("kind", "部门类别", K.TOKEN, True, tokens="agency_kind"),
        C("level", "层级", K.TOKEN, True, tokens="agency_level"),
        C("area", "所在区划代码", K.AREA, True),
        C("sectors", "主管行业", K.LIST, tokens="sector", doc="sectors, separated by ; or 、"),
        C("parent", "上级部门编号", K.TEXT),
        C("serves", "管辖区划代码", K.LIST, doc="area codes; default: the agency's own area"),
    ),
    "agencies and their jurisdictions",
)

OFFICIALS = Source(
    "officials",
    "包案领导",
    "officials",
    (
        C("id", "干部编号", K.TEXT, True),
        C("name", "姓名", K.NAME, True),
        C("title", "职务", K.TEXT, True),
        C("rank", "职级", K.INT, True, doc="1 科员 … 3 街镇/部门领导 … 5 区领导 (see docs)"),
        C("agency", "部门编号", K.TEXT, True),
    ),
    "officials who can own cases",
)

SOURCES: tuple[Source, ...] = (
    ENTERPRISES,
    PERSONS,
    PROJECTS,
    CONTRACTS,
    NAME_LENDING,
    DISPATCH,
    ROSTERS,
    WAGES,
    AGENCIES,
    OFFICIALS,
    CASES,
    CLAIMANTS,
)
"""In load order: later sources refer to nodes the earlier ones create."""

SOURCES_BY_NAME = {s.name: s for s in SOURCES}
