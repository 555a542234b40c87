"""More of the contract every backend keeps (beside tests/store/test_conformance.py): the
corners the Neo4j backend handles explicitly. Runs on every available backend."""

from __future__ import annotations

from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from tests.store.test_conformance import BOSS, CASE, GC, OWNER, SUB, W1, build_small_chain


def test_relationship_key_is_identity_not_a_property(store: GraphStore) -> None:
    build_small_chain(store)
    (rel,) = store.relationships_of(GC, RelType.CONTRACTS_TO, "out")
    assert rel.key == "K2"
    assert "key" not in rel.props
    assert rel.get("kind") == "labour_subcontract"


def test_relationship_upsert_merges_properties(store: GraphStore) -> None:
    build_small_chain(store)
    store.upsert_relationships(
        RelType.CONTRACTS_TO, [RelRecord(RelType.CONTRACTS_TO, GC, SUB, "K2", {"paid": 70})]
    )
    (rel,) = store.relationships_of(SUB, RelType.CONTRACTS_TO, "in")
    assert (rel.get("kind"), rel.get("paid"), rel.get("project")) == (
        "labour_subcontract",
        70,
        "P-001",
    )


def test_get_nodes_keeps_the_order_asked_and_leaves_out_the_missing(store: GraphStore) -> None:
    build_small_chain(store)
    ghost = NodeRef(Label.PERSON, "nobody")
    assert list(store.get_nodes([W1, ghost, OWNER, BOSS])) == [W1, OWNER, BOSS]
    assert store.get_node(ghost) is None


def test_find_nodes_on_a_property_without_index(store: GraphStore) -> None:
    build_small_chain(store)
    found = store.find_nodes(Label.ENTERPRISE, "kind", "company")
    assert [n.ref for n in found] == sorted([OWNER, GC, SUB])


def test_counts_name_every_label_and_type(store: GraphStore) -> None:
    counts = store.counts()
    assert set(counts) == {*(x.value for x in Label), *(x.value for x in RelType)}
    assert set(counts.values()) == {0}


def test_case_contexts_of_named_cases_skip_missing_ones(store: GraphStore) -> None:
    build_small_chain(store)
    assert [c.case.ref for c in store.case_contexts(["C-404", CASE.key])] == [CASE]


def test_neighbourhood_of_depth_zero_is_the_node_alone(store: GraphStore) -> None:
    build_small_chain(store)
    alone = store.neighbourhood(BOSS, depth=0, cap=10)
    assert ([n.ref for n in alone.nodes], alone.rels, alone.more) == ([BOSS], (), 0)


def test_neighbourhood_two_levels_lists_nodes_breadth_first(store: GraphStore) -> None:
    build_small_chain(store)
    sub = store.neighbourhood(SUB, depth=2, cap=100)
    refs = [n.ref for n in sub.nodes]
    assert refs[0] == SUB
    assert refs[1:5] == [CASE, GC, BOSS, NodeRef(Label.PERSON, "p-rep")]  # in ref order
    assert set(refs[5:]) >= {OWNER, W1, NodeRef(Label.PROJECT, "P-001")}
    assert all(r.src in refs and r.dst in refs for r in sub.rels)


def test_shortest_path_from_a_node_to_itself(store: GraphStore) -> None:
    build_small_chain(store)
    path = store.shortest_path(W1, W1, max_depth=3)
    assert ([n.ref for n in path.nodes], path.rels) == ([W1], ())
