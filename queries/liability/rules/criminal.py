"""Criminal referral test for 拒不支付劳动报酬罪 (刑法 276之一; 法释〔2013〕3号 Arts 2-9).

The subject is the actual employer (an individual 包工头 too, Art 7), its actual controller
(Art 8) and, for a unit, its directly responsible persons (Art 9) — never automatically whoever
must pay first (AMBIGUITIES A7). Thresholds are provincial configuration (RULES.md §3).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from queries.liability.facts import Party, WorkerGroup
from queries.liability.rules.base import CRIMINAL_LAW, SPC_2013, Basis, Ctx

YUAN = 100
PROVINCE_THRESHOLDS: Mapping[str, tuple[int, int] | None] = {
    "32": (10_000 * YUAN, 60_000 * YUAN),  # 江苏
    "43": (6_000 * YUAN, 40_000 * YUAN),  # 湖南
    "21": (10_000 * YUAN, 50_000 * YUAN),  # 辽宁
    "41": (8_000 * YUAN, 40_000 * YUAN),  # 河南
    "52": (10_000 * YUAN, 50_000 * YUAN),  # 贵州
    "42": (10_000 * YUAN, 50_000 * YUAN),  # 湖北 (poor counties 5,000 / 30,000: not modelled)
    "36": (10_000 * YUAN, 50_000 * YUAN),  # 江西
    "31": None,  # 上海: not found — left unset on purpose
}
"""(T1 one worker ≥3 months, T10 ≥10 workers) in fen; None = the province's figure is unknown."""

NATIONAL_T1 = (5_000 * YUAN, 20_000 * YUAN)
NATIONAL_T10 = (30_000 * YUAN, 100_000 * YUAN)
PROVINCE_NAMES = {
    "32": "江苏省",
    "43": "湖南省",
    "21": "辽宁省",
    "41": "河南省",
    "52": "贵州省",
    "42": "湖北省",
    "36": "江西省",
    "31": "上海市",
}
_ORDER_EVENTS = {
    "order_to_pay_served": "已送达责令支付文书",
    "order_to_pay_posted": "已张贴责令支付文书并记录",
}


class Referral(NamedTuple):
    party: str
    basis: tuple[Basis, ...]
    conditions: tuple[str, ...]


class _Sums(NamedTuple):
    workers: int
    owed: int
    per_worker_max: int
    months: int | None


def referrals(ctx: Ctx, groups: list[tuple[WorkerGroup, Party]], province: str) -> list[Referral]:
    """Referral entries for the employers of the wage groups, in order of first appearance."""
    by_employer: dict[str, list[WorkerGroup]] = {}
    for group, employer in groups:
        by_employer.setdefault(employer.id, []).append(group)
    out: list[Referral] = []
    for employer_id, owned in by_employer.items():
        employer = ctx.parties[employer_id]
        conditions = _conditions(ctx, employer, _sums(ctx, owned), province)
        out.append(Referral(employer_id, _basis(employer), conditions))
        out.extend(_officers(ctx, employer, conditions))
    return out


def _basis(employer: Party) -> tuple[Basis, ...]:
    spc = 7 if employer.kind == "individual" or employer.licence in ("none", "revoked") else 9
    return (Basis(CRIMINAL_LAW, "276之一"), Basis(SPC_2013, spc))


def _officers(ctx: Ctx, employer: Party, conditions: tuple[str, ...]) -> list[Referral]:
    if employer.kind == "individual":
        return []
    out = []
    for officer in employer.officers:
        if officer.role in ("controller", "legal_rep", "manager") and officer.person != employer.id:
            art = 8 if officer.role == "controller" else 9
            out.append(
                Referral(
                    officer.person,
                    (Basis(CRIMINAL_LAW, "276之一"), Basis(SPC_2013, art)),
                    (f"{ctx.name(employer.id)}的{_ROLE[officer.role]}", *conditions),
                )
            )
    return out


_ROLE = {
    "controller": "实际控制人",
    "legal_rep": "法定代表人（直接负责的主管人员）",
    "manager": "主要负责人（直接负责的主管人员）",
}


