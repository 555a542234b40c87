"""The Neo4j backend of :class:`graph.store.protocol.GraphStore`, with the official driver.

It mirrors :class:`graph.store.memory.MemoryStore` exactly: upserts merge properties
(``SET n += row``), relationship rows whose ends are missing are skipped and counted,
a relationship is identified by ``(type, src, dst, key)`` with ``key`` stored as the
relationship property ``key``, and every read returns the same records in the same order
(aggregation is shared through :mod:`graph.store.assemble`).

Driver habits: reads go through ``execute_query`` with ``routing_=READ`` and an explicit
database; writes are ``UNWIND $rows`` batches of ``batch_size`` rows, each batch one managed
transaction that the driver retries on transient errors (the statements are idempotent, so a
retry is safe). ``neo4j://`` URIs route (cluster, Aura), ``bolt://`` talks to one server.
Driver errors become :class:`StoreError` / :class:`Conflict` here, at the boundary.
Statements live in ``graph/store/cypher/*.cypher`` (see :mod:`graph.store.neo4j_cypher`).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from graph.enums import NODE_KEYS, Label, RelType
from graph.errors import Conflict, InvalidValue, NotFound, StoreError
from graph.settings import Settings
from graph.store.assemble import crews_from_claims, crews_from_employment
from graph.store.neo4j_cypher import (
    counts_statement,
    depth_parts,
    label_parts,
    schema_statements,
    statement,
    type_parts,
)
from graph.store.neo4j_schema import is_indexed
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

TEST_USER_ENV = "ZHIQIAN_TEST_NEO4J_USER"
TEST_PASSWORD_ENV = "ZHIQIAN_TEST_NEO4J_PASSWORD"
TEST_DATABASE_ENV = "ZHIQIAN_TEST_NEO4J_DATABASE"
CASE_BATCH = 500
"""Cases read per round trip by ``case_contexts``."""
INDEX_WAIT_SECONDS = 300

_LABELS = {label.value: label for label in Label}
_PROJECT_TYPES = PROJECT_REL_TYPES
_OFFICER_TYPES = OFFICER_REL_TYPES
_HANDLING_TYPES = HANDLING_REL_TYPES
T = TypeVar("T")


class Neo4jStore:
    """A Neo4j 5 database as the graph store (community, enterprise, cluster or Aura)."""

    name = "neo4j"

    def __init__(
        self, driver: neo4j.Driver, database: str, batch_size: int = 5000, where: str = ""
    ) -> None:
        """Use an open driver; ``where`` names the server in error messages (no secrets)."""
        if batch_size < 1:
            raise InvalidValue("neo4j_batch_size", batch_size, "must be at least 1")
        self._driver = driver
        self._database = database
        self._batch_size = batch_size
        self._where = f"Neo4j {where} database {database!r}".replace("  ", " ")

    # ------------------------------------------------------------------ opening
    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        """The store the settings name (``neo4j_uri``, user, password, database, batch size)."""
        driver = _driver(
            settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value()
        )
        return cls(
            driver,
            settings.neo4j_database,
            settings.neo4j_batch_size,
            _safe_uri(settings.neo4j_uri),
        )

    @classmethod
    def for_tests(cls, uri: str) -> Neo4jStore:
        """An emptied test database with the schema applied. Refuses any database that is
        not a test database: its name must start with ``test`` or it must hold the node
        ``(:ZhiqianTestDatabase)``. User, password and database come from
        ZHIQIAN_TEST_NEO4J_USER / _PASSWORD / _DATABASE (default ``neo4j``)."""
        driver = _driver(
            uri, os.environ.get(TEST_USER_ENV, "neo4j"), os.environ.get(TEST_PASSWORD_ENV, "")
        )
        store = cls(driver, os.environ.get(TEST_DATABASE_ENV, "neo4j"), 1000, _safe_uri(uri))
        try:
            store.ensure_test_database()
            store._write(statement("wipe_test_database"))
            store.apply_schema()
        except BaseException:
            store.close()
            raise
        return store

    def ensure_test_database(self) -> None:
        """Raise StoreError unless this is a test database (name or marker node)."""
        if self._database.lower().startswith("test"):
            return
        if self._read(statement("test_marker"))[0]["markers"] > 0:
            return
        raise StoreError(
            f"{self._where} is not a test database: refusing to wipe it (name the database "
            "test… or create the node (:ZhiqianTestDatabase) in it)"
        )

    def apply_schema(self) -> list[str]:
        """Create every constraint and index (IF NOT EXISTS) and wait until they are online;
        returns the statements sent. Idempotent."""
        sent = schema_statements()
        for text in sent:
            self._write(text)
        self._write(statement("await_indexes"), seconds=INDEX_WAIT_SECONDS)
        return sent

    # ------------------------------------------------------------------ driver calls
    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except neo4j_errors.ConstraintError as exc:
            raise Conflict(f"{self._where}: {action} violates a constraint ({exc.code})") from exc
        except neo4j_errors.AuthError as exc:
            what = f"authentication ({exc.code})"
            raise StoreError(f"{self._where}: {action} failed: {what}") from exc
        except neo4j_errors.Neo4jError as exc:
            what = f"{exc.code}: {exc.message}"
            raise StoreError(f"{self._where}: {action} failed: {what}") from exc
        except neo4j_errors.DriverError as exc:
            what = f"{type(exc).__name__}: {exc}"
            raise StoreError(f"{self._where}: {action} failed: {what}") from exc

    def _read(self, text: str, **params: Any) -> list[neo4j.Record]:
        with self._errors("read"):
            result = self._driver.execute_query(
                text, params, routing_=RoutingControl.READ, database_=self._database
            )
        return list(result.records)

    def _write(self, text: str, **params: Any) -> list[neo4j.Record]:
        with self._errors("write"):
            result = self._driver.execute_query(
                text, params, routing_=RoutingControl.WRITE, database_=self._database
            )
        return list(result.records)

    def _in_write_tx(self, work: Any, *args: Any) -> int:
        """Run ``work(tx, *args)`` in one managed (retried) write transaction."""
        with self._errors("write"), self._session() as session:
            return int(session.execute_write(work, *args))

    def _session(self, access: str = neo4j.WRITE_ACCESS) -> neo4j.Session:
        """A session sharing ``execute_query``'s bookmarks, so reads see earlier writes
        (causal consistency on a cluster)."""
        return self._driver.session(
            database=self._database,
            default_access_mode=access,
            bookmark_manager=self._driver.execute_query_bookmark_manager,
        )

    # ------------------------------------------------------------------ writes
    def upsert_nodes(self, label: Label, rows: Sequence[Mapping[str, Any]]) -> WriteResult:
        """MERGE by natural key, ``SET n += row``; the key is stored as text."""
        key_field = NODE_KEYS[label]
        clean = [_node_row(label, key_field, row) for row in rows]
        text = statement("upsert_nodes", **label_parts(label))
        for chunk in _chunks(clean, self._batch_size):
            self._write(text, rows=chunk)
        return WriteResult(len(clean))

    def upsert_relationships(self, rel_type: RelType, rows: Sequence[RelRecord]) -> WriteResult:
        """Resolve both ends by natural key, then MERGE by (ends, type, key) in one transaction
        per batch; rows with a missing end are skipped."""
        text = statement("merge_relationships", **type_parts(rel_type))
        written = 0
        for chunk in _chunks(list(rows), self._batch_size):
            written += self._in_write_tx(_merge_chunk, text, chunk)
        return WriteResult(written, len(rows) - written)

    def upsert_relationship_rows(self, rel_type: RelType, rows: Sequence[RelRow]) -> WriteResult:
        """Rows as plain values: written as the records they name."""
        records = [
            RelRecord(rel_type, NodeRef(_LABELS[sl], sk), NodeRef(_LABELS[dl], dk), key, props)
            for sl, sk, dl, dk, key, props in rows
        ]
        return self.upsert_relationships(rel_type, records)

    def delete_relationships(self, rel_type: RelType, rows: Sequence[RelRecord]) -> int:
        """Delete by (ends, type, key); returns how many of the rows named an existing one."""
        text = statement("delete_relationships", **type_parts(rel_type))
        return sum(
            self._in_write_tx(_delete_chunk, text, chunk)
            for chunk in _chunks(list(rows), self._batch_size)
        )

    # ------------------------------------------------------------------ generic reads
    def get_node(self, ref: NodeRef) -> NodeRecord | None:
        return self.get_nodes([ref]).get(ref)

    def get_nodes(self, refs: Sequence[NodeRef]) -> dict[NodeRef, NodeRecord]:
        """The nodes that exist, in the order asked."""
        found: dict[NodeRef, NodeRecord] = {}
        for label, keys in _by_label(refs).items():
            for rec in self._read(statement("get_nodes", **label_parts(label)), keys=keys):
                ref = NodeRef(label, str(rec["key"]))
                found[ref] = NodeRecord(ref, dict(rec["props"]))
        return {ref: found[ref] for ref in refs if ref in found}

    def find_nodes(self, label: Label, prop: str, value: Any) -> list[NodeRecord]:
        """Nodes whose property equals the value, by key; indexed properties use their index."""
        if is_indexed(label, prop):
            records = self._read(
                statement("find_nodes", prop=prop, **label_parts(label)), value=value
            )
        else:
            records = self._read(
                statement("find_nodes_any", **label_parts(label)), prop=prop, value=value
            )
        return [NodeRecord(NodeRef(label, str(r["key"])), dict(r["props"])) for r in records]

    def nodes(self, label: Label) -> Iterator[NodeRecord]:
        """Every node of the label in key order, fetched in pages of ``batch_size``."""
        text = statement("nodes_page", **label_parts(label))
        after = ""
        while True:
            page = self._read(text, after=after, limit=self._batch_size)
            for rec in page:
                yield NodeRecord(NodeRef(label, str(rec["key"])), dict(rec["props"]))
            if len(page) < self._batch_size:
                return
            after = str(page[-1]["key"])

    def relationships(self, rel_type: RelType) -> Iterator[RelRecord]:
        """Every relationship of the type, streamed from one read session."""
        text = statement("relationships", **type_parts(rel_type))
        with self._errors("read"), self._session(neo4j.READ_ACCESS) as session:
            for rec in session.run(text):
                yield _rel(rec["rel"])

    def relationship_values(self, rel_type: RelType, names: Sequence[str]) -> Iterator[RelValues]:
        """Ends, key and the named properties of every relationship of the type, streamed."""
        text = statement("relationship_values", **type_parts(rel_type))
        with self._errors("read"), self._session(neo4j.READ_ACCESS) as session:
            for rec in session.run(text, {"names": list(names)}):
                src = _ref_of(rec["src_labels"], rec["src"])
                dst = _ref_of(rec["dst_labels"], rec["dst"])
                if src is None or dst is None:
                    raise StoreError(
                        f"Neo4j {rel_type.value} relationship touches a node that is not Zhiqian's"
                    )
                values = tuple(rec["values"])
                yield (
                    src.label.value,
                    src.key,
                    dst.label.value,
                    dst.key,
                    str(rec["key"] or ""),
                    values,
                )

    def relationships_of(
        self, ref: NodeRef, rel_type: RelType | None = None, direction: str = "both"
    ) -> list[RelRecord]:
        """Outgoing (sorted) then incoming (sorted) relationships of one node."""
        records = self._read(
            statement("relationships_of", **label_parts(ref.label)),
            key=ref.key,
            type=rel_type.value if rel_type else None,
            outgoing=direction in ("out", "both"),
            incoming=direction in ("in", "both"),
        )
        sides: tuple[list[RelRecord], list[RelRecord]] = ([], [])
        for rec in records:
            sides[int(rec["side"])].append(_rel(rec["rel"]))
        return [*_sorted(sides[0]), *_sorted(sides[1])]

    def counts(self) -> dict[str, int]:
        """Node counts per label and relationship counts per type (zeros included)."""
        return {str(r["name"]): int(r["count"]) for r in self._read(counts_statement())}

    # ------------------------------------------------------------------ question-shaped reads
    def contracting_graph(self, project_code: str) -> ContractingGraph:
        records = self._read(statement("contracting_graph", keys=_keys()), code=project_code)
        if not records:
            raise NotFound("project", project_code)
        return _contracting_graph(project_code, records[0])

    def case_context(self, case_id: str) -> CaseContext:
        for context in self.case_contexts([case_id]):
            return context
        raise NotFound("case", case_id)

    def case_contexts(self, case_ids: Iterable[str] | None = None) -> Iterator[CaseContext]:
        """Cases named (in the order given, missing ones left out) or all cases by id."""
        ids = list(case_ids) if case_ids is not None else self._case_ids()
        text = statement("case_contexts", keys=_keys())
        for chunk in _chunks(ids, CASE_BATCH):
            found = {r["id"]: r for r in self._read(text, ids=list(dict.fromkeys(chunk)))}
            for case_id in chunk:
                if case_id in found:
                    yield _case_context(found[case_id])

    def _case_ids(self) -> list[str]:
        return [str(r["id"]) for r in self._read(statement("case_ids"))]

    def neighbourhood(self, ref: NodeRef, depth: int, cap: int) -> Subgraph:
        """Breadth-first, neighbours in ref order, one round trip per level (as the embedded
        store walks it, so both return the same nodes and the same ``more``)."""
        ids = self._element_ids([ref])
        if ref not in ids:
            raise NotFound(ref.label.value, ref.key)
        walk = _Walk(ref, depth, cap)
        frontier = [ref] if depth > 0 else []
        while frontier:
            lists = self._neighbours([ids[r] for r in frontier])
            frontier = walk.level(frontier, [lists.get(ids[r], []) for r in frontier], ids)
        return self._subgraph(walk.order, ids, walk.more)

    def _neighbours(self, element_ids: list[str]) -> dict[str, list[tuple[NodeRef, str]]]:
        out: dict[str, list[tuple[NodeRef, str]]] = {}
        for rec in self._read(statement("neighbours", keys=_keys()), ids=element_ids):
            found = ((_ref_of(m["labels"], m["ref"]), str(m["id"])) for m in rec["neighbours"])
            out[str(rec["id"])] = sorted((r, i) for r, i in found if r is not None)
        return out

    def shortest_path(self, a: NodeRef, b: NodeRef, max_depth: int) -> Subgraph:
        """One shortest undirected path of at most ``max_depth`` (≤ 15) hops, or empty."""
        ids = self._element_ids([a, b])
        for ref in (a, b):
            if ref not in ids:
                raise NotFound(ref.label.value, ref.key)
        if a == b:
            return self._path([ids[a]]) if max_depth >= 0 else Subgraph((), ())
        if max_depth < 1:
            return Subgraph((), ())
        records = self._read(
            statement("shortest_path", **depth_parts(max_depth)),
            a=ids[a],
            b=ids[b],
            max_depth=max_depth,
        )
        if not records:
            return Subgraph((), ())
        return self._path(list(records[0]["ids"]))

    def _path(self, element_ids: list[str]) -> Subgraph:
        members = self._members(element_ids)
        order = [members[i][0].ref for i in element_ids]
        steps = set(itertools.pairwise(order))
        rels = [
            r
            for _node, rels in members.values()
            for r in rels
            if (r.src, r.dst) in steps or (r.dst, r.src) in steps
        ]
        return Subgraph(tuple(members[i][0] for i in element_ids), _sorted(rels))

    def _subgraph(self, refs: list[NodeRef], ids: Mapping[NodeRef, str], more: int = 0) -> Subgraph:
        members = self._members([ids[r] for r in refs])
        nodes = tuple(members[ids[r]][0] for r in refs)
        rels = [r for _node, rels in members.values() for r in rels]
        return Subgraph(nodes, _sorted(rels), more)

    def _members(self, element_ids: list[str]) -> dict[str, tuple[NodeRecord, list[RelRecord]]]:
        out: dict[str, tuple[NodeRecord, list[RelRecord]]] = {}
        for rec in self._read(statement("subgraph", keys=_keys()), ids=element_ids):
            ref = _ref_of(rec["labels"], rec["props"])
            if ref is None:
                raise StoreError(f"{self._where}: node {rec['id']} has no Zhiqian label")
            out[str(rec["id"])] = (
                NodeRecord(ref, dict(rec["props"])),
                [_rel(m) for m in rec["rels"]],
            )
        missing = [i for i in element_ids if i not in out]
        if missing:
            raise StoreError(f"{self._where}: nodes vanished during the read: {missing[:3]}")
        return out

    def _element_ids(self, refs: Sequence[NodeRef]) -> dict[NodeRef, str]:
        out: dict[NodeRef, str] = {}
        for label, keys in _by_label(refs).items():
            for rec in self._read(statement("node_ids", **label_parts(label)), keys=keys):
                out[NodeRef(label, str(rec["key"]))] = str(rec["id"])
        return out

    def close(self) -> None:
        self._driver.close()


# ---------------------------------------------------------------------- transaction functions
def _resolve(tx: neo4j.ManagedTransaction, refs: Iterable[NodeRef]) -> dict[NodeRef, str]:
    """Element ids of the refs that exist, read inside the write transaction."""
    out: dict[NodeRef, str] = {}
    for label, keys in _by_label(refs).items():
        for rec in tx.run(statement("node_ids", **label_parts(label)), {"keys": keys}):
            out[NodeRef(label, str(rec["key"]))] = str(rec["id"])
    return out


def _resolved_rows(
    tx: neo4j.ManagedTransaction, chunk: Sequence[RelRecord]
) -> list[dict[str, Any]]:
    ids = _resolve(tx, [r.src for r in chunk] + [r.dst for r in chunk])
    return [
        {
            "src": ids[r.src],
            "dst": ids[r.dst],
            "key": r.key,
            "props": {k: v for k, v in r.props.items() if k != "key"},
        }
        for r in chunk
        if r.src in ids and r.dst in ids
    ]


def _merge_chunk(tx: neo4j.ManagedTransaction, text: str, chunk: Sequence[RelRecord]) -> int:
    rows = _resolved_rows(tx, chunk)
    if rows:
        tx.run(text, {"rows": rows}).consume()
    return len(rows)


def _delete_chunk(tx: neo4j.ManagedTransaction, text: str, chunk: Sequence[RelRecord]) -> int:
    rows = _resolved_rows(tx, chunk)
    if not rows:
        return 0
    return sum(int(rec["deleted"]) for rec in tx.run(text, {"rows": rows}))


# ---------------------------------------------------------------------- assembly
def _contracting_graph(code: str, rec: neo4j.Record) -> ContractingGraph:
    groups: dict[RelType, list[RelRecord]] = {}
    for rel in (_rel(m) for m in rec["rels"]):
        groups.setdefault(rel.type, []).append(rel)
    nodes = {n.ref: n for n in (_node(m) for m in rec["nodes"])}
    officers = [r for t in _OFFICER_TYPES for r in groups.get(t, [])]
    return ContractingGraph(
        project=NodeRecord(NodeRef(Label.PROJECT, code), dict(rec["project"])),
        parties={ref: nodes[ref] for ref in sorted(nodes)},
        contracts=_sorted(groups.get(RelType.CONTRACTS_TO, [])),
        name_lending=_sorted(groups.get(RelType.WORKS_UNDER_NAME_OF, [])),
        dispatch=_sorted(groups.get(RelType.DISPATCHES_TO, [])),
        officers=_sorted(officers),
        crews=crews_from_employment(groups.get(RelType.EMPLOYED_BY, [])),
    )


def _case_context(rec: neo4j.Record) -> CaseContext:
    case = NodeRecord(NodeRef(Label.CASE, str(rec["id"])), dict(rec["case_props"]))
    rels = [
        *_sorted([_rel(m) for m in rec["outgoing"]]),
        *_sorted([_rel(m) for m in rec["incoming"]]),
    ]
    by_type: dict[RelType, list[RelRecord]] = {}
    for rel in rels:
        by_type.setdefault(rel.type, []).append(rel)
    nodes = {n.ref: n for n in (_node(m) for m in rec["nodes"])}
    nodes[case.ref] = case
    concerns = by_type.get(RelType.CONCERNS, [])
    project = nodes.get(concerns[0].dst) if concerns else None
    respondents = [nodes[r.dst] for r in by_type.get(RelType.AGAINST, []) if r.dst in nodes]
    officers = [(_rel(m), m["owner"]) for m in rec["officers"]]
    claimant_rels = by_type.get(RelType.CLAIMANT_IN, [])
    jobs = _jobs([_rel(m) for m in rec["jobs"]])
    return CaseContext(
        case=case,
        project=project,
        respondents=tuple(sorted(respondents, key=lambda n: n.ref)),
        controllers=_sorted([r for r, _owner in officers]),
        people={r.src: NodeRecord(r.src, dict(owner)) for r, owner in officers},
        areas=_areas(by_type.get(RelType.OCCURRED_IN, []), project),
        claim_crews=crews_from_claims(_claims(claimant_rels, jobs, project)),
        claimants=len(claimant_rels),
        handling=_sorted([r for t in _HANDLING_TYPES for r in by_type.get(t, [])]),
        links=_sorted(by_type.get(RelType.LINKED_WITH, [])),
    )


def _jobs(employment: list[RelRecord]) -> dict[NodeRef, list[RelRecord]]:
    out: dict[NodeRef, list[RelRecord]] = {}
    for rel in sorted(employment, key=lambda r: (r.dst, r.key)):
        out.setdefault(rel.src, []).append(rel)
    return out


def _claims(
    claimant_rels: list[RelRecord],
    jobs: Mapping[NodeRef, list[RelRecord]],
    project: NodeRecord | None,
) -> list[tuple[NodeRef, int, int]]:
    """Per claimant: the employer on the case's project, the amount claimed (or owed) and
    months owed — the embedded store's rule."""
    key = project.ref.key if project else None
    claims = []
    for rel in claimant_rels:
        job = next((j for j in jobs.get(rel.src, []) if j.get("project") == key), None)
        if job is not None:
            owed = max(int(job.get("wages_due", 0)) - int(job.get("wages_paid", 0)), 0)
            claims.append(
                (job.dst, int(rel.get("amount_claimed", owed)), int(job.get("months_owed", 0)))
            )
    return claims


