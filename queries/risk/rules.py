"""Warning rules (预警规则): pure functions over one project's facts.

Each rule returns the :class:`RiskWarning` s it raises, naming the rule, the article of the
保障农民工工资支付条例 it rests on, the project and enterprise, the month where it is
monthly, and the facts that made it fire. Thresholds come from :class:`RiskPolicy`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph.enums import Label
from graph.values import format_yuan
from queries.risk.facts import CityFacts, ProjectFacts, month_index, month_text
from queries.risk.policy import RiskPolicy


class RiskWarning(BaseModel):
    """One warning: which rule, on what, why, and who must act."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str = Field(title="规则编号")
    title_zh: str = Field(title="预警名称")
    article: str = Field(title="依据")
    project: str | None = Field(None, title="项目编号")
    enterprise: str | None = Field(None, title="企业标识")
    month: str | None = Field(None, title="月份")
    explanation: str = Field(title="说明")
    facts: dict[str, Any] = Field(default_factory=dict, title="事实")
    responsible_unit: str | None = Field(None, title="责任单位")


RULE_TITLES: dict[str, tuple[str, str]] = {
    "W01_attendance_unpaid": ("有考勤无专户发放", "条例第14条、第31条"),
    "W02_labour_cost_late": ("人工费用未按周期拨付至专户", "条例第24条、第29条"),
    "W03_missing_wage_records": ("在册人员无工资记录比例过高", "条例第28条、第31条"),
    "W04_departed_unsettled": ("退场人员工资未结清", "条例第12条、第16条"),
    "W05_no_wage_account": ("在建项目未开设工资专用账户", "条例第26条"),
    "W06_no_wage_deposit": ("在建项目未存储工资保证金", "条例第32条"),
    "W07_no_notice_board": ("未设立维权信息告示牌", "条例第34条"),
}
"""rule id → (Chinese title, articles of the regulation)."""


def _warning(rule_id: str, project: ProjectFacts, explanation: str, **extra: Any) -> RiskWarning:
    title, article = RULE_TITLES[rule_id]
    gc = project.general_contractor
    enterprise = extra.pop("enterprise", gc.key if gc else None)
    month = extra.pop("month", None)
    return RiskWarning(
        rule_id=rule_id,
        title_zh=title,
        article=article,
        project=project.code,
        enterprise=enterprise,
        month=month,
        explanation=explanation,
        facts=extra,
    )


def attendance_unpaid(p: ProjectFacts, policy: RiskPolicy, now_month: int) -> list[RiskWarning]:
    """W01: a month with attendance and no payout through the wage account in that month or
    the next ``payout_grace_months`` (fires only once that window has closed)."""
    out = []
    grace = policy.payout_grace_months
    paid = {month_index(m) for m, amount in p.payouts.items() if amount > 0}
    for month, workers in sorted(p.attendance.items()):
        m = month_index(month)
        if workers <= 0 or m + grace >= now_month:
            continue
        if not any(m + k in paid for k in range(grace + 1)):
            window = month if grace == 0 else f"{month}–{month_text(m + grace)}"
            out.append(
                _warning(
                    "W01_attendance_unpaid",
                    p,
                    f"{month} 考勤 {workers} 人，{window} 专户无工资发放",
                    month=month,
                    attendance=workers,
                    window=window,
                )
            )
    return out


def labour_cost_late(p: ProjectFacts, policy: RiskPolicy, now_month: int) -> list[RiskWarning]:
    """W02: a completed month with attendance when no labour cost (人工费用) reached the wage
    account within the last ``labour_cost_cycle_months`` months."""
    out = []
    cycle = policy.labour_cost_cycle_months
    inflow = {month_index(m) for m, amount in p.inflows.items() if amount > 0}
    for month, workers in sorted(p.attendance.items()):
        m = month_index(month)
        if workers <= 0 or m >= now_month or any(m - k in inflow for k in range(cycle)):
            continue
        last = max((i for i in inflow if i < m), default=None)
        since = month_text(last) if last is not None else "无"
        text = f"{month} 有 {workers} 人施工，{cycle} 个月内人工费用未拨付至专户（上次：{since}）"
        out.append(
            _warning(
                "W02_labour_cost_late", p, text, month=month, attendance=workers, last_inflow=since
            )
        )
    return out


def missing_wage_records(p: ProjectFacts, policy: RiskPolicy, now_month: int) -> list[RiskWarning]:
    """W03: at least ``missing_wage_record_share`` of the roster has no wage record (only for
    rosters of at least ``missing_wage_record_min_workers``)."""
    if p.roster < policy.missing_wage_record_min_workers or p.without_wage_record == 0:
        return []
    share = p.without_wage_record / p.roster
    if share < policy.missing_wage_record_share:
        return []
    text = f"在册 {p.roster} 人中 {p.without_wage_record} 人无工资记录（{share:.0%}）"
    return [
        _warning(
            "W03_missing_wage_records",
            p,
            text,
            roster=p.roster,
            without_record=p.without_wage_record,
            share=round(share, 4),
        )
    ]


def departed_unsettled(p: ProjectFacts, policy: RiskPolicy, now_month: int) -> list[RiskWarning]:
    """W04: workers who left the project (roster 退场日期) and are still owed, per employer."""
    out = []
    for employer, (workers, owed) in sorted(p.departed_unpaid.items()):
        text = f"{workers} 名已退场人员未结清工资 {format_yuan(owed)}"
        enterprise = employer.key if employer.label is Label.ENTERPRISE else None
        out.append(
            _warning(
                "W04_departed_unsettled",
                p,
                text,
                enterprise=enterprise,
                workers=workers,
                owed_fen=owed,
                employer=str(employer),
            )
        )
    return out


Rule = Callable[[ProjectFacts, RiskPolicy, int], list[RiskWarning]]


def _missing(rule_id: str, attr: str, what: str) -> Rule:
    """A rule firing on an active project whose ``attr`` is recorded as False (None is
    unknown and does not fire)."""

    def rule(p: ProjectFacts, policy: RiskPolicy, now_month: int) -> list[RiskWarning]:
        if p.status not in policy.active_project_states or getattr(p, attr) is not False:
            return []
        return [_warning(rule_id, p, f"在建项目（{p.status}）{what}", status=p.status)]

    rule.__doc__ = f"{rule_id}: an active project whose {what} is recorded as missing."
    return rule


no_wage_account = _missing("W05_no_wage_account", "wage_account", "未开设农民工工资专用账户")
no_wage_deposit = _missing("W06_no_wage_deposit", "wage_deposit", "未存储工资保证金")
no_notice_board = _missing("W07_no_notice_board", "notice_board", "未设立维权信息告示牌")

RULES: tuple[Rule, ...] = (
    attendance_unpaid,
    labour_cost_late,
    missing_wage_records,
    departed_unsettled,
    no_wage_account,
    no_wage_deposit,
    no_notice_board,
)


def project_warnings(p: ProjectFacts, policy: RiskPolicy, now_month: int) -> list[RiskWarning]:
    """Every warning the rules raise on one project."""
    return [w for rule in RULES for w in rule(p, policy, now_month)]


def evaluate(facts: CityFacts, policy: RiskPolicy, project: str | None = None) -> list[RiskWarning]:
    """Warnings for the whole city (or one project), ordered by project, rule and month."""
    chosen = [facts.projects[project]] if project else facts.projects.values()
    now = facts.as_of_month
    return [w for p in chosen for w in project_warnings(p, policy, now)]
