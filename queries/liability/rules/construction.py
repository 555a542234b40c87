"""Construction-chain rules: 条例 37, 36(1), 36(2), 30, 29; 用工主体责任; the pre-2020 regime.

Each function looks at one route (one path from the owner to the crew's employer) and adds
hits; the engine de-duplicates hits that several routes produce.
"""

from __future__ import annotations

from queries.liability.facts import (
    ContractEdge,
    Party,
    WorkerGroup,
    legal_status_unknown,
    not_legal_operator,
)
from queries.liability.rules.base import (
    MOL_2004,
    MOL_2005,
    POST_2025,
    REGULATION,
    SPC_2025,
    Basis,
    Ctx,
    Hit,
    Route,
    crew,
    evidence,
)


def art37(ctx: Ctx, group: WorkerGroup, employer: Party, route: Route) -> None:
    """R-37: a project violating planning/construction law → the owner pays (PAY, no cap)."""
    project = ctx.facts.project
    if project.planning_compliant is not False and project.permit is not False:
        return
    what = "违反国土空间规划" if project.planning_compliant is False else "未取得施工许可"
    for owner in _owners_of(ctx, route):
        ctx.add(
            Hit(
                owner,
                "PAY",
                group.id,
                group.owed,
                None,
                (employer.id,),
                (Basis(REGULATION, 37),),
                evidence(route, employer.id),
                f"工程建设项目{what}，导致{crew(group)}被拖欠工资，由建设单位{ctx.name(owner)}清偿。",
            )
        )


def art36_1(ctx: Ctx, group: WorkerGroup, employer: Party, route: Route) -> None:
    """R-36(1): the owner or 总包 let work to an individual / unlicensed unit → it pays (PAY)."""
    top = set(ctx.chain.owners) | ({route.gc} if route.gc else set())
    for i, edge in enumerate(route.edges):
        if edge.src not in top:
            continue
        taker = ctx.parties.get(edge.dst)
        if taker is None:
            continue
        if legal_status_unknown(taker):
            ctx.warn(
                f"{ctx.name(taker.id)}的营业执照状态不明：如其不具备合法经营资格，"
                f"{ctx.name(edge.src)}应依《{REGULATION}》第36条第1款清偿，请核实。"
            )
        elif not_legal_operator(taker):
            below = tuple(dict.fromkeys([e.dst for e in route.edges[i:]] + [employer.id]))
            role = "建设单位" if edge.src in ctx.chain.owners else "施工总承包单位"
            ctx.add(
                Hit(
                    edge.src,
                    "PAY",
                    group.id,
                    group.owed,
                    None,
                    below,
                    (Basis(REGULATION, 36, 1),),
                    evidence(route, employer.id),
                    f"{role}{ctx.name(edge.src)}将工程发包给{_who(taker)}{ctx.name(taker.id)}，"
                    f"导致{crew(group)}被拖欠工资，由其清偿。",
                )
            )


def art36_2(ctx: Ctx, group: WorkerGroup, employer: Party, route: Route) -> None:
    """R-36(2) (R-19(2) outside construction): the name-lender pays."""
    if route.kind != "lending" or route.via is None:
        return
    lender = route.via
    if ctx.construction():
        capacity, basis = "PAY", Basis(REGULATION, 36, 2)
        text = (
            f"施工单位{ctx.name(lender)}允许{ctx.name(employer.id)}以其名义对外承揽工程（挂靠），"
        )
    elif not_legal_operator(employer) or employer.qualification in ("none", "inadequate"):
        capacity, basis = "PAY_THEN_RECOVER", Basis(REGULATION, 19, 2)
        text = f"{ctx.name(lender)}允许{ctx.name(employer.id)}以其名义对外经营，"
    else:
        return
    ctx.add(
        Hit(
            lender,
            capacity,
            group.id,
            group.owed,
            None,
            (employer.id,),
            (basis,),
            evidence(route, employer.id),
            text + f"导致{crew(group)}被拖欠工资，由其清偿。",
        )
    )


