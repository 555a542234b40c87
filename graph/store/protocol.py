"""The GraphStore protocol: batch upserts by natural key, and the few reads the questions need.

Backends differ only in how they fetch and write. Every rule lives in ``queries/`` and
works on the records of :mod:`graph.store.records`. Each question makes one store call
(or one per batch): no per-hop round trips.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from graph.enums import Label, RelType
from graph.store.records import (
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

Direction = str  # "out" | "in" | "both"


@runtime_checkable
class GraphStore(Protocol):
    """What every backend offers. Writes are idempotent upserts: a row's properties are
    merged into what is stored (``SET n += row``); the same rows twice change nothing."""

    name: str

    # ---- writes
    def upsert_nodes(self, label: Label, rows: Sequence[Mapping[str, Any]]) -> WriteResult:
        """Create or update nodes; each row holds the label's key property."""
        ...

    def upsert_relationships(self, rel_type: RelType, rows: Sequence[RelRecord]) -> WriteResult:
        """Create or update relationships; rows whose end nodes are missing are skipped."""
        ...

    def upsert_relationship_rows(self, rel_type: RelType, rows: Sequence[RelRow]) -> WriteResult:
        """:meth:`upsert_relationships` for rows as plain values (a load writes millions, and
        a record for each can cost more than writing it)."""
        ...

    def delete_relationships(self, rel_type: RelType, rows: Sequence[RelRecord]) -> int:
        """Delete the named relationships (by ends and key); returns how many existed."""
        ...

    # ---- generic reads
    def get_node(self, ref: NodeRef) -> NodeRecord | None: ...

    def get_nodes(self, refs: Sequence[NodeRef]) -> dict[NodeRef, NodeRecord]: ...

    def find_nodes(self, label: Label, prop: str, value: Any) -> list[NodeRecord]:
        """Nodes of a label whose property equals the value (indexed)."""
        ...

    def nodes(self, label: Label) -> Iterator[NodeRecord]: ...

    def relationships(self, rel_type: RelType) -> Iterator[RelRecord]: ...

    def relationship_values(self, rel_type: RelType, names: Sequence[str]) -> Iterator[RelValues]:
        """Every relationship of the type as a plain tuple: (source label, source key,
        target label, target key, relationship key, the values of ``names`` with None where
        absent). For whole-city folds over a million edges, where building a record per
        edge would cost more than the fold itself."""
        ...

    def relationships_of(
        self, ref: NodeRef, rel_type: RelType | None = None, direction: Direction = "both"
    ) -> list[RelRecord]: ...

    def counts(self) -> dict[str, int]:
        """Node counts per label and relationship counts per type."""
        ...

    # ---- question-shaped reads
    def contracting_graph(self, project_code: str) -> ContractingGraph:
        """Project, parties, contracts, name lending, dispatch, officers and crews."""
        ...

    def case_context(self, case_id: str) -> CaseContext: ...

    def case_contexts(self, case_ids: Iterable[str] | None = None) -> Iterator[CaseContext]:
        """All cases (or those named), each with its context; open and closed alike."""
        ...

    def neighbourhood(self, ref: NodeRef, depth: int, cap: int) -> Subgraph:
        """Nodes within ``depth`` hops (both directions), at most ``cap`` of them."""
        ...

    def shortest_path(self, a: NodeRef, b: NodeRef, max_depth: int) -> Subgraph:
        """One shortest undirected path, or an empty subgraph."""
        ...

    def close(self) -> None: ...
