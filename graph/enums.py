"""Every label, relationship type and token the graph uses, in one place.

Cypher text takes labels and relationship types from here only; values always travel as
parameters.
"""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    """Node labels (PascalCase nouns)."""

    AREA = "Area"
    AGENCY = "Agency"
    OFFICIAL = "Official"
    ENTERPRISE = "Enterprise"
    PERSON = "Person"
    PROJECT = "Project"
    CASE = "Case"
    COORDINATION_GROUP = "CoordinationGroup"
    SIGNAL = "Signal"
    VISIT = "Visit"


NODE_KEYS: dict[Label, str] = {
    Label.AREA: "code",
    Label.AGENCY: "id",
    Label.OFFICIAL: "id",
    Label.ENTERPRISE: "eid",
    Label.PERSON: "pid",
    Label.PROJECT: "code",
    Label.CASE: "id",
    Label.COORDINATION_GROUP: "id",
    Label.SIGNAL: "id",
    Label.VISIT: "id",
}
"""The natural key property of each label."""

LABEL_TITLES: dict[Label, str] = {
    Label.AREA: "行政区划",
    Label.AGENCY: "部门",
    Label.OFFICIAL: "干部",
    Label.ENTERPRISE: "企业",
    Label.PERSON: "人员",
    Label.PROJECT: "项目",
    Label.CASE: "案件",
    Label.COORDINATION_GROUP: "跨区协调组",
    Label.SIGNAL: "预警信号",
    Label.VISIT: "走访记录",
}


class RelType(StrEnum):
    """Relationship types (UPPER_SNAKE_CASE verbs)."""

    PART_OF = "PART_OF"
    SERVES = "SERVES"
    REPORTS_TO = "REPORTS_TO"
    HOLDS_POST = "HOLDS_POST"
    REGISTERED_IN = "REGISTERED_IN"
    LOCATED_IN = "LOCATED_IN"
    LEGAL_REP_OF = "LEGAL_REP_OF"
    CONTROLS = "CONTROLS"
    INVESTS_IN = "INVESTS_IN"
    CONTRACTS_TO = "CONTRACTS_TO"
    WORKS_UNDER_NAME_OF = "WORKS_UNDER_NAME_OF"
    DISPATCHES_TO = "DISPATCHES_TO"
    EMPLOYED_BY = "EMPLOYED_BY"
    WORKS_ON = "WORKS_ON"
    AGAINST = "AGAINST"
    CONCERNS = "CONCERNS"
    OCCURRED_IN = "OCCURRED_IN"
    CLAIMANT_IN = "CLAIMANT_IN"
    ASSIGNED_TO = "ASSIGNED_TO"
    LED_BY = "LED_BY"
    REFERRED_TO = "REFERRED_TO"
    LINKED_WITH = "LINKED_WITH"
    IN_GROUP = "IN_GROUP"
    SAME_AS = "SAME_AS"
    NOT_SAME_AS = "NOT_SAME_AS"
    ABOUT = "ABOUT"
    VISITED = "VISITED"


REL_TITLES: dict[RelType, str] = {
    RelType.PART_OF: "隶属",
    RelType.SERVES: "管辖",
    RelType.REPORTS_TO: "上级",
    RelType.HOLDS_POST: "任职",
    RelType.REGISTERED_IN: "注册地",
    RelType.LOCATED_IN: "所在地",
    RelType.LEGAL_REP_OF: "法定代表人",
    RelType.CONTROLS: "实际控制",
    RelType.INVESTS_IN: "出资",
    RelType.CONTRACTS_TO: "发包/分包",
    RelType.WORKS_UNDER_NAME_OF: "挂靠",
    RelType.DISPATCHES_TO: "劳务派遣",
    RelType.EMPLOYED_BY: "受雇于",
    RelType.WORKS_ON: "实名登记",
    RelType.AGAINST: "被投诉",
    RelType.CONCERNS: "涉及项目",
    RelType.OCCURRED_IN: "发生地",
    RelType.CLAIMANT_IN: "投诉人",
    RelType.ASSIGNED_TO: "承办",
    RelType.LED_BY: "包案",
    RelType.REFERRED_TO: "移送",
    RelType.LINKED_WITH: "串案",
    RelType.IN_GROUP: "属于协调组",
    RelType.SAME_AS: "确认同一主体",
    RelType.NOT_SAME_AS: "确认非同一主体",
    RelType.ABOUT: "信号指向",
    RelType.VISITED: "走访",
}


