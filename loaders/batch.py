"""Collecting the output of many rows into one batch, and writing it with few store calls.

Within a batch, a node or relationship named twice is written once (later rows win, a
person's ``roles`` accumulate). A batch writes, in order: the areas its rows refer to
(with every ancestor and the PART_OF links), the stub nodes that do not exist yet, the
nodes, then the relationships: one ``upsert_*`` call per label and per type.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graph.areas import area_registry, parent_code
from graph.enums import NODE_KEYS, Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from loaders.context import LoadContext
from loaders.rows import RowOut

RelId = tuple[RelType, NodeRef, NodeRef, str]
PackedRow = tuple[
    tuple[tuple[str, dict[str, Any]], ...],
    tuple[tuple[str, dict[str, Any]], ...],
    tuple[tuple[str, str, str, str, str, str, Any], ...],
    tuple[str, ...],
]
"""A row's output as plain values (nodes, stubs, relationships, areas): cheap to send to
another process, which adds it to its batch with :meth:`Batch.add_packed`."""
_LABELS = {label.value: label for label in Label}
_TYPES = {rel_type.value: rel_type for rel_type in RelType}


@dataclass(slots=True)
class WriteTally:
    nodes: int = 0
    edges: int = 0
    skipped: int = 0


@dataclass(slots=True)
class Batch:
    """Rows waiting to be written."""

    rows: int = 0
    nodes: dict[NodeRef, dict[str, Any]] = field(default_factory=dict)
    stubs: dict[NodeRef, dict[str, Any]] = field(default_factory=dict)
    rels: dict[RelId, dict[str, Any]] = field(default_factory=dict)
    areas: set[str] = field(default_factory=set)

    @property
    def holds_writes(self) -> bool:
        """Whether writing the batch would write anything (wage lines only aggregate)."""
        return bool(self.nodes or self.stubs or self.rels or self.areas)

    def add(self, out: RowOut) -> None:
        self.rows += 1
        for label, props in out.nodes:
            _merge(self.nodes, NodeRef(label, str(props[NODE_KEYS[label]])), props)
        for label, props in out.stubs:
            self.stubs.setdefault(NodeRef(label, str(props[NODE_KEYS[label]])), props)
        for rel in out.rels:
            ident = (rel.type, rel.src, rel.dst, rel.key)
            self.rels[ident] = {**self.rels.get(ident, {}), **rel.props}
        self.areas.update(out.areas)

    def add_packed(self, row: PackedRow) -> None:
        """:meth:`add` for a row packed by :func:`pack_row` (rows are counted by the sender)."""
        nodes, stubs, rels, areas = row
        for name, props in nodes:
            label = _LABELS[name]
            _merge(self.nodes, NodeRef(label, str(props[NODE_KEYS[label]])), props)
        for name, props in stubs:
            label = _LABELS[name]
            self.stubs.setdefault(NodeRef(label, str(props[NODE_KEYS[label]])), props)
        for rel_type, src_label, src_key, dst_label, dst_key, key, props in rels:
            src, dst = NodeRef(_LABELS[src_label], src_key), NodeRef(_LABELS[dst_label], dst_key)
            ident = (_TYPES[rel_type], src, dst, key)
            self.rels[ident] = {**self.rels.get(ident, {}), **props}
        self.areas.update(areas)


def pack_row(out: RowOut) -> PackedRow:
    """A row's output as plain values (see :data:`PackedRow`)."""
    return (
        tuple([(label.value, props) for label, props in out.nodes]),
        tuple([(label.value, props) for label, props in out.stubs]),
        tuple(
            [
                (r.type.value, r.src.label.value, r.src.key, r.dst.label.value, r.dst.key, r.key,
                 r.props)
                for r in out.rels
            ]
        ),
        tuple(out.areas),
    )


def _merge(nodes: dict[NodeRef, dict[str, Any]], ref: NodeRef, props: dict[str, Any]) -> None:
    current = nodes.get(ref)
    if current is None:
        nodes[ref] = dict(props)
        return
    roles = _union(current.get("roles"), props.get("roles"))
    current.update(props)
    if roles:
        current["roles"] = roles


def _union(*lists: Any) -> list[str]:
    return sorted({str(item) for values in lists if values for item in values})


