"""Token vocabularies of zhiqian-scenario/1 with their Chinese aliases (the answer uses tokens)."""

from __future__ import annotations

from collections.abc import Mapping

from graph import vocab as shared
from graph.enums import Licence


def _same(values: object) -> dict[str, str]:
    return {str(v): str(v) for v in values}  # type: ignore[attr-defined]


ROLES = (
    "owner",
    "general_contractor",
    "subcontractor",
    "labour_subcontractor",
    "foreman",
    "dispatch_agency",
    "user_unit",
    "unknown",
)

VOCABULARIES: Mapping[str, Mapping[str, str]] = {
    "role": _same(ROLES)
    | {
        "建设单位": "owner",
        "业主": "owner",
        "发包人": "owner",
        "施工总承包单位": "general_contractor",
        "总包": "general_contractor",
        "总承包单位": "general_contractor",
        "分包单位": "subcontractor",
        "专业分包单位": "subcontractor",
        "专业分包": "subcontractor",
        "劳务分包单位": "labour_subcontractor",
        "劳务分包": "labour_subcontractor",
        "包工头": "foreman",
        "班组长": "foreman",
        "劳务派遣单位": "dispatch_agency",
        "派遣单位": "dispatch_agency",
        "用工单位": "user_unit",
        "未知": "unknown",
    },
    "kind": shared.PARTY_KIND,
    "licence": _same(Licence)
    | {
        "有效": "valid",
        "存续": "valid",
        "无": "none",
        "未登记": "none",
        "吊销": "revoked",
        "过期": "expired",
        "营业期限届满": "expired",
        "责令关闭": "closed",
        "注销": "dissolved",
        "解散": "dissolved",
        "未知": "unknown",
    },
    "qualification": shared.QUALIFICATION,
    "yes_no": shared.YES_NO,
    "contract_kind": shared.CONTRACT_KIND,
    "sector": shared.SECTOR,
    "funding": shared.FUNDING,
    "claim": {
        "wage": "wage",
        "contract_price": "contract_price",
        "work_injury": "work_injury",
        "工资": "wage",
        "欠薪": "wage",
        "劳动报酬": "wage",
        "农民工工资": "wage",
        "工程款": "contract_price",
        "承包价款": "contract_price",
        "工伤": "work_injury",
    },
    "officer_role": {
        "legal_rep": "legal_rep",
        "controller": "controller",
        "manager": "manager",
        "investor": "investor",
        "法定代表人": "legal_rep",
        "实际控制人": "controller",
        "负责人": "manager",
        "主要负责人": "manager",
        "出资人": "investor",
        "股东": "investor",
        "合伙人": "investor",
    },
    "via": {
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
    "event": {
        k: k
        for k in (
            "order_to_pay_served",
            "order_to_pay_posted",
            "absconded",
            "assets_moved",
            "collective_petition",
            "third_party_advance",
            "paid_before_prosecution",
        )
    }
    | {
        "送达责令支付文书": "order_to_pay_served",
        "张贴责令支付文书": "order_to_pay_posted",
        "逃匿": "absconded",
        "转移财产": "assets_moved",
        "集体讨薪": "collective_petition",
        "第三方垫付": "third_party_advance",
        "公诉前支付": "paid_before_prosecution",
    },
}


def choices(vocabulary: str) -> str:
    """'company, individual, …' — the tokens (not the aliases) of a vocabulary."""
    return ", ".join(dict.fromkeys(VOCABULARIES[vocabulary].values()))