def _sums(ctx: Ctx, groups: list[WorkerGroup]) -> _Sums:
    count = sum(g.count or 0 for g in groups)
    owed = sum(g.owed or 0 for g in groups)
    per_worker = max(
        (g.per_worker_owed_max or ((g.owed or 0) // g.count if g.count else 0)) for g in groups
    )
    months = [g.months_owed_max for g in groups if g.months_owed_max is not None]
    return _Sums(count, owed, per_worker, max(months) if months else _period_months(ctx))


def _period_months(ctx: Ctx) -> int | None:
    start, end = ctx.facts.arrears_from, ctx.facts.arrears_to
    if start is None or end is None:
        return None
    return _months_between(start, end)


def _months_between(start: date, end: date) -> int:
    return max(((end - start).days + 1) // 30, 0)


def _conditions(ctx: Ctx, employer: Party, sums: _Sums, province: str) -> tuple[str, ...]:
    order = _order(ctx, employer.id) or _upstream_order(ctx, employer.id) or "尚无责令支付记录"
    out = [f"经政府有关部门责令支付仍不支付（{order}）", _amount_condition(ctx, sums, province)]
    evaded = any(
        e.party == employer.id and e.kind in ("absconded", "assets_moved") for e in ctx.facts.events
    )
    out.append(
        "以转移财产、逃匿等方法逃避支付，或有能力支付而不支付"
        + ("（已有逃匿/转移财产记录）" if evaded else "（待查明）")
    )
    if any(
        e.party == employer.id and e.kind == "paid_before_prosecution" for e in ctx.facts.events
    ):
        out.append("已在提起公诉前支付的，可以减轻或者免除处罚（刑法第276条之一第3款）")
    return tuple(out)


def _order(ctx: Ctx, party: str) -> str | None:
    return next(
        (
            _ORDER_EVENTS[e.kind]
            for e in ctx.facts.events
            if e.party == party and e.kind in _ORDER_EVENTS
        ),
        None,
    )


def _upstream_order(ctx: Ctx, employer: str) -> str | None:
    """An order served on the unit that let the work to (or lent its name to) the employer: it
    counts as served on the employer only under 法释〔2013〕3号 Art 4(2) — to be verified."""
    above = [c.src for c in ctx.facts.contracts if c.dst == employer]
    above += [n.lender for n in ctx.facts.name_lending if n.borrower == employer]
    for unit in dict.fromkeys(above):
        served = _order(ctx, unit)
        if served is not None:
            return (
                f"{served.removeprefix('已')}至上游单位{ctx.name(unit)}，未直接向{ctx.name(employer)}送达；"
                f"是否视为已向其责令支付（{SPC_2013}第4条）待核实"
            )
    return None


def _amount_condition(ctx: Ctx, sums: _Sums, province: str) -> str:
    threshold = PROVINCE_THRESHOLDS.get(province)
    place = PROVINCE_NAMES.get(province, f"省级区划{province}")
    if threshold is not None:
        return f"数额较大（按{place}标准）：{_test(sums, threshold[0], threshold[1])}"
    upper = _test(sums, NATIONAL_T1[1], NATIONAL_T10[1])
    lower = _test(sums, NATIONAL_T1[0], NATIONAL_T10[0])
    possible = (
        "按全国幅度上限亦达到"
        if upper.startswith("达到")
        else ("按全国幅度下限可能达到" if lower.startswith("达到") else "按全国幅度下限亦未达到")
    )
    ctx.warn(
        f"{place}拒不支付劳动报酬罪数额标准未查明：仅按全国幅度（一人5000至20000元、十人以上30000至100000元）"
        f"作可能性提示（{possible}），不作为认定依据。"
    )
    return f"数额较大（按省级标准）：{place}标准未查明，{possible}，待核实"


def _test(sums: _Sums, t1: int, t10: int) -> str:
    ten = sums.workers >= 10 and sums.owed >= t10
    one_amount = sums.per_worker_max >= t1
    if ten:
        return f"达到（{sums.workers}人累计{sums.owed / YUAN:,.2f}元≥{t10 / YUAN:,.0f}元）"
    if one_amount and sums.months is not None and sums.months >= 3:
        return f"达到（一名劳动者三个月以上且≥{t1 / YUAN:,.0f}元）"
    if one_amount and sums.months is None:
        return "欠薪月数不明，无法判断"
    return "未达到"
