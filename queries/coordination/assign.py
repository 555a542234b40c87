"""Fetch the facts of a case, decide its 包案 assignment, and write it back.

Look-ups go through indexed reads only: ``find_nodes(Agency, "area", code)`` for the units of
the place of employment, ``find_nodes(Official, "agency", id)`` for eligible leaders, and
``relationships_of`` for superiors. A :class:`Lookup` caches them for a whole batch run.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from graph.enums import ContractKind, Label, RelType
from graph.errors import Conflict
from graph.store.protocol import GraphStore
from graph.store.records import CLOSED_CASE_STATES, CaseContext, NodeRecord, NodeRef, RelRecord
from queries.coordination.assignment import (
    LEAD,
    OWNER,
    AgencyInfo,
    Assignment,
    AssignmentInputs,
    OfficialInfo,
    decide_assignment,
)
from queries.coordination.lifecycle import HistoryEntry, append_history, deadline_of
from queries.coordination.policy import CoordinationPolicy

REPLACEABLE_ROLES = ("主办", "属地", "协办")
"""Unit roles a re-assignment recomputes (and 督办 not added by overdue escalation)."""

UNQUALIFIED = frozenset({"none", "inadequate"})
NOT_LICENSED = frozenset({"none", "revoked", "expired", "closed", "dissolved"})


class Lookup:
    """Cached indexed look-ups of agencies by area, officials by agency, superiors."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._by_area: dict[str, list[AgencyInfo]] = {}
        self._officials: dict[str, list[OfficialInfo]] = {}
        self._parent: dict[str, AgencyInfo | None] = {}
        self._chains: dict[str, tuple[str, ...]] = {}
        self._against: dict[NodeRef, list[str]] = {}
        self._case_project: dict[str, str] = {}

    def agencies_in(self, code: str) -> list[AgencyInfo]:
        if code not in self._by_area:
            nodes = self.store.find_nodes(Label.AGENCY, "area", code)
            self._by_area[code] = [agency_info(n) for n in nodes]
        return self._by_area[code]

    def officials_of(self, agency_id: str) -> list[OfficialInfo]:
        if agency_id not in self._officials:
            nodes = self.store.find_nodes(Label.OFFICIAL, "agency", agency_id)
            self._officials[agency_id] = [official_info(n) for n in nodes]
        return self._officials[agency_id]

    def superior(self, agency_id: str) -> AgencyInfo | None:
        if agency_id not in self._parent:
            ref = NodeRef(Label.AGENCY, agency_id)
            rels = self.store.relationships_of(ref, RelType.REPORTS_TO, "out")
            node = self.store.get_node(rels[0].dst) if rels else None
            self._parent[agency_id] = agency_info(node) if node else None
        return self._parent[agency_id]

    def chain_issues(self, project: str) -> tuple[str, ...]:
        if project not in self._chains:
            self._chains[project] = chain_issues(self.store, project)
        return self._chains[project]

    def cases_against(self, party: NodeRef) -> list[str]:
        if party not in self._against:
            rels = self.store.relationships_of(party, RelType.AGAINST, "in")
            self._against[party] = [r.src.key for r in rels]
        return self._against[party]

    def project_of(self, case_id: str) -> str:
        """The project of a case ("" without one): the case's own CONCERNS edge, remembered.
        (Not a scan of every CONCERNS edge: a server rebuilds this look-up every minute, and
        a city-wide scan then stalls the requests queued behind it.)"""
        project = self._case_project.get(case_id)
        if project is None:
            case = NodeRef(Label.CASE, case_id)
            rels = self.store.relationships_of(case, RelType.CONCERNS, "out")
            project = self._case_project[case_id] = rels[0].dst.key if rels else ""
        return project


def agency_info(node: NodeRecord) -> AgencyInfo:
    p = node.props
    return AgencyInfo(
        node.ref.key,
        str(p.get("name", node.ref.key)),
        str(p.get("kind", "")),
        str(p.get("level", "")),
        str(p.get("area", "")),
    )


