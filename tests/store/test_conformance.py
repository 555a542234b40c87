"""The contract every GraphStore backend keeps. Runs on each backend available (see conftest)."""

from __future__ import annotations

import pytest

from graph.enums import Label, RelType
from graph.errors import InvalidValue, NotFound
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord

OWNER = NodeRef(Label.ENTERPRISE, "91310000OWNER0001")
GC = NodeRef(Label.ENTERPRISE, "91310000GC00000001")
SUB = NodeRef(Label.ENTERPRISE, "91310000SUB0000001")
BOSS = NodeRef(Label.PERSON, "p-boss")
W1 = NodeRef(Label.PERSON, "p-w1")
W2 = NodeRef(Label.PERSON, "p-w2")
REP = NodeRef(Label.PERSON, "p-rep")
PROJECT = NodeRef(Label.PROJECT, "P-001")
CASE = NodeRef(Label.CASE, "C-001")


def _rel(t: RelType, src: NodeRef, dst: NodeRef, key: str = "", **props: object) -> RelRecord:
    return RelRecord(t, src, dst, key, props)


def build_small_chain(store: GraphStore) -> None:
    """建设单位 → 总包 → 分包 → 包工头 → 2 workers, one case with one claimant."""
    store.upsert_nodes(Label.AREA, [{"code": "310115", "name": "浦东新区", "level": "district"}])
    store.upsert_nodes(Label.PROJECT, [{"code": "P-001", "name": "某小区二期", "area": "310115"}])
    store.upsert_nodes(
        Label.ENTERPRISE,
        [
            {"eid": OWNER.key, "name": "甲置业有限公司", "kind": "company"},
            {"eid": GC.key, "name": "乙建工集团有限公司", "kind": "company"},
            {"eid": SUB.key, "name": "丙建筑劳务有限公司", "kind": "company"},
        ],
    )
    store.upsert_nodes(
        Label.PERSON,
        [
            {"pid": "p-boss", "name": "王某", "id_masked": "993***********0011"},
            {"pid": "p-w1", "name": "李某", "id_masked": "993***********0021"},
            {"pid": "p-w2", "name": "赵某", "id_masked": "993***********0031"},
            {"pid": "p-rep", "name": "孙某", "id_masked": "993***********0041"},
        ],
    )
    store.upsert_nodes(
        Label.CASE,
        [
            {
                "id": "C-001",
                "source": "12345",
                "kind": "投诉",
                "received_at": "2025-03-01",
                "status": "received",
            }
        ],
    )
    store.upsert_relationships(
        RelType.CONTRACTS_TO,
        [
            _rel(
                RelType.CONTRACTS_TO,
                OWNER,
                GC,
                "K1",
                project="P-001",
                kind="general_contract",
                unpaid=100,
                overdue=50,
            ),
            _rel(RelType.CONTRACTS_TO, GC, SUB, "K2", project="P-001", kind="labour_subcontract"),
            _rel(RelType.CONTRACTS_TO, SUB, BOSS, "K3", project="P-001", kind="let_to_individual"),
        ],
    )
    store.upsert_relationships(
        RelType.EMPLOYED_BY,
        [
            _rel(
                RelType.EMPLOYED_BY,
                W1,
                BOSS,
                "P-001",
                project="P-001",
                wages_due=1000,
                wages_paid=400,
                months_owed=2,
            ),
            _rel(
                RelType.EMPLOYED_BY,
                W2,
                BOSS,
                "P-001",
                project="P-001",
                wages_due=800,
                wages_paid=800,
            ),
        ],
    )
    store.upsert_relationships(RelType.LEGAL_REP_OF, [_rel(RelType.LEGAL_REP_OF, REP, SUB)])
    store.upsert_relationships(RelType.CONCERNS, [_rel(RelType.CONCERNS, CASE, PROJECT)])
    store.upsert_relationships(RelType.AGAINST, [_rel(RelType.AGAINST, CASE, SUB)])
    store.upsert_relationships(
        RelType.OCCURRED_IN, [_rel(RelType.OCCURRED_IN, CASE, NodeRef(Label.AREA, "310115"))]
    )
    store.upsert_relationships(
        RelType.CLAIMANT_IN, [_rel(RelType.CLAIMANT_IN, W1, CASE, amount_claimed=600)]
    )


def test_upsert_merges_properties(store: GraphStore) -> None:
    store.upsert_nodes(Label.PROJECT, [{"code": "P-9", "name": "甲", "area": "310115"}])
    store.upsert_nodes(Label.PROJECT, [{"code": "P-9", "sector": "water"}])
    node = store.get_node(NodeRef(Label.PROJECT, "P-9"))
    assert node is not None
    assert dict(node.props) == {"code": "P-9", "name": "甲", "area": "310115", "sector": "water"}


