"""The employer itself (条例 16, 17, 20, 22; 劳动合同法 93) and its investors."""

from __future__ import annotations

from queries.liability.chain import Link
from queries.liability.facts import INVESTOR_KINDS, Party, WorkerGroup, not_legal_operator
from queries.liability.rules.base import (
    LABOUR_CONTRACT_LAW,
    PRE_2020,
    REGULATION,
    Basis,
    Ctx,
    Hit,
    Route,
    crew,
    evidence,
)

_GONE = frozenset({"revoked", "closed", "dissolved"})


def direct(ctx: Ctx, group: WorkerGroup, employer: Party, route: Route | None) -> None:
    """R-16: the employer that owes pays (DIRECT), always, whatever else applies."""
    basis = _direct_basis(ctx, employer)
    links = evidence(route, employer.id) if route else ()
    what = "实际招用" if employer.kind == "individual" else "招用"
    ctx.add(
        Hit(
            employer.id,
            "DIRECT",
            group.id,
            group.owed,
            None,
            (),
            basis,
            links,
            f"{ctx.name(employer.id)}{what}{crew(group)}并拖欠其工资，应依法清偿。",
        )
    )
    investors(ctx, group, employer, links)


def _direct_basis(ctx: Ctx, employer: Party) -> tuple[Basis, ...]:
    if ctx.regime == PRE_2020:
        return (Basis(LABOUR_CONTRACT_LAW, 85),)
    basis = [Basis(REGULATION, 16)]
    if not_legal_operator(employer) and employer.kind != "individual":
        basis += [Basis(REGULATION, 17), Basis(LABOUR_CONTRACT_LAW, 93)]
    if employer.licence in _GONE and employer.kind != "individual":
        basis.append(Basis(REGULATION, 22, 1))
    return tuple(basis)


def investors(ctx: Ctx, group: WorkerGroup, employer: Party, links: tuple[Link, ...]) -> None:
    """R-20 / R-17→劳动合同法 93 / R-22(2): investors answer when the employer does not pay."""
    basis = _investor_basis(ctx, employer)
    if not basis:
        return
    people = _investor_ids(employer)
    if not people:
        ctx.warn(
            f"{ctx.name(employer.id)}的出资人未知：其不清偿时应由出资人清偿（{basis[0]}），请查明出资人。"
        )
        return
    for person in people:
        ctx.add(
            Hit(
                person,
                "INVESTOR",
                group.id,
                group.owed,
                None,
                (),
                basis,
                links,
                f"{ctx.name(person)}是{ctx.name(employer.id)}的出资人，"
                f"该单位不清偿{group.id}的工资时由出资人依法清偿。",
            )
        )


def _investor_basis(ctx: Ctx, employer: Party) -> tuple[Basis, ...]:
    basis: list[Basis] = []
    if employer.kind in INVESTOR_KINDS:
        basis.append(
            Basis(LABOUR_CONTRACT_LAW, 93) if ctx.regime == PRE_2020 else Basis(REGULATION, 20)
        )
    if not_legal_operator(employer) and employer.kind != "individual":
        basis.append(Basis(LABOUR_CONTRACT_LAW, 93))
    if employer.licence in _GONE and employer.kind != "individual" and ctx.regime != PRE_2020:
        basis.append(Basis(REGULATION, 22, 2))
    return tuple(dict.fromkeys(basis))


def _investor_ids(employer: Party) -> tuple[str, ...]:
    listed = list(employer.investors) + [
        o.person for o in employer.officers if o.role == "investor"
    ]
    return tuple(dict.fromkeys(p for p in listed if p != employer.id))
