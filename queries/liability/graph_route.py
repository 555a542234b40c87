"""Facts from the graph: one ``contracting_graph`` read per answer, plain named tuples, no
validation in the hot path (the store holds checked values).

Party ids are node keys (Enterprise eid, Person pid). Roles come from position: the owner is
the source of the project's general contracts with no contract above it, the general
contractors are whom it contracts with. A Person is an individual without a licence.
Reference dates: ``decided_on`` (default today) fixes the regime; for a case, its
``received_at`` is the end of the arrears period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from graph.enums import STATUS_TO_LICENCE, Label, RelType
from graph.errors import NotFound
from graph.store.assemble import crews_from_employment
from graph.store.protocol import GraphStore
from graph.store.records import ContractingGraph, Crew, NodeRecord, NodeRef, RelRecord
from graph.values import parse_date
from queries.liability.answer import Answer
from queries.liability.engine import evaluate
from queries.liability.facts import (
    ContractEdge,
    Dispatch,
    Facts,
    NameLending,
    Officer,
    Party,
    Project,
    WorkerGroup,
)

_OFFICER_ROLES = {
    RelType.LEGAL_REP_OF: "legal_rep",
    RelType.CONTROLS: "controller",
    RelType.INVESTS_IN: "investor",
}
_STATUS = {s.value: lic.value for s, lic in STATUS_TO_LICENCE.items()}


def facts_from_graph(
    cg: ContractingGraph,
    crews: Sequence[Crew] | None = None,
    decided_on: date | None = None,
    *,
    fact_id: str | None = None,
    arrears_to: date | None = None,
    extra_parties: Iterable[NodeRecord] = (),
) -> Facts:
    """Facts of one project from its contracting graph; ``crews`` default to all its crews."""
    parts = _project_parts(cg)
    extra = tuple(
        _party(rec, parts.roles.get(rec.ref.key, "unknown"), parts.officers.get(rec.ref.key, ()))
        for rec in extra_parties
        if rec.ref not in cg.parties
    )
    groups = tuple(_group(i, c) for i, c in enumerate(crews if crews is not None else cg.crews))
    return Facts(
        id=fact_id or str(cg.project.ref.key),
        parties=parts.parties + tuple(dict.fromkeys(extra)),
        worker_groups=groups,
        title=parts.title,
        decided_on=decided_on,
        arrears_to=arrears_to,
        project=parts.project,
        contracts=parts.contracts,
        name_lending=parts.name_lending,
        dispatch=parts.dispatch,
    )


@dataclass(frozen=True, slots=True)
class _ProjectParts:
    """What the facts of every case on one project share."""

    officers: dict[str, tuple[Officer, ...]]
    roles: dict[str, str]
    parties: tuple[Party, ...]
    contracts: tuple[ContractEdge, ...]
    project: Project
    title: str
    name_lending: tuple[NameLending, ...]
    dispatch: tuple[Dispatch, ...]


_PARTS_CACHE: dict[str, tuple[ContractingGraph, _ProjectParts]] = {}
_PARTS_CACHE_SIZE = 50_000


def _project_parts(cg: ContractingGraph) -> _ProjectParts:
    """Built once per contracting-graph object: a store that returns the same (unchanged)
    graph object again gets the same parts back; any other object is rebuilt."""
    key = str(cg.project.ref.key)
    cached = _PARTS_CACHE.get(key)
    if cached is not None and cached[0] is cg:
        return cached[1]
    officers = _officers(cg.officers)
    contracts = tuple(_contract(r) for r in cg.contracts)
    roles = _roles(contracts)
    parts = _ProjectParts(
        officers=officers,
        roles=roles,
        parties=tuple(
            _party(rec, roles.get(ref.key, "unknown"), officers.get(ref.key, ()))
            for ref, rec in cg.parties.items()
        ),
        contracts=contracts,
        project=_project(cg.project),
        title=str(cg.project.get("name", "")),
        name_lending=tuple(NameLending(r.dst.key, r.src.key) for r in cg.name_lending),
        dispatch=tuple(Dispatch(r.src.key, r.dst.key) for r in cg.dispatch),
    )
    if len(_PARTS_CACHE) >= _PARTS_CACHE_SIZE:
        _PARTS_CACHE.clear()
    _PARTS_CACHE[key] = (cg, parts)
    return parts


def _project(node: NodeRecord) -> Project:
    p = node.props
    return Project(
        str(p.get("name", "")),
        node.ref.key or None,
        p.get("area"),
        p.get("sector"),
        p.get("funding"),
        p.get("planning_compliant"),
        p.get("permit"),
        p.get("wage_account"),
        p.get("wage_deposit"),
    )


def _party(record: NodeRecord, role: str, officers: tuple[Officer, ...]) -> Party:
    p = record.props
    investors = tuple(o.person for o in officers if o.role == "investor")
    if record.ref.label == Label.PERSON:
        return Party(
            record.ref.key,
            str(p.get("name", "")),
            role,
            "individual",
            "none",
            "none",
            "n/a",
            None,
            investors,
            officers,
        )
    licence = p.get("licence") or _STATUS.get(str(p.get("status")), "unknown")
    return Party(
        record.ref.key,
        str(p.get("name", "")),
        role,
        str(p.get("kind", "unknown")),
        str(licence),
        str(p.get("qualification", "unknown")),
        str(p.get("dispatch_licence", "unknown")),
        p.get("registered_area"),
        investors,
        officers,
    )


def _contract(rel: RelRecord) -> ContractEdge:
    p = rel.props
    return ContractEdge(
        rel.src.key,
        rel.dst.key,
        str(p.get("kind", "unknown")),
        p.get("contract_id"),
        p.get("price"),
        p.get("paid"),
        p.get("unpaid"),
        p.get("overdue"),
        p.get("disputed"),
    )


def _officers(rels: Iterable[RelRecord]) -> dict[str, tuple[Officer, ...]]:
    out: dict[str, list[Officer]] = {}
    for rel in rels:
        role = _OFFICER_ROLES.get(rel.type)
        if role:
            out.setdefault(rel.dst.key, []).append(Officer(rel.src.key, role))
    return {k: tuple(v) for k, v in out.items()}


def _roles(contracts: Sequence[ContractEdge]) -> dict[str, str]:
    """Owner and general contractor by position; every other party keeps role 'unknown'."""
    below = {c.dst for c in contracts}
    roles: dict[str, str] = {}
    for c in contracts:
        if c.kind == "general_contract" and c.src not in below:
            roles[c.src] = "owner"
    for c in contracts:
        if roles.get(c.src) == "owner" and c.dst not in roles:
            roles[c.dst] = "general_contractor"
    return roles


def _group(index: int, crew: Crew) -> WorkerGroup:
    return WorkerGroup(
        f"W{index + 1}",
        crew.workers,
        crew.owed_total,
        crew.employer.key,
        "wage",
        crew.owed_max or None,
        crew.months_owed_max or None,
    )


# ---------------------------------------------------------------------------- entry points


def facts_for_project(
    store: GraphStore, project_code: str, decided_on: date | None = None
) -> Facts:
    """Facts for every crew on a project (one store read)."""
    return facts_from_graph(store.contracting_graph(project_code), decided_on=decided_on)


def facts_for_case(store: GraphStore, case_id: str, decided_on: date | None = None) -> Facts:
    """Facts for the claimants of a case (their crews) on the case's project."""
    ctx = store.case_context(case_id)
    received = ctx.case.get("received_at")
    arrears_to = parse_date(received) if received else None
    if ctx.project is None:
        empty = NodeRecord(NodeRef(Label.PROJECT, ""), {})
        cg = ContractingGraph(empty, {}, (), (), (), ctx.controllers, ())
    else:
        cg = store.contracting_graph(ctx.project.ref.key)
    employers = [c.employer for c in ctx.claim_crews]
    extra = _missing(store, cg.parties, employers, ctx.respondents)
    return facts_from_graph(
        cg, ctx.claim_crews, decided_on, fact_id=case_id, arrears_to=arrears_to, extra_parties=extra
    )