def test_a_row_given_twice_in_one_call_merges_both_in_order(store: GraphStore) -> None:
    """Rows of one call are applied in order, as if written one after the other."""
    build_small_chain(store)
    nodes = store.upsert_nodes(
        Label.PROJECT,
        [
            {"code": "P-9", "name": "甲", "sector": "water"},
            {"code": "P-9", "name": "乙", "area": "310115"},
        ],
    )
    node = store.get_node(NodeRef(Label.PROJECT, "P-9"))
    assert node is not None
    assert dict(node.props) == {"code": "P-9", "name": "乙", "sector": "water", "area": "310115"}
    assert nodes.written == 2
    rels = store.upsert_relationships(
        RelType.CONTRACTS_TO,
        [
            _rel(RelType.CONTRACTS_TO, GC, SUB, "K7", project="P-001", kind="labour_subcontract"),
            _rel(RelType.CONTRACTS_TO, GC, SUB, "K7", price=1000),
        ],
    )
    assert (rels.written, rels.skipped) == (2, 0)
    [edge] = [r for r in store.relationships_of(GC, RelType.CONTRACTS_TO, "out") if r.key == "K7"]
    assert dict(edge.props) == {"project": "P-001", "kind": "labour_subcontract", "price": 1000}


def test_upsert_requires_the_key(store: GraphStore) -> None:
    with pytest.raises(InvalidValue, match=r"Project\.code"):
        store.upsert_nodes(Label.PROJECT, [{"name": "无编号"}])


def test_loading_twice_changes_nothing(store: GraphStore) -> None:
    build_small_chain(store)
    first = store.counts()
    snapshot = {r.ref: dict(r.props) for r in store.nodes(Label.PERSON)}
    build_small_chain(store)
    assert store.counts() == first
    assert {r.ref: dict(r.props) for r in store.nodes(Label.PERSON)} == snapshot
    assert first["CONTRACTS_TO"] == 3
    assert first["Person"] == 4


def test_relationship_to_missing_node_is_skipped(store: GraphStore) -> None:
    build_small_chain(store)
    ghost = NodeRef(Label.ENTERPRISE, "NOPE")
    result = store.upsert_relationships(
        RelType.CONTRACTS_TO,
        [
            _rel(RelType.CONTRACTS_TO, GC, ghost, "K9", project="P-001"),
            _rel(
                RelType.CONTRACTS_TO, GC, SUB, "K8", project="P-001", kind="specialty_subcontract"
            ),
        ],
    )
    assert (result.written, result.skipped) == (1, 1)


def test_relationship_rows_as_plain_values_write_as_records_do(store: GraphStore) -> None:
    build_small_chain(store)
    result = store.upsert_relationship_rows(
        RelType.CONTRACTS_TO,
        [
            ("Enterprise", GC.key, "Enterprise", "NOPE", "K9", {"project": "P-001"}),
            ("Enterprise", GC.key, "Enterprise", SUB.key, "K8", {"project": "P-001"}),
            ("Enterprise", GC.key, "Enterprise", SUB.key, "K8", {"kind": "labour_subcontract"}),
        ],
    )
    assert (result.written, result.skipped) == (2, 1)
    [k8] = [r for r in store.relationships_of(GC, RelType.CONTRACTS_TO, "out") if r.key == "K8"]
    assert dict(k8.props) == {"project": "P-001", "kind": "labour_subcontract"}
    assert "K8" in {c.key for c in store.contracting_graph("P-001").contracts}


def test_parallel_relationships_are_kept_apart_by_key(store: GraphStore) -> None:
    build_small_chain(store)
    store.upsert_relationships(
        RelType.CONTRACTS_TO,
        [_rel(RelType.CONTRACTS_TO, GC, SUB, "K2b", project="P-001", kind="specialty_subcontract")],
    )
    keys = sorted(r.key for r in store.relationships_of(GC, RelType.CONTRACTS_TO, "out"))
    assert keys == ["K2", "K2b"]


def test_delete_relationships(store: GraphStore) -> None:
    build_small_chain(store)
    gone = store.delete_relationships(
        RelType.CONTRACTS_TO,
        [
            _rel(RelType.CONTRACTS_TO, SUB, BOSS, "K3"),
            _rel(RelType.CONTRACTS_TO, SUB, BOSS, "none"),
        ],
    )
    assert gone == 1
    assert [r.key for r in store.contracting_graph("P-001").contracts] == ["K1", "K2"]


