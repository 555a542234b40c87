"""A tiny city builder for risk tests: named enterprises, projects, chains, workers, signals.

Writes straight through the store protocol with the same property shapes the loaders write
(signals through :func:`loaders.signals.signal_props`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from graph.values import uscc_check_char
from loaders.signals import about, signal_props

DISTRICT = "310115"
STREET = "310115001"
AS_OF = date(2025, 6, 15)


def uscc(n: int) -> str:
    """A valid USCC numbered n (synthetic: the registration part is 99…)."""
    first = f"91310115MA99{n:05d}"
    return first + uscc_check_char(first)


def ent(ref: str) -> NodeRef:
    return NodeRef(Label.ENTERPRISE, ref)


class City:
    """Builder over a store; every method writes at once and returns the key it made."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._signals = 0

    def agencies(self) -> None:
        rows: list[dict[str, Any]] = [
            {
                "id": "A-JC",
                "name": "浦东新区劳动保障监察大队",
                "kind": "劳动保障监察",
                "level": "district",
                "area": DISTRICT,
            },
            {
                "id": "A-RS",
                "name": "浦东新区人社局",
                "kind": "人社局",
                "level": "district",
                "area": DISTRICT,
            },
            {
                "id": "A-JG",
                "name": "浦东新区建管委",
                "kind": "建管委",
                "level": "district",
                "area": DISTRICT,
                "sectors": ["building"],
            },
        ]
        self.store.upsert_nodes(Label.AGENCY, rows)

    def enterprise(self, n: int, name: str, **props: Any) -> str:
        eid = uscc(n)
        row = {"eid": eid, "uscc": eid, "name": name, "registered_area": DISTRICT, **props}
        self.store.upsert_nodes(Label.ENTERPRISE, [row])
        return eid

    def project(self, code: str, **props: Any) -> str:
        row = {
            "code": code,
            "name": f"{code} 工程",
            "area": STREET,
            "sector": "building",
            "status": "在建",
            "wage_account": True,
            "wage_deposit": True,
            "notice_board": True,
            **props,
        }
        self.store.upsert_nodes(Label.PROJECT, [row])
        return code

    def contract(self, project: str, src: str, dst: str, kind: str, overdue: int = 0) -> None:
        props = {"project": project, "kind": kind, "overdue": overdue}
        rel = RelRecord(RelType.CONTRACTS_TO, ent(src), ent(dst), project, props)
        self.store.upsert_relationships(RelType.CONTRACTS_TO, [rel])

    def chain(self, project: str, *parties: str, overdue: int = 0) -> None:
        """owner → general contractor → subcontractors…; ``overdue`` on the owner's edge."""
        kinds = ["general_contract"] + ["labour_subcontract"] * (len(parties) - 2)
        for i, kind in enumerate(kinds):
            self.contract(project, parties[i], parties[i + 1], kind, overdue if i == 0 else 0)

    def workers(
        self,
        project: str,
        employer: str,
        n: int,
        *,
        due: int = 0,
        paid: int = 0,
        wages: bool = True,
        left_on: str | None = None,
        start: int = 0,
    ) -> None:
        """n workers on the roster of ``project`` employed by ``employer``; each is due and
        paid the given fen (a wage record) unless ``wages`` is False."""
        people, works, jobs = [], [], []
        for i in range(start, start + n):
            pid = f"P-{project}-{employer[-6:]}-{i}"
            people.append({"pid": pid, "name": f"工人{i}", "id_masked": "990***********000X"})
            person = NodeRef(Label.PERSON, pid)
            works.append(
                RelRecord(
                    RelType.WORKS_ON,
                    person,
                    NodeRef(Label.PROJECT, project),
                    "",
                    {"entered_on": "2025-01-01", **({"left_on": left_on} if left_on else {})},
                )
            )
            job: dict[str, Any] = {"project": project}
            if wages:
                owed_months = 1 if paid < due else 0
                job |= {
                    "wage_months": [f"2025-04:{due}:{paid}"],
                    "wages_due": due,
                    "wages_paid": paid,
                    "months_owed": owed_months,
                }
            jobs.append(RelRecord(RelType.EMPLOYED_BY, person, ent(employer), project, job))
        self.store.upsert_nodes(Label.PERSON, people)
        self.store.upsert_relationships(RelType.WORKS_ON, works)
        self.store.upsert_relationships(RelType.EMPLOYED_BY, jobs)

    def signal(
        self,
        kind: str,
        day: str,
        *,
        enterprise: str | None = None,
        project: str | None = None,
        **row: Any,
    ) -> str:
        self._signals += 1
        parsed = {
            "kind": kind,
            "source_agency": row.pop("agency", "测试部门"),
            "date": day,
            "uscc": enterprise,
            "enterprise_name": None,
            "project": project,
            "record_id": f"T{self._signals}",
            **row,
        }
        props = signal_props(parsed, f"test:{self._signals}")
        self.store.upsert_nodes(Label.SIGNAL, [props])
        self.store.upsert_relationships(RelType.ABOUT, about(props))
        return str(props["id"])

    def monthly(self, project: str, kind: str, months: dict[str, int]) -> None:
        """A monthly series: attendance counts or wage-account amounts (fen) per month."""
        for month, value in months.items():
            day = f"{month}-28"
            if kind == "attendance":
                self.signal(kind, day, project=project, period=month, count=value)
            else:
                self.signal(kind, day, project=project, period=month, amount=value)

    def case(
        self,
        case_id: str,
        received: str,
        against: str,
        *,
        status: str = "received",
        amount: int = 0,
        project: str | None = None,
    ) -> None:
        row = {
            "id": case_id,
            "source": "12345",
            "kind": "投诉",
            "received_at": received,
            "status": status,
            "amount_owed": amount,
            **({"project": project} if project else {}),
        }
        self.store.upsert_nodes(Label.CASE, [row])
        rel = RelRecord(RelType.AGAINST, NodeRef(Label.CASE, case_id), ent(against))
        self.store.upsert_relationships(RelType.AGAINST, [rel])

    def controls(self, person: str, *eids: str) -> None:
        self.store.upsert_nodes(
            Label.PERSON, [{"pid": person, "name": "某控制人", "id_masked": "990***********000X"}]
        )
        rels = [RelRecord(RelType.CONTROLS, NodeRef(Label.PERSON, person), ent(e)) for e in eids]
        self.store.upsert_relationships(RelType.CONTROLS, rels)
