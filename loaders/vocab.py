"""Token vocabularies with the Chinese (and other) words agencies write for them."""

from __future__ import annotations

from graph.enums import (
    AgencyKind,
    AgencyLevel,
    CaseKind,
    CaseSource,
    ContractKind,
    EnterpriseStatus,
    Funding,
    PartyKind,
    Qualification,
    Sector,
    YesNo,
)

VOCABULARIES: dict[str, dict[str, str]] = {
    "party_kind": {k.value: k.value for k in PartyKind}
    | {
        "公司": "company",
        "有限责任公司": "company",
        "股份有限公司": "company",
        "个人": "individual",
        "自然人": "individual",
        "个体工商户": "individual_business",
        "合伙企业": "partnership",
        "个人独资企业": "sole_proprietorship",
        "未登记组织": "unregistered_org",
        "施工队": "unregistered_org",
        "事业单位": "institution",
        "未知": "unknown",
    },
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
    "qualification": {q.value: q.value for q in Qualification}
    | {
        "具备": "adequate",
        "有": "adequate",
        "不足": "inadequate",
        "超越资质": "inadequate",
        "无": "none",
        "不适用": "n/a",
        "未知": "unknown",
    },
    "yes_no": {y.value: y.value for y in YesNo}
    | {
        "是": "yes",
        "有": "yes",
        "否": "no",
        "无": "no",
        "不适用": "n/a",
        "未知": "unknown",
        "true": "yes",
        "false": "no",
    },
    "sector": {s.value: s.value for s in Sector}
    | {
        "房屋建筑": "building",
        "房建": "building",
        "建筑": "building",
        "市政": "municipal",
        "交通": "transport",
        "水利": "water",
        "水务": "water",
        "其他": "other",
    },
    "funding": {f.value: f.value for f in Funding}
    | {
        "政府投资": "government",
        "国有投资": "state_owned",
        "国有": "state_owned",
        "社会投资": "social",
        "未知": "unknown",
    },
    "contract_kind": {c.value: c.value for c in ContractKind}
    | {
        "施工总承包": "general_contract",
        "总承包": "general_contract",
        "专业分包": "specialty_subcontract",
        "劳务分包": "labour_subcontract",
        "班组承包": "crew_contract",
        "劳务清包": "crew_contract",
        "转包": "transfer",
        "发包给个人": "let_to_individual",
        "违法分包给个人": "let_to_individual",
        "未知": "unknown",
    },
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
