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
from functools import lru_cache

from graph.collector import collector_paused
from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import CLOSED_CASE_STATES, NodeRecord, NodeRef, RelValues
from queries.risk.wage_records import JOB_PROPS, ROSTER_PROPS, add_wages


@lru_cache(maxsize=4096)
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
    with collector_paused():
        facts = CityFacts(
            as_of=as_of,
            projects={r.ref.key: _project(r) for r in store.nodes(Label.PROJECT)},
            enterprises={r.ref.key: _enterprise(r) for r in store.nodes(Label.ENTERPRISE)},
            controllers={},
            agencies=[_agency(r) for r in store.nodes(Label.AGENCY)],
        )
        add_contracts(facts, store.relationship_values(RelType.CONTRACTS_TO, CONTRACT_PROPS))
        add_wages(
            facts,
            store.relationship_values(RelType.EMPLOYED_BY, JOB_PROPS),
            store.relationship_values(RelType.WORKS_ON, ROSTER_PROPS),
            as_of - timedelta(days=settle_days),
        )
        _add_signals(facts, store.nodes(Label.SIGNAL))
        _add_cases(facts, store)
        for rel_type in (RelType.CONTROLS, RelType.LEGAL_REP_OF):
            add_controllers(facts, store.relationship_values(rel_type, ()))
        return facts


def _project(record: NodeRecord) -> ProjectFacts:
    key, get = record.ref.key, record.props.get
    return ProjectFacts(
        code=key,
        name=str(get("name", key)),
        area=str(get("area", "")),
        sector=str(get("sector", "building")),
        status=str(get("status", "在建")),
        wage_account=get("wage_account"),
        wage_deposit=get("wage_deposit"),
        notice_board=get("notice_board"),
    )


def _enterprise(record: NodeRecord) -> EnterpriseFacts:
    key, get = record.ref.key, record.props.get
    return EnterpriseFacts(
        eid=key,
        name=str(get("name", key)),
        area=get("registered_area"),
        watchlist=bool(get("watchlist", False)),
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


_MONTHLY = {
    "attendance": "attendance",
    "wage_account_payout": "payouts",
    "wage_account_inflow": "inflows",
}


def _signal(record: NodeRecord) -> SignalFact:
    get = record.props.get
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
    """Monthly series (attendance, inflows, payouts) are summed into their project by month
    (the signal's period, else the month of its date): head count for attendance, amount in
    fen for the wage account. Other signals are kept on their project and enterprise."""
    projects, firms = facts.projects, facts.enterprises
    for record in records:
        get = record.props.get
        project = projects.get(str(get("project", "")))
        series_name = _MONTHLY.get(str(get("kind", "")))
        if series_name is not None and project is not None:
            month = get("period") or date.fromisoformat(str(get("date"))[:10]).isoformat()[:7]
            series: dict[str, int] = getattr(project, series_name)
            value = get("count") if series_name == "attendance" else get("amount")
            series[month] = series.get(month, 0) + int(value or 0)
            continue
        signal = _signal(record)
        if project is not None:
            project.signals.append(signal)
        firm = firms.get(str(get("enterprise", "")))
        if firm is not None:
            firm.signals.append(signal)


def _add_cases(facts: CityFacts, store: GraphStore) -> None:
    cases: dict[str, CaseFact] = {}
    projects = facts.projects
    for record in store.nodes(Label.CASE):
        case = _case(record)
        cases[case.id] = case
        project = projects.get(str(record.props.get("project", "")))
        if project is not None:
            project.cases.append(case)
    add_case_respondents(facts, cases, store.relationship_values(RelType.AGAINST, ()))


def _case(record: NodeRecord) -> CaseFact:
    get = record.props.get
    return CaseFact(
        id=record.ref.key,
        received=date.fromisoformat(str(get("received_at"))[:10]),
        open=str(get("status", "received")) not in CLOSED_CASE_STATES,
        amount=int(get("amount_owed") or 0),
        workers=int(get("workers") or 0),
    )


CONTRACT_PROPS = ("project", "kind", "overdue")


def add_contracts(facts: CityFacts, rels: Iterable[RelValues]) -> None:
    """CONTRACTS_TO edges into their project (by its ``project`` property, else the edge key)
    and each enterprise party's set of projects."""
    refs: dict[tuple[str, str], NodeRef] = {}  # one NodeRef per party: parties recur
    projects, enterprises = facts.projects, facts.enterprises
    enterprise_label = Label.ENTERPRISE.value
    for src_label, src_key, dst_label, dst_key, key, (code, kind, overdue) in rels:
        project = projects.get(str(code or key))
        if project is None:
            continue
        src = refs.get((src_label, src_key)) or refs.setdefault(
            (src_label, src_key), NodeRef(Label(src_label), src_key)
        )
        dst = refs.get((dst_label, dst_key)) or refs.setdefault(
            (dst_label, dst_key), NodeRef(Label(dst_label), dst_key)
        )
        project.contracts.append(ContractFact(src, dst, str(kind or "unknown"), int(overdue or 0)))
        for label, party in ((src_label, src_key), (dst_label, dst_key)):
            firm = enterprises.get(party) if label == enterprise_label else None
            if firm is not None:
                firm.projects.add(project.code)


def add_case_respondents(
    facts: CityFacts, cases: dict[str, CaseFact], rels: Iterable[RelValues]
) -> None:
    """Each case on the enterprises it is AGAINST."""
    enterprises, enterprise_label = facts.enterprises, Label.ENTERPRISE.value
    for _, case_id, label, key, _, _ in rels:
        firm = enterprises.get(key) if label == enterprise_label else None
        if firm is not None and case_id in cases:
            firm.cases.append(cases[case_id])


def add_controllers(facts: CityFacts, rels: Iterable[RelValues]) -> None:
    """Person → the enterprises they control or legally represent (CONTROLS, LEGAL_REP_OF)."""
    controllers, enterprises = facts.controllers, facts.enterprises
    for _, person, _, firm, _, _ in rels:
        if firm in enterprises:
            controlled = controllers.get(person)
            if controlled is None:
                controlled = controllers[person] = set()
            controlled.add(firm)


@lru_cache(maxsize=256)
def since(as_of: date, months: int) -> date:
    """The first day of the look-back window of ``months`` months ending on ``as_of``."""
    return as_of - timedelta(days=round(months * 30.44))
