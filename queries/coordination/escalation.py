"""Overdue cases escalate to supervision (督办) by the superior of their lead unit.

Idempotent: a case escalated for a stage deadline is not escalated again for the same one.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import CaseContext, NodeRef, RelRecord
from queries.coordination.assign import Lookup, place_of_employment
from queries.coordination.assignment import LEAD, SUPERVISE, AgencyInfo
from queries.coordination.lifecycle import (
    Deadline,
    HistoryEntry,
    append_history,
    deadline_of,
    state_name,
)
from queries.coordination.policy import CoordinationPolicy


class Escalation(BaseModel):
    """One overdue case sent to supervision, or the reason it could not be."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    case_id: str = Field(title="案件编号")
    state: str = Field(title="状态")
    due: str = Field(title="期限")
    days_overdue: int = Field(title="逾期天数")
    supervisor_id: str | None = Field(title="督办部门编号")
    supervisor_name: str | None = Field(title="督办部门")
    problem: str | None = Field(None, title="未能督办的原因")


def _lead_agency(ctx: CaseContext, lookup: Lookup, kinds: tuple[str, ...]) -> str | None:
    """The lead unit, else the district's first lead-unit-kind agency (unassigned cases)."""
    leads = [r.dst.key for r in ctx.handling if r.type is RelType.ASSIGNED_TO and r.key == LEAD]
    if leads:
        return leads[0]
    place = place_of_employment(ctx)
    found = lookup.agencies_in(place[:6]) if place else []
    hr = sorted((a for a in found if a.kind in kinds), key=lambda a: kinds.index(a.kind))
    return hr[0].id if hr else None


def _already(ctx: CaseContext, mark: str) -> bool:
    return any(
        r.type is RelType.ASSIGNED_TO and r.get("overdue_stage") == mark for r in ctx.handling
    )


def _escalate_one(
    store: GraphStore,
    ctx: CaseContext,
    deadline: Deadline,
    lookup: Lookup,
    *,
    actor: str,
    now: datetime,
    kinds: tuple[str, ...],
) -> Escalation:
    case_id = ctx.case.ref.key
    lead = _lead_agency(ctx, lookup, kinds)
    superior: AgencyInfo | None = lookup.superior(lead) if lead else None
    base = {
        "case_id": case_id,
        "state": deadline.state,
        "due": deadline.due.isoformat(),
        "days_overdue": (now.date() - deadline.due).days,
    }
    if superior is None:
        why = "无主办单位" if lead is None else f"主办单位 {lead} 无上级部门（REPORTS_TO）"
        return Escalation(**base, supervisor_id=None, supervisor_name=None, problem=why)
    _write(store, ctx, superior, deadline, actor=actor, now=now)
    return Escalation(**base, supervisor_id=superior.id, supervisor_name=superior.name)


def _write(
    store: GraphStore,
    ctx: CaseContext,
    superior: AgencyInfo,
    deadline: Deadline,
    *,
    actor: str,
    now: datetime,
) -> None:
    at = now.isoformat(timespec="seconds")
    reason = f"逾期督办：{state_name(deadline.state)} 期限 {deadline.due.isoformat()} 已过"
    mark = f"{deadline.state}:{deadline.due.isoformat()}"
    target = NodeRef(Label.AGENCY, superior.id)
    prior = [
        str(r.get("reason"))
        for r in ctx.handling
        if r.type is RelType.ASSIGNED_TO and r.dst == target and r.key == SUPERVISE
    ]
    props = {
        "role": SUPERVISE,
        "assigned_at": at,
        "reason": "；".join([*prior, reason]),
        "overdue_stage": mark,
    }
    rel = RelRecord(RelType.ASSIGNED_TO, ctx.case.ref, target, SUPERVISE, props)
    store.upsert_relationships(RelType.ASSIGNED_TO, [rel])
    note = f"{reason}，{superior.name}督办"
    entry = HistoryEntry(at, actor, deadline.state, deadline.state, note)
    store.upsert_nodes(
        Label.CASE,
        [{"id": ctx.case.ref.key, "supervised": True, "history": append_history(ctx.case, entry)}],
    )


def escalate_overdue(
    store: GraphStore,
    now: datetime,
    actor: str,
    policy: CoordinationPolicy,
) -> list[Escalation]:
    """Escalate every open case past its stage deadline (not yet escalated for it)."""
    lookup = Lookup(store)
    out = []
    for ctx in store.case_contexts():
        deadline = deadline_of(ctx.case, policy) if ctx.is_open else None
        if deadline is None or now.date() <= deadline.due:
            continue
        if _already(ctx, f"{deadline.state}:{deadline.due.isoformat()}"):
            continue
        kinds = tuple(policy.lead_unit_kinds)
        out.append(_escalate_one(store, ctx, deadline, lookup, actor=actor, now=now, kinds=kinds))
    return out
