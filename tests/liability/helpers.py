"""Test helpers: small scenarios as mappings, and scenario facts written into a graph store."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from queries.liability import Answer, evaluate, load_scenario
from queries.liability.facts import Facts, Party

OWNER = {
    "id": "OWNER",
    "name": "甲置业有限公司",
    "role": "owner",
    "kind": "company",
    "licence": "valid",
    "qualification": "n/a",
    "dispatch_licence": "n/a",
}


def company(pid: str, **extra: Any) -> dict[str, Any]:
    """A licensed, qualified company party."""
    return {
        "id": pid,
        "name": f"{pid}有限公司",
        "kind": "company",
        "licence": "valid",
        "qualification": "adequate",
        "dispatch_licence": "n/a",
        **extra,
    }


def person(pid: str, **extra: Any) -> dict[str, Any]:
    """An individual (no licence)."""
    return {
        "id": pid,
        "name": f"{pid}某",
        "kind": "individual",
        "licence": "none",
        "qualification": "none",
        "dispatch_licence": "n/a",
        **extra,
    }


def contract(src: str, dst: str, kind: str, **amounts: Any) -> dict[str, Any]:
    return {"from": src, "to": dst, "kind": kind, **amounts}


def scenario(
    parties: list[dict[str, Any]],
    contracts: list[dict[str, Any]],
    groups: list[dict[str, Any]],
    *,
    decided_on: str = "2024-06-01",
    project: dict[str, Any] | None = None,
    **rest: Any,
) -> dict[str, Any]:
    """A zhiqian-scenario/1 mapping; the project is lawful with account and deposit by default."""
    base_project = {
        "name": "测试项目",
        "area": "310115",
        "sector": "building",
        "funding": "social",
        "planning_compliant": True,
        "permit": True,
        "wage_account": True,
        "wage_deposit": True,
    }
    return copy.deepcopy(
        {
            "format": "zhiqian-scenario/1",
            "id": "T",
            "title": "测试",
            "decided_on": decided_on,
            "arrears_period": {"from": "2023-10-01", "to": "2024-03-31"},
            "project": base_project | (project or {}),
            "parties": [OWNER, *parties],
            "contracts": contracts,
            "worker_groups": groups,
            **rest,
        }
    )


def crew(
    employer: str, owed: float = 300000.0, count: int = 20, gid: str = "W1", **extra: Any
) -> dict[str, Any]:
    return {
        "id": gid,
        "count": count,
        "owed": owed,
        "employed_by": employer,
        "claim": "wage",
        **extra,
    }


def run(data: dict[str, Any]) -> Answer:
    return evaluate(load_scenario(data))


def caps(answer: Answer, party: str) -> set[str]:
    """Capacities of a party's findings."""
    return {f.capacity for f in answer.findings if f.party == party}


def articles(answer: Answer, party: str, capacity: str) -> set[tuple[str, object, object]]:
    return {
        (b.law, b.article, b.paragraph)
        for f in answer.findings
        if f.party == party and f.capacity == capacity
        for b in f.basis
    }


def named(answer: Answer) -> set[str]:
    return {f.party for f in answer.findings}


# ---------------------------------------------------------------- scenario facts → graph rows


def load_into_store(store: GraphStore, facts: Facts, code: str | None = None) -> str:
    """Write a scenario's facts as graph rows (wage crews become EMPLOYED_BY edges); returns the
    project code. Enterprises are keyed by party id, individuals become Person nodes."""
    code = code or facts.id
    project = {"code": code, "name": facts.project.name or code}
    project |= {k: v for k, v in _project_props(facts).items() if v is not None}
    store.upsert_nodes(Label.PROJECT, [project])
    store.upsert_nodes(
        Label.ENTERPRISE, [_enterprise(p) for p in facts.parties if p.kind != "individual"]
    )
    store.upsert_nodes(
        Label.PERSON,
        [
            {"pid": p.id, "name": p.name or p.id, "id_masked": "***"}
            for p in facts.parties
            if p.kind == "individual"
        ],
    )
    refs = {p.id: _ref(p) for p in facts.parties}
    _contracts(store, facts, refs, code)
    _links(store, facts, refs, code)
    _crews(store, facts, refs, code)
    return code


def _project_props(facts: Facts) -> dict[str, Any]:
    p = facts.project
    return {
        "area": p.area,
        "sector": p.sector,
        "funding": p.funding,
        "planning_compliant": p.planning_compliant,
        "permit": p.permit,
        "wage_account": p.wage_account,
        "wage_deposit": p.wage_deposit,
    }


def _enterprise(p: Party) -> dict[str, Any]:
    return {
        "eid": p.id,
        "name": p.name or p.id,
        "kind": p.kind,
        "licence": p.licence,
        "qualification": p.qualification,
        "dispatch_licence": p.dispatch_licence,
    }


def _ref(p: Party) -> NodeRef:
    return NodeRef(Label.PERSON if p.kind == "individual" else Label.ENTERPRISE, p.id)


