"""The embedded store: the graph lives in networkx, made durable by a SQLite journal.

Node ids are ``(label, key)`` tuples; parallel relationships are told apart by the edge key
``TYPE\\x1fkey``. Writes go to the journal first (one transaction per batch) and then to the
graph, so what a caller was told is written survives a crash, and a restart rebuilds the
same graph from the journal.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graph.collector import collector_paused
from graph.enums import NODE_KEYS, Label, RelType
from graph.errors import InvalidValue, NotFound
from graph.store.assemble import crews_from_claims, crews_from_employment
from graph.store.journal import Journal
from graph.store.records import (
    HANDLING_REL_TYPES,
    OFFICER_REL_TYPES,
    PROJECT_REL_TYPES,
    CaseContext,
    ContractingGraph,
    NodeRecord,
    NodeRef,
    RelRecord,
    RelRow,
    RelValues,
    Subgraph,
    WriteResult,
)

_SEP = "\x1f"
_PROJECT_TYPES = PROJECT_REL_TYPES
_OFFICER_TYPES = OFFICER_REL_TYPES
_PROJECT_NAMES = frozenset(t.value for t in PROJECT_REL_TYPES)
_OFFICER_NAMES = frozenset(t.value for t in OFFICER_REL_TYPES)
_HANDLING_TYPES = HANDLING_REL_TYPES
NodeId = tuple[str, str]
EdgeId = tuple[NodeId, NodeId, str]


def _edge_key(rel_type: str, key: str) -> str:
    return f"{rel_type}{_SEP}{key}"


_LABEL_OF = {label.value: label for label in Label}
_TYPE_OF = {rel_type.value: rel_type for rel_type in RelType}
"""Enum members by value: a dict lookup is ~10× cheaper than calling the enum."""
_PARTY_LABELS = frozenset((Label.ENTERPRISE.value, Label.PERSON.value, Label.PROJECT.value))


def _ref(node: NodeId) -> NodeRef:
    return NodeRef(_LABEL_OF[node[0]], node[1])


class MemoryStore:
    """networkx graph + SQLite journal in ``data_dir`` (``graph.sqlite3``)."""

    name = "memory"
    forkable_reads = True
    """Reads touch only this process's memory, so a forked child may read a copy (a load
    parses ahead in one, see loaders.pipeline); writes stay with the process that opened it."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self._g: Any = nx.MultiDiGraph()
        self._lock = threading.RLock()
        self._by_label: dict[str, set[str]] = {label.value: set() for label in Label}
        self._by_project: dict[str, list[EdgeId]] = {}
        # Edges per type (insertion-ordered), so relationships(type) reads only that type.
        self._by_type: dict[str, dict[EdgeId, None]] = {t.value: {} for t in RelType}
        self._prop_index: dict[tuple[str, str], dict[Any, set[str]]] = {}
        # read cache of contracting graphs: valid while neither the project's edges nor any
        # party, project or officer changed since it was built
        self._project_version: dict[str, int] = {}
        self._party_version = 0
        self._officers_of: dict[NodeId, list[tuple[NodeId, str]]] = {}
        self._cg_cache: dict[str, tuple[int, int, ContractingGraph]] = {}
        self._journal = Journal(data_dir / "graph.sqlite3") if data_dir else None
        if self._journal:
            # the restored graph lives as long as the store: keep the cyclic collector from
            # walking millions of its objects while they arrive and afterwards (full
            # collections of seconds each at city scale), so freeze them once restored
            with collector_paused(freeze_after=True):
                self._restore(self._journal)

    # ------------------------------------------------------------------ restore
    def _restore(self, journal: Journal) -> None:
        """Replay the journal; compact it when it holds much more than the live graph.

        The replay writes networkx's dicts directly: each log row holds a node's or edge's full
        properties, so a later row simply replaces an earlier one. End nodes of edges share the
        node's own id tuple, so a key string is held once however many edges it has."""
        nodes, succ, pred = self._g._node, self._g._succ, self._g._pred
        labels = {label.value: label.value for label in Label}
        canonical: dict[NodeId, NodeId] = {}
        for label, key, props in journal.read_nodes():
            node = (labels.get(label, label), key)
            if node not in nodes:
                canonical[node] = node
                succ[node], pred[node] = {}, {}
                self._by_label[node[0]].add(key)
            nodes[node] = props
        for t, sl, sk, dl, dk, key, rel_props in journal.read_rels():
            src, dst = canonical.get((sl, sk)), canonical.get((dl, dk))
            if src is None or dst is None:
                continue
            ekey = _edge_key(t, key)
            if rel_props is None:
                self._drop_rel(t, src, dst, ekey)
                continue
            keydict = succ[src].get(dst)
            if keydict is None:
                keydict = succ[src][dst] = pred[dst][src] = {}
            if ekey not in keydict:
                self._index_rel(t, src, dst, ekey, rel_props)
            keydict[ekey] = rel_props
        live = len(nodes) + sum(len(edges) for edges in self._by_type.values())
        if journal.log_size() > 2 * live + 10_000:
            journal.compact(self._live_nodes(), self._live_rels())

    def _live_nodes(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for (label, key), props in self._g._node.items():
            yield label, key, props

    def _live_rels(self) -> Iterator[tuple[str, str, str, str, str, str, dict[str, Any]]]:
        for src, dst, ekey, props in self._g.edges(keys=True, data=True):
            rel_type, _, key = ekey.partition(_SEP)
            yield rel_type, *src, *dst, key, props

    # ------------------------------------------------------------------ writes
    def upsert_nodes(self, label: Label, rows: Sequence[Mapping[str, Any]]) -> WriteResult:
        key_field, name = NODE_KEYS[label], label.value
        nodes = self._g._node  # networkx's own node-attribute dicts (written directly for speed)
        with self._lock:
            # one merged row per node: a node given twice in one call gets both rows, in order
            merged: dict[NodeId, dict[str, Any]] = {}
            for row in rows:
                key = row.get(key_field)
                if key is None or key == "":
                    raise InvalidValue(f"{name}.{key_field}", key, "is required")
                node = (name, str(key))
                current = merged.get(node) or nodes.get(node)
                merged[node] = {**current, **row} if current else dict(row)
            if self._journal:
                self._journal.write(nodes=((n[0], n[1], p) for n, p in merged.items()))
            for node, props in merged.items():
                self._put_node(node, props)
        return WriteResult(len(rows))

    def upsert_relationships(self, rel_type: RelType, rows: Sequence[RelRecord]) -> WriteResult:
        return self.upsert_relationship_rows(
            rel_type,
            [
                (r.src.label.value, r.src.key, r.dst.label.value, r.dst.key, r.key, r.props)
                for r in rows
            ],
        )

    def upsert_relationship_rows(self, rel_type: RelType, rows: Sequence[RelRow]) -> WriteResult:
        """The store's own write: records are turned into these rows, not the reverse."""
        name, nodes, succ = rel_type.value, self._g._node, self._g._succ
        prefix = name + _SEP
        with self._lock:
            # one merged row per relationship: one given twice in one call gets both rows
            merged: dict[EdgeId, dict[str, Any]] = {}
            written = 0
            for src_label, src_key, dst_label, dst_key, key, props in rows:
                src, dst = (src_label, src_key), (dst_label, dst_key)
                if src not in nodes or dst not in nodes:
                    continue
                written += 1
                edge = (src, dst, key)
                current = merged.get(edge)
                if current is None:
                    keydict = succ[src].get(dst)
                    current = keydict.get(prefix + key) if keydict else None
                merged[edge] = {**current, **props} if current else dict(props)
            if self._journal:
                self._journal.write(rels=((name, *s, *d, k, p) for (s, d, k), p in merged.items()))
            self._put_rels(name, [(s, d, k, p) for (s, d, k), p in merged.items()])
        return WriteResult(written, len(rows) - written)

    def delete_relationships(self, rel_type: RelType, rows: Sequence[RelRecord]) -> int:
        with self._lock:
            found = []
            for row in rows:
                src, dst = (row.src.label.value, row.src.key), (row.dst.label.value, row.dst.key)
                ekey = _edge_key(rel_type, row.key)
                if self._g.has_edge(src, dst, ekey):
                    found.append((src, dst, ekey, row.key))
            if self._journal:
                self._journal.delete_rels((rel_type.value, *s, *d, k) for s, d, _e, k in found)
            for src, dst, ekey, _key in found:
                self._drop_rel(rel_type.value, src, dst, ekey)
        return len(found)

    def _drop_rel(self, rel_type: str, src: NodeId, dst: NodeId, ekey: str) -> None:
        if not self._g.has_edge(src, dst, ekey):
            return
        project = self._g.edges[src, dst, ekey].get("project")
        self._g.remove_edge(src, dst, ekey)
        self._by_type[rel_type].pop((src, dst, ekey), None)
        if (src, ekey) in self._officers_of.get(dst, ()):
            self._officers_of[dst].remove((src, ekey))
        self._touch(rel_type, project)
        if project is not None and (src, dst, ekey) in self._by_project.get(str(project), ()):
            self._by_project[str(project)].remove((src, dst, ekey))

    def _put_node(self, node: NodeId, props: dict[str, Any]) -> None:
        old = self._g._node.get(node)
        for (label, prop), index in self._prop_index.items():
            if label == node[0]:
                if old is not None and prop in old:
                    index.get(_hashable(old[prop]), set()).discard(node[1])
                if prop in props:
                    index.setdefault(_hashable(props[prop]), set()).add(node[1])
        if node[0] in _PARTY_LABELS:
            self._party_version += 1
        if old is None:
            # what networkx's add_node does, without its per-call overhead
            self._g._node[node] = props
            self._g._succ[node] = {}
            self._g._pred[node] = {}
            self._by_label[node[0]].add(node[1])
        else:
            old.clear()
            old.update(props)

    def _put_rels(
        self, rel_type: str, merged: list[tuple[NodeId, NodeId, str, dict[str, Any]]]
    ) -> None:
        """Put merged relationships of one type into the graph and its indexes: what
        :meth:`_touch` and :meth:`_index_rel` do per relationship, with what depends only on
        the type looked up once (a load puts millions)."""
        succ, pred, by_type = self._g._succ, self._g._pred, self._by_type[rel_type]
        of_project, of_officer = rel_type in _PROJECT_NAMES, rel_type in _OFFICER_NAMES
        versions, prefix = self._project_version, rel_type + _SEP
        for src, dst, key, props in merged:
            ekey = prefix + key
            keydict = succ[src].get(dst)
            if keydict is None:
                # what networkx's MultiDiGraph.add_edge does: one key dict shared by succ and pred
                keydict = succ[src][dst] = {}
                pred[dst][src] = keydict
            existing = keydict.get(ekey)
            project = props.get("project") if of_project else None
            if project is not None:
                versions[str(project)] = versions.get(str(project), 0) + 1
            elif of_officer:
                self._party_version += 1
            if existing is not None:
                existing.update(props)
                continue
            keydict[ekey] = props
            by_type[(src, dst, ekey)] = None
            if of_officer:
                self._officers_of.setdefault(dst, []).append((src, ekey))
            if project is not None:
                self._by_project.setdefault(str(project), []).append((src, dst, ekey))

    def _index_rel(
        self, rel_type: str, src: NodeId, dst: NodeId, ekey: str, props: dict[str, Any]
    ) -> None:
        """Enter a new relationship into the type, officer and project indexes."""
        self._by_type[rel_type][(src, dst, ekey)] = None
        if rel_type in _OFFICER_TYPES:
            self._officers_of.setdefault(dst, []).append((src, ekey))
        project = props.get("project")
        if project is not None and rel_type in _PROJECT_TYPES:
            self._by_project.setdefault(str(project), []).append((src, dst, ekey))

    def _touch(self, rel_type: str, project: Any) -> None:
        """Invalidate cached contracting graphs that this relationship change could alter."""
        if project is not None and rel_type in _PROJECT_TYPES:
            self._project_version[str(project)] = self._project_version.get(str(project), 0) + 1
        elif rel_type in _OFFICER_TYPES:
            self._party_version += 1

    # ------------------------------------------------------------------ generic reads
    def _node_record(self, node: NodeId) -> NodeRecord:
        return NodeRecord(_ref(node), dict(self._g._node[node]))

    def _rel_record(
        self, src: NodeId, dst: NodeId, ekey: str, data: Mapping[str, Any]
    ) -> RelRecord:
        rel_type, _, key = ekey.partition(_SEP)
        return RelRecord(_TYPE_OF[rel_type], _ref(src), _ref(dst), key, dict(data))

    def get_node(self, ref: NodeRef) -> NodeRecord | None:
        node = (ref.label.value, ref.key)
        return self._node_record(node) if node in self._g else None

    def get_nodes(self, refs: Sequence[NodeRef]) -> dict[NodeRef, NodeRecord]:
        out = {}
        for ref in refs:
            record = self.get_node(ref)
            if record is not None:
                out[ref] = record
        return out

    def find_nodes(self, label: Label, prop: str, value: Any) -> list[NodeRecord]:
        index = self._prop_index.get((label.value, prop))
        if index is None:
            with self._lock:
                index = {}
                for key in self._by_label[label.value]:
                    props = self._g.nodes[(label.value, key)]
                    if prop in props:
                        index.setdefault(_hashable(props[prop]), set()).add(key)
                self._prop_index[(label.value, prop)] = index
        keys = sorted(index.get(_hashable(value), ()))
        return [self._node_record((label.value, key)) for key in keys]

    def nodes(self, label: Label) -> Iterator[NodeRecord]:
        for key in sorted(self._by_label[label.value]):
            yield self._node_record((label.value, key))

    def relationships(self, rel_type: RelType) -> Iterator[RelRecord]:
        """Every relationship of the type. A whole-city scan (a million EMPLOYED_BY edges)
        builds each end's NodeRef once per scan, not once per edge."""
        adj = self._g._adj  # the raw dicts: views cost a wrapper per lookup
        refs: dict[NodeId, NodeRef] = {}
        skip = len(rel_type.value) + len(_SEP)
        for src, dst, ekey in list(self._by_type[rel_type.value]):
            src_ref = refs.get(src)
            if src_ref is None:
                src_ref = refs[src] = _ref(src)
            dst_ref = refs.get(dst)
            if dst_ref is None:
                dst_ref = refs[dst] = _ref(dst)
            data = adj[src][dst][ekey]
            yield RelRecord(rel_type, src_ref, dst_ref, ekey[skip:], dict(data))

    def relationship_values(self, rel_type: RelType, names: Sequence[str]) -> Iterator[RelValues]:
        adj, skip = self._g._adj, len(rel_type.value) + len(_SEP)
        for src, dst, ekey in list(self._by_type[rel_type.value]):
            get = adj[src][dst][ekey].get
            yield src[0], src[1], dst[0], dst[1], ekey[skip:], tuple([get(n) for n in names])

    def relationships_of(
        self, ref: NodeRef, rel_type: RelType | None = None, direction: str = "both"
    ) -> list[RelRecord]:
        node = (ref.label.value, ref.key)
        if node not in self._g:
            return []
        prefix = (rel_type.value + _SEP) if rel_type else ""
        edges: list[tuple[NodeId, NodeId, str, Any]] = []
        if direction in ("out", "both"):
            edges.extend(self._g.out_edges(node, keys=True, data=True))
        if direction in ("in", "both"):
            edges.extend(self._g.in_edges(node, keys=True, data=True))
        return [self._rel_record(s, d, k, data) for s, d, k, data in edges if k.startswith(prefix)]

    def counts(self) -> dict[str, int]:
        out = {label: len(keys) for label, keys in self._by_label.items()}
        out.update({rel_type: len(edges) for rel_type, edges in self._by_type.items()})
        return out

    # ------------------------------------------------------------------ question-shaped reads
    def contracting_graph(self, project_code: str) -> ContractingGraph:
        versions = (self._project_version.get(project_code, 0), self._party_version)
        cached = self._cg_cache.get(project_code)
        if cached is not None and cached[:2] == versions:
            return cached[2]
        graph = self._build_contracting_graph(project_code)
        self._cg_cache[project_code] = (*versions, graph)
        return graph

    def _build_contracting_graph(self, project_code: str) -> ContractingGraph:
        project = (Label.PROJECT.value, project_code)
        if project not in self._g:
            raise NotFound("project", project_code)
        groups: dict[str, list[RelRecord]] = {t.value: [] for t in _PROJECT_TYPES}
        for src, dst, ekey in self._by_project.get(project_code, ()):
            rel = self._rel_record(src, dst, ekey, self._g.edges[src, dst, ekey])
            groups[rel.type.value].append(rel)
        party_ids: set[NodeId] = set()
        for t in (RelType.CONTRACTS_TO, RelType.WORKS_UNDER_NAME_OF, RelType.DISPATCHES_TO):
            for rel in groups[t.value]:
                party_ids.update(
                    ((rel.src.label.value, rel.src.key), (rel.dst.label.value, rel.dst.key))
                )
        for rel in groups[RelType.EMPLOYED_BY.value]:
            party_ids.add((rel.dst.label.value, rel.dst.key))
        officers = self._officers(party_ids)
        party_ids.update((r.src.label.value, r.src.key) for r in officers)
        return ContractingGraph(
            project=self._node_record(project),
            parties={_ref(n): self._node_record(n) for n in sorted(party_ids)},
            contracts=_sorted(groups[RelType.CONTRACTS_TO.value]),
            name_lending=_sorted(groups[RelType.WORKS_UNDER_NAME_OF.value]),
            dispatch=_sorted(groups[RelType.DISPATCHES_TO.value]),
            officers=_sorted(officers),
            crews=crews_from_employment(groups[RelType.EMPLOYED_BY.value]),
        )

    def _officers(self, parties: Iterable[NodeId]) -> list[RelRecord]:
        out = []
        succ = self._g._succ
        for party in parties:
            for src, ekey in self._officers_of.get(party, ()):
                out.append(self._rel_record(src, party, ekey, succ[src][party][ekey]))
        return out

    def case_context(self, case_id: str) -> CaseContext:
        node = (Label.CASE.value, case_id)
        if node not in self._g:
            raise NotFound("case", case_id)
        return self._context(node)

    def case_contexts(self, case_ids: Iterable[str] | None = None) -> Iterator[CaseContext]:
        keys = sorted(self._by_label[Label.CASE.value]) if case_ids is None else case_ids
        for key in keys:
            node = (Label.CASE.value, key)
            if node in self._g:
                yield self._context(node)

    def _context(self, node: NodeId) -> CaseContext:
        parts = _CaseParts(self)
        for dst, keydict in self._g._succ[node].items():
            for ekey, data in keydict.items():
                parts.outgoing(ekey.partition(_SEP)[0], node, dst, ekey, data)
        for src, keydict in self._g._pred[node].items():
            for ekey, data in keydict.items():
                parts.incoming(ekey.partition(_SEP)[0], src, node, ekey, data)
        project = self._node_record(parts.project) if parts.project else None
        respondents = sorted((self._node_record(n) for n in parts.respondents), key=lambda r: r.ref)
        controllers = self._officers(parts.respondents)
        areas = parts.areas
        if project is not None and project.get("area"):
            areas.append(str(project.get("area")))
        return CaseContext(
            case=self._node_record(node),
            project=project,
            respondents=tuple(respondents),
            controllers=_sorted(controllers),
            people={r.src: self._node_record((r.src.label.value, r.src.key)) for r in controllers},
            areas=tuple(dict.fromkeys(areas)),
            claim_crews=crews_from_claims(self._claims(parts.claimants, parts.project)),
            claimants=len(parts.claimants),
            handling=_sorted(parts.handling),
            links=_sorted(parts.links),
        )

    def _claims(
        self, claimants: list[tuple[NodeId, Mapping[str, Any]]], project: NodeId | None
    ) -> list[tuple[NodeRef, int, int]]:
        """Each claimant's employer on the case's project (the EMPLOYED_BY edge keyed by it)."""
        if project is None:
            return []
        ekey = _edge_key(RelType.EMPLOYED_BY.value, project[1])
        claims = []
        for person, claim in claimants:
            for dst, keydict in self._g._succ[person].items():
                data = keydict.get(ekey)
                if data is None:
                    continue
                owed = max(int(data.get("wages_due", 0)) - int(data.get("wages_paid", 0)), 0)
                amount = int(claim.get("amount_claimed", owed))
                claims.append((_ref(dst), amount, int(data.get("months_owed", 0))))
                break
        return claims

    def neighbourhood(self, ref: NodeRef, depth: int, cap: int) -> Subgraph:
        start = (ref.label.value, ref.key)
        if start not in self._g:
            raise NotFound(ref.label.value, ref.key)
        seen = {start: 0}
        order = [start]
        more: set[NodeId] = set()
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if seen[node] >= depth:
                continue
            for nb in sorted(set(self._g.successors(node)) | set(self._g.predecessors(node))):
                if nb in seen:
                    continue
                if len(order) >= cap:
                    more.add(nb)
                    continue
                seen[nb] = seen[node] + 1
                order.append(nb)
                queue.append(nb)
        return self._subgraph(order, len(more))

    def _subgraph(self, nodes: list[NodeId], more: int = 0, path: bool = False) -> Subgraph:
        members = set(nodes)
        rels = []
        for node in nodes:
            for src, dst, ekey, data in self._g.out_edges(node, keys=True, data=True):
                if dst in members:
                    rels.append(self._rel_record(src, dst, ekey, data))
        if path:
            steps = set(itertools.pairwise(nodes))
            rels = [
                r
                for r in rels
                if ((r.src.label.value, r.src.key), (r.dst.label.value, r.dst.key)) in steps
                or ((r.dst.label.value, r.dst.key), (r.src.label.value, r.src.key)) in steps
            ]
        return Subgraph(tuple(self._node_record(n) for n in nodes), _sorted(rels), more)

    def shortest_path(self, a: NodeRef, b: NodeRef, max_depth: int) -> Subgraph:
        src, dst = (a.label.value, a.key), (b.label.value, b.key)
        for node, ref in ((src, a), (dst, b)):
            if node not in self._g:
                raise NotFound(ref.label.value, ref.key)
        try:
            path = nx.shortest_path(self._g.to_undirected(as_view=True), src, dst)
        except nx.NetworkXNoPath:
            return Subgraph((), ())
        if len(path) - 1 > max_depth:
            return Subgraph((), ())
        return self._subgraph(list(path), path=True)

    def close(self) -> None:
        if self._journal:
            self._journal.close()


class _CaseParts:
    """The relationships around one case, sorted by type as they are met."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.project: NodeId | None = None
        self.respondents: list[NodeId] = []
        self.areas: list[str] = []
        self.claimants: list[tuple[NodeId, Mapping[str, Any]]] = []
        self.handling: list[RelRecord] = []
        self.links: list[RelRecord] = []

    def outgoing(self, t: str, src: NodeId, dst: NodeId, ekey: str, data: Any) -> None:
        store = self.store
        if t == "CONCERNS":
            self.project = dst
        elif t == "AGAINST":
            self.respondents.append(dst)
        elif t == "OCCURRED_IN":
            self.areas.append(dst[1])
        elif t in _HANDLING_NAMES:
            self.handling.append(store._rel_record(src, dst, ekey, data))
        elif t == "LINKED_WITH":
            self.links.append(store._rel_record(src, dst, ekey, data))

    def incoming(self, t: str, src: NodeId, dst: NodeId, ekey: str, data: Any) -> None:
        store = self.store
        if t == "CLAIMANT_IN":
            self.claimants.append((src, data))
        elif t == "LINKED_WITH":
            self.links.append(store._rel_record(src, dst, ekey, data))


_HANDLING_NAMES = frozenset(t.value for t in _HANDLING_TYPES)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _sorted(rels: list[RelRecord]) -> tuple[RelRecord, ...]:
    return tuple(sorted(rels, key=lambda r: (r.type.value, r.key, r.src, r.dst)))
