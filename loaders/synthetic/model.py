"""The generator's own picture of the city: what it writes, and the truth tests check against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from graph.enums import STATUS_TO_LICENCE, EnterpriseStatus
from graph.ids import enterprise_key


@dataclass(slots=True)
class Person:
    """A person behind enterprises, a foreman, or a worker."""

    rid: str
    name: str
    phone: str

    @property
    def key(self) -> str:
        return self.rid


@dataclass(slots=True)
class Officer:
    person: Person
    role: str  # legal_rep | controller | investor | manager
    shown_uscc: bool = True


@dataclass(slots=True)
class Enterprise:
    uscc: str  # "" when unregistered
    name: str
    kind: str  # PartyKind value
    status: str  # EnterpriseStatus value
    qualification: str
    dispatch_licence: str
    area: str  # registered district
    address: str
    officers: list[Officer] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The graph's Enterprise key (graph.ids.enterprise_key)."""
        return enterprise_key(self.uscc or None, self.name)

    @property
    def licence(self) -> str:
        return STATUS_TO_LICENCE[EnterpriseStatus(self.status)].value

    @property
    def investors(self) -> list[Person]:
        return [o.person for o in self.officers if o.role == "investor"]


Party = Enterprise | Person


@dataclass(slots=True)
class Contract:
    cid: str
    frm: Party
    to: Party
    kind: str
    price: int  # fen
    paid: int
    overdue: int
    disputed: bool
    signed_on: date

    @property
    def unpaid(self) -> int:
        return self.price - self.paid


@dataclass(slots=True)
class Crew:
    """Workers one employer hires on one project."""

    employer: Party
    contract: Contract | None  # the contract under which the employer works
    size: int
    arrears_rate: float
    arrears: list[ArrearsWorker] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ArrearsWorker:
    rid: str
    name: str
    phone: str
    owed: int  # fen
    months: int


@dataclass(slots=True)
class Project:
    code: str
    name: str
    district: str
    street: str
    sector: str
    funding: str
    value: int  # fen
    wage_account: bool
    wage_deposit: bool
    planning_compliant: bool
    permit: bool
    notice_board: bool
    started_on: date
    owner: Enterprise
    gc: Enterprise
    contracts: list[Contract] = field(default_factory=list)
    lendings: list[tuple[Enterprise, Party]] = field(default_factory=list)
    dispatches: list[tuple[Enterprise, Enterprise]] = field(default_factory=list)
    crews: list[Crew] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    """Enterprise key → the name this district's filings write for it (name variants)."""

    def shown_name(self, party: Party) -> str:
        return self.aliases.get(party.key, party.name)

    def upstream_of(self, party: Party) -> Party | None:
        """Who let work to ``party`` on this project (None for the owner)."""
        for contract in self.contracts:
            if contract.to is party:
                return contract.frm
        return None


@dataclass(slots=True)
class Case:
    cid: str
    source: str
    kind: str
    received_at: date
    status: str
    district: str
    area: str
    project: Project | None
    respondent: Party
    respondent_shown: tuple[str, str, str]  # uscc, resident id, name as the case file writes
    claimants: list[tuple[ArrearsWorker, Party]]  # the worker and their employer
    group_incident: bool
    summary: str
