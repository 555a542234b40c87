"""The key-supervision list (重点监管服务名单): entry, exit, visits and overdue visits.

State lives on the Enterprise node (``watchlist``, ``watchlist_since``, ``watchlist_reason``,
``watchlist_history`` — a list of JSON strings, one per entry or exit) and in Visit nodes
linked by VISITED. An enterprise enters by rule (:func:`entry_reasons`) or by hand, and
leaves only when no entry rule holds any more and an actor confirms with a reason.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from graph.enums import Label, RelType
from graph.errors import Conflict, InvalidValue, NotFound
from graph.store.protocol import GraphStore
from graph.store.records import NodeRecord, NodeRef, RelRecord
from graph.values import format_yuan
from queries.risk.assess import Assessment, enterprise_place
from queries.risk.facts import EnterpriseFacts, since

CHANGE_KINDS = {"layoff": "裁员", "abnormal_operation": "经营异常"}


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ListEntry(_Out):
    eid: str = Field(title="企业标识")
    name: str = Field(title="企业名称")
    since: str | None = Field(title="纳入日期")
    reason: str = Field(title="纳入原因")
    current_reasons: tuple[str, ...] = Field((), title="当前仍满足的条件")


class OverdueVisit(_Out):
    eid: str = Field(title="企业标识")
    name: str = Field(title="企业名称")
    missed_weeks: tuple[str, ...] = Field(title="未走访周次")
    last_visit: str | None = Field(title="最近走访")
    visits_this_week: int = Field(title="本周走访次数")
    responsible_unit: str | None = Field(title="责任单位")


# ------------------------------------------------------------------ entry rules


def entry_reasons(eid: str, a: Assessment) -> list[str]:
    """Why the enterprise should be on the list now: a high grade, repeated or serious
    violations, or an imminent major change in operations (layoff, abnormal operation)."""
    firm = a.facts.enterprises.get(eid)
    if firm is None:
        return []
    score = a.risk.enterprises.get(eid)
    out = []
    if score is not None and score.grade in a.policy.watchlist_grades:
        out.append(f"风险等级{score.grade_zh}（{score.score:.0f} 分）")
    return out + _offence_reasons(firm, a) + _change_reasons(firm, a)


def _offence_reasons(firm: EnterpriseFacts, a: Assessment) -> list[str]:
    """多次违法 (count of cases and violation signals in the window) and 严重违法 (amount)."""
    policy = a.policy
    start = since(a.facts.as_of, policy.lookback_months)
    offences = [c.amount for c in firm.cases if c.received >= start] + [
        s.amount for s in firm.signals if s.kind == "violation" and s.day >= start
    ]
    out = []
    if len(offences) >= policy.watchlist_violation_min:
        out.append(f"近{policy.lookback_months}个月违法或欠薪 {len(offences)} 次（多次违法）")
    serious = max(offences, default=0)
    if serious >= policy.watchlist_serious_amount_fen > 0:
        out.append(f"严重违法：涉及金额 {format_yuan(serious)}")
    return out


def _change_reasons(firm: EnterpriseFacts, a: Assessment) -> list[str]:
    """经营重大变化: a layoff or abnormal-operation signal in the last days."""
    today = a.facts.as_of
    recent = today - timedelta(days=a.policy.watchlist_change_days)
    found = {
        CHANGE_KINDS[s.kind]
        for s in firm.signals
        if s.kind in CHANGE_KINDS and recent <= s.day <= today
    }
    return [f"经营即将重大变化：{'、'.join(sorted(found))}"] if found else []


def _history(record: NodeRecord, event: dict[str, str]) -> list[str]:
    return [*record.get("watchlist_history", []), json.dumps(event, ensure_ascii=False)]


def _enterprise(store: GraphStore, eid: str) -> NodeRecord:
    record = store.get_node(NodeRef(Label.ENTERPRISE, eid))
    if record is None:
        raise NotFound("enterprise", eid)
    return record


def add(store: GraphStore, eid: str, actor: str, reason: str, today: date) -> None:
    """Put the enterprise on the list (by hand or by rule); already listed: no change."""
    if not reason.strip() or not actor.strip():
        raise InvalidValue("watchlist", eid, "needs an actor and a reason to enter the list")
    record = _enterprise(store, eid)
    if record.get("watchlist"):
        return
    event = {"at": today.isoformat(), "action": "enter", "by": actor, "reason": reason}
    store.upsert_nodes(
        Label.ENTERPRISE,
        [
            {
                "eid": eid,
                "watchlist": True,
                "watchlist_since": today.isoformat(),
                "watchlist_reason": reason,
                "watchlist_history": _history(record, event),
            }
        ],
    )


def apply_entry_rules(store: GraphStore, a: Assessment) -> dict[str, list[str]]:
    """Enter every enterprise an entry rule now names; returns those newly entered."""
    entered = {}
    for eid, firm in sorted(a.facts.enterprises.items()):
        if firm.watchlist:
            continue
        reasons = entry_reasons(eid, a)
        if reasons:
            add(store, eid, "规则", "；".join(reasons), a.facts.as_of)
            entered[eid] = reasons
    return entered


def remove(store: GraphStore, eid: str, actor: str, reason: str, a: Assessment) -> None:
    """Take the enterprise off the list; refused (:class:`Conflict`) while an entry rule
    still holds — the risk must be fixed first — or without an actor and a reason."""
    if not reason.strip() or not actor.strip():
        raise InvalidValue("watchlist", eid, "needs an actor and a reason to leave the list")
    record = _enterprise(store, eid)
    if not record.get("watchlist"):
        raise Conflict(f"enterprise {eid!r} is not on the key-supervision list")
    still = entry_reasons(eid, a)
    if still:
        raise Conflict(f"enterprise {eid!r} still meets entry conditions: {'；'.join(still)}")
    event = {"at": a.facts.as_of.isoformat(), "action": "exit", "by": actor, "reason": reason}
    store.upsert_nodes(
        Label.ENTERPRISE,
        [{"eid": eid, "watchlist": False, "watchlist_history": _history(record, event)}],
    )


def listed(store: GraphStore, a: Assessment | None = None) -> list[ListEntry]:
    """Enterprises on the list, with the entry conditions that still hold (when assessed)."""
    out = []
    for r in store.find_nodes(Label.ENTERPRISE, "watchlist", True):
        out.append(
            ListEntry(
                eid=r.ref.key,
                name=str(r.get("name", r.ref.key)),
                since=r.get("watchlist_since"),
                reason=str(r.get("watchlist_reason", "")),
                current_reasons=tuple(entry_reasons(r.ref.key, a)) if a else (),
            )
        )
    return out


# ------------------------------------------------------------------ visits


def visit_id(eid: str, day: date, visitor: str) -> str:
    """Stable id: one visit per enterprise, day and visitor (recording twice is idempotent)."""
    digest = hashlib.sha256(f"{eid}|{day.isoformat()}|{visitor}".encode()).hexdigest()[:16]
    return f"V-{digest.upper()}"


def record_visit(
    store: GraphStore, eid: str, day: date, visitor: str, *, agency: str, notes: str = ""
) -> str:
    """Record a guidance visit (走访) to the enterprise; returns the visit id."""
    _enterprise(store, eid)
    if not visitor.strip():
        raise InvalidValue("visitor", visitor, "must name the official who visited")
    vid = visit_id(eid, day, visitor)
    store.upsert_nodes(
        Label.VISIT,
        [
            {
                "id": vid,
                "date": day.isoformat(),
                "visitor": visitor,
                "agency": agency,
                "notes": notes,
            }
        ],
    )
    store.upsert_relationships(
        RelType.VISITED,
        [RelRecord(RelType.VISITED, NodeRef(Label.VISIT, vid), NodeRef(Label.ENTERPRISE, eid))],
    )
    return vid


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def required_weeks(listed_on: date, today: date, a: Assessment) -> list[date]:
    """Mondays of the finished weeks that need visits: inside the campaign, starting on or
    after the listing date, ended before ``today``."""
    policy = a.policy
    if policy.campaign_start is None:
        return []
    first = max(listed_on, policy.campaign_start)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    end = min(today, policy.campaign_end + timedelta(days=1)) if policy.campaign_end else today
    weeks = []
    while monday + timedelta(days=7) <= end:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def _visits(store: GraphStore) -> dict[str, list[date]]:
    days = {r.ref.key: date.fromisoformat(str(r.get("date"))) for r in store.nodes(Label.VISIT)}
    out: dict[str, list[date]] = defaultdict(list)
    for rel in store.relationships(RelType.VISITED):
        if rel.src.key in days:
            out[rel.dst.key].append(days[rel.src.key])
    return out


def overdue_visits(store: GraphStore, a: Assessment) -> list[OverdueVisit]:
    """Listed enterprises that missed the weekly visit cadence in a finished campaign week,
    each with its responsible unit."""
    today, per_week = a.facts.as_of, a.policy.visits_per_week
    visits = _visits(store)
    out = []
    for entry in listed(store):
        days = visits.get(entry.eid, [])
        weeks = required_weeks(date.fromisoformat(entry.since or today.isoformat()), today, a)
        missed = tuple(
            iso_week(m)
            for m in weeks
            if sum(m <= d < m + timedelta(days=7) for d in days) < per_week
        )
        if missed:
            out.append(_overdue(entry, missed, days, a))
    return out


def _overdue(
    entry: ListEntry, missed: tuple[str, ...], days: list[date], a: Assessment
) -> OverdueVisit:
    today = a.facts.as_of
    this_week = sum(iso_week(d) == iso_week(today) for d in days)
    firm = a.facts.enterprises.get(entry.eid)
    place = enterprise_place(firm, a.facts) if firm else None
    return OverdueVisit(
        eid=entry.eid,
        name=entry.name,
        missed_weeks=missed,
        last_visit=max(days).isoformat() if days else None,
        visits_this_week=this_week,
        responsible_unit=a.router.unit(place, "other", False),
    )