def official_info(node: NodeRecord) -> OfficialInfo:
    p = node.props
    return OfficialInfo(
        node.ref.key,
        str(p.get("name", node.ref.key)),
        str(p.get("title", "")),
        int(p.get("rank", 1)),
        str(p.get("agency", "")),
    )


# ------------------------------------------------------------------ facts


def place_of_employment(ctx: CaseContext) -> str | None:
    """The project's area (用工所在地); without a project, where the case occurred (the
    smallest code when several, so the choice is stable)."""
    if ctx.project is not None and ctx.project.get("area"):
        return str(ctx.project.get("area"))
    if ctx.areas:
        return sorted(ctx.areas)[0]
    area = ctx.case.get("area")
    return str(area) if area else None


def _districts(ctx: CaseContext, place: str | None) -> tuple[str, ...]:
    """Districts of the places of employment (a case without a project may span several)."""
    codes = [place] if ctx.project is not None and place else list(ctx.areas)
    return tuple(sorted({c[:6] for c in codes if c and len(c) >= 6}))


def chain_issues(store: GraphStore, project: str) -> tuple[str, ...]:
    """Chain problems that trigger the sector regulator (R-7): 转包, 违法分包, 挂靠 …"""
    graph = store.contracting_graph(project)
    issues = set()
    for rel in graph.contracts:
        issues.update(_contract_issues(rel, graph.parties.get(rel.dst)))
    if graph.name_lending:
        issues.add("挂靠")
    return tuple(sorted(issues))


def _contract_issues(rel: RelRecord, party: NodeRecord | None) -> list[str]:
    kind = str(rel.get("kind", ContractKind.UNKNOWN.value))
    out = []
    if kind == ContractKind.TRANSFER.value:
        out.append("转包")
    if kind == ContractKind.LET_TO_INDIVIDUAL.value:
        out.append("违法发包")
    subcontract = kind in (
        ContractKind.SPECIALTY_SUBCONTRACT.value,
        ContractKind.LABOUR_SUBCONTRACT.value,
    )
    if subcontract and party is not None and _unfit(party):
        out.append("违法分包")
    if int(rel.get("overdue") or 0) > 0:
        out.append("拖欠工程款")
    return out


def _unfit(party: NodeRecord) -> bool:
    return (
        str(party.get("qualification", "")) in UNQUALIFIED
        or str(party.get("licence", "")) in NOT_LICENSED
        or party.get("kind") == "individual"
    )


def _repeat_offender(lookup: Lookup, ctx: CaseContext) -> bool:
    """A respondent that is the subject of another case on a different project (another
    arrears episode, not a co-worker's complaint about the same site)."""
    this = ctx.project.ref.key if ctx.project is not None else ""
    return any(
        other != ctx.case.ref.key and lookup.project_of(other) != this
        for r in ctx.respondents
        for other in lookup.cases_against(r.ref)
    )


def _handler(ctx: CaseContext, rel_type: RelType, key: str) -> str | None:
    found = [r.dst.key for r in ctx.handling if r.type is rel_type and r.key == key]
    return found[0] if found else None


def _scale(ctx: CaseContext) -> tuple[int, int, int]:
    """(workers, amount owed in fen, months owed): the largest of case and claim figures."""
    c = ctx.case
    workers = max(int(c.get("workers", 0)), ctx.claimants, sum(x.workers for x in ctx.claim_crews))
    amount = max(int(c.get("amount_owed", 0)), sum(x.owed_total for x in ctx.claim_crews))
    months = max([int(c.get("months_owed", 0))] + [x.months_owed_max for x in ctx.claim_crews])
    return workers, amount, months


