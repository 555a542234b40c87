"""What the generator knows to be true, written under <out>/truth/ for tests to measure against.

- cross_district_groups.json: each planted group, the enterprises and persons that tie it
  together, its districts, projects and cases;
- risky_enterprises.json: enterprises made troubled, with the reasons;
- scenarios.jsonl: one zhiqian-scenario/1 object per case that concerns a project, built from
  the generator's own data (never from the loaded graph).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graph.values import fen_to_yuan
from loaders.synthetic.groups import GroupPlan
from loaders.synthetic.model import Case, Enterprise, Party, Project
from loaders.synthetic.params import REFERENCE_DATE

RISKY_ARREARS_WORKERS = 10
"""An employer with at least this many workers in arrears is 'risky' (many_arrears)."""
SCENARIO_FORMAT = "zhiqian-scenario/1"
_CONTRACT_ROLE = {
    "general_contract": "general_contractor",
    "transfer": "subcontractor",
    "specialty_subcontract": "subcontractor",
    "labour_subcontract": "labour_subcontractor",
}


def group_records(plans: list[GroupPlan], cases: list[Case]) -> list[dict[str, Any]]:
    """The planted groups with the ids of the cases that involve their members."""
    by_project: dict[str, list[Case]] = {}
    for case in cases:
        if case.project is not None:
            by_project.setdefault(case.project.code, []).append(case)
    return [_group_record(plan, by_project) for plan in plans]


def _group_record(plan: GroupPlan, by_project: dict[str, list[Case]]) -> dict[str, Any]:
    keys = plan.keys()
    case_ids = sorted(
        c.cid
        for code in plan.projects
        for c in by_project.get(code, ())
        if (c.respondent.key in keys or any(e.key in keys for _, e in c.claimants))
    )
    variants = [
        {"eid": key, "name": name, "district": d}
        for d, table in plan.aliases.items()
        for key, name in table.items()
    ]
    return {
        "id": plan.gid,
        "kind": plan.kind,
        "districts": plan.districts,
        "persons": [{"resident_id": p.rid, "name": p.name} for p in plan.persons],
        "enterprises": [
            {"eid": e.key, "uscc": e.uscc, "name": e.name, "district": d}
            for e, d in plan.enterprises
        ],
        "name_variants": variants,
        "projects": plan.projects,
        "case_ids": case_ids,
    }


def risky_records(projects: list[Project], plans: list[GroupPlan]) -> list[dict[str, Any]]:
    """Enterprises the generator made troubled, sorted by key."""
    found: dict[str, dict[str, Any]] = {}

    def note(ent: Enterprise, reason: str, project: str) -> None:
        rec = found.setdefault(
            ent.key,
            {
                "eid": ent.key,
                "uscc": ent.uscc,
                "name": ent.name,
                "district": ent.area,
                "reasons": [],
                "projects": [],
                "arrears_workers": 0,
                "owed": 0.0,
            },
        )
        if reason and reason not in rec["reasons"]:
            rec["reasons"].append(reason)
        if project and project not in rec["projects"]:
            rec["projects"].append(project)

    _note_arrears(projects, note, found)
    for plan in plans:
        for ent, _ in plan.enterprises if plan.kind == "controller" else ():
            note(ent, "repeat_defaulter_controller", "")
    return [found[k] for k in sorted(found) if found[k]["reasons"]]


def _note_arrears(projects: list[Project], note: Any, found: dict[str, dict[str, Any]]) -> None:
    totals: dict[str, tuple[int, int]] = {}
    for project in projects:
        if project.contracts[0].overdue:
            note(project.gc, "owner_arrears_upstream", project.code)
        for crew in project.crews:
            if isinstance(crew.employer, Enterprise) and crew.arrears:
                count, owed = totals.get(crew.employer.key, (0, 0))
                totals[crew.employer.key] = (
                    count + len(crew.arrears),
                    owed + sum(w.owed for w in crew.arrears),
                )
                note(crew.employer, "", project.code)
    for key, (count, owed) in totals.items():
        found[key]["arrears_workers"], found[key]["owed"] = count, fen_to_yuan(owed)
        if count >= RISKY_ARREARS_WORKERS:
            found[key]["reasons"].append("many_arrears")


# ---------------------------------------------------------------- scenarios


def scenario_lines(cases: Iterable[Case]) -> Iterator[str]:
    """One compact JSON line per case that concerns a project (project facts encoded once)."""
    cache: dict[str, str] = {}
    for case in cases:
        if case.project is None:
            continue
        base = cache.get(case.project.code)
        if base is None:
            base = cache[case.project.code] = _dumps(project_facts(case.project))[1:-1]
        head = _dumps(
            {
                "format": SCENARIO_FORMAT,
                "id": case.cid,
                "title": f"{case.kind}：{case.summary}",
                "decided_on": REFERENCE_DATE.isoformat(),
            }
        )[:-1]
        yield f'{head},{base},"worker_groups":{_dumps(worker_groups(case))}}}'


def scenario(case: Case) -> dict[str, Any]:
    """The whole scenario of one case as a dict (what one line of scenarios.jsonl holds)."""
    assert case.project is not None, "only cases that concern a project have a scenario"
    return {
        "format": SCENARIO_FORMAT,
        "id": case.cid,
        "title": f"{case.kind}：{case.summary}",
        "decided_on": REFERENCE_DATE.isoformat(),
        **project_facts(case.project),
        "worker_groups": worker_groups(case),
    }


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def worker_groups(case: Case) -> list[dict[str, Any]]:
    """One group per employer among the claimants: count, owed (yuan), largest single claim."""
    groups: dict[str, dict[str, Any]] = {}
    maxima: dict[str, int] = {}
    for worker, employer in case.claimants:
        group = groups.setdefault(
            employer.key,
            {
                "id": f"W{len(groups) + 1}",
                "count": 0,
                "owed": 0,
                "employed_by": employer.key,
                "claim": "wage",
            },
        )
        group["count"] += 1
        group["owed"] += worker.owed
        maxima[employer.key] = max(maxima.get(employer.key, 0), worker.owed)
    for key, group in groups.items():
        group["per_worker_owed_max"] = fen_to_yuan(maxima[key])
        group["owed"] = fen_to_yuan(group["owed"])
    return list(groups.values())


def project_facts(project: Project) -> dict[str, Any]:
    """The project, its parties, contracts, name lending and dispatch (shared by its cases)."""
    parties = [_party(party, role) for party, role in _roles(project).values()]
    return {
        "project": {
            "name": project.name,
            "area": project.street,
            "sector": project.sector,
            "funding": project.funding,
            "planning_compliant": project.planning_compliant,
            "permit": project.permit,
            "wage_account": project.wage_account,
            "wage_deposit": project.wage_deposit,
        },
        "parties": parties,
        "contracts": [
            {
                "id": c.cid,
                "from": c.frm.key,
                "to": c.to.key,
                "kind": c.kind,
                "price": fen_to_yuan(c.price),
                "paid": fen_to_yuan(c.paid),
                "unpaid": fen_to_yuan(c.unpaid),
                "overdue": fen_to_yuan(c.overdue),
                "disputed": c.disputed,
            }
            for c in project.contracts
        ],
        "name_lending": [{"lender": a.key, "borrower": b.key} for a, b in project.lendings],
        "dispatch": [{"agency": a.key, "user": u.key} for a, u in project.dispatches],
    }


def _roles(project: Project) -> dict[str, tuple[Party, str]]:
    """Every party of the project by key, with its role by position (first position wins)."""
    roles: dict[str, tuple[Party, str]] = {project.owner.key: (project.owner, "owner")}

    def put(party: Party, role: str) -> None:
        roles.setdefault(party.key, (party, role))

    for c in project.contracts:
        put(
            c.to,
            _CONTRACT_ROLE.get(c.kind, "unknown") if isinstance(c.to, Enterprise) else "foreman",
        )
    for _, borrower in project.lendings:
        put(borrower, "subcontractor" if isinstance(borrower, Enterprise) else "foreman")
    for agency, user in project.dispatches:
        put(agency, "dispatch_agency")
        put(user, "user_unit")
    for crew in project.crews:
        put(crew.employer, "unknown")
    for party, _ in list(roles.values()):
        for investor in party.investors if isinstance(party, Enterprise) else ():
            put(investor, "unknown")
    return roles


def _party(party: Party, role: str) -> dict[str, Any]:
    if not isinstance(party, Enterprise):
        return {
            "id": party.key,
            "name": party.name,
            "role": role,
            "kind": "individual",
            "licence": "none",
            "qualification": "none",
            "dispatch_licence": "n/a",
        }
    record: dict[str, Any] = {
        "id": party.key,
        "name": party.name,
        "role": role,
        "kind": party.kind,
        "licence": party.licence,
        "qualification": party.qualification,
        "dispatch_licence": party.dispatch_licence,
        "registered_area": party.area,
    }
    if party.investors:
        record["investors"] = [p.key for p in party.investors]
    return record


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
