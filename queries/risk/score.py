"""Risk scores and grades (红/橙/黄/蓝) per enterprise and per project, with their reasons.

A score is a sum of :class:`Contribution` s, each with a code, a Chinese reason and its
points: warnings, signals in the look-back window, wages owed, repeat cases, people who
control several defaulting companies, and distress upstream in a contracting chain, which
reaches each downstream party decayed by ``propagation_decay`` per hop (capped). Scoring is
plain dictionaries over :class:`CityFacts`: one pass, no store calls.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from graph.collector import collector_paused
from graph.enums import SIGNAL_KINDS, Label
from graph.store.records import NodeRef
from graph.values import format_yuan
from queries.risk.facts import CityFacts, EnterpriseFacts, ProjectFacts, SignalFact, since
from queries.risk.policy import RiskPolicy
from queries.risk.rules import RULE_TITLES, RiskWarning, evaluate

GRADE_TITLES = {"red": "红色", "orange": "橙色", "yellow": "黄色", "blue": "蓝色"}
SIGNAL_TITLES = SIGNAL_KINDS
HIGH_GRADES = ("red", "orange")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Contribution(_Out):
    code: str = Field(title="因素编号")
    reason: str = Field(title="原因")
    points: float = Field(title="分值")


class RiskScore(_Out):
    """The grade of one enterprise or project and why."""

    kind: str = Field(title="对象类别", description="enterprise | project")
    key: str = Field(title="标识")
    name: str = Field(title="名称")
    score: float = Field(title="风险分")
    grade: str | None = Field(title="风险等级", description="red | orange | yellow | blue | None")
    grade_zh: str = Field(title="等级")
    contributions: tuple[Contribution, ...] = Field(title="构成")
    responsible_unit: str | None = Field(None, title="责任单位")

    def explain(self) -> list[str]:
        """The contributions as lines, largest first: '+20.0 原因'."""
        return [f"{c.points:+.1f} {c.reason}" for c in self.contributions]


def grade_of(score: float, policy: RiskPolicy) -> str | None:
    """The highest grade whose threshold the score reaches, or None (低风险)."""
    for grade in ("red", "orange", "yellow", "blue"):
        if score >= getattr(policy.grades, grade):
            return grade
    return None


Parts = dict[str, list[Contribution]]


@dataclass(slots=True)
class CityRisk:
    """Warnings and scores of a whole city; unscored keys have score 0 and no grade."""

    warnings: list[RiskWarning]
    enterprises: dict[str, RiskScore] = field(default_factory=dict)
    projects: dict[str, RiskScore] = field(default_factory=dict)

    def graded(self, kind: str | None = None) -> list[RiskScore]:
        """Scores with a grade, highest first."""
        pools = (
            [self.enterprises, self.projects]
            if kind is None
            else [self.enterprises if kind == "enterprise" else self.projects]
        )
        rows = [s for pool in pools for s in pool.values() if s.grade]
        return sorted(rows, key=lambda s: (-s.score, s.kind, s.key))


# ------------------------------------------------------------------ building blocks


def signal_parts(
    signals: Iterable[SignalFact], facts: CityFacts, policy: RiskPolicy
) -> list[Contribution]:
    """One contribution per risk-signal kind in the look-back window (at most
    ``signal_cap_per_kind`` signals of a kind count)."""
    start = since(facts.as_of, policy.lookback_months)
    by_kind: dict[str, list[SignalFact]] = defaultdict(list)
    for s in signals:
        if start <= s.day <= facts.as_of and policy.points_for_signal(s.kind) > 0:
            by_kind[s.kind].append(s)
    out = []
    for kind, found in sorted(by_kind.items()):
        counted = min(len(found), policy.signal_cap_per_kind)
        agencies = "、".join(sorted({s.agency for s in found if s.agency})) or "未注明来源"
        title = SIGNAL_TITLES.get(kind, kind)
        reason = f"近{policy.lookback_months}个月{title}信号 {len(found)} 条（{agencies}）"
        out.append(
            Contribution(
                code=f"signal:{kind}",
                reason=reason,
                points=policy.points_for_signal(kind) * counted,
            )
        )
    return out


def warning_parts(warnings: Iterable[RiskWarning], policy: RiskPolicy) -> list[Contribution]:
    """One contribution per rule: its points once per distinct project warned (at most
    ``warning_cap_per_rule`` projects)."""
    projects: dict[str, set[str]] = defaultdict(set)
    for w in warnings:
        projects[w.rule_id].add(w.project or "")
    out = []
    for rule_id, codes in sorted(projects.items()):
        counted = min(len(codes), policy.warning_cap_per_rule)
        where = "、".join(sorted(codes)[:3]) + ("等" if len(codes) > 3 else "")
        out.append(
            Contribution(
                code=f"warning:{rule_id}",
                points=policy.points_for_warning(rule_id) * counted,
                reason=f"预警「{RULE_TITLES[rule_id][0]}」（{RULE_TITLES[rule_id][1]}）：{where}",
            )
        )
    return out


def arrears_parts(
    firm: EnterpriseFacts, facts: CityFacts, policy: RiskPolicy
) -> list[Contribution]:
    """Wages owed now, plus cases against the enterprise in the window (repeat, open)."""
    out = [_owed_part(firm, policy)] if firm.owed > 0 else []
    start = since(facts.as_of, policy.lookback_months)
    recent = sum(start <= c.received <= facts.as_of for c in firm.cases)
    if recent >= policy.repeat_case_min:
        reason = f"近{policy.lookback_months}个月欠薪案件 {recent} 起（重复欠薪）"
        out.append(
            Contribution(code="repeat_cases", points=policy.repeat_case_points, reason=reason)
        )
    if any(c.open for c in firm.cases):
        out.append(
            Contribution(
                code="open_case", points=policy.open_case_points, reason="有未办结的欠薪案件"
            )
        )
    return out


def _owed_part(firm: EnterpriseFacts, policy: RiskPolicy) -> Contribution:
    months = min(firm.months_owed, policy.arrears_months_cap)
    workers = min(firm.workers_owed, policy.arrears_workers_cap)
    points = (
        policy.arrears_points
        + policy.arrears_months_points * months
        + policy.arrears_worker_points * workers
    )
    reason = (
        f"在欠 {firm.workers_owed} 人工资 {format_yuan(firm.owed)}，最长 {firm.months_owed} 个月"
    )
    return Contribution(code="arrears", points=points, reason=reason)


def is_defaulting(firm: EnterpriseFacts, facts: CityFacts, policy: RiskPolicy) -> bool:
    """Owes wages now, or had a case or a violation signal in the look-back window."""
    if firm.owed > 0:
        return True
    start = since(facts.as_of, policy.lookback_months)
    return any(start <= c.received for c in firm.cases) or any(
        s.kind == "violation" and start <= s.day for s in firm.signals
    )


def controller_parts(facts: CityFacts, policy: RiskPolicy) -> Parts:
    """Each defaulting company whose controller or legal representative controls at least
    ``controller_min_defaulting`` defaulting companies gets ``controller_points`` once."""
    firms = facts.enterprises
    out: Parts = {}
    defaulting: dict[str, bool] = {}  # a company is often behind several people

    def judged(eid: str) -> bool:
        found = defaulting.get(eid)
        if found is None:
            found = defaulting[eid] = is_defaulting(firms[eid], facts, policy)
        return found

    enough = policy.controller_min_defaulting
    for controlled in facts.controllers.values():
        if len(controlled) < enough:  # most people represent a single company
            continue
        bad = sorted(e for e in controlled if judged(e))
        if len(bad) < enough:
            continue
        names = "、".join(firms[e].name for e in bad[:4]) + ("等" if len(bad) > 4 else "")
        for eid in bad:
            if eid in out:  # the first of its controllers explains it
                continue
            out[eid] = [
                Contribution(
                    code="controller",
                    points=policy.controller_points,
                    reason=f"同一实际控制人/法定代表人控制的 {len(bad)} 家企业"
                    f"有欠薪或违法记录：{names}",
                )
            ]
    return out


# ------------------------------------------------------------------ propagation


Party = tuple[str, str]
"""(label, key) of a contracting party: a dictionary of these hashes its keys in C, where a
NodeRef's hash (a dataclass over an enum) runs Python code each time."""