def _contracts(store: GraphStore, facts: Facts, refs: dict[str, NodeRef], code: str) -> None:
    rows = []
    for i, c in enumerate(facts.contracts):
        props = {
            "project": code,
            "kind": c.kind,
            "price": c.price,
            "paid": c.paid,
            "unpaid": c.unpaid,
            "overdue": c.overdue,
            "disputed": c.disputed,
            "contract_id": c.id,
        }
        rows.append(
            RelRecord(
                RelType.CONTRACTS_TO,
                refs[c.src],
                refs[c.dst],
                c.id or f"{code}#{i}",
                {k: v for k, v in props.items() if v is not None},
            )
        )
    store.upsert_relationships(RelType.CONTRACTS_TO, rows)


def _links(store: GraphStore, facts: Facts, refs: dict[str, NodeRef], code: str) -> None:
    store.upsert_relationships(
        RelType.WORKS_UNDER_NAME_OF,
        [
            RelRecord(
                RelType.WORKS_UNDER_NAME_OF,
                refs[x.borrower],
                refs[x.lender],
                code,
                {"project": code},
            )
            for x in facts.name_lending
        ],
    )
    store.upsert_relationships(
        RelType.DISPATCHES_TO,
        [
            RelRecord(RelType.DISPATCHES_TO, refs[x.agency], refs[x.user], code, {"project": code})
            for x in facts.dispatch
        ],
    )
    kinds = {
        "legal_rep": RelType.LEGAL_REP_OF,
        "controller": RelType.CONTROLS,
        "investor": RelType.INVESTS_IN,
    }
    for p in facts.parties:
        officers = [(o.person, o.role) for o in p.officers] + [(i, "investor") for i in p.investors]
        for who, role in dict.fromkeys(officers):
            if role in kinds:
                store.upsert_relationships(
                    kinds[role], [RelRecord(kinds[role], refs[who], refs[p.id])]
                )


def _crews(store: GraphStore, facts: Facts, refs: dict[str, NodeRef], code: str) -> None:
    for group in facts.worker_groups:
        if group.claim != "wage" or group.employed_by is None or not group.count:
            continue
        shares = _split(group.owed or 0, group.count)
        workers = [f"{code}-{group.id}-{i}" for i in range(group.count)]
        store.upsert_nodes(
            Label.PERSON, [{"pid": w, "name": w, "id_masked": "***"} for w in workers]
        )
        store.upsert_relationships(
            RelType.EMPLOYED_BY,
            [
                RelRecord(
                    RelType.EMPLOYED_BY,
                    NodeRef(Label.PERSON, w),
                    refs[group.employed_by],
                    code,
                    {"project": code, "wages_due": share, "wages_paid": 0, "months_owed": 4},
                )
                for w, share in zip(workers, shares, strict=True)
            ],
        )


def _split(total: int, count: int) -> Iterable[int]:
    base, rest = divmod(total, count)
    return [base + (1 if i < rest else 0) for i in range(count)]


def finding_keys(answer: Answer) -> list[tuple[Any, ...]]:
    """Findings without worker-group ids (those differ between routes), sorted."""
    return sorted(
        (
            f.party,
            f.capacity,
            f.amount,
            f.cap,
            tuple((b.law, str(b.article), b.paragraph or 0) for b in f.basis),
        )
        for f in answer.findings
    )


# ---------------------------------------------------------------- expected answers


def expectation_failures(answer: Answer, expected: dict[str, Any]) -> list[str]:
    """What an answer gets wrong against an ``*.expected.json`` (the scenarios README keys, plus
    ``regime: null`` = not checked and ``warning_contains`` = substrings some warning must hold).
    Empty when the answer meets every expectation."""
    problems = _must_name_failures(answer, expected["must_name"])
    named_parties = {f.party for f in answer.findings}
    problems += [f"named {p}" for p in sorted(named_parties & set(expected["must_not_name"]))]
    subjects = expected["criminal_subject"]
    referred = sorted({r.party for r in answer.criminal_referral})
    if subjects is not None and referred != sorted(subjects):
        problems.append(f"criminal_referral {referred} != {sorted(subjects)}")
    if expected.get("regime") is not None and answer.regime != expected["regime"]:
        problems.append(f"regime {answer.regime} != {expected['regime']}")
    if expected.get("warning_expected") and not answer.warnings:
        problems.append("no warning")
    for text in expected.get("warning_contains", []):
        if not any(text in w for w in answer.warnings):
            problems.append(f"no warning containing {text!r}")
    return problems


def _must_name_failures(answer: Answer, must_name: list[dict[str, Any]]) -> list[str]:
    problems = []
    for m in must_name:
        hits = [
            f for f in answer.findings if f.party == m["party"] and f.capacity in m["capacities"]
        ]
        wanted = sum(
            1 for x in must_name if (x["party"], x["capacities"]) == (m["party"], m["capacities"])
        )
        if len(hits) < wanted:
            problems.append(f"{m['party']} not named as {'/'.join(m['capacities'])}")
        covered = {g for f in hits for g in f.worker_groups}
        if not set(m.get("worker_groups", [])) <= covered:
            problems.append(f"{m['party']} {m['capacities']} misses groups {m['worker_groups']}")
        if "cap" in m and not any(f.cap == m["cap"] for f in hits):
            problems.append(f"{m['party']} cap != {m['cap']}")
    return problems
