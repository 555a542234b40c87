"""Plain-value paths of a load: quote-free CSV lines split without the csv module, batches
sent between processes with marshal, relationships written as plain rows. Each gives what
the general path gives."""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.enums import Label, RelType
from graph.store.memory import MemoryStore
from graph.store.records import NodeRef, RelRecord
from loaders import readers
from loaders.channel import Outbox, receive, send
from loaders.report import LoadReport
from tests.loaders.test_ingest import snapshot

_TEXT = st.text(st.sampled_from(["a", "中", ",", " ", "\t", "\r", "\n", "\u3000", "\x0b", "\x85"]))


@given(_TEXT)
def test_plain_lines_split_as_the_csv_module_reads_them(text: str) -> None:
    plain = list(readers._plain_rows(io.StringIO(text, newline="")))
    assert plain == list(readers._csv_rows(io.StringIO(text, newline="")))


def test_a_file_with_quotes_is_read_by_the_csv_module(tmp_path: Path) -> None:
    path = tmp_path / "rosters.csv"
    path.write_text('项目编号,姓名\nP-1,"张,三"\n\nP-2,李四\n', encoding="utf-8")
    table = readers.open_table(path)
    try:
        assert list(table.rows) == [(2, ["P-1", "张,三"]), (4, ["P-2", "李四"])]
    finally:
        table.close()


def test_a_plain_file_keeps_physical_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "rosters.csv"
    path.write_bytes("项目编号,姓名\r\nP-1,张三\r\n,\r\n\r\nP-2,李四".encode())
    table = readers.open_table(path)
    try:
        assert list(table.rows) == [(2, ["P-1", "张三"]), (5, ["P-2", "李四"])]
        assert table.total_rows == 3
    finally:
        table.close()


def test_messages_cross_the_pipe_unchanged() -> None:
    import multiprocessing

    receiver, sender = multiprocessing.Pipe(duplex=False)
    batch: tuple[Any, ...] = (
        "batch",
        2,
        [([("Person", {"pid": "p", "roles": ["foreman"]})], [], [], ["310115"])],
    )
    report = ("done", LoadReport(strict=False, written=True, files=()))
    failed = ("failed", ValueError("bad"))
    for message in (batch, report):
        send(sender, message)
        assert receive(receiver) == message
    send(sender, failed)
    kind, error = receive(receiver)
    assert kind == "failed"
    assert isinstance(error, ValueError)
    assert str(error) == "bad"


def test_the_outbox_sends_in_order_and_reports_a_broken_pipe() -> None:
    import multiprocessing

    receiver, sender = multiprocessing.Pipe(duplex=False)
    outbox = Outbox(sender)
    for n in range(100):
        outbox.send(("file", n))
    assert [receive(receiver) for _ in range(100)] == [("file", n) for n in range(100)]
    receiver.close()
    with pytest.raises(BrokenPipeError):  # noqa: PT012 - shows on a later send or at close
        for n in range(1000):
            outbox.send(("file", n))
        outbox.close()


def _as_records(store: MemoryStore, rel_type: RelType, rows: list[Any]) -> Any:
    """The same rows written as records (the general path)."""
    records = [
        RelRecord(rel_type, NodeRef(Label(sl), sk), NodeRef(Label(dl), dk), key, props)
        for sl, sk, dl, dk, key, props in rows
    ]
    return store.upsert_relationships(rel_type, records)


def test_relationship_rows_write_what_records_write(tmp_path: Path) -> None:
    first = [
        ("Person", "p1", "Project", "P-1", "", {"position": "木工"}),
        ("Person", "p2", "Project", "P-1", "", {}),
        ("Person", "nobody", "Project", "P-1", "", {}),
    ]
    again = [("Person", "p1", "Project", "P-1", "", {"left_on": "2024-05-01"})]
    graphs = []
    for plain in (True, False):
        store = MemoryStore(tmp_path / f"s{plain}")
        store.upsert_nodes(Label.PERSON, [{"pid": "p1"}, {"pid": "p2"}])
        store.upsert_nodes(Label.PROJECT, [{"code": "P-1", "name": "x"}])
        write = store.upsert_relationship_rows if plain else partial(_as_records, store)
        result = write(RelType.WORKS_ON, first)
        assert (result.written, result.skipped) == (2, 1)
        assert write(RelType.WORKS_ON, again).written == 1
        store.close()
        reopened = MemoryStore(tmp_path / f"s{plain}")
        graphs.append(snapshot(reopened))
        reopened.close()
    assert graphs[0] == graphs[1]
    works_on = graphs[0][RelType.WORKS_ON.value]
    p1 = (NodeRef(Label.PERSON, "p1"), NodeRef(Label.PROJECT, "P-1"), "")
    assert works_on[p1] == {"position": "木工", "left_on": "2024-05-01"}