def party_of(ref: NodeRef) -> Party:
    """The party's (label, key), the label as a plain string."""
    return ref.label._value_, ref.key


def _downstream(p: ProjectFacts) -> dict[Party, list[Party]]:
    children: dict[Party, list[Party]] = defaultdict(list)
    for c in p.contracts:
        children[(c.src.label._value_, c.src.key)].append((c.dst.label._value_, c.dst.key))
    return children


def _hops(children: dict[Party, list[Party]], start: Party, limit: int) -> dict[Party, int]:
    """Parties below ``start`` with their hop distance (1 = let directly by start)."""
    seen: dict[Party, int] = {}
    frontier = [start]
    for hop in range(1, limit + 1):
        frontier = [
            c for n in frontier for c in children.get(n, ()) if c not in seen and c != start
        ]
        for c in frontier:
            seen[c] = hop
    return seen


@dataclass(slots=True)
class _Source:
    code: str
    party: NodeRef
    points: float
    reason: str
    receives_itself: bool


def _sources(
    p: ProjectFacts, distressed: dict[str, tuple[str, float, str]], policy: RiskPolicy
) -> list[_Source]:
    """Distress in one project's chain: overdue contract price (felt by the contractor owed
    it and below it; one source per project, so the nearest overdue edge above a party
    counts and the others of the same chain do not add up), and distressed enterprises
    (felt below them)."""
    out = []
    for c in p.contracts:
        if c.overdue > 0:
            reason = f"项目{p.code}上游拖欠工程款 {format_yuan(c.overdue)}"
            out.append(
                _Source(
                    f"upstream:overdue:{p.code}",
                    c.dst,
                    policy.owner_overdue_points,
                    reason,
                    True,
                )
            )
    for party in {c.src for c in p.contracts}:
        if party.label is Label.ENTERPRISE and party.key in distressed:
            code, points, reason = distressed[party.key]
            out.append(
                _Source(
                    f"upstream:{code}:{party.key}", party, points, f"项目{p.code}{reason}", False
                )
            )
    return out