def art30(ctx: Ctx, group: WorkerGroup, employer: Party, route: Route) -> None:
    """R-30: anyone below the 总包 owes, or the job was 转包 → the 总包 pays first (any depth)."""
    gc = route.gc
    if gc is None or gc == employer.id or route.kind not in ("contract", "lending"):
        return
    if route.kind == "lending" and route.via == gc:
        return
    if route.kind == "lending":
        ctx.warn(
            f"{ctx.name(employer.id)}挂靠{ctx.name(route.via)}，后者为{ctx.name(gc)}的下游单位：挂靠与违法分包并存，"
            "已同时列出被挂靠单位（第36条第2款）与总包（第30条）等全部候选（疑难问题A2）。"
        )
    paragraph = 4 if any(e.kind == "transfer" for e in route.edges) else 3
    below = tuple(dict.fromkeys([e.dst for e in route.edges[1:]] + [employer.id]))
    why = "工程被转包，" if paragraph == 4 else "其下游"
    ctx.add(
        Hit(
            gc,
            "PAY_FIRST",
            group.id,
            group.owed,
            None,
            below,
            (Basis(REGULATION, 30, paragraph),),
            evidence(route, employer.id),
            f"{why}{ctx.name(employer.id)}拖欠{crew(group)}工资，由施工总承包单位{ctx.name(gc)}先行清偿，再依法追偿。",
        )
    )


def art29(ctx: Ctx, group: WorkerGroup, employer: Party, route: Route) -> None:
    """R-29(2): the owner's overdue payment caused the arrears → capped advance."""
    top = _top_edge(ctx, route)
    if top is None:
        return
    if top.overdue is None:
        if top.unpaid != 0:
            ctx.warn(
                f"{ctx.name(top.src)}→{ctx.name(top.dst)}合同的逾期未付工程款不明，"
                f"无法判断建设单位是否应依《{REGULATION}》第29条第2款先行垫付。"
            )
        return
    if top.overdue <= 0:
        return
    cap = top.unpaid if top.unpaid is not None else top.overdue
    _cap_warnings(ctx, top)
    ctx.add(
        Hit(
            top.src,
            "ADVANCE_CAPPED",
            group.id,
            group.owed,
            cap,
            (top.dst, employer.id),
            (Basis(REGULATION, 29, 2),),
            evidence(route, employer.id),
            f"建设单位{ctx.name(top.src)}未按合同约定及时拨付工程款导致{crew(group)}被拖欠工资，"
            f"应以未结清的工程款{cap / 100:,.2f}元为限先行垫付。",
        )
    )


def _cap_warnings(ctx: Ctx, top: ContractEdge) -> None:
    if top.unpaid is None:
        ctx.warn(
            f"{ctx.name(top.src)}未结清工程款总额不明，第29条垫付上限暂按逾期未付数额计（疑难问题A5）。"
        )
    elif top.overdue is not None and top.unpaid != top.overdue:
        ctx.warn(
            f"第29条第2款“未结清的工程款”有两种理解：未付合同价款总额{top.unpaid / 100:,.2f}元"
            f"（已采用）或已到期未付数额{top.overdue / 100:,.2f}元，请按裁量确定（疑难问题A5）。"
        )
    if top.disputed:
        ctx.warn(
            f"{ctx.name(top.src)}与{ctx.name(top.dst)}存在工程量/质量/造价争议：争议不免除人工费用拨付"
            "（第35条），但第29条垫付的触发条件存在争议（疑难问题A5）。"
        )


def employer_resp(ctx: Ctx, group: WorkerGroup, employer: Party, route: Route) -> None:
    """用工主体责任: a licensed contractor let work to an unlicensed unit / individual that hired
    the crew (劳社部发〔2005〕12号 第四条; 法释〔2025〕12号 Art 1), or lent its name
    (Art 2, from 2025-09-01)."""
    if not not_legal_operator(employer):
        return
    if route.kind == "lending" and route.via and ctx.regime == POST_2025:
        _resp(ctx, group, employer, route, upstream=route.via, basis=Basis(SPC_2025, 2))
        return
    if route.kind != "contract" or not route.edges or route.edges[-1].dst != employer.id:
        return
    letting = route.edges[-1].src
    basis = Basis(SPC_2025, 1) if ctx.regime == POST_2025 else Basis(MOL_2005, 4)
    _resp(ctx, group, employer, route, upstream=letting, basis=basis)


def _resp(
    ctx: Ctx, group: WorkerGroup, employer: Party, route: Route, *, upstream: str, basis: Basis
) -> None:
    party = ctx.parties.get(upstream)
    if party is None or upstream in ctx.chain.owners:
        return
    if legal_status_unknown(party):
        ctx.warn(
            f"{ctx.name(upstream)}的营业执照状态不明，无法判断其是否承担用工主体责任（{basis}）。"
        )
        return
    if not_legal_operator(party):
        return
    ctx.add(
        Hit(
            upstream,
            "EMPLOYER_RESP",
            group.id,
            group.owed,
            None,
            (employer.id,),
            (basis,),
            evidence(route, employer.id),
            _resp_text(ctx, upstream, employer, group, lent=basis == Basis(SPC_2025, 2)),
        )
    )


