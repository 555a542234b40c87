"""Token vocabularies with the Chinese (and other) words agencies write for them."""

from __future__ import annotations

from graph import vocab as shared
from graph.enums import (
    AgencyKind,
    AgencyLevel,
    CaseKind,
    CaseSource,
    EnterpriseStatus,
)

VOCABULARIES: dict[str, dict[str, str]] = {
    "party_kind": shared.PARTY_KIND,
    "enterprise_status": {s.value: s.value for s in EnterpriseStatus}
    | {
        "在业": "存续",
        "开业": "存续",
        "active": "存续",
        "revoked": "吊销",
        "cancelled": "注销",
        "closed": "责令关闭",
        "unregistered": "未登记",
    },
    "qualification": shared.QUALIFICATION,
    "yes_no": shared.YES_NO,
    "sector": shared.SECTOR,
    "funding": shared.FUNDING,
    "contract_kind": shared.CONTRACT_KIND,
    "person_role": {
        "legal_rep": "legal_rep",
        "controller": "controller",
        "investor": "investor",
        "foreman": "foreman",
        "manager": "manager",
        "法定代表人": "legal_rep",
        "实际控制人": "controller",
        "出资人": "investor",
        "股东": "investor",
        "合伙人": "investor",
        "包工头": "foreman",
        "班组长": "foreman",
        "负责人": "manager",
    },
    "payment_via": {
        "wage_account": "wage_account",
        "bank_to_worker": "bank_to_worker",
        "cash_to_worker": "cash_to_worker",
        "foreman_account": "foreman_account",
        "employer_account": "employer_account",
        "专户代发": "wage_account",
        "总包代发": "wage_account",
        "银行转账": "bank_to_worker",
        "现金": "cash_to_worker",
        "包工头代领": "foreman_account",
        "单位账户": "employer_account",
    },
    "case_source": {s.value: s.value for s in CaseSource}
    | {
        "国务院线索平台": "线索平台",
        "全国根治欠薪线索反映平台": "线索平台",
        "现场投诉": "现场",
        "网络舆情": "舆情",
        "劳动仲裁": "仲裁",
    },
    "case_kind": {k.value: k.value for k in CaseKind}
    | {
        "complaint": "投诉",
        "lead": "线索",
        "arbitration": "仲裁",
        "group_incident": "群体性事件",
    },
    "agency_kind": {k.value: k.value for k in AgencyKind},
    "agency_level": {lv.value: lv.value for lv in AgencyLevel}
    | {
        "省级": "province",
        "市级": "city",
        "区级": "district",
        "区县级": "district",
        "街镇": "street",
    },
}
