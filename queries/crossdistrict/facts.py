"""The plain facts cross-district detection works on, and how to read them from a store.

Reading is a scan of Case nodes, one ``store.case_contexts()`` pass over the open cases, one
scan per relationship type that ties parties (LEGAL_REP_OF, CONTROLS, INVESTS_IN,
WORKS_UNDER_NAME_OF, analyst decisions), one batch read of the parties not yet seen, and one
scan of agencies: no per-case reads.

A case's defaulters are the employers of its claimants who still owe them (from the
claimants' EMPLOYED_BY edges on the case's project: the 用人单位 or 包工头), and its
respondents (who the complaint names, often the general contractor).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from graph.enums import Label, RelType
from graph.ids import UNREGISTERED_PREFIX
from graph.store.protocol import GraphStore
from graph.store.records import CLOSED_CASE_STATES, CaseContext, NodeRecord, NodeRef, RelRecord
from graph.values import parse_date

OFFICER_TYPES = (RelType.LEGAL_REP_OF, RelType.CONTROLS, RelType.INVESTS_IN)
HR_KINDS = frozenset({"人社局", "劳动保障监察"})


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
    """Everything detection needs; built by :func:`fetch_inputs` or by hand in tests."""

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


def fetch_inputs(store: GraphStore) -> DetectionInputs:
    """Read open cases, their parties and ties, name lending, decisions and agencies."""
    acc = _Accumulator()
    for ctx in store.case_contexts(open_case_ids(store)):
        if ctx.is_open:
            acc.add_context(ctx)
    acc.add_officers(store)
    acc.add_name_lending(store)
    acc.fetch_missing(store)
    return DetectionInputs(
        cases=tuple(acc.cases),
        enterprises=acc.enterprise_facts(),
        person_names=acc.person_names,
        ties=tuple(acc.ties),
        same_as=_decisions(store, RelType.SAME_AS),
        not_same_as=_decisions(store, RelType.NOT_SAME_AS),
        agencies=tuple(_agencies(store)),
        unlocated=acc.unlocated,
    )


def open_case_ids(store: GraphStore) -> list[str]:
    """Ids of the open cases (a scan of Case nodes: most cases of a year are closed, and
    their contexts are the expensive part of the read)."""
    return [
        record.ref.key
        for record in store.nodes(Label.CASE)
        if str(record.get("status", "received")) not in CLOSED_CASE_STATES
    ]


class _Accumulator:
    def __init__(self) -> None:
        self.cases: list[CaseFact] = []
        self.nodes: dict[NodeRef, NodeRecord] = {}
        self.legal_reps: dict[str, set[str]] = {}
        self.person_names: dict[str, str] = {}
        self.ties: list[TieFact] = []
        self.projects: set[str] = set()
        self.parties: set[NodeRef] = set()
        self.unlocated = 0

    def add_context(self, ctx: CaseContext) -> None:
        fact = case_fact(ctx)
        if fact is None:
            self.unlocated += 1
            return
        self.cases.append(fact)
        if fact.project:
            self.projects.add(fact.project)
        self.parties.update(fact.respondents, fact.employers)
        for record in (*ctx.respondents, *ctx.people.values()):
            self._add_node(record)

    def _add_node(self, record: NodeRecord) -> None:
        self.nodes.setdefault(record.ref, record)
        if record.ref.label is Label.PERSON:
            self.person_names[record.ref.key] = str(record.get("name", record.ref.key))

    def _add_tie(self, rel: RelRecord) -> None:
        project = rel.get("project")
        self.ties.append(TieFact(rel.type, rel.src, rel.dst, str(project) if project else None))
        if rel.type is RelType.LEGAL_REP_OF and rel.src.label is Label.PERSON:
            self.legal_reps.setdefault(rel.dst.key, set()).add(rel.src.key)

    def add_officers(self, store: GraphStore) -> None:
        """Legal representatives, controllers and investors of the cases' parties."""
        for rel_type in OFFICER_TYPES:
            for rel in store.relationships(rel_type):
                if rel.dst in self.parties:
                    self._add_tie(rel)

    def add_name_lending(self, store: GraphStore) -> None:
        """Name lending (挂靠) on the open cases' projects."""
        for rel in store.relationships(RelType.WORKS_UNDER_NAME_OF):
            if _project_of(rel) in self.projects:
                self._add_tie(rel)

    def fetch_missing(self, store: GraphStore) -> None:
        """One batch read of the parties and people named but not yet seen."""
        named = self.parties | {t.src for t in self.ties} | {t.dst for t in self.ties}
        for record in store.get_nodes(sorted(named - self.nodes.keys())).values():
            self._add_node(record)

    def enterprise_facts(self) -> dict[str, EnterpriseFact]:
        return {
            ref.key: enterprise_fact(record, self.legal_reps.get(ref.key, ()))
            for ref, record in self.nodes.items()
            if ref.label is Label.ENTERPRISE
        }


def _project_of(rel: RelRecord) -> str:
    return str(rel.get("project") or rel.key)


def case_fact(ctx: CaseContext) -> CaseFact | None:
    """The case's facts, or None when its place of employment is unknown."""
    site = _site(ctx)
    if site is None:
        return None
    case = ctx.case
    crew_workers = sum(c.workers for c in ctx.claim_crews)
    workers = int(case.get("workers") or 0) or crew_workers or ctx.claimants
    amount = int(case.get("amount_owed") or 0) or sum(c.owed_total for c in ctx.claim_crews)
    return CaseFact(
        id=case.ref.key,
        site=site,
        received_at=_received(case.get("received_at")),
        workers=workers,
        amount_fen=amount,
        respondents=tuple(r.ref for r in ctx.respondents),
        project=ctx.project.ref.key if ctx.project else None,
        employers=tuple(c.employer for c in ctx.claim_crews if c.owed_total > 0),
    )


def _received(value: object) -> date:
    """Stored dates are ISO text (fast path); anything else goes through parse_date."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return parse_date(value, "received_at")


def _site(ctx: CaseContext) -> str | None:
    """Place of employment: the project's area first (the site), else where the case occurred."""
    candidates: Iterable[object] = (
        ctx.project.get("area") if ctx.project else None,
        *ctx.areas,
        ctx.case.get("area"),
    )
    for code in candidates:
        if isinstance(code, str) and len(code) >= 6:
            return code
    return None


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


def _decisions(store: GraphStore, rel_type: RelType) -> frozenset[tuple[str, str]]:
    return frozenset(pair(r.src.key, r.dst.key) for r in store.relationships(rel_type))


def _agencies(store: GraphStore) -> Iterable[AgencyFact]:
    for record in store.nodes(Label.AGENCY):
        if record.get("kind") in HR_KINDS and record.get("area"):
            name, kind, area = (str(record.get(p, "")) for p in ("name", "kind", "area"))
            yield AgencyFact(record.ref.key, name, kind, area)
