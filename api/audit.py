"""The audit log: who read personal data or changed anything, when, what and from where.

An append-only SQLite table in ``<data_dir>/audit.sqlite3``. Triggers make the database itself
refuse UPDATE and DELETE, and every row carries the SHA-256 of the previous row's hash and its
own content, so an edit made outside the API (bypassing the triggers) breaks the chain and
:meth:`AuditLog.verify_chain` says where. The API offers no way to change it.

``detail`` carries counts and keys, never clear personal data.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    principal TEXT NOT NULL,
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    detail TEXT NOT NULL,
    client TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""
_COLUMNS = "seq, at, principal, action, resource, detail, client, prev_hash, hash"


@dataclass(frozen=True, slots=True)
class AuditRow:
    seq: int
    at: str
    principal: str
    action: str
    resource: str
    detail: dict[str, Any]
    client: str
    prev_hash: str
    hash: str


def row_hash(prev_hash: str, fields: tuple[str, ...]) -> str:
    """The chained digest of one row: previous hash, then at, principal, action, resource,
    detail (JSON text) and client."""
    payload = json.dumps([prev_hash, *fields], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


class AuditLog:
    """Append and read; nothing else."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._db.executescript(_SCHEMA)

    def append(self, principal: str, action: str, resource: str, detail: dict[str, Any],
               client: str) -> AuditRow:
        """Write one row chained to the last one (atomically, under a write lock)."""
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                last = self._db.execute(
                    "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1"
                ).fetchone()
                prev = last[0] if last else GENESIS
                digest = row_hash(prev, (at, principal, action, resource, text, client))
                cur = self._db.execute(
                    "INSERT INTO audit (at, principal, action, resource, detail, client,"
                    " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (at, principal, action, resource, text, client, prev, digest),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        seq = int(cur.lastrowid or 0)
        return AuditRow(seq, at, principal, action, resource, detail, client, prev, digest)

    def rows(self, offset: int = 0, limit: int = 50, principal: str | None = None,
             action: str | None = None) -> tuple[list[AuditRow], int]:
        """A page of rows, newest first, with the total that match."""
        where, params = _filters(principal, action)
        with self._lock:
            total = self._db.execute(f"SELECT count(*) FROM audit{where}", params).fetchone()[0]
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM audit{where} ORDER BY seq DESC LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        return [_row(r) for r in rows], int(total)

    def verify_chain(self) -> tuple[bool, int | None, int]:
        """(intact, first broken seq or None, rows checked)."""
        with self._lock:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY seq").fetchall()
        prev = GENESIS
        for r in rows:
            expected = row_hash(prev, tuple(r[1:7]))
            if r[7] != prev or r[8] != expected:
                return False, int(r[0]), len(rows)
            prev = r[8]
        return True, None, len(rows)

    def close(self) -> None:
        self._db.close()


def _filters(principal: str | None, action: str | None) -> tuple[str, tuple[str, ...]]:
    clauses, params = [], []
    if principal:
        clauses.append("principal = ?")
        params.append(principal)
    if action:
        clauses.append("action = ?")
        params.append(action)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def _row(r: tuple[Any, ...]) -> AuditRow:
    return AuditRow(int(r[0]), r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8])


def audit_db_path(data_dir: Path) -> Path:
    return data_dir / "audit.sqlite3"
