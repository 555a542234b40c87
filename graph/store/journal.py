"""Durable storage of the embedded store: an append-only log in one SQLite database (WAL mode).

Every batch is one transaction, committed with ``synchronous=FULL`` before the call returns,
so an acknowledged write survives ``kill -9`` and power loss, and a batch interrupted mid-way
leaves nothing behind. Rows are appended (no index to maintain, which keeps bulk loads fast);
each row holds the full merged properties, so replaying the log in order rebuilds the graph,
and a relationship row without properties is a deletion. When the log has grown to more than
twice the live graph, :meth:`Journal.compact` rewrites it with the live rows only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from graph.errors import StoreError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS node_log (label TEXT NOT NULL, key TEXT NOT NULL, props BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS rel_log (
    type TEXT NOT NULL, src_label TEXT NOT NULL, src_key TEXT NOT NULL,
    dst_label TEXT NOT NULL, dst_key TEXT NOT NULL, key TEXT NOT NULL, props BLOB);
"""

_PAGE_SIZE = 65_536
NodeRow = tuple[str, str, dict[str, Any]]
RelRow = tuple[str, str, str, str, str, str, dict[str, Any]]
RelId = tuple[str, str, str, str, str, str]


class Journal:
    """The SQLite file behind the embedded store."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            # large pages: fewer B-tree pages and WAL frames per appended row (a new file
            # only; an existing one keeps the page size it was made with)
            self._db.execute(f"PRAGMA page_size={_PAGE_SIZE}")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the embedded store at {path.name}: {exc}") from exc

    def write(self, nodes: Iterable[NodeRow] = (), rels: Iterable[RelRow] = ()) -> None:
        """Append one batch atomically."""
        self._transaction(*_inserts(nodes, rels))

    def delete_rels(self, rows: Iterable[RelId]) -> None:
        """Append deletions (rows without properties)."""
        self._transaction(("INSERT INTO rel_log VALUES (?, ?, ?, ?, ?, ?, NULL)", rows))

    def _transaction(self, *statements: tuple[str, Iterable[Any]]) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            for sql, rows in statements:
                self._db.executemany(sql, rows)
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StoreError(f"write to the embedded store failed: {exc}") from exc

    def read_nodes(self) -> Iterator[NodeRow]:
        """Node rows in the order written (a later row supersedes an earlier one)."""
        loads = orjson.loads
        for label, key, props in self._db.execute("SELECT * FROM node_log ORDER BY rowid"):
            yield label, key, loads(props)

    def read_rels(self) -> Iterator[tuple[str, str, str, str, str, str, dict[str, Any] | None]]:
        """Relationship rows in the order written; ``None`` properties mean deleted."""
        loads = orjson.loads
        for row in self._db.execute("SELECT * FROM rel_log ORDER BY rowid"):
            yield (*row[:6], loads(row[6]) if row[6] is not None else None)

    def log_size(self) -> int:
        nodes = self._db.execute("SELECT max(rowid) FROM node_log").fetchone()[0] or 0
        rels = self._db.execute("SELECT max(rowid) FROM rel_log").fetchone()[0] or 0
        return int(nodes) + int(rels)

    def compact(self, nodes: Iterable[NodeRow], rels: Iterable[RelRow]) -> None:
        """Replace the log by the live rows, in one transaction."""
        self._transaction(
            ("DELETE FROM node_log", [()]), ("DELETE FROM rel_log", [()]), *_inserts(nodes, rels)
        )
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self._db.close()


def _inserts(nodes: Iterable[NodeRow], rels: Iterable[RelRow]) -> list[tuple[str, Iterable[Any]]]:
    dumps = orjson.dumps
    return [
        ("INSERT INTO node_log VALUES (?, ?, ?)", ((n[0], n[1], dumps(n[2])) for n in nodes)),
        (
            "INSERT INTO rel_log VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((*row[:6], dumps(row[6])) for row in rels),
        ),
    ]
