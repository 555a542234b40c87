"""The Neo4j backend's exact statements, parameters, routing and error translation, pinned
with a recording fake driver (no server needed). Behaviour parity is the conformance suite's job
(tests/store/test_conformance.py, run with ZHIQIAN_TEST_NEO4J_URI)."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import exceptions as neo4j_errors

import graph.store.neo4j as neo4j_backend
from graph.enums import NODE_KEYS, Label, RelType
from graph.errors import Conflict, InvalidValue, NotFound, StoreError
from graph.store.neo4j import Neo4jStore
from graph.store.neo4j_cypher import label_parts, statement, type_parts
from graph.store.records import NodeRef, RelRecord
from tests.store.neo4j_fake import FakeDriver, Responder

GC = NodeRef(Label.ENTERPRISE, "91310000GC00000001")
SUB = NodeRef(Label.ENTERPRISE, "91310000SUB0000001")
BOSS = NodeRef(Label.PERSON, "p-boss")
W1 = NodeRef(Label.PERSON, "p-w1")
KEYS = {"code": None, "eid": None, "id": None, "pid": None}


def _store(
    responder: Responder | None = None, batch_size: int = 5000
) -> tuple[Neo4jStore, FakeDriver]:
    driver = FakeDriver(responder) if responder else FakeDriver()
    return Neo4jStore(driver, "zhiqian", batch_size, "neo4j://db:7687"), driver  # type: ignore[arg-type]


def _ends(ref: NodeRef) -> tuple[list[str], dict[str, Any]]:
    return [ref.label.value], {**KEYS, NODE_KEYS[ref.label]: ref.key}


def _rel_map(t: RelType, src: NodeRef, dst: NodeRef, key: str = "", **props: Any) -> dict[str, Any]:
    (sl, s), (dl, d) = _ends(src), _ends(dst)
    return {
        "type": t.value,
        "key": key,
        "props": {"key": key, **props},
        "src_labels": sl,
        "src": s,
        "dst_labels": dl,
        "dst": d,
    }


def _existing(*refs: NodeRef) -> Responder:
    """Answer node_ids lookups for the given refs only."""

    def respond(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        if "elementId(n) AS id" in text:
            return [
                {"key": k, "id": f"e:{k}"}
                for k in params["keys"]
                if any(r.key == k and f":{r.label.value} " in text for r in refs)
            ]
        if "MERGE (a)-[r:" in text:
            return [{"written": len(params["rows"])}]
        if "DELETE r" in text:
            return [{"deleted": len(params["rows"])}]
        return []

    return respond


# ---------------------------------------------------------------- writes
def test_upsert_nodes_sends_unwind_merge_in_batches_of_batch_size() -> None:
    store, driver = _store(batch_size=2)
    rows = [{"code": f"P-{i}", "name": "某工程"} for i in range(5)]
    result = store.upsert_nodes(Label.PROJECT, rows)
    assert result.written == 5
    assert [len(c.params["rows"]) for c in driver.calls] == [2, 2, 1]
    assert {c.text for c in driver.calls} == {
        statement("upsert_nodes", **label_parts(Label.PROJECT))
    }
    assert "MERGE (n:Project {code: row.code})" in driver.calls[0].text
    assert "SET n += row" in driver.calls[0].text
    assert {(c.routing, c.database) for c in driver.calls} == {("w", "zhiqian")}


def test_upsert_nodes_refuses_a_row_without_key_before_sending() -> None:
    store, driver = _store()
    with pytest.raises(InvalidValue, match=r"Enterprise\.eid"):
        store.upsert_nodes(Label.ENTERPRISE, [{"eid": "E1"}, {"name": "无标识"}])
    assert driver.calls == []


def test_upsert_relationships_resolves_ends_and_skips_missing_in_one_transaction() -> None:
    store, driver = _store(_existing(GC, SUB))
    rows = [
        RelRecord(RelType.CONTRACTS_TO, GC, SUB, "K2", {"project": "P-001", "key": "ignored"}),
        RelRecord(RelType.CONTRACTS_TO, GC, NodeRef(Label.ENTERPRISE, "NOPE"), "K9", {}),
    ]
    result = store.upsert_relationships(RelType.CONTRACTS_TO, rows)
    assert (result.written, result.skipped) == (1, 1)
    assert driver.transactions == 1
    lookup, merge = driver.calls
    assert lookup.text == statement("node_ids", **label_parts(Label.ENTERPRISE))
    assert lookup.params == {"keys": [GC.key, SUB.key, "NOPE"]}
    assert merge.text == statement("merge_relationships", **type_parts(RelType.CONTRACTS_TO))
    assert "MERGE (a)-[r:CONTRACTS_TO {key: row.key}]->(b)" in merge.text
    assert merge.params == {
        "rows": [
            {
                "src": f"e:{GC.key}",
                "dst": f"e:{SUB.key}",
                "key": "K2",
                "props": {"project": "P-001"},
            }
        ]
    }


def test_upsert_relationships_batches_into_one_transaction_per_batch() -> None:
    store, driver = _store(_existing(BOSS, W1), batch_size=1)
    rows = [
        RelRecord(RelType.EMPLOYED_BY, W1, BOSS, "P-1"),
        RelRecord(RelType.EMPLOYED_BY, W1, BOSS, "P-2"),
    ]
    assert store.upsert_relationships(RelType.EMPLOYED_BY, rows).written == 2
    assert driver.transactions == 2


def test_delete_relationships_counts_what_existed() -> None:
    store, driver = _store(_existing(SUB, BOSS))
    gone = store.delete_relationships(
        RelType.CONTRACTS_TO, [RelRecord(RelType.CONTRACTS_TO, SUB, BOSS, "K3")]
    )
    assert gone == 1
    assert driver.calls[-1].text == statement(
        "delete_relationships", **type_parts(RelType.CONTRACTS_TO)
    )


# ---------------------------------------------------------------- reads
def test_reads_route_to_readers_of_the_named_database() -> None:
    def respond(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"key": k, "props": {"pid": k, "name": "某"}} for k in params.get("keys", [])]

    store, driver = _store(respond)
    found = store.get_nodes([W1, GC, BOSS])
    assert list(found) == [W1, GC, BOSS]
    assert {(c.routing, c.database) for c in driver.calls} == {("r", "zhiqian")}
    assert [c.params["keys"] for c in driver.calls] == [[W1.key, BOSS.key], [GC.key]]


def test_find_nodes_uses_the_index_statement_for_indexed_properties() -> None:
    store, driver = _store()
    store.find_nodes(Label.PROJECT, "area", "310115")
    store.find_nodes(Label.PROJECT, "funding", "government")
    indexed, scanned = driver.calls
    assert indexed.text == statement("find_nodes", prop="area", **label_parts(Label.PROJECT))
    assert indexed.params == {"value": "310115"}
    assert scanned.text == statement("find_nodes_any", **label_parts(Label.PROJECT))
    assert scanned.params == {"prop": "funding", "value": "government"}


def test_nodes_are_paged_by_key() -> None:
    pages = {"": ["A", "B"], "B": ["C"]}

    def respond(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"key": k, "props": {"code": k}} for k in pages[params["after"]]]

    store, driver = _store(respond, batch_size=2)
    assert [n.ref.key for n in store.nodes(Label.PROJECT)] == ["A", "B", "C"]
    assert [c.params for c in driver.calls] == [
        {"after": "", "limit": 2},
        {"after": "B", "limit": 2},
    ]


def test_relationships_of_lists_outgoing_then_incoming_sorted() -> None:
    def respond(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"side": 1, "rel": _rel_map(RelType.CONTRACTS_TO, GC, SUB, "K2")},
            {"side": 0, "rel": _rel_map(RelType.LEGAL_REP_OF, SUB, BOSS)},
            {"side": 0, "rel": _rel_map(RelType.CONTRACTS_TO, SUB, BOSS, "K3")},
        ]

    store, driver = _store(respond)
    rels = store.relationships_of(SUB, None, "both")
    assert [(r.type, r.key) for r in rels] == [
        (RelType.CONTRACTS_TO, "K3"),
        (RelType.LEGAL_REP_OF, ""),
        (RelType.CONTRACTS_TO, "K2"),
    ]
    assert "key" not in rels[0].props
    assert driver.calls[0].params == {
        "key": SUB.key,
        "type": None,
        "outgoing": True,
        "incoming": True,
    }


def test_counts_cover_every_label_and_type_in_one_statement() -> None:
    def respond(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"name": n, "count": 0} for n in [*Label, *RelType]]

    store, driver = _store(respond)
    assert set(store.counts()) == {*(x.value for x in Label), *(x.value for x in RelType)}
    assert len(driver.calls) == 1
    assert driver.calls[0].text.count("UNION ALL") == len(Label) + len(RelType) - 1


def test_contracting_graph_of_unknown_project_is_not_found() -> None:
    store, _driver = _store()
    with pytest.raises(NotFound, match="P-404"):
        store.contracting_graph("P-404")


def test_contracting_graph_is_assembled_like_the_embedded_store() -> None:
    rels = [
        _rel_map(
            RelType.EMPLOYED_BY,
            W1,
            BOSS,
            "P-001",
            project="P-001",
            wages_due=1000,
            wages_paid=400,
            months_owed=2,
        ),
        _rel_map(RelType.CONTRACTS_TO, SUB, BOSS, "K3", project="P-001"),
        _rel_map(RelType.CONTRACTS_TO, GC, SUB, "K2", project="P-001"),
    ]
    nodes = [
        {"labels": [r.label.value], "props": {NODE_KEYS[r.label]: r.key}} for r in (SUB, GC, BOSS)
    ]

    def respond(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"project": {"code": "P-001", "name": "某小区二期"}, "rels": rels, "nodes": nodes}]

    store, driver = _store(respond)
    cg = store.contracting_graph("P-001")
    assert driver.calls[0].params == {"code": "P-001"}
    assert [r.key for r in cg.contracts] == ["K2", "K3"]
    assert list(cg.parties) == [GC, SUB, BOSS]
    (crew,) = cg.crews
    assert (crew.employer, crew.workers, crew.owed_total, crew.months_owed_max) == (BOSS, 1, 600, 2)


def test_case_context_is_assembled_like_the_embedded_store() -> None:
    case, project, area = NodeRef(Label.CASE, "C-1"), NodeRef(Label.PROJECT, "P-1"), "310115"
    record = {
        "id": "C-1",
        "case_props": {"id": "C-1", "status": "received"},
        "outgoing": [
            _rel_map(RelType.CONCERNS, case, project),
            _rel_map(RelType.AGAINST, case, SUB),
            _rel_map(RelType.OCCURRED_IN, case, NodeRef(Label.AREA, area)),
        ],
        "incoming": [_rel_map(RelType.CLAIMANT_IN, W1, case, amount_claimed=600)],
        "nodes": [
            {"labels": ["Project"], "props": {"code": "P-1", "area": "310104"}},
            {"labels": ["Enterprise"], "props": {"eid": SUB.key}},
        ],
        "officers": [
            {
                **_rel_map(RelType.LEGAL_REP_OF, BOSS, SUB),
                "owner": {"pid": BOSS.key, "name": "王某"},
            }
        ],
        "jobs": [
            _rel_map(RelType.EMPLOYED_BY, W1, GC, "P-0", project="P-0", months_owed=9),
            _rel_map(RelType.EMPLOYED_BY, W1, BOSS, "P-1", project="P-1", months_owed=2),
        ],
    }
    store, driver = _store(lambda text, params: [record] if params.get("ids") else [])
    ctx = store.case_context("C-1")
    assert driver.calls[0].params == {"ids": ["C-1"]}
    assert ctx.project is not None
    assert ctx.project.ref == project
    assert [r.ref for r in ctx.respondents] == [SUB]
    assert ctx.people[BOSS].get("name") == "王某"
    assert ctx.areas == (area, "310104")
    (crew,) = ctx.claim_crews
    assert (crew.employer, crew.workers, crew.owed_total, crew.months_owed_max) == (BOSS, 1, 600, 2)
    with pytest.raises(NotFound, match="C-404"):
        _store()[0].case_context("C-404")


def test_neighbourhood_walks_levels_with_a_cap_like_the_embedded_store() -> None:
    graph = {BOSS: [SUB, W1, NodeRef(Label.PERSON, "p-w2")], SUB: [BOSS, GC]}

    def respond(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        if "neighbours" in text:
            return [
                {
                    "id": i,
                    "neighbours": [
                        {"id": f"e:{n.key}", "labels": [n.label.value], "ref": _ends(n)[1]}
                        for n in graph.get(next(r for r in graph if f"e:{r.key}" == i), [])
                    ],
                }
                for i in params["ids"]
            ]
        if "elementId(n) AS id" in text:
            return [{"key": k, "id": f"e:{k}"} for k in params["keys"]]
        return [
            {
                "id": i,
                "labels": ["Person" if "p-" in i else "Enterprise"],
                "props": {"pid" if "p-" in i else "eid": i[2:]},
                "rels": [],
            }
            for i in params["ids"]
        ]

    store, driver = _store(respond)
    capped = store.neighbourhood(BOSS, depth=2, cap=2)
    assert [n.ref for n in capped.nodes] == [BOSS, SUB]
    assert capped.more == 3  # the two workers, then GC seen from SUB
    assert sum("neighbours" in t for t in driver.texts()) == 2


def test_shortest_path_bounds_the_pattern_and_passes_values_as_parameters() -> None:
    store, driver = _store(_existing(W1, GC))
    assert store.shortest_path(W1, GC, max_depth=4).nodes == ()
    sent = driver.calls[-1]
    assert "shortestPath((a)-[*..4]-(b))" in sent.text
    assert sent.params == {"a": f"e:{W1.key}", "b": f"e:{GC.key}", "max_depth": 4}
    with pytest.raises(NotFound, match="nobody"):
        store.shortest_path(W1, NodeRef(Label.PERSON, "nobody"), 4)


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (neo4j_errors.ServiceUnavailable("Unable to connect"), StoreError),
        (neo4j_errors.SessionExpired("gone"), StoreError),
        (neo4j_errors.TransientError(), StoreError),
        (neo4j_errors.AuthError(), StoreError),
        (neo4j_errors.ConstraintError(), Conflict),
    ],
)
def test_driver_errors_become_project_errors(error: Exception, expected: type[Exception]) -> None:
    store, driver = _store()
    driver.fail_with = error
    with pytest.raises(expected, match=r"Neo4j neo4j://db:7687 database 'zhiqian'") as caught:
        store.get_node(GC)
    assert caught.value.__cause__ is error


def test_messages_never_show_the_uri_password() -> None:
    assert (
        neo4j_backend._safe_uri("neo4j://neo4j:s3cret@db.example:7687") == "neo4j://db.example:7687"
    )


# ---------------------------------------------------------------- schema and test databases
def test_schema_has_one_idempotent_constraint_per_natural_key_first() -> None:
    store, driver = _store()
    sent = store.apply_schema()
    constraints = [s for s in sent if s.startswith("CREATE CONSTRAINT")]
    assert len(constraints) == len(NODE_KEYS)
    assert sent[: len(constraints)] == constraints
    for label, key in NODE_KEYS.items():
        assert any(f"FOR (n:{label.value}) REQUIRE n.{key} IS UNIQUE" in s for s in constraints)
    assert all("IF NOT EXISTS" in s for s in sent)
    assert any("FOR ()-[r:EMPLOYED_BY]-() ON (r.project)" in s for s in sent)
    assert driver.texts()[-1].startswith("CALL db.awaitIndexes")


def test_for_tests_refuses_a_database_that_is_not_a_test_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    driver = FakeDriver(lambda text, params: [{"markers": 0}])
    monkeypatch.setattr(neo4j_backend, "_driver", lambda *_args: driver)
    monkeypatch.delenv("ZHIQIAN_TEST_NEO4J_DATABASE", raising=False)
    with pytest.raises(StoreError, match="not a test database"):
        Neo4jStore.for_tests("neo4j://localhost:7687")
    assert not any("DETACH DELETE" in t for t in driver.texts())
    assert driver.closed


def test_for_tests_wipes_a_marked_database_and_applies_the_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    driver = FakeDriver(lambda text, params: [{"markers": 1}])
    monkeypatch.setattr(neo4j_backend, "_driver", lambda *_args: driver)
    Neo4jStore.for_tests("neo4j://localhost:7687")
    texts = driver.texts()
    assert texts[0] == statement("test_marker")
    assert texts[1] == statement("wipe_test_database")
    assert any(t.startswith("CREATE CONSTRAINT") for t in texts[2:])


def test_relationship_order_is_the_embedded_stores() -> None:
    from graph.store import memory

    rels = [
        RelRecord(RelType.CONTRACTS_TO, SUB, BOSS, "K3"),
        RelRecord(RelType.CONTRACTS_TO, GC, SUB, "K3"),
        RelRecord(RelType.CONTRACTS_TO, SUB, GC, "K1"),
        RelRecord(RelType.AGAINST, W1, GC),
    ]
    assert neo4j_backend._sorted(rels) == memory._sorted(rels)


def test_relationships_stream_from_a_read_session() -> None:
    def respond(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"rel": _rel_map(RelType.CLAIMANT_IN, W1, NodeRef(Label.CASE, "C-1"))}]

    store, driver = _store(respond)
    assert [r.src for r in store.relationships(RelType.CLAIMANT_IN)] == [W1]
    (call,) = driver.calls
    assert (call.via, call.routing, call.database) == ("session", "READ", "zhiqian")
    assert call.text == statement("relationships", **type_parts(RelType.CLAIMANT_IN))


def test_relationship_values_stream_plain_tuples_from_a_read_session() -> None:
    def respond(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        m = _rel_map(RelType.EMPLOYED_BY, W1, GC)
        return [
            {
                "src_labels": m["src_labels"],
                "src": m["src"],
                "dst_labels": m["dst_labels"],
                "dst": m["dst"],
                "key": "P-1",
                "values": ["P-1", None],
            }
        ]

    store, driver = _store(respond)
    rows = list(store.relationship_values(RelType.EMPLOYED_BY, ["project", "wages_due"]))
    assert rows == [(W1.label.value, W1.key, GC.label.value, GC.key, "P-1", ("P-1", None))]
    (call,) = driver.calls
    assert (call.via, call.routing) == ("session", "READ")
    assert call.params == {"names": ["project", "wages_due"]}
    assert call.text == statement("relationship_values", **type_parts(RelType.EMPLOYED_BY))


def test_cli_schema_apply_sends_every_schema_statement(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from api.cli.main import app
    from graph.store.neo4j_cypher import schema_statements

    driver = FakeDriver()
    monkeypatch.setattr(
        Neo4jStore, "from_settings", classmethod(lambda cls, s: cls(driver, "neo4j", 10))
    )
    result = CliRunner().invoke(app, ["schema", "apply", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["statements"] == schema_statements()
    assert driver.texts()[:-1] == schema_statements()
    assert driver.closed


def test_cli_reports_an_unreachable_server_as_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from api.cli.main import app

    driver = FakeDriver(fail_with=neo4j_errors.ServiceUnavailable("Couldn't connect"))
    monkeypatch.setattr(
        Neo4jStore, "from_settings", classmethod(lambda cls, s: cls(driver, "neo4j", 10, "x"))
    )
    result = CliRunner().invoke(app, ["schema", "apply"])
    assert result.exit_code == 1
    assert "ServiceUnavailable" in result.output
