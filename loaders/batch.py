"""Collecting the output of many rows into one batch, and writing it with few store calls.

Within a batch, a node or relationship named twice is written once (later rows win, a
person's ``roles`` accumulate). A batch writes, in order: the areas its rows refer to
(with every ancestor and the PART_OF links), the stub nodes that do not exist yet, the
nodes, then the relationships: one ``upsert_*`` call per label and per type. Nodes and
relationships travel as plain values (:mod:`loaders.plain`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graph.areas import area_registry, parent_code
from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import RelRow
from loaders.context import LoadContext
from loaders.plain import (
    KEY_PROPERTY,
    LABELS,
    TYPES,
    NodeKey,
    PlainRel,
    RelKey,
    to_ref,
)
from loaders.rows import RowOut

PackedRow = tuple[
    list[tuple[str, dict[str, Any]]], list[tuple[str, dict[str, Any]]], list[PlainRel], list[str]
]
"""A row's output as plain values (nodes, stubs, relationships, areas): cheap to send to
another process, which adds it to its batch with :meth:`Batch.add_packed`."""


@dataclass(slots=True)
class WriteTally:
    nodes: int = 0
    edges: int = 0
    skipped: int = 0


@dataclass(slots=True)
class Batch:
    """Rows waiting to be written."""

    rows: int = 0
    nodes: dict[NodeKey, dict[str, Any]] = field(default_factory=dict)
    stubs: dict[NodeKey, dict[str, Any]] = field(default_factory=dict)
    rels: dict[RelKey, dict[str, Any]] = field(default_factory=dict)
    areas: set[str] = field(default_factory=set)

    @property
    def holds_writes(self) -> bool:
        """Whether writing the batch would write anything (wage lines only aggregate)."""
        return bool(self.nodes or self.stubs or self.rels or self.areas)

    def add(self, out: RowOut) -> None:
        self.rows += 1
        self.add_packed(pack_row(out))

    def add_packed(self, row: PackedRow) -> None:
        """:meth:`add` for a row packed by :func:`pack_row` (rows are counted by the sender)."""
        nodes, stubs, rels, areas = row
        for label, props in nodes:
            _merge(self.nodes, (label, str(props[KEY_PROPERTY[label]])), props)
        for label, props in stubs:
            self.stubs.setdefault((label, str(props[KEY_PROPERTY[label]])), props)
        merged = self.rels
        for rel_type, src_label, src_key, dst_label, dst_key, key, props in rels:
            ident = (rel_type, src_label, src_key, dst_label, dst_key, key)
            current = merged.get(ident)
            merged[ident] = {**current, **props} if current else props
        if areas:
            self.areas.update(areas)


def pack_row(out: RowOut) -> PackedRow:
    """A row's output as plain values (see :data:`PackedRow`)."""
    return out.nodes, out.stubs, out.rels, out.areas


def _merge(nodes: dict[NodeKey, dict[str, Any]], ident: NodeKey, props: dict[str, Any]) -> None:
    current = nodes.get(ident)
    if current is None:
        nodes[ident] = dict(props)
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
        tally.nodes += store.upsert_nodes(LABELS[label], rows).written
    for rel_type, rels in _by_type(batch.rels).items():
        result = store.upsert_relationship_rows(TYPES[rel_type], rels)
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
    label = Label.AREA.value
    links: list[RelRow] = []
    for code in sorted(rows):
        parent = parent_code(code)
        if parent and registry.exists(parent):
            links.append((label, code, label, parent, "", {}))
    tally.edges += store.upsert_relationship_rows(RelType.PART_OF, links).written
    ctx.areas_written.update(rows)


def _merge_stored_roles(store: GraphStore, nodes: dict[NodeKey, dict[str, Any]]) -> None:
    """A person's roles are the union over every row and load, so reloading changes nothing."""
    refs = {to_ref(ident): ident for ident, props in nodes.items() if props.get("roles")}
    if not refs:
        return
    for ref, stored in store.get_nodes(list(refs)).items():
        ident = refs[ref]
        nodes[ident]["roles"] = _union(nodes[ident]["roles"], stored.get("roles"))


def _absent_stubs(store: GraphStore, batch: Batch) -> dict[NodeKey, dict[str, Any]]:
    """Stubs for parties neither in this batch nor in the store: a stub never overwrites."""
    wanted = {to_ref(ident): ident for ident in batch.stubs if ident not in batch.nodes}
    if not wanted:
        return {}
    present = store.get_nodes(list(wanted))
    return {ident: batch.stubs[ident] for ref, ident in wanted.items() if ref not in present}


def _by_label(nodes: dict[NodeKey, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (label, _key), props in nodes.items():
        groups[label].append(props)
    return groups


def _by_type(rels: dict[RelKey, dict[str, Any]]) -> dict[str, list[RelRow]]:
    groups: dict[str, list[RelRow]] = defaultdict(list)
    for (rel_type, src_label, src_key, dst_label, dst_key, key), props in rels.items():
        groups[rel_type].append((src_label, src_key, dst_label, dst_key, key, props))
    return groups


def employment_batches(ctx: LoadContext, batch_size: int) -> Iterator[list[RelRow]]:
    """The EMPLOYED_BY edges of the employments changed by roster rows and wage lines, in
    batches (each edge once, in key order); clears what it hands out."""
    changed = sorted(ctx.employment_changed)
    ctx.employment_changed.clear()
    employment = ctx.employment
    person = Label.PERSON.value
    for start in range(0, len(changed), batch_size):
        rels: list[RelRow] = []
        for pid, project in changed[start : start + batch_size]:
            job = employment[(pid, project)]
            employer_label, employer_key = job.employer
            props = job.edge_props(project)
            rels.append((person, pid, employer_label, employer_key, project, props))
        yield rels


def write_relationships(store: GraphStore, rel_type: RelType, rels: list[RelRow]) -> WriteTally:
    result = store.upsert_relationship_rows(rel_type, rels)
    return WriteTally(edges=result.written, skipped=result.skipped)
