"""Rows of every input file, as agencies write them: Chinese words for tokens, yuan amounts,
是/否 for yes/no. Each function returns a tuple in the source's column order."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import timedelta

from loaders.columns import Source
from loaders.synthetic import params
from loaders.synthetic.agencies import Agency, Official
from loaders.synthetic.model import Case, Contract, Enterprise, Party, Project
from loaders.synthetic.workers import VIA_ZH, yuan

KIND_ZH = {
    "company": "公司",
    "partnership": "合伙企业",
    "unregistered_org": "未登记组织",
    "institution": "事业单位",
    "individual": "个人",
}
QUALIFICATION_ZH = {"adequate": "具备", "inadequate": "不足", "none": "无", "n/a": "不适用"}
YES_NO_ZH = {"yes": "有", "no": "无", "n/a": "不适用"}
SECTOR_ZH = {"building": "房屋建筑", "municipal": "市政", "transport": "交通", "water": "水利"}
FUNDING_ZH = {"government": "政府投资", "state_owned": "国有投资", "social": "社会投资"}
CONTRACT_ZH = {
    "general_contract": "施工总承包",
    "specialty_subcontract": "专业分包",
    "labour_subcontract": "劳务分包",
    "crew_contract": "班组承包",
    "transfer": "转包",
    "let_to_individual": "违法分包给个人",
}
ROLE_ZH = {
    "legal_rep": "法定代表人",
    "controller": "实际控制人",
    "investor": "出资人",
    "foreman": "包工头",
    "manager": "负责人",
}
__all__ = ["VIA_ZH"]
LEVEL_ZH = {"city": "市级", "district": "区级", "street": "街镇"}


def flag(value: bool) -> str:
    return "是" if value else "否"


def ordered(source: Source, values: dict[str, str]) -> tuple[str, ...]:
    """The values in the source's column order ('' for a column not given)."""
    names = {c.name for c in source.columns}
    unknown = set(values) - names
    if unknown:
        raise KeyError(f"{source.name}: no column {sorted(unknown)}")
    return tuple(values.get(c.name, "") for c in source.columns)


def enterprise_row(e: Enterprise) -> dict[str, str]:
    return {
        "uscc": e.uscc,
        "name": e.name,
        "kind": KIND_ZH[e.kind],
        "status": e.status,
        "qualification": QUALIFICATION_ZH[e.qualification],
        "dispatch_licence": YES_NO_ZH[e.dispatch_licence],
        "registered_area": e.area,
        "address": e.address,
    }


def officer_rows(e: Enterprise) -> Iterator[dict[str, str]]:
    for officer in e.officers:
        p = officer.person
        yield {
            "resident_id": p.rid,
            "name": p.name,
            "phone": p.phone,
            "role": ROLE_ZH[officer.role],
            "enterprise_uscc": e.uscc,
            "enterprise_name": e.name,
        }


def project_row(p: Project) -> dict[str, str]:
    return {
        "code": p.code,
        "name": p.name,
        "sector": SECTOR_ZH[p.sector],
        "funding": FUNDING_ZH[p.funding],
        "area": p.street,
        "contract_value": yuan(p.value),
        "wage_account": flag(p.wage_account),
        "wage_deposit": flag(p.wage_deposit),
        "planning_compliant": flag(p.planning_compliant),
        "permit": flag(p.permit),
        "notice_board": flag(p.notice_board),
        "status": "在建",
        "started_on": p.started_on.isoformat(),
    }


def party_columns(project: Project, party: Party) -> tuple[str, str, str]:
    """(uscc, resident id, name) of a party as this project's filings write it."""
    if isinstance(party, Enterprise):
        return party.uscc, "", project.shown_name(party)
    return "", party.rid, party.name


def contract_row(project: Project, c: Contract) -> dict[str, str]:
    fu, fr, fn = party_columns(project, c.frm)
    tu, tr, tn = party_columns(project, c.to)
    return {
        "contract_id": c.cid,
        "project": project.code,
        "from_uscc": fu,
        "from_resident_id": fr,
        "from_name": fn,
        "to_uscc": tu,
        "to_resident_id": tr,
        "to_name": tn,
        "kind": CONTRACT_ZH[c.kind],
        "price": yuan(c.price),
        "paid": yuan(c.paid),
        "unpaid": yuan(c.unpaid),
        "overdue": yuan(c.overdue),
        "disputed": flag(c.disputed),
        "signed_on": c.signed_on.isoformat(),
    }


def lending_row(project: Project, lender: Enterprise, borrower: Party) -> dict[str, str]:
    bu, br, bn = party_columns(project, borrower)
    return {
        "project": project.code,
        "lender_uscc": lender.uscc,
        "lender_name": project.shown_name(lender),
        "borrower_uscc": bu,
        "borrower_resident_id": br,
        "borrower_name": bn,
    }


def dispatch_row(project: Project, agency: Enterprise, user: Enterprise) -> dict[str, str]:
    return {
        "project": project.code,
        "agency_uscc": agency.uscc,
        "agency_name": agency.name,
        "user_uscc": user.uscc,
        "user_name": project.shown_name(user),
    }


def case_row(case: Case) -> dict[str, str]:
    uscc, rid, name = case.respondent_shown
    owed = sum(w.owed for w, _ in case.claimants)
    return {
        "id": case.cid,
        "source": case.source,
        "kind": case.kind,
        "received_at": case.received_at.isoformat(),
        "status": case.status,
        "project": case.project.code if case.project else "",
        "respondent_uscc": uscc,
        "respondent_resident_id": rid,
        "respondent_name": name,
        "area": case.area,
        "workers": str(len(case.claimants)),
        "amount_owed": yuan(owed),
        "months_owed": str(max(w.months for w, _ in case.claimants)),
        "group_incident": flag(case.group_incident),
        "summary": case.summary,
        "closed_at": closed_at(case),
    }


def closed_at(case: Case) -> str:
    """A closed case's 结案日期: 5–60 days after receipt, never after the reference date.
    Derived from the case id (not from the random streams), so other rows do not change."""
    if case.status != "closed":
        return ""
    latest = (params.REFERENCE_DATE - case.received_at).days
    spread = int(hashlib.sha256(case.cid.encode()).hexdigest()[:8], 16) % 56
    return (case.received_at + timedelta(days=min(5 + spread, max(latest, 0)))).isoformat()


def claimant_rows(case: Case) -> Iterator[dict[str, str]]:
    for worker, _ in case.claimants:
        yield {
            "case_id": case.cid,
            "resident_id": worker.rid,
            "name": worker.name,
            "phone": worker.phone,
            "amount_claimed": yuan(worker.owed),
        }


def agency_row(a: Agency) -> dict[str, str]:
    return {
        "id": a.id,
        "name": a.name,
        "kind": a.kind,
        "level": LEVEL_ZH[a.level],
        "area": a.area,
        "sectors": ";".join(a.sectors),
        "parent": a.parent,
        "serves": ";".join(a.serves),
    }


def official_row(o: Official) -> dict[str, str]:
    return {"id": o.id, "name": o.name, "title": o.title, "rank": str(o.rank), "agency": o.agency}
