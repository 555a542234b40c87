"""The liability engine: facts in, a cumulative, explained answer out (RULES.md §10 order).

1. regime by decision date; 2. the employer (DIRECT, investors); 3. routes from the owner to
the employer (contract, name lending, dispatch); 4. construction rules 37 → 36(1) → 36(2) →
30 → 29 and 用工主体责任, or 18/19 outside construction; 5. payment sources (32, 63);
7. criminal referral. Liability is cumulative: every party the law reaches is listed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import cast

from graph.settings import get_settings
from queries.liability.answer import (
    Answer,
    BasisModel,
    Capacity,
    CriminalReferral,
    Finding,
    LinkModel,
    build,
)
from queries.liability.chain import Link, analyse
from queries.liability.facts import ContractEdge, Facts, Party, WorkerGroup
from queries.liability.rules import construction, employer, other
from queries.liability.rules.base import (
    CAPACITY_RANK,
    POST_2020,
    POST_2025,
    PRE_2020,
    REGULATION_FROM,
    SPC_2025_FROM,
    Basis,
    Ctx,
    Hit,
    Route,
    evidence,
)
from queries.liability.rules.criminal import Referral, referrals

Rule = Callable[[Ctx, WorkerGroup, Party, Route], None]
_CONSTRUCTION: tuple[Rule, ...] = (
    construction.art37,
    construction.art36_1,
    construction.art36_2,
    construction.art30,
    construction.art29,
    construction.employer_resp,
)
_PRE_2020: tuple[Rule, ...] = (construction.pre_2020, construction.employer_resp)
_GENERAL: tuple[Rule, ...] = (construction.art36_2, other.art19_1, construction.employer_resp)


def regime_on(day: date) -> str:
    """The rule set in force on a decision date."""
    if day < REGULATION_FROM:
        return PRE_2020
    return POST_2025 if day >= SPC_2025_FROM else POST_2020


def evaluate(facts: Facts, today: date | None = None, province: str | None = None) -> Answer:
    """Answer who must pay which crew, in what capacity, on which article, along which chain.

    ``today`` stands in for a missing ``decided_on``; ``province`` (two digits) for a project
    without an area when choosing criminal thresholds (default: ``Settings.province``).
    """
    ctx = _context(facts, today)
    wage_groups: list[tuple[WorkerGroup, Party]] = []
    for group in facts.worker_groups:
        owner = _group(ctx, group)
        if owner is not None:
            wage_groups.append((group, owner))
    hits = _dedupe(ctx.hits, facts)
    refs = referrals(ctx, wage_groups, _province(facts, province))
    return _answer(facts, ctx, hits, refs)


def _context(facts: Facts, today: date | None) -> Ctx:
    on = facts.decided_on or today or date.today()
    chain = analyse(facts)
    ctx = Ctx(facts, {p.id: p for p in facts.parties}, chain, on, regime_on(on))
    for text in chain.warnings:
        ctx.warn(text)
    if not facts.worker_groups:
        ctx.warn(
            "没有班组及欠薪信息（投诉人未关联用人单位或项目无实名用工记录），无法认定清偿责任。"
        )
    if facts.decided_on is None:
        ctx.warn(f"未给出决定日期，按{on.isoformat()}确定适用规则。")
    _period_warnings(ctx)
    return ctx


def _period_warnings(ctx: Ctx) -> None:
    start = ctx.facts.arrears_from
    if start is not None and start < REGULATION_FROM <= ctx.on:
        ctx.warn(
            "欠薪期间始于2020年5月1日之前：《保障农民工工资支付条例》施行前的部分可能适用"
            "劳社部发〔2004〕22号（先行垫付以未结清工程款为限），请核对（疑难问题A8）。"
        )
    project = ctx.facts.project
    if ctx.facts.project.sector is None:
        ctx.warn("项目行业未知，按建设工程领域规则分析。")
    if ctx.regime != PRE_2020 and (project.planning_compliant is None or project.permit is None):
        ctx.warn("项目是否符合规划、是否取得施工许可不明，无法判断建设单位是否应依第37条清偿。")


def _group(ctx: Ctx, group: WorkerGroup) -> Party | None:
    """Apply every rule to one crew; returns its employer when it is a wage claim with arrears."""
    if group.claim == "contract_price":
        other.contract_price(ctx, group)
        return None
    boss = ctx.parties.get(group.employed_by or "")
    if boss is None:
        ctx.warn(
            f"{group.id}的实际用人单位不明，无法认定清偿责任，请查明招用、管理和发放工资的主体。"
        )
        return None
    routes = _for_contract(ctx, group, _routes(ctx, boss))
    if group.claim == "work_injury":
        other.injury(ctx, group, boss, routes)
        return None
    if group.owed is not None and group.owed <= 0:
        return None
    if group.owed is None:
        ctx.warn(f"{group.id}的欠薪金额不明，各项责任金额待核实。")
    _wage_rules(ctx, group, boss, routes)
    return boss


def _wage_rules(ctx: Ctx, group: WorkerGroup, boss: Party, routes: list[Route]) -> None:
    employer.direct(ctx, group, boss, routes[0] if routes else None)
    if not routes:
        ctx.warn(
            f"{ctx.name(boss.id)}（{group.id}的用人单位）与项目承发包链条没有已知联系（无承包合同、挂靠或派遣关系）："
            "仅认定其本人清偿；查明谁将工程交给该主体后，总包可能依第30条先行清偿或依第36条清偿。"
        )
    for route in routes:
        for rule in _rules_for(ctx, route):
            rule(ctx, group, boss, route)
    if ctx.regime != PRE_2020 and ctx.construction():
        other.deposit(ctx, group)
    other.art63(ctx, group, boss)


def _rules_for(ctx: Ctx, route: Route) -> tuple[Rule, ...]:
    if route.kind == "owner":
        return ()
    if route.kind == "dispatch":
        return (
            (other.art18, construction.art37)
            if route.edges and ctx.regime != PRE_2020
            else (other.art18,)
        )
    if not ctx.construction():
        return _GENERAL
    return _PRE_2020 if ctx.regime == PRE_2020 else _CONSTRUCTION


def _routes(ctx: Ctx, boss: Party) -> list[Route]:
    """Every way the employer hangs off the project: contract paths, lending, dispatch."""
    chain = ctx.chain
    if boss.id in chain.owners:
        return [Route("owner", None, ())]
    routes = [_below(ctx, gc, boss.id, "contract") for gc in chain.gcs_above(boss.id)]
    for lending in ctx.facts.name_lending:
        if lending.borrower == boss.id and lending.lender != boss.id:
            routes.extend(_anchored(ctx, lending.lender, "lending"))
    for dispatch in ctx.facts.dispatch:
        if dispatch.agency == boss.id and dispatch.user != boss.id:
            routes.extend(_anchored(ctx, dispatch.user, "dispatch"))
    return [r._replace(links=evidence(r, boss.id)) for r in routes]


def _for_contract(ctx: Ctx, group: WorkerGroup, routes: list[Route]) -> list[Route]:
    """Only the routes through the contract the crew worked under, when the facts name it: a
    foreman with two jobs answers to each upstream party for that job's crew only (a published
    case held the 转包人 and the name-lender each liable for its own works)."""
    edge = next((c for c in ctx.facts.contracts if group.contract and c.id == group.contract), None)
    if edge is None or edge.dst != group.employed_by:
        _several_jobs(ctx, group, routes)
        return routes
    kept = [r for r in routes if _through(r, edge)]
    if not kept:
        ctx.warn(
            f"{group.id}所属合同{edge.id}（{ctx.name(edge.src)}→{ctx.name(edge.dst)}）不在已知承发包链条上，"
            "已按用人单位的全部关系列出候选。"
        )
        return routes
    return kept


def _several_jobs(ctx: Ctx, group: WorkerGroup, routes: list[Route]) -> None:
    uppers = {r.via or (r.edges[-1].src if r.edges else r.gc) for r in routes}
    if len(uppers - {None}) > 1:
        names = "、".join(ctx.name(u) for u in sorted(u for u in uppers if u))
        ctx.warn(
            f"{group.id}所属合同不明：其用人单位经多条关系（{names}）与项目相连，已列出全部候选；"
            "查明该班组所干工程后，仅相应上游单位对其负责（worker_groups[].contract）。"
        )


def _through(route: Route, edge: ContractEdge) -> bool:
    last = route.edges[-1] if route.edges else None
    if route.kind in ("lending", "dispatch"):
        return route.via == edge.src
    return last is not None and (last.src, last.dst) == (edge.src, edge.dst)


def _below(ctx: Ctx, gc: str, party: str, kind: str, via: str | None = None) -> Route:
    chain = ctx.chain
    if gc == party:
        return Route("gc" if kind == "contract" else kind, gc, (chain.top[gc],), via)
    return Route(kind, gc, chain.path(gc, party), via)


def _anchored(ctx: Ctx, anchor: str, kind: str) -> list[Route]:
    """Routes through a lender / dispatch user: one per general contractor above the anchor."""
    above = ctx.chain.gcs_above(anchor)
    if above:
        return [_below(ctx, gc, anchor, kind, anchor) for gc in above]
    if kind == "lending" and not ctx.chain.in_chain(anchor):
        ctx.warn(f"被挂靠单位{ctx.name(anchor)}不在项目承发包链条上，仅依挂靠关系认定。")
    return [Route(kind, None, (), anchor)]


def _dedupe(hits: list[Hit], facts: Facts) -> list[Hit]:
    order = {g.id: i for i, g in enumerate(facts.worker_groups)}
    seen: dict[tuple[str, str, str, tuple[Basis, ...]], Hit] = {}
    for hit in hits:
        seen.setdefault((hit.party, hit.capacity, hit.group, hit.basis), hit)
    return sorted(
        seen.values(),
        key=lambda h: (
            order.get(h.group, 0),
            CAPACITY_RANK[h.capacity],
            h.party,
            tuple((b.law, str(b.article), b.paragraph or 0) for b in h.basis),
        ),
    )


def _province(facts: Facts, province: str | None) -> str:
    if facts.project.area:
        return facts.project.area[:2]
    return province or get_settings().province


def enforcement_order(hits: list[Hit]) -> tuple[str, ...]:
    """Parties by their most direct capacity (employer → 总包 先行清偿 → others)."""
    rank: dict[str, tuple[int, int]] = {}
    for i, hit in enumerate(hits):
        current = rank.get(hit.party)
        candidate = (CAPACITY_RANK[hit.capacity], i)
        if current is None or candidate < current:
            rank[hit.party] = candidate
    return tuple(sorted(rank, key=lambda p: rank[p]))


@lru_cache(maxsize=256)
def _basis_model(basis: Basis) -> BasisModel:
    return build(BasisModel, law=basis.law, article=basis.article, paragraph=basis.paragraph)


@lru_cache(maxsize=1024)
def _basis(basis: tuple[Basis, ...]) -> tuple[BasisModel, ...]:
    return tuple(_basis_model(b) for b in basis)


@lru_cache(maxsize=8192)
def _links(links: tuple[Link, ...]) -> tuple[LinkModel, ...]:
    return tuple(build(LinkModel, from_=x.src, to=x.dst, kind=x.kind) for x in links)


def _finding(hit: Hit) -> Finding:
    return build(
        Finding,
        party=hit.party,
        capacity=cast(Capacity, hit.capacity),
        worker_groups=(hit.group,),
        amount=None if hit.amount is None else hit.amount / 100,
        cap=None if hit.cap is None else hit.cap / 100,
        recourse_to=hit.recourse_to,
        basis=_basis(hit.basis),
        evidence=_links(hit.evidence),
        explanation=hit.explanation,
    )


def _answer(facts: Facts, ctx: Ctx, hits: list[Hit], refs: list[Referral]) -> Answer:
    return build(
        Answer,
        format="zhiqian-liability/1",
        scenario=facts.id,
        regime=ctx.regime,
        decided_on=ctx.on,
        findings=tuple(_finding(h) for h in hits),
        criminal_referral=tuple(
            build(CriminalReferral, party=r.party, basis=_basis(r.basis), conditions=r.conditions)
            for r in refs
        ),
        enforcement_order=enforcement_order(hits),
        warnings=tuple(ctx.warnings),
    )
