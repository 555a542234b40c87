"""kill -9 durability of the embedded store: every acknowledged write is back after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from graph.enums import Label, RelType
from graph.store.memory import MemoryStore
from graph.store.records import NodeRef, RelRecord

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from graph.enums import Label, RelType
    from graph.store.memory import MemoryStore
    from graph.store.records import NodeRef, RelRecord

    store = MemoryStore(Path(sys.argv[1]))
    store.upsert_nodes(Label.PROJECT, [{"code": "P", "name": "p", "area": "310115"}])
    batch = 0
    while True:
        rows = [{"pid": f"w{batch}-{i}", "name": "工人", "id_masked": "x"} for i in range(200)]
        store.upsert_nodes(Label.PERSON, rows)
        rels = [RelRecord(RelType.WORKS_ON, NodeRef(Label.PERSON, r["pid"]),
                          NodeRef(Label.PROJECT, "P"), "", {"batch": batch}) for r in rows]
        store.upsert_relationships(RelType.WORKS_ON, rels)
        print(batch, flush=True)
        batch += 1
    """
)


def test_acknowledged_writes_survive_kill_9(tmp_path: Path) -> None:
    data = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    acknowledged = -1
    deadline = time.monotonic() + 30
    while acknowledged < 25 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line:
            acknowledged = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert acknowledged >= 25

    store = MemoryStore(data)
    try:
        for batch in range(acknowledged + 1):
            rels = store.relationships_of(NodeRef(Label.PERSON, f"w{batch}-199"), RelType.WORKS_ON)
            assert [r.get("batch") for r in rels] == [batch]
        counts = store.counts()
        # a batch is all or nothing: nodes come in whole batches of 200
        assert counts["Person"] % 200 == 0
        assert counts["WORKS_ON"] >= (acknowledged + 1) * 200
        assert counts["WORKS_ON"] in (counts["Person"], counts["Person"] - 200)
    finally:
        store.close()


def test_restart_restores_the_same_graph(tmp_path: Path) -> None:
    from tests.store.test_conformance import build_small_chain

    first = MemoryStore(tmp_path / "s")
    build_small_chain(first)
    before = (first.counts(), first.contracting_graph("P-001"), first.case_context("C-001"))
    first.close()
    second = MemoryStore(tmp_path / "s")
    try:
        after = (second.counts(), second.contracting_graph("P-001"), second.case_context("C-001"))
        assert after == before
    finally:
        second.close()


def test_a_row_given_twice_in_one_call_survives_a_restart_whole(tmp_path: Path) -> None:
    """The journal keeps what the live graph holds: both rows' properties, merged."""
    from tests.store.test_conformance import GC, SUB, build_small_chain

    first = MemoryStore(tmp_path / "s")
    build_small_chain(first)
    first.upsert_relationships(
        RelType.CONTRACTS_TO,
        [
            RelRecord(RelType.CONTRACTS_TO, GC, SUB, "K7", {"project": "P-001", "kind": "x"}),
            RelRecord(RelType.CONTRACTS_TO, GC, SUB, "K7", {"price": 1000}),
        ],
    )
    first.upsert_nodes(Label.PROJECT, [{"code": "P-9", "name": "甲"}, {"code": "P-9", "area": "1"}])
    live = (first.relationships_of(GC, RelType.CONTRACTS_TO, "out"), first.get_node(
        NodeRef(Label.PROJECT, "P-9")))
    first.close()
    second = MemoryStore(tmp_path / "s")
    try:
        restored = (second.relationships_of(GC, RelType.CONTRACTS_TO, "out"), second.get_node(
            NodeRef(Label.PROJECT, "P-9")))
        assert restored == live
        [k7] = [r for r in restored[0] if r.key == "K7"]
        assert dict(k7.props) == {"project": "P-001", "kind": "x", "price": 1000}
    finally:
        second.close()