def _resp_text(ctx: Ctx, upstream: str, employer: Party, group: WorkerGroup, *, lent: bool) -> str:
    who = f"{_who(employer)}{ctx.name(employer.id)}"
    how = f"被{who}挂靠对外经营" if lent else f"将业务交给{who}"
    return f"具备合法经营资格的{ctx.name(upstream)}{how}，对其招用的{crew(group)}承担用工主体责任。"


def pre_2020(ctx: Ctx, group: WorkerGroup, employer: Party, route: Route) -> None:
    """Before 2020-05-01 (劳社部发〔2004〕22号, reported text): capped advance by the owner or
    总包 that left price unsettled (第十条); JOINT for the 总包 letting to non-employers
    (第十二条)."""
    ctx.warn(
        f"按决定日期适用2020年5月1日前的规则：{MOL_2004}条文为转载文本，"
        "作出决定前须核对原文（疑难问题A8）。"
    )
    for edge in route.edges[:2]:
        if edge.src in ctx.chain.owners or edge.src == route.gc:
            _pre_advance(ctx, group, employer, route, edge)
    if route.edges and route.edges[-1].dst == employer.id:
        _pre_paid_in_full(ctx, route.edges[-1])
    for edge in route.edges:
        taker = ctx.parties.get(edge.dst)
        if edge.src == route.gc and taker is not None and not_legal_operator(taker):
            ctx.add(
                Hit(
                    edge.src,
                    "JOINT",
                    group.id,
                    group.owed,
                    None,
                    (employer.id,),
                    (Basis(MOL_2004, 12),),
                    evidence(route, employer.id),
                    f"工程总承包企业{ctx.name(edge.src)}将工程发包给不具备用工主体资格的{ctx.name(taker.id)}，"
                    f"对{crew(group)}的欠薪承担连带清偿责任。",
                )
            )


def _pre_paid_in_full(ctx: Ctx, edge: ContractEdge) -> None:
    """A8: under the pre-2020 rules the upstream party's full payment to the employer could
    defeat the workers' claim against it; the candidates stay listed, with this warning."""
    if not paid_in_full(ctx, edge):
        return
    ctx.warn(
        f"{ctx.name(edge.src)}已向{ctx.name(edge.dst)}付清承包价款/人工费：按2020年5月1日前的规则"
        f"（{MOL_2004}第十条以未结清工程款为限），已付清可能使对{ctx.name(edge.src)}的请求不成立，"
        "已有判决因此驳回对上游单位的请求；第十二条（连带）与用工主体责任仍列为候选，请裁量（疑难问题A8）。"
    )


def paid_in_full(ctx: Ctx, edge: ContractEdge) -> bool:
    """The letting party paid the taker everything: nothing unpaid, paid ≥ price, or recorded
    payments to the taker that cover a known price (a payment alone proves nothing: a published
    case shows a partial payment 'for part of the wages')."""
    if edge.unpaid == 0 or (edge.price is not None and (edge.paid or 0) >= edge.price > 0):
        return True
    moved = sum(p.amount for p in ctx.facts.payments if (p.src, p.dst) == (edge.src, edge.dst))
    return edge.unpaid is None and edge.price is not None and moved >= edge.price > 0


def _pre_advance(
    ctx: Ctx, group: WorkerGroup, employer: Party, route: Route, edge: ContractEdge
) -> None:
    if not edge.overdue or edge.overdue <= 0:
        return
    cap = edge.unpaid if edge.unpaid is not None else edge.overdue
    ctx.add(
        Hit(
            edge.src,
            "ADVANCE_CAPPED",
            group.id,
            group.owed,
            cap,
            (edge.dst, employer.id),
            (Basis(MOL_2004, 10),),
            evidence(route, employer.id),
            f"{ctx.name(edge.src)}未按合同约定结清工程款致使{crew(group)}被拖欠工资，"
            f"应以未结清的工程款{cap / 100:,.2f}元为限先行垫付。",
        )
    )


def _owners_of(ctx: Ctx, route: Route) -> tuple[str, ...]:
    if route.edges and route.edges[0].src in ctx.chain.owners:
        return (route.edges[0].src,)
    if not ctx.chain.owners:
        ctx.warn("项目违法建设但无法确定建设单位，第37条的清偿主体待查明。")
    return ctx.chain.owners


def _top_edge(ctx: Ctx, route: Route) -> ContractEdge | None:
    if route.kind not in ("gc", "contract", "lending") or not route.edges:
        return None
    top = route.edges[0]
    return top if top.src in ctx.chain.owners else None


def _who(party: Party) -> str:
    if party.kind == "individual":
        return "个人"
    return "不具备合法经营资格的单位" if not_legal_operator(party) else ""
