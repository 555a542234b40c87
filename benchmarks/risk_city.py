"""A city-sized store for the risk benchmark, written straight through the store protocol.

The generator and loader take tens of minutes for a 1M-worker city; this builds the shapes
the risk facts read (5-party chains, ~30 % of owners overdue, 8 % of workers owed, 5 %
departed, 3 % without wage lines, four months of attendance / inflow / payout signals per
project, signals on 5 % of enterprises, one case per 10 workers, legal representatives
and controllers) in a few minutes.
"""

from __future__ import annotations

import random
from typing import Any

from graph.enums import Label, RelType
from graph.store.memory import MemoryStore
from graph.store.records import NodeRef, RelRecord

MONTHS = ("2025-07", "2025-08", "2025-09", "2025-10")
SERIES = ("attendance", "wage_account_inflow", "wage_account_payout")
_BATCH = 100_000


def _rel(rel_type: RelType, src: NodeRef, dst: NodeRef, key: str = "", **props: Any) -> RelRecord:
    return RelRecord(rel_type, src, dst, key, props)


def _ent(key: str) -> NodeRef:
    return NodeRef(Label.ENTERPRISE, key)


def _projects(
    store: MemoryStore, rng: random.Random, firms: list[str], n: int
) -> dict[str, list[str]]:
    """Projects and their chains owner → general contractor → three subcontractors."""
    rows = [
        {
            "code": f"P{i:06d}",
            "name": f"项目{i}",
            "area": "310115001",
            "status": "在建",
            "wage_account": rng.random() > 0.02,
            "wage_deposit": True,
            "notice_board": rng.random() > 0.05,
        }
        for i in range(n)
    ]
    store.upsert_nodes(Label.PROJECT, rows)
    chains: dict[str, list[str]] = {}
    rels = []
    for row in rows:
        code = str(row["code"])
        chain = chains[code] = rng.sample(firms, 5)
        for k in range(4):
            overdue = 1_000_000 if k == 0 and rng.random() < 0.3 else 0
            kind = "general_contract" if k == 0 else "labour_subcontract"
            rels.append(
                _rel(
                    RelType.CONTRACTS_TO,
                    _ent(chain[k]),
                    _ent(chain[k + 1]),
                    code,
                    project=code,
                    kind=kind,
                    overdue=overdue,
                )
            )
    store.upsert_relationships(RelType.CONTRACTS_TO, rels)
    return chains


def _worker(
    rng: random.Random, w: int, chains: dict[str, list[str]], projects: int
) -> tuple[dict[str, Any], RelRecord, RelRecord]:
    pid = f"W{w:08d}"
    code = f"P{rng.randrange(projects):06d}"
    employer = chains[code][rng.randrange(2, 5)]
    owed = rng.random() < 0.08
    work = {"entered_on": "2025-03-01"} | ({"left_on": "2025-09-30"} if rng.random() < 0.05 else {})
    job: dict[str, Any] = {"project": code}
    if rng.random() > 0.03:
        paid = 0 if owed else 800_000
        job |= {
            "wage_months": [f"2025-09:800000:{paid}"],
            "wages_due": 800_000,
            "wages_paid": paid,
            "months_owed": int(owed),
        }
    person = NodeRef(Label.PERSON, pid)
    return (
        {"pid": pid, "name": "工人", "id_masked": "99*"},
        _rel(RelType.WORKS_ON, person, NodeRef(Label.PROJECT, code), "", **work),
        _rel(RelType.EMPLOYED_BY, person, _ent(employer), code, **job),
    )


def _workers(store: MemoryStore, rng: random.Random, chains: dict[str, list[str]], n: int) -> None:
    for start in range(0, n, _BATCH):
        rows = [_worker(rng, w, chains, len(chains)) for w in range(start, min(start + _BATCH, n))]
        store.upsert_nodes(Label.PERSON, [r[0] for r in rows])
        store.upsert_relationships(RelType.WORKS_ON, [r[1] for r in rows])
        store.upsert_relationships(RelType.EMPLOYED_BY, [r[2] for r in rows])


def _signals(
    store: MemoryStore, rng: random.Random, chains: dict[str, list[str]], firms: list[str]
) -> None:
    rows = []
    for code in chains:
        for month in MONTHS:
            for kind in SERIES:
                if kind == "attendance" or rng.random() >= 0.03:
                    rows.append(
                        {
                            "id": f"S{code}{month}{kind}",
                            "kind": kind,
                            "date": f"{month}-25",
                            "period": month,
                            "project": code,
                            "count": 50,
                            "amount": 40_000_000,
                            "source_agency": "银行",
                            "record": "bench",
                        }
                    )
    for e in rng.sample(firms, len(firms) // 20):
        kind = rng.choice(("tax_arrears", "complaint", "layoff", "violation"))
        rows.append(
            {
                "id": f"S{e}",
                "kind": kind,
                "date": "2025-09-01",
                "enterprise": e,
                "source_agency": "部门",
                "record": "bench",
            }
        )
    store.upsert_nodes(Label.SIGNAL, rows)


def _cases_and_people(
    store: MemoryStore, rng: random.Random, firms: list[str], workers: int
) -> None:
    cases = [
        {
            "id": f"C{i:07d}",
            "source": "12345",
            "kind": "投诉",
            "received_at": "2025-06-01",
            "status": "received" if rng.random() < 0.3 else "closed",
        }
        for i in range(workers // 10)
    ]
    store.upsert_nodes(Label.CASE, cases)
    store.upsert_relationships(
        RelType.AGAINST,
        [
            _rel(RelType.AGAINST, NodeRef(Label.CASE, c["id"]), _ent(rng.choice(firms)))
            for c in cases
        ],
    )
    bosses = [NodeRef(Label.PERSON, f"B{i:07d}") for i in range(len(firms))]
    store.upsert_nodes(
        Label.PERSON, [{"pid": b.key, "name": "老板", "id_masked": "99*"} for b in bosses]
    )
    store.upsert_relationships(
        RelType.LEGAL_REP_OF,
        [_rel(RelType.LEGAL_REP_OF, b, _ent(e)) for b, e in zip(bosses, firms, strict=True)],
    )
    store.upsert_relationships(
        RelType.CONTROLS,
        [
            _rel(RelType.CONTROLS, rng.choice(bosses), _ent(e))
            for e in rng.sample(firms, len(firms) // 5)
        ],
    )


def build_scaled_store(projects: int, enterprises: int, workers: int, seed: int) -> MemoryStore:
    """An embedded in-memory store of the given size (see the module docstring)."""
    rng = random.Random(seed)
    store = MemoryStore(None)
    firms = [f"E{i:07d}" for i in range(enterprises)]
    store.upsert_nodes(
        Label.ENTERPRISE,
        [{"eid": e, "name": f"企业{e}", "registered_area": "310115"} for e in firms],
    )
    chains = _projects(store, rng, firms, projects)
    _workers(store, rng, chains, workers)
    _signals(store, rng, chains, firms)
    _cases_and_people(store, rng, firms, workers)
    return store