def facts_for_worker(
    store: GraphStore, pid: str, project_code: str, decided_on: date | None = None
) -> Facts:
    """Facts for one worker (by pid) on one project: that worker's EMPLOYED_BY edge."""
    rels = [
        r
        for r in store.relationships_of(NodeRef(Label.PERSON, pid), RelType.EMPLOYED_BY, "out")
        if r.get("project") == project_code
    ]
    if not rels:
        raise NotFound(f"employment on project {project_code} of worker", pid)
    cg = store.contracting_graph(project_code)
    return facts_from_graph(cg, crews_from_employment(rels), decided_on)


def liability_for_project(
    store: GraphStore, project_code: str, decided_on: date | None = None
) -> Answer:
    """Liability for every crew on a project."""
    return evaluate(facts_for_project(store, project_code, decided_on))


def liability_for_case(store: GraphStore, case_id: str, decided_on: date | None = None) -> Answer:
    """Liability for a case's claimants; the case's received_at ends the arrears period."""
    return evaluate(facts_for_case(store, case_id, decided_on))


def liability_for_worker(
    store: GraphStore, pid: str, project_code: str, decided_on: date | None = None
) -> Answer:
    """Liability for one worker on one project."""
    return evaluate(facts_for_worker(store, pid, project_code, decided_on))


def _missing(
    store: GraphStore,
    known: Mapping[NodeRef, NodeRecord],
    refs: Sequence[NodeRef],
    respondents: Sequence[NodeRecord],
) -> list[NodeRecord]:
    wanted = [r for r in refs if r not in known]
    found = store.get_nodes(wanted) if wanted else {}
    return [
        *found.values(),
        *(r for r in respondents if r.ref in set(wanted) and r.ref not in found),
    ]


__all__ = [
    "facts_for_case",
    "facts_for_project",
    "facts_for_worker",
    "facts_from_graph",
    "liability_for_case",
    "liability_for_project",
    "liability_for_worker",
]
