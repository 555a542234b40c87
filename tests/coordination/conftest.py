"""A small named city for coordination tests: 浦东 (fully staffed) and 徐汇 (no street leaders).

浦东新区 310115, 陆家嘴街道 310115005; 徐汇区 310104, street 310104003; city 3101.
Lead units report to the city HR bureau HR-C.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord

PUDONG, LJZ, XUHUI, XH_STREET = "310115", "310115005", "310104", "310104003"

AGENCIES = [
    ("HR-C", "上海市人社局", "人社局", "city", "3101", []),
    ("HR-PD", "浦东新区人社局", "人社局", "district", PUDONG, []),
    ("LI-PD", "浦东新区劳动保障监察大队", "劳动保障监察", "district", PUDONG, []),
    ("CON-PD", "浦东新区建管委", "建管委", "district", PUDONG, ["building", "municipal"]),
    ("TR-PD", "浦东新区交通委", "交通委", "district", PUDONG, ["transport"]),
    ("GOV-PD", "浦东新区人民政府", "区政府", "district", PUDONG, []),
    ("POL-PD", "浦东公安分局", "公安", "district", PUDONG, []),
    ("STR-LJZ", "陆家嘴街道办事处", "街镇政府", "street", LJZ, []),
    ("HR-XH", "徐汇区人社局", "人社局", "district", XUHUI, []),
    ("LI-XH", "徐汇区劳动保障监察大队", "劳动保障监察", "district", XUHUI, []),
    ("GOV-XH", "徐汇区人民政府", "区政府", "district", XUHUI, []),
    ("STR-XH", "徐汇某街道办事处", "街镇政府", "street", XH_STREET, []),
]
OFFICIALS = [
    ("O-LI-1", "李监察", "大队副队长", 2, "LI-PD"),
    ("O-LI-2", "王监察", "大队副队长", 2, "LI-PD"),
    ("O-LI-3", "赵科员", "科员", 1, "LI-PD"),
    ("O-STR-1", "陈主任", "街道办主任", 3, "STR-LJZ"),
    ("O-HR-1", "周副局长", "人社局副局长", 3, "HR-PD"),
    ("O-HR-2", "吴局长", "人社局局长", 4, "HR-PD"),
    ("O-GOV-1", "郑副区长", "副区长", 4, "GOV-PD"),
    ("O-GOV-2", "冯区长", "区长", 5, "GOV-PD"),
    ("O-XH-1", "孙监察", "大队副队长", 2, "LI-XH"),
]
REPORTS = [("LI-PD", "HR-C"), ("HR-PD", "HR-C"), ("LI-XH", "HR-C"), ("HR-XH", "HR-C")]
PROJECTS = [
    ("P-1", "陆家嘴某商办楼", "building", "social", LJZ),
    ("P-2", "浦东某公路", "transport", "government", LJZ),
    ("P-3", "徐汇某住宅", "building", "social", XH_STREET),
]
ENTERPRISES = ["E-OWN", "E-GC", "E-SUB"]


def _rel(rel_type: RelType, src: NodeRef, dst: NodeRef, key: str = "", **props: Any) -> RelRecord:
    return RelRecord(rel_type, src, dst, key, props)


def agency(key: str) -> NodeRef:
    return NodeRef(Label.AGENCY, key)


def ent(key: str) -> NodeRef:
    return NodeRef(Label.ENTERPRISE, key)


def build_city(store: GraphStore) -> None:
    """Areas, agencies, officials, projects and a 转包 chain on P-1."""
    areas = [{"code": c, "name": c, "level": lv} for c, lv in
             ((PUDONG, "district"), (LJZ, "street"), (XUHUI, "district"), (XH_STREET, "street"))]
    store.upsert_nodes(Label.AREA, areas)
    store.upsert_nodes(Label.AGENCY, [
        {"id": i, "name": n, "kind": k, "level": lv, "area": a, "sectors": s}
        for i, n, k, lv, a, s in AGENCIES])
    store.upsert_nodes(Label.OFFICIAL, [
        {"id": i, "name": n, "title": t, "rank": r, "agency": a} for i, n, t, r, a in OFFICIALS])
    store.upsert_relationships(RelType.REPORTS_TO, [
        _rel(RelType.REPORTS_TO, agency(a), agency(b)) for a, b in REPORTS])
    store.upsert_relationships(RelType.HOLDS_POST, [
        _rel(RelType.HOLDS_POST, NodeRef(Label.OFFICIAL, o[0]), agency(o[4])) for o in OFFICIALS])
    store.upsert_nodes(Label.PROJECT, [
        {"code": c, "name": n, "sector": s, "funding": f, "area": a} for c, n, s, f, a in PROJECTS])
    store.upsert_nodes(Label.ENTERPRISE, [
        {"eid": e, "name": f"{e}公司", "licence": "valid", "registered_area": XUHUI}
        for e in ENTERPRISES])
    store.upsert_relationships(RelType.CONTRACTS_TO, [
        _rel(RelType.CONTRACTS_TO, ent("E-OWN"), ent("E-GC"), "P-1", project="P-1",
             kind="general_contract"),
        _rel(RelType.CONTRACTS_TO, ent("E-GC"), ent("E-SUB"), "P-1", project="P-1",
             kind="transfer"),
    ])


def add_case(
    store: GraphStore, case_id: str, *, project: str | None = None,
    areas: tuple[str, ...] = (), against: tuple[str, ...] = (), **props: Any,
) -> NodeRef:
    """A case (defaults: a complaint received 2025-01-06 with 3 workers owed 20,000 yuan)."""
    row: dict[str, Any] = {"id": case_id, "source": "12333", "kind": "投诉",
                           "received_at": "2025-01-06", "status": "received", "workers": 3,
                           "amount_owed": 2_000_000, "months_owed": 1}
    row.update(props)
    store.upsert_nodes(Label.CASE, [row])
    ref = NodeRef(Label.CASE, case_id)
    if project:
        store.upsert_relationships(RelType.CONCERNS, [
            _rel(RelType.CONCERNS, ref, NodeRef(Label.PROJECT, project))])
    store.upsert_relationships(RelType.OCCURRED_IN, [
        _rel(RelType.OCCURRED_IN, ref, NodeRef(Label.AREA, a)) for a in areas])
    store.upsert_relationships(RelType.AGAINST, [
        _rel(RelType.AGAINST, ref, NodeRef(Label.ENTERPRISE, e)) for e in against])
    return ref


def roles(store: GraphStore, case_id: str) -> Mapping[str, list[str]]:
    """Handling relationships of a case: role key → sorted target ids."""
    out: dict[str, list[str]] = {}
    for rel in store.case_context(case_id).handling:
        out.setdefault(rel.key, []).append(rel.dst.key)
    return {k: sorted(v) for k, v in out.items()}
