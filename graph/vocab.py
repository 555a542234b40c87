"""Chinese (and other) words agencies and investigators write for the graph's tokens.

Shared by the loaders (agency files) and the liability engine (scenario files), so a word
means the same token everywhere.
"""

from __future__ import annotations

from graph.enums import ContractKind, Funding, PartyKind, Qualification, Sector, YesNo


def _same(values: object) -> dict[str, str]:
    return {str(v): str(v) for v in values}  # type: ignore[attr-defined]


PARTY_KIND: dict[str, str] = _same(PartyKind) | {
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
    "企业": "company",
    "包工头": "individual",
}


QUALIFICATION: dict[str, str] = _same(Qualification) | {
    "具备": "adequate",
    "有": "adequate",
    "不足": "inadequate",
    "超越资质": "inadequate",
    "无": "none",
    "不适用": "n/a",
    "未知": "unknown",
}


YES_NO: dict[str, str] = _same(YesNo) | {
    "是": "yes",
    "有": "yes",
    "否": "no",
    "无": "no",
    "不适用": "n/a",
    "未知": "unknown",
    "true": "yes",
    "false": "no",
}


SECTOR: dict[str, str] = _same(Sector) | {
    "房屋建筑": "building",
    "房建": "building",
    "建筑": "building",
    "市政": "municipal",
    "交通": "transport",
    "水利": "water",
    "水务": "water",
    "其他": "other",
}


FUNDING: dict[str, str] = _same(Funding) | {
    "政府投资": "government",
    "国有投资": "state_owned",
    "国有": "state_owned",
    "社会投资": "social",
    "未知": "unknown",
}


CONTRACT_KIND: dict[str, str] = _same(ContractKind) | {
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
}
