"""A small two-district world behind a TestClient, and keys for each kind of principal.

浦东 (310115): project P-PD on street 310115004, general contractor GC → labour subcontractor
SUB, two workers employed by SUB, case C-PD (claimant 张三). 徐汇 (310104): project P-XH,
worker 李四, case C-XH (claimant 李四), and case C-GRP (claimant 王五) which sits in the
cross-district group G-1 of 310104 and 310115.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import KeyStore, Role, access_db_path
from graph.enums import Label, RelType
from graph.privacy import Pseudonymiser, protect_resident_id
from graph.settings import Settings
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord

OWNER, GC, SUB = "91310000MA1K00004J", "91310115MA1K000016", "91310115MA1K000029"
XH_GC = "91310104MA1K00003E"
RIDS = {"张三": "990101199001011230", "李四": "990101198505054563", "王五": "990101199202027896"}


@dataclass(frozen=True)
class World:
    client: TestClient
    keys: dict[str, str]
    pids: dict[str, str]
    store: GraphStore
    settings: Settings

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}


def _rel(t: RelType, src: NodeRef, dst: NodeRef, key: str = "", **props: Any) -> RelRecord:
    return RelRecord(t, src, dst, key, props)


def _n(label: Label, key: str) -> NodeRef:
    return NodeRef(label, key)


def build_graph(store: GraphStore, hasher: Pseudonymiser) -> dict[str, str]:
    """Write the world; returns the person keys by name."""
    store.upsert_nodes(Label.AREA, [
        {"code": "3101", "name": "上海市", "level": "city"},
        {"code": "310115", "name": "浦东新区", "level": "district"},
        {"code": "310115004", "name": "潍坊新村街道", "level": "street"},
        {"code": "310104", "name": "徐汇区", "level": "district"},
    ])
    store.upsert_nodes(Label.AGENCY, [
        {"id": "PD-LI", "name": "浦东新区劳动保障监察大队", "kind": "劳动保障监察",
         "level": "district", "area": "310115"},
        {"id": "PD-HR", "name": "浦东新区人社局", "kind": "人社局", "level": "district",
         "area": "310115"},
        {"id": "XH-LI", "name": "徐汇区劳动保障监察大队", "kind": "劳动保障监察",
         "level": "district", "area": "310104"},
    ])
    store.upsert_nodes(Label.OFFICIAL, [
        {"id": "O-1", "name": "陈局长", "title": "局长", "rank": 5, "agency": "PD-HR"},
    ])
    store.upsert_nodes(Label.ENTERPRISE, [
        {"eid": OWNER, "uscc": OWNER, "name": "上海某置业有限公司", "registered_area": "310104"},
        {"eid": GC, "uscc": GC, "name": "上海某建设集团有限公司", "registered_area": "310115"},
        {"eid": SUB, "uscc": SUB, "name": "上海某劳务有限公司", "registered_area": "310115"},
        {"eid": XH_GC, "uscc": XH_GC, "name": "徐汇某建筑有限公司", "registered_area": "310104"},
    ])
    store.upsert_nodes(Label.PROJECT, [
        {"code": "P-PD", "name": "浦东某小区二期", "area": "310115004", "sector": "building"},
        {"code": "P-XH", "name": "徐汇某商务楼", "area": "310104", "sector": "building"},
    ])
    pids = {}
    people = []
    for name, rid in RIDS.items():
        protected = protect_resident_id(hasher, rid)
        pids[name] = protected.pid
        people.append({"pid": protected.pid, "name": name, "id_masked": protected.masked,
                       "origin_area": protected.origin_area, "phone_masked": "100****5678",
                       "phone_hash": "secret-hash"})
    store.upsert_nodes(Label.PERSON, people)
    store.upsert_nodes(Label.CASE, [
        {"id": "C-PD", "source": "12345", "kind": "投诉", "received_at": "2024-06-01",
         "status": "received", "workers": 1, "amount_owed": 1500000, "area": "310115004",
         "project": "P-PD"},
        {"id": "C-XH", "source": "12333", "kind": "投诉", "received_at": "2024-05-02",
         "status": "received", "workers": 1, "amount_owed": 800000, "area": "310104",
         "project": "P-XH"},
        {"id": "C-GRP", "source": "线索平台", "kind": "线索", "received_at": "2024-04-03",
         "status": "verifying", "workers": 1, "amount_owed": 300000, "area": "310104"},
    ])
    store.upsert_nodes(Label.COORDINATION_GROUP, [
        {"id": "G-1", "name": "某老板跨区欠薪协调组", "districts": ["310104", "310115"]},
    ])
    pd, xh = _n(Label.PROJECT, "P-PD"), _n(Label.PROJECT, "P-XH")
    e = {k: _n(Label.ENTERPRISE, k) for k in (OWNER, GC, SUB, XH_GC)}
    p = {k: _n(Label.PERSON, v) for k, v in pids.items()}
    c = {k: _n(Label.CASE, k) for k in ("C-PD", "C-XH", "C-GRP")}
    rels = {
        RelType.CONTRACTS_TO: [
            _rel(RelType.CONTRACTS_TO, e[OWNER], e[GC], "P-PD", project="P-PD",
                 kind="general_contract"),
            _rel(RelType.CONTRACTS_TO, e[GC], e[SUB], "P-PD", project="P-PD",
                 kind="labour_subcontract"),
            _rel(RelType.CONTRACTS_TO, e[OWNER], e[XH_GC], "P-XH", project="P-XH",
                 kind="general_contract"),
        ],
        RelType.EMPLOYED_BY: [
            _rel(RelType.EMPLOYED_BY, p["张三"], e[SUB], "P-PD", project="P-PD",
                 wages_due=1500000, wages_paid=0, months_owed=3),
            _rel(RelType.EMPLOYED_BY, p["李四"], e[XH_GC], "P-XH", project="P-XH",
                 wages_due=800000, wages_paid=0, months_owed=2),
        ],
        RelType.WORKS_ON: [_rel(RelType.WORKS_ON, p["张三"], pd),
                           _rel(RelType.WORKS_ON, p["李四"], xh)],
        RelType.LOCATED_IN: [_rel(RelType.LOCATED_IN, pd, _n(Label.AREA, "310115004"))],
        RelType.CONCERNS: [_rel(RelType.CONCERNS, c["C-PD"], pd),
                           _rel(RelType.CONCERNS, c["C-XH"], xh)],
        RelType.AGAINST: [_rel(RelType.AGAINST, c["C-PD"], e[SUB]),
                          _rel(RelType.AGAINST, c["C-XH"], e[XH_GC]),
                          _rel(RelType.AGAINST, c["C-GRP"], e[XH_GC])],
        RelType.OCCURRED_IN: [_rel(RelType.OCCURRED_IN, c["C-GRP"], _n(Label.AREA, "310104"))],
        RelType.CLAIMANT_IN: [
            _rel(RelType.CLAIMANT_IN, p["张三"], c["C-PD"], amount_claimed=1500000),
            _rel(RelType.CLAIMANT_IN, p["李四"], c["C-XH"], amount_claimed=800000),
            _rel(RelType.CLAIMANT_IN, p["王五"], c["C-GRP"], amount_claimed=300000),
        ],
        RelType.IN_GROUP: [_rel(RelType.IN_GROUP, c["C-GRP"], _n(Label.COORDINATION_GROUP, "G-1"))],
        RelType.ASSIGNED_TO: [_rel(RelType.ASSIGNED_TO, c["C-PD"], _n(Label.AGENCY, "PD-LI"),
                                   "主办", role="主办")],
    }
    for rel_type, rows in rels.items():
        result = store.upsert_relationships(rel_type, rows)
        assert result.skipped == 0, rel_type
    return pids


PRINCIPALS = {
    "pd_investigator": ("浦东监察员", "PD-LI", "310115", [Role.INVESTIGATOR]),
    "pd_analyst": ("浦东分析员", "PD-HR", "310115", [Role.ANALYST]),
    "pd_external": ("浦东网格系统", "PD-GRID", "310115", [Role.EXTERNAL]),
    "xh_investigator": ("徐汇监察员", "XH-LI", "310104", [Role.INVESTIGATOR]),
    "street_investigator": ("潍坊街道", "PD-ST", "310115004", [Role.INVESTIGATOR]),
    "admin": ("市管理员", "SH-HR", "3101", [Role.ADMIN]),
}


def make_keys(settings: Settings) -> dict[str, str]:
    keys = KeyStore(access_db_path(settings.data_dir))
    try:
        return {who: keys.create(*spec)[1] for who, spec in PRINCIPALS.items()}
    finally:
        keys.close()


@pytest.fixture
def world(settings: Settings, memory_store: GraphStore) -> Iterator[World]:
    pids = build_graph(memory_store, settings.pseudonymiser())
    keys = make_keys(settings)
    app = create_app(settings, store=memory_store)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield World(client, keys, pids, memory_store, settings)
