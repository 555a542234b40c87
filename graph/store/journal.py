"""Durable storage of the embedded store: one SQLite database in WAL mode.

Every batch is one transaction, committed with ``synchronous=FULL`` before the call
returns, so an acknowledged write survives ``kill -9`` and power loss; a batch interrupted
mid-way leaves nothing behind. On start the whole graph is read back into networkx.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from graph.errors import StoreError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    label TEXT NOT NULL, key TEXT NOT NULL, props BLOB NOT NULL,
    PRIMARY KEY (label, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rels (
    type TEXT NOT NULL, src_label TEXT NOT NULL, src_key TEXT NOT NULL,
    dst_label TEXT NOT NULL, dst_key TEXT NOT NULL, key TEXT NOT NULL, props BLOB NOT NULL,
    PRIMARY KEY (type, src_label, src_key, dst_label, dst_key, key)) WITHOUT ROWID;
"""

NodeRow = tuple[str, str, dict[str, Any]]
RelRow = tuple[str, str, str, str, str, str, dict[str, Any]]


class Journal:
    """The SQLite file behind the embedded store."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the embedded store at {path.name}: {exc}") from exc

    def write(self, nodes: Iterable[NodeRow] = (), rels: Iterable[RelRow] = ()) -> None:
        """Write one batch atomically."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR REPLACE INTO nodes VALUES (?, ?, ?)",
                ((label, key, orjson.dumps(props)) for label, key, props in nodes),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO rels VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((*row[:6], orjson.dumps(row[6])) for row in rels),
            )
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._db.execute("ROLLBACK") if self._db.in_transaction else None
            raise StoreError(f"write to the embedded store failed: {exc}") from exc

    def delete_rels(self, rows: Iterable[tuple[str, str, str, str, str, str]]) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "DELETE FROM rels WHERE type=? AND src_label=? AND src_key=? AND dst_label=? "
                "AND dst_key=? AND key=?",
                rows,
            )
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._db.execute("ROLLBACK") if self._db.in_transaction else None
            raise StoreError(f"delete in the embedded store failed: {exc}") from exc

    def read_nodes(self) -> Iterator[NodeRow]:
        for label, key, props in self._db.execute("SELECT label, key, props FROM nodes"):
            yield label, key, orjson.loads(props)

    def read_rels(self) -> Iterator[RelRow]:
        for row in self._db.execute("SELECT * FROM rels"):
            yield (*row[:6], orjson.loads(row[6]))

    def close(self) -> None:
        self._db.close()
