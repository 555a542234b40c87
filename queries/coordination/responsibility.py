"""Who answers for a case, a project, or a street + sector (责任查询).

For a place (and optionally a project) the answer is the 包案 decision a new ordinary complaint
there would get today, from the same pure rules as :func:`decide_assignment`, plus the sector
regulator (谁主管谁负责), the leader and guide candidates of the grade and the intake deadline.
For a case it is what was actually assigned (stored ASSIGNED_TO / LED_BY, including 督办 added
by overdue escalation); the freshly computed decision is shown only as a suggestion, when it
differs. A case with nothing stored gets the computed decision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Literal

from pydantic import Field

from graph.areas import area_registry
from graph.enums import Label, RelType, Sector
from graph.errors import InvalidValue, NotFound
from graph.store.protocol import GraphStore
from graph.store.records import CaseContext, NodeRecord, NodeRef, RelRecord
from queries.coordination.assign import Lookup, gather_inputs, owned_by_assignment, place_inputs
from queries.coordination.assignment import (
    ASSIST,
    GUIDE,
    LEAD,
    OWNER,
    SUPERVISE,
    TERRITORIAL,
    Assignment,
    AssignmentInputs,
    LeaderRole,
    Out,
    UnitRole,
    agencies_at,
    decide_assignment,
    eligible,
)
from queries.coordination.lifecycle import deadline_of
from queries.coordination.policy import GRADE_TITLES, CoordinationPolicy, Grade, Level, Pick
from queries.coordination.workdays import add_days

REGULATOR = "行业主管"


class Deadline(Out):
    stage: str = Field(title="阶段", examples=["received"])
    due: str = Field(title="期限", examples=["2024-06-07"])
    basis: str = Field(title="计算依据", examples=["自 2024-06-01 起 5 个工作日"])


class Suggestion(Out):
    """The decision the rules give today, when it differs from what was assigned."""

    units: tuple[UnitRole, ...] = Field(title="建议责任单位")
    owner: LeaderRole | None = Field(title="建议包案领导")
    guide: LeaderRole | None = Field(title="建议指导领导")
    differences: tuple[str, ...] = Field(title="与已分派的差异")
    trace: tuple[str, ...] = Field(title="规则轨迹")


class Responsibility(Out):
    """Who answers for a case, project or street + sector."""

    subject: str = Field(title="查询对象", examples=["Case:C-2024-0001"])
    basis: Literal["assigned", "computed"] = Field(
        title="答复来源", description="assigned：已分派（图中记录）；computed：按规则推算"
    )
    place: str | None = Field(title="用工所在地", examples=["310115004"])
    place_name: str | None = Field(title="所在地名称", examples=["上海市浦东新区潍坊新村街道"])
    sector: str = Field(title="行业", examples=["building"])
    grade: str = Field(title="等级", examples=["ordinary"])
    grade_title: str = Field(title="等级名称", examples=["普通"])
    lead_unit: UnitRole | None = Field(title="主办单位")
    co_units: tuple[UnitRole, ...] = Field(title="协办单位")
    territorial: tuple[UnitRole, ...] = Field(title="属地责任单位")
    supervisors: tuple[UnitRole, ...] = Field(title="督办单位")
    regulator: UnitRole | None = Field(title="行业主管部门")
    owner: LeaderRole | None = Field(title="包案领导")
    guide: LeaderRole | None = Field(title="指导领导")
    owner_candidates: tuple[LeaderRole, ...] = Field((), title="包案领导候选")
    guide_candidates: tuple[LeaderRole, ...] = Field((), title="指导领导候选")
    deadline: Deadline | None = Field(title="办理期限")
    report_immediately: bool = Field(title="即时专报")
    problems: tuple[str, ...] = Field(title="未能确定的原因")
    trace: tuple[str, ...] = Field(title="规则轨迹")
    suggestion: Suggestion | None = Field(None, title="按规则的建议（与已分派不同时）")


# ------------------------------------------------------------------ places and projects


def responsibility_for_place(
    store: GraphStore,
    area: str | None,
    sector: str,
    *,
    project: str | None = None,
    policy: CoordinationPolicy,
    lookup: Lookup | None = None,
    today: date | None = None,
) -> Responsibility:
    """The decision for a new ordinary complaint at ``area`` in ``sector`` (on ``project`` when
    given: its funding and chain problems count), received ``today``; no open-case loads, so
    the owner is the first candidate by rank and id."""
    sector = _sector(sector)
    node = _project(store, project) if project else None
    subject = f"Project:{project}" if project else f"Area:{area}/{sector}"
    base = place_inputs(lookup or Lookup(store), subject, area or None, node)
    inputs = replace(base, sector=sector)
    result = decide_assignment(inputs, policy, Counter())
    return _answer(inputs, result, policy, _intake_deadline(policy, today or date.today()))


def responsibility_for_project(
    store: GraphStore,
    code: str,
    *,
    policy: CoordinationPolicy,
    lookup: Lookup | None = None,
    today: date | None = None,
) -> Responsibility:
    """:func:`responsibility_for_place` at the project's area, in its sector."""
    node = _project(store, code)
    area = str(node.get("area") or "") or None
    return responsibility_for_place(
        store,
        area,
        str(node.get("sector") or "other"),
        project=code,
        policy=policy,
        lookup=lookup,
        today=today,
    )


