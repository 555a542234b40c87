"""包案 rules: grade, lead unit, territorial owner, sector co-unit, escalation, leaders.

Pure functions over plain records (:class:`AssignmentInputs`); fetching and writing live in
:mod:`queries.coordination.assign`. Every decision appends a line to the rule trace, naming
the rule (R-4, R-7, R-59, R-L13 of ../shared/legal/RULES.md, or the policy field).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from graph.areas import area_registry
from graph.values import format_yuan
from queries.coordination.policy import (
    GRADE_TITLES,
    CoordinationPolicy,
    Grade,
    GradeRule,
    Level,
    Pick,
)

LEAD, ASSIST, SUPERVISE, TERRITORIAL = "主办", "协办", "督办", "属地"
OWNER, GUIDE = "包案", "指导"


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    id: str
    name: str
    kind: str
    level: str
    area: str


@dataclass(frozen=True, slots=True)
class OfficialInfo:
    id: str
    name: str
    title: str
    rank: int
    agency: str


@dataclass(frozen=True, slots=True)
class AssignmentInputs:
    """Facts one assignment needs, fetched in a few indexed store reads."""

    case_id: str
    place: str | None
    districts: tuple[str, ...]
    sector: str
    gov_invested: bool
    workers: int
    amount_fen: int
    months: int
    group_incident: bool
    repeat_offender: bool
    chain_issues: tuple[str, ...]
    agencies: tuple[AgencyInfo, ...]
    officials: tuple[OfficialInfo, ...]
    superiors: Mapping[str, str] = field(default_factory=dict)
    current_owner: str | None = None
    current_guide: str | None = None

    @property
    def district(self) -> str | None:
        return self.place[:6] if self.place and len(self.place) >= 6 else None

    @property
    def street(self) -> str | None:
        return self.place if self.place and len(self.place) == 9 else None


class Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UnitRole(Out):
    role: str = Field(title="角色")
    agency_id: str = Field(title="部门编号")
    agency_name: str = Field(title="部门名称")
    reason: str = Field(title="依据")


class LeaderRole(Out):
    role: str = Field(title="角色")
    official_id: str = Field(title="干部编号")
    name: str = Field(title="姓名")
    title: str = Field(title="职务")
    rank: int = Field(title="职级")
    agency_id: str = Field(title="所在部门")
    reason: str = Field(title="依据")


class Assignment(Out):
    """The decision for one case: grade, units, leaders, problems and the rule trace."""

    case_id: str = Field(title="案件编号")
    grade: Grade = Field(title="等级")
    grade_title: str = Field(title="等级名称")
    units: tuple[UnitRole, ...] = Field(title="责任单位")
    owner: LeaderRole | None = Field(title="包案领导")
    guide: LeaderRole | None = Field(title="指导领导")
    kept_owner: bool = Field(False, title="保留原包案领导")
    report_immediately: bool = Field(False, title="即时专报")
    problems: tuple[str, ...] = Field((), title="未能确定的原因")
    trace: tuple[str, ...] = Field(title="规则轨迹")

    @property
    def lead_unit(self) -> UnitRole | None:
        return next((u for u in self.units if u.role == LEAD), None)


# ------------------------------------------------------------------ grading


def _criteria(rule: GradeRule, ctx: AssignmentInputs) -> list[str]:
    """The criteria of ``rule`` that the case meets, in words."""
    hits = []
    if rule.min_workers is not None and ctx.workers >= rule.min_workers:
        hits.append(f"涉及 {ctx.workers} 人 ≥ {rule.min_workers}")
    if rule.min_amount_yuan is not None and ctx.amount_fen >= rule.min_amount_yuan * 100:
        hits.append(f"欠薪 {format_yuan(ctx.amount_fen)} ≥ {rule.min_amount_yuan} 元")
    if rule.min_months is not None and ctx.months >= rule.min_months:
        hits.append(f"欠薪 {ctx.months} 个月 ≥ {rule.min_months}")
    flags = (
        (rule.group_incident and ctx.group_incident, "群体性事件风险"),
        (rule.repeat_offender and ctx.repeat_offender, "重复欠薪主体"),
        (rule.gov_invested and ctx.gov_invested, "政府投资项目"),
    )
    hits.extend(text for on, text in flags if on)
    return hits


def grade_case(ctx: AssignmentInputs, policy: CoordinationPolicy) -> tuple[Grade, str]:
    """The first grade (policy order, highest first) whose criteria the case meets."""
    for rule in policy.grades:
        hits = _criteria(rule, ctx)
        if hits:
            return rule.grade, f"分级：{GRADE_TITLES[rule.grade]}（{'；'.join(hits)}）"
    return Grade.ORDINARY, "分级：普通（未达任何升级标准）"


# ------------------------------------------------------------------ units


def _covers(agency: AgencyInfo, place: str, level: Level) -> bool:
    """Whether an agency of ``level`` serves the place (area codes are prefixes)."""
    if agency.level != level.value:
        return False
    if level is Level.CITY:
        return agency.area[:4] == place[:4]
    size = 9 if level is Level.STREET else 6
    return len(place) >= size and agency.area == place[:size]


def agencies_at(ctx: AssignmentInputs, level: Level, kinds: tuple[str, ...]) -> list[AgencyInfo]:
    """Agencies of the kinds at ``level`` for the place, in the order of ``kinds``."""
    if not ctx.place:
        return []
    found = [a for a in ctx.agencies if a.kind in kinds and _covers(a, ctx.place, level)]
    return sorted(found, key=lambda a: (kinds.index(a.kind), a.id))


def _role(role: str, agency: AgencyInfo, reason: str) -> UnitRole:
    return UnitRole(role=role, agency_id=agency.id, agency_name=agency.name, reason=reason)


def lead_unit(ctx: AssignmentInputs, policy: CoordinationPolicy) -> UnitRole | None:
    """主办: labour inspection (else HR bureau) of the district of the place of employment."""
    found = agencies_at(ctx, Level.DISTRICT, tuple(policy.lead_unit_kinds))
    if not found:
        return None
    reason = f"R-L13 用工所在地 {_area_name(ctx.place)} 的{found[0].kind}管辖（非注册地）"
    return _role(LEAD, found[0], reason)


def territorial_units(ctx: AssignmentInputs, policy: CoordinationPolicy) -> list[UnitRole]:
    """属地: the street/town government and the district government of the place."""
    out = []
    for level, kind in sorted(policy.territorial_kinds.items(), key=lambda kv: kv[0] != "street"):
        found = agencies_at(ctx, level, (kind,))
        if found:
            out.append(_role(TERRITORIAL, found[0], f"R-4 属地负责：{found[0].name}"))
    return out


def co_units(ctx: AssignmentInputs, policy: CoordinationPolicy) -> list[UnitRole]:
    """协办: the sector regulator, when the chain shows a trigger (or always, by policy)."""
    triggers = [i for i in ctx.chain_issues if i in policy.co_unit_triggers]
    if not (triggers or policy.co_unit_always):
        return []
    kinds = tuple(policy.sector_regulators.get(ctx.sector, ()))  # type: ignore[call-overload]
    why = f"R-7 谁主管谁负责（{'、'.join(triggers) or '政策：始终协办'}）"
    for level in (Level.DISTRICT, Level.CITY):
        found = agencies_at(ctx, level, kinds)
        if found:
            return [_role(ASSIST, found[0], why)]
    return []


def _superior(ctx: AssignmentInputs, agency_id: str) -> AgencyInfo | None:
    parent = ctx.superiors.get(agency_id)
    return next((a for a in ctx.agencies if a.id == parent), None)


def _higher_level(ctx: AssignmentInputs, agency_id: str) -> AgencyInfo | None:
    """The first superior above district level (上一级), else the direct superior."""
    first = current = _superior(ctx, agency_id)
    seen = {agency_id}
    while current is not None and current.level in (Level.DISTRICT, Level.STREET):
        seen.add(current.id)
        current = _superior(ctx, current.id)
        current = None if current is not None and current.id in seen else current
    return current or first


def _designator(ctx: AssignmentInputs, policy: CoordinationPolicy) -> AgencyInfo | None:
    """The HR agency of the common superior area of the districts in conflict."""
    common = area_registry().lowest_common_superior(list(ctx.districts))
    kinds = tuple(policy.designation_kinds)
    found = [a for a in ctx.agencies if a.kind in kinds and common and _above(a, common)]
    return sorted(found, key=lambda a: (kinds.index(a.kind), a.id))[0] if found else None


def _above(agency: AgencyInfo, common: str) -> bool:
    area = agency.area.rstrip("0") or agency.area
    return agency.level != Level.STREET.value and common.startswith(area[: len(common)])


def supervisors(
    ctx: AssignmentInputs, policy: CoordinationPolicy, lead: UnitRole | None
) -> tuple[list[UnitRole], list[str]]:
    """督办 for government-invested projects (R-59) and conflicts of jurisdiction (R-L13)."""
    out: list[UnitRole] = []
    problems: list[str] = []
    if ctx.gov_invested and policy.escalate_gov_invested and lead is not None:
        parent = _higher_level(ctx, lead.agency_id)
        if parent is None:
            problems.append(f"政府投资项目需上级督办，但 {lead.agency_name} 无上级部门")
        else:
            out.append(_role(SUPERVISE, parent, "R-59 政府投资项目：上级人社部门督办"))
    if len(set(ctx.districts)) > 1:
        designator = _designator(ctx, policy) or (_superior(ctx, lead.agency_id) if lead else None)
        names = "、".join(_area_name(d) for d in sorted(set(ctx.districts)))
        if designator is None:
            problems.append(f"管辖涉及 {names}，未找到共同上级部门指定管辖")
        else:
            out.append(_role(SUPERVISE, designator, f"R-L13 管辖涉及 {names}：共同上级指定管辖"))
    return _merge(out), problems


def _merge(roles: list[UnitRole]) -> list[UnitRole]:
    """One role per (role, agency), reasons joined."""
    merged: dict[tuple[str, str], UnitRole] = {}
    for role in roles:
        key = (role.role, role.agency_id)
        prior = merged.get(key)
        merged[key] = (
            role
            if prior is None
            else role.model_copy(update={"reason": f"{prior.reason}；{role.reason}"})
        )
    return list(merged.values())


def _area_name(code: str | None) -> str:
    return area_registry().full_name(code) if code else "（未知）"


# ------------------------------------------------------------------ leaders


def eligible(ctx: AssignmentInputs, pick: Pick) -> list[OfficialInfo]:
    """Officials posted in agencies the pick names, within its rank range."""
    agencies = {a.id for a in agencies_at(ctx, pick.level, tuple(pick.agency_kinds))}
    return [
        o
        for o in ctx.officials
        if o.agency in agencies and pick.min_rank <= o.rank <= pick.max_rank
    ]


def choose_leader(
    ctx: AssignmentInputs, picks: tuple[Pick, ...], loads: Mapping[str, int], role: str
) -> LeaderRole | None:
    """The eligible official with the fewest open cases (then lower rank, then id)."""
    for pick in picks:
        found = eligible(ctx, pick)
        if not found:
            continue
        best = min(found, key=lambda o: (loads.get(o.id, 0), o.rank, o.id))
        reason = (
            f"{'、'.join(pick.agency_kinds)} 职级≥{pick.min_rank} 候选 {len(found)} 人，"
            f"在办最少（{loads.get(best.id, 0)} 件）"
        )
        return _leader(role, best, reason)
    return None


def _leader(role: str, o: OfficialInfo, reason: str) -> LeaderRole:
    return LeaderRole(
        role=role,
        official_id=o.id,
        name=o.name,
        title=o.title,
        rank=o.rank,
        agency_id=o.agency,
        reason=reason,
    )


def _pick_desc(picks: tuple[Pick, ...]) -> str:
    parts = [f"{'、'.join(p.agency_kinds)}（{p.level}，职级≥{p.min_rank}）" for p in picks]
    return " 或 ".join(parts)


def _kept(ctx: AssignmentInputs, official_id: str | None, role: str) -> LeaderRole | None:
    found = next((o for o in ctx.officials if o.id == official_id), None)
    return _leader(role, found, "一人一案到底：保留原领导") if found else None


# ------------------------------------------------------------------ the decision


def decide_assignment(
    ctx: AssignmentInputs, policy: CoordinationPolicy, loads: Mapping[str, int]
) -> Assignment:
    """Decide grade, units and leaders for one case, with the rule trace and any gaps."""
    grade, grade_line = grade_case(ctx, policy)
    lead = lead_unit(ctx, policy)
    sup, problems = supervisors(ctx, policy, lead)
    units = ([lead] if lead else []) + territorial_units(ctx, policy) + co_units(ctx, policy) + sup
    rule = policy.leaders[grade]
    owner = _kept(ctx, ctx.current_owner, OWNER) or choose_leader(ctx, rule.owner, loads, OWNER)
    guide = None
    if rule.guide:
        guide = _kept(ctx, ctx.current_guide, GUIDE) or choose_leader(ctx, rule.guide, loads, GUIDE)
    problems = _gaps(ctx, lead, (owner, rule.owner), (guide, rule.guide)) + problems
    trace = [grade_line] + [f"{u.role}：{u.agency_name}（{u.reason}）" for u in units]
    trace += [f"{p.role}：{p.name} {p.title}（{p.reason}）" for p in (owner, guide) if p]
    return Assignment(
        case_id=ctx.case_id,
        grade=grade,
        grade_title=GRADE_TITLES[grade],
        units=tuple(units),
        owner=owner,
        guide=guide,
        kept_owner=owner is not None and owner.official_id == ctx.current_owner,
        report_immediately=grade in policy.immediate_report_grades,
        problems=tuple(problems),
        trace=tuple(trace + [f"未能确定：{p}" for p in problems]),
    )


def _gaps(
    ctx: AssignmentInputs,
    lead: UnitRole | None,
    owner_rule: tuple[LeaderRole | None, tuple[Pick, ...]],
    guide_rule: tuple[LeaderRole | None, tuple[Pick, ...]],
) -> list[str]:
    """Explicit reasons for every role that could not be filled."""
    owner, owner_picks = owner_rule
    guide, guide_picks = guide_rule
    place = _area_name(ctx.place) if ctx.place else None
    gaps = []
    if not ctx.place:
        gaps.append("无项目所在地或发生地，无法确定用工所在地")
    elif lead is None:
        gaps.append(f"{place} 所在区无劳动保障监察/人社局部门")
    if owner is None and ctx.place:
        gaps.append(f"{place} 无符合条件的包案领导：需 {_pick_desc(owner_picks)}")
    if guide is None and guide_picks and ctx.place:
        gaps.append(f"{place} 无符合条件的指导领导：需 {_pick_desc(guide_picks)}")
    return gaps