def write_batch(store: GraphStore, ctx: LoadContext, batch: Batch) -> WriteTally:
    """Write a batch; returns how many nodes and edges were written and edges skipped."""
    tally = WriteTally()
    _write_areas(store, ctx, batch.areas, tally)
    _merge_stored_roles(store, batch.nodes)
    stubs = _absent_stubs(store, batch)
    for label, rows in _by_label({**stubs, **batch.nodes}).items():
        tally.nodes += store.upsert_nodes(label, rows).written
    for rel_type, rels in _by_type(batch.rels).items():
        result = store.upsert_relationships(rel_type, rels)
        tally.edges += result.written
        tally.skipped += result.skipped
    return tally


def _write_areas(store: GraphStore, ctx: LoadContext, codes: set[str], tally: WriteTally) -> None:
    """Area nodes for ``codes`` and all their ancestors (once per load), with PART_OF."""
    registry = area_registry()
    rows: dict[str, dict[str, Any]] = {}
    for code in codes - ctx.areas_written:
        for area in registry.lineage(code):
            if area.code not in ctx.areas_written:
                rows[area.code] = {"code": area.code, "name": area.name, "level": area.level}
    if not rows:
        return
    tally.nodes += store.upsert_nodes(
        Label.AREA, sorted(rows.values(), key=lambda r: r["code"])
    ).written
    links = []
    for code in sorted(rows):
        parent = parent_code(code)
        if parent and registry.exists(parent):
            links.append(
                RelRecord(RelType.PART_OF, NodeRef(Label.AREA, code), NodeRef(Label.AREA, parent))
            )
    tally.edges += store.upsert_relationships(RelType.PART_OF, links).written
    ctx.areas_written.update(rows)


def _merge_stored_roles(store: GraphStore, nodes: dict[NodeRef, dict[str, Any]]) -> None:
    """A person's roles are the union over every row and load, so reloading changes nothing."""
    refs = [ref for ref, props in nodes.items() if props.get("roles")]
    if not refs:
        return
    for ref, stored in store.get_nodes(refs).items():
        nodes[ref]["roles"] = _union(nodes[ref]["roles"], stored.get("roles"))


def _absent_stubs(store: GraphStore, batch: Batch) -> dict[NodeRef, dict[str, Any]]:
    """Stubs for parties neither in this batch nor in the store: a stub never overwrites."""
    wanted = [ref for ref in batch.stubs if ref not in batch.nodes]
    if not wanted:
        return {}
    present = store.get_nodes(wanted)
    return {ref: batch.stubs[ref] for ref in wanted if ref not in present}


def _by_label(nodes: dict[NodeRef, dict[str, Any]]) -> dict[Label, list[dict[str, Any]]]:
    groups: dict[Label, list[dict[str, Any]]] = defaultdict(list)
    for ref, props in nodes.items():
        groups[ref.label].append(props)
    return groups


def _by_type(rels: dict[RelId, dict[str, Any]]) -> dict[RelType, list[RelRecord]]:
    groups: dict[RelType, list[RelRecord]] = defaultdict(list)
    for (rel_type, src, dst, key), props in rels.items():
        groups[rel_type].append(RelRecord(rel_type, src, dst, key, props))
    return groups


def employment_batches(ctx: LoadContext, batch_size: int) -> Iterator[list[RelRecord]]:
    """The EMPLOYED_BY edges of the employments changed by roster rows and wage lines, in
    batches (each edge once, in key order); clears what it hands out."""
    changed = sorted(ctx.employment_changed)
    ctx.employment_changed.clear()
    employment = ctx.employment
    for start in range(0, len(changed), batch_size):
        rels = []
        for pid, project in changed[start : start + batch_size]:
            job = employment[(pid, project)]
            worker = NodeRef(Label.PERSON, pid)
            props = job.edge_props(project)
            rels.append(RelRecord(RelType.EMPLOYED_BY, worker, job.employer, project, props))
        yield rels


def write_relationships(store: GraphStore, rel_type: RelType, rels: list[RelRecord]) -> WriteTally:
    result = store.upsert_relationships(rel_type, rels)
    return WriteTally(edges=result.written, skipped=result.skipped)
