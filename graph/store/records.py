"""What the store's reads return: plain frozen records, the same from every backend."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.enums import Label, RelType

PROJECT_REL_TYPES = (
    RelType.CONTRACTS_TO,
    RelType.WORKS_UNDER_NAME_OF,
    RelType.DISPATCHES_TO,
    RelType.EMPLOYED_BY,
)
"""Relationships that belong to one project (their ``project`` property names it)."""
OFFICER_REL_TYPES = (RelType.LEGAL_REP_OF, RelType.CONTROLS, RelType.INVESTS_IN)
"""People behind a party: legal representative, controller, investor."""
HANDLING_REL_TYPES = (RelType.ASSIGNED_TO, RelType.LED_BY, RelType.REFERRED_TO)
"""Who handles a case: units, leaders, referrals."""

CLOSED_CASE_STATES = frozenset({"closed", "cancelled", "transferred_out"})
"""Case states that are no longer open (see queries.coordination.lifecycle)."""


@dataclass(frozen=True, slots=True, order=True)
class NodeRef:
    """A node named by label and natural key."""

    label: Label
    key: str

    def __str__(self) -> str:
        return f"{self.label.value}:{self.key}"

    def __reduce__(self) -> tuple[type[NodeRef], tuple[Label, str]]:
        # pickled by value, without dataclasses' generic field walk (a load sends millions
        # between processes, see loaders.pipeline)
        return NodeRef, (self.label, self.key)


@dataclass(frozen=True, slots=True)
class NodeRecord:
    ref: NodeRef
    props: Mapping[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.props.get(name, default)


@dataclass(frozen=True, slots=True)
class RelRecord:
    """A relationship. ``key`` tells apart parallel edges of one type between the same pair
    (e.g. the project code or contract id of a CONTRACTS_TO edge); "" when there is one."""

    type: RelType
    src: NodeRef
    dst: NodeRef
    key: str = ""
    props: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.props.get(name, default)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return RelRecord, (self.type, self.src, self.dst, self.key, self.props)


RelRow = tuple[str, str, str, str, str, Mapping[str, Any]]
"""(source label, source key, target label, target key, key, properties): a relationship of
one type to write as plain values (``GraphStore.upsert_relationship_rows``)."""

RelValues = tuple[str, str, str, str, str, tuple[Any, ...]]
"""(source label, source key, target label, target key, key, selected property values): one
relationship of a lean scan (``GraphStore.relationship_values``)."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """Rows written, and rows skipped because an end node does not exist."""

    written: int
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class Subgraph:
    """Nodes and relationships for drawing; ``more`` counts nodes left out by a cap."""

    nodes: tuple[NodeRecord, ...]
    rels: tuple[RelRecord, ...]
    more: int = 0


@dataclass(frozen=True, slots=True)
class Crew:
    """Workers of one employer on one project, aggregated from EMPLOYED_BY edges."""

    employer: NodeRef
    workers: int
    wages_due: int
    wages_paid: int
    owed_total: int
    owed_max: int
    months_owed_max: int


@dataclass(frozen=True, slots=True)
class ContractingGraph:
    """Everything the liability engine needs about one project, in one read.

    Relationship tuples are ordered by (type, key, src, dst); parties by NodeRef."""

    project: NodeRecord
    parties: Mapping[NodeRef, NodeRecord]
    contracts: tuple[RelRecord, ...]
    name_lending: tuple[RelRecord, ...]
    dispatch: tuple[RelRecord, ...]
    officers: tuple[RelRecord, ...]
    crews: tuple[Crew, ...]


@dataclass(frozen=True, slots=True)
class CaseContext:
    """A case with its project, respondents, their controllers, areas, claimants and units."""

    case: NodeRecord
    project: NodeRecord | None
    respondents: tuple[NodeRecord, ...]
    controllers: tuple[RelRecord, ...]
    people: Mapping[NodeRef, NodeRecord]
    areas: tuple[str, ...]
    claim_crews: tuple[Crew, ...]
    claimants: int
    handling: tuple[RelRecord, ...]
    links: tuple[RelRecord, ...]

    @property
    def is_open(self) -> bool:
        return str(self.case.get("status", "received")) not in CLOSED_CASE_STATES