def _agencies(lookup: Lookup, place: str | None, districts: Iterable[str]) -> list[AgencyInfo]:
    codes: set[str] = set()
    for code in ([place] if place else []) + list(districts):
        codes.update({code, code[:6], code[:4], code[:4] + "00", code[:2], code[:2] + "0000"})
    found = {a.id: a for code in sorted(codes) for a in lookup.agencies_in(code)}
    for agency in list(found.values()):
        parent = lookup.superior(agency.id) if agency.level == "district" else None
        if parent is not None:
            found.setdefault(parent.id, parent)
    return sorted(found.values(), key=lambda a: a.id)


def gather_inputs(store: GraphStore, ctx: CaseContext, lookup: Lookup) -> AssignmentInputs:
    """The facts of one case for :func:`decide_assignment`."""
    place = place_of_employment(ctx)
    owner, guide = _handler(ctx, RelType.LED_BY, OWNER), _handler(ctx, RelType.LED_BY, "指导")
    current = [NodeRef(Label.OFFICIAL, k) for k in (owner, guide) if k]
    base = place_inputs(
        lookup,
        ctx.case.ref.key,
        place,
        ctx.project,
        districts=_districts(ctx, place),
        extra=store.get_nodes(current).values(),
    )
    workers, amount, months = _scale(ctx)
    return replace(
        base,
        workers=workers,
        amount_fen=amount,
        months=months,
        group_incident=bool(ctx.case.get("group_incident")) or ctx.case.get("kind") == "群体性事件",
        repeat_offender=_repeat_offender(lookup, ctx),
        current_owner=owner,
        current_guide=guide,
    )


def place_inputs(
    lookup: Lookup,
    subject: str,
    place: str | None,
    project: NodeRecord | None,
    *,
    districts: tuple[str, ...] | None = None,
    extra: Iterable[NodeRecord] = (),
) -> AssignmentInputs:
    """The facts of the place (and project) alone: units, officials and superiors by indexed
    look-ups, the project's sector, funding and chain problems; no case figures (an ordinary
    new complaint). ``districts`` default to the place's district; ``extra`` officials are
    added (a case's current leaders posted elsewhere)."""
    if districts is None:
        districts = (place[:6],) if place and len(place) >= 6 else ()
    agencies = _agencies(lookup, place, districts)
    officials = {o.id: o for a in agencies for o in lookup.officials_of(a.id)}
    for node in extra:
        officials.setdefault(node.ref.key, official_info(node))
    return AssignmentInputs(
        case_id=subject,
        place=place,
        districts=districts,
        sector=str(project.get("sector", "other")) if project else "other",
        gov_invested=project is not None and project.get("funding") == "government",
        workers=0,
        amount_fen=0,
        months=0,
        group_incident=False,
        repeat_offender=False,
        chain_issues=lookup.chain_issues(project.ref.key) if project else (),
        agencies=tuple(agencies),
        officials=tuple(sorted(officials.values(), key=lambda o: o.id)),
        superiors={a.id: p.id for a in agencies if (p := lookup.superior(a.id)) is not None},
    )


# ------------------------------------------------------------------ loads


def open_loads(store: GraphStore) -> Counter[str]:
    """Open cases per official (LED_BY, any role), in one pass over cases and LED_BY."""
    status = {n.ref.key: str(n.get("status", "received")) for n in store.nodes(Label.CASE)}
    loads: Counter[str] = Counter()
    for rel in store.relationships(RelType.LED_BY):
        if status.get(rel.src.key, "closed") not in CLOSED_CASE_STATES:
            loads[rel.dst.key] += 1
    return loads


# ------------------------------------------------------------------ writing


def _plan(result: Assignment, ctx: CaseContext, policy: CoordinationPolicy) -> str:
    """The 一案一策 plan record (JSON text)."""
    deadline = deadline_of(ctx.case, policy)
    plan: dict[str, Any] = {
        "grade": result.grade.value,
        "grade_title": result.grade_title,
        "lead_unit": result.lead_unit.agency_name if result.lead_unit else None,
        "units": [f"{u.role}:{u.agency_name}" for u in result.units],
        "owner": result.owner.name if result.owner else None,
        "guide": result.guide.name if result.guide else None,
        "deadline": deadline.due.isoformat() if deadline else None,
        "report": "特案专报（即时）" if result.report_immediately else "按期报送",
        "problems": list(result.problems),
        "trace": list(result.trace),
    }
    return json.dumps(plan, ensure_ascii=False, sort_keys=True)