def _areas(occurred: list[RelRecord], project: NodeRecord | None) -> tuple[str, ...]:
    areas = [r.dst.key for r in occurred]
    if project is not None and project.get("area"):
        areas.append(str(project.get("area")))
    return tuple(dict.fromkeys(areas))


class _Walk:
    """The embedded store's breadth-first walk, fed one level of neighbour lists at a time."""

    def __init__(self, start: NodeRef, depth: int, cap: int) -> None:
        self.depth = depth
        self.cap = cap
        self.seen = {start: 0}
        self.order = [start]
        self.extra: set[NodeRef] = set()

    @property
    def more(self) -> int:
        return len(self.extra)

    def level(
        self,
        frontier: list[NodeRef],
        lists: list[list[tuple[NodeRef, str]]],
        ids: dict[NodeRef, str],
    ) -> list[NodeRef]:
        """Visit the frontier's neighbours; returns the next frontier (nodes to expand)."""
        following: list[NodeRef] = []
        for node, neighbours in zip(frontier, lists, strict=True):
            if self.seen[node] >= self.depth:
                continue
            for nb, element_id in neighbours:
                if nb in self.seen:
                    continue
                if len(self.order) >= self.cap:
                    self.extra.add(nb)
                    continue
                self.seen[nb] = self.seen[node] + 1
                self.order.append(nb)
                ids[nb] = element_id
                following.append(nb)
        return [n for n in following if self.seen[n] < self.depth]