def test_contracting_graph_of_a_project(store: GraphStore) -> None:
    build_small_chain(store)
    cg = store.contracting_graph("P-001")
    assert cg.project.get("name") == "某小区二期"
    assert [(r.src, r.dst, r.get("kind")) for r in cg.contracts] == [
        (OWNER, GC, "general_contract"),
        (GC, SUB, "labour_subcontract"),
        (SUB, BOSS, "let_to_individual"),
    ]
    assert set(cg.parties) == {OWNER, GC, SUB, BOSS, REP}
    assert [(o.type, o.src, o.dst) for o in cg.officers] == [(RelType.LEGAL_REP_OF, REP, SUB)]
    (crew,) = cg.crews
    assert (crew.employer, crew.workers, crew.wages_due, crew.wages_paid) == (BOSS, 2, 1800, 1200)
    assert (crew.owed_total, crew.owed_max, crew.months_owed_max) == (600, 600, 2)


def test_contracting_graph_of_unknown_project(store: GraphStore) -> None:
    with pytest.raises(NotFound, match="P-404"):
        store.contracting_graph("P-404")


def test_case_context(store: GraphStore) -> None:
    build_small_chain(store)
    ctx = store.case_context("C-001")
    assert ctx.project is not None
    assert ctx.project.ref == PROJECT
    assert [r.ref for r in ctx.respondents] == [SUB]
    assert [(c.src, c.dst) for c in ctx.controllers] == [(REP, SUB)]
    assert ctx.people[REP].get("name") == "孙某"
    assert ctx.areas == ("310115",)
    assert ctx.claimants == 1
    (crew,) = ctx.claim_crews
    assert (crew.employer, crew.workers, crew.owed_total, crew.months_owed_max) == (BOSS, 1, 600, 2)
    assert ctx.is_open
    assert [c.case.ref for c in store.case_contexts()] == [CASE]


def test_find_nodes_uses_current_values(store: GraphStore) -> None:
    build_small_chain(store)
    assert [n.ref for n in store.find_nodes(Label.PROJECT, "area", "310115")] == [PROJECT]
    store.upsert_nodes(Label.PROJECT, [{"code": "P-001", "area": "310104"}])
    assert store.find_nodes(Label.PROJECT, "area", "310115") == []
    assert [n.ref for n in store.find_nodes(Label.PROJECT, "area", "310104")] == [PROJECT]


def test_neighbourhood_is_capped_and_counts_the_rest(store: GraphStore) -> None:
    build_small_chain(store)
    whole = store.neighbourhood(BOSS, depth=1, cap=100)
    assert {n.ref for n in whole.nodes} == {BOSS, SUB, W1, W2}
    assert whole.more == 0
    capped = store.neighbourhood(BOSS, depth=1, cap=2)
    assert len(capped.nodes) == 2
    assert capped.more == 2
    assert capped.nodes[0].ref == BOSS


def test_shortest_path(store: GraphStore) -> None:
    build_small_chain(store)
    path = store.shortest_path(W2, OWNER, max_depth=6)
    assert [n.ref for n in path.nodes] == [W2, BOSS, SUB, GC, OWNER]
    assert len(path.rels) == 4
    assert store.shortest_path(W2, OWNER, max_depth=2).nodes == ()


def test_relationships_scan_by_type(store: GraphStore) -> None:
    build_small_chain(store)
    assert sorted(r.key for r in store.relationships(RelType.CONTRACTS_TO)) == ["K1", "K2", "K3"]
    assert [r.src for r in store.relationships(RelType.CLAIMANT_IN)] == [W1]


def test_relationship_values_scan_matches_the_records(store: GraphStore) -> None:
    build_small_chain(store)
    names = ("project", "wages_due", "not_a_property")
    for rel_type in (RelType.CONTRACTS_TO, RelType.EMPLOYED_BY, RelType.CLAIMANT_IN):
        lean = sorted(store.relationship_values(rel_type, names))
        full = sorted(
            (
                r.src.label.value,
                r.src.key,
                r.dst.label.value,
                r.dst.key,
                r.key,
                tuple(r.get(n) for n in names),
            )
            for r in store.relationships(rel_type)
        )
        assert lean == full
        assert lean
    (row,) = list(store.relationship_values(RelType.CLAIMANT_IN, ()))
    assert row[:2] == (Label.PERSON.value, W1.key)
    assert row[5] == ()


def test_reads_reflect_every_later_write(store: GraphStore) -> None:
    build_small_chain(store)
    before = store.contracting_graph("P-001")
    store.upsert_nodes(Label.ENTERPRISE, [{"eid": SUB.key, "status": "吊销"}])
    store.upsert_relationships(
        RelType.EMPLOYED_BY,
        [_rel(RelType.EMPLOYED_BY, W2, BOSS, "P-001", project="P-001", wages_paid=0)],
    )
    store.upsert_relationships(RelType.CONTROLS, [_rel(RelType.CONTROLS, BOSS, SUB)])
    after = store.contracting_graph("P-001")
    assert after.parties[SUB].get("status") == "吊销"
    assert after.crews[0].owed_total == before.crews[0].owed_total + 800
    assert len(after.officers) == len(before.officers) + 1