def _unit_rels(case: NodeRef, result: Assignment, at: str) -> list[RelRecord]:
    return [
        RelRecord(
            RelType.ASSIGNED_TO,
            case,
            NodeRef(Label.AGENCY, u.agency_id),
            u.role,
            {"role": u.role, "assigned_at": at, "reason": u.reason},
        )
        for u in result.units
    ]


def _stale_units(ctx: CaseContext, keep: list[RelRecord]) -> list[RelRecord]:
    wanted = {(r.dst, r.key) for r in keep}
    return [
        r
        for r in ctx.handling
        if r.type is RelType.ASSIGNED_TO and owned_by_assignment(r) and (r.dst, r.key) not in wanted
    ]


def owned_by_assignment(rel: RelRecord) -> bool:
    """Units the assignment owns: every role but 督办 written by overdue escalation."""
    return rel.key in REPLACEABLE_ROLES or (rel.key == "督办" and not rel.get("overdue_stage"))


def _leader_rels(ctx: CaseContext, result: Assignment, at: str) -> list[RelRecord]:
    out = []
    for leader in (result.owner, result.guide):
        if leader is not None and _handler(ctx, RelType.LED_BY, leader.role) != leader.official_id:
            out.append(
                RelRecord(
                    RelType.LED_BY,
                    ctx.case.ref,
                    NodeRef(Label.OFFICIAL, leader.official_id),
                    leader.role,
                    {"role": leader.role, "assigned_at": at, "reason": leader.reason},
                )
            )
    return out


def write_assignment(
    store: GraphStore,
    ctx: CaseContext,
    result: Assignment,
    policy: CoordinationPolicy,
    *,
    actor: str,
    now: datetime,
) -> None:
    """Write units, leaders (replacing a transferred owner), grade and plan; a history entry
    only when something changed (re-running the same assignment is a no-op)."""
    at = now.isoformat(timespec="seconds")
    units = _keep_first_assigned_at(ctx, _unit_rels(ctx.case.ref, result, at))
    stale = _stale_units(ctx, units)
    if stale:
        store.delete_relationships(RelType.ASSIGNED_TO, stale)
    store.upsert_relationships(RelType.ASSIGNED_TO, units)
    leaders = _leader_rels(ctx, result, at)
    replaced = [
        r
        for r in ctx.handling
        if r.type is RelType.LED_BY and any(r.key == n.key and r.dst != n.dst for n in leaders)
    ]
    if replaced:
        store.delete_relationships(RelType.LED_BY, replaced)
    store.upsert_relationships(RelType.LED_BY, leaders)
    row = {
        "id": ctx.case.ref.key,
        "severity": result.grade.value,
        "plan": _plan(result, ctx, policy),
        "assignment_problems": list(result.problems),
    }
    fresh = any("assigned_at" in u.props for u in units)
    if stale or fresh or leaders or ctx.case.get("severity") != result.grade.value:
        row["history"] = append_history(ctx.case, _assign_entry(ctx, result, actor, at))
    store.upsert_nodes(Label.CASE, [row])


def _keep_first_assigned_at(ctx: CaseContext, units: list[RelRecord]) -> list[RelRecord]:
    """Units already in place keep their original ``assigned_at`` (props merge on upsert)."""
    present = {(r.dst, r.key) for r in ctx.handling if r.type is RelType.ASSIGNED_TO}
    return [
        replace(u, props={k: v for k, v in u.props.items() if k != "assigned_at"})
        if (u.dst, u.key) in present
        else u
        for u in units
    ]