def _sector(sector: str) -> str:
    try:
        return Sector(sector).value
    except ValueError as exc:
        raise InvalidValue("sector", sector, f"is not a sector ({', '.join(Sector)})") from exc


def _project(store: GraphStore, code: str) -> NodeRecord:
    node = store.get_node(NodeRef(Label.PROJECT, code))
    if node is None:
        raise NotFound("project", code)
    return node


def _intake_deadline(policy: CoordinationPolicy, today: date) -> Deadline | None:
    rule = policy.deadlines.get("received")
    if rule is None:
        return None
    due = add_days(today, rule.days, rule.unit)
    unit = "个工作日" if rule.unit == "working" else "天"
    return Deadline(
        stage="received",
        due=due.due.isoformat(),
        basis=f"自 {today.isoformat()} 受理起 {rule.days} {unit}",
    )


# ------------------------------------------------------------------ the shared answer


def _answer(
    inputs: AssignmentInputs,
    result: Assignment,
    policy: CoordinationPolicy,
    deadline: Deadline | None,
) -> Responsibility:
    """The computed decision as an answer (``basis`` computed)."""
    rule = policy.leaders[result.grade]
    return Responsibility(
        subject=inputs.case_id,
        basis="computed",
        place=inputs.place,
        place_name=_place_name(inputs.place),
        sector=inputs.sector,
        grade=result.grade.value,
        grade_title=result.grade_title,
        **_split(result.units),
        regulator=regulator(inputs, policy),
        owner=result.owner,
        guide=result.guide,
        owner_candidates=candidates(inputs, rule.owner, OWNER),
        guide_candidates=candidates(inputs, rule.guide, GUIDE),
        deadline=deadline,
        report_immediately=result.report_immediately,
        problems=result.problems,
        trace=result.trace,
    )


def _split(units: Iterable[UnitRole]) -> dict[str, object]:
    """Units by role: lead_unit, co_units, territorial, supervisors."""
    units = tuple(units)
    return {
        "lead_unit": next((u for u in units if u.role == LEAD), None),
        "co_units": tuple(u for u in units if u.role == ASSIST),
        "territorial": tuple(u for u in units if u.role == TERRITORIAL),
        "supervisors": tuple(u for u in units if u.role == SUPERVISE),
    }


def _place_name(place: str | None) -> str | None:
    return area_registry().full_name(place) if place else None


def regulator(inputs: AssignmentInputs, policy: CoordinationPolicy) -> UnitRole | None:
    """The sector regulator of the place (district first, then city): 谁主管谁负责 (R-7)."""
    kinds = tuple(policy.sector_regulators.get(Sector(inputs.sector), ()))
    for level in (Level.DISTRICT, Level.CITY):
        found = agencies_at(inputs, level, kinds)
        if found:
            return UnitRole(
                role=REGULATOR,
                agency_id=found[0].id,
                agency_name=found[0].name,
                reason=f"R-7 谁主管谁负责（{inputs.sector}）",
            )
    return None


def candidates(
    inputs: AssignmentInputs, picks: tuple[Pick, ...], role: str
) -> tuple[LeaderRole, ...]:
    """Officials eligible under the first pick that has any (the pool the leader comes from),
    lower rank first."""
    for pick in picks:
        found = sorted(eligible(inputs, pick), key=lambda o: (o.rank, o.id))
        if found:
            why = f"{'、'.join(pick.agency_kinds)}（{pick.level}，职级≥{pick.min_rank}）"
            return tuple(
                LeaderRole(
                    role=role,
                    official_id=o.id,
                    name=o.name,
                    title=o.title,
                    rank=o.rank,
                    agency_id=o.agency,
                    reason=why,
                )
                for o in found
            )
    return ()


# ------------------------------------------------------------------ cases


def responsibility_for_case(
    store: GraphStore,
    case_id: str,
    *,
    policy: CoordinationPolicy,
    lookup: Lookup | None = None,
    loads: Mapping[str, int] | None = None,
) -> Responsibility:
    """What was assigned to the case (basis ``assigned``), with the rules' decision as a
    suggestion when it differs; a case with nothing assigned gets the decision (``computed``).
    ``loads`` (open cases per official) balance a suggested new leader; default none."""
    ctx = store.case_context(case_id)
    inputs = gather_inputs(store, ctx, lookup or Lookup(store))
    result = decide_assignment(inputs, policy, loads or Counter())
    deadline = _case_deadline(ctx, policy)
    computed = _answer(inputs, result, policy, deadline)
    computed = computed.model_copy(update={"subject": f"Case:{case_id}"})
    stored = [r for r in ctx.handling if r.type in (RelType.ASSIGNED_TO, RelType.LED_BY)]
    if not stored:
        return computed
    return _assigned(store, ctx, stored, computed, result)


