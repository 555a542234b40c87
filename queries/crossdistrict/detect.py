"""Cross-district detection: defaulters whose open arrears span two or more districts.

The defaulter–controller–case graph (networkx, undirected) has a node per open case, per
defaulter (respondent Enterprise after entity resolution, or Person such as a 包工头), per
controller (LEGAL_REP_OF / CONTROLS, and INVESTS_IN when the policy says so) and per party
of name lending (挂靠) on those cases' projects. A group is a connected component whose
cases' places of employment (project site, not registration) lie in ≥ 2 districts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import networkx as nx

from graph.collector import collector_paused
from graph.enums import REL_TITLES, Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef
from graph.values import format_yuan
from queries.crossdistrict.coordination import (
    area_full_name,
    area_name,
    coordinator,
    lead_district,
    span_of,
    tasks_for,
)
from queries.crossdistrict.facts import fetch_inputs
from queries.crossdistrict.inputs import CaseFact, DetectionInputs, EnterpriseFact, TieFact
from queries.crossdistrict.models import (
    CaseRow,
    DistrictStat,
    Group,
    Match,
    Member,
    Policy,
    Task,
    TiePath,
)
from queries.crossdistrict.resolution import Resolution, resolve

Node = tuple[str, str]  # ("Case" | "Enterprise" | "Person", key)
CASE = "Case"
EMPLOYER = "EMPLOYER_OF_CLAIMANTS"
"""Edge type in the detection graph only: a case and the employer who owes its claimants."""
BRANCH_OF = "BRANCH_OF"
"""Edge type in the detection graph only (never stored): a branch and its parent, by name."""
TITLES: dict[str, str] = {
    **{str(k): v for k, v in REL_TITLES.items()},
    BRANCH_OF: "分支机构",
    EMPLOYER: "投诉人受雇于",
}
DEFAULTER_ROLES = {str(RelType.AGAINST): "被投诉主体", EMPLOYER: "欠薪用工主体"}
ROLE_OF_TIE: dict[str, tuple[str, str]] = {
    BRANCH_OF: ("分支机构", "总公司"),
    RelType.LEGAL_REP_OF: ("法定代表人", "被代表企业"),
    RelType.CONTROLS: ("实际控制人", "被控制企业"),
    RelType.INVESTS_IN: ("出资人", "被出资企业"),
    RelType.WORKS_UNDER_NAME_OF: ("挂靠人", "被挂靠单位"),
}


@dataclass(frozen=True, slots=True)
class Detection:
    """Groups found, and the entity-resolution outcome they were built on."""

    groups: tuple[Group, ...]
    resolution: Resolution
    open_cases: int
    unlocated: int


def detect(
    facts: DetectionInputs,
    policy: Policy,
    *,
    now: date,
    district: str | None = None,
    since: date | None = None,
) -> list[Group]:
    """Cross-district groups, largest amount first (see :func:`analyse` for the whole answer)."""
    return list(analyse(facts, policy, now=now, district=district, since=since).groups)


def detect_in_store(
    store: GraphStore,
    policy: Policy,
    *,
    now: date,
    district: str | None = None,
    since: date | None = None,
) -> Detection:
    """Read the facts from the store (one pass) and analyse them."""
    return analyse(fetch_inputs(store), policy, now=now, district=district, since=since)


def analyse(
    facts: DetectionInputs,
    policy: Policy,
    *,
    now: date,
    district: str | None = None,
    since: date | None = None,
) -> Detection:
    """Resolve entities, build the graph, keep components that span districts, describe them.

    ``district`` keeps groups touching that area code (a district, street or city prefix);
    ``since`` keeps groups with a case received on or after that date.
    """
    with collector_paused():
        return _analyse(facts, policy, now=now, district=district, since=since)


def _analyse(
    facts: DetectionInputs,
    policy: Policy,
    *,
    now: date,
    district: str | None,
    since: date | None,
) -> Detection:
    resolution = resolve(facts, policy)
    builder = _GroupBuilder(facts, policy, resolution, now)
    graph = build_graph(facts, resolution, policy)
    groups = []
    for component in nx.connected_components(graph):
        cases = [builder.cases[key] for kind, key in component if kind == CASE]
        spans = len({c.district for c in cases}) >= policy.min_districts
        if spans and _wanted(cases, district, since):
            groups.append(builder.group(graph, component, cases))
    groups.sort(key=lambda g: (-g.amount_fen, g.id))
    return Detection(tuple(groups), resolution, len(facts.cases), facts.unlocated)


def _wanted(cases: Sequence[CaseFact], district: str | None, since: date | None) -> bool:
    if district and not any(c.site.startswith(district) for c in cases):
        return False
    return since is None or any(c.received_at >= since for c in cases)


def _node(ref: NodeRef, resolution: Resolution) -> Node:
    if ref.label is Label.ENTERPRISE:
        return (ref.label.value, resolution.of(ref.key))
    return (ref.label.value, ref.key)


def build_graph(facts: DetectionInputs, resolution: Resolution, policy: Policy) -> Any:
    """The undirected defaulter–controller–case graph; each edge keeps its type and source."""
    graph = nx.Graph()
    projects = {c.project for c in facts.cases if c.project}
    for case in facts.cases:
        node = (CASE, case.id)
        graph.add_node(node)
        for edge_type, ref in defaulters_of(case, policy):
            graph.add_edge(node, _node(ref, resolution), type=edge_type, src=node)
    ties: list[tuple[str, NodeRef, NodeRef]] = [
        (tie.type, tie.src, tie.dst) for tie in _wanted_ties(facts.ties, policy, projects)
    ]
    ties += [(BRANCH_OF, ent(b), ent(p)) for b, p in resolution.branches]
    for rel_type, src_ref, dst_ref in ties:
        src, dst = _node(src_ref, resolution), _node(dst_ref, resolution)
        if src != dst and not graph.has_edge(src, dst):
            graph.add_edge(src, dst, type=rel_type, src=src)
    return graph


def ent(eid: str) -> NodeRef:
    return NodeRef(Label.ENTERPRISE, eid)


def defaulters_of(case: CaseFact, policy: Policy) -> list[tuple[str, NodeRef]]:
    """(edge type, party) pairs that make a party a defaulter of the case, by policy."""
    employers = [(EMPLOYER, ref) for ref in case.employers]
    named = [(str(RelType.AGAINST), ref) for ref in case.respondents]
    if policy.defaulters == "both":
        return employers + named
    if policy.defaulters == "respondents":
        return named
    return employers or named


def _wanted_ties(ties: Iterable[TieFact], policy: Policy, projects: set[str]) -> Iterable[TieFact]:
    for tie in ties:
        if tie.type is RelType.INVESTS_IN and not policy.include_investors:
            continue
        if tie.type is RelType.WORKS_UNDER_NAME_OF and tie.project not in projects:
            continue
        yield tie


def group_id(parties: Iterable[Node]) -> str:
    """'CG-' + 12 hex of the digest of the sorted party keys: the same parties, the same id."""
    text = "\n".join(f"{kind}:{key}" for kind, key in sorted(parties))
    return "CG-" + hashlib.sha256(text.encode()).hexdigest()[:12].upper()


class _GroupBuilder:
    """Describes one component: districts, cases, members, paths, spreading, coordination."""

    def __init__(
        self, facts: DetectionInputs, policy: Policy, resolution: Resolution, now: date
    ) -> None:
        self.facts = facts
        self.policy = policy
        self.resolution = resolution
        self.now = now
        self.cases = {c.id: c for c in facts.cases}

    def group(self, graph: Any, component: set[Node], cases: list[CaseFact]) -> Group:
        cases.sort(key=lambda c: (c.received_at, c.id))
        parties = sorted(n for n in component if n[0] != CASE)
        stats = self._district_stats(cases)
        lead = lead_district(stats, self.policy.lead_by)
        districts = [s.code for s in stats]
        new = tuple(s.code for s in stats if s.new)
        members = tuple(self._member(graph, n) for n in parties)
        return Group(
            id=group_id(parties),
            span=span_of(districts),
            districts=stats,
            streets=tuple(sorted({c.street for c in cases if c.street})),
            cases=tuple(self._case_row(c) for c in cases),
            workers=sum(c.workers for c in cases),
            amount_fen=sum(c.amount_fen for c in cases),
            amount_text=format_yuan(sum(c.amount_fen for c in cases)),
            first_received=cases[0].received_at,
            last_received=cases[-1].received_at,
            members=members,
            paths=tuple(self._paths(graph, cases, lead, districts)),
            matches=self._matches(parties),
            spreading=bool(new),
            new_districts=new,
            lead_district=lead,
            co_districts=tuple(d for d in districts if d != lead),
            coordinator=coordinator(districts, self.facts.agencies),
            tasks=self._tasks(lead, districts, members),
        )

    def _tasks(
        self, lead: str, districts: Sequence[str], members: Sequence[Member]
    ) -> tuple[Task, ...]:
        due_days = self.policy.task_due_working_days
        return tasks_for(lead, districts, self._defaulters(members), self.now, due_days)

    def _district_stats(self, cases: Sequence[CaseFact]) -> tuple[DistrictStat, ...]:
        """Per district; ``new`` when the district's first case falls within the spreading
        window and after the group's first case (the group was elsewhere before)."""
        by_district: dict[str, list[CaseFact]] = {}
        for case in cases:
            by_district.setdefault(case.district, []).append(case)
        window = self.now - timedelta(days=self.policy.spreading_days)
        start = min(c.received_at for c in cases)
        return tuple(
            DistrictStat(
                code=code,
                name=area_full_name(code),
                cases=len(rows),
                workers=sum(c.workers for c in rows),
                amount_fen=sum(c.amount_fen for c in rows),
                first_received=min(c.received_at for c in rows),
                new=window <= min(c.received_at for c in rows) != start,
            )
            for code, rows in sorted(by_district.items())
        )

    def _case_row(self, case: CaseFact) -> CaseRow:
        return CaseRow(
            id=case.id,
            district=case.district,
            street=case.street,
            project=case.project,
            received_at=case.received_at,
            workers=case.workers,
            amount_fen=case.amount_fen,
            respondents=tuple(self._name(_node(r, self.resolution)) for r in case.respondents),
            employers=tuple(self._name(_node(r, self.resolution)) for r in case.employers),
        )

    def _name(self, node: Node) -> str:
        kind, key = node
        if kind == CASE:
            case = self.cases[key]
            return f"案件{key}（{area_name(case.district)}）"
        if kind == Label.ENTERPRISE.value:
            ent = self.facts.enterprises.get(key)
            return ent.name if ent else key
        return self.facts.person_names.get(key, key)

    def _member(self, graph: Any, node: Node) -> Member:
        roles: set[str] = set()
        districts: set[str] = set()
        for other, data in graph[node].items():
            if data["type"] in DEFAULTER_ROLES:
                roles.add(DEFAULTER_ROLES[data["type"]])
                districts.add(self.cases[other[1]].district)
            else:
                titles = ROLE_OF_TIE.get(data["type"], ("关联人", "关联企业"))
                roles.add(titles[0] if data["src"] == node else titles[1])
        linked = sum(1 for other in graph[node] if other[0] != CASE)
        return Member(
            ref=f"{node[0]}:{node[1]}",
            name=self._name(node),
            roles=tuple(sorted(roles)),
            districts=tuple(sorted(districts)),
            connector=len(districts) > 1 or (not districts and linked > 1),
        )

    def _paths(
        self, graph: Any, cases: Sequence[CaseFact], lead: str, districts: Sequence[str]
    ) -> Iterable[TiePath]:
        start = next(c for c in cases if c.district == lead)
        for code in districts:
            if code == lead:
                continue
            end = next(c for c in cases if c.district == code)
            nodes = nx.shortest_path(graph, (CASE, start.id), (CASE, end.id))
            yield TiePath(
                from_district=lead,
                to_district=code,
                text=self._render(graph, nodes),
                nodes=tuple(f"{k}:{v}" for k, v in nodes),
            )

    def _render(self, graph: Any, nodes: Sequence[Node]) -> str:
        """E.g. '案件C1（浦东新区） —被投诉→ 企业A ←法定代表人— 张某 —实际控制→ 企业B
        ←被投诉— 案件C2（徐汇区）'."""
        parts = [self._name(nodes[0])]
        for u, v in pairwise(nodes):
            data = graph.edges[u, v]
            title = TITLES[data["type"]]
            parts.append(f"—{title}→" if data["src"] == u else f"←{title}—")
            parts.append(self._name(v))
        return " ".join(parts)

    def _matches(self, parties: Sequence[Node]) -> tuple[Match, ...]:
        keys = {key for kind, key in parties if kind == Label.ENTERPRISE.value}
        return tuple(m for m in self.resolution.applied if self.resolution.of(m.a) in keys)

    def _defaulters(self, members: Sequence[Member]) -> list[tuple[EnterpriseFact, Sequence[str]]]:
        """Defaulting enterprises (after resolution): they get integrity-file notices."""
        ents = self.facts.enterprises
        keys = [(m.ref.partition(":")[2], m.districts) for m in members if m.districts]
        return [(ents[key], owing) for key, owing in keys if key in ents]
