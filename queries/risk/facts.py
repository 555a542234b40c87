"""Plain facts for the risk rules, gathered from the store in one pass per label/type.

:func:`gather` reads Project, Enterprise, Signal, Case and Agency nodes and the CONTRACTS_TO,
WORKS_ON, EMPLOYED_BY, AGAINST, CONTROLS and LEGAL_REP_OF relationships once each (never a
per-project round trip) and folds them into dictionaries of small records keyed by project
code and enterprise id. Everything downstream (rules, scores, watchlist) is pure Python
over these records, so both store backends give the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import CLOSED_CASE_STATES, NodeRecord, NodeRef, RelRecord, RelValues


def month_index(month: str) -> int:
    """'2025-03' → a month number that subtracts (year × 12 + month − 1)."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_text(index: int) -> str:
    """Inverse of :func:`month_index`."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True, slots=True)
class SignalFact:
    """One signal as the rules read it (amount in fen, count of people)."""

    id: str
    kind: str
    day: date
    period: str | None
    amount: int
    count: int
    agency: str
    record: str


@dataclass(frozen=True, slots=True)
class CaseFact:
    id: str
    received: date
    open: bool
    amount: int
    workers: int


@dataclass(frozen=True, slots=True)
class ContractFact:
    """A CONTRACTS_TO edge of one project: who lets to whom, of what kind, how much overdue."""

    src: NodeRef
    dst: NodeRef
    kind: str
    overdue: int


@dataclass(slots=True)
class ProjectFacts:
    code: str
    name: str
    area: str
    sector: str
    status: str
    wage_account: bool | None
    wage_deposit: bool | None
    notice_board: bool | None
    contracts: list[ContractFact] = field(default_factory=list)
    attendance: dict[str, int] = field(default_factory=dict)
    payouts: dict[str, int] = field(default_factory=dict)
    inflows: dict[str, int] = field(default_factory=dict)
    roster: int = 0
    without_wage_record: int = 0
    departed_unpaid: dict[NodeRef, list[int]] = field(default_factory=dict)
    signals: list[SignalFact] = field(default_factory=list)
    cases: list[CaseFact] = field(default_factory=list)

    @property
    def general_contractor(self) -> NodeRef | None:
        """The party contracting directly with the owner (a general_contract edge first)."""
        top = self.top_contracts()
        return top[0].dst if top else None

    def top_contracts(self) -> list[ContractFact]:
        """Edges let by the owner: general contracts, else edges whose letting party has no
        contract above it in this project."""
        general = [c for c in self.contracts if c.kind == "general_contract"]
        if general:
            return sorted(general, key=lambda c: c.dst)
        receivers = {c.dst for c in self.contracts}
        return sorted((c for c in self.contracts if c.src not in receivers), key=lambda c: c.dst)


@dataclass(slots=True)
class EnterpriseFacts:
    eid: str
    name: str
    area: str | None
    owed: int = 0
    workers_owed: int = 0
    months_owed: int = 0
    signals: list[SignalFact] = field(default_factory=list)
    cases: list[CaseFact] = field(default_factory=list)
    projects: set[str] = field(default_factory=set)
    watchlist: bool = False


@dataclass(frozen=True, slots=True)
class AgencyFact:
    id: str
    name: str
    kind: str
    level: str
    area: str


@dataclass(slots=True)
class CityFacts:
    """Everything the risk questions need about the city, as of one day."""

    as_of: date
    projects: dict[str, ProjectFacts]
    enterprises: dict[str, EnterpriseFacts]
    controllers: dict[str, set[str]]
    agencies: list[AgencyFact]

    @property
    def as_of_month(self) -> int:
        return self.as_of.year * 12 + self.as_of.month - 1


def gather(store: GraphStore, as_of: date, settle_days: int = 0) -> CityFacts:
    """Read the whole city once and fold it into :class:`CityFacts`; a worker who left more
    than ``settle_days`` before ``as_of`` and is still owed counts as departed unsettled."""
    facts = CityFacts(
        as_of=as_of,
        projects={r.ref.key: _project(r) for r in store.nodes(Label.PROJECT)},
        enterprises={r.ref.key: _enterprise(r) for r in store.nodes(Label.ENTERPRISE)},
        controllers={},
        agencies=[_agency(r) for r in store.nodes(Label.AGENCY)],
    )
    _add_contracts(facts, store.relationships(RelType.CONTRACTS_TO))
    employment = store.relationship_values(RelType.EMPLOYED_BY, _EMPLOYMENT_PROPS)
    wage_records = _add_employment(facts, employment)
    roster = store.relationship_values(RelType.WORKS_ON, ("left_on",))
    _add_roster(facts, roster, wage_records, settle_days)
    _add_signals(facts, store.nodes(Label.SIGNAL))
    _add_cases(facts, store)
    for rel_type in (RelType.CONTROLS, RelType.LEGAL_REP_OF):
        _add_controllers(facts, store.relationships(rel_type))
    return facts


def _project(record: NodeRecord) -> ProjectFacts:
    get = record.get
    return ProjectFacts(
        code=record.ref.key,
        name=str(get("name", record.ref.key)),
        area=str(get("area", "")),
        sector=str(get("sector", "building")),
        status=str(get("status", "在建")),
        wage_account=get("wage_account"),
        wage_deposit=get("wage_deposit"),
        notice_board=get("notice_board"),
    )


def _enterprise(record: NodeRecord) -> EnterpriseFacts:
    return EnterpriseFacts(
        eid=record.ref.key,
        name=str(record.get("name", record.ref.key)),
        area=record.get("registered_area"),
        watchlist=bool(record.get("watchlist", False)),
    )


def _agency(record: NodeRecord) -> AgencyFact:
    get = record.get
    return AgencyFact(
        record.ref.key,
        str(get("name", record.ref.key)),
        str(get("kind", "")),
        str(get("level", "")),
        str(get("area", "")),
    )


def _add_contracts(facts: CityFacts, rels: Iterable[RelRecord]) -> None:
    for rel in rels:
        project = facts.projects.get(str(rel.get("project", rel.key)))
        if project is None:
            continue
        project.contracts.append(
            ContractFact(
                rel.src, rel.dst, str(rel.get("kind", "unknown")), int(rel.get("overdue") or 0)
            )
        )
        for ref in (rel.src, rel.dst):
            if ref.label is Label.ENTERPRISE and ref.key in facts.enterprises:
                facts.enterprises[ref.key].projects.add(project.code)


WageRecords = dict[tuple[str, str], tuple[NodeRef, int]]
_EMPLOYMENT_PROPS = ("project", "wage_months", "wages_due", "wages_paid", "months_owed")


def _add_employment(facts: CityFacts, rels: Iterable[RelValues]) -> WageRecords:
    """Fold wages owed into employers; return (person, project) → (employer, owed) for the
    workers who have a wage record (a wage month, or anything due or paid)."""
    records: WageRecords = {}
    enterprises = facts.enterprises
    employers: dict[tuple[str, str], NodeRef] = {}
    # a million rows in a city: plain tuples from a lean scan, no helper calls per row
    for _, worker, label, key, rel_key, (
        project,
        months,
        due_or_none,
        paid_or_none,
        owed_months,
    ) in rels:
        due, paid = int(due_or_none or 0), int(paid_or_none or 0)
        owed = max(due - paid, 0)
        if months or due > 0 or paid > 0:
            employer = employers.get((label, key))
            if employer is None:
                employer = employers[(label, key)] = NodeRef(Label(label), key)
            records[(worker, str(project or rel_key))] = (employer, owed)
        if owed > 0 and label == Label.ENTERPRISE and key in enterprises:
            firm = enterprises[key]
            firm.owed += owed
            firm.workers_owed += 1
            firm.months_owed = max(firm.months_owed, int(owed_months or 0))
    return records


def _add_roster(
    facts: CityFacts,
    rels: Iterable[RelValues],
    records: WageRecords,
    settle_days: int,
) -> None:
    """Count roster workers, those without a wage record, and departed workers still owed."""
    settle_by = facts.as_of - timedelta(days=settle_days)
    projects = facts.projects
    for _, worker, _, code, _, (left,) in rels:
        project = projects.get(code)
        if project is None:
            continue
        project.roster += 1
        record = records.get((worker, code))
        if record is None:
            project.without_wage_record += 1
            continue
        if left and record[1] > 0 and date.fromisoformat(str(left)[:10]) < settle_by:
            row = project.departed_unpaid.setdefault(record[0], [0, 0])
            row[0] += 1
            row[1] += record[1]


_MONTHLY = {
    "attendance": "attendance",
    "wage_account_payout": "payouts",
    "wage_account_inflow": "inflows",
}


def _signal(record: NodeRecord) -> SignalFact:
    get = record.get
    return SignalFact(
        id=record.ref.key,
        kind=str(get("kind", "")),
        day=date.fromisoformat(str(get("date"))[:10]),
        period=get("period"),
        amount=int(get("amount") or 0),
        count=int(get("count") or 0),
        agency=str(get("source_agency", "")),
        record=str(get("record", "")),
    )


def _add_signals(facts: CityFacts, records: Iterable[NodeRecord]) -> None:
    for record in records:
        signal = _signal(record)
        project = facts.projects.get(str(record.get("project", "")))
        firm = facts.enterprises.get(str(record.get("enterprise", "")))
        if signal.kind in _MONTHLY and project is not None:
            month = signal.period or signal.day.isoformat()[:7]
            series: dict[str, int] = getattr(project, _MONTHLY[signal.kind])
            series[month] = series.get(month, 0) + (
                signal.count if signal.kind == "attendance" else signal.amount
            )
            continue
        if project is not None:
            project.signals.append(signal)
        if firm is not None:
            firm.signals.append(signal)


def _add_cases(facts: CityFacts, store: GraphStore) -> None:
    cases: dict[str, CaseFact] = {}
    for record in store.nodes(Label.CASE):
        case = _case(record)
        cases[case.id] = case
        project = facts.projects.get(str(record.get("project", "")))
        if project is not None:
            project.cases.append(case)
    for rel in store.relationships(RelType.AGAINST):
        firm = facts.enterprises.get(rel.dst.key) if rel.dst.label is Label.ENTERPRISE else None
        if firm is not None and rel.src.key in cases:
            firm.cases.append(cases[rel.src.key])


def _case(record: NodeRecord) -> CaseFact:
    get = record.get
    return CaseFact(
        id=record.ref.key,
        received=date.fromisoformat(str(get("received_at"))[:10]),
        open=str(get("status", "received")) not in CLOSED_CASE_STATES,
        amount=int(get("amount_owed") or 0),
        workers=int(get("workers") or 0),
    )


def _add_controllers(facts: CityFacts, rels: Iterable[RelRecord]) -> None:
    for rel in rels:
        if rel.dst.key in facts.enterprises:
            facts.controllers.setdefault(rel.src.key, set()).add(rel.dst.key)


def since(as_of: date, months: int) -> date:
    """The first day of the look-back window of ``months`` months ending on ``as_of``."""
    return as_of - timedelta(days=round(months * 30.44))
