"""The case lifecycle: states, legal transitions, history, deadlines and overdue escalation.

received (线索受理) → verifying (核查) → mediation (调解) / inspection_filed (监察立案) →
handling (处置) → return_visit (回访) → closed (结案销号), with branches for arbitration (仲裁),
referral to police (两法衔接), guarantee-fund advance (保障金垫付), cancellation (不予受理/核查
不实) and transfer to another competent authority (移送管辖). Every change appends
{at, actor, from, to, reason} to the Case's ``history`` (a list of JSON strings).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from graph.enums import AgencyKind, Label, RelType
from graph.errors import Conflict, InvalidValue, NotFound
from graph.store.protocol import GraphStore
from graph.store.records import CLOSED_CASE_STATES, NodeRecord, NodeRef, RelRecord
from queries.coordination.policy import CoordinationPolicy
from queries.coordination.workdays import DueDate, add_days

STATE_TITLES: dict[str, str] = {
    "received": "线索受理",
    "verifying": "核查",
    "mediation": "调解",
    "inspection_filed": "监察立案",
    "handling": "处置",
    "arbitration": "仲裁",
    "referred_to_police": "移送公安",
    "fund_advance_requested": "申请保障金垫付",
    "return_visit": "回访",
    "closed": "结案销号",
    "cancelled": "不予受理/撤销",
    "transferred_out": "移送管辖",
}

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("verifying", "cancelled", "transferred_out"),
    "verifying": (
        "mediation",
        "inspection_filed",
        "arbitration",
        "referred_to_police",
        "fund_advance_requested",
        "cancelled",
        "transferred_out",
    ),
    "mediation": ("handling", "return_visit", "inspection_filed", "arbitration"),
    "inspection_filed": ("handling", "referred_to_police", "fund_advance_requested"),
    "handling": (
        "return_visit",
        "referred_to_police",
        "fund_advance_requested",
        "arbitration",
        "mediation",
    ),
    "arbitration": ("handling", "return_visit"),
    "referred_to_police": ("handling", "return_visit"),
    "fund_advance_requested": ("handling", "return_visit"),
    "return_visit": ("closed", "handling"),
    "closed": (),
    "cancelled": (),
    "transferred_out": (),
}
"""Allowed moves; everything else is refused with :class:`graph.errors.Conflict`."""

LIABILITY_MISSING = (
    "referral to police needs the criminal test of queries.liability.liability_for_case, "
    "which is not available"
)

MEDIATION_SUCCESS = frozenset({"handling", "return_visit"})
"""Leaving mediation to these states means an agreement was reached (调解成功)."""


def state_name(state: str) -> str:
    return f"{STATE_TITLES.get(state, state)}({state})"


# ------------------------------------------------------------------ history


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: str
    actor: str
    from_state: str
    to_state: str
    reason: str

    def to_json(self) -> str:
        row = {
            "at": self.at,
            "actor": self.actor,
            "from": self.from_state,
            "to": self.to_state,
            "reason": self.reason,
        }
        return json.dumps(row, ensure_ascii=False, sort_keys=True)

    @property
    def day(self) -> date:
        return date.fromisoformat(self.at[:10])


def history_of(case: NodeRecord | Mapping[str, Any]) -> list[HistoryEntry]:
    """The case's history entries, oldest first."""
    raw = case.get("history") or []
    out = []
    for text in raw:
        row = json.loads(text)
        out.append(HistoryEntry(row["at"], row["actor"], row["from"], row["to"], row["reason"]))
    return out


def append_history(case: NodeRecord, entry: HistoryEntry) -> list[str]:
    return [*list(case.get("history") or []), entry.to_json()]


def case_node(store: GraphStore, case_id: str) -> NodeRecord:
    node = store.get_node(NodeRef(Label.CASE, case_id))
    if node is None:
        raise NotFound("case", case_id)
    return node


# ------------------------------------------------------------------ deadlines


@dataclass(frozen=True, slots=True)
class Deadline:
    state: str
    anchor_day: date
    due: date
    extended: bool
    warning: str | None = None


def received_on(case: NodeRecord) -> date:
    return date.fromisoformat(str(case.get("received_at"))[:10])


def entered_on(case: NodeRecord, state: str) -> date | None:
    """The day the case last entered ``state`` (received: its received_at). A case imported
    without history is taken to have entered its stages on its received day."""
    history = history_of(case)
    if state == "received" or not history:
        return received_on(case)
    days = [e.day for e in history if e.to_state == state]
    return days[-1] if days else None


def deadline_of(case: NodeRecord, policy: CoordinationPolicy) -> Deadline | None:
    """The deadline of the case's current stage, or None (closed, or no rule for the stage)."""
    state = str(case.get("status", "received"))
    rule = policy.deadlines.get(state)
    if rule is None or state in CLOSED_CASE_STATES:
        return None
    anchor = entered_on(case, rule.anchor)
    if anchor is None:
        return None
    extended = rule.anchor in (case.get("extended_stages") or [])
    days = rule.days + (rule.extension_days if extended else 0)
    due: DueDate = add_days(anchor, days, rule.unit)
    return Deadline(state, anchor, due.due, extended, due.warning)


