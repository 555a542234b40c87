"""The plain facts cross-district detection works on (built from a store by
:func:`queries.crossdistrict.facts.fetch_inputs`, or by hand in tests and benchmarks)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from graph.enums import Label, RelType
from graph.ids import UNREGISTERED_PREFIX
from graph.store.records import NodeRecord, NodeRef


@dataclass(frozen=True, slots=True)
class CaseFact:
    """An open case: where the work is (site), when, how many workers, how much, against whom."""

    id: str
    site: str
    received_at: date
    workers: int
    amount_fen: int
    respondents: tuple[NodeRef, ...]
    project: str | None = None
    employers: tuple[NodeRef, ...] = ()

    @property
    def district(self) -> str:
        return self.site[:6]

    @property
    def street(self) -> str | None:
        return self.site if len(self.site) == 9 else None


@dataclass(frozen=True, slots=True)
class EnterpriseFact:
    eid: str
    name: str
    uscc: str | None = None
    legal_reps: frozenset[str] = frozenset()
    address: str | None = None
    area: str | None = None


@dataclass(frozen=True, slots=True)
class TieFact:
    """A Person/Enterprise → Enterprise tie: LEGAL_REP_OF, CONTROLS, INVESTS_IN or
    WORKS_UNDER_NAME_OF (then ``project`` names the project of the name lending)."""

    type: RelType
    src: NodeRef
    dst: NodeRef
    project: str | None = None


@dataclass(frozen=True, slots=True)
class AgencyFact:
    id: str
    name: str
    kind: str
    area: str


@dataclass(frozen=True, slots=True)
class DetectionInputs:
    """Everything detection needs; built by ``fetch_inputs`` or by hand in tests."""

    cases: tuple[CaseFact, ...]
    enterprises: Mapping[str, EnterpriseFact]
    person_names: Mapping[str, str]
    ties: tuple[TieFact, ...]
    same_as: frozenset[tuple[str, str]] = frozenset()
    not_same_as: frozenset[tuple[str, str]] = frozenset()
    agencies: tuple[AgencyFact, ...] = ()
    unlocated: int = field(default=0, compare=False)


def pair(a: str, b: str) -> tuple[str, str]:
    """An unordered pair in canonical order."""
    return (a, b) if a <= b else (b, a)


def party_facts(
    records: Mapping[NodeRef, NodeRecord], legal_reps: Mapping[str, Iterable[str]]
) -> tuple[dict[str, EnterpriseFact], dict[str, str]]:
    """The facts of the enterprises among ``records`` (with their legal representatives by
    enterprise key) and the names of the persons among them, by key."""
    enterprises = {
        ref.key: enterprise_fact(record, legal_reps.get(ref.key, ()))
        for ref, record in records.items()
        if ref.label is Label.ENTERPRISE
    }
    person_names = {
        ref.key: str(record.get("name", ref.key))
        for ref, record in records.items()
        if ref.label is Label.PERSON
    }
    return enterprises, person_names


def enterprise_fact(record: NodeRecord, legal_reps: Iterable[str] = ()) -> EnterpriseFact:
    """An Enterprise's facts; its USCC is the ``uscc`` property, or the key itself when the
    key is not an 'X-' digest (eid = USCC by construction, graph/ids.py)."""
    key = record.ref.key
    uscc = record.get("uscc") or (None if key.startswith(UNREGISTERED_PREFIX) else key)
    return EnterpriseFact(
        eid=record.ref.key,
        name=str(record.get("name", record.ref.key)),
        uscc=str(uscc) if uscc else None,
        legal_reps=frozenset(legal_reps),
        address=record.get("address"),
        area=record.get("registered_area"),
    )