class Sector(StrEnum):
    BUILDING = "building"
    MUNICIPAL = "municipal"
    TRANSPORT = "transport"
    WATER = "water"
    OTHER = "other"


class Funding(StrEnum):
    GOVERNMENT = "government"
    STATE_OWNED = "state_owned"
    SOCIAL = "social"
    UNKNOWN = "unknown"


class PartyKind(StrEnum):
    COMPANY = "company"
    INDIVIDUAL = "individual"
    INDIVIDUAL_BUSINESS = "individual_business"
    PARTNERSHIP = "partnership"
    SOLE_PROPRIETORSHIP = "sole_proprietorship"
    UNREGISTERED_ORG = "unregistered_org"
    INSTITUTION = "institution"
    UNKNOWN = "unknown"


class Licence(StrEnum):
    VALID = "valid"
    NONE = "none"
    REVOKED = "revoked"
    EXPIRED = "expired"
    CLOSED = "closed"
    DISSOLVED = "dissolved"
    UNKNOWN = "unknown"


class Qualification(StrEnum):
    ADEQUATE = "adequate"
    INADEQUATE = "inadequate"
    NONE = "none"
    NOT_APPLICABLE = "n/a"
    UNKNOWN = "unknown"


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_APPLICABLE = "n/a"
    UNKNOWN = "unknown"


class ContractKind(StrEnum):
    GENERAL_CONTRACT = "general_contract"
    SPECIALTY_SUBCONTRACT = "specialty_subcontract"
    LABOUR_SUBCONTRACT = "labour_subcontract"
    CREW_CONTRACT = "crew_contract"
    TRANSFER = "transfer"
    LET_TO_INDIVIDUAL = "let_to_individual"
    UNKNOWN = "unknown"


class EnterpriseStatus(StrEnum):
    """Registration status as the market regulator writes it."""

    ACTIVE = "存续"
    REVOKED = "吊销"
    CANCELLED = "注销"
    CLOSED = "责令关闭"
    UNREGISTERED = "未登记"


STATUS_TO_LICENCE: dict[EnterpriseStatus, Licence] = {
    EnterpriseStatus.ACTIVE: Licence.VALID,
    EnterpriseStatus.REVOKED: Licence.REVOKED,
    EnterpriseStatus.CANCELLED: Licence.DISSOLVED,
    EnterpriseStatus.CLOSED: Licence.CLOSED,
    EnterpriseStatus.UNREGISTERED: Licence.NONE,
}


class CaseSource(StrEnum):
    HOTLINE_12345 = "12345"
    HOTLINE_12333 = "12333"
    CLUE_PLATFORM = "线索平台"
    PETITION = "信访"
    ON_SITE = "现场"
    PUBLIC_OPINION = "舆情"
    ARBITRATION = "仲裁"


class CaseKind(StrEnum):
    COMPLAINT = "投诉"
    LEAD = "线索"
    ARBITRATION = "仲裁"
    GROUP_INCIDENT = "群体性事件"


class AgencyKind(StrEnum):
    HR_BUREAU = "人社局"
    LABOUR_INSPECTION = "劳动保障监察"
    CONSTRUCTION = "建管委"
    TRANSPORT = "交通委"
    WATER = "水务局"
    POLICE = "公安"
    COURT = "法院"
    PROCURATORATE = "检察院"
    UNION = "总工会"
    PETITION = "信访办"
    JUSTICE = "司法局"
    MARKET_REGULATOR = "市场监管局"
    STREET_GOVERNMENT = "街镇政府"
    DISTRICT_GOVERNMENT = "区政府"
    LEADING_GROUP = "领导小组"
    ARBITRATION_COMMISSION = "仲裁委"


class AgencyLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    STREET = "street"


SIGNAL_KINDS: dict[str, str] = {
    "wage_account_inflow": "专户人工费用拨付",
    "wage_account_payout": "专户工资发放",
    "attendance": "考勤",
    "social_insurance_arrears": "社保欠费",
    "tax_arrears": "欠税",
    "utility_arrears": "水电气欠费",
    "abnormal_operation": "经营异常",
    "layoff": "裁员",
    "public_opinion": "舆情",
    "complaint": "投诉",
    "petition": "信访",
    "violation": "违法记录",
}
"""Risk signal kinds agencies share (token → Chinese name)."""
