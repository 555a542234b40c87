"""The audit log: append-only, hash-chained, written on personal-data reads and on changes."""

from __future__ import annotations

import sqlite3
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
