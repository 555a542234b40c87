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


@dataclass(slots=True)
class _Pending:
    """One row waiting for the batch that commits it."""

    fields: tuple[str, str, str, str, str, str]
    """at, principal, action, resource, detail (JSON text), client"""
    detail: dict[str, Any]
    row: AuditRow | None = None
    error: BaseException | None = None
    done: bool = False


class AuditLog:
    """Append and read; nothing else.

    Appends commit in groups: a row is on disk before :meth:`append` returns, but rows that
    arrive while a commit is syncing wait together and are committed by the next one, in one
    transaction and one sync. Under load (or a slow disk) an audited answer waits for at most
    about two syncs instead of queueing behind one sync per earlier row."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        """Guards the connection."""
        self._queue_changed = threading.Condition()
        self._queue: list[_Pending] = []
        self._committing = False
        # Write-ahead logging with a full sync: a commit is on disk when it returns, at the
        # cost of one sync of the log (a rollback journal costs several syncs and file
        # creations per commit).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def append(self, principal: str, action: str, resource: str, detail: dict[str, Any],
               client: str) -> AuditRow:
        """Write one row chained to the last one; returns once it is committed."""
        at = datetime.now(UTC).isoformat(timespec="milliseconds")
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
        pending = _Pending((at, principal, action, resource, text, client), detail)
        with self._queue_changed:
            self._queue.append(pending)
            while not pending.done:
                if self._committing:
                    self._queue_changed.wait()
                    continue
                # no commit running: this thread commits everything queued, its own row too
                batch, self._queue, self._committing = self._queue, [], True
                self._queue_changed.release()
                try:
                    self._commit(batch)
                finally:
                    self._queue_changed.acquire()
                    self._committing = False
                    self._queue_changed.notify_all()
        if pending.error is not None:
            raise pending.error
        assert pending.row is not None
        return pending.row

    def _commit(self, batch: list[_Pending]) -> None:
        """Chain and insert the batch in one transaction; marks each row done (or failed)."""
        rows: list[AuditRow] = []
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                last = self._db.execute(
                    "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1"
                ).fetchone()
                prev = last[0] if last else GENESIS
                for item in batch:
                    digest = row_hash(prev, item.fields)
                    cur = self._db.execute(
                        "INSERT INTO audit (at, principal, action, resource, detail, client,"
                        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (*item.fields, prev, digest),
                    )
                    at, principal, action, resource, _, client = item.fields
                    rows.append(AuditRow(int(cur.lastrowid or 0), at, principal, action,
                                         resource, item.detail, client, prev, digest))
                    prev = digest
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                for item in batch:
                    item.error, item.done = exc, True
                return
        for item, row in zip(batch, rows, strict=True):
            item.row, item.done = row, True

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