# ------------------------------------------------------------------ transitions


def _check_move(case_id: str, current: str, target: str) -> None:
    if target not in STATE_TITLES:
        known = ", ".join(STATE_TITLES)
        raise InvalidValue("state", target, f"is not a case state; states: {known}")
    allowed = TRANSITIONS.get(current, ())
    if target not in allowed:
        names = "、".join(state_name(s) for s in allowed) or "无（终结状态）"
        raise Conflict(
            f"case {case_id!r}: cannot move from {state_name(current)} to {state_name(target)}; "
            f"allowed: {names}"
        )


def transition(
    store: GraphStore,
    case_id: str,
    to_state: str,
    *,
    actor: str,
    reason: str,
    now: datetime,
    approval: str | None = None,
) -> NodeRecord:
    """Move a case to ``to_state`` if the table allows it, recording who, when and why.

    Referral to police requires the liability engine's criminal test to hold. ``approval``
    (an approval reference) is recorded in the history entry.
    """
    if not reason.strip():
        raise InvalidValue("reason", reason, "must say why the case moves")
    case = case_node(store, case_id)
    current = str(case.get("status", "received"))
    _check_move(case_id, current, to_state)
    why = f"{reason}（批准：{approval}）" if approval else reason
    if to_state == "referred_to_police":
        why = f"{why}；{_refer_to_police(store, case)}"
    entry = HistoryEntry(now.isoformat(timespec="seconds"), actor, current, to_state, why)
    props = {"id": case_id, "status": to_state, "history": append_history(case, entry)}
    store.upsert_nodes(Label.CASE, [props])
    return case_node(store, case_id)


def _criminal_referrals(store: GraphStore, case_id: str) -> list[Any]:
    """The liability engine's criminal referrals for the case (imported lazily)."""
    try:
        module = importlib.import_module("queries.liability")
    except ImportError as exc:
        raise Conflict(f"case {case_id!r}: {LIABILITY_MISSING}") from exc
    engine = getattr(module, "liability_for_case", None)
    if engine is None:
        raise Conflict(f"case {case_id!r}: {LIABILITY_MISSING}")
    return list(engine(store, case_id).criminal_referral)


def _refer_to_police(store: GraphStore, case: NodeRecord) -> str:
    """Check the criminal test and write REFERRED_TO Case→公安 of the case's district."""
    case_id = case.ref.key
    referrals = _criminal_referrals(store, case_id)
    if not referrals:
        raise Conflict(
            f"case {case_id!r}: cannot refer to police: the criminal test "
            "(拒不支付劳动报酬罪, 刑法276条之一) does not hold for any party"
        )
    district = _district_of(store, case)
    police = [
        a
        for a in store.find_nodes(Label.AGENCY, "area", district or "")
        if a.get("kind") == AgencyKind.POLICE.value
    ]
    if not police:
        raise Conflict(f"case {case_id!r}: no 公安 agency in district {district!r} to refer to")
    rel = RelRecord(
        RelType.REFERRED_TO,
        case.ref,
        police[0].ref,
        "两法衔接",
        {"role": "两法衔接", "subjects": len(referrals)},
    )
    store.upsert_relationships(RelType.REFERRED_TO, [rel])
    return f"移送 {police[0].get('name')}（{len(referrals)} 名涉罪主体）"


def _district_of(store: GraphStore, case: NodeRecord) -> str | None:
    """The district of the place of employment: project area, else the case's area."""
    for rel in store.relationships_of(case.ref, RelType.CONCERNS, "out"):
        project = store.get_node(rel.dst)
        if project is not None and project.get("area"):
            return str(project.get("area"))[:6]
    for rel in store.relationships_of(case.ref, RelType.OCCURRED_IN, "out"):
        return rel.dst.key[:6]
    area = case.get("area")
    return str(area)[:6] if area else None


def extend_deadline(
    store: GraphStore,
    case_id: str,
    *,
    actor: str,
    approval: str,
    now: datetime,
    policy: CoordinationPolicy,
) -> NodeRecord:
    """Grant the approved extension (+30 working days inspection, +15 days arbitration)."""
    case = case_node(store, case_id)
    state = str(case.get("status", "received"))
    rule = policy.deadlines.get(state)
    if rule is None or rule.extension_days == 0:
        raise Conflict(f"case {case_id!r}: stage {state_name(state)} has no extension")
    stages = list(case.get("extended_stages") or [])
    if rule.anchor in stages:
        raise Conflict(f"case {case_id!r}: stage {state_name(state)} was already extended")
    reason = f"延长期限 {rule.extension_days} 天（批准：{approval}）"
    entry = HistoryEntry(now.isoformat(timespec="seconds"), actor, state, state, reason)
    props = {
        "id": case_id,
        "extended_stages": [*stages, rule.anchor],
        "history": append_history(case, entry),
    }
    store.upsert_nodes(Label.CASE, [props])
    return case_node(store, case_id)
