"""API keys and principals.

A key is ``zq_`` + 32 random bytes (URL-safe base64); it is shown once when created and only
its SHA-256 digest is kept, in ``<data_dir>/access.sqlite3`` (not in the graph). Keys are
high-entropy, so a plain digest is enough: there is nothing to brute-force.

A principal has an agency, a territorial scope (an area code of 2, 4, 6 or 9 digits) and
roles. Roles: ``admin`` (everything, and the audit log), ``investigator`` (reads personal
data, takes in and moves cases), ``analyst`` (reads, counts instead of personal data),
``external`` (another agency's system: read-only, counts instead of personal data).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from graph.errors import InvalidValue, NotFound
from graph.values import validate_area_code

KEY_PREFIX = "zq_"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS principals (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    agency TEXT NOT NULL,
    scope_area TEXT NOT NULL,
    roles TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
"""


class Role(StrEnum):
    ADMIN = "admin"
    INVESTIGATOR = "investigator"
    ANALYST = "analyst"
    EXTERNAL = "external"


ROLE_TITLES = {
    Role.ADMIN: "管理员",
    Role.INVESTIGATOR: "劳动保障监察员",
    Role.ANALYST: "分析人员",
    Role.EXTERNAL: "外部系统（只读）",
}
PERSONAL_DATA_ROLES = frozenset({Role.ADMIN, Role.INVESTIGATOR})
WRITE_ROLES = frozenset({Role.ADMIN, Role.INVESTIGATOR})


class Principal(BaseModel):
    """Who is calling: agency, territorial scope and roles."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(title="主体编号", examples=["k-3f9a1c2d"])
    name: str = Field(title="名称", examples=["浦东新区劳动保障监察大队"])
    agency: str = Field(title="所属部门", examples=["310115-LI"])
    scope_area: str = Field(title="管辖范围（区划代码）", examples=["310115"])
    roles: tuple[Role, ...] = Field(title="角色", examples=[["investigator"]])

    def has(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def sees_personal_data(self) -> bool:
        """Only investigators and admins get names, masked ids and masked phones."""
        return self.has(*PERSONAL_DATA_ROLES)

    @property
    def may_write(self) -> bool:
        return self.has(*WRITE_ROLES)

    @property
    def district(self) -> str | None:
        """The 6-digit district of the scope (None for a city- or province-wide scope)."""
        return self.scope_area[:6] if len(self.scope_area) >= 6 else None

    def covers(self, area: str | None) -> bool:
        """Whether an area code lies inside this principal's territorial scope."""
        return bool(area) and str(area).startswith(self.scope_area)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class KeyStore:
    """The principals and their key digests, in a SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._db.executescript(_SCHEMA)

    def create(
        self, name: str, agency: str, scope: str, roles: list[Role]
    ) -> tuple[Principal, str]:
        """Make a principal and its key; the clear key is returned once and never stored."""
        if not name.strip() or not agency.strip():
            raise InvalidValue("name/agency", f"{name!r}/{agency!r}", "must not be empty")
        if not roles:
            raise InvalidValue("roles", roles, "needs at least one role")
        principal = Principal(
            id="k-" + secrets.token_hex(4),
            name=name.strip(),
            agency=agency.strip(),
            scope_area=validate_area_code(scope, "scope"),
            roles=tuple(dict.fromkeys(Role(r) for r in roles)),
        )
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        row = (principal.id, principal.name, principal.agency, principal.scope_area,
               json.dumps([r.value for r in principal.roles]), hash_key(key), _now())
        with self._lock:
            self._db.execute("INSERT INTO principals VALUES (?, ?, ?, ?, ?, ?, ?, NULL)", row)
        return principal, key

    def authenticate(self, key: str) -> Principal | None:
        """The live principal holding this key, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, agency, scope_area, roles FROM principals"
                " WHERE key_hash = ? AND revoked_at IS NULL",
                (hash_key(key),),
            ).fetchone()
        return _principal(row) if row else None

    def list(self) -> list[tuple[Principal, str, str | None]]:
        """Every principal with its creation and revocation times (never a key)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, agency, scope_area, roles, created_at, revoked_at"
                " FROM principals ORDER BY created_at, id"
            ).fetchall()
        return [(_principal(r[:5]), r[5], r[6]) for r in rows]

    def revoke(self, principal_id: str) -> None:
        """Revoke a principal's key at once; unknown ids raise NotFound."""
        with self._lock:
            cur = self._db.execute(
                "UPDATE principals SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (_now(), principal_id),
            )
        if cur.rowcount == 0:
            raise NotFound("active key", principal_id)

    def close(self) -> None:
        self._db.close()


def _principal(row: tuple[str, ...]) -> Principal:
    roles = tuple(Role(r) for r in json.loads(row[4]))
    return Principal(id=row[0], name=row[1], agency=row[2], scope_area=row[3], roles=roles)


def access_db_path(data_dir: Path) -> Path:
    return data_dir / "access.sqlite3"