def propagation_parts(
    facts: CityFacts, distressed: dict[str, tuple[str, float, str]], policy: RiskPolicy
) -> Parts:
    """Upstream distress felt downstream: points × decay^(hop−1) per source (the best path
    across projects), summed per enterprise and capped at ``propagation_cap``."""
    best: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
    enterprise = Label.ENTERPRISE.value
    for p in facts.projects.values():
        sources = _sources(p, distressed, policy) if p.contracts else []
        if not sources:
            continue
        children = _downstream(p)
        for src in sources:
            start = party_of(src.party)
            reach = _hops(children, start, policy.propagation_max_hops)
            if src.receives_itself:
                reach = {start: 1, **{n: h + 1 for n, h in reach.items()}}
            for (label, key), hop in reach.items():
                if label != enterprise or key not in facts.enterprises:
                    continue
                points = src.points * policy.propagation_decay ** (hop - 1)
                if points > best[key].get(src.code, (0.0, ""))[0]:
                    best[key][src.code] = (points, f"{src.reason}（下游第{hop}级）")
    return {eid: _capped(found, policy.propagation_cap) for eid, found in best.items()}


def _capped(found: dict[str, tuple[float, str]], cap: float) -> list[Contribution]:
    out, room = [], cap
    for code, (points, reason) in sorted(found.items(), key=lambda kv: (-kv[1][0], kv[0])):
        taken = round(min(points, room), 2)
        if taken <= 0:
            break
        out.append(Contribution(code=code, points=taken, reason=reason))
        room -= taken
    return out


# ------------------------------------------------------------------ the city


Ranked = tuple[list[Contribution], float]
"""Contributions largest first (ties by code) and their total, rounded to 2 places."""


def _ranked(parts: list[Contribution]) -> Ranked:
    ordered = sorted(parts, key=lambda c: (-c.points, c.code)) if len(parts) > 1 else parts[:]
    return ordered, round(sum(c.points for c in ordered), 2)


def _result(
    kind: str, key: str, name: str, parts: list[Contribution], policy: RiskPolicy
) -> RiskScore:
    return _scored(kind, key, name, _ranked(parts), policy)


def _scored(kind: str, key: str, name: str, ranked: Ranked, policy: RiskPolicy) -> RiskScore:
    parts, total = ranked
    grade = grade_of(total, policy)
    return RiskScore(
        kind=kind,
        key=key,
        name=name,
        score=total,
        grade=grade,
        grade_zh=GRADE_TITLES.get(grade or "", "低"),
        contributions=tuple(parts),
    )


def _by_enterprise(warnings: list[RiskWarning]) -> dict[str, list[RiskWarning]]:
    out: dict[str, list[RiskWarning]] = defaultdict(list)
    for w in warnings:
        if w.enterprise:
            out[w.enterprise].append(w)
    return out


