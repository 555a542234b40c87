"""Dispatch (条例 18), general outsourcing (条例 19(1) → 劳动合同法 94), payment sources
(条例 32 deposit, 63 emergency fund), 工伤 groups and a foreman's own price (条例 2, 52)."""

from __future__ import annotations

from queries.liability.facts import Party, WorkerGroup, legal_status_unknown, not_legal_operator
from queries.liability.rules.base import (
    LABOUR_CONTRACT_LAW,
    MOL_2005,
    POST_2025,
    PRE_2020,
    REGULATION,
    SPC_2014,
    SPC_2025,
    Basis,
    Ctx,
    Hit,
    Route,
    crew,
    evidence,
)

GOV_PARTY = "GOV"
"""Party id of the county-level government's emergency fund (条例 63); not a chain party."""

_ABSCONDED = frozenset({"absconded", "assets_moved"})


def art18(ctx: Ctx, group: WorkerGroup, agency: Party, route: Route) -> None:
    """R-18: the user unit of workers dispatched by an individual, an unlicensed unit or an
    agency without a 劳务派遣 licence pays, then recovers (PAY_THEN_RECOVER)."""
    user = route.via
    if route.kind != "dispatch" or user is None:
        return
    if not_legal_operator(agency) or agency.dispatch_licence == "no":
        ctx.add(
            Hit(
                user,
                "PAY_THEN_RECOVER",
                group.id,
                group.owed,
                None,
                (agency.id,),
                (Basis(REGULATION, 18),),
                evidence(route, agency.id),
                f"用工单位{ctx.name(user)}使用{ctx.name(agency.id)}（无劳务派遣许可或不具备合法经营资格）"
                f"派遣的{crew(group)}，欠薪由用工单位清偿后依法追偿。",
            )
        )
    elif agency.dispatch_licence == "yes":
        ctx.warn(
            f"{ctx.name(agency.id)}持有劳务派遣许可：用工单位{ctx.name(user)}不因第18条清偿；"
            f"如用工单位给被派遣劳动者造成损害，二者承担连带赔偿责任（《{LABOUR_CONTRACT_LAW}》第92条第2款）。"
        )
    else:
        ctx.warn(
            f"{ctx.name(agency.id)}的劳务派遣许可情况不明：如无许可，用工单位{ctx.name(user)}"
            f"应依《{REGULATION}》第18条清偿后追偿，请核实。"
        )


def art19_1(ctx: Ctx, group: WorkerGroup, employer: Party, route: Route) -> None:
    """R-19(1) outside construction: an organisation let work to an individual → JOINT
    (劳动合同法 94); from 2025-09-01 the licensed letting party also bears 用工主体责任."""
    if route.kind != "contract" or not route.edges or employer.kind != "individual":
        return
    letting = route.edges[-1].src
    ctx.add(
        Hit(
            letting,
            "JOINT",
            group.id,
            group.owed,
            None,
            (employer.id,),
            (Basis(REGULATION, 19, 1), Basis(LABOUR_CONTRACT_LAW, 94)),
            evidence(route, employer.id),
            f"{ctx.name(letting)}将工作任务发包给个人{ctx.name(employer.id)}，"
            f"对其招用的{crew(group)}所受损害与其承担连带赔偿责任。",
        )
    )


def deposit(ctx: Ctx, group: WorkerGroup) -> None:
    """R-32: the 总包's wage deposit may be drawn for wages it owes or must pay first."""
    liable = {
        h.party: h
        for h in ctx.hits
        if h.group == group.id
        and h.party in ctx.chain.gcs
        and h.capacity in ("DIRECT", "PAY_FIRST", "PAY")
    }
    if not liable:
        return
    stored = ctx.facts.project.wage_deposit
    if stored is None:
        ctx.warn(f"项目工资保证金存储情况不明，无法判断可否动用保证金（《{REGULATION}》第32条）。")
        return
    for gc, hit in sorted(liable.items()) if stored else ():
        ctx.add(
            Hit(
                gc,
                "DEPOSIT_DRAW",
                group.id,
                group.owed,
                None,
                (),
                (Basis(REGULATION, 32),),
                hit.evidence,
                f"施工总承包单位{ctx.name(gc)}存储的工资保证金可用于支付{crew(group)}被拖欠的工资。",
            )
        )


