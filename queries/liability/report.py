"""The readable Chinese report of an answer: the chains drawn as text, then the findings."""

from __future__ import annotations

from collections.abc import Mapping

from queries.liability.answer import Answer, BasisModel, Finding
from queries.liability.facts import Facts

CAPACITY_ZH: Mapping[str, str] = {
    "DIRECT": "依法清偿", "PAY": "清偿", "PAY_THEN_RECOVER": "清偿后追偿", "PAY_FIRST": "先行清偿",
    "ADVANCE_CAPPED": "限额先行垫付", "INVESTOR": "出资人清偿", "JOINT": "连带责任",
    "EMPLOYER_RESP": "用工主体责任", "DEPOSIT_DRAW": "动用工资保证金",
    "GOV_ADVANCE": "应急周转金垫付",
}  # fmt: skip
ROLE_ZH: Mapping[str, str] = {
    "owner": "建设单位", "general_contractor": "总包", "subcontractor": "分包",
    "labour_subcontractor": "劳务分包", "foreman": "包工头", "dispatch_agency": "派遣单位",
    "user_unit": "用工单位", "unknown": "",
}  # fmt: skip
KIND_ZH: Mapping[str, str] = {"name_lending": "挂靠", "dispatch": "派遣"}
REGIME_ZH: Mapping[str, str] = {
    "pre_2020_05_01": "2020年5月1日前规则（劳社部发〔2004〕22号等）",
    "post_2020_05_01": "《保障农民工工资支付条例》",
    "post_2025_09_01": "《保障农民工工资支付条例》+ 法释〔2025〕12号",
}


def render(answer: Answer, facts: Facts) -> str:
    """Title, regime, one chain line per crew, the findings table, referral, order, warnings."""
    names = {p.id: p for p in facts.parties}
    lines = [
        f"欠薪责任分析：{facts.title or answer.scenario}（{answer.scenario}）",
        f"决定日期 {answer.decided_on.isoformat()}，"
        f"适用 {REGIME_ZH.get(answer.regime, answer.regime)}",
        "",
    ]
    lines += ["承发包链条：", *_chains(answer, facts, names), ""]
    lines += ["责任认定：", *_table(answer.findings, names), ""]
    lines += _referral(answer, names)
    order = " → ".join(_label(p, names) for p in answer.enforcement_order)
    lines += [f"建议追责顺序：{order or '无'}", ""]
    lines += ["提示：", *(f"  ! {w}" for w in answer.warnings)] if answer.warnings else ["提示：无"]
    return "\n".join(lines) + "\n"


def _label(party: str, names: Mapping[str, object]) -> str:
    p = names.get(party)
    return getattr(p, "label", party) if p is not None else party


def _node(party: str, names: Mapping[str, object]) -> str:
    p = names.get(party)
    role = ROLE_ZH.get(str(getattr(p, "role", "unknown")), "") if p is not None else ""
    return f"{role} {_label(party, names)}".strip()


def _chains(answer: Answer, facts: Facts, names: Mapping[str, object]) -> list[str]:
    seen: dict[str, str] = {}
    for f in answer.findings:
        group = f.worker_groups[0]
        if group in seen or not f.evidence:
            continue
        steps = [_node(f.evidence[0].from_, names)]
        for link in f.evidence:
            steps.append(f"{KIND_ZH.get(link.kind, '')}{_node(link.to, names)}")
        seen[group] = " → ".join(steps)
    out = []
    for g in facts.worker_groups:
        tail = f"{g.count}名工人" if g.count else g.id
        boss = _node(g.employed_by, names) if g.employed_by else "（用人单位不明）"
        out.append(
            f"  {seen[g.id]} → {tail}" if g.id in seen else f"  {boss} → {tail}（未连入链条）"
        )
    return out


def _basis(basis: tuple[BasisModel, ...]) -> str:
    parts = []
    for b in basis:
        para = f"第{b.paragraph}款" if b.paragraph else ""
        law = b.law if b.law[0].isascii() or "〔" in b.law else f"《{b.law}》"
        parts.append(f"{law}第{b.article}条{para}")
    return "；".join(parts)


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _table(findings: tuple[Finding, ...], names: Mapping[str, object]) -> list[str]:
    if not findings:
        return ["  （无工资清偿责任）"]
    out = ["  班组 | 责任主体 | 责任形式 | 金额（元） | 上限（元） | 依据"]
    for f in findings:
        out.append(
            f"  {','.join(f.worker_groups)} | {_label(f.party, names)} | "
            f"{CAPACITY_ZH.get(f.capacity, f.capacity)} | {_money(f.amount)} | {_money(f.cap)} | "
            f"{_basis(f.basis)}"
        )
        out.append(f"      {f.explanation}")
    return out


def _referral(answer: Answer, names: Mapping[str, object]) -> list[str]:
    if not answer.criminal_referral:
        return ["拒不支付劳动报酬罪审查对象：无", ""]
    out = ["拒不支付劳动报酬罪审查对象（条件满足时移送）："]
    for r in answer.criminal_referral:
        out.append(f"  {_label(r.party, names)}：" + "；".join(r.conditions))
    return [*out, ""]