def _assign_entry(ctx: CaseContext, result: Assignment, actor: str, at: str) -> HistoryEntry:
    status = str(ctx.case.get("status", "received"))
    who = result.owner.name if result.owner else "未定"
    return HistoryEntry(at, actor, status, status, f"包案：{result.grade_title}，包案领导 {who}")


def assign_context(
    store: GraphStore,
    ctx: CaseContext,
    policy: CoordinationPolicy,
    *,
    actor: str,
    now: datetime,
    loads: Counter[str],
    lookup: Lookup,
    transfer_reason: str | None = None,
) -> Assignment:
    """Decide and write one case; ``loads`` is updated with the new leaders."""
    inputs = gather_inputs(store, ctx, lookup)
    if transfer_reason:
        inputs = _without_owner(inputs, transfer_reason)
    result = decide_assignment(inputs, policy, loads)
    if transfer_reason:
        result = result.model_copy(update={"trace": (*result.trace, f"转交：{transfer_reason}")})
    for leader in (result.owner, result.guide):
        if leader is not None and _handler(ctx, RelType.LED_BY, leader.role) != leader.official_id:
            loads[leader.official_id] += 1
    write_assignment(store, ctx, result, policy, actor=actor, now=now)
    return result


def _without_owner(inputs: AssignmentInputs, reason: str) -> AssignmentInputs:
    if not reason.strip():
        raise Conflict(f"case {inputs.case_id!r}: a transfer of the owner needs a reason")
    return replace(inputs, current_owner=None, current_guide=None)


def assign_case(
    store: GraphStore,
    case_id: str,
    policy: CoordinationPolicy,
    *,
    actor: str,
    now: datetime,
    transfer_reason: str | None = None,
) -> Assignment:
    """Assign one case. An existing owner is kept (一人一案到底) unless ``transfer_reason``."""
    ctx = store.case_context(case_id)
    return assign_context(
        store,
        ctx,
        policy,
        actor=actor,
        now=now,
        loads=open_loads(store),
        lookup=Lookup(store),
        transfer_reason=transfer_reason,
    )


def assign_all(
    store: GraphStore,
    policy: CoordinationPolicy,
    *,
    actor: str,
    now: datetime,
) -> list[Assignment]:
    """Assign every open case, balancing loads across the run (one load pass, cached look-ups)."""
    loads, lookup = open_loads(store), Lookup(store)
    contexts = [c for c in store.case_contexts() if c.is_open]
    return [
        assign_context(store, c, policy, actor=actor, now=now, loads=loads, lookup=lookup)
        for c in contexts
    ]


# ------------------------------------------------------------------ coverage


def coverage(store: GraphStore) -> dict[str, Any]:
    """Share of open cases with exactly one lead unit and exactly one owner, and why not."""
    total = lead_ok = owner_ok = 0
    reasons: Counter[str] = Counter()
    for ctx in store.case_contexts():
        if not ctx.is_open:
            continue
        total += 1
        lead_ok += _count(ctx.handling, RelType.ASSIGNED_TO, LEAD) == 1
        owner_ok += _count(ctx.handling, RelType.LED_BY, OWNER) == 1
        reasons.update(_reason_kind(p) for p in ctx.case.get("assignment_problems") or [])
    return {
        "open_cases": total,
        "with_one_lead_unit": lead_ok,
        "with_one_owner": owner_ok,
        "lead_unit_share": round(lead_ok / total, 4) if total else None,
        "owner_share": round(owner_ok / total, 4) if total else None,
        "reasons": dict(sorted(reasons.items())),
    }


def _count(rels: Iterable[RelRecord], rel_type: RelType, key: str) -> int:
    return sum(1 for r in rels if r.type is rel_type and r.key == key)


def _reason_kind(problem: str) -> str:
    """Group problem texts by their kind (the words after the place name)."""
    for marker in (
        "无符合条件的包案领导",
        "无符合条件的指导领导",
        "无劳动保障监察",
        "无项目所在地",
        "无上级部门",
        "共同上级",
    ):
        if marker in problem:
            return marker
    return problem
