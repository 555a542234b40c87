"""Persisting a coordination group: the CoordinationGroup node, IN_GROUP and LINKED_WITH.

Idempotent: recording the same group twice writes the same rows. ``created_at`` and each
task's due date and status are kept from the first recording, so a later run does not move
deadlines or reopen finished tasks. LINKED_WITH is a star from the lead case (the earliest
case of the lead district) to every other case, keyed by the group id.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from queries.crossdistrict.models import Group, Task


def task_key(task: dict[str, Any]) -> tuple[str, str, str]:
    return (str(task["district"]), str(task["kind"]), str(task["subject"]))


def lead_case(group: Group) -> str:
    """The earliest case of the lead district (cases are sorted by date, then id)."""
    return next(c.id for c in group.cases if c.district == group.lead_district)


def record_group(store: GraphStore, group: Group, actor: str, now: datetime) -> str:
    """Upsert the group's node and relationships; returns the group id."""
    ref = NodeRef(Label.COORDINATION_GROUP, group.id)
    existing = store.get_node(ref)
    before = existing.props if existing else {}
    store.upsert_nodes(Label.COORDINATION_GROUP, [_node_row(group, actor, now, before)])
    cases = [NodeRef(Label.CASE, c.id) for c in group.cases]
    store.upsert_relationships(
        RelType.IN_GROUP, [RelRecord(RelType.IN_GROUP, c, ref) for c in cases]
    )
    hub = NodeRef(Label.CASE, lead_case(group))
    props = {"group": group.id, "reason": "跨区域同一欠薪主体或关联主体"}
    links = [RelRecord(RelType.LINKED_WITH, hub, c, group.id, props) for c in cases if c != hub]
    store.upsert_relationships(RelType.LINKED_WITH, links)
    return group.id


def _node_row(group: Group, actor: str, now: datetime, before: Any) -> dict[str, Any]:
    return {
        "id": group.id,
        "created_at": before.get("created_at") or now.isoformat(timespec="seconds"),
        "created_by": before.get("created_by") or actor,
        "span": group.span,
        "districts": [d.code for d in group.districts],
        "lead_district": group.lead_district,
        "co_districts": list(group.co_districts),
        "coordinator": group.coordinator.name,
        "coordinator_area": group.coordinator.area or "",
        "cases": len(group.cases),
        "workers": group.workers,
        "amount_owed": group.amount_fen,
        "spreading": group.spreading,
        "tasks": _merged_tasks(group.tasks, before.get("tasks") or []),
        "status": before.get("status") or "open",
    }


def _merged_tasks(tasks: tuple[Task, ...], stored: list[str]) -> list[str]:
    """Tasks as JSON strings; a task recorded before keeps its due date and status."""
    old = {task_key(t): t for t in (json.loads(s) for s in stored)}
    out = []
    for task in tasks:
        row = task.model_dump(mode="json")
        previous = old.get(task_key(row))
        if previous:
            row.update(due=previous["due"], status=previous["status"])
        out.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return out