# ---------------------------------------------------------------------- helpers
def _driver(uri: str, user: str, password: str) -> neo4j.Driver:
    try:
        return GraphDatabase.driver(uri, auth=(user, password), user_agent="zhiqian")
    except (ValueError, neo4j_errors.ConfigurationError) as exc:
        reason = f"is not a usable Neo4j URI: {exc}"
        raise InvalidValue("neo4j_uri", _safe_uri(uri), reason) from exc


def _safe_uri(uri: str) -> str:
    """The URI without any user:password part, for messages."""
    parts = urlsplit(uri)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}" if parts.scheme else uri


def _keys() -> str:
    return label_parts(Label.AREA)["keys"]


def _node_row(label: Label, key_field: str, row: Mapping[str, Any]) -> dict[str, Any]:
    key = row.get(key_field)
    if key is None or key == "":
        raise InvalidValue(f"{label.value}.{key_field}", key, "is required")
    return {**row, key_field: str(key)}


def _by_label(refs: Iterable[NodeRef]) -> dict[Label, list[str]]:
    out: dict[Label, list[str]] = {}
    for ref in refs:
        keys = out.setdefault(ref.label, [])
        if ref.key not in keys:
            keys.append(ref.key)
    return out


def _chunks(rows: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


def _ref_of(labels: Sequence[str], props: Mapping[str, Any]) -> NodeRef | None:
    for name in labels:
        label = _LABELS.get(name)
        if label is not None:
            return NodeRef(label, str(props[NODE_KEYS[label]]))
    return None


def _node(m: Mapping[str, Any]) -> NodeRecord:
    ref = _ref_of(m["labels"], m["props"])
    if ref is None:
        raise StoreError(f"Neo4j node with labels {list(m['labels'])} is not a Zhiqian node")
    return NodeRecord(ref, dict(m["props"]))


def _rel(m: Mapping[str, Any]) -> RelRecord:
    """A relationship from its map (type, key, props, src/dst labels and keys)."""
    src, dst = _ref_of(m["src_labels"], m["src"]), _ref_of(m["dst_labels"], m["dst"])
    if src is None or dst is None:
        raise StoreError(f"Neo4j {m['type']} relationship touches a node that is not Zhiqian's")
    props = {k: v for k, v in dict(m["props"]).items() if k != "key"}
    return RelRecord(RelType(m["type"]), src, dst, str(m.get("key") or ""), props)


def _sorted(rels: list[RelRecord]) -> tuple[RelRecord, ...]:
    """The embedded store's order of relationships: type, key, start, end."""
    return tuple(sorted(rels, key=lambda r: (r.type.value, r.key, r.src, r.dst)))
