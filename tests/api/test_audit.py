"""The audit log: append-only, hash-chained, written on personal-data reads and on changes."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from api.audit import AuditLog, audit_db_path
from tests.api.conftest import World


def _log(tmp_path: Path) -> AuditLog:
    log = AuditLog(tmp_path / "audit.sqlite3")
    log.append("k-1", "case.read", "Case:C-1", {"people": 2}, "10.0.0.1")
    log.append("k-2", "case.create", "Case:C-2", {"claimants": 1}, "10.0.0.2")
    return log


def test_the_database_refuses_update_and_delete(tmp_path: Path) -> None:
    _log(tmp_path).close()
    db = sqlite3.connect(tmp_path / "audit.sqlite3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit SET principal = 'someone else'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit")


def test_a_row_is_durable_with_one_log_sync_not_a_rollback_journal(tmp_path: Path) -> None:
    """Write-ahead logging, fully synced: each audited answer costs one sync of the log."""
    log = _log(tmp_path)
    assert log._db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert log._db.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    log.close()
    db = sqlite3.connect(tmp_path / "audit.sqlite3")
    assert db.execute("SELECT count(*) FROM audit").fetchone() == (2,)


def test_concurrent_appends_all_land_on_one_unbroken_chain(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    seqs: list[int] = []

    def append_many(worker: int) -> None:
        for i in range(25):
            seqs.append(log.append(f"k-{worker}", "case.read", f"Case:C-{i}", {}, "x").seq)

    threads = [threading.Thread(target=append_many, args=(w,)) for w in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seqs) == list(range(1, 301))
    assert log.verify_chain() == (True, None, 300)


def test_rows_arriving_during_a_commit_share_the_next_one(tmp_path: Path) -> None:
    """Group commit: while one commit holds the database, later rows queue and are then
    committed together, in one transaction, each still returned with its own place."""
    log = AuditLog(tmp_path / "audit.sqlite3")
    commits: list[str] = []
    log._db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    rows: dict[int, int] = {}

    def append(i: int) -> None:
        rows[i] = log.append("k-1", "case.read", f"Case:C-{i}", {"n": i}, "x").seq

    with log._lock:  # the first committer blocks here with a batch of one
        first = threading.Thread(target=append, args=(0,))
        first.start()
        while not log._committing:
            time.sleep(0.001)
        later = [threading.Thread(target=append, args=(i,)) for i in range(1, 6)]
        for t in later:
            t.start()
        while len(log._queue) < 5:
            time.sleep(0.001)
    for t in [first, *later]:
        t.join()
    assert len(commits) == 2
    assert rows[0] == 1
    assert sorted(rows.values()) == [1, 2, 3, 4, 5, 6]
    assert log.verify_chain() == (True, None, 6)
    page, total = log.rows(limit=10)
    assert total == 6
    assert {r.detail["n"] for r in page} == set(range(6))


def test_a_failed_commit_fails_every_row_in_it_and_writes_none(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    log.append("k-1", "case.read", "Case:C-1", {}, "x")
    blocker = sqlite3.connect(tmp_path / "audit.sqlite3", timeout=0)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    log._db.execute("PRAGMA busy_timeout = 0")
    failures: list[BaseException] = []

    def append_failing(i: int) -> None:
        try:
            log.append("k-1", "case.read", f"Case:C-{i}", {}, "x")
        except sqlite3.OperationalError as exc:
            failures.append(exc)

    with log._lock:  # the rows queue up behind one commit, then fail together
        threads = [threading.Thread(target=append_failing, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        while len(log._queue) < 3:
            time.sleep(0.001)
    for t in threads:
        t.join(timeout=10)
        assert not t.is_alive()
    assert len(failures) == 4
    assert all("locked" in str(e) for e in failures)
    blocker.rollback()
    assert log.append("k-1", "case.read", "Case:C-3", {}, "x").seq == 2
    assert log.verify_chain() == (True, None, 2)


def test_tampering_around_the_triggers_breaks_the_chain(tmp_path: Path) -> None:
    log = _log(tmp_path)
    assert log.verify_chain() == (True, None, 2)
    db = sqlite3.connect(tmp_path / "audit.sqlite3")
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET client = '1.2.3.4' WHERE seq = 1")
    db.commit()
    assert log.verify_chain() == (False, 1, 2)


def test_personal_data_read_is_audited_with_who_what_where(world: World) -> None:
    world.client.get("/v1/cases/C-PD", headers=world.as_("pd_investigator"))
    rows, total = AuditLog(audit_db_path(world.settings.data_dir)).rows()
    assert total == 1
    row = rows[0]
    assert (row.action, row.resource, row.detail, row.client) == (
        "case.read", "Case:C-PD", {"people": 1}, "testclient")
    assert row.principal.startswith("k-")
    assert "张三" not in str(row.detail)


def test_reads_without_personal_data_are_not_audited(world: World) -> None:
    world.client.get("/v1/cases/C-PD", headers=world.as_("pd_analyst"))
    world.client.get("/v1/graph/projects/P-PD/chain", headers=world.as_("pd_investigator"))
    assert AuditLog(audit_db_path(world.settings.data_dir)).rows()[1] == 0


def test_changes_are_audited_and_readable_by_admin_only(world: World) -> None:
    moved = world.client.post("/v1/cases/C-PD/transitions", headers=world.as_("pd_investigator"),
                              json={"to": "verifying", "reason": "已联系投诉人"})
    assert moved.status_code == 200
    page = world.client.get("/v1/audit?action=case.transition", headers=world.as_("admin")).json()
    assert page["total"] == 1
    assert page["items"][0]["detail"] == {"from_state": "received", "to_state": "verifying"}
    assert world.client.get("/v1/audit", headers=world.as_("pd_investigator")).status_code == 403
    verify = world.client.get("/v1/audit/verify", headers=world.as_("admin")).json()
    assert verify == {"intact": True, "first_broken": None, "rows": 1}


def test_no_route_can_change_the_audit_log(world: World) -> None:
    for method in ("post", "put", "patch", "delete"):
        response = world.client.request(method, "/v1/audit", headers=world.as_("admin"))
        assert response.status_code == 405
