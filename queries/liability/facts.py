"""The facts the liability engine reads: immutable named tuples, amounts in integer fen.

Both routes build these: :mod:`queries.liability.scenario` from a zhiqian-scenario/1 file
(validated), :mod:`queries.liability.graph_route` from the store (trusted, not re-validated,
so the hot path stays cheap). ``None`` always means "unknown", never a default.
Named tuples rather than frozen dataclasses: they build about four times faster, which
matters on the graph route (a dozen parties and contracts per answer, budget 100 µs).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

NOT_LEGAL_LICENCES = frozenset({"none", "revoked", "expired", "closed", "dissolved"})
"""Licence states of a unit without 合法经营资格 (条例 Art 36(1), 17)."""

INVESTOR_KINDS = frozenset({"partnership", "sole_proprietorship", "individual_business"})
"""Employer kinds whose investors answer for unpaid wages (条例 Art 20)."""

CONSTRUCTION_SECTORS = frozenset({"building", "municipal", "transport", "water"})


class Project(NamedTuple):
    """The project the facts concern; booleans are None when unknown."""

    name: str = ""
    code: str | None = None
    area: str | None = None
    sector: str | None = None
    funding: str | None = None
    planning_compliant: bool | None = None
    permit: bool | None = None
    wage_account: bool | None = None
    wage_deposit: bool | None = None


class Officer(NamedTuple):
    """A person behind a company: legal_rep | controller | manager | investor."""

    person: str
    role: str


class Party(NamedTuple):
    """A party: tokens as in SCENARIO-FORMAT.md ("unknown" when not known)."""

    id: str
    name: str = ""
    role: str = "unknown"
    kind: str = "unknown"
    licence: str = "unknown"
    qualification: str = "unknown"
    dispatch_licence: str = "unknown"
    registered_area: str | None = None
    investors: tuple[str, ...] = ()
    officers: tuple[Officer, ...] = ()

    @property
    def label(self) -> str:
        """Name for explanations: the name when known, else the id."""
        return self.name or self.id


def not_legal_operator(party: Party) -> bool:
    """个人或者不具备合法经营资格的单位 (licence, not qualification: AMBIGUITIES A3)."""
    return party.kind == "individual" or party.licence in NOT_LEGAL_LICENCES


def legal_status_unknown(party: Party) -> bool:
    """True when neither kind nor licence settles whether the party is a legal operator."""
    return party.kind != "individual" and party.licence == "unknown"


class ContractEdge(NamedTuple):
    """``src`` lets work to ``dst``; amounts in fen, None when unknown."""

    src: str
    dst: str
    kind: str = "unknown"
    id: str | None = None
    price: int | None = None
    paid: int | None = None
    unpaid: int | None = None
    overdue: int | None = None
    disputed: bool | None = None


class NameLending(NamedTuple):
    """挂靠: ``borrower`` works under ``lender``'s name."""

    lender: str
    borrower: str


class Dispatch(NamedTuple):
    """劳务派遣 from ``agency`` to ``user``."""

    agency: str
    user: str


class WorkerGroup(NamedTuple):
    """A crew with what it is owed (fen). ``claim``: wage | contract_price | work_injury."""

    id: str
    count: int | None = None  # type: ignore[assignment]  # the format's name; shadows tuple.count
    owed: int | None = None
    employed_by: str | None = None
    claim: str = "wage"
    per_worker_owed_max: int | None = None
    months_owed_max: int | None = None
    contract: str | None = None
    claimant: str | None = None
    against: str | None = None


class Payment(NamedTuple):
    src: str
    dst: str
    amount: int
    on: date | None = None
    via: str | None = None


class Event(NamedTuple):
    """Procedure: order_to_pay_served | order_to_pay_posted | absconded | assets_moved | …"""

    on: date | None
    kind: str
    party: str | None = None


class Facts(NamedTuple):
    """Everything the engine needs about one arrears matter on one project."""

    id: str
    parties: tuple[Party, ...]
    worker_groups: tuple[WorkerGroup, ...]
    title: str = ""
    decided_on: date | None = None
    arrears_from: date | None = None
    arrears_to: date | None = None
    project: Project = Project()
    contracts: tuple[ContractEdge, ...] = ()
    name_lending: tuple[NameLending, ...] = ()
    dispatch: tuple[Dispatch, ...] = ()
    payments: tuple[Payment, ...] = ()
    events: tuple[Event, ...] = ()