def _distressed(
    facts: CityFacts,
    base: dict[str, str | None],
    warned: dict[str, list[RiskWarning]],
    policy: RiskPolicy,
) -> dict[str, tuple[str, float, str]]:
    """Enterprises whose distress is felt downstream: warned on several projects, or of a high
    base grade (``base``: enterprise → grade before propagation; the larger effect is kept)."""
    out: dict[str, tuple[str, float, str]] = {}
    for eid, found in warned.items():
        projects = {w.project for w in found if w.project}
        if len(projects) >= policy.contractor_warned_projects_min:
            out[eid] = (
                "warned",
                policy.contractor_warned_points,
                f"上游承包单位「{facts.enterprises[eid].name}」{len(projects)} 个项目有预警"
                if eid in facts.enterprises
                else "上游承包单位多项目预警",
            )
    for eid, grade in base.items():
        if (
            grade in HIGH_GRADES
            and policy.upstream_high_risk_points > out.get(eid, ("", 0.0, ""))[1]
        ):
            out[eid] = (
                "high_risk",
                policy.upstream_high_risk_points,
                f"上游单位「{facts.enterprises[eid].name}」风险等级{GRADE_TITLES[str(grade)]}",
            )
    return out


def _enterprise_base(
    facts: CityFacts, warned: dict[str, list[RiskWarning]], policy: RiskPolicy
) -> Parts:
    parts: Parts = defaultdict(list)
    # most companies have no warning, signal, arrears or case: nothing to score
    quiet_without_cases = policy.repeat_case_min > 0
    for eid, firm in facts.enterprises.items():
        if (
            quiet_without_cases
            and not firm.cases
            and firm.owed <= 0
            and not firm.signals
            and eid not in warned
        ):
            continue
        found = warning_parts(warned[eid], policy) if eid in warned else []
        if firm.signals:
            found += signal_parts(firm.signals, facts, policy)
        found += arrears_parts(firm, facts, policy)
        if found:
            parts[eid] = found
    for eid, extra in controller_parts(facts, policy).items():
        parts[eid].extend(extra)
    return parts


def _project_parts(
    p: ProjectFacts, warnings: list[RiskWarning], facts: CityFacts, policy: RiskPolicy
) -> list[Contribution]:
    out = warning_parts(warnings, policy) if warnings else []
    if p.signals:
        out += signal_parts(p.signals, facts, policy)
    overdue = sum(c.overdue for c in p.contracts)
    if overdue > 0:
        out.append(
            Contribution(
                code="upstream:overdue",
                points=policy.owner_overdue_points,
                reason=f"本项目拖欠工程款 {format_yuan(overdue)}",
            )
        )
    open_cases = sum(c.open for c in p.cases)
    if open_cases:
        out.append(
            Contribution(
                code="open_case",
                points=policy.open_case_points,
                reason=f"本项目有未办结欠薪案件 {open_cases} 起",
            )
        )
    return out


def score_city(
    facts: CityFacts, policy: RiskPolicy, warnings: list[RiskWarning] | None = None
) -> CityRisk:
    """Warnings, then enterprise scores (base, controllers, propagation), then project scores."""
    with collector_paused():
        return _score_city(facts, policy, warnings)


def _score_city(
    facts: CityFacts, policy: RiskPolicy, warnings: list[RiskWarning] | None
) -> CityRisk:
    warnings = evaluate(facts, policy) if warnings is None else warnings
    warned = _by_enterprise(warnings)
    firms = facts.enterprises
    base_parts = _enterprise_base(facts, warned, policy)
    ranked = {eid: _ranked(parts) for eid, parts in base_parts.items()}
    base = {eid: grade_of(total, policy) for eid, (_, total) in ranked.items()}
    for eid, extra in propagation_parts(
        facts, _distressed(facts, base, warned, policy), policy
    ).items():
        if extra:
            base_parts[eid].extend(extra)
            ranked[eid] = _ranked(base_parts[eid])
    risk = CityRisk(warnings=warnings)
    risk.enterprises = {
        eid: _scored("enterprise", eid, firms[eid].name, ranked[eid], policy)
        for eid, parts in base_parts.items()
        if parts
    }
    by_project: dict[str, list[RiskWarning]] = defaultdict(list)
    for w in warnings:
        by_project[w.project or ""].append(w)
    for code, p in facts.projects.items():
        parts = _project_parts(p, by_project.get(code, []), facts, policy)
        if parts:
            risk.projects[code] = _result("project", code, p.name, parts, policy)
    return risk
