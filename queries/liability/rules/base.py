"""What every rule shares: laws, the basis of a finding, hits, routes and the evaluation context."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from queries.liability.chain import Chain, Link
from queries.liability.facts import ContractEdge, Facts, Party, WorkerGroup

REGULATION = "保障农民工工资支付条例"
LABOUR_CONTRACT_LAW = "劳动合同法"
CRIMINAL_LAW = "刑法"
MOL_2005 = "劳社部发〔2005〕12号"
MOL_2004 = "劳社部发〔2004〕22号"
SPC_2025 = "法释〔2025〕12号"
SPC_2014 = "法释〔2014〕9号"
SPC_2013 = "法释〔2013〕3号"

REGULATION_FROM = date(2020, 5, 1)
SPC_2025_FROM = date(2025, 9, 1)

PRE_2020 = "pre_2020_05_01"
POST_2020 = "post_2020_05_01"
POST_2025 = "post_2025_09_01"

CAPACITY_RANK = {
    "DIRECT": 0,
    "PAY_FIRST": 1,
    "PAY": 2,
    "PAY_THEN_RECOVER": 2,
    "EMPLOYER_RESP": 3,
    "ADVANCE_CAPPED": 4,
    "INVESTOR": 5,
    "JOINT": 6,
    "DEPOSIT_DRAW": 7,
    "GOV_ADVANCE": 8,
}
"""Suggested enforcement order: employer, 总包 先行清偿, statutory payers, then the rest."""


class Basis(NamedTuple):
    """An article: law short title, article (int or text like '276之一'), paragraph."""

    law: str
    article: int | str
    paragraph: int | None = None

    def __str__(self) -> str:
        para = f"第{self.paragraph}款" if self.paragraph else ""
        art = self.article if isinstance(self.article, str) else str(self.article)
        law = self.law if "〔" in self.law else f"《{self.law}》"
        return f"{law}第{art}条{para}"


class Hit(NamedTuple):
    """One finding before it becomes the answer model."""

    party: str
    capacity: str
    group: str
    amount: int | None
    cap: int | None
    recourse_to: tuple[str, ...]
    basis: tuple[Basis, ...]
    evidence: tuple[Link, ...]
    explanation: str


class Route(NamedTuple):
    """How a crew's employer hangs off the project.

    kind: ``contract`` (below general contractor ``gc`` via ``edges``), ``owner`` (the owner
    employs), ``gc`` (the general contractor employs), ``lending`` (borrower of ``via``,
    who sits at the end of ``edges``), ``dispatch`` (agency dispatching to ``via``).
    """

    kind: str
    gc: str | None
    edges: tuple[ContractEdge, ...]
    via: str | None = None
    links: tuple[Link, ...] | None = None
    """The evidence path, filled once by the engine (see :func:`evidence`)."""


@dataclass(slots=True)
class Ctx:
    """Evaluation state for one answer: facts, chain, regime and what the rules produced."""

    facts: Facts
    parties: dict[str, Party]
    chain: Chain
    on: date
    regime: str
    hits: list[Hit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def name(self, party_id: str | None) -> str:
        """A party's display name (its id when unnamed or unknown)."""
        if party_id is None:
            return "（未知）"
        party = self.parties.get(party_id)
        return party.label if party else party_id

    def warn(self, text: str) -> None:
        """Add a warning once."""
        if text not in self.warnings:
            self.warnings.append(text)

    def construction(self) -> bool:
        """Construction rules (条例 Ch. 4) apply unless the sector is known to be other."""
        return self.facts.project.sector != "other"

    def add(self, hit: Hit) -> None:
        self.hits.append(hit)


def crew(group: WorkerGroup) -> str:
    """'W1（30名农民工）' for explanations."""
    return f"{group.id}（{group.count}名农民工）" if group.count else f"{group.id}"


def evidence(route: Route, employer: str) -> tuple[Link, ...]:
    """The evidence path of a route: contract links, then the lending/dispatch link."""
    if route.links is not None:
        return route.links
    out = [Link(e.src, e.dst, e.kind) for e in route.edges]
    if route.kind == "lending" and route.via:
        out.append(Link(route.via, employer, "name_lending"))
    if route.kind == "dispatch" and route.via:
        out.append(Link(employer, route.via, "dispatch"))
    return tuple(out)