def art63(ctx: Ctx, group: WorkerGroup, employer: Party) -> None:
    """R-63: employer absconded → the county-level government may advance part of the wages."""
    if ctx.regime == PRE_2020:
        return
    if not any(e.party == employer.id and e.kind in _ABSCONDED for e in ctx.facts.events):
        return
    ctx.add(
        Hit(
            GOV_PARTY,
            "GOV_ADVANCE",
            group.id,
            None,
            None,
            (employer.id,),
            (Basis(REGULATION, 63),),
            (),
            f"{ctx.name(employer.id)}逃匿或转移财产，县级以上地方人民政府可动用应急周转金"
            f"先行垫付{crew(group)}的部分工资或基本生活费，再向其追偿。",
        )
    )


def injury(ctx: Ctx, group: WorkerGroup, employer: Party, routes: list[Route]) -> None:
    """A work_injury group: only who bears 用工主体责任 (法释〔2014〕9号 3; 〔2025〕12号 1-2)."""
    if legal_status_unknown(employer):
        ctx.warn(
            f"{ctx.name(employer.id)}的营业执照状态不明，{group.id}的工伤用工主体责任无法确定。"
        )
        return
    if not not_legal_operator(employer):
        ctx.add(
            Hit(
                employer.id,
                "EMPLOYER_RESP",
                group.id,
                group.owed,
                None,
                (),
                (Basis(SPC_2014, 3),),
                (),
                f"{ctx.name(employer.id)}是{group.id}受伤劳动者的用人单位，承担工伤保险责任。",
            )
        )
        return
    found = [h for r in routes if (h := _injury_upstream(ctx, group, employer, r))]
    for hit in found:
        ctx.add(hit)
    if not found:
        ctx.warn(
            f"{group.id}：{ctx.name(employer.id)}不具备用工主体资格，且链条上未找到具备资格的发包方或被挂靠单位。"
        )


def _injury_upstream(ctx: Ctx, group: WorkerGroup, employer: Party, route: Route) -> Hit | None:
    if route.kind == "lending" and route.via:
        upstream = route.via
        basis = (Basis(SPC_2014, 3),) + ((Basis(SPC_2025, 2),) if ctx.regime == POST_2025 else ())
    elif route.kind in ("contract", "gc") and route.edges and route.edges[-1].dst == employer.id:
        upstream = route.edges[-1].src
        extra = Basis(SPC_2025, 1) if ctx.regime == POST_2025 else Basis(MOL_2005, 4)
        basis = (Basis(SPC_2014, 3), extra)
    else:
        return None
    party = ctx.parties.get(upstream)
    if party is None or not_legal_operator(party) or legal_status_unknown(party):
        return None
    return Hit(
        upstream,
        "EMPLOYER_RESP",
        group.id,
        group.owed,
        None,
        (employer.id,),
        basis,
        evidence(route, employer.id),
        f"{ctx.name(upstream)}将业务交给不具备用工主体资格的{ctx.name(employer.id)}（或被其挂靠），"
        f"对{group.id}的受伤劳动者承担用工主体责任。",
    )


def contract_price(ctx: Ctx, group: WorkerGroup) -> None:
    """A foreman's own price is not wages (条例 2, 52; AMBIGUITIES A6): no finding, a warning."""
    who = ctx.name(group.claimant or group.employed_by)
    against = f"向{ctx.name(group.against)}" if group.against else ""
    ctx.warn(
        f"{group.id}是{who}{against}主张的自身承包价款（工程款/劳务费），不属于农民工工资"
        f"（《{REGULATION}》第2条、第52条），不认定工资清偿责任；可通过建设工程施工合同纠纷途径主张"
        "（建工解释（一）第43条，挂靠人及多层转包的实际施工人除外）。"
    )
