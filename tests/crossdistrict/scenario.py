"""Small named cross-district scenarios, written through the store's upserts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from graph.values import uscc_check_char

NOW = date(2026, 6, 30)
PUDONG, XUHUI, JINGAN = "310115", "310104", "310106"
LUJIAZUI = "310115005"
NANJING_XUANWU, WUXI_XISHAN = "320102", "320205"


def uscc(body: str) -> str:
    """A valid USCC from 17 characters (check character appended)."""
    return body + uscc_check_char(body)


A_USCC = uscc("91310104MA1K3AAA1")
B_USCC = uscc("91310115MA1K3BBB2")
C_USCC = uscc("91320102MA1K3CCC3")


def ent(eid: str) -> NodeRef:
    return NodeRef(Label.ENTERPRISE, eid)


def person(pid: str) -> NodeRef:
    return NodeRef(Label.PERSON, pid)


@dataclass
class Builder:
    store: GraphStore
    serial: int = 0

    def enterprise(
        self, eid: str, name: str, *, area: str | None = None, address: str | None = None
    ) -> NodeRef:
        row: dict[str, object] = {"eid": eid, "name": name}
        if not eid.startswith("X-"):
            row["uscc"] = eid
        if area:
            row["registered_area"] = area
        if address:
            row["address"] = address
        self.store.upsert_nodes(Label.ENTERPRISE, [row])
        return ent(eid)

    def person(self, pid: str, name: str) -> NodeRef:
        self.store.upsert_nodes(
            Label.PERSON, [{"pid": pid, "name": name, "id_masked": "990***********0001"}]
        )
        return person(pid)

    def tie(self, rel_type: RelType, src: NodeRef, dst: NodeRef, project: str = "") -> None:
        props = {"project": project} if project else {}
        self.store.upsert_relationships(rel_type, [RelRecord(rel_type, src, dst, project, props)])

    def case(
        self,
        site: str,
        against: list[NodeRef],
        *,
        days_ago: int = 100,
        workers: int = 5,
        amount_fen: int = 1_000_000,
        status: str = "received",
        employers: tuple[NodeRef, ...] = (),
    ) -> str:
        """An open (by default) case on a new project at ``site``; returns the case id."""
        self.serial += 1
        case_id, project = f"C{self.serial:03d}", f"P{self.serial:03d}"
        self.store.upsert_nodes(
            Label.PROJECT, [{"code": project, "name": f"项目{self.serial}", "area": site}]
        )
        received = (NOW - timedelta(days=days_ago)).isoformat()
        self.store.upsert_nodes(
            Label.CASE,
            [
                {
                    "id": case_id,
                    "source": "12345",
                    "kind": "投诉",
                    "received_at": received,
                    "status": status,
                    "workers": workers,
                    "amount_owed": amount_fen,
                    "project": project,
                }
            ],
        )
        ref = NodeRef(Label.CASE, case_id)
        self.store.upsert_relationships(
            RelType.CONCERNS, [RelRecord(RelType.CONCERNS, ref, NodeRef(Label.PROJECT, project))]
        )
        self.store.upsert_relationships(
            RelType.AGAINST, [RelRecord(RelType.AGAINST, ref, r) for r in against]
        )
        for employer in employers:
            self.claimant(case_id, project, employer)
        return case_id

    def claimant(
        self, case_id: str, project: str, employer: NodeRef, owed_fen: int = 500_000
    ) -> None:
        """A worker of ``employer`` on ``project`` who is owed wages and claims in the case."""
        worker = self.person(f"w-{case_id}-{employer.key}", "工人")
        employed = {"project": project, "wages_due": owed_fen, "wages_paid": 0, "months_owed": 2}
        self.store.upsert_relationships(
            RelType.EMPLOYED_BY,
            [RelRecord(RelType.EMPLOYED_BY, worker, employer, project, employed)],
        )
        case = NodeRef(Label.CASE, case_id)
        self.store.upsert_relationships(
            RelType.CLAIMANT_IN, [RelRecord(RelType.CLAIMANT_IN, worker, case)]
        )