def _case_deadline(ctx: CaseContext, policy: CoordinationPolicy) -> Deadline | None:
    found = deadline_of(ctx.case, policy)
    if found is None:
        return None
    return Deadline(
        stage=found.state,
        due=found.due.isoformat(),
        basis=f"自 {found.anchor_day.isoformat()} 起算",
    )


def _assigned(
    store: GraphStore,
    ctx: CaseContext,
    stored: list[RelRecord],
    computed: Responsibility,
    result: Assignment,
) -> Responsibility:
    """The stored assignment as the answer; the computed one as a suggestion if different."""
    nodes = store.get_nodes([r.dst for r in stored])
    units = [_stored_unit(r, nodes.get(r.dst)) for r in stored if r.type is RelType.ASSIGNED_TO]
    leaders = {
        r.key: _stored_leader(r, nodes.get(r.dst)) for r in stored if r.type is RelType.LED_BY
    }
    grade = _stored_grade(ctx.case, result.grade)
    trace = [f"已分派 {u.role}：{u.agency_name}（{u.reason or '未记录依据'}）" for u in units]
    trace += [
        f"已分派 {p.role}：{p.name} {p.title}（{p.reason or '未记录依据'}）"
        for p in leaders.values()
    ]
    differences = _differences(stored, units, leaders, result)
    return computed.model_copy(
        update={
            "basis": "assigned",
            "grade": grade.value,
            "grade_title": GRADE_TITLES[grade],
            **_split(units),
            "owner": leaders.get(OWNER),
            "guide": leaders.get(GUIDE),
            "problems": tuple(str(p) for p in ctx.case.get("assignment_problems") or ()),
            "trace": tuple(trace),
            "suggestion": _suggestion(result, differences) if differences else None,
        }
    )


def _stored_unit(rel: RelRecord, node: NodeRecord | None) -> UnitRole:
    name = str(node.get("name", rel.dst.key)) if node else rel.dst.key
    return UnitRole(
        role=rel.key or str(rel.get("role", "")),
        agency_id=rel.dst.key,
        agency_name=name,
        reason=str(rel.get("reason") or ""),
    )


def _stored_leader(rel: RelRecord, node: NodeRecord | None) -> LeaderRole:
    p = node.props if node else {}
    return LeaderRole(
        role=rel.key or str(rel.get("role", "")),
        official_id=rel.dst.key,
        name=str(p.get("name", rel.dst.key)),
        title=str(p.get("title", "")),
        rank=int(p.get("rank", 1)),
        agency_id=str(p.get("agency", "")),
        reason=str(rel.get("reason") or ""),
    )


def _stored_grade(case: NodeRecord, computed: Grade) -> Grade:
    try:
        return Grade(str(case.get("severity")))
    except ValueError:
        return computed


def _differences(
    stored: list[RelRecord],
    units: list[UnitRole],
    leaders: Mapping[str, LeaderRole],
    result: Assignment,
) -> list[str]:
    """What the rules would change: units the assignment owns (not escalation's 督办) and
    the leaders."""
    owned = {
        (r.key, r.dst.key)
        for r in stored
        if r.type is RelType.ASSIGNED_TO and owned_by_assignment(r)
    }
    wanted = {(u.role, u.agency_id): u for u in result.units}
    names = {(u.role, u.agency_id): u.agency_name for u in units}
    out = [
        f"新增 {role}：{wanted[(role, a)].agency_name}" for role, a in sorted(wanted.keys() - owned)
    ]
    out += [f"不再 {role}：{names.get((role, a), a)}" for role, a in sorted(owned - wanted.keys())]
    for role, leader in ((OWNER, result.owner), (GUIDE, result.guide)):
        have = leaders.get(role)
        if (have.official_id if have else None) != (leader.official_id if leader else None):
            out.append(
                f"{role}领导：{have.name if have else '未定'} → {leader.name if leader else '未定'}"
            )
    return out


def _suggestion(result: Assignment, differences: list[str]) -> Suggestion:
    return Suggestion(
        units=result.units,
        owner=result.owner,
        guide=result.guide,
        differences=tuple(differences),
        trace=result.trace,
    )


__all__ = [
    "Deadline",
    "Responsibility",
    "Suggestion",
    "candidates",
    "regulator",
    "responsibility_for_case",
    "responsibility_for_place",
    "responsibility_for_project",
]
